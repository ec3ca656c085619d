import { describe, expect, it } from 'vitest';
import { restoreSimulation, SimulationError, type BackupRecord, type Simulation } from '../../src/index.js';
import { advanceUntil, availableBackup, markedBackup, newSimulation, onPremWorld, refusal, runningServer, statusOf, syncedVmwareBackup } from './support.js';

/** A case arranges a simulation and returns the command that must be refused. */
type Case = [title: string, code: string, arrange: (sim: Simulation) => () => unknown, profile?: 'realistic'];

function activeImageOf(sim: Simulation, backupId: string) {
  const image = sim.createImageFromBackup(backupId, { name: 'img' });
  advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
  return image;
}

function availableDisk(sim: Simulation, sizeGB = 10) {
  const disk = sim.createDisk({ name: 'd', sizeGB });
  advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
  return disk;
}

const cases: Case[] = [
  ['advancing the clock past the last date JavaScript can hold', 'Sim.InvalidArgument', (sim) => () => sim.advance(1e308)],
  ['an image from a backup not yet marked (I1)', 'BackupService.6208', (sim) => {
    const b = sim.backupServer(runningServer(sim).id);
    return () => sim.createImageFromBackup(b.id, { name: 'x' });
  }],
  ['an image from a disk backup (I2)', 'BackupService.6207', (sim) => {
    const b = sim.backupDisk(availableDisk(sim).id);
    advanceUntil(sim, () => statusOf(sim, b.id) === 'available');
    return () => sim.createImageFromBackup(b.id, { name: 'x' });
  }],
  ['an image from a backup without the system disk (I3)', 'BackupService.6209', (sim) => {
    const s = runningServer(sim);
    const b = sim.backupServer(s.id, { excludeDiskIds: [s.systemDiskId] });
    advanceUntil(sim, () => statusOf(sim, b.id) === 'available');
    return () => sim.createImageFromBackup(b.id, { name: 'x' });
  }],
  ['an image from a backup of a server without Cloud-Init (I4)', 'Sim.PrerequisiteNotMet', (sim) => {
    const b = availableBackup(sim, runningServer(sim, { initTool: false }).id);
    return () => sim.createImageFromBackup(b.id, { name: 'x' });
  }],
  ['a second image from the same backup (I5)', 'BackupService.6210', (sim) => {
    const b = availableBackup(sim, runningServer(sim).id);
    sim.createImageFromBackup(b.id, { name: 'first' });
    return () => sim.createImageFromBackup(b.id, { name: 'second' });
  }],
  ['deleting a backup that has an image (I7)', 'BackupService.6204', (sim) => {
    const b = availableBackup(sim, runningServer(sim).id);
    sim.createImageFromBackup(b.id, { name: 'img' });
    return () => sim.deleteBackup(b.id);
  }],
  ['deleting a backup that is not Available or Error (B5)', 'BackupService.6201', (sim) => {
    const b = sim.backupServer(runningServer(sim).id);
    return () => sim.deleteBackup(b.id);
  }],
  ['deleting the newest backup while the next one runs (P5)', 'BackupService.6216', (sim) => {
    const s = runningServer(sim);
    const b = availableBackup(sim, s.id);
    sim.backupServer(s.id);
    return () => sim.deleteBackup(b.id);
  }],
  ['deleting an image with its backup while that backup is Creating (I11)', 'BackupService.6216', (sim) => {
    const b = markedBackup(sim, runningServer(sim).id);
    const image = sim.createImageFromBackup(b.id, { name: 'img' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    return () => sim.deleteImage(image.id, { deleteBackup: true });
  }, 'realistic'],
  ['restoring from a backup that is not Available (B3)', 'BackupService.2005', (sim) => {
    const b = sim.backupServer(runningServer(sim).id);
    return () => sim.restoreBackup(b.id);
  }],
  ['backing up a resource that is already being backed up', 'BackupService.6125', (sim) => {
    const s = runningServer(sim);
    sim.backupServer(s.id);
    return () => sim.backupServer(s.id);
  }],
  ['a backup into a full vault', 'BackupService.6114', (sim) => {
    const s = runningServer(sim, { systemDiskGB: 40, dataDisksGB: [] });
    sim.createVault({ name: 'small', kind: 'server', resourceIds: [s.id], capacityGB: 50 });
    availableBackup(sim, s.id);
    return () => sim.backupServer(s.id);
  }],
  ['a 257th resource in a vault', 'BackupService.6100', (sim) => {
    const disks = Array.from({ length: 257 }, (_, i) => sim.createDisk({ name: `d${i}`, sizeGB: 10 }));
    const vault = sim.createVault({ name: 'v', kind: 'disk', resourceIds: disks.slice(0, 256).map((d) => d.id) });
    return () => sim.addVaultResources(vault.id, [disks[256]!.id]);
  }],
  ['a resource that is already in another vault', 'BackupService.6103', (sim) => {
    const s = runningServer(sim);
    sim.createVault({ name: 'a', kind: 'server', resourceIds: [s.id] });
    const other = sim.createVault({ name: 'b', kind: 'server' });
    return () => sim.addVaultResources(other.id, [s.id]);
  }],
  ['provisioning from an image that is not active', 'Ecs.0032', (sim) => {
    const image = sim.createImageFromServer(runningServer(sim).id, { name: 'os', kind: 'system-disk' });
    return () => sim.provisionServers(image.id, { count: 1 });
  }],
  ['provisioning from a full-ECS image whose backup ended in Error', 'Ecs.0048', (sim) => {
    const s = runningServer(sim);
    sim.failNext('backup');
    const b = markedBackup(sim, s.id);
    const image = sim.createImageFromBackup(b.id, { name: 'img' });
    advanceUntil(sim, () => statusOf(sim, b.id) === 'error' && statusOf(sim, image.id) === 'active');
    return () => sim.provisionServers(image.id, { count: 1 });
  }],
  ['provisioning from a full-ECS image whose backup is gone', 'Ecs.0034', (sim) => {
    const s = runningServer(sim);
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [s.id] });
    const image = activeImageOf(sim, availableBackup(sim, s.id).id);
    sim.deleteVault(vault.id);
    advanceUntil(sim, () => sim.list('backup').length === 0);
    return () => sim.provisionServers(image.id, { count: 1 });
  }],
  ['provisioning outside the backup\'s AZ while the backup is Creating (I10)', 'Sim.ImageAzRestricted', (sim) => {
    const b = markedBackup(sim, runningServer(sim).id);
    const image = sim.createImageFromBackup(b.id, { name: 'img' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    return () => sim.provisionServers(image.id, { count: 1, az: 'eu-de-02' });
  }, 'realistic'],
  ['an image beyond the private image quota (I12)', 'IMG.0015', (sim) => {
    for (let i = 0; i < 50; i++) sim.importImage({ name: `i${i}`, kind: 'data-disk', sizeGB: 1 });
    return () => sim.importImage({ name: 'one-more', kind: 'data-disk', sizeGB: 1 });
  }],
  ['exporting a full-ECS image (C9)', 'IMG.0128', (sim) => {
    const image = activeImageOf(sim, availableBackup(sim, runningServer(sim).id).id);
    return () => sim.exportImage(image.id);
  }],
  ['an unknown id', 'Sim.NotFound', (sim) => () => sim.deleteBackup('bk-000000000000')],
  ['an id deleted within the tombstone TTL', 'Sim.AlreadyDeleted', (sim) => {
    const d = availableDisk(sim);
    sim.deleteDisk(d.id);
    advanceUntil(sim, () => statusOf(sim, d.id) === 'deleted');
    return () => sim.deleteDisk(d.id);
  }],
  ['a bad duration', 'Sim.InvalidArgument', (sim) => () => sim.advance('ten minutes' as never)],
  ['a count out of 1–100 (I6)', 'Sim.InvalidArgument', (sim) => {
    const image = sim.importImage({ name: 'os', kind: 'system-disk', sizeGB: 10 });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    return () => sim.provisionServers(image.id, { count: 101 });
  }],
  ['an invalid policy combination (P2)', 'Sim.InvalidArgument', (sim) => () =>
    sim.createPolicy({ name: 'p', pattern: ['FREQ=DAILY;BYHOUR=2'], maxBackups: 3, retentionDays: 3 })],
  ['an id of the wrong kind', 'Sim.InvalidArgument', (sim) => {
    const s = runningServer(sim);
    return () => sim.deleteDisk(s.id);
  }],
  ['an unknown option', 'Sim.InvalidArgument', (sim) => {
    const s = runningServer(sim);
    return () => sim.backupServer(s.id, { nmae: 'typo' } as never);
  }],
  // C10: on premises and hybrid vaults (V1–V4).
  ['a VM backed up on a site without eBackup (V1)', 'Sim.EbackupNotInstalled', (sim) => {
    const vm = sim.createVm(sim.createSite({ name: 'dc1' }).id, { name: 'erp01', os: 'linux', disksGB: [40] });
    return () => sim.backupVmOnPrem(vm.id);
  }],
  ['a VM on a vSphere version eBackup does not back up (V1)', 'Sim.VsphereVersionUnsupported', (sim) => {
    const vm = sim.createVm(sim.createSite({ name: 'dc1', ebackup: true }).id, { name: 'old', os: 'linux', disksGB: [40], vsphereVersion: '5.5' });
    return () => sim.backupVmOnPrem(vm.id);
  }],
  ['a sync into a server vault (V1)', 'BackupService.7300', (sim) => {
    const vault = sim.createVault({ name: 'v', kind: 'server' });
    return () => sim.syncVault(vault.id);
  }],
  ['a sync while one runs (V1)', 'BackupService.7302', (sim) => {
    const { vault } = onPremWorld(sim);
    sim.syncVault(vault.id);
    return () => sim.syncVault(vault.id);
  }],
  ['a copy synchronised twice (V1)', 'Sim.AlreadySynced', (sim) => {
    const { vault, copy } = syncedVmwareBackup(sim);
    return () => sim.syncBackups(vault.id, { copyIds: [copy.id] });
  }],
  ['a backup policy on a hybrid vault (V4)', 'BackupService.6136', (sim) => {
    const { vault } = onPremWorld(sim);
    const policy = sim.createPolicy({ name: 'p', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 3 });
    return () => sim.applyPolicy(policy.id, vault.id);
  }],
  ['an image from a VMware backup (V4)', 'BackupService.6207', (sim) => {
    const b = syncedVmwareBackup(sim).backup.id;
    return () => sim.createImageFromBackup(b, { name: 'x' });
  }],
  ['a disk from a VMware backup (V4)', 'Sim.VmwareBackupNoDisk', (sim) => {
    const b = syncedVmwareBackup(sim).backup.id;
    return () => sim.createDiskFromBackup(b, { name: 'x' });
  }],
  ['sharing a VMware backup (V4)', 'Sim.VmwareBackupNotShareable', (sim) => {
    const b = syncedVmwareBackup(sim).backup.id;
    return () => sim.shareBackup(b, { projectIds: ['p2'] });
  }],
  ['exporting a backup (C9, V4)', 'Sim.BackupNotExportable', (sim) => {
    const b = availableBackup(sim, runningServer(sim).id);
    return () => sim.exportBackup(b.id);
  }],
  ['sharing a backup that is not Available', 'BackupService.6702', (sim) => {
    const b = sim.backupServer(runningServer(sim).id);
    return () => sim.shareBackup(b.id, { projectIds: ['p2'] });
  }],
  ['sharing a disk backup', 'Sim.ShareNotSupported', (sim) => {
    const b = sim.backupDisk(availableDisk(sim).id);
    advanceUntil(sim, () => statusOf(sim, b.id) === 'available');
    return () => sim.shareBackup(b.id, { projectIds: ['p2'] });
  }],
];

describe('refusals: one code each, and nothing changes', () => {
  it.each(cases)('refuses %s with %s', (_title, code, arrange, profile) => {
    const sim = newSimulation(profile ? { profile } : {});
    const command = arrange(sim);
    const before = sim.save();
    const error = refusal(command);
    expect(error).toBeInstanceOf(SimulationError);
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(20);
    const after = sim.save();
    const last = after.journal.records.at(-1)!;
    expect(last).toMatchObject({ type: 'refusal', code });
    expect({ ...after, journal: null }).toEqual({ ...before, journal: null });
    expect(after.journal.records.slice(0, -1)).toEqual(before.journal.records.slice(-(after.journal.records.length - 1)));
  });

  it('refuses a corrupt or wrong-version save with Sim.InvalidSave', () => {
    const sim = newSimulation();
    runningServer(sim);
    const saved = sim.save();
    for (const bad of [null, {}, { ...saved, version: 99 }, { ...saved, format: 'other' }, { ...saved, resources: 'x' }]) {
      expect(refusal(() => restoreSimulation(bad as never)).code).toBe('Sim.InvalidSave');
    }
  });

  it('explains what to do next, naming the ids involved', () => {
    const sim = newSimulation();
    const b = availableBackup(sim, runningServer(sim).id) as BackupRecord;
    const image = sim.createImageFromBackup(b.id, { name: 'img' });
    const error = refusal(() => sim.deleteBackup(b.id));
    expect(error.message).toContain(`delete image ${image.id} first`);
    expect(error.details).toMatchObject({ id: b.id, imageId: image.id, rule: 'I7' });
  });
});
