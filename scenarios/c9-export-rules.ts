import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c9-export-rules',
  title: 'System-disk and data-disk images can be exported; full-ECS images and backups cannot',
  narrative:
    'You can export a system-disk or data-disk image to your PC. A full-ECS image cannot be exported, and a backup cannot be ' +
    'exported at all (Sim.BackupNotExportable): CBR keeps backups in the cloud.',
  rules: ['C9'],
  setup: { servers: [{ as: 'web', dataDisksGB: [100] }] },
  steps: [
    { do: 'createImageFromServer', server: 'web', name: 'web-os', kind: 'system-disk', as: 'os' },
    { do: 'createImageFromDisk', disk: 'web.dataDisks.0', name: 'web-data', as: 'data' },
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'web-full', as: 'full' },
    { advance: { until: { os: { status: 'active' }, data: { status: 'active' }, full: { status: 'active' } } } },
    { do: 'exportImage', image: 'os' },
    { do: 'exportImage', image: 'data' },
    { expect: { os: { status: 'active' }, data: { status: 'active' } } },
    { refuse: 'IMG.0128', do: 'exportImage', image: 'full' },
    { say: 'A backup is not exported either: CBR keeps backups in the cloud.' },
    { refuse: 'Sim.BackupNotExportable', do: 'exportBackup', backup: 'backup' },
    { expect: { full: { status: 'active', linkedTo: 'backup' } } },
  ],
});
