import { describe, expect, it } from 'vitest';
import type { BackupRecord, DiskRecord, ImageRecord } from '../../src/index.js';
import { advanceUntil, availableBackup, newSimulation, refusal, runningServer, statusOf } from './support.js';

function availableDisk(sim: ReturnType<typeof newSimulation>, sizeGB = 50) {
  const disk = sim.createDisk({ name: 'data', sizeGB });
  advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
  return disk;
}

describe('images and backups compared (seed 003)', () => {
  it('C1: a backup holds one server or one disk at a point in time', () => {
    const sim = newSimulation();
    const server = runningServer(sim, { systemDiskGB: 40, dataDisksGB: [100, 20] });
    const serverBackup = availableBackup(sim, server.id);
    expect(serverBackup).toMatchObject({ resourceKind: 'server', resourceId: server.id, sizeGB: 160, containsSystemDisk: true });
    const disk = availableDisk(sim, 30);
    const diskBackup = sim.backupDisk(disk.id);
    expect(diskBackup).toMatchObject({ resourceKind: 'disk', resourceId: disk.id, sizeGB: 30, containsSystemDisk: false });
    expect(Date.parse(diskBackup.createdAt)).toBe(sim.now());
  });

  it('C2: an image is a system-disk, a data-disk or a full-ECS image', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const kinds = [
      sim.createImageFromServer(server.id, { name: 'os', kind: 'system-disk' }),
      sim.createImageFromDisk(server.dataDiskIds[0]!, { name: 'data' }),
      sim.createImageFromBackup(availableBackup(sim, server.id).id, { name: 'whole' }),
    ].map((i) => i.imageKind);
    expect(kinds).toEqual(['system-disk', 'data-disk', 'full-ecs']);
  });

  it('C3: deleting a server or a disk does not delete its backups, which still restore elsewhere and make images', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    sim.deleteServer(server.id);
    expect(statusOf(sim, server.id)).toBe('DELETED');
    advanceUntil(sim, () => statusOf(sim, server.systemDiskId) === 'deleted');
    expect(statusOf(sim, backup.id)).toBe('available');
    expect(refusal(() => sim.restoreBackup(backup.id)).code).toBe('Sim.AlreadyDeleted');
    const other = runningServer(sim);
    expect(sim.restoreBackup(backup.id, { targetId: other.id }).status).toBe('restoring');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(sim.createImageFromBackup(backup.id, { name: 'from-orphan' }).backupId).toBe(backup.id);

    const disk = availableDisk(sim);
    const diskBackup = sim.backupDisk(disk.id);
    advanceUntil(sim, () => statusOf(sim, diskBackup.id) === 'available');
    sim.deleteDisk(disk.id);
    advanceUntil(sim, () => statusOf(sim, disk.id) === 'deleted');
    expect(statusOf(sim, diskBackup.id)).toBe('available');
  });

  it('C4: deleting a server made from an image keeps the image; deleting the image keeps its servers', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const image = sim.createImageFromServer(server.id, { name: 'os', kind: 'system-disk' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    const [a, b] = sim.provisionServers(image.id, { count: 2 });
    advanceUntil(sim, () => statusOf(sim, a!.id) === 'ACTIVE' && statusOf(sim, b!.id) === 'ACTIVE');
    sim.deleteServer(a!.id);
    expect(statusOf(sim, image.id)).toBe('active');
    sim.deleteImage(image.id);
    expect(statusOf(sim, b!.id)).toBe('ACTIVE');
    expect(sim.get(b!.id)).toMatchObject({ sourceImageId: image.id });
  });

  it('C5: backup policies back up and delete automatically', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [server.id] });
    const policy = sim.createPolicy({ name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 2 });
    sim.applyPolicy(policy.id, vault.id);
    sim.advance('5d');
    const backups = sim.list('backup');
    expect(backups.map((b) => b.autoTrigger)).toEqual([true, true]);
    expect(sim.list('backup', { includeDeleted: true }).length).toBe(5);
  });

  it('C6: private images come from a system disk, a data disk, or an imported file', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    expect(sim.createImageFromServer(server.id, { name: 's', kind: 'system-disk' }).imageKind).toBe('system-disk');
    expect(sim.createImageFromDisk(server.dataDiskIds[0]!, { name: 'd' }).imageKind).toBe('data-disk');
    expect(refusal(() => sim.createImageFromDisk(server.systemDiskId, { name: 'x' })).code).toBe('Sim.InvalidArgument');
    expect(sim.importImage({ name: 'i', kind: 'system-disk', sizeGB: 20 }).imageKind).toBe('system-disk');
  });

  it('C7: a backup restores to the original, creates a new disk, or creates a full-ECS image', () => {
    const sim = newSimulation();
    const disk = availableDisk(sim, 60);
    const diskBackup = sim.backupDisk(disk.id);
    advanceUntil(sim, () => statusOf(sim, diskBackup.id) === 'available');
    sim.restoreBackup(diskBackup.id);
    expect(statusOf(sim, disk.id)).toBe('restoring-backup');
    advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
    const copy = sim.createDiskFromBackup(diskBackup.id, { name: 'copy' });
    expect(copy).toMatchObject({ sizeGB: 60, status: 'creating' });
    advanceUntil(sim, () => statusOf(sim, copy.id) === 'available');
    const server = runningServer(sim);
    const serverBackup = availableBackup(sim, server.id);
    expect(refusal(() => sim.createDiskFromBackup(serverBackup.id, { name: 'x' })).code).toBe('Sim.InvalidArgument');
    expect(sim.createImageFromBackup(serverBackup.id, { name: 'img' }).imageKind).toBe('full-ecs');
  });

  it('C8: system-disk and full-ECS images create servers; data-disk images create disks', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const os = sim.createImageFromServer(server.id, { name: 'os', kind: 'system-disk' });
    const data = sim.createImageFromDisk(server.dataDiskIds[0]!, { name: 'data' });
    advanceUntil(sim, () => statusOf(sim, os.id) === 'active' && statusOf(sim, data.id) === 'active');
    expect(sim.provisionServers(os.id, { count: 1 })[0]!.kind).toBe('server');
    expect(sim.createDiskFromImage(data.id, { name: 'restored' }).kind).toBe('disk');
    expect(refusal(() => sim.provisionServers(data.id, { count: 1 })).code).toBe('Sim.InvalidArgument');
    expect(refusal(() => sim.createDiskFromImage(os.id, { name: 'x' })).code).toBe('Sim.InvalidArgument');
  });

  it('C8: a server made from a full-ECS image gets the data disks of the backed-up server', () => {
    const sim = newSimulation();
    const server = runningServer(sim, { systemDiskGB: 40, dataDisksGB: [100, 20] });
    const image = sim.createImageFromBackup(availableBackup(sim, server.id).id, { name: 'whole' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    const [copy] = sim.provisionServers(image.id, { count: 1 });
    const sizes = copy!.dataDiskIds.map((id) => (sim.get(id) as DiskRecord).sizeGB);
    expect(sizes).toEqual([100, 20]);
    expect((sim.get(copy!.systemDiskId) as DiskRecord).sizeGB).toBe(40);
  });

  it('C9: system-disk and data-disk images can be exported; full-ECS images never (IMG.0128); backups have no export at all', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const os = sim.createImageFromServer(server.id, { name: 'os', kind: 'system-disk' });
    const whole = sim.createImageFromBackup(availableBackup(sim, server.id).id, { name: 'whole' });
    advanceUntil(sim, () => statusOf(sim, os.id) === 'active' && statusOf(sim, whole.id) === 'active');
    expect(sim.exportImage(os.id).status).toBe('active');
    expect(refusal(() => sim.exportImage(whole.id)).code).toBe('IMG.0128');
    // A backup has no export: exportBackup is there only to say so, and what to do instead.
    const backup = sim.list('backup')[0]!;
    const error = refusal(() => sim.exportBackup(backup.id));
    expect(error.code).toBe('Sim.BackupNotExportable');
    expect(error.message).toContain('exportImage');
  });

  it('C11: a data-disk image imported from another platform creates an EVS disk', () => {
    const sim = newSimulation();
    const imported = sim.importImage({ name: 'legacy-data', kind: 'data-disk', sizeGB: 80 });
    expect(refusal(() => sim.createDiskFromImage(imported.id, { name: 'early' })).code).toBe('Sim.InvalidState');
    advanceUntil(sim, () => statusOf(sim, imported.id) === 'active');
    const disk = sim.createDiskFromImage(imported.id, { name: 'migrated' });
    expect(disk).toMatchObject({ kind: 'disk', sizeGB: 80 });
    advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
  });

  it('C12: a full-ECS image of a server is made from a backup taken first', () => {
    const sim = newSimulation({ profile: 'realistic' });
    const server = runningServer(sim);
    const image = sim.createImageFromServer(server.id, { name: 'whole', kind: 'full-ecs' });
    expect(image).toMatchObject({ status: 'queued', label: 'Creating', imageKind: 'full-ecs' });
    const backup = sim.get(image.backupId!) as BackupRecord;
    expect(backup).toMatchObject({ resourceId: server.id, status: 'protecting', imageable: false, imageId: null });
    advanceUntil(sim, () => (sim.get(backup.id) as BackupRecord).imageable);
    expect(sim.get(backup.id)).toMatchObject({ imageId: image.id });
    expect(statusOf(sim, image.id)).toBe('saving');
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    expect((sim.get(image.id) as ImageRecord).sizeGB).toBeLessThan(backup.sizeGB);
  });

  it('C12: a server without Cloud-Init is refused up front, before any backup is made', () => {
    const sim = newSimulation();
    const server = runningServer(sim, { initTool: false });
    expect(refusal(() => sim.createImageFromServer(server.id, { name: 'x', kind: 'full-ecs' })).code).toBe('Sim.PrerequisiteNotMet');
    expect(sim.list('backup')).toHaveLength(0);
  });
});
