import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i7-backup-with-image-cannot-be-deleted',
  title: 'A backup that has an image cannot be deleted',
  narrative: 'Delete the image first, then the backup: the backup\'s image link blocks its DELETE until the image is gone.',
  rules: ['I7', 'B5'],
  setup: { servers: [{ as: 'web' }] },
  steps: [
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'golden', as: 'image' },
    { refuse: 'BackupService.6204', do: 'deleteBackup', backup: 'backup' },
    { expect: { backup: { status: 'available', linkedTo: 'image' } } },
    { advance: { until: { image: { status: 'active' } } } },
    { do: 'deleteImage', image: 'image' },
    { expect: { backup: { linkedTo: null } } },
    { do: 'deleteBackup', backup: 'backup' },
    { expect: { backup: { status: 'deleting' } } },
  ],
});
