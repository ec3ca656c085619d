import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'seed-000-backup-to-image',
  title: 'Using a backup to create an image',
  narrative:
    'Back up an ECS, create a full-ECS image while the backup is still Creating but marked "Image can be created", ' +
    'provision several ECSs from it in one batch, try to delete the backup, then delete the image and the backup.',
  rules: ['B1', 'B2', 'B3', 'B4', 'B5', 'I1', 'I5', 'I6', 'I7', 'I9', 'I10', 'C12'],
  walkthrough: true,
  setup: {
    profile: 'realistic',
    servers: [{ as: 'web', name: 'web-01', os: 'linux', systemDiskGB: 40, dataDisksGB: [100], initTool: true, optimized: true }],
  },
  steps: [
    { say: 'The ECS meets the prerequisites of an image: it is optimized and has Cloud-Init.' },
    { do: 'backupServer', server: 'web', name: 'web-01-backup', as: 'backup' },
    { expect: { backup: { status: 'protecting', label: 'Creating', imageable: false } } },
    { say: 'Right after it starts, the backup cannot make an image yet (I1).' },
    { refuse: 'BackupService.6208', do: 'createImageFromBackup', backup: 'backup', name: 'too-early' },
    { advance: { until: { backup: { imageable: true } } } },
    { expect: { backup: { status: 'protecting', label: 'Creating', imageable: true } } },
    { say: 'Marked "Image can be created", but still Creating: it cannot restore (B3).' },
    { refuse: 'BackupService.2005', do: 'restoreBackup', backup: 'backup' },
    { do: 'createImageFromBackup', backup: 'backup', name: 'web-01-image', as: 'image' },
    { expect: { backup: { linkedTo: 'image' }, image: { linkedTo: 'backup', imageKind: 'full-ecs' } } },
    { refuse: 'BackupService.6210', do: 'createImageFromBackup', backup: 'backup', name: 'second' },
    { advance: { until: { image: { status: 'active' } } } },
    { expect: { image: { label: 'Normal', azRestricted: true }, backup: { status: 'protecting' } } },
    { say: 'One image provisions several ECSs in one batch (I6), in the backup\'s AZ while it is Creating (I10).' },
    { do: 'provisionServers', image: 'image', count: 3, namePrefix: 'web', as: 'copies' },
    { refuse: 'Sim.ImageAzRestricted', do: 'provisionServers', image: 'image', count: 1, az: 'eu-de-02' },
    { refuse: 'BackupService.6201', do: 'deleteBackup', backup: 'backup' },
    { advance: { until: { backup: { status: 'available' }, 'copies.0': { status: 'ACTIVE' } } } },
    { expect: { image: { azRestricted: false, sizeGB: { lessThan: 'backup' } } } },
    { say: 'A backup that has an image cannot be deleted: delete the image first (I7).' },
    { refuse: 'BackupService.6204', do: 'deleteBackup', backup: 'backup' },
    { do: 'deleteImage', image: 'image' },
    { do: 'deleteBackup', backup: 'backup' },
    { expect: { backup: { status: 'deleting', label: 'Deleting' } } },
    { advance: { until: { backup: { status: 'deleted' } } } },
    { expect: { 'copies.0': { status: 'ACTIVE' }, web: { status: 'ACTIVE' } } },
  ],
});
