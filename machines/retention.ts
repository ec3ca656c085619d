/**
 * Backup policy retention (rules P2, P3, I8): which automatic backups of one resource a policy
 * deletes when a backup of that resource completes.
 *
 * - P2: keep by count (`maxBackups`) or by age (`retentionDays`), never both. Long-term rules
 *   (`dayBackups`, `weekBackups`, `monthBackups`, `yearBackups`: the latest backup of each of the
 *   last N days / Monday-based weeks / months / years, counted in `timezone`) are a union with
 *   `maxBackups`. With no rule at all, backups are kept forever.
 * - P3: only automatic backups are counted or deleted; manual ones never.
 * - I8: an automatic backup that has an image is not counted and never deleted.
 *
 * - P6: an automatic backup's expiry is fixed when it is made (`expiryOf`): `retentionDays` →
 *   created + N days; count-only or no rule → none. Age is never re-evaluated at a completion:
 *   `selectExpired` under `retentionDays` selects nothing, each backup expires on its own timer.
 * - P7: `ruleChange` names the four cases of §5.3 (count → count, count → time, time → time,
 *   time → count); only time → count touches old backups (the union: held by the count rule too).
 * - P8: an expired backup goes in the batch of the next day, at 08:00 in the policy's `timezone`
 *   (UTC without one): `expiryBatchAt`.
 * - P9: failed automatic backups: at most `MAX_FAILED_KEPT` per resource (`selectFailedSurplus`),
 *   each kept one month (`failedBackupKeptMs`).
 *
 * Pure functions: the policy chart's `evaluateRetention` action calls `selectExpired`, and the
 * backup chart guards its own `EXPIRE` transition again with `retentionMayDelete`.
 */
import { DAY } from './schedule.js';

export interface RetentionRules {
  maxBackups?: number | undefined;
  retentionDays?: number | undefined;
  dayBackups?: number | undefined;
  weekBackups?: number | undefined;
  monthBackups?: number | undefined;
  yearBackups?: number | undefined;
  timezone?: string | undefined;
}

export const RETENTION_FIELDS = ['maxBackups', 'retentionDays', 'dayBackups', 'weekBackups', 'monthBackups', 'yearBackups', 'timezone'] as const;
const LONG_TERM = ['dayBackups', 'weekBackups', 'monthBackups', 'yearBackups'] as const;

/** What retention needs to know of a completed backup. */
export interface RetentionCandidate {
  id: string;
  createdAt: number;
  autoTrigger: boolean;
  hasImage: boolean;
}

export class RetentionError extends Error {}

function isSet(value: number | undefined): value is number {
  return value !== undefined && value !== null && value !== -1;
}

function checkRange(name: string, value: unknown, min: number, max: number): void {
  if (value === undefined || value === null || value === -1) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RetentionError(`${name} must be a whole number from ${min} to ${max} (or -1 for none); got ${JSON.stringify(value)}`);
  }
}

/** Parses `UTC`, `UTC+01:00`, `UTC-05:30` into minutes east of UTC. */
export function timezoneOffsetMinutes(timezone: string): number {
  const match = /^UTC(?:([+-])(\d{2}):(\d{2}))?$/.exec(timezone);
  if (!match) throw new RetentionError(`timezone must look like UTC+01:00 or UTC-05:30; got ${JSON.stringify(timezone)}`);
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  if (minutes > 14 * 60 || Number(match[3]) > 59) throw new RetentionError(`timezone ${timezone} is outside UTC-14:00…UTC+14:00`);
  return match[1] === '-' ? -minutes : minutes;
}

/** Throws a RetentionError naming the first combination P2 forbids. */
export function validateRetention(rules: RetentionRules): void {
  checkRange('maxBackups', rules.maxBackups, 1, 99999);
  checkRange('retentionDays', rules.retentionDays, 1, 99999);
  for (const field of LONG_TERM) checkRange(field, rules[field], 0, 100);
  const longTerm = LONG_TERM.filter((f) => isSet(rules[f]) && rules[f] !== 0);
  if (isSet(rules.maxBackups) && isSet(rules.retentionDays)) {
    throw new RetentionError('maxBackups and retentionDays cannot be combined: keep by count or by age, not both');
  }
  if (isSet(rules.retentionDays) && longTerm.length > 0) {
    throw new RetentionError(`retentionDays cannot be combined with long-term retention (${longTerm.join(', ')}); use maxBackups with them`);
  }
  if (longTerm.length > 0 && (rules.timezone === undefined || rules.timezone === null)) {
    throw new RetentionError(`timezone is required with ${longTerm.join(', ')} (for example "UTC+01:00")`);
  }
  if (rules.timezone !== undefined && rules.timezone !== null) timezoneOffsetMinutes(rules.timezone);
}

/** I8, P3: only automatic backups without an image count towards retention. */
export function isCounted(backup: RetentionCandidate): boolean {
  return backup.autoTrigger && !backup.hasImage;
}

type PeriodKey = (createdAt: number) => number;

function periodKeys(offsetMs: number): Record<(typeof LONG_TERM)[number], PeriodKey> {
  const local = (t: number) => new Date(t + offsetMs);
  const day = (t: number) => Math.floor((t + offsetMs) / DAY);
  return {
    dayBackups: day,
    // 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday.
    weekBackups: (t) => Math.floor((day(t) + 3) / 7),
    monthBackups: (t) => local(t).getUTCFullYear() * 12 + local(t).getUTCMonth(),
    yearBackups: (t) => local(t).getUTCFullYear(),
  };
}

/** The latest backup of each of the last `n` periods that hold a backup (newest-first input). */
function latestPerPeriod(newestFirst: readonly RetentionCandidate[], n: number, key: PeriodKey, keep: Set<string>): void {
  const seen = new Set<number>();
  for (const backup of newestFirst) {
    const period = key(backup.createdAt);
    if (seen.has(period)) continue;
    if (seen.size === n) return;
    seen.add(period);
    keep.add(backup.id);
  }
}

/**
 * The ids of the backups retention deletes now, oldest first. Backups that are not counted
 * (manual, or automatic with an image) are never among them.
 */
export function selectExpired(rules: RetentionRules, backups: readonly RetentionCandidate[], _now?: number): string[] {
  const counted = backups.filter(isCounted).sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  // P6, P8: age is each backup's own expiry, on its own timer; never re-evaluated here (P7).
  if (isSet(rules.retentionDays)) return [];
  const longTerm = LONG_TERM.filter((f) => isSet(rules[f]) && rules[f]! > 0);
  if (!isSet(rules.maxBackups) && longTerm.length === 0) return [];
  const keep = new Set<string>();
  if (isSet(rules.maxBackups)) for (const b of counted.slice(0, rules.maxBackups)) keep.add(b.id);
  if (longTerm.length > 0) {
    const keys = periodKeys(timezoneOffsetMinutes(rules.timezone ?? 'UTC') * 60_000);
    for (const field of longTerm) latestPerPeriod(counted, rules[field]!, keys[field], keep);
  }
  return counted.filter((b) => !keep.has(b.id)).map((b) => b.id).reverse();
}

/** P6: the expiry of an automatic backup made at `createdAt` under `rules`; null = none. */
export function expiryOf(rules: RetentionRules | null, createdAt: number): number | null {
  if (!rules || !isSet(rules.retentionDays)) return null;
  return createdAt + rules.retentionDays * DAY;
}

/** P8: expired backups go in the batch of the day after expiry, at 08:00 in `timezone` (else UTC). */
export const EXPIRY_BATCH_HOUR = 8;
export function expiryBatchAt(expiredAt: number, timezone?: string | null): number {
  const offset = (timezone ? timezoneOffsetMinutes(timezone) : 0) * 60_000;
  const localDay = Math.floor((expiredAt + offset) / DAY);
  return (localDay + 1) * DAY + EXPIRY_BATCH_HOUR * 3_600_000 - offset;
}

export type RuleKind = 'count' | 'time' | 'none';
/** Count (maxBackups and/or long-term), time (retentionDays) or none (kept forever). */
export function ruleKind(rules: RetentionRules): RuleKind {
  if (isSet(rules.retentionDays)) return 'time';
  if (isSet(rules.maxBackups) || LONG_TERM.some((f) => isSet(rules[f]) && rules[f]! > 0)) return 'count';
  return 'none';
}

/**
 * P7: the four cases of §5.3. count → count: the new count applies to old backups (at the next
 * completion); count → time or none: old backups (no expiry) are never deleted automatically;
 * time → time (or none): old backups keep their own expiry; time → count: old backups are kept
 * while either rule keeps them (the union).
 */
export function isTimeToCount(before: RetentionRules, after: RetentionRules): boolean {
  return ruleKind(before) === 'time' && ruleKind(after) === 'count';
}

/** P9: at most this many failed automatic backups are kept per resource. */
export const MAX_FAILED_KEPT = 10;

/** P9: a failed automatic backup is deleted one calendar month (UTC) after it failed. */
export function failedBackupKeptMs(failedAt: number): number {
  const d = new Date(failedAt);
  const month = d.getUTCMonth() + 1;
  const last = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
  const next = Date.UTC(d.getUTCFullYear(), month, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return next - failedAt;
}

/** P9: the failed automatic backups beyond the newest `MAX_FAILED_KEPT`, oldest first. */
export function selectFailedSurplus(failed: readonly RetentionCandidate[]): string[] {
  const counted = failed.filter(isCounted).sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  return counted.slice(MAX_FAILED_KEPT).map((b) => b.id).reverse();
}
