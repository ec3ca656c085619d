import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i6-image-needs-its-backup',
  title: 'A full-ECS image cannot create servers once its backup failed or is gone',
  narrative:
    'A full-ECS image lives on its backup. If the backup ends in Error, the image is unusable; ' +
    'if the backup is deleted (here with its vault), servers can no longer be created from the image.',
  rules: ['I6', 'B4'],
  setup: {
    servers: [{ as: 'web' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }],
  },
  steps: [
    { do: 'failNext', operation: 'backup' },
    { do: 'backupServer', server: 'web', as: 'doomed' },
    { advance: { until: { doomed: { imageable: true } } } },
    { do: 'createImageFromBackup', backup: 'doomed', name: 'broken', as: 'broken' },
    { expect: { doomed: { status: 'protecting', linkedTo: 'broken' }, broken: { linkedTo: 'doomed' } } },
    { advance: { until: { doomed: { status: 'error' }, broken: { status: 'active' } } } },
    { say: 'The image is Normal, but its backup ended in Error.' },
    { refuse: 'Ecs.0048', do: 'provisionServers', image: 'broken', count: 1 },
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'orphan', as: 'image' },
    { advance: { until: { image: { status: 'active' } } } },
    { say: 'Deleting the vault deletes every backup in it, even one that has an image.' },
    { do: 'deleteVault', vault: 'vault' },
    { advance: { until: { backup: { status: 'deleted' } } } },
    { expect: { image: { status: 'active' } } },
    { refuse: 'Ecs.0034', do: 'provisionServers', image: 'image', count: 1 },
  ],
});
