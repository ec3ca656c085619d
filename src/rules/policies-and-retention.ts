/**
 * P1–P10: backup policies, their schedules and what they keep (seed 000 I8, seed 003 C5, the API
 * references of cloud-facts §5); P6–P10 came after the first release (retention in time, limits).
 */
import { defineRule, type Rule } from './rule.js';

const POLICY_TESTS = '`test/sim/policies.test.ts`, `test/machines/retention.test.ts`';
const IN_TIME_TESTS = '`test/sim/retention-in-time.test.ts`, `test/machines/retention.test.ts`';
const IN_TIME_CHECKED = `${IN_TIME_TESTS}, \`cbr-sim check\``;

export const POLICIES_AND_RETENTION: readonly Rule[] = [
  defineRule({
    id: 'P1',
    title: 'Policy Schedules',
    statement:
      'A policy runs on a schedule written in a subset of iCalendar RRULE (`FREQ` DAILY or WEEKLY, `BYDAY`, `BYHOUR`, `BYMINUTE`, `INTERVAL`), in UTC, ' +
      'with runs at least an hour apart and no more than 24 a day. It runs only while it is enabled and applied to a vault.',
    codes: ['Sim.InvalidArgument'],
    where: '`policy` state `enabled.scheduled`, named delay `untilNextRun`; `machines/schedule.ts`',
    tests: '`test/sim/policies.test.ts`, `test/machines/schedule.test.ts`, `test/machines/policy.machine.test.ts`',
    modelled: true,
  }),
  defineRule({
    id: 'P2',
    title: 'Retention by Count or by Age',
    statement:
      'A policy keeps backups either by number (`max_backups`) or by age (`retention_duration_days`), never by both. ' +
      'Long-term rules (`day_backups`, `week_backups`, `month_backups`, `year_backups`, with a `timezone`) add to `max_backups`: a backup either of them keeps is kept. ' +
      'With no rule at all, backups are kept forever.',
    codes: ['Sim.InvalidArgument'],
    where: '`policy` action `evaluateRetention`; `machines/retention.ts`',
    tests: POLICY_TESTS,
    modelled: true,
    invariant: true,
  }),
  defineRule({
    id: 'P3',
    title: 'Retention Deletes Only Automatic Backups',
    statement: 'Retention only ever deletes automatic backups: manual backups are never removed by it, and neither are automatic ones that have an image (I8).',
    codes: [],
    where: '`backup` guard `retentionMayDelete` (`isAutomatic`); `isCounted`',
    tests: POLICY_TESTS,
    modelled: true,
    invariant: true,
  }),
  defineRule({
    id: 'P4',
    title: 'A Busy Run Is Skipped',
    statement: 'A scheduled run skips a resource whose previous backup has not finished yet.',
    codes: [],
    where: '`server` / `disk` region `protection.backingUp`, action `skipRun`',
    tests: '`test/sim/policies.test.ts`, `test/machines/server.machine.test.ts`',
    modelled: true,
  }),
  defineRule({
    id: 'P5',
    title: 'The Latest Backup Is Safe While the Next Runs',
    statement: 'The newest backup of a resource cannot be deleted as long as the resource\'s next backup is in progress.',
    codes: ['BackupService.6216'],
    where: '`backup` region `succession.nextRunning` (`refuse 6216`)',
    tests: '`test/sim/policies.test.ts`, `test/machines/backup.machine.test.ts`',
    modelled: true,
  }),
  defineRule({
    id: 'P6',
    title: 'Expiry Is Fixed at Creation',
    statement:
      'An automatic backup gets its expiry time when it is made, from the retention rule in force at that moment: ' +
      'N days after creation under `retention_duration_days`, none under a count rule or no rule. The backup shows it as `expired_at`.',
    codes: [],
    where: '`backup` region `expiry` (`forever` / `pending`, guard `hasExpiry`); `expiredAt` fixed at creation (`expiryOf` in `machines/retention.ts`), on the record',
    tests: IN_TIME_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'P7',
    title: 'Changing a Retention Rule',
    statement:
      'A changed retention rule treats existing backups as the service\'s table says: count to count applies to them as well; ' +
      'count to age, or to keeping forever, leaves them for good (to be cleaned up by hand); age to age keeps each one\'s own expiry; ' +
      'age to count applies the old and the new rule together.',
    codes: [],
    where: '`policy` guard `timeToCount` on `UPDATE` (action `holdOldBackups`); `backup` `COUNT_HOLD`, guard `heldByCount`, `EXPIRE` in `expiry.pending` releases the hold; `selectExpired` selects nothing by age',
    tests: IN_TIME_TESTS,
    modelled: true,
  }),
  defineRule({
    id: 'P8',
    title: 'Expired Backups Go Lazily',
    statement:
      'Expired backups are not removed at once but in a daily batch, 08:00 to 20:00 on the day following the expiry (the simulator runs it at 08:00), on each backup\'s own timer: ' +
      'new backups or none, and even once the resource itself is deleted. ' +
      'Backups beyond a count are still removed when a new backup of the resource completes.',
    codes: [],
    where: '`backup` named delay `expiryBatch` in `expiry.pending` → `due` (raises `EXPIRY_DUE` → `deleting`) or `lapsed`; `expiryBatchAt`: 08:00 the day after expiry, in the policy\'s `timezone`, else UTC',
    tests: IN_TIME_CHECKED,
    modelled: true,
  }),
  defineRule({
    id: 'P9',
    title: 'Failed Backups Are Kept Ten',
    statement: 'An automatic backup that failed (Error) stays one month, and a resource keeps at most ten of them; deleting one by hand is allowed at any time.',
    codes: [],
    where: '`backup` named delay `failedBackupKept` (one month) and `EXPIRE` in `error`; `policy` `RUN_BACKUP_FAILED` → `evaluateFailures` (`selectFailedSurplus`, newest 10)',
    tests: IN_TIME_CHECKED,
    modelled: true,
  }),
  defineRule({
    id: 'P10',
    title: 'Policy and Vault Limits',
    statement:
      'An account holds at most 32 backup policies. A scheduled run into a full vault makes no backup and fails, ' +
      'unless the vault expands automatically: then it grows to 1.25 times its capacity (switching auto-expansion on once the vault is full does not help).',
    codes: ['BackupService.6001', 'BackupService.6114'],
    where: '`region` region `policies` (`belowLimit` / `atLimit`, guard `takesLastPolicySlot`, `refuse 6001`); `vault` region `capacity` (`refuse 6114`, guard `needsExpansion`: 1.25 × as often as needed, `expandsCapacity` on `UPDATE` leaves `full`; enabling auto-expansion in `full` stays `full`); `RUN_ENDED` records `lastRun` on `vault` and `policy`',
    tests: '`test/sim/vaults-and-limits.test.ts`, `test/machines/vault.machine.test.ts`, `test/machines/region.machine.test.ts`; scenario `p10-vaults-and-limits`',
    modelled: true,
  }),
];
