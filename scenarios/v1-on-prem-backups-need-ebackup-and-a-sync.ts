import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'v1-on-prem-backups-need-ebackup-and-a-sync',
  title: 'An on-premises VM is backed up by eBackup, and only uploaded copies synchronise',
  narrative:
    'A VMware VM is backed up on premises, by eBackup (V1): where eBackup is not installed there is no backup ' +
    '(Sim.EbackupNotInstalled) until it is; a VM on a vSphere version eBackup does not support is refused ' +
    '(Sim.VsphereVersionUnsupported). A sync task takes a batch of copies; a copy not uploaded yet cannot be imported ' +
    '(BackupService.1006): the task counts it as an error and goes on with the rest.',
  rules: ['V1', 'C10'],
  steps: [
    { do: 'createSite', name: 'dc2', as: 'dc2' },
    { do: 'createVm', site: 'dc2', name: 'erp01', os: 'linux', disksGB: [40, 100], as: 'erp01' },
    { say: 'dc2 has no eBackup yet: nothing backs erp01 up.' },
    { refuse: 'Sim.EbackupNotInstalled', do: 'backupVmOnPrem', vm: 'erp01' },
    { do: 'installEbackup', site: 'dc2' },
    { expect: { dc2: { status: 'ready', label: 'eBackup ready' } } },
    { say: 'eBackup does not support vSphere 5.5: a VM on it is refused.' },
    { do: 'createVm', site: 'dc2', name: 'legacy', os: 'windows', disksGB: [60], vsphereVersion: '5.5', as: 'legacy' },
    { refuse: 'Sim.VsphereVersionUnsupported', do: 'backupVmOnPrem', vm: 'legacy' },
    { say: 'Two VMs in the hybrid vault hv2: erp01\'s copy is uploaded, erp02\'s is still being made.' },
    { do: 'createVm', site: 'dc2', name: 'erp02', os: 'linux', disksGB: [40], as: 'erp02' },
    { do: 'createVault', name: 'hv2', kind: 'vmware', resources: ['erp01', 'erp02'], as: 'hv2' },
    { do: 'backupVmOnPrem', vm: 'erp01', as: 'ready' },
    { advance: { until: { ready: { status: 'uploaded' } } } },
    { do: 'backupVmOnPrem', vm: 'erp02', as: 'early' },
    { expect: { early: { status: 'backing_up' } } },
    { say: 'One sync task for both: erp02\'s copy is counted as an error at once (BackupService.1006); erp01\'s goes on.' },
    { do: 'syncBackups', vault: 'hv2', copies: ['ready', 'early'] },
    { expectTask: { vault: 'hv2', operationType: 'sync', status: 'running', errSyncBackupNum: 1 } },
    { advance: '1m' },
    { expectTask: { vault: 'hv2', operationType: 'sync', status: 'success', syncBackupNum: 1, errSyncBackupNum: 1, code: 'BackupService.1006' } },
    { expect: { 'ready.backup': { status: 'available' } } },
    { expectCount: { kind: 'backup', equals: 1 } },
    { say: 'A failed sync makes no backup: its task is Failed, with the code.' },
    { expect: { early: { status: 'uploaded' } } },
    { do: 'failNext', operation: 'sync' },
    { do: 'syncBackups', vault: 'hv2', copies: ['early'] },
    { expectTask: { vault: 'hv2', operationType: 'sync', status: 'running', count: 1 } },
    { advance: '1m' },
    { expectTask: { vault: 'hv2', operationType: 'sync', status: 'failed', syncBackupNum: 0, errSyncBackupNum: 1 } },
    { expectCount: { kind: 'backup', equals: 1 } },
  ],
});
