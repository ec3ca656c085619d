import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c1-backup-of-server-or-disk',
  title: 'A backup holds one server or one disk, as it was at one point in time',
  narrative:
    'A server backup holds all the server\'s disks, system disk included; a disk backup holds one disk. ' +
    'Each backup remembers the resource it was taken from, for recovery.',
  rules: ['C1'],
  setup: {
    servers: [{ as: 'web', systemDiskGB: 40, dataDisksGB: [100, 20] }],
    disks: [{ as: 'logs', sizeGB: 30 }],
  },
  steps: [
    { do: 'backupServer', server: 'web', as: 'serverBackup' },
    { do: 'backupDisk', disk: 'logs', as: 'diskBackup' },
    { advance: { until: { serverBackup: { status: 'available' }, diskBackup: { status: 'available' } } } },
    { say: 'The server backup: 40 + 100 + 20 GB, with the system disk.' },
    { expect: { serverBackup: { sizeGB: 160, containsSystemDisk: true } } },
    { say: 'The disk backup: just the 30 GB disk.' },
    { expect: { diskBackup: { sizeGB: { equals: 'logs' }, containsSystemDisk: false } } },
    { say: 'Each backup points back at the resource it was taken from.' },
    { expect: { 'serverBackup.resource': { status: 'ACTIVE' }, 'diskBackup.resource': { status: 'available', sizeGB: 30 } } },
  ],
});
