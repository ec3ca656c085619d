import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'v4-vmware-backup-image-goes-through-an-ecs',
  title: 'A VMware backup makes no image: restore it onto an ECS, back that up, and image its backup',
  narrative:
    'Only backups of ECSs make images (I2); a VMware backup is refused (BackupService.6207, V4), and its hybrid vault ' +
    'takes no policy (BackupService.6136). The way to an image goes through an ECS: restore the VMware backup onto one ' +
    '(V3), back the ECS up, and create the image from that backup.',
  rules: ['V4', 'C10', 'I2', 'V3'],
  setup: { policies: [{ as: 'daily', name: 'daily-7', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=1;BYMINUTE=0'], maxBackups: 7 }] },
  steps: [
    { do: 'createSite', name: 'dc1', ebackup: true, as: 'dc1' },
    { do: 'createVm', site: 'dc1', name: 'erp01', os: 'linux', disksGB: [40], as: 'erp01' },
    { do: 'createVault', name: 'hv1', kind: 'vmware', resources: ['erp01'], as: 'hv1' },
    { do: 'backupVmOnPrem', vm: 'erp01', as: 'copy' },
    { advance: { until: { copy: { status: 'uploaded' } } } },
    { do: 'syncBackups', vault: 'hv1', copies: ['copy'] },
    { advance: '1m' },
    { expect: { 'copy.backup': { status: 'available' } } },
    { refuse: 'BackupService.6207', do: 'createImageFromBackup', backup: 'copy.backup', name: 'erp01-image' },
    { refuse: 'BackupService.6136', do: 'applyPolicy', policy: 'daily', vault: 'hv1' },
    { refuse: 'Sim.BackupNotExportable', do: 'exportBackup', backup: 'copy.backup' },
    { say: 'Restore it onto an ECS first.' },
    { do: 'createServer', name: 'erp01-ecs', os: 'linux', systemDiskGB: 40, as: 'ecs' },
    { advance: { until: { ecs: { status: 'ACTIVE' } } } },
    { do: 'restoreBackup', backup: 'copy.backup', target: 'ecs' },
    { advance: { until: { 'copy.backup': { status: 'available' }, ecs: { status: 'ACTIVE' } } } },
    { say: 'Back the ECS up: this backup is an ECS backup, and it makes the image.' },
    { do: 'backupServer', server: 'ecs', name: 'erp01-ecs-backup', as: 'ecsBackup' },
    { advance: { until: { ecsBackup: { status: 'available' } } } },
    { expect: { ecsBackup: { resourceType: 'OS::Nova::Server' } } },
    { do: 'createImageFromBackup', backup: 'ecsBackup', name: 'erp01-image', as: 'image' },
    { advance: { until: { image: { status: 'active' } } } },
    { expect: { image: { linkedTo: 'ecsBackup' }, 'copy.backup': { linkedTo: null } } },
  ],
});
