import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'p5-latest-backup-protected-while-next-runs',
  title: 'While the next backup runs, the most recent backup cannot be deleted',
  narrative:
    'The newest finished backup is the base the running backup builds on, so it is protected until the running one ends. ' +
    'Older backups can still be deleted.',
  rules: ['P5'],
  setup: { servers: [{ as: 'web' }] },
  steps: [
    { do: 'backupServer', server: 'web', as: 'oldest' },
    { advance: { until: { oldest: { status: 'available' } } } },
    { do: 'backupServer', server: 'web', as: 'latest' },
    { advance: { until: { latest: { status: 'available' } } } },
    { do: 'backupServer', server: 'web', as: 'running' },
    { expect: { running: { status: 'protecting' } } },
    { refuse: 'BackupService.6216', do: 'deleteBackup', backup: 'latest' },
    { expect: { latest: { status: 'available' } } },
    { say: 'An older backup is not protected.' },
    { do: 'deleteBackup', backup: 'oldest' },
    { expect: { oldest: { status: 'deleting' } } },
    { advance: { until: { running: { status: 'available' } } } },
    { do: 'deleteBackup', backup: 'latest' },
    { expect: { latest: { status: 'deleting', label: 'Deleting' } } },
  ],
});
