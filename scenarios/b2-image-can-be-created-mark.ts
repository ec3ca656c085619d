import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'b2-image-can-be-created-mark',
  title: 'Some time into Creating, a server backup is marked "Image can be created"',
  narrative:
    'A server backup starts without the mark. After its snapshot phase it is marked "Image can be created" ' +
    'although it is still Creating, and an image may be made from it from then on.',
  rules: ['B2', 'I1'],
  setup: { servers: [{ as: 'web', dataDisksGB: [100] }] },
  steps: [
    { do: 'backupServer', server: 'web', as: 'backup' },
    { expect: { backup: { status: 'protecting', label: 'Creating', imageable: false } } },
    { refuse: 'BackupService.6208', do: 'createImageFromBackup', backup: 'backup', name: 'too-early' },
    { advance: { until: { backup: { imageable: true } } } },
    { say: 'The mark comes while the backup is still Creating: it is not Available yet (B2).' },
    { expect: { backup: { status: 'protecting', label: 'Creating', imageable: true } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'web-image', as: 'image' },
    { expect: { backup: { status: 'protecting', linkedTo: 'image' }, image: { linkedTo: 'backup' } } },
    { advance: { until: { backup: { status: 'available' }, image: { status: 'active' } } } },
    { expect: { backup: { imageable: true, linkedTo: 'image' } } },
  ],
});
