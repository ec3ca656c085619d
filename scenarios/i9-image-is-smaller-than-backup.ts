import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i9-image-is-smaller-than-backup',
  title: 'An image made from a backup is smaller than the backup',
  narrative:
    'The backup is compressed when it is used to create an image, so the image takes less space than the backup: ' +
    'a 140 GB backup makes an 84 GB image, and even a 1 GB backup makes a smaller image.',
  rules: ['I9'],
  setup: {
    servers: [
      { as: 'web', systemDiskGB: 40, dataDisksGB: [100] },
      { as: 'tiny', systemDiskGB: 1 },
    ],
  },
  steps: [
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { expect: { backup: { sizeGB: 140 } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'web-image', as: 'image' },
    { expect: { image: { sizeGB: { lessThan: 'backup' } } } },
    { expect: { image: { sizeGB: 84 } } },
    { do: 'backupServer', server: 'tiny', as: 'small' },
    { advance: { until: { small: { status: 'available' } } } },
    { do: 'createImageFromBackup', backup: 'small', name: 'tiny-image', as: 'smallImage' },
    { expect: { small: { sizeGB: 1 }, smallImage: { sizeGB: { lessThan: 'small' } } } },
  ],
});
