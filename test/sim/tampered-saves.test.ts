import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulation, restoreSimulation, SimulationError, type SavedSimulation, type Simulation } from '../../src/index.js';
import { advanceUntil, onPremWorld, statusOf, uploadedCopy } from './support.js';

/** A busy world: servers, backups Creating and Available, an image, a policy, pending timers. */
function busySave(): SavedSimulation {
  const sim = createSimulation({ seed: 5 });
  const web = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40, dataDisksGB: [100] });
  const db = sim.createServer({ name: 'db', os: 'linux', systemDiskGB: 20 });
  advanceUntil(sim, () => statusOf(sim, web.id) === 'ACTIVE' && statusOf(sim, db.id) === 'ACTIVE');
  const done = sim.backupServer(web.id);
  advanceUntil(sim, () => statusOf(sim, done.id) === 'available');
  sim.createImageFromBackup(done.id, { name: 'web-image' });
  const disk = sim.createDisk({ name: 'logs', sizeGB: 10 });
  advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
  const vault = sim.createVault({ name: 'disks', kind: 'disk', resourceIds: [disk.id] });
  const policy = sim.createPolicy({ name: 'nightly', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 3 });
  sim.applyPolicy(policy.id, vault.id);
  sim.backupServer(db.id); // Creating, its snapshot phase pending
  sim.createImageFromServer(web.id, { name: 'whole', kind: 'full-ecs' }); // waits for a new backup's mark
  const saved = sim.save();
  saved.journal.records = saved.journal.records.slice(-4);
  return saved;
}

type Path = (string | number)[];

/** Every path in `value` below the root (journal records included: there are only a few). */
function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) {
    const p = [...at, Array.isArray(value) ? Number(k) : k];
    out.push(p);
    paths(v, p, out);
  }
  return out;
}

function nested(levels: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

const MUTATIONS: [name: string, apply: (parent: Record<string | number, unknown>, key: string | number) => void][] = [
  ['null', (o, k) => (o[k] = null)],
  ['a string', (o, k) => (o[k] = 'x')],
  ['a number', (o, k) => (o[k] = 7)],
  ['an object', (o, k) => (o[k] = {})],
  ['removed', (o, k) => (Array.isArray(o) ? o.splice(Number(k), 1) : delete o[k])],
  ['huge', (o, k) => (o[k] = 1e300)],
  ['negative', (o, k) => (o[k] = -1)],
  ['an unknown id', (o, k) => (o[k] = 'bk-000000000000')],
  ['a __proto__ key', (o, k) => (o[k] = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'))],
  ['10,000 arrays deep', (o, k) => (o[k] = nested(10_000))],
];

function tampered(saved: SavedSimulation, path: Path, apply: (typeof MUTATIONS)[number][1]): unknown {
  const copy = structuredClone(saved) as unknown as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  apply(parent, path.at(-1)!);
  return copy;
}

/** Every verb on every resource it could apply to; a refusal is fine, any other error is not. */
function exercise(sim: Simulation): void {
  const ids = (kind: Parameters<Simulation['list']>[0]) => sim.list(kind).map((r) => r.id);
  const attempt = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
    }
  };
  sim.advance('30d');
  sim.save();
  for (const id of ids('server')) {
    for (const run of [
      () => sim.stopServer(id), () => sim.startServer(id), () => sim.backupServer(id),
      () => sim.createImageFromServer(id, { name: 'i', kind: 'system-disk' }), () => sim.createImageFromServer(id, { name: 'j', kind: 'full-ecs' }),
    ]) attempt(run);
  }
  for (const id of ids('disk')) {
    for (const run of [() => sim.backupDisk(id), () => sim.createImageFromDisk(id, { name: 'd' }), () => sim.detachDisk(id), () => sim.attachDisk(id, ids('server')[0] ?? 'ecs-000000000000')]) attempt(run);
  }
  for (const id of ids('backup')) {
    for (const run of [() => sim.restoreBackup(id), () => sim.createDiskFromBackup(id, { name: 'r' }), () => sim.createImageFromBackup(id, { name: 'b' })]) attempt(run);
  }
  for (const id of ids('image')) {
    for (const run of [() => sim.provisionServers(id, { count: 2 }), () => sim.createDiskFromImage(id, { name: 'c' }), () => sim.exportImage(id)]) attempt(run);
  }
  for (const id of ids('policy')) {
    for (const run of [() => sim.updatePolicy(id, { enabled: false }), () => sim.updatePolicy(id, { enabled: true, maxBackups: 1 })]) attempt(run);
  }
  for (const id of ids('vault')) {
    for (const run of [() => sim.dissociatePolicy(id), () => sim.applyPolicy(ids('policy')[0] ?? 'pol-000000000000', id), () => sim.addVaultResources(id, ids('disk').slice(0, 1))]) attempt(run);
  }
  attempt(() => sim.importImage({ name: 'imp', kind: 'system-disk', sizeGB: 10 }));
  attempt(() => sim.createVault({ name: 'v', kind: 'server', resourceIds: ids('server').slice(0, 1) }));
  sim.advance('1d');
  for (const id of ids('image')) attempt(() => sim.deleteImage(id, { deleteBackup: true }));
  for (const id of ids('backup')) attempt(() => sim.deleteBackup(id));
  for (const id of ids('server')) attempt(() => sim.deleteServer(id));
  for (const id of ids('vault')) attempt(() => sim.deleteVault(id));
  sim.advance('2d');
  for (const kind of ['server', 'disk', 'vault', 'policy', 'backup', 'image'] as const) for (const r of sim.list(kind, { includeDeleted: true })) sim.get(r.id);
  JSON.stringify(sim.save());
  if (sim.nextTimer() !== null) new Date(sim.nextTimer()!).toISOString();
}

describe('tampered saves', () => {
  const escaped: unknown[] = [];
  const listen = (error: unknown) => escaped.push(error);
  beforeAll(() => {
    process.on('uncaughtException', listen);
    process.on('unhandledRejection', listen);
  });
  afterAll(() => {
    process.off('uncaughtException', listen);
    process.off('unhandledRejection', listen);
  });

  const saved = busySave();

  it('restores the untampered save, which then survives every verb', () => {
    exercise(restoreSimulation(structuredClone(saved)));
  });

  it('refuses a Creating backup without its pending timer (timers: [])', () => {
    const error = (() => {
      try {
        restoreSimulation({ ...structuredClone(saved), timers: [] });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as SimulationError).code).toBe('Sim.InvalidSave');
    expect((error as SimulationError).message).toMatch(/timers lack the timer xstate\.after\.\w+\.\S+ that \w+ \S+ has pending/);
  });

  it('refuses each tampered save with Sim.InvalidSave naming the path, or restores one that survives 30 days and every verb', async () => {
    const all = paths(saved);
    let refused = 0;
    let accepted = 0;
    const exercised = new Set<string>();
    for (const path of all) {
      for (const [mutation, apply] of MUTATIONS) {
        const bad = tampered(saved, path, apply);
        const label = `${path.join('.')} ${mutation}`;
        let sim: Simulation;
        try {
          sim = restoreSimulation(bad as SavedSimulation);
        } catch (error) {
          if (!(error instanceof SimulationError)) throw new Error(`${label}: ${String(error)}`, { cause: error });
          expect(error.code, label).toBe('Sim.InvalidSave');
          const where = error.details.path as string;
          expect(typeof where, label).toBe('string');
          expect(error.message, label).toContain(where);
          refused++;
          continue;
        }
        accepted++;
        try {
          // 30 days and every verb once per field of a kind and mutation; the same field of another
          // resource of that kind, or of a journal record (never read back), is saved again.
          const signature = `${path[0] === 'resources' ? saved.resources[path[1] as number]!.kind : path[0]}.${path.slice(2).join('.')} ${mutation}`;
          if (path[0] === 'journal' || exercised.has(signature)) JSON.stringify(sim.save());
          else {
            exercised.add(signature);
            exercise(sim);
          }
        } catch (error) {
          throw new Error(`${label} was accepted, then: ${String(error)}`, { cause: error });
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(escaped).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(refused).toBeGreaterThan(all.length * 5);
    console.log(`${all.length} paths × ${MUTATIONS.length} mutations: ${refused} refused, ${accepted} accepted (${exercised.size} put through every verb)`);
  }, 300_000);
});

/** C10: a site, a VM in a hybrid vault, a synchronised VMware backup, a second sync running, and a vault for disks. */
function onPremSave() {
  const sim = createSimulation({ seed: 5 });
  const { site, vm, vault } = onPremWorld(sim);
  const copy = uploadedCopy(sim, vm.id);
  const first = sim.syncBackups(vault.id, { copyIds: [copy.id] });
  advanceUntil(sim, () => statusOf(sim, first.id) === 'success');
  const next = sim.backupVmOnPrem(vm.id);
  advanceUntil(sim, () => statusOf(sim, next.id) === 'uploaded');
  const task = sim.syncBackups(vault.id, { copyIds: [next.id] });
  const backup = sim.list('backup').find((b) => b.copyId === copy.id)!;
  const disks = sim.createVault({ name: 'disks', kind: 'disk' });
  return { saved: sim.save(), site: site.id, vm: vm.id, vault: vault.id, copy: copy.id, backup: backup.id, task: task.id, disks: disks.id };
}

describe('hostile saves of on-premises worlds (C10)', () => {
  const world = onPremSave();
  const at = (id: string) => world.saved.resources.findIndex((r) => r.id === id);
  type Snap = { value: Record<string, unknown>; context: Record<string, unknown> };
  const snap = (s: SavedSimulation, id: string) => s.resources[at(id)]!.snapshot as Snap;

  it('restores the untampered save, whose sync then ends', () => {
    const sim = restoreSimulation(structuredClone(world.saved));
    sim.advance('1h');
    expect(sim.get(world.task)).toMatchObject({ status: 'success', syncBackupNum: 1 });
  });

  it.each<[string, (s: SavedSimulation) => void, string, RegExp]>([
    ['a vault sync naming a task that does not exist', (s) => ((snap(s, world.vault).context.sync as { taskId: string }).taskId = 'task-00000000beef'),
      `resources[${at(world.vault)}].snapshot.context.sync.taskId`, /no sync task of this vault/],
    ['a vault sync while its sync state is idle', (s) => (snap(s, world.vault).value.sync = 'idle'),
      `resources[${at(world.vault)}].snapshot.context.sync`, /must be null while the vault's sync state is idle/],
    ['a vault syncing without its sync', (s) => (snap(s, world.vault).context.sync = null),
      `resources[${at(world.vault)}].snapshot.context.sync`, /must be the running sync/],
    ['a running sync task of a vault that is not syncing', (s) => {
      snap(s, world.vault).context.sync = null;
      snap(s, world.vault).value.sync = 'idle';
      s.timers = s.timers.filter((t) => t.owner !== world.vault);
    }, 'tasks.running', /hold the sync task task-\w+ of vault vault-\w+, which is not syncing/],
    ['a sync of a copy that is some other resource', (s) => ((snap(s, world.vault).context.sync as { copyIds: string[] }).copyIds = [world.vm]),
      `resources[${at(world.vault)}].snapshot.context.sync.copyIds[0]`, /names vm vm-\w+, not a localCopy/],
    ['a VMware backup without copyId', (s) => {
      snap(s, world.backup).context.copyId = null;
      snap(s, world.copy).context.backupId = null;
    },
      `resources[${at(world.backup)}].snapshot.context.copyId`, /is null for a VMware backup/],
    ['a VMware backup still Creating', (s) => {
      snap(s, world.backup).value.lifecycle = { creating: 'transferring' };
      s.resources[at(world.backup)]!.phase = 'protecting';
    }, `resources[${at(world.backup)}].snapshot.value.lifecycle`, /born Available \(V2\)/],
    ['a VMware backup in an ordinary vault', (s) => (snap(s, world.backup).context.vaultId = world.disks),
      `resources[${at(world.backup)}].snapshot.context.vaultId`, /only a hybrid vault holds VMware ones/],
    ['a local copy naming a backup made from another copy', (s) => {
      const other = s.resources.find((r) => r.kind === 'localCopy' && r.id !== world.copy)!;
      (other.snapshot as Snap).context.backupId = world.backup;
    }, 'backupId', /which was synchronised from another copy/],
    ['a VM whose site does not list it', (s) => (snap(s, world.site).context.vmIds = []),
      `resources[${at(world.vm)}].snapshot.context.siteId`, /which does not list this VM/],
  ])('refuses %s with Sim.InvalidSave naming the path', (_, edit, path, why) => {
    const bad = structuredClone(world.saved);
    edit(bad);
    const error = refusalOf(() => restoreSimulation(bad));
    expect(error.code).toBe('Sim.InvalidSave');
    expect(error.details.path as string).toContain(path);
    expect(error.message).toContain(error.details.path as string);
    expect(error.message).toMatch(why);
  });
});

function refusalOf(run: () => unknown): SimulationError {
  try {
    run();
  } catch (error) {
    if (error instanceof SimulationError) return error;
    throw error;
  }
  throw new Error('the save was restored');
}
