import { describe, expect, it } from 'vitest';
import { createSimulation, restoreSimulation, type AnyRecord, type BackupRecord, type JournalRecord, type SavedSimulation, type Simulation } from '../../src/index.js';
import { LIST_KINDS } from '../../src/sim/records.js';
import { advanceUntil, observable, onPremWorld, refusal, runningServer, statusOf, syncedVmwareBackup, uploadedCopy as uploadedLocalCopy } from './support.js';
import { workload } from './scripts.js';

describe('save and restore', () => {
  it('a save is versioned plain JSON', () => {
    const sim = createSimulation();
    for (const step of workload(7, 20)) step(sim);
    const saved = sim.save();
    expect(saved).toMatchObject({ format: 'cbr-sim/save', version: 1 });
    expect(JSON.parse(JSON.stringify(saved))).toEqual(saved);
  });

  it.each([5, 17, 33, 48])('a run restored at step %i continues exactly like the uninterrupted one', (cut) => {
    // Each run gets its own copy of the workload: its steps draw random choices as they run.
    const steps = workload(42, 60);
    const stepsOfCutRun = workload(42, 60);
    const straight = createSimulation({ seed: 9 });
    const cutRun = createSimulation({ seed: 9 });
    for (let i = 0; i < cut; i++) {
      steps[i]!(straight);
      stepsOfCutRun[i]!(cutRun);
    }
    const seqAtCut = cutRun.journal().at(-1)!.seq;
    const restored = restoreSimulation(JSON.parse(JSON.stringify(cutRun.save())));
    for (let i = cut; i < steps.length; i++) {
      steps[i]!(straight);
      stepsOfCutRun[i]!(restored);
    }
    straight.advance('3d');
    restored.advance('3d');
    expect(observable(restored)).toEqual(observable(straight));
    const after = (records: JournalRecord[]) => JSON.parse(JSON.stringify(records.filter((r) => r.seq > seqAtCut)));
    const tail = after(straight.journal());
    expect(tail.length).toBeGreaterThan(50);
    expect(after(restored.journal())).toEqual(tail);
  });

  it('pending timers keep their deadlines across a restore (XState does not persist them)', () => {
    const sim = createSimulation();
    const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40 });
    const due = sim.nextTimer();
    const restored = restoreSimulation(sim.save());
    expect(restored.nextTimer()).toBe(due);
    // The realistic profile provisions a server in 90 s.
    restored.advance(89_999);
    expect(restored.get(server.id).status).toBe('BUILD');
    restored.advance(1);
    expect(restored.get(server.id).status).toBe('ACTIVE');
  });

  it('journal sequence numbers continue after a restore', () => {
    const sim = createSimulation();
    sim.createDisk({ name: 'd', sizeGB: 10 });
    const last = sim.journal().at(-1)!.seq;
    const restored = restoreSimulation(sim.save());
    restored.createDisk({ name: 'e', sizeGB: 10 });
    expect(restored.journal().find((r) => r.seq === last + 1)).toMatchObject({ type: 'command', verb: 'createDisk' });
  });

  it('restores a save made before restore points, tasks and jobs (issue 12), with the realistic export time', () => {
    const sim = createSimulation({ profile: 'realistic' });
    sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40 });
    sim.advance('2m');
    const saved = sim.save() as unknown as Record<string, unknown> & { options: { timings: Record<string, number> }; resources: Record<string, unknown>[] };
    // What a save of the previous release held: none of the new parts.
    for (const key of ['tasks', 'checkpoints', 'jobSerial', 'jobOrder', 'deletionCauses']) delete saved[key];
    delete saved.options.timings.exportImageMs;
    for (const r of saved.resources) delete r.stamps;
    const restored = restoreSimulation(saved as never);
    const [server] = restored.list('server');
    expect(server!.status).toBe('ACTIVE');
    const backup = restored.backupServer(server!.id);
    expect(restored.get(backup.checkpointId!)).toMatchObject({ kind: 'checkpoint', backupIds: [backup.id] });
    expect(restored.list('task', { resourceId: server!.id })).toHaveLength(1);
    expect(restored.save().options.timings.exportImageMs).toBe(300_000);
  });
});

/** Everything observable of a simulation with on-premises resources (C10), its tasks and restore points. */
function observableC10(sim: Simulation) {
  return { records: LIST_KINDS.flatMap((k) => sim.list(k, { includeDeleted: true }) as AnyRecord[]), now: sim.now() };
}

/**
 * Runs `prepare`, then `rest`, twice: straight through, and with a save and a restore (through
 * JSON) between the two. Returns what the straight run observed, and what the restored one did.
 */
function bothWays<T>(prepare: (sim: Simulation) => T, rest: (sim: Simulation, t: T) => void) {
  const run = (restore: boolean) => {
    let sim = createSimulation({ seed: 13 });
    const t = prepare(sim);
    const cut = sim.journal().at(-1)!.seq;
    const atCut = sim.save();
    if (restore) sim = restoreSimulation(JSON.parse(JSON.stringify(atCut)));
    rest(sim, t);
    return { ...observableC10(sim), journal: JSON.parse(JSON.stringify(sim.journal().filter((r) => r.seq > cut))) as JournalRecord[], atCut, t };
  };
  const straight = run(false);
  const restored = run(true);
  expect(restored.records).toEqual(straight.records);
  expect(restored.now).toBe(straight.now);
  expect(restored.journal).toEqual(straight.journal);
  return straight;
}

/** The on-premises helpers of ./support.js, by id: what the cuts below carry across a save. */
function onPrem(sim: Simulation) {
  const w = onPremWorld(sim);
  return { vm: w.vm.id, vault: w.vault.id };
}
const uploadedCopy = (sim: Simulation, vmId: string): string => uploadedLocalCopy(sim, vmId).id;
function syncedBackup(sim: Simulation) {
  const w = syncedVmwareBackup(sim);
  return { vm: w.vm.id, vault: w.vault.id, copy: w.copy.id, backup: w.backup.id };
}

const vaultOf = (saved: SavedSimulation, id: string) => saved.resources.find((r) => r.id === id)!.snapshot as { value: Record<string, string>; context: Record<string, unknown> };

describe('save and restore on premises (C10)', () => {
  it('continues a sync in flight, one copy uploaded and one still on premises, exactly as the unsaved run', () => {
    const run = bothWays((sim) => {
      const w = onPrem(sim);
      const uploaded = uploadedCopy(sim, w.vm);
      const onPremises = sim.backupVmOnPrem(w.vm).id;
      const task = sim.syncBackups(w.vault, { copyIds: [uploaded, onPremises] }).id;
      sim.advance('10s');
      return { ...w, task, uploaded };
    }, (sim) => sim.advance('1h'));
    expect(vaultOf(run.atCut, run.t.vault).value.sync).toBe('syncing');
    expect(run.records.find((r) => r.id === run.t.task)).toMatchObject({ status: 'success', syncBackupNum: 1, errSyncBackupNum: 1 });
    expect(run.records.filter((r) => r.kind === 'backup' && (r as BackupRecord).copyId === run.t.uploaded)).toHaveLength(1);
  });

  it('continues a local copy uploading to the vault\'s bucket', () => {
    const run = bothWays((sim) => {
      const w = onPrem(sim);
      const copy = sim.backupVmOnPrem(w.vm).id;
      advanceUntil(sim, () => statusOf(sim, copy) === 'stored');
      sim.advance('10m');
      return { ...w, copy };
    }, (sim, t) => {
      sim.advance('2h');
      const task = sim.syncBackups(t.vault, { copyIds: [t.copy] });
      sim.advance('1h');
      expect(statusOf(sim, task.id)).toBe('success');
    });
    expect(run.atCut.resources.find((r) => r.id === run.t.copy)!.phase).toBe('stored');
    expect(run.atCut.timers.map((timer) => timer.owner)).toContain(run.t.copy);
    expect(run.records.find((r) => r.id === run.t.copy)).toMatchObject({ status: 'uploaded' });
  });

  it('continues a VMware backup restoring onto an ECS (V3)', () => {
    const run = bothWays((sim) => {
      const w = syncedBackup(sim);
      const target = runningServer(sim, { name: 'erp-new', dataDisksGB: [100] }).id;
      sim.restoreBackup(w.backup, { targetId: target });
      sim.advance('30s');
      return { ...w, target };
    }, (sim) => sim.advance('3h'));
    expect(run.atCut.resources.find((r) => r.id === run.t.backup)!.phase).toBe('restoring');
    expect(run.records.find((r) => r.id === run.t.backup)).toMatchObject({ status: 'available' });
    expect(run.records.find((r) => r.id === run.t.target)).toMatchObject({ status: 'ACTIVE' });
    expect(run.journal.find((r) => r.type === 'note' && r.note === 'vmware-restored')).toMatchObject({ resourceId: run.t.target });
  });

  it('continues a syncVault that deletes the backup of a copy expired on premises', () => {
    const run = bothWays((sim) => {
      const w = syncedBackup(sim);
      uploadedCopy(sim, w.vm);
      sim.expireLocalCopy(w.copy);
      const task = sim.syncVault(w.vault).id;
      sim.advance('5s');
      return { ...w, task };
    }, (sim) => sim.advance('1h'));
    expect(vaultOf(run.atCut, run.t.vault).context.sync).toMatchObject({ wholeVault: true, taskId: run.t.task });
    expect(run.records.find((r) => r.id === run.t.task)).toMatchObject({ status: 'success', syncBackupNum: 1, deleteBackupNum: 1 });
    expect(run.records.find((r) => r.id === run.t.backup)).toMatchObject({ status: 'deleted' });
  });

  it('keeps the vSphere versions eBackup supports across a restore', () => {
    const sim = createSimulation({ vsphereVersions: ['8.0'] });
    const site = sim.createSite({ name: 'dc1', ebackup: true });
    const restored = restoreSimulation(JSON.parse(JSON.stringify(sim.save())));
    const vm = restored.createVm(site.id, { name: 'old', os: 'linux', disksGB: [40], vsphereVersion: '7.0' });
    expect(vm.vsphereSupported).toBe(false);
    expect(refusal(() => restored.backupVmOnPrem(vm.id)).code).toBe('Sim.VsphereVersionUnsupported');
  });

  it('restores a save made before issue 13, whose vaults have no sync region, as idle vaults', () => {
    const sim = createSimulation({ profile: 'instant' });
    const disk = sim.createDisk({ name: 'logs', sizeGB: 10 });
    const vault = sim.createVault({ name: 'disks', kind: 'disk', resourceIds: [disk.id] });
    sim.advance('1m');
    const saved = JSON.parse(JSON.stringify(sim.save())) as SavedSimulation;
    // What such a save held: no sync region in a vault's value, no sync in its context.
    for (const r of saved.resources.filter((x) => x.kind === 'vault')) {
      const snapshot = r.snapshot as { value: Record<string, unknown>; context: Record<string, unknown> };
      delete snapshot.value.sync;
      delete snapshot.context.sync;
    }
    const before = JSON.stringify(saved);
    const restored = restoreSimulation(saved);
    expect(JSON.stringify(saved)).toBe(before);
    expect(restored.get(vault.id)).toMatchObject({ syncing: false, resourceIds: [disk.id] });
    const backup = restored.backupDisk(disk.id);
    restored.advance('1h');
    expect(restored.get(backup.id)).toMatchObject({ status: 'available', vaultId: vault.id });
    expect(refusal(() => restored.syncVault(vault.id)).code).toBe('BackupService.7300');
  });
});
