/**
 * C10 through the public API: on-premises VMware VMs backed up by eBackup, the copies synchronised
 * into a hybrid vault (V1), born Available (V2), restored onto a new ECS (V3), and what a VMware
 * backup cannot do (V4).
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, restoreSimulation, type BackupRecord, type TaskRecord, type VaultRecord } from '../../src/index.js';
import { advanceUntil, onPremWorld, refusal, runningServer, statusOf, syncedVmwareBackup, uploadedCopy } from './support.js';

const onPrem = onPremWorld;
const syncedBackup = syncedVmwareBackup;

describe('on-premises sites and VMs (V1)', () => {
  it('backs a VM up only where eBackup is installed, and says how to install it', () => {
    const sim = createSimulation({ profile: 'instant' });
    const site = sim.createSite({ name: 'dc1' });
    expect(site).toMatchObject({ kind: 'site', status: 'notInstalled', label: 'No eBackup', ebackup: false });
    const vm = sim.createVm(site.id, { name: 'erp01', os: 'linux', disksGB: [40, 100] });
    const error = refusal(() => sim.backupVmOnPrem(vm.id));
    expect(error.code).toBe('Sim.EbackupNotInstalled');
    expect(error.message).toContain(`installEbackup("${site.id}")`);
    expect(sim.list('localCopy')).toEqual([]);
    expect(sim.installEbackup(site.id)).toMatchObject({ status: 'ready', label: 'eBackup ready', ebackup: true });
    expect(refusal(() => sim.installEbackup(site.id)).code).toBe('Sim.InvalidState');
    expect(sim.backupVmOnPrem(vm.id)).toMatchObject({ kind: 'localCopy', status: 'backing_up', label: 'Backing up', vmId: vm.id, sizeGB: 140 });
  });

  it('refuses a VM on a vSphere version eBackup does not support, from the configured list', () => {
    const sim = createSimulation({ profile: 'instant', vsphereVersions: ['7.0', '8.0'] });
    const site = sim.createSite({ name: 'dc1', ebackup: true });
    const old = sim.createVm(site.id, { name: 'legacy', os: 'windows', disksGB: [60], vsphereVersion: '6.5' });
    expect(old).toMatchObject({ vsphereVersion: '6.5', vsphereSupported: false });
    const error = refusal(() => sim.backupVmOnPrem(old.id));
    expect(error.code).toBe('Sim.VsphereVersionUnsupported');
    expect(error.message).toContain('7.0, 8.0');
    // The default list takes 6.5.
    const other = createSimulation({ profile: 'instant' });
    const s2 = other.createSite({ name: 'dc1', ebackup: true });
    expect(other.backupVmOnPrem(other.createVm(s2.id, { name: 'legacy', os: 'windows', disksGB: [60], vsphereVersion: '6.5' }).id).status).toBe('backing_up');
  });

  it('moves a local copy from backing up to stored to uploaded on the named delays, sized by the VM\'s disks', () => {
    const sim = createSimulation();
    const { vm } = onPrem(sim);
    const copy = sim.backupVmOnPrem(vm.id);
    expect(refusal(() => sim.backupVmOnPrem(vm.id)).code).toBe('BackupService.6125');
    const created = Date.parse(copy.createdAt);
    // realistic: 300 s + 20 s/GB × 140 GB on premises, then 120 s + 30 s/GB to upload.
    expect(Date.parse(copy.storedAt) - created).toBe(3_100_000);
    expect(Date.parse(copy.uploadedAt) - Date.parse(copy.storedAt)).toBe(4_320_000);
    sim.advance(3_100_000);
    expect(statusOf(sim, copy.id)).toBe('stored');
    // eBackup has read the VM: it can be backed up again while the copy uploads.
    expect(sim.get(vm.id)).toMatchObject({ backingUp: false });
    sim.advance(4_320_000);
    expect(sim.get(copy.id)).toMatchObject({ status: 'uploaded', label: 'Uploaded', backupId: null });
  });
});

describe('a hybrid vault (V1, V4)', () => {
  it('is vault.hybrid.server.normal, holds VMs, and takes no backup policy (BackupService.6136)', () => {
    const sim = createSimulation({ profile: 'instant' });
    const { vm, vault } = onPrem(sim);
    expect(sim.get(vault.id)).toMatchObject({ resourceKind: 'vmware', specCode: 'vault.hybrid.server.normal', cloudType: 'hybrid', resourceIds: [vm.id], allocatedGB: 140 });
    expect(sim.get(vm.id)).toMatchObject({ vaultId: vault.id });
    const policy = sim.createPolicy({ name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=1;BYMINUTE=0'], maxBackups: 7 });
    const error = refusal(() => sim.applyPolicy(policy.id, vault.id));
    expect(error.code).toBe('BackupService.6136');
    expect(error.message).toContain('eBackup');
    expect((sim.get(vault.id) as VaultRecord).policyId).toBeNull();
    // A server is no member of a hybrid vault.
    const server = runningServer(sim);
    expect(refusal(() => sim.addVaultResources(vault.id, [server.id])).code).toBe('Sim.InvalidArgument');
  });

  it('refuses to sync an ordinary vault (BackupService.7300)', () => {
    const sim = createSimulation({ profile: 'instant' });
    const server = runningServer(sim);
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [server.id] });
    const error = refusal(() => sim.syncVault(vault.id));
    expect(error.code).toBe('BackupService.7300');
    expect(error.message).toContain("kind: 'vmware'");
    expect(sim.list('task', { operationType: 'sync' })).toEqual([]);
  });
});

describe('synchronising backups (V1, V2)', () => {
  it('returns a running sync task, refuses a second sync (7302), and registers the copy as a backup born Available', () => {
    const sim = createSimulation();
    const { vm, vault } = onPrem(sim);
    const copy = uploadedCopy(sim, vm.id);
    const task = sim.syncBackups(vault.id, { copyIds: [copy.id] });
    expect(task).toMatchObject({ kind: 'task', operationType: 'sync', status: 'running', vaultId: vault.id, syncBackupNum: 0, deleteBackupNum: 0, errSyncBackupNum: 0 });
    expect(sim.get(vault.id)).toMatchObject({ syncing: true, syncTaskId: task.id });
    expect(refusal(() => sim.syncVault(vault.id)).code).toBe('BackupService.7302');
    expect(refusal(() => sim.syncBackups(vault.id, { copyIds: [copy.id] })).code).toBe('BackupService.7302');
    expect(refusal(() => sim.deleteVault(vault.id)).code).toBe('BackupService.7302');
    // Not listed before the sync registers it.
    expect(sim.list('backup')).toEqual([]);
    advanceUntil(sim, () => statusOf(sim, task.id) === 'success');
    expect(sim.get(task.id)).toMatchObject({ status: 'success', progress: 100, syncBackupNum: 1, deleteBackupNum: 0, errSyncBackupNum: 0, errorInfo: null });
    const [backup] = sim.list('backup');
    expect(backup).toMatchObject({
      status: 'available', label: 'Available', imageable: false, resourceKind: 'vmware', resourceId: vm.id, resourceType: 'OS::VMware::Server',
      providerId: 'a13639de-00be-4e94-af30-26912d75e4a2', imageType: 'sync', copyId: copy.id, sizeGB: 140, vaultId: vault.id, supportedRestoreMode: 'backup',
    });
    expect(backup!.children.map((c) => c.sizeGB)).toEqual([40, 100]);
    expect(backup!.createdAt).toBe((sim.get(task.id) as TaskRecord).endedAt);
    // No Creating phase and no mark, ever: the journal's first state of it is Available.
    const states = sim.journal().filter((r) => r.type === 'state' && r.resourceId === backup!.id);
    expect(states.map((r) => (r as { status: string }).status)).toEqual(['available']);
    expect(sim.get(copy.id)).toMatchObject({ backupId: backup!.id });
    expect(sim.get(vault.id)).toMatchObject({ syncing: false, usedGB: 140 });
    expect(sim.get(backup!.checkpointId!)).toMatchObject({ kind: 'checkpoint', status: 'available', backupIds: [backup!.id] });
    expect(refusal(() => sim.syncBackups(vault.id, { copyIds: [copy.id] })).code).toBe('Sim.AlreadySynced');
  });

  it('counts a copy not uploaded yet as an error (BackupService.1006) and goes on with the rest', () => {
    const sim = createSimulation();
    const { site, vm, vault } = onPrem(sim);
    const ready = uploadedCopy(sim, vm.id);
    const other = sim.createVm(site.id, { name: 'erp02', os: 'linux', disksGB: [40] });
    sim.addVaultResources(vault.id, [other.id]);
    const early = sim.backupVmOnPrem(other.id);
    const task = sim.syncBackups(vault.id, { copyIds: [ready.id, early.id] });
    expect(task.errSyncBackupNum).toBe(1);
    advanceUntil(sim, () => statusOf(sim, task.id) !== 'running');
    const done = sim.get(task.id) as TaskRecord;
    expect(done).toMatchObject({ status: 'success', syncBackupNum: 1, errSyncBackupNum: 1 });
    expect(done.errorInfo?.code).toBe('BackupService.1006');
    expect(done.errorInfo?.message).toContain(early.id);
    expect(sim.list('backup').map((b) => b.copyId)).toEqual([ready.id]);
  });

  it('ends the task failed when every copy fails (failNext), with the code', () => {
    const sim = createSimulation({ profile: 'instant' });
    const { vm, vault } = onPrem(sim);
    const copy = uploadedCopy(sim, vm.id);
    sim.failNext('sync');
    const task = sim.syncBackups(vault.id, { copyIds: [copy.id] });
    advanceUntil(sim, () => statusOf(sim, task.id) !== 'running');
    expect(sim.get(task.id)).toMatchObject({ status: 'failed', syncBackupNum: 0, errSyncBackupNum: 1, errorInfo: { code: 'BackupService.1006' } });
    expect(sim.list('backup')).toEqual([]);
    // The copy can be synchronised again.
    const again = sim.syncBackups(vault.id, { copyIds: [copy.id] });
    advanceUntil(sim, () => statusOf(sim, again.id) === 'success');
    expect(sim.list('backup')).toHaveLength(1);
  });

  it('refuses bad batches and copies of VMs outside the vault, changing nothing', () => {
    const sim = createSimulation({ profile: 'instant' });
    const { site, vault } = onPrem(sim);
    const stray = sim.createVm(site.id, { name: 'stray', os: 'linux', disksGB: [40] });
    const copy = uploadedCopy(sim, stray.id);
    const before = sim.list('task').length;
    expect(refusal(() => sim.syncBackups(vault.id, { copyIds: [] })).message).toContain('1 to 50');
    expect(refusal(() => sim.syncBackups(vault.id, { copyIds: Array.from({ length: 51 }, (_, i) => `copy-${i}`) })).message).toContain('1 to 50');
    const error = refusal(() => sim.syncBackups(vault.id, { copyIds: [copy.id] }));
    expect(error.message).toContain(`addVaultResources("${vault.id}", ["${stray.id}"])`);
    expect(sim.list('task').length).toBe(before);
    expect(sim.get(vault.id)).toMatchObject({ syncing: false });
  });

  it('syncVault registers every uploaded copy and deletes the backups whose copy expired on premises', () => {
    const sim = createSimulation({ profile: 'instant' });
    const { backup, copy, vault, vm } = syncedBackup(sim);
    const newer = uploadedCopy(sim, vm.id);
    sim.expireLocalCopy(copy.id);
    expect(sim.get(copy.id)).toMatchObject({ status: 'expired' });
    const task = sim.syncVault(vault.id);
    advanceUntil(sim, () => statusOf(sim, task.id) === 'success');
    expect(sim.get(task.id)).toMatchObject({ syncBackupNum: 1, deleteBackupNum: 1, errSyncBackupNum: 0 });
    expect(statusOf(sim, backup.id)).toBe('deleting');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'deleted');
    expect(sim.list('backup').map((b) => b.copyId)).toEqual([newer.id]);
    const deletion = sim.list('task', { operationType: 'delete' }).find((t) => t.backupId === backup.id)!;
    expect(deletion).toMatchObject({ status: 'success', policyId: null });
  });
});

describe('what a VMware backup can and cannot do (V3, V4)', () => {
  it('refuses an image (6207), a disk, a share and an export, each saying to restore onto an ECS first', () => {
    const sim = createSimulation({ profile: 'instant' });
    const { backup } = syncedBackup(sim);
    const attempts = [
      ['BackupService.6207', () => sim.createImageFromBackup(backup.id, { name: 'img' })],
      ['Sim.VmwareBackupNoDisk', () => sim.createDiskFromBackup(backup.id, { name: 'd' })],
      ['Sim.VmwareBackupNoDisk', () => sim.createDiskFromBackup(backup.children[1]!.id, { name: 'd' })],
      ['Sim.VmwareBackupNotShareable', () => sim.shareBackup(backup.id, { projectIds: ['p2'] })],
      ['Sim.BackupNotExportable', () => sim.exportBackup(backup.id)],
    ] as const;
    for (const [code, attempt] of attempts) {
      const error = refusal(attempt);
      expect(error.code).toBe(code);
      expect(error.message).toContain('restore it onto an ECS');
      expect(error.details.rule).toBe('V4');
    }
    expect(sim.list('image')).toEqual([]);
    expect(sim.list('disk')).toEqual([]);
    expect(sim.get(backup.id)).toMatchObject({ status: 'available', imageId: null, members: [] });
  });

  it('restores onto a new ECS with matching disks, powering it off and on, disk by disk (V3)', () => {
    const sim = createSimulation();
    const { backup } = syncedBackup(sim);
    const error = refusal(() => sim.restoreBackup(backup.id));
    expect(error.code).toBe('Sim.InvalidArgument');
    expect(error.message).toContain('systemDiskGB: 40, dataDisksGB: [100]');
    const small = runningServer(sim, { name: 'small', dataDisksGB: [20] });
    const tooSmall = refusal(() => sim.restoreBackup(backup.id, { targetId: small.id }));
    expect(tooSmall.code).toBe('BackupService.2001');
    const target = runningServer(sim, { name: 'web-new', dataDisksGB: [100] });
    sim.restoreBackup(backup.id, { targetId: target.id });
    expect(statusOf(sim, backup.id)).toBe('restoring');
    expect(statusOf(sim, target.id)).toBe('SHUTOFF');
    const task = sim.list('task', { operationType: 'restore' })[0]!;
    expect(task).toMatchObject({ resourceType: 'OS::VMware::Server', targetId: target.id, status: 'running' });
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(statusOf(sim, target.id)).toBe('ACTIVE');
    expect(sim.get(task.id)).toMatchObject({ status: 'success' });
    const note = sim.journal().find((r) => r.type === 'note' && r.note === 'vmware-restored');
    expect(note).toMatchObject({ resourceId: target.id });
    expect((note as { message: string }).message).toContain('VirtIO');
  });

  it('shares an Available server backup, but not a disk backup or one still Creating', () => {
    const sim = createSimulation({ profile: 'instant' });
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id);
    expect(refusal(() => sim.shareBackup(backup.id, { projectIds: ['p2'] })).code).toBe('BackupService.6702');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(sim.shareBackup(backup.id, { projectIds: ['p2', 'p3'] }).members).toEqual(['p2', 'p3']);
    expect(sim.shareBackup(backup.id, { projectIds: ['p2'] }).members).toEqual(['p2', 'p3']);
    const disk = sim.backupDisk(server.dataDiskIds[0]!);
    advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
    expect(refusal(() => sim.shareBackup(disk.id, { projectIds: ['p2'] })).code).toBe('Sim.ShareNotSupported');
    const exported = refusal(() => sim.exportBackup(backup.id));
    expect(exported).toMatchObject({ code: 'Sim.BackupNotExportable' });
    expect(exported.details.rule).toBe('C9');
  });

  it('keeps the synced backup when its VM is deleted on premises (C3)', () => {
    const sim = createSimulation({ profile: 'instant' });
    const { backup, vm, vault, site } = syncedBackup(sim);
    sim.deleteVm(vm.id);
    expect(statusOf(sim, vm.id)).toBe('deleted');
    expect(sim.get(vault.id)).toMatchObject({ resourceIds: [] });
    expect(sim.get(site.id)).toMatchObject({ vmIds: [] });
    expect(statusOf(sim, backup.id)).toBe('available');
  });
});

describe('saving a world with a sync in flight', () => {
  it('continues after a restore exactly as the world that was not saved', () => {
    const run = (restoreMidway: boolean) => {
      let sim = createSimulation({ seed: 7 });
      const { vm, vault } = onPrem(sim);
      const copy = uploadedCopy(sim, vm.id);
      const task = sim.syncBackups(vault.id, { copyIds: [copy.id] });
      sim.advance('10s');
      if (restoreMidway) sim = restoreSimulation(JSON.parse(JSON.stringify(sim.save())));
      expect(sim.get(vault.id)).toMatchObject({ syncing: true });
      sim.advance('1h');
      return {
        task: sim.get(task.id), backups: sim.list('backup'), vault: sim.get(vault.id), copies: sim.list('localCopy'),
        journal: sim.journal().slice(-20), now: sim.now(),
      };
    };
    const straight = run(false);
    expect(straight.task).toMatchObject({ status: 'success', syncBackupNum: 1 });
    expect(run(true)).toEqual(straight);
  });
});

describe('the new records (C10)', () => {
  it('lists sites, VMs and local copies, and finds a backup by its VMware resource', () => {
    const sim = createSimulation({ profile: 'instant' });
    const { backup, site, vm } = syncedBackup(sim);
    expect(sim.list('site').map((s) => s.id)).toEqual([site.id]);
    expect(sim.list('vm')).toMatchObject([{ id: vm.id, siteId: site.id, disksGB: [40, 100], disks: [{ systemDisk: true }, { systemDisk: false }] }]);
    expect(sim.list('localCopy')).toHaveLength(1);
    expect(sim.list('backup', { includeChildren: true }).filter((b) => b.parentId === backup.id)).toMatchObject([
      { resourceKind: 'vmware', resourceType: 'OS::VMware::Server' }, { resourceKind: 'vmware' },
    ]);
    expect((sim.get(backup.id) as BackupRecord).members).toEqual([]);
  });
});
