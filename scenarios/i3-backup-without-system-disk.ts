import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i3-backup-without-system-disk',
  title: 'A server backup without its system disk cannot make an image',
  narrative:
    'An image must be able to start a server, so its backup must hold the system disk. A server backup that left the ' +
    'system disk out is refused; a full backup of the same server works.',
  rules: ['I3'],
  setup: { servers: [{ as: 'web', systemDiskGB: 40, dataDisksGB: [100] }] },
  steps: [
    { do: 'backupServer', server: 'web', excludeDisks: ['web.systemDisk'], as: 'dataOnly' },
    { advance: { until: { dataOnly: { status: 'available' } } } },
    { expect: { dataOnly: { containsSystemDisk: false, imageable: false, sizeGB: 100 } } },
    { refuse: 'BackupService.6209', do: 'createImageFromBackup', backup: 'dataOnly', name: 'no-os' },
    { say: 'Back up the whole server, system disk included.' },
    { do: 'backupServer', server: 'web', as: 'full' },
    { advance: { until: { full: { status: 'available' } } } },
    { expect: { full: { containsSystemDisk: true, imageable: true, sizeGB: 140 } } },
    { do: 'createImageFromBackup', backup: 'full', name: 'web-image', as: 'image' },
    { expect: { image: { linkedTo: 'full', imageKind: 'full-ecs' }, dataOnly: { linkedTo: null } } },
  ],
});
