import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'b4-failed-backup-ends-in-error',
  title: 'A backup that fails ends in Error and must be deleted by hand',
  narrative:
    'Creating ends in Available, or in Error when the backup job fails. An Error backup can neither restore nor make an image; ' +
    'nothing cleans it up, so you delete it yourself.',
  rules: ['B4', 'B5'],
  setup: { servers: [{ as: 'web' }] },
  steps: [
    { say: 'The next backup job will fail.' },
    { do: 'failNext', operation: 'backup' },
    { do: 'backupServer', server: 'web', as: 'failed' },
    { expect: { failed: { status: 'protecting', label: 'Creating' } } },
    { advance: { until: { failed: { status: 'error' } } } },
    { expect: { failed: { label: 'Error', imageable: false, linkedTo: null } } },
    { refuse: 'BackupService.2005', do: 'restoreBackup', backup: 'failed' },
    { refuse: 'BackupService.6208', do: 'createImageFromBackup', backup: 'failed', name: 'from-error' },
    { do: 'deleteBackup', backup: 'failed' },
    { expect: { failed: { status: 'deleting', label: 'Deleting' } } },
    { say: 'The next backup of the same server runs normally and ends Available.' },
    { do: 'backupServer', server: 'web', as: 'good' },
    { advance: { until: { good: { status: 'available' }, failed: { status: 'deleted' } } } },
    { expect: { good: { label: 'Available', imageable: true } } },
  ],
});
