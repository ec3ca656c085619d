import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i2-disk-backup-cannot-make-image',
  title: 'A disk backup cannot be used to create an image',
  narrative:
    'Only ECS (server) backups make images. A backup of a single EVS disk is refused; ' +
    'what it can do instead is create a new disk.',
  rules: ['I2', 'C7'],
  setup: { disks: [{ as: 'data', sizeGB: 50 }] },
  steps: [
    { do: 'backupDisk', disk: 'data', as: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { say: 'A disk backup never gets the "Image can be created" mark.' },
    { expect: { backup: { containsSystemDisk: false, imageable: false, sizeGB: { equals: 'data' } } } },
    { refuse: 'BackupService.6207', do: 'createImageFromBackup', backup: 'backup', name: 'from-disk' },
    { expect: { backup: { status: 'available', linkedTo: null } } },
    { do: 'createDiskFromBackup', backup: 'backup', name: 'data-copy', as: 'copy' },
    { advance: { until: { copy: { status: 'available' } } } },
    { expect: { copy: { sizeGB: { equals: 'data' } } } },
  ],
});
