import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i12-private-image-quota',
  title: 'Private images count against a quota; one more than the quota is refused',
  narrative:
    'Every private image counts against the region\'s quota (50 by default, 2 here). At the quota, a new image is refused ' +
    'until one is deleted.',
  rules: ['I12'],
  setup: { imageQuota: 2, servers: [{ as: 'web' }] },
  steps: [
    { do: 'createImageFromServer', server: 'web', name: 'web-os', kind: 'system-disk', as: 'os' },
    { do: 'importImage', name: 'legacy', kind: 'data-disk', sizeGB: 10, as: 'legacy' },
    { expectCount: { kind: 'image', equals: 2 } },
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { status: 'available' }, os: { status: 'active' } } } },
    { refuse: 'IMG.0015', do: 'createImageFromBackup', backup: 'backup', name: 'third' },
    { expect: { backup: { linkedTo: null } } },
    { say: 'Free a place in the quota by deleting an image.' },
    { do: 'deleteImage', image: 'os' },
    { expect: { os: { status: 'deleted' } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'third', as: 'third' },
    { expect: { backup: { linkedTo: 'third' } } },
    { expectCount: { kind: 'image', equals: 2 } },
  ],
});
