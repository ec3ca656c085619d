import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c10-restore-a-vmware-backup-to-a-new-ecs',
  title: 'Restore a synchronised VMware backup to a new ECS',
  narrative:
    'A VMware backup is not restored onto the VM it came from but onto an ECS (V3): first create an ECS whose disks are ' +
    'as large as the VM\'s, then restore the backup onto it, disk by disk. The ECS is stopped while the backup is ' +
    'Restoring and runs again when it is over (R2). An ECS whose data disk is smaller than the VM\'s is refused ' +
    '(BackupService.2001, R3).',
  rules: ['C10', 'V3', 'R2', 'R3', 'B3'],
  walkthrough: true,
  setup: { profile: 'realistic', start: '2026-03-03T08:00:00Z' },
  steps: [
    { say: 'Last night eBackup backed up the VMware VM erp01 (disks of 40 GB and 100 GB) and its copy was synchronised into the hybrid vault hv1.' },
    { do: 'createSite', name: 'dc1', ebackup: true, as: 'dc1' },
    { do: 'createVm', site: 'dc1', name: 'erp01', os: 'linux', disksGB: [40, 100], as: 'erp01' },
    { do: 'createVault', name: 'hv1', kind: 'vmware', resources: ['erp01'], as: 'hv1' },
    { do: 'backupVmOnPrem', vm: 'erp01', name: 'erp01-nightly', as: 'copy' },
    { advance: { until: { copy: { status: 'uploaded' } } } },
    { do: 'syncBackups', vault: 'hv1', copies: ['copy'] },
    { advance: '1m' },
    { expect: { 'copy.backup': { status: 'available' } } },
    { say: 'To restore it, create the ECS first: web-new, with a 40 GB system disk and a 100 GB data disk, like erp01.' },
    { do: 'createServer', name: 'web-new', os: 'linux', systemDiskGB: 40, dataDisksGB: [100], as: 'webNew' },
    { do: 'createServer', name: 'web-small', os: 'linux', systemDiskGB: 40, dataDisksGB: [20], as: 'small' },
    { advance: { until: { webNew: { status: 'ACTIVE' }, small: { status: 'ACTIVE' } } } },
    { say: 'web-small\'s data disk is 20 GB: too small for erp01\'s 100 GB disk (R3).' },
    { refuse: 'BackupService.2001', do: 'restoreBackup', backup: 'copy.backup', target: 'small' },
    { say: 'Onto web-new: it is stopped while the backup is Restoring (R2).' },
    { do: 'restoreBackup', backup: 'copy.backup', target: 'webNew' },
    { expect: { 'copy.backup': { status: 'restoring' }, webNew: { status: 'SHUTOFF' } } },
    { expectTask: { backup: 'copy.backup', operationType: 'restore', status: 'running' } },
    { advance: { until: { 'copy.backup': { status: 'available' } } } },
    { say: 'The restore is over: web-new runs erp01\'s system, with the VMware tools removed and VirtIO drivers injected.' },
    { expect: { webNew: { status: 'ACTIVE' } } },
    { expectTask: { backup: 'copy.backup', operationType: 'restore', status: 'success', code: null } },
  ],
});
