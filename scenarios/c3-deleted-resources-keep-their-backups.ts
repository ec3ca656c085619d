import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c3-deleted-resources-keep-their-backups',
  title: 'Deleting a disk or a server does not delete its backups',
  narrative:
    'Backups are stored apart from the resources they protect. After the disk and the server are deleted, their backups ' +
    'are still Available: they can create a new disk, restore another server and make an image.',
  rules: ['C3', 'C7'],
  setup: {
    servers: [{ as: 'web' }, { as: 'spare' }],
    disks: [{ as: 'data', sizeGB: 50 }],
  },
  steps: [
    { do: 'backupDisk', disk: 'data', as: 'diskBackup' },
    { do: 'backupServer', server: 'web', as: 'serverBackup' },
    { advance: { until: { diskBackup: { status: 'available' }, serverBackup: { status: 'available' } } } },
    { do: 'deleteDisk', disk: 'data' },
    { advance: { until: { data: { status: 'deleted' } } } },
    { expect: { diskBackup: { status: 'available' } } },
    { do: 'createDiskFromBackup', backup: 'diskBackup', name: 'data-again', as: 'again' },
    { advance: { until: { again: { status: 'available' } } } },
    { expect: { again: { sizeGB: 50 } } },
    { do: 'deleteServer', server: 'web' },
    { expect: { web: { status: 'DELETED' }, serverBackup: { status: 'available' } } },
    { say: 'The original server is gone, so restore the backup onto another server.' },
    { refuse: 'Sim.AlreadyDeleted', do: 'restoreBackup', backup: 'serverBackup' },
    { do: 'restoreBackup', backup: 'serverBackup', target: 'spare' },
    { expect: { serverBackup: { status: 'restoring' } } },
    { advance: { until: { serverBackup: { status: 'available' } } } },
    { do: 'createImageFromBackup', backup: 'serverBackup', name: 'from-deleted-server', as: 'image' },
    { expect: { image: { linkedTo: 'serverBackup' }, spare: { status: 'ACTIVE' } } },
  ],
});
