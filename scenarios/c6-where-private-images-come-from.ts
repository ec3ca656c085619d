import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c6-where-private-images-come-from',
  title: 'Private images come from a system disk, a data disk, or an imported image file',
  narrative:
    'IMS makes a system-disk image from a server, a data-disk image from one of its data disks, or imports an external ' +
    'image file. A system disk cannot be turned into a data-disk image.',
  rules: ['C6'],
  setup: { servers: [{ as: 'web', dataDisksGB: [100] }] },
  steps: [
    { do: 'createImageFromServer', server: 'web', name: 'web-os', kind: 'system-disk', as: 'os' },
    { do: 'createImageFromDisk', disk: 'web.dataDisks.0', name: 'web-data', as: 'data' },
    { refuse: 'Sim.InvalidArgument', do: 'createImageFromDisk', disk: 'web.systemDisk', name: 'wrong' },
    { do: 'importImage', name: 'ubuntu-import', kind: 'system-disk', sizeGB: 20, os: 'linux', as: 'imported' },
    { expect: { os: { imageKind: 'system-disk', label: 'Creating' }, data: { imageKind: 'data-disk' }, imported: { imageKind: 'system-disk' } } },
    { advance: { until: { os: { status: 'active' }, data: { status: 'active' }, imported: { status: 'active' } } } },
    { expectCount: { kind: 'image', status: 'active', equals: 3 } },
  ],
});
