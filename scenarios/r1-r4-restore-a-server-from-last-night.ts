import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'r1-r4-restore-a-server-from-last-night',
  title: 'Restore a server from last night\'s backup: power off, disk by disk, power on',
  narrative:
    'Last night web was backed up: its backup holds one disk backup per disk, system disk first (R1). ' +
    'This morning its data is damaged, so it is restored from that backup. The trainee first tries a spare server with ' +
    'only a system disk: the data-disk backup has no target disk there (R3, Sim.RestoreTargetMissing). A backup of the ' +
    'data disk cannot go onto the system disk either (R4, Sim.RestoreOntoSystemDisk). Restoring web itself powers it off ' +
    '(R2) and restores disk by disk, system disk onto the system disk and data disk onto the data disk (R3). While it ' +
    'restores, web and its disks are locked (R2): stopping it, backing it up (BackupService.6215) and a second restore ' +
    '(BackupService.2010, R4) are refused. When the restore ends, web is powered on again.',
  rules: ['R1', 'R2', 'R3', 'R4'],
  setup: {
    servers: [{ as: 'web', systemDiskGB: 40, dataDisksGB: [100] }, { as: 'spare', systemDiskGB: 40 }],
  },
  steps: [
    { say: 'Last night: a backup of web and one of its data disk (R1: the server backup holds both disks).' },
    { do: 'backupServer', server: 'web', name: 'web-nightly', as: 'nightly' },
    { do: 'backupDisk', disk: 'web.dataDisks.0', name: 'web-data-nightly', as: 'dataBackup' },
    { advance: { until: { nightly: { status: 'available' }, dataBackup: { status: 'available' } } } },
    { expect: { nightly: { sizeGB: 140 } } },
    { say: 'This morning. The spare server has only a 40 GB system disk: the 100 GB data-disk backup has nowhere to go (R3).' },
    { refuse: 'Sim.RestoreTargetMissing', do: 'restoreBackup', backup: 'nightly', target: 'spare' },
    { say: 'A data-disk backup never goes onto a system disk (R4).' },
    { refuse: 'Sim.RestoreOntoSystemDisk', do: 'restoreBackup', backup: 'dataBackup', target: 'web.systemDisk' },
    { say: 'Restore web itself: it is powered off (R2), and each disk is restored from its own disk backup (R3).' },
    { do: 'restoreBackup', backup: 'nightly' },
    { expect: { nightly: { status: 'restoring' }, web: { status: 'SHUTOFF' }, 'web.systemDisk': { status: 'restoring-backup' }, 'web.dataDisks.0': { status: 'restoring-backup' } } },
    { say: 'While it restores, web and its disks are locked (R2); restores of one resource do not run at once (R4).' },
    { refuse: 'Sim.InvalidState', do: 'startServer', server: 'web' },
    { refuse: 'Sim.InvalidState', do: 'deleteServer', server: 'web' },
    { refuse: 'BackupService.6215', do: 'backupServer', server: 'web' },
    { refuse: 'BackupService.2010', do: 'restoreBackup', backup: 'dataBackup' },
    { advance: { until: { nightly: { status: 'available' } } } },
    { say: 'The restore is over: web is Running again and its disks are In-use.' },
    { expect: { web: { status: 'ACTIVE' }, 'web.systemDisk': { status: 'in-use' }, 'web.dataDisks.0': { status: 'in-use' } } },
  ],
});
