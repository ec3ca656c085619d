import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i11-delete-image-with-its-backup',
  title: 'Deleting a full-ECS image can delete its backup too, but not while the backup is Creating',
  narrative:
    'When you delete a full-ECS image you may ask to delete its backup as well. That is refused while the backup is still ' +
    'Creating; once it is Available, both go in one request.',
  rules: ['I11'],
  setup: {
    profile: 'realistic',
    servers: [{ as: 'web', dataDisksGB: [100] }],
  },
  steps: [
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { imageable: true } } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'web-image', as: 'image' },
    { advance: { until: { image: { status: 'active' } } } },
    { expect: { backup: { status: 'protecting', linkedTo: 'image' } } },
    { refuse: 'BackupService.6216', do: 'deleteImage', image: 'image', deleteBackup: true },
    { expect: { image: { status: 'active' } } },
    { advance: { until: { backup: { status: 'available' } } } },
    { do: 'deleteImage', image: 'image', deleteBackup: true },
    { say: 'The image is gone at once; its backup goes through Deleting.' },
    { expect: { image: { status: 'deleted' }, backup: { status: 'deleting' } } },
    { advance: { until: { backup: { status: 'deleted' } } } },
    { expectCount: { kind: 'backup', equals: 0 } },
  ],
});
