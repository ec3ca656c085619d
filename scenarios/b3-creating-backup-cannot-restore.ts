import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'b3-creating-backup-cannot-restore',
  title: 'A backup that is still Creating cannot be used to restore',
  narrative:
    'Restoring needs an Available backup. A Creating backup is refused, even once it is marked "Image can be created"; ' +
    'when it is Available, the restore goes ahead.',
  rules: ['B3'],
  setup: { servers: [{ as: 'web' }] },
  steps: [
    { do: 'backupServer', server: 'web', as: 'backup' },
    { expect: { backup: { status: 'protecting', imageable: false } } },
    { refuse: 'BackupService.2005', do: 'restoreBackup', backup: 'backup' },
    { advance: { until: { backup: { imageable: true } } } },
    { say: 'Marked "Image can be created", but still Creating: restore is still refused (B3).' },
    { expect: { backup: { status: 'protecting', label: 'Creating' } } },
    { refuse: 'BackupService.2005', do: 'restoreBackup', backup: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { do: 'restoreBackup', backup: 'backup' },
    { expect: { backup: { status: 'restoring', label: 'Restoring' } } },
    { advance: { until: { backup: { status: 'available' } } } },
    { expect: { web: { status: 'ACTIVE', label: 'Running' } } },
  ],
});
