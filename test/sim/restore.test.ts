/**
 * Restore (R1–R4, cloud-facts §5.6) through the public API. The tests named "today:" each failed on
 * the code before R1–R4 (issue 9 §1, "what happens today").
 */
import { describe, expect, it } from 'vitest';
import { restoreSimulation, type BackupRecord, type DiskRecord, type ServerRecord, type Simulation } from '../../src/index.js';
import { advanceUntil, availableBackup, newSimulation, refusal, runningServer, statusOf } from './support.js';

function availableDisk(sim: Simulation, sizeGB: number) {
  const disk = sim.createDisk({ name: 'data', sizeGB });
  advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
  return disk;
}

/** A refusal that changes nothing: the whole save is the same before and after. */
function refusedUnchanged(sim: Simulation, command: () => unknown) {
  const before = sim.save();
  const error = refusal(command);
  const after = sim.save();
  expect(after.journal.records.at(-1)).toMatchObject({ type: 'refusal', code: error.code });
  expect({ ...after, journal: null }).toEqual({ ...before, journal: null });
  return error;
}

/** A server with a 40 GB system disk and a 100 GB data disk, its Available backup, and the restore started. */
function restoring(sim: Simulation, o: { powerOn?: boolean } = {}) {
  const server = runningServer(sim);
  const backup = availableBackup(sim, server.id);
  const record = sim.restoreBackup(backup.id, o);
  return { server, backup, record };
}

describe('R1: a server backup holds one disk backup per disk', () => {
  it('lists its children, system disk first, each a record of its own found by get(id)', () => {
    const sim = newSimulation();
    const server = runningServer(sim, { systemDiskGB: 40, dataDisksGB: [100, 20] });
    const backup = availableBackup(sim, server.id);
    const [sys, data1, data2] = [server.systemDiskId, ...server.dataDiskIds];
    expect(backup.children).toEqual([
      { id: `${backup.id}-1`, diskId: sys, sizeGB: 40, systemDisk: true },
      { id: `${backup.id}-2`, diskId: data1, sizeGB: 100, systemDisk: false },
      { id: `${backup.id}-3`, diskId: data2, sizeGB: 20, systemDisk: false },
    ]);
    expect(backup.parentId).toBeNull();
    const child = sim.get(backup.children[1]!.id) as BackupRecord;
    expect(child).toMatchObject({
      kind: 'backup', resourceKind: 'disk', resourceId: data1, parentId: backup.id, diskId: data1, sizeGB: 100, systemDisk: false,
      status: 'available', vaultId: backup.vaultId, imageable: false, imageId: null, children: [],
    });
  });

  it('keeps children out of list("backup") unless includeChildren: true', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    expect(sim.list('backup').map((b) => b.id)).toEqual([backup.id]);
    expect(sim.list('backup', { includeChildren: true }).map((b) => b.id)).toEqual([backup.id, `${backup.id}-1`, `${backup.id}-2`]);
  });

  it('a child follows its parent status, and answers as deleted with it', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id);
    const childId = `${backup.id}-2`;
    expect(statusOf(sim, childId)).toBe('protecting');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(statusOf(sim, childId)).toBe('available');
    sim.deleteBackup(backup.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'deleted');
    expect(statusOf(sim, childId)).toBe('deleted');
  });

  it('a disk backup has no children and says which disk it is of', () => {
    const sim = newSimulation();
    const disk = availableDisk(sim, 30);
    expect(sim.backupDisk(disk.id)).toMatchObject({ children: [], parentId: null, diskId: disk.id, systemDisk: false });
  });

  it('C7: createDiskFromBackup makes a new disk from one child of a server backup', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    expect(refusal(() => sim.createDiskFromBackup(backup.id, { name: 'x' })).code).toBe('Sim.InvalidArgument');
    const disk = sim.createDiskFromBackup(`${backup.id}-2`, { name: 'data-copy' });
    expect(disk).toMatchObject({ kind: 'disk', sizeGB: 100 });
    expect(refusal(() => sim.createDiskFromBackup(`${backup.id}-9`, { name: 'x' })).code).toBe('Sim.NotFound');
  });
});

describe('R2: power and locks', () => {
  it('today: the server stays Running while a server backup restores; now it is stopped and started afterwards', () => {
    const sim = newSimulation();
    const { server, backup } = restoring(sim);
    expect(statusOf(sim, server.id)).toBe('SHUTOFF');
    expect((sim.get(server.id) as ServerRecord).restore).toMatchObject({ backupId: backup.id });
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(statusOf(sim, server.id)).toBe('ACTIVE');
    expect((sim.get(server.id) as ServerRecord).restore).toBeNull();
  });

  it('powerOn: false leaves the server Stopped after the restore', () => {
    const sim = newSimulation();
    const { server, backup } = restoring(sim, { powerOn: false });
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(statusOf(sim, server.id)).toBe('SHUTOFF');
    expect(refusal(() => sim.restoreBackup(backup.id, { powerOn: 'no' as never })).code).toBe('Sim.InvalidArgument');
  });

  it('today: stopServer and deleteServer are accepted during a restore; now they are refused, saying a restore runs and when it ends', () => {
    const sim = newSimulation({ profile: 'realistic' });
    const { server, backup } = restoring(sim);
    const endsAt = (sim.get(server.id) as ServerRecord).restore?.endsAt;
    for (const command of [() => sim.stopServer(server.id), () => sim.startServer(server.id), () => sim.deleteServer(server.id)]) {
      const error = refusedUnchanged(sim, command);
      expect(error.code).toBe('Sim.InvalidState');
      expect(error.details.rule).toBe('R2');
      expect(error.message).toContain(`Server ${server.id} is being restored from backup ${backup.id} until ${endsAt}`);
    }
    const spare = availableDisk(sim, 10);
    const attach = refusedUnchanged(sim, () => sim.attachDisk(spare.id, server.id));
    expect(attach.message).toContain(`Server ${server.id} is being restored`);
    const detach = refusedUnchanged(sim, () => sim.detachDisk(server.dataDiskIds[0]!));
    expect(detach.message).toContain(`Disk ${server.dataDiskIds[0]} is being restored from backup ${backup.id} until ${endsAt}`);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    sim.stopServer(server.id);
    expect(statusOf(sim, server.id)).toBe('SHUTOFF');
  });

  it('keeps a disk the restore does not write to on the server too: detaching it is refused', () => {
    const sim = newSimulation({ profile: 'realistic' });
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    const spare = availableDisk(sim, 10);
    sim.attachDisk(spare.id, server.id);
    sim.restoreBackup(backup.id);
    expect(statusOf(sim, spare.id)).toBe('in-use');
    const detach = refusedUnchanged(sim, () => sim.detachDisk(spare.id));
    expect(detach.details.rule).toBe('R2');
    expect(detach.message).toContain(`Server ${server.id} is being restored from backup ${backup.id}`);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(sim.detachDisk(spare.id).status).toBe('available');
  });

  it('today: another backup and another restore of the same disks run at the same time; now 6215 and 2010', () => {
    const sim = newSimulation({ profile: 'realistic' });
    const server = runningServer(sim);
    const dataDisk = server.dataDiskIds[0]!;
    const diskBackup = sim.backupDisk(dataDisk);
    advanceUntil(sim, () => statusOf(sim, diskBackup.id) === 'available');
    const backup = availableBackup(sim, server.id);
    sim.restoreBackup(backup.id);
    expect(statusOf(sim, dataDisk)).toBe('restoring-backup');
    const again = refusedUnchanged(sim, () => sim.backupDisk(dataDisk));
    expect(again.code).toBe('BackupService.6215');
    expect(again.message).toMatch(/is being restored from backup .* until .*; back it up after the restore ends/);
    expect(refusedUnchanged(sim, () => sim.backupServer(server.id)).code).toBe('BackupService.6215');
    const second = refusedUnchanged(sim, () => sim.restoreBackup(diskBackup.id));
    expect(second.code).toBe('BackupService.2010');
    expect(second.message).toContain('restores of one resource do not run at the same time (R4)');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(statusOf(sim, dataDisk)).toBe('in-use');
    expect(sim.restoreBackup(diskBackup.id).status).toBe('restoring');
  });

  it('the lock survives save and restore, and is lifted when the restore ends', () => {
    const sim = newSimulation({ profile: 'realistic' });
    const { server, backup } = restoring(sim);
    const copy = restoreSimulation(JSON.parse(JSON.stringify(sim.save())));
    expect(copy.get(server.id)).toEqual(sim.get(server.id));
    expect(refusal(() => copy.stopServer(server.id)).details.rule).toBe('R2');
    advanceUntil(copy, () => statusOf(copy, backup.id) === 'available');
    expect(statusOf(copy, server.id)).toBe('ACTIVE');
    expect((copy.get(server.dataDiskIds[0]!) as DiskRecord).restore).toBeNull();
  });
});

describe('R3: disk by disk', () => {
  it('today: a 140 GB two-disk backup restores onto a server with one 40 GB disk; now Sim.RestoreTargetMissing', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    expect(backup.sizeGB).toBe(140);
    const small = runningServer(sim, { dataDisksGB: [] });
    const error = refusedUnchanged(sim, () => sim.restoreBackup(backup.id, { targetId: small.id }));
    expect(error.code).toBe('Sim.RestoreTargetMissing');
    expect(error.message).toContain(`Disk backup ${backup.id}-2 (100 GB, data disk) of backup ${backup.id} has no target disk on ${small.id}`);
    expect(error.message).toContain('attach a data disk of at least 100 GB');
    // The next step works: attach a large enough data disk, then restore.
    const data = availableDisk(sim, 100);
    sim.attachDisk(data.id, small.id);
    expect(sim.restoreBackup(backup.id, { targetId: small.id }).status).toBe('restoring');
    expect(statusOf(sim, data.id)).toBe('restoring-backup');
  });

  it('a target disk smaller than its disk backup: BackupService.2001', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    const other = runningServer(sim, { dataDisksGB: [50] });
    const error = refusedUnchanged(sim, () => sim.restoreBackup(backup.id, { targetId: other.id }));
    expect(error.code).toBe('BackupService.2001');
    expect(error.message).toContain(`Disk ${other.dataDiskIds[0]} (50 GB) is smaller than disk backup ${backup.id}-2 (100 GB)`);
    const disk = availableDisk(sim, 20);
    const diskBackup = sim.backupDisk(disk.id);
    advanceUntil(sim, () => statusOf(sim, diskBackup.id) === 'available');
    const tiny = availableDisk(sim, 10);
    expect(refusedUnchanged(sim, () => sim.restoreBackup(diskBackup.id, { targetId: tiny.id })).code).toBe('BackupService.2001');
  });

  it('mappings choose the target disk of each child; every child needs one', () => {
    const sim = newSimulation();
    const server = runningServer(sim, { dataDisksGB: [100, 100] });
    const backup = availableBackup(sim, server.id);
    const [sys, d1, d2] = [server.systemDiskId, ...server.dataDiskIds];
    const target = runningServer(sim, { dataDisksGB: [100, 200] });
    const tsys = target.systemDiskId;
    const t2 = target.dataDiskIds[1]!;
    expect([sys, d1, d2]).toHaveLength(3);
    const partial = [{ backupId: `${backup.id}-1`, diskId: tsys }, { backupId: `${backup.id}-2`, diskId: t2 }];
    expect(refusedUnchanged(sim, () => sim.restoreBackup(backup.id, { targetId: target.id, mappings: partial })).code).toBe('Sim.RestoreTargetMissing');
    for (const bad of [
      [{ backupId: 'bk-000000000000-1', diskId: tsys }],
      [{ backupId: `${backup.id}-1`, diskId: sys }],
      [{ backupId: `${backup.id}-1`, diskId: tsys }, { backupId: `${backup.id}-1`, diskId: t2 }],
      'all',
    ]) {
      expect(refusedUnchanged(sim, () => sim.restoreBackup(backup.id, { targetId: target.id, mappings: bad as never })).code).toBe('Sim.InvalidArgument');
    }
    const mappings = [...partial, { backupId: `${backup.id}-3`, diskId: target.dataDiskIds[0]! }];
    expect(sim.restoreBackup(backup.id, { targetId: target.id, mappings }).status).toBe('restoring');
    for (const id of [tsys, ...target.dataDiskIds]) expect(statusOf(sim, id)).toBe('restoring-backup');
  });

  it('a child restores its one disk, onto its own disk or another', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    const child = `${backup.id}-2`;
    expect(sim.restoreBackup(child).status).toBe('restoring');
    expect(statusOf(sim, server.dataDiskIds[0]!)).toBe('restoring-backup');
    expect(statusOf(sim, server.id)).toBe('ACTIVE');
    expect(statusOf(sim, child)).toBe('restoring');
  });
});

describe('R4: what cannot be restored onto', () => {
  it('today: a data-disk backup restores onto a system disk; now Sim.RestoreOntoSystemDisk', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const disk = availableDisk(sim, 30);
    const diskBackup = sim.backupDisk(disk.id);
    advanceUntil(sim, () => statusOf(sim, diskBackup.id) === 'available');
    const error = refusedUnchanged(sim, () => sim.restoreBackup(diskBackup.id, { targetId: server.systemDiskId }));
    expect(error.code).toBe('Sim.RestoreOntoSystemDisk');
    expect(error.message).toContain(`of backup ${diskBackup.id} is of a data disk and disk ${server.systemDiskId} is a system disk (R4)`);
    const backup = availableBackup(sim, server.id);
    const mappings = [{ backupId: `${backup.id}-1`, diskId: server.dataDiskIds[0]! }, { backupId: `${backup.id}-2`, diskId: server.systemDiskId }];
    expect(refusedUnchanged(sim, () => sim.restoreBackup(backup.id, { mappings })).code).toBe('Sim.RestoreOntoSystemDisk');
    expect(refusedUnchanged(sim, () => sim.restoreBackup(`${backup.id}-2`, { targetId: server.systemDiskId })).code).toBe('Sim.RestoreOntoSystemDisk');
  });

  it('a Faulty target server: Sim.RestoreTargetFaulty', () => {
    const sim = newSimulation();
    const { server, backup } = restoring(sim);
    sim.failNext('restore');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(statusOf(sim, server.id)).toBe('ACTIVE');
    sim.failNext('restore');
    sim.restoreBackup(backup.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    // A failed restore leaves the server Faulty, journaled; its disks are unlocked.
    expect(statusOf(sim, server.id)).toBe('ERROR');
    expect(statusOf(sim, server.dataDiskIds[0]!)).toBe('in-use');
    expect(sim.journal().some((r) => r.type === 'note' && r.note === 'restore-failed' && r.resourceId === server.id)).toBe(true);
    const error = refusedUnchanged(sim, () => sim.restoreBackup(backup.id));
    expect(error.code).toBe('Sim.RestoreTargetFaulty');
    expect(error.message).toContain(`Server ${server.id} is Faulty (R4)`);
    const spare = runningServer(sim);
    expect(sim.restoreBackup(backup.id, { targetId: spare.id }).status).toBe('restoring');
  });
});
