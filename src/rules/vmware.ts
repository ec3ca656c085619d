/** V1–V4: on-premises VMware backups, C10 in detail (c10-vmware.md, documented or inferred there). Not modelled yet. */
import { unmodelled, type Rule } from './rule.js';

export const VMWARE: readonly Rule[] = [
  unmodelled({
    id: 'V1',
    title: 'VMware Backups Arrive by Sync',
    statement:
      'eBackup copies an on-premises VMware VM locally and uploads the copy, but the cloud knows of it only after a sync brings it into a hybrid vault (`vault.hybrid.server.normal`). ' +
      'Each sync task carries a batch of 1 to 50 copies.',
    codes: ['BackupService.7300', 'BackupService.7302', 'BackupService.1006'],
  }),
  unmodelled({
    id: 'V2',
    title: 'Synchronised Backups Are Available at Once',
    statement:
      'The moment its sync task succeeds, a VMware backup is Available: it never goes through Creating and never carries the "Image can be created" mark. ' +
      'Its resource type is `OS::VMware::Server` and its provider id the VMware one.',
    codes: [],
  }),
  unmodelled({
    id: 'V3',
    title: 'VMware Backups Restore to a New ECS',
    statement: 'A VMware backup comes back as a new ECS: make an ECS whose disks match the backup\'s, then restore each disk onto it as R3 says, the ECS switched off and on around it as R2 says.',
    codes: [],
  }),
  unmodelled({
    id: 'V4',
    title: 'What VMware Backups Cannot Do',
    statement: 'Images come only from ECS backups (I2), so a VMware backup makes none; nor can it be shared, exported or made into a disk, and a hybrid vault accepts no backup policy.',
    codes: ['BackupService.6207', 'BackupService.6136'],
  }),
];
