/** B1–B5: a backup's life from Creating to gone (seed 000, "Using a Backup to Create an Image"). */
import { defineRule, type Rule } from './rule.js';

const LIFECYCLE_TESTS = '`test/sim/backup-lifecycle.test.ts`, `test/machines/backup.machine.test.ts`';

export const BACKUP_LIFECYCLE: readonly Rule[] = [
  defineRule({
    id: 'B1',
    title: 'Creating From the Start',
    statement: 'A backup shows as Creating (API status `protecting`) from the moment its creation job begins, and stays so until the job ends.',
    codes: [],
    where: '`backup` state `lifecycle.creating` (`meta.status: \'protecting\'`, "Creating")',
    tests: LIFECYCLE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'B2',
    title: 'The "Image Can Be Created" Mark',
    statement:
      'Part-way through Creating, after a snapshot phase that grows with the amount of data, a server backup with system-disk data gets the mark "Image can be created". ' +
      'It can make an image from that moment, Creating or not; the API has no field for the mark, so the simulator shows it as `imageable`.',
    codes: [],
    where: '`backup` named delay `snapshotPhase` → `creating.imageCreatable` (guard `hasSystemDiskData`)',
    tests: LIFECYCLE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'B3',
    title: 'No Restore Until Available',
    statement: 'Restoring needs an Available backup: one that is still Creating cannot be restored from, with or without the "Image can be created" mark.',
    codes: ['BackupService.2005', 'Sim.InvalidState'],
    where: '`backup` `RESTORE` only from `available`; `refuse 2005` elsewhere',
    tests: LIFECYCLE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'B4',
    title: 'Creating Ends in Available or Error',
    statement:
      'A backup leaves Creating for Available, or for Error if its job fails. ' +
      'An Error backup can neither restore nor make an image; it stays until it is deleted (by hand, or for an automatic backup by the clean-up of P9).',
    codes: ['BackupService.2005'],
    where: '`backup` named delay `dataTransfer`, guard `jobFails` → `error`',
    tests: LIFECYCLE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'B5',
    title: 'Deletion Goes Through Deleting',
    statement: 'Only an Available or an Error backup can be deleted, and it passes through Deleting before it is gone.',
    codes: ['BackupService.6201'],
    where: '`backup` `deleting` state; `refuse 6201` in creating/restoring/deleting',
    tests: LIFECYCLE_TESTS,
    modelled: true,
  }),
];
