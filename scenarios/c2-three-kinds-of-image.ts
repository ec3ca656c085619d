import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c2-three-kinds-of-image',
  title: 'An image is a system-disk image, a data-disk image or a full-ECS image',
  narrative:
    'A system-disk image holds the OS and software, a data-disk image holds service data, and a full-ECS image holds the ' +
    'system disk and the data disks together. Only the full-ECS image comes from a backup.',
  rules: ['C2'],
  setup: { servers: [{ as: 'web', dataDisksGB: [100] }] },
  steps: [
    { do: 'createImageFromServer', server: 'web', name: 'web-os', kind: 'system-disk', as: 'os' },
    { do: 'createImageFromDisk', disk: 'web.dataDisks.0', name: 'web-data', as: 'data' },
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'web-full', as: 'full' },
    { expect: { os: { imageKind: 'system-disk', linkedTo: null }, data: { imageKind: 'data-disk', linkedTo: null }, full: { imageKind: 'full-ecs', linkedTo: 'backup' } } },
    { advance: { until: { os: { status: 'active' }, data: { status: 'active' }, full: { status: 'active' } } } },
    { expect: { os: { label: 'Normal' }, data: { label: 'Normal' }, full: { label: 'Normal' } } },
  ],
});
