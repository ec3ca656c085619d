import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c11-import-data-disk-image',
  title: 'A data-disk image imported from another platform creates an EVS disk',
  narrative:
    'Import the data-disk image of a server from elsewhere. Once the import is done, create a disk from it and attach the ' +
    'disk to a server here.',
  rules: ['C11', 'C6'],
  setup: { servers: [{ as: 'web' }] },
  steps: [
    { do: 'importImage', name: 'legacy-data', kind: 'data-disk', sizeGB: 80, as: 'imported' },
    { expect: { imported: { imageKind: 'data-disk', label: 'Creating' } } },
    { refuse: 'Sim.InvalidState', do: 'createDiskFromImage', image: 'imported', name: 'too-early' },
    { advance: { until: { imported: { status: 'active' } } } },
    { do: 'createDiskFromImage', image: 'imported', name: 'migrated', as: 'disk' },
    { expect: { disk: { status: 'creating' } } },
    { advance: { until: { disk: { status: 'available' } } } },
    { expect: { disk: { sizeGB: 80 } } },
    { do: 'attachDisk', disk: 'disk', server: 'web' },
    { expect: { disk: { status: 'in-use', label: 'In-use' } } },
  ],
});
