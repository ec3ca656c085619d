/** I1–I12: making a full-ECS image from a backup, and what the image can do (seed 000). */
import { defineRule, type Rule } from './rule.js';

const IMAGE_TESTS = '`test/sim/images.test.ts`, `test/machines/backup.machine.test.ts`';
const IMAGE_CHART_TESTS = '`test/sim/images.test.ts`, `test/machines/image.machine.test.ts`';

export const IMAGES_FROM_BACKUPS: readonly Rule[] = [
  defineRule({
    id: 'I1',
    title: 'An Image Needs a Marked or Available Backup',
    statement: 'A backup can make an image only while it is Available, or while it is still Creating but already carries the "Image can be created" mark.',
    codes: ['BackupService.6208'],
    where: '`backup` region `imageLink`, guard `isMarkedOrAvailable` (`refuse 6208`)',
    tests: IMAGE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'I2',
    title: 'Only Server Backups Make Images',
    statement: 'Images come only from ECS (server) backups; a backup of a single EVS disk cannot make one.',
    codes: ['BackupService.6207'],
    where: '`backup` guard `isDiskBackup` (`refuse 6207`)',
    tests: IMAGE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'I3',
    title: 'The Backup Must Hold the System Disk',
    statement: 'A backup that left out the server\'s system disk cannot make an image.',
    codes: ['BackupService.6209'],
    where: '`backup` guard `lacksSystemDisk` (`refuse 6209`)',
    tests: IMAGE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'I4',
    title: 'Cloud-Init and Optimization First',
    statement:
      'When it was backed up, the server must have been optimized and have had Cloud-Init (Linux) or Cloudbase-Init (Windows) installed. ' +
      'The simulator keeps both facts on the server and on each of its backups; an image from a backup made without one is refused, and the refusal says which.',
    codes: ['Sim.PrerequisiteNotMet'],
    where: '`backup` guard `lacksPrerequisites` (`Sim.PrerequisiteNotMet`); facts copied from the `server` context',
    tests: IMAGE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'I5',
    title: 'One Full-ECS Image per Backup',
    statement: 'A backup makes at most one full-ECS image, which spares the image quota; a second one is refused for as long as the first exists.',
    codes: ['BackupService.6210'],
    where: '`backup` state `imageLink.linked` (`refuse 6210`)',
    tests: IMAGE_TESTS,
    modelled: true,
    invariant: true,
  }),
  defineRule({
    id: 'I6',
    title: 'One Image, Many Servers',
    statement:
      'One image can create many ECSs in a single request, up to 100 at a time. ' +
      'The image must be active, and a full-ECS image\'s backup must still exist and be Creating or Available.',
    codes: ['Ecs.0032', 'Ecs.0048', 'Ecs.0034', 'Sim.InvalidArgument'],
    where: '`image` `PROVISION` guards `countOutOfRange`, `backupFailed`, `backupGone`; `server` chart per provisioned server',
    tests: IMAGE_CHART_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'I7',
    title: 'Delete the Image Before the Backup',
    statement: 'As long as a backup has an image, deleting the backup is refused: remove the image, and only then the backup.',
    codes: ['BackupService.6204'],
    where: '`backup` guard `hasImage` on `DELETE` (`refuse 6204`)',
    tests: IMAGE_TESTS,
    modelled: true,
    invariant: true,
  }),
  defineRule({
    id: 'I8',
    title: 'Imaged Policy Backups Are Kept',
    statement: 'An automatic (policy) backup that has been used to make an image no longer counts toward the policy\'s retained backups, and retention never deletes it.',
    codes: [],
    where: '`backup` guard `retentionMayDelete` on `EXPIRE`; `isCounted` in `machines/retention.ts`',
    tests: '`test/sim/policies.test.ts`, `test/machines/retention.test.ts`',
    modelled: true,
    invariant: true,
  }),
  defineRule({
    id: 'I9',
    title: 'The Image Is Smaller Than the Backup',
    statement: 'Making an image compresses the backup\'s data, so the image is always smaller than the backup it came from.',
    codes: [],
    where: '`image` `compressedSizeGB` (context of every full-ECS image)',
    tests: IMAGE_CHART_TESTS,
    modelled: true,
    invariant: true,
  }),
  defineRule({
    id: 'I10',
    title: 'Early Images Stay in the Backup\'s AZ',
    statement: 'If its backup was still Creating when it was made, an image works only in the backup\'s availability zone, until the backup is Available.',
    codes: ['Sim.ImageAzRestricted'],
    where: '`image` region `sourceBackup.creating`, guard `provisionOutsideBackupAz`',
    tests: IMAGE_CHART_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'I11',
    title: 'Deleting an Image With Its Backup',
    statement: 'Deleting a full-ECS image can take its backup along when asked to (`delete_backup`); that is refused while the backup is still Creating.',
    codes: ['BackupService.6216', 'Sim.InvalidArgument'],
    where: '`image` guard `deleteBackupStillCreating` (`refuse 6216`)',
    tests: IMAGE_CHART_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'I12',
    title: 'The Private Image Quota',
    statement: 'Private images count against a quota per region (50 by default on OTC); an image beyond it is refused.',
    codes: ['IMG.0015'],
    where: '`region` chart, states `belowQuota` / `atQuota` (`refuse IMG.0015`)',
    tests: '`test/sim/images.test.ts`, `test/machines/region.machine.test.ts`',
    modelled: true,
  }),
];
