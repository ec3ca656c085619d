import { describe, expect, it } from 'vitest';
import { SimulationError, type AnyRecord, type ResourceKind, type Simulation } from '../../src/index.js';
import { ScenarioRun } from '../../src/scenario/runner.js';
import { SCENARIOS } from '../../scenarios/index.js';
import type { EntryOf } from '../../src/sim/world.js';
import { advanceUntil, availableBackup, newSimulation, runningServer, statusOf, verdictOnACopy } from './support.js';
import { workload } from './scripts.js';

const KINDS: readonly ResourceKind[] = ['server', 'disk', 'vault', 'policy', 'backup', 'image', 'site', 'vm', 'localCopy'];

function live(sim: Simulation): AnyRecord[] {
  return KINDS.flatMap((k) => sim.list(k) as AnyRecord[]);
}

/** Worlds to probe: the end of a few library scenarios, and a busy random one. */
function worlds(): [string, Simulation][] {
  const ids = ['seed-003-backup-vs-image', 'c3-deleted-resources-keep-their-backups', 'c7-three-uses-of-a-backup', 'c9-export-rules', 'i6-one-image-many-servers', 'p5-latest-backup-protected-while-next-runs'];
  const out: [string, Simulation][] = ids.map((id) => {
    const run = new ScenarioRun(SCENARIOS.find((s) => s.id === id)!);
    expect(run.runToEnd().ok).toBe(true);
    return [id, run.simulation];
  });
  const sim = newSimulation({ seed: 5 });
  for (const step of workload(5, 25)) step(sim);
  out.push(['workload 5', sim]);
  out.push(['on premises (C10)', onPremises()]);
  return out;
}

/**
 * C10: a site with eBackup and one without, VMs (one on an unsupported vSphere), a hybrid vault
 * with a synchronised VMware backup, copies uploaded, stored and being made, an expired one, and a
 * second hybrid vault whose sync is running.
 */
function onPremises(): Simulation {
  const sim = newSimulation({ seed: 9, profile: { localBackupBaseMs: 60_000, uploadBaseMs: 60_000, syncBaseMs: 60_000 } });
  const site = sim.createSite({ name: 'dc1', ebackup: true });
  sim.createSite({ name: 'dc2' });
  const erp = sim.createVm(site.id, { name: 'erp01', os: 'linux', disksGB: [40, 100] });
  const web = sim.createVm(site.id, { name: 'web01', os: 'windows', disksGB: [60] });
  sim.createVm(site.id, { name: 'old', os: 'linux', disksGB: [20], vsphereVersion: '5.5' });
  const hv1 = sim.createVault({ name: 'hv1', kind: 'vmware' });
  const hv2 = sim.createVault({ name: 'hv2', kind: 'vmware', capacityGB: 100 });
  sim.addVaultResources(hv1.id, [erp.id]);
  sim.addVaultResources(hv2.id, [web.id]);
  const first = sim.backupVmOnPrem(erp.id);
  const other = sim.backupVmOnPrem(web.id);
  advanceUntil(sim, () => statusOf(sim, first.id) === 'uploaded' && statusOf(sim, other.id) === 'uploaded');
  const task = sim.syncBackups(hv1.id, { copyIds: [first.id] });
  advanceUntil(sim, () => statusOf(sim, task.id) === 'success');
  const second = sim.backupVmOnPrem(erp.id);
  advanceUntil(sim, () => statusOf(sim, second.id) === 'stored');
  sim.expireLocalCopy(first.id);
  sim.backupVmOnPrem(erp.id);
  sim.syncVault(hv2.id);
  runningServer(sim, { name: 'target', dataDisksGB: [100] });
  return sim;
}

/** Every verb that can be previewed, tried on `r` with arguments of the right shape (whatever r's kind). */
function probesOf(sim: Simulation, r: AnyRecord): [string, unknown[]][] {
  const server = sim.list('server')[0]?.id ?? 'ecs-none';
  const vault = sim.list('vault')[0]?.id ?? 'vault-none';
  const policy = sim.list('policy')[0]?.id ?? 'pol-none';
  const hybrid = sim.list('vault').find((v) => v.resourceKind === 'vmware')?.id ?? 'vault-none';
  const copies = sim.list('localCopy').map((c) => c.id);
  return [
    ['backupServer', [r.id, { name: 'b' }]], ['backupDisk', [r.id]], ['stopServer', [r.id]], ['startServer', [r.id]],
    ['deleteServer', [r.id]], ['deleteDisk', [r.id]], ['detachDisk', [r.id]], ['attachDisk', [r.id, server]],
    ['createImageFromServer', [r.id, { name: 'i', kind: 'full-ecs' }]], ['createImageFromServer', [r.id, { name: 'i', kind: 'system-disk' }]],
    ['createImageFromDisk', [r.id, { name: 'i' }]], ['createImageFromBackup', [r.id, { name: 'i' }]],
    ['restoreBackup', [r.id]], ['restoreBackup', [r.id, { targetId: server }]], ['createDiskFromBackup', [r.id, { name: 'd' }]], ['deleteBackup', [r.id]],
    ['provisionServers', [r.id, { count: 2 }]], ['createDiskFromImage', [r.id, { name: 'd' }]], ['exportImage', [r.id]],
    ['deleteImage', [r.id]], ['deleteImage', [r.id, { deleteBackup: true }]],
    ['dissociatePolicy', [r.id]], ['deleteVault', [r.id]], ['updatePolicy', [r.id, { enabled: false, maxBackups: 4 }]],
    ['applyPolicy', [policy, r.id]], ['addVaultResources', [vault, [r.id]]], ['removeVaultResources', [vault, [r.id]]],
    ['createVault', [{ name: 'v', kind: r.kind === 'disk' ? 'disk' : r.kind === 'vm' ? 'vmware' : 'server', resourceIds: [r.id] }]],
    // C10, in a world that has anything on premises (each probe restores a copy of the world: not everywhere).
    ...(copies.length === 0 ? [] : c10Probes(r, server, vault, hybrid, copies)),
  ];
}

function c10Probes(r: AnyRecord, server: string, vault: string, hybrid: string, copies: string[]): [string, unknown[]][] {
  return [
    ['installEbackup', [r.id]], ['createVm', [r.id, { name: 'vm', os: 'linux', disksGB: [40] }]], ['deleteVm', [r.id]],
    ['backupVmOnPrem', [r.id]], ['expireLocalCopy', [r.id]], ['syncBackups', [vault, { copyIds: [r.id] }]], ['syncBackups', [r.id, { copyIds: copies }]],
    ['syncVault', [r.id]], ['shareBackup', [r.id, { projectIds: ['p2'] }]], ['exportBackup', [r.id]],
    ['addVaultResources', [hybrid, [r.id]]],
  ];
}

const WITHOUT_A_RESOURCE: [string, unknown[]][] = [
  ['createServer', [{ name: 's', os: 'linux', systemDiskGB: 20 }]], ['createDisk', [{ name: 'd', sizeGB: 10 }]],
  ['createPolicy', [{ name: 'p', pattern: ['FREQ=DAILY;BYHOUR=1;BYMINUTE=0'] }]], ['importImage', [{ name: 'i', kind: 'data-disk', sizeGB: 10 }]],
  ['createServer', [{ name: 's', os: 'beos', systemDiskGB: 20 }]],
  ['createSite', [{ name: 'dc9', ebackup: true }]], ['createSite', [{ name: '' }]], ['createVault', [{ name: 'hv', kind: 'vmware' }]],
];

describe('dry runs (Simulation.preview, World.dryRun)', () => {
  /** Previews every probe of `sim` and compares it with running it for real on a copy. */
  function compareEveryProbe(name: string, sim: Simulation): { allowed: number; refused: number } {
    let allowed = 0;
    let refused = 0;
    const saved = sim.save({ journal: false });
    const probes = [...live(sim).flatMap((r) => probesOf(sim, r)), ...WITHOUT_A_RESOURCE];
    for (const [verb, args] of probes) {
      const verdict = sim.preview(verb, args);
      expect(verdict, `${name}: ${verb}(${JSON.stringify(args)})`).toEqual(verdictOnACopy(saved, verb, args));
      if (verdict.allowed) allowed++;
      else refused++;
    }
    return { allowed, refused };
  }

  // Each probe restores a whole copy of its world: minutes of work on a loaded machine, not a timed assertion.
  it('give the verdict of running the command for real on a copy, for every verb and every resource', () => {
    let allowed = 0;
    let refused = 0;
    for (const [name, sim] of worlds().filter(([n]) => n !== 'on premises (C10)')) {
      const n = compareEveryProbe(name, sim);
      allowed += n.allowed;
      refused += n.refused;
    }
    expect(allowed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
  }, 120_000);

  it('give the same verdicts on premises (C10): eBackup, local copies, hybrid vaults, syncs, VMware backups', () => {
    const { allowed, refused } = compareEveryProbe('on premises (C10)', onPremises());
    expect(allowed).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(100);
  }, 120_000);

  it('change nothing: the save (with its journal) is the same after probing every action of every resource', () => {
    for (const [name, sim] of worlds()) {
      const before = sim.save();
      const seq = sim.world.journal.seq;
      const records = sim.journal().length;
      const tombstones = sim.world.tombstones.size;
      for (const r of KINDS.flatMap((k) => sim.list(k, { includeDeleted: true }) as AnyRecord[])) {
        for (const [verb, args] of probesOf(sim, r)) sim.preview(verb, args);
      }
      for (const [verb, args] of WITHOUT_A_RESOURCE) sim.preview(verb, args);
      expect(sim.world.tombstones.size, name).toBe(tombstones);
      expect(sim.world.journal.seq, name).toBe(seq);
      expect(sim.journal().length, name).toBe(records);
      expect(sim.save(), name).toEqual(before);
      expect(sim.world.isDry).toBe(false);
    }
  });

  it('stop at every entry point that changes the world, before it changes anything', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    const w = sim.world;
    const entry = w.entries.get(server.id) as EntryOf['server'];
    const backupEntry = w.entries.get(backup.id) as EntryOf['backup'];
    sim.failNext('restore');
    const before = sim.save();
    // Each change, and the guard it must hit first (`World.changing`, which the clock, journal and
    // id generator call too).
    const changes: [string, () => unknown][] = [
      ['send', () => w.send(entry, { type: 'STOP' })],
      ['spawn', () => w.spawn('disk', 'evs-000000000001', { id: 'evs-000000000001', name: 'x', createdAt: 0, sizeGB: 1, az: 'eu-de-01', role: 'data', serverId: null, sourceBackupId: null, sourceImageId: null, timing: { createMs: 1, deleteMs: 1 } })],
      ['newId', () => w.newId('bk')],
      ['ids.next', () => w.ids.next('bk', () => false)],
      ['ids.seed', () => { w.ids.seed = 7; }],
      ['note', () => w.note({ resourceId: null, note: 'retention', message: 'x' })],
      ['takeFailure', () => w.takeFailure('restore')],
      ['takeFailure', () => w.takeFailure('image')], // none pending: still the point of no return
      ['retire', () => w.retire(backupEntry)],
      ['sendRegion', () => w.sendRegion({ type: 'RESERVE_IMAGE' })],
      ['journal.append', () => w.journal.append({ type: 'note', resourceId: null, note: 'retention', message: 'x' })],
      ['journal.end', () => w.journal.end({ type: 'note', resourceId: null, note: 'retention', message: 'x' })],
      ['journal.abort', () => w.journal.abort(null)],
      ['journal.restore', () => w.journal.restore(0, [])],
      ['clock.schedule', () => w.clock.schedule(server.id, () => {}, 10)],
      ['clock.cancel', () => w.clock.cancel(0)],
      ['clock.advanceTo', () => w.clock.advanceTo(w.now() + 1000)],
      ['clock.nextSeq', () => { w.clock.nextSeq = 0; }],
      ['clock.withSeq', () => w.clock.withSeq(0, () => {})],
    ];
    const guards: string[] = [];
    const changing = w.changing.bind(w);
    w.changing = (what: string) => {
      guards.push(what);
      changing(what);
    };
    for (const [what, change] of changes) {
      guards.length = 0;
      expect(w.dryRun(change), what).toEqual({ allowed: true });
      expect(guards[0], what).toBe(what);
      expect(w.isDry).toBe(false);
      expect(sim.save(), what).toEqual(before);
    }
  });

  it('leave dry mode when the command throws something else, and a real command then runs and is journaled', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const seq = sim.journal().at(-1)!.seq;
    expect(() => sim.world.dryRun(() => { throw new TypeError('boom'); })).toThrow(TypeError);
    expect(sim.world.isDry).toBe(false);
    // A Simulation verb inside a dry run would journal: that is an error, not a verdict.
    expect(() => sim.world.dryRun(() => sim.backupServer(server.id))).toThrow(/journaled Simulation verb/);
    expect(sim.world.isDry).toBe(false);
    expect(sim.journal().at(-1)!.seq).toBe(seq);
    const backup = sim.backupServer(server.id);
    expect(statusOf(sim, backup.id)).toBe('protecting');
    expect(sim.journal().filter((r) => r.seq > seq)[0]).toMatchObject({ type: 'command', verb: 'backupServer', resourceId: server.id });
    expect(sim.preview('backupServer', [server.id])).toMatchObject({ allowed: false, refusal: { code: 'BackupService.6125' } });
  });

  it('may nest: an inner dry run leaves the outer one dry', () => {
    const sim = newSimulation();
    const w = sim.world;
    let dryAfterInner: boolean | null = null;
    expect(w.dryRun(() => {
      w.dryRun(() => w.newId('bk'));
      dryAfterInner = w.isDry;
      w.newId('bk');
    })).toEqual({ allowed: true });
    expect(dryAfterInner).toBe(true);
    expect(w.isDry).toBe(false);
  });

  it('refuse to preview advance and failNext, which check nothing worth previewing', () => {
    const sim = newSimulation();
    expect(() => sim.preview('advance', ['1m'])).toThrow(/cannot be previewed/);
    expect(() => sim.preview('failNext', ['backup'])).toThrow(/cannot be previewed/);
    expect(() => sim.preview('constructor', [])).toThrow(/cannot be previewed/);
  });

  it('answer Sim.NotFound for an expired tombstone, as a real command does, without pruning it', () => {
    const sim = newSimulation({ tombstoneTtl: '1m' });
    const server = runningServer(sim);
    sim.deleteServer(server.id);
    advanceUntil(sim, () => !sim.world.entries.has(server.id));
    expect(sim.preview('deleteServer', [server.id])).toMatchObject({ allowed: false, refusal: { code: 'Sim.AlreadyDeleted' } });
    sim.advance('2m');
    expect(sim.world.tombstones.has(server.id)).toBe(true); // expired, not pruned yet
    const verdict = sim.preview('deleteServer', [server.id]);
    expect(verdict).toMatchObject({ allowed: false, refusal: { code: 'Sim.NotFound' } });
    expect(sim.world.tombstones.has(server.id)).toBe(true); // a dry run does not prune
    let real: SimulationError | null = null;
    try {
      sim.deleteServer(server.id);
    } catch (error) {
      real = error as SimulationError;
    }
    expect(verdict).toEqual({ allowed: false, refusal: { code: real!.code, message: real!.message, details: real!.details } });
    expect(sim.world.tombstones.has(server.id)).toBe(false);
  });

  it('allow deleting an empty default vault without forgetting that it is the default', () => {
    // deleteVault's first change for a vault with no resources, backups or policy is its
    // retirement; it used to forget the default vault first, which a dry run would not stop.
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    const vaultId = backup.vaultId;
    sim.deleteBackup(backup.id);
    sim.deleteServer(server.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'deleted' && statusOf(sim, server.id) === 'DELETED');
    expect(sim.get(vaultId)).toMatchObject({ resourceIds: [] });
    expect(sim.world.defaultVaults.server).toBe(vaultId);
    const before = sim.save();
    expect(sim.preview('deleteVault', [vaultId])).toEqual({ allowed: true });
    expect(sim.save()).toEqual(before);
    sim.deleteVault(vaultId);
    expect(sim.world.defaultVaults.server).toBeUndefined();
    expect(statusOf(sim, vaultId)).toBe('deleted');
  });

  it('make a new default vault after the old one is deleted, as before', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    sim.deleteVault(backup.vaultId);
    const next = sim.backupServer(server.id);
    expect(next.vaultId).not.toBe(backup.vaultId);
    expect(sim.get(next.vaultId)).toMatchObject({ name: 'default-server-vault' });
  });
});
