/** C1–C12: what backups and images are, and what each can do (seed 003, "What Are the Differences Between Images and Backups?"). */
import { defineRule, type Rule } from './rule.js';

const COMPARISON_TESTS = '`test/sim/comparison.test.ts`';
const ABSENCE_TESTS = '`test/sim/comparison.test.ts`, `test/machines/server.machine.test.ts`';

export const IMAGES_AND_BACKUPS_COMPARED: readonly Rule[] = [
  defineRule({
    id: 'C1',
    title: 'A Backup Is One Moment of a Server or Disk',
    statement: 'A backup captures one server or one disk as it was at a single moment (its data and its configuration) so that it can be recovered later.',
    codes: [],
    where: '`backup` context `resourceKind`, `resourceId`, `createdAt`',
    tests: COMPARISON_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'C2',
    title: 'Three Kinds of Image',
    statement:
      'An image is what a server is started from. There are three kinds: a system-disk image (operating system and software), ' +
      'a data-disk image (the service data on a data disk) and a full-ECS image (the system disk together with the data disks).',
    codes: [],
    where: '`image` context `imageKind`',
    tests: COMPARISON_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'C3',
    title: 'Backups Outlive Their Resources',
    statement:
      'Backups and images are kept in OBS storage the user never sees. Deleting a server or a disk leaves its backups in place, ' +
      'and they remain usable: they restore onto other targets and make images.',
    codes: [],
    where: 'absence: no transition of `server` / `disk` reaches a backup',
    tests: ABSENCE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'C4',
    title: 'Images Outlive Their Servers',
    statement: 'Deleting a server that was created from an image leaves the image in place, and deleting an image leaves alone the servers already made from it.',
    codes: [],
    where: 'absence: no transition of `server` reaches an image, none of `image` reaches a server',
    tests: ABSENCE_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'C5',
    title: 'Policies Back Up and Delete',
    statement: 'Besides one-off backups of a server or a disk, CBR makes backups and removes old ones automatically, through backup policies applied to vaults.',
    codes: [],
    where: '`policy` chart; `vault` region `policy`',
    tests: '`test/sim/comparison.test.ts`, `test/sim/policies.test.ts`',
    modelled: true,
  }),
  defineRule({
    id: 'C6',
    title: 'Where Private Images Come From',
    statement: 'A private image in IMS is made from the system disk of a server, from one of its data disks, or from an image file imported from elsewhere.',
    codes: ['Sim.InvalidArgument'],
    where: '`image` kinds; `disk` refuses a data-disk image of a system disk',
    tests: COMPARISON_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'C7',
    title: 'Three Uses of a Backup',
    statement: 'A backup serves three ends: restoring the server or disk it was taken of, making a new disk, and making a full-ECS image.',
    codes: ['Sim.InvalidArgument'],
    where: '`backup` `RESTORE`, `CREATE_DISK` (disk backups), `CREATE_IMAGE`',
    tests: COMPARISON_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'C8',
    title: 'What Each Image Creates',
    statement: 'System-disk and full-ECS images create servers; data-disk images create disks.',
    codes: ['Sim.InvalidArgument'],
    where: '`image` guards `createsDisks` / `createsServers`',
    tests: COMPARISON_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'C9',
    title: 'What Can Be Exported',
    statement: 'System-disk and data-disk images can be exported to a local PC; backups and full-ECS images never can.',
    codes: ['IMG.0128', 'Sim.InvalidState', 'Sim.BackupNotExportable'],
    where: '`image` guard `isFullEcs` on `EXPORT` (`refuse IMG.0128`); `backup` `EXPORT` always refused (`Sim.BackupNotExportable`): `exportBackup` exists only to say so',
    tests: COMPARISON_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'C10',
    title: 'On-Premises VMware Backups',
    statement: 'CBR can also back up VMware VMs that run on premises, synchronise those backups to the cloud and restore them to new ECSs; V1–V4 spell out how.',
    codes: [],
    where: 'charts `site`, `vm`, `localCopy`; `vault` region `sync`; `backup` `resourceKind: \'vmware\'` (V1–V4)',
    tests: '`test/sim/onprem.test.ts`; scenarios `c10-back-up-an-on-prem-vm-and-sync-it`, `c10-restore-a-vmware-backup-to-a-new-ecs`, `c10-what-you-cannot-do-with-a-vmware-backup`',
    modelled: true,
  }),
  defineRule({
    id: 'C11',
    title: 'Imported Data-Disk Images Make Disks',
    statement: 'A data-disk image imported from another platform can create an EVS disk.',
    codes: ['Sim.InvalidState'],
    where: '`image` `CREATE_DISK` for an imported data-disk image',
    tests: COMPARISON_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'C12',
    title: 'Back Up First for a Full-ECS Image',
    statement: 'A full-ECS image of an ECS made through CBR comes from a backup, so the ECS is backed up first and the image waits for that backup.',
    codes: [],
    where: '`image` state `queued` until its backup is marked (`SOURCE_READY`)',
    tests: COMPARISON_TESTS,
    modelled: true,
  }),
];
