import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'v2-a-synced-backup-is-born-available',
  title: 'A synchronised VMware backup is never Creating: it is Available when its sync ends',
  narrative:
    'An ECS backup is Creating first, then marked Image can be created, then Available (B1, B2). A VMware backup is made on ' +
    'premises, so the cloud has nothing to create (V2): while its sync task runs there is no backup, and the moment the ' +
    'task succeeds the backup is Available, not marked Image can be created, an OS::VMware::Server with the VMware ' +
    'provider id.',
  rules: ['V2', 'C10', 'B1'],
  setup: { profile: 'realistic', start: '2026-03-02T22:00:00Z' },
  steps: [
    { do: 'createSite', name: 'dc1', ebackup: true, as: 'dc1' },
    { do: 'createVm', site: 'dc1', name: 'erp01', os: 'linux', disksGB: [40, 100], as: 'erp01' },
    { do: 'createVault', name: 'hv1', kind: 'vmware', resources: ['erp01'], as: 'hv1' },
    { do: 'backupVmOnPrem', vm: 'erp01', as: 'copy' },
    { advance: { until: { copy: { status: 'uploaded' } } } },
    { say: 'The sync of one copy takes 40 seconds (30 s, and 10 s a copy).' },
    { do: 'syncBackups', vault: 'hv1', copies: ['copy'] },
    { advance: '39s' },
    { say: 'A second before it ends, there is no backup at all: none Creating.' },
    { expectTask: { vault: 'hv1', operationType: 'sync', status: 'running' } },
    { expectCount: { kind: 'backup', equals: 0 } },
    { advance: '1s' },
    { say: 'The task has succeeded: the backup is there, and Available already.' },
    { expectTask: { vault: 'hv1', operationType: 'sync', status: 'success', syncBackupNum: 1 } },
    {
      expect: {
        'copy.backup': {
          status: 'available', label: 'Available', imageable: false, linkedTo: null,
          resourceType: 'OS::VMware::Server', providerId: 'a13639de-00be-4e94-af30-26912d75e4a2',
        },
      },
    },
    { expectCount: { kind: 'backup', status: 'protecting', equals: 0 } },
  ],
});
