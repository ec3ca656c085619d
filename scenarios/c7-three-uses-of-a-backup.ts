import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c7-three-uses-of-a-backup',
  title: 'A backup restores its original, creates a new disk, or creates a full-ECS image',
  narrative:
    'A disk backup restores the original disk or creates a new disk. A server backup restores its server or creates a ' +
    'full-ECS image; it cannot create a disk.',
  rules: ['C7'],
  setup: {
    servers: [{ as: 'web' }],
    disks: [{ as: 'data', sizeGB: 60 }],
  },
  steps: [
    { do: 'backupDisk', disk: 'data', as: 'diskBackup' },
    { advance: { until: { diskBackup: { status: 'available' } } } },
    { say: 'Use 1: restore the original disk.' },
    { do: 'restoreBackup', backup: 'diskBackup' },
    { expect: { data: { status: 'restoring-backup', label: 'Restoring' }, diskBackup: { status: 'restoring' } } },
    { advance: { until: { data: { status: 'available' }, diskBackup: { status: 'available' } } } },
    { say: 'Use 2: create a new disk from the backup.' },
    { do: 'createDiskFromBackup', backup: 'diskBackup', name: 'data-copy', as: 'copy' },
    { advance: { until: { copy: { status: 'available' } } } },
    { expect: { copy: { sizeGB: { equals: 'data' } } } },
    { do: 'backupServer', server: 'web', as: 'serverBackup' },
    { advance: { until: { serverBackup: { status: 'available' } } } },
    { refuse: 'Sim.InvalidArgument', do: 'createDiskFromBackup', backup: 'serverBackup', name: 'not-a-disk' },
    { say: 'Use 3: create a full-ECS image from the server backup.' },
    { do: 'createImageFromBackup', backup: 'serverBackup', name: 'web-full', as: 'image' },
    { expect: { image: { imageKind: 'full-ecs', linkedTo: 'serverBackup' } } },
  ],
});
