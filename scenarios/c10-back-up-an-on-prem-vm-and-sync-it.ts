import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c10-back-up-an-on-prem-vm-and-sync-it',
  title: 'Back up an on-premises VMware VM and synchronise it into a hybrid vault',
  narrative:
    'The VMware VM erp01 runs in the datacenter dc1, where eBackup is installed. CBR cannot back it up itself: eBackup ' +
    'backs it up on premises into a local backup copy and uploads the copy (V1). The cloud sees it only when the copy is ' +
    'synchronised into a hybrid cloud backup vault, hv1: one sync task for the batch, Running and then Successful. The ' +
    'backup it makes is Available at once, a backup of an OS::VMware::Server (V2). While a sync runs, a second sync of the ' +
    'vault is refused (BackupService.7302), and an ordinary server backup vault cannot be synchronised at all ' +
    '(BackupService.7300).',
  rules: ['C10', 'V1', 'V2'],
  walkthrough: true,
  setup: {
    profile: 'realistic',
    start: '2026-03-02T20:00:00Z',
    servers: [{ as: 'web', name: 'web-01' }],
    vaults: [{ as: 'serverVault', name: 'vault-web', kind: 'server', resources: ['web'] }],
  },
  steps: [
    { do: 'createSite', name: 'dc1', ebackup: true, as: 'dc1' },
    { do: 'createVm', site: 'dc1', name: 'erp01', os: 'linux', disksGB: [40, 100], as: 'erp01' },
    { say: 'In the cloud, a hybrid cloud backup vault for erp01: eBackup backs the VMs of a protection set up into it.' },
    { do: 'createVault', name: 'hv1', kind: 'vmware', as: 'hv1' },
    { do: 'addVaultResources', vault: 'hv1', resources: ['erp01'] },
    { say: 'eBackup backs erp01 up on premises, then uploads the copy (V1). The cloud knows nothing of it yet.' },
    { do: 'backupVmOnPrem', vm: 'erp01', name: 'erp01-nightly', as: 'copy' },
    { expect: { copy: { status: 'backing_up', sizeGB: 140 } } },
    { expectCount: { kind: 'backup', equals: 0 } },
    { advance: { until: { copy: { status: 'uploaded' } } } },
    { say: 'The copy is uploaded: synchronise it into hv1. One sync task takes the batch (V1).' },
    { do: 'syncBackups', vault: 'hv1', copies: ['copy'] },
    { expectTask: { vault: 'hv1', operationType: 'sync', status: 'running' } },
    { say: 'While it runs, the vault cannot be synchronised again (BackupService.7302).' },
    { refuse: 'BackupService.7302', do: 'syncVault', vault: 'hv1' },
    { advance: '1m' },
    { say: 'The sync task is over: the backup is there, Available from the start (V2), and it is a VMware backup.' },
    { expectTask: { vault: 'hv1', operationType: 'sync', status: 'success', syncBackupNum: 1, errSyncBackupNum: 0 } },
    {
      expect: {
        'copy.backup': {
          status: 'available', label: 'Available', imageable: false, sizeGB: 140,
          resourceType: 'OS::VMware::Server', providerId: 'a13639de-00be-4e94-af30-26912d75e4a2',
        },
      },
    },
    { say: 'Only a hybrid vault synchronises: the server backup vault of web-01 cannot (BackupService.7300).' },
    { refuse: 'BackupService.7300', do: 'syncVault', vault: 'serverVault' },
  ],
});
