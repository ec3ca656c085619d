import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i10-image-restricted-to-backup-az',
  title: 'An image made while its backup is Creating works only in the backup\'s availability zone',
  narrative:
    'An image made from a backup that is still Creating is "Available in AZ eu-de-01" only: servers can be created from it ' +
    'there, not elsewhere. When the backup becomes Available, the image works in every AZ.',
  rules: ['I10'],
  setup: {
    profile: 'realistic',
    servers: [{ as: 'web', az: 'eu-de-01', dataDisksGB: [100] }],
  },
  steps: [
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { imageable: true } } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'early', as: 'image' },
    { advance: { until: { image: { status: 'active' } } } },
    { say: 'The image is Normal, while its backup is still Creating.' },
    { expect: { image: { label: 'Normal', azRestricted: true, az: 'eu-de-01' }, backup: { status: 'protecting' } } },
    { refuse: 'Sim.ImageAzRestricted', do: 'provisionServers', image: 'image', count: 1, az: 'eu-de-02' },
    { do: 'provisionServers', image: 'image', count: 1, as: 'here' },
    { expect: { 'here.0': { az: 'eu-de-01' } } },
    { advance: { until: { backup: { status: 'available' } } } },
    { expect: { image: { azRestricted: false } } },
    { do: 'provisionServers', image: 'image', count: 1, az: 'eu-de-02', as: 'there' },
    { advance: { until: { 'there.0': { status: 'ACTIVE' } } } },
    { expect: { 'there.0': { az: 'eu-de-02' }, 'here.0': { status: 'ACTIVE' } } },
  ],
});
