import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'v3-restore-a-vmware-backup-onto-an-ecs',
  title: 'A VMware backup is restored onto an ECS made for it, and outlives the VM',
  narrative:
    'A VMware backup has no server in the cloud to go back to (V3): a restore must name an ECS, and the ECS must have a ' +
    'disk for each of the VM\'s, as large (R3: BackupService.2001 for a smaller one). The ECS is stopped and restored disk ' +
    'by disk; the backup is Restoring meanwhile, and a second restore from it is refused (BackupService.2005, B3). Deleting the VM on premises leaves the ' +
    'backup (C3).',
  rules: ['V3', 'C10', 'R2', 'R3', 'B3', 'C3'],
  steps: [
    { do: 'createSite', name: 'dc1', ebackup: true, as: 'dc1' },
    { do: 'createVm', site: 'dc1', name: 'erp01', os: 'linux', disksGB: [40, 100], as: 'erp01' },
    { do: 'createVault', name: 'hv1', kind: 'vmware', resources: ['erp01'], as: 'hv1' },
    { do: 'backupVmOnPrem', vm: 'erp01', as: 'copy' },
    { advance: { until: { copy: { status: 'uploaded' } } } },
    { do: 'syncBackups', vault: 'hv1', copies: ['copy'] },
    { advance: '1m' },
    { expect: { 'copy.backup': { status: 'available' } } },
    { say: 'A restore that names no ECS is refused: the message says which ECS to create.' },
    { refuse: 'Sim.InvalidArgument', do: 'restoreBackup', backup: 'copy.backup' },
    { do: 'createServer', name: 'tiny', os: 'linux', systemDiskGB: 40, dataDisksGB: [20], as: 'tiny' },
    { do: 'createServer', name: 'web-new', os: 'linux', systemDiskGB: 40, dataDisksGB: [100], as: 'webNew' },
    { advance: { until: { tiny: { status: 'ACTIVE' }, webNew: { status: 'ACTIVE' } } } },
    { refuse: 'BackupService.2001', do: 'restoreBackup', backup: 'copy.backup', target: 'tiny' },
    { do: 'restoreBackup', backup: 'copy.backup', target: 'webNew' },
    { expect: { 'copy.backup': { status: 'restoring' }, webNew: { status: 'SHUTOFF' } } },
    { say: 'While it is Restoring, the backup is not restored again (B3).' },
    { refuse: 'BackupService.2005', do: 'restoreBackup', backup: 'copy.backup', target: 'webNew' },
    { advance: { until: { 'copy.backup': { status: 'available' } } } },
    { expect: { webNew: { status: 'ACTIVE' } } },
    { say: 'erp01 is decommissioned on premises: its backup stays in hv1 (C3).' },
    { do: 'deleteVm', vm: 'erp01' },
    { expect: { erp01: { status: 'deleted' }, 'copy.backup': { status: 'available' } } },
  ],
});
