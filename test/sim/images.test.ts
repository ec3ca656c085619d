import { describe, expect, it } from 'vitest';
import type { BackupRecord, ImageRecord } from '../../src/index.js';
import { advanceUntil, availableBackup, markedBackup, newSimulation, refusal, runningServer, statusOf } from './support.js';

describe('creating an image from a backup (seed 000)', () => {
  it('I1: an image needs an Available backup or a Creating one marked "Image can be created" (BackupService.6208 before)', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id);
    const error = refusal(() => sim.createImageFromBackup(backup.id, { name: 'early' }));
    expect(error.code).toBe('BackupService.6208');
    expect(error.details).toMatchObject({ id: backup.id, rule: 'I1' });
    advanceUntil(sim, () => (sim.get(backup.id) as BackupRecord).imageable);
    const image = sim.createImageFromBackup(backup.id, { name: 'while-creating' });
    expect(image).toMatchObject({ imageKind: 'full-ecs', backupId: backup.id });
    expect(sim.get(backup.id)).toMatchObject({ status: 'protecting', imageId: image.id, imageable: true });
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    const other = availableBackup(sim, server.id);
    expect(sim.createImageFromBackup(other.id, { name: 'from-available' }).backupId).toBe(other.id);
  });

  it('I2: a disk (EVS) backup cannot make an image (BackupService.6207)', () => {
    const sim = newSimulation();
    const disk = sim.createDisk({ name: 'data', sizeGB: 50 });
    advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
    const backup = sim.backupDisk(disk.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(sim.get(backup.id)).toMatchObject({ resourceKind: 'disk', imageable: false });
    expect(refusal(() => sim.createImageFromBackup(backup.id, { name: 'x' })).code).toBe('BackupService.6207');
  });

  it('I3: a server backup without its system disk cannot make an image (BackupService.6209)', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id, { excludeDiskIds: [server.systemDiskId] });
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(sim.get(backup.id)).toMatchObject({ containsSystemDisk: false, imageable: false, sizeGB: 100 });
    expect(refusal(() => sim.createImageFromBackup(backup.id, { name: 'x' })).code).toBe('BackupService.6209');
  });

  it.each([
    [{ initTool: false }, /Cloud-Init/],
    [{ optimized: false }, /optimization/],
    [{ os: 'windows' as const, initTool: false }, /Cloudbase-Init/],
  ])('I4: a backup of a server that lacked %o cannot make an image (Sim.PrerequisiteNotMet, naming it)', (facts, missing) => {
    const sim = newSimulation();
    const server = runningServer(sim, facts);
    const backup = availableBackup(sim, server.id);
    const error = refusal(() => sim.createImageFromBackup(backup.id, { name: 'x' }));
    expect(error.code).toBe('Sim.PrerequisiteNotMet');
    expect(error.message).toMatch(missing);
  });

  it('I5: one full-ECS image per backup; a second one is refused while the first exists (BackupService.6210)', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    const first = sim.createImageFromBackup(backup.id, { name: 'first' });
    const error = refusal(() => sim.createImageFromBackup(backup.id, { name: 'second' }));
    expect(error.code).toBe('BackupService.6210');
    expect(error.message).toContain(first.id);
    expect(sim.list('image')).toHaveLength(1);
    advanceUntil(sim, () => statusOf(sim, first.id) === 'active');
    sim.deleteImage(first.id);
    expect(sim.createImageFromBackup(backup.id, { name: 'again' }).backupId).toBe(backup.id);
  });

  it('I6: one image provisions many servers in one batch, 1 to 100 per request', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const image = sim.createImageFromBackup(availableBackup(sim, server.id).id, { name: 'golden' });
    expect(refusal(() => sim.provisionServers(image.id, { count: 2 })).code).toBe('Ecs.0032');
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    const servers = sim.provisionServers(image.id, { count: 100, namePrefix: 'web' });
    expect(servers).toHaveLength(100);
    expect(new Set(servers.map((s) => s.name)).size).toBe(100);
    expect(servers[0]).toMatchObject({ status: 'BUILD', sourceImageId: image.id });
    for (const count of [0, 101, 2.5]) expect(refusal(() => sim.provisionServers(image.id, { count })).code).toBe('Sim.InvalidArgument');
    advanceUntil(sim, () => servers.every((s) => statusOf(sim, s.id) === 'ACTIVE'));
  });

  it('I6: a full-ECS image is unusable when its backup ended in Error (Ecs.0048) or is gone (Ecs.0034)', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    sim.failNext('backup');
    const failing = markedBackup(sim, server.id);
    const doomed = sim.createImageFromBackup(failing.id, { name: 'doomed' });
    advanceUntil(sim, () => statusOf(sim, failing.id) === 'error' && statusOf(sim, doomed.id) === 'active');
    expect(refusal(() => sim.provisionServers(doomed.id, { count: 1 })).code).toBe('Ecs.0048');

    // A backup with an image goes only with its vault (deleteVault): the image outlives it.
    const other = runningServer(sim, { name: 'db' });
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [other.id] });
    const backup = availableBackup(sim, other.id);
    const orphan = sim.createImageFromBackup(backup.id, { name: 'orphan' });
    advanceUntil(sim, () => statusOf(sim, orphan.id) === 'active');
    expect(sim.provisionServers(orphan.id, { count: 1 })).toHaveLength(1);
    sim.deleteVault(vault.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'deleted');
    expect(statusOf(sim, orphan.id)).toBe('active');
    const gone = refusal(() => sim.provisionServers(orphan.id, { count: 1 }));
    expect(gone.code).toBe('Ecs.0034');
    expect(gone.message).toContain(backup.id);
  });

  it('I7: a backup that has an image cannot be deleted (BackupService.6204): delete the image first', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    const image = sim.createImageFromBackup(backup.id, { name: 'img' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    const error = refusal(() => sim.deleteBackup(backup.id));
    expect(error.code).toBe('BackupService.6204');
    expect(error.message).toBe(`Backup ${backup.id} has image ${image.id} (I7); delete image ${image.id} first, then the backup.`);
    expect(statusOf(sim, backup.id)).toBe('available');
    sim.deleteImage(image.id);
    expect(sim.get(backup.id)).toMatchObject({ imageId: null });
    sim.deleteBackup(backup.id);
    expect(statusOf(sim, backup.id)).toBe('deleting');
  });

  it('I9: the image is compressed, so it is smaller than its backup', () => {
    const sim = newSimulation();
    for (const dataGB of [1, 10, 100, 1000]) {
      const server = runningServer(sim, { systemDiskGB: 1, dataDisksGB: [dataGB] });
      const backup = availableBackup(sim, server.id);
      const image = sim.createImageFromBackup(backup.id, { name: `img-${dataGB}` });
      expect(image.sizeGB).toBeLessThan(backup.sizeGB);
      expect(image.sizeGB).toBeGreaterThan(0);
    }
  });

  it('I10: an image made while its backup is Creating works only in the backup\'s AZ until the backup is Available', () => {
    const sim = newSimulation({ profile: 'realistic' });
    const server = runningServer(sim, { az: 'eu-de-01' });
    const backup = markedBackup(sim, server.id);
    const image = sim.createImageFromBackup(backup.id, { name: 'early' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    expect(statusOf(sim, backup.id)).toBe('protecting');
    expect(sim.get(image.id)).toMatchObject({ status: 'active', label: 'Normal', azRestricted: true, az: 'eu-de-01' });
    expect(refusal(() => sim.provisionServers(image.id, { count: 1, az: 'eu-de-02' })).code).toBe('Sim.ImageAzRestricted');
    expect(sim.provisionServers(image.id, { count: 1 })[0]!.az).toBe('eu-de-01');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect((sim.get(image.id) as ImageRecord).azRestricted).toBe(false);
    expect(sim.provisionServers(image.id, { count: 1, az: 'eu-de-02' })[0]!.az).toBe('eu-de-02');
  });

  it('I11: deleting a full-ECS image may delete its backup too, but not while that backup is Creating (BackupService.6216)', () => {
    const sim = newSimulation({ profile: 'realistic' });
    const server = runningServer(sim);
    const backup = markedBackup(sim, server.id);
    const image = sim.createImageFromBackup(backup.id, { name: 'img' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    expect(refusal(() => sim.deleteImage(image.id, { deleteBackup: true })).code).toBe('BackupService.6216');
    expect(statusOf(sim, image.id)).toBe('active');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    sim.deleteImage(image.id, { deleteBackup: true });
    expect(statusOf(sim, image.id)).toBe('deleted');
    expect(statusOf(sim, backup.id)).toBe('deleting');
  });

  it('I12: private images count against the region quota; one more is refused (IMG.0015) until one is deleted', () => {
    const sim = newSimulation({ imageQuota: 2 });
    const server = runningServer(sim);
    const a = sim.createImageFromServer(server.id, { name: 'a', kind: 'system-disk' });
    sim.importImage({ name: 'b', kind: 'data-disk', sizeGB: 10 });
    const error = refusal(() => sim.createImageFromBackup(availableBackup(sim, server.id).id, { name: 'c' }));
    expect(error.code).toBe('IMG.0015');
    expect(sim.list('image')).toHaveLength(2);
    advanceUntil(sim, () => statusOf(sim, a.id) === 'active');
    sim.deleteImage(a.id);
    expect(sim.importImage({ name: 'c', kind: 'system-disk', sizeGB: 20 }).status).toBe('saving');
  });
});
