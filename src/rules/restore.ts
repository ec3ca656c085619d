/** R1–R4: restoring a server backup disk by disk (cloud-facts §5.6; added after the first release). */
import { defineRule, type Rule } from './rule.js';

const SCENARIO = 'scenario `r1-r4-restore-a-server-from-last-night`';
const BACKUP_RESTORE_TESTS = `\`test/sim/restore.test.ts\`, \`test/machines/backup.machine.test.ts\`; ${SCENARIO}`;

export const RESTORE: readonly Rule[] = [
  defineRule({
    id: 'R1',
    title: 'A Server Backup Holds Disk Backups',
    statement:
      'Inside a server backup sits a disk backup for every disk it covered, listed as its `children` with the system disk first and each one\'s size and role. ' +
      'A restore, or a new disk, works from those disk backups.',
    codes: [],
    where: '`backup` context `children` (system disk first), projected as child records (`src/sim/records.ts` `childRecord`), no actors; guard `fromChild` on `CREATE_DISK`',
    tests: BACKUP_RESTORE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'R2',
    title: 'A Restore Powers Off and Locks',
    statement:
      'A server restore switches the server off first and on again at the end; `power_on: false` keeps it off. ' +
      'While it runs, the server and its disks refuse another restore, a backup, and being stopped, started, deleted, attached or detached.',
    codes: ['BackupService.6215', 'Sim.InvalidState'],
    where: '`server` `RESTORE_START` `ACTIVE` → `SHUTOFF` (guard `restoreMayStart`), `RESTORE_ENDED` → `ACTIVE` (guard `powerOnAfterRestore`); region `protection.restoring` (`refuse 6215`); guard `restoreRunning` on `STOP`/`START`/`DELETE`/`ATTACH_DISK`/`DETACH_DISK`; `disk` state `restoringBackup` (`Sim.InvalidState`, R2)',
    tests: `\`test/sim/restore.test.ts\`, \`test/machines/server.machine.test.ts\`, \`test/machines/disk.machine.test.ts\`; ${SCENARIO}`,
    modelled: true,
  }),
  defineRule({
    id: 'R3',
    title: 'Restore Disk by Disk',
    statement:
      'A server backup is restored one disk at a time onto the target server\'s disks, the system disk onto the system disk and data disks onto data disks. ' +
      'Each disk backup must have a target disk, no smaller than the disk backup.',
    codes: ['BackupService.2001', 'Sim.RestoreTargetMissing'],
    where: '`backup` `RESTORE` guards `targetMissing` (`Sim.RestoreTargetMissing`) and `targetTooSmall` (`refuse 2001`) on the disk-by-disk plan the event carries',
    tests: BACKUP_RESTORE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'R4',
    title: 'Where a Restore Cannot Go',
    statement: 'A data-disk backup is never restored onto a system disk, nothing is restored onto a Faulty server, and two restores of the same resource never run at once.',
    codes: ['Sim.RestoreOntoSystemDisk', 'Sim.RestoreTargetFaulty', 'BackupService.2010'],
    where: '`backup` guard `dataOntoSystemDisk` (`Sim.RestoreOntoSystemDisk`); `server` guard `isFaulty` (`Sim.RestoreTargetFaulty`); `protection.restoring` (`refuse 2010`)',
    tests: BACKUP_RESTORE_TESTS,
    modelled: true,
  }),
];
