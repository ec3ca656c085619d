/** V1–V4: on-premises VMware backups, C10 in detail (c10-vmware.md, documented or inferred there). */
import { defineRule, type Rule } from './rule.js';

const LIBRARY = '`test/sim/onprem.test.ts`';
const STORY_SYNC = 'scenarios `c10-back-up-an-on-prem-vm-and-sync-it`';
const STORY_RESTORE = 'scenarios `c10-restore-a-vmware-backup-to-a-new-ecs`';
const STORY_CANNOT = 'scenarios `c10-what-you-cannot-do-with-a-vmware-backup`';

export const VMWARE: readonly Rule[] = [
  defineRule({
    id: 'V1',
    title: 'VMware Backups Arrive by Sync',
    statement:
      'eBackup copies an on-premises VMware VM locally and uploads the copy, but the cloud knows of it only after a sync brings it into a hybrid vault (`vault.hybrid.server.normal`). ' +
      'Each sync task carries a batch of 1 to 50 copies.',
    codes: ['BackupService.7300', 'BackupService.7302', 'BackupService.1006', 'Sim.EbackupNotInstalled', 'Sim.VsphereVersionUnsupported', 'Sim.AlreadySynced'],
    where:
      '`site` region `ebackup` (`BACKUP_VM` refused `Sim.EbackupNotInstalled` while `notInstalled`); `vm` `protection` guard `versionUnsupported`; ' +
      '`localCopy` `backingUp` → (`localBackup`) `stored` → (`upload`) `uploaded`, `SYNC` refused `1006` until uploaded; ' +
      '`vault` region `sync` `idle` ⇄ `syncing` (guard `cannotSync` `refuse 7300`, `refuse 7302`, named delay `syncRun`); `sync` tasks (`src/sim/commands/onprem.ts`)',
    tests: `${LIBRARY}, \`test/machines/site.machine.test.ts\`, \`test/machines/vm.machine.test.ts\`, \`test/machines/local-copy.machine.test.ts\`; ${STORY_SYNC}, \`v1-on-prem-backups-need-ebackup-and-a-sync\``,
    modelled: true,
    invariant: true,
  }),
  defineRule({
    id: 'V2',
    title: 'Synchronised Backups Are Available at Once',
    statement:
      'The moment its sync task succeeds, a VMware backup is Available: it never goes through Creating and never carries the "Image can be created" mark. ' +
      'Its resource type is `OS::VMware::Server` and its provider id the VMware one.',
    codes: [],
    where: '`backup` `lifecycle.arriving` → `available` (guard `isVmwareBackup`), born when the vault\'s `syncRun` ends; `resourceType`, `providerId` in `src/sim/records.ts`',
    tests: `${LIBRARY}, \`test/machines/backup.machine.test.ts\`; ${STORY_SYNC}, \`v2-a-synced-backup-is-born-available\``,
    modelled: true,
  }),
  defineRule({
    id: 'V3',
    title: 'VMware Backups Restore to a New ECS',
    statement: 'A VMware backup comes back as a new ECS: make an ECS whose disks match the backup\'s, then restore each disk onto it as R3 says, the ECS switched off and on around it as R2 says.',
    codes: ['BackupService.2001', 'Sim.InvalidArgument'],
    where: '`backup` `RESTORE` as R2–R4 with `targetId` an ECS (`restoreBackup` refuses a VMware backup without one, naming the ECS to create); note `vmware-restored`',
    tests: `${LIBRARY}; ${STORY_RESTORE}, \`v3-restore-a-vmware-backup-onto-an-ecs\``,
    modelled: true,
  }),
  defineRule({
    id: 'V4',
    title: 'What VMware Backups Cannot Do',
    statement: 'Images come only from ECS backups (I2), so a VMware backup makes none; nor can it be shared, exported or made into a disk, and a hybrid vault accepts no backup policy.',
    codes: ['BackupService.6207', 'BackupService.6136', 'Sim.VmwareBackupNotShareable', 'Sim.VmwareBackupNoDisk', 'Sim.BackupNotExportable'],
    where:
      '`backup` guard `isVmwareBackup` on `CREATE_IMAGE` (`refuse 6207`), `CREATE_DISK`, `SHARE` and `EXPORT`; `vault` guard `isHybrid` on `APPLY_POLICY` (`refuse 6136`); ∀ in `cbr-sim check`: a VMware backup never has an image',
    tests: `${LIBRARY}, \`test/machines/backup.machine.test.ts\`, \`test/machines/vault.machine.test.ts\`; ${STORY_CANNOT}, \`v4-vmware-backup-image-goes-through-an-ecs\``,
    modelled: true,
    invariant: true,
  }),
];
