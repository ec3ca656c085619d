import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i1-image-needs-mark-or-available',
  title: 'An image needs a backup that is Available, or Creating with the "Image can be created" mark',
  narrative:
    'Right after a backup starts, an image from it is refused. Once it is marked "Image can be created" the image is accepted, ' +
    'although the backup is still Creating. An Available backup makes images too.',
  rules: ['I1', 'B2'],
  setup: { servers: [{ as: 'web' }] },
  steps: [
    { do: 'backupServer', server: 'web', as: 'early' },
    { expect: { early: { status: 'protecting', imageable: false } } },
    { refuse: 'BackupService.6208', do: 'createImageFromBackup', backup: 'early', name: 'too-early' },
    { advance: { until: { early: { imageable: true } } } },
    { do: 'createImageFromBackup', backup: 'early', name: 'while-creating', as: 'first' },
    { expect: { early: { status: 'protecting', linkedTo: 'first' }, first: { linkedTo: 'early', imageKind: 'full-ecs' } } },
    { advance: { until: { early: { status: 'available' }, first: { status: 'active' } } } },
    { say: 'A backup that is already Available can make an image at once.' },
    { do: 'backupServer', server: 'web', as: 'later' },
    { advance: { until: { later: { status: 'available' } } } },
    { do: 'createImageFromBackup', backup: 'later', name: 'from-available', as: 'second' },
    { expect: { later: { linkedTo: 'second' }, second: { linkedTo: 'later', azRestricted: false } } },
  ],
});
