/**
 * The record fields API clients read (issue 12 §4, cloud-facts §1): derived from the charts, so
 * they move as the charts do.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, type BackupRecord, type ImageRecord, type VaultRecord } from '../../src/index.js';
import { advanceUntil, newSimulation, runningServer, statusOf } from './support.js';

describe('backup records carry the API\'s fields', () => {
  it('a server backup: snapshot mode while marked, backup mode once Available, na before and when deleting', () => {
    const sim = createSimulation({ profile: 'realistic' });
    const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40, dataDisksGB: [10] });
    sim.advance('2m');
    const backup = sim.backupServer(server.id);
    expect(backup).toMatchObject({
      resourceType: 'OS::Nova::Server', providerId: '0daac4c5-6707-4851-97ba-169e36266b66', supportedRestoreMode: 'na', protectedAt: null,
      updatedAt: backup.createdAt,
    });
    advanceUntil(sim, () => (sim.get(backup.id) as BackupRecord).imageable);
    const marked = sim.get(backup.id) as BackupRecord;
    expect(marked.supportedRestoreMode).toBe('snapshot');
    // The backup time is the end of its snapshot phase, and its state changed then.
    expect(marked.protectedAt).not.toBeNull();
    expect(marked.updatedAt).toBe(marked.protectedAt);
    expect(Date.parse(marked.protectedAt!)).toBeGreaterThan(Date.parse(marked.createdAt));
    expect(marked.children.map((c) => (sim.get(c.id) as BackupRecord).resourceType)).toEqual(['OS::Cinder::Volume', 'OS::Cinder::Volume']);
    expect((sim.get(marked.children[0]!.id) as BackupRecord).supportedRestoreMode).toBe('na');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    const available = sim.get(backup.id) as BackupRecord;
    expect(available.supportedRestoreMode).toBe('backup');
    expect(available.protectedAt).toBe(marked.protectedAt);
    expect(Date.parse(available.updatedAt)).toBeGreaterThan(Date.parse(marked.updatedAt));
    sim.deleteBackup(backup.id);
    expect((sim.get(backup.id) as BackupRecord).supportedRestoreMode).toBe('na');
  });

  it('a disk backup is OS::Cinder::Volume of the disk provider and is never in snapshot mode', () => {
    const sim = newSimulation();
    const disk = sim.createDisk({ name: 'd', sizeGB: 10 });
    advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
    const backup = sim.backupDisk(disk.id);
    expect(backup).toMatchObject({ resourceType: 'OS::Cinder::Volume', providerId: 'd1603440-187d-4516-af25-121250c7cc97' });
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect((sim.get(backup.id) as BackupRecord).supportedRestoreMode).toBe('backup');
  });
});

describe('image records carry the API\'s fields', () => {
  it('a full-ECS image: whole image, FusionCompute, min disk = the system disk, active since it became Normal', () => {
    const sim = newSimulation();
    const server = runningServer(sim, { systemDiskGB: 40, dataDisksGB: [100] });
    const backup = sim.backupServer(server.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    const image = sim.createImageFromBackup(backup.id, { name: 'whole' });
    expect(image).toMatchObject({ wholeImage: true, virtualEnvType: 'FusionCompute', minDiskGB: 40, activeAt: null });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    const active = sim.get(image.id) as ImageRecord;
    expect(active.activeAt).not.toBeNull();
    sim.advance('1h');
    expect((sim.get(image.id) as ImageRecord).activeAt).toBe(active.activeAt);
  });

  it('a data-disk image is a DataImage, not a whole image, its min disk the disk\'s size', () => {
    const sim = newSimulation();
    const image = sim.importImage({ name: 'data', kind: 'data-disk', sizeGB: 25 });
    expect(image).toMatchObject({ wholeImage: false, virtualEnvType: 'DataImage', minDiskGB: 25 });
  });
});

describe('vault records carry the API\'s fields', () => {
  it('allocatedGB is the size of what the vault protects (a server counts its disks), beside usedGB and capacityGB', () => {
    const sim = newSimulation();
    const server = runningServer(sim, { systemDiskGB: 40, dataDisksGB: [100] });
    const disk = sim.createDisk({ name: 'd', sizeGB: 7 });
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [server.id], capacityGB: 500, autoExpand: true });
    expect(vault).toMatchObject({ allocatedGB: 140, usedGB: 0, capacityGB: 500, status: 'available', autoExpand: true });
    const disks = sim.createVault({ name: 'd', kind: 'disk', resourceIds: [disk.id] });
    expect((sim.get(disks.id) as VaultRecord).allocatedGB).toBe(7);
    sim.removeVaultResources(vault.id, [server.id]);
    expect((sim.get(vault.id) as VaultRecord).allocatedGB).toBe(0);
  });
});
