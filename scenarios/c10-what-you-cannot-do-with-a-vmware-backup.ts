import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c10-what-you-cannot-do-with-a-vmware-backup',
  title: 'What you cannot do with a VMware backup, and how it goes away',
  narrative:
    'A synchronised VMware backup is for restoring onto an ECS, and for nothing else (V4): it makes no image ' +
    '(BackupService.6207, I2), its hybrid vault takes no backup policy (BackupService.6136, C5), and it is neither shared, ' +
    'turned into a disk nor exported (C9). Its retention is eBackup\'s: when eBackup lets the local copy expire, the next ' +
    'synchronisation of the vault deletes the backup too (V1).',
  rules: ['C10', 'V4', 'V1', 'I2', 'C9', 'B5'],
  setup: { policies: [{ as: 'daily', name: 'daily-7', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=1;BYMINUTE=0'], maxBackups: 7 }] },
  steps: [
    { say: 'erp01 of the datacenter dc1 was backed up by eBackup and synchronised into the hybrid vault hv1.' },
    { do: 'createSite', name: 'dc1', ebackup: true, as: 'dc1' },
    { do: 'createVm', site: 'dc1', name: 'erp01', os: 'linux', disksGB: [40, 100], as: 'erp01' },
    { do: 'createVault', name: 'hv1', kind: 'vmware', resources: ['erp01'], as: 'hv1' },
    { do: 'backupVmOnPrem', vm: 'erp01', name: 'erp01-nightly', as: 'copy' },
    { advance: { until: { copy: { status: 'uploaded' } } } },
    { do: 'syncBackups', vault: 'hv1', copies: ['copy'] },
    { advance: '1m' },
    { expect: { 'copy.backup': { status: 'available' } } },
    { say: 'Only a backup of an ECS makes an image (I2).' },
    { refuse: 'BackupService.6207', do: 'createImageFromBackup', backup: 'copy.backup', name: 'erp01-image' },
    { say: 'A hybrid vault takes no backup policy: eBackup schedules and keeps the backups.' },
    { refuse: 'BackupService.6136', do: 'applyPolicy', policy: 'daily', vault: 'hv1' },
    { say: 'Nor is a VMware backup shared with another project, turned into a disk, or exported (C9).' },
    { refuse: 'Sim.VmwareBackupNotShareable', do: 'shareBackup', backup: 'copy.backup', projects: ['project-b'] },
    { refuse: 'Sim.VmwareBackupNoDisk', do: 'createDiskFromBackup', backup: 'copy.backup', name: 'erp01-data' },
    { refuse: 'Sim.BackupNotExportable', do: 'exportBackup', backup: 'copy.backup' },
    { expect: { 'copy.backup': { status: 'available', linkedTo: null } } },
    { say: 'eBackup\'s retention lets the local copy expire. The next synchronisation of hv1 deletes its backup in the cloud.' },
    { do: 'expireLocalCopy', copy: 'copy' },
    { expect: { copy: { status: 'expired' }, 'copy.backup': { status: 'available' } } },
    { do: 'syncVault', vault: 'hv1' },
    { expectTask: { vault: 'hv1', operationType: 'sync', status: 'running' } },
    { advance: { until: { 'copy.backup': { status: 'deleting' } }, max: '1m' } },
    { expectTask: { vault: 'hv1', operationType: 'sync', status: 'success', syncBackupNum: 0, deleteBackupNum: 1 } },
    { advance: { until: { 'copy.backup': { status: 'deleted' } }, max: '1m' } },
    { expectCount: { kind: 'backup', equals: 0 } },
  ],
});
