/** The scenario library, built into the package: `cbr-sim run <id>` needs no TypeScript at run time. */
import type { Scenario } from '../src/scenario/types.js';
import seed000 from './seed-000-backup-to-image.js';
import seed003 from './seed-003-backup-vs-image.js';
import policyYear from './policy-year.js';
import b1 from './b1-backup-is-creating-at-once.js';
import b2 from './b2-image-can-be-created-mark.js';
import b3 from './b3-creating-backup-cannot-restore.js';
import b4 from './b4-failed-backup-ends-in-error.js';
import b5 from './b5-delete-goes-through-deleting.js';
import i1 from './i1-image-needs-mark-or-available.js';
import i2 from './i2-disk-backup-cannot-make-image.js';
import i3 from './i3-backup-without-system-disk.js';
import i4 from './i4-prerequisites-cloud-init-and-optimization.js';
import i5 from './i5-second-image-is-refused.js';
import i6ManyServers from './i6-one-image-many-servers.js';
import i6NeedsBackup from './i6-image-needs-its-backup.js';
import i7 from './i7-backup-with-image-cannot-be-deleted.js';
import i8 from './i8-imaged-policy-backup-is-kept.js';
import i9 from './i9-image-is-smaller-than-backup.js';
import i10 from './i10-image-restricted-to-backup-az.js';
import i11 from './i11-delete-image-with-its-backup.js';
import i12 from './i12-private-image-quota.js';
import c1 from './c1-backup-of-server-or-disk.js';
import c2 from './c2-three-kinds-of-image.js';
import c3 from './c3-deleted-resources-keep-their-backups.js';
import c4 from './c4-deleted-server-keeps-its-image.js';
import c5Policies from './c5-policies-back-up-and-delete.js';
import c5Vaults from './c5-vault-limits.js';
import c6 from './c6-where-private-images-come-from.js';
import c7 from './c7-three-uses-of-a-backup.js';
import c8 from './c8-what-images-create.js';
import c9 from './c9-export-rules.js';
import c11 from './c11-import-data-disk-image.js';
import c12 from './c12-full-ecs-image-needs-backup-first.js';
import p1 from './p1-schedule-runs-when-applied.js';
import p2KeepThree from './p2-keep-three.js';
import p2ByAge from './p2-retention-by-age.js';
import p3 from './p3-manual-backups-are-never-retained-away.js';
import p4 from './p4-busy-run-is-skipped.js';
import p5 from './p5-latest-backup-protected-while-next-runs.js';
import p6p8 from './p6-p8-retention-in-time.js';
import p9 from './p9-failed-backups-are-kept-ten.js';
import p10 from './p10-vaults-and-limits.js';
import r1r4 from './r1-r4-restore-a-server-from-last-night.js';
import s1 from './s1-back-up-a-vault-now.js';
import s2 from './s2-the-task-log.js';
import s3 from './s3-jobs-clients-poll.js';
import c10Sync from './c10-back-up-an-on-prem-vm-and-sync-it.js';
import c10Restore from './c10-restore-a-vmware-backup-to-a-new-ecs.js';
import c10Cannot from './c10-what-you-cannot-do-with-a-vmware-backup.js';
import v1 from './v1-on-prem-backups-need-ebackup-and-a-sync.js';
import v2 from './v2-a-synced-backup-is-born-available.js';
import v3 from './v3-restore-a-vmware-backup-onto-an-ecs.js';
import v4 from './v4-vmware-backup-image-goes-through-an-ecs.js';

export const SCENARIOS: readonly Scenario[] = [
  seed000, seed003, policyYear,
  b1, b2, b3, b4, b5,
  i1, i2, i3, i4, i5, i6ManyServers, i6NeedsBackup, i7, i8, i9, i10, i11, i12,
  c1, c2, c3, c4, c5Policies, c5Vaults, c6, c7, c8, c9, c11, c12,
  p1, p2KeepThree, p2ByAge, p3, p4, p5, p6p8, p9, p10,
  r1r4,
  s1, s2, s3,
  c10Sync, c10Restore, c10Cannot,
  v1, v2, v3, v4,
];
