/** V1–V4: on-premises VMware backups, C10 in detail (c10-vmware.md, documented or inferred there). Not modelled yet. */
import { unmodelled, type Rule } from './rule.js';

export const VMWARE: readonly Rule[] = [
  unmodelled({
    id: 'V1',
    title: 'VMware Backups Arrive by Sync',
    statement:
      'An on-premises VMware VM is backed up where it runs (eBackup) into a local copy, which is then uploaded; ' +
      'the cloud sees that copy only once it is synchronised into a hybrid vault (`vault.hybrid.server.normal`), one sync task for a batch of 1 to 50 copies.',
    codes: ['BackupService.7300', 'BackupService.7302', 'BackupService.1006'],
  }),
  unmodelled({
    id: 'V2',
    title: 'Synchronised Backups Are Available at Once',
    statement:
      'A synchronised VMware backup is Available as soon as its sync task succeeds: it has no Creating phase and no "Image can be created" mark. ' +
      'It is of type `OS::VMware::Server`, with the VMware provider id.',
    codes: [],
  }),
  unmodelled({
    id: 'V3',
    title: 'VMware Backups Restore to a New ECS',
    statement: 'A VMware backup is restored onto a new ECS: create one with matching disks first, then restore onto it disk by disk (R3), the ECS powered off and on again as in R2.',
    codes: [],
  }),
  unmodelled({
    id: 'V4',
    title: 'What VMware Backups Cannot Do',
    statement: 'A VMware backup cannot make an image (only ECS backups can, I2), a hybrid vault takes no backup policy, and VMware backups are not shared, exported or turned into disks.',
    codes: ['BackupService.6207', 'BackupService.6136'],
  }),
];
