import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i5-second-image-is-refused',
  title: 'A backup makes at most one full-ECS image',
  narrative:
    'To save image quota, a backup makes only one image: a second attempt is refused while the first image exists. ' +
    'Delete the first image and the backup can make a new one.',
  rules: ['I5'],
  setup: { servers: [{ as: 'web' }] },
  steps: [
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'first', as: 'first' },
    { expect: { backup: { linkedTo: 'first' }, first: { linkedTo: 'backup' } } },
    { refuse: 'BackupService.6210', do: 'createImageFromBackup', backup: 'backup', name: 'second' },
    { expectCount: { kind: 'image', equals: 1 } },
    { advance: { until: { first: { status: 'active' } } } },
    { say: 'Delete the first image: the backup is free to make another one.' },
    { do: 'deleteImage', image: 'first' },
    { expect: { first: { status: 'deleted' }, backup: { status: 'available', linkedTo: null } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'again', as: 'again' },
    { expect: { backup: { linkedTo: 'again' } } },
  ],
});
