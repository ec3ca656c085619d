/**
 * Backup policy schedules (rule P1): the iCalendar RRULE subset that CBR accepts.
 *
 * `FREQ` is DAILY or WEEKLY; `BYDAY` (MO…SU), `BYHOUR` (0–23), `BYMINUTE` (0–59) and `INTERVAL`
 * narrow it. Times are UTC. A policy holds up to 24 patterns; together they must run at least one
 * hour apart and at most 24 times a day. INTERVAL counts days (DAILY) or Monday-based weeks (WEEKLY)
 * from the day the policy was created, so "every 2 days" is stable however often it is re-armed.
 *
 * Pure functions only: the policy chart calls them from its named delay and actions.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export interface Recurrence {
  freq: 'DAILY' | 'WEEKLY';
  interval: number;
  /** Monday = 0 … Sunday = 6; null = every day. */
  byDay: number[] | null;
  /** Minutes after midnight UTC, ascending. */
  times: number[];
}

export class ScheduleError extends Error {}

function numbers(part: string, value: string, min: number, max: number): number[] {
  const out = value.split(',').map((v) => {
    if (!/^\d{1,2}$/.test(v)) throw new ScheduleError(`${part}=${value}: "${v}" is not a number from ${min} to ${max}`);
    const n = Number(v);
    if (n < min || n > max) throw new ScheduleError(`${part}=${value}: ${n} is outside ${min}–${max}`);
    return n;
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

/** Parses one RRULE string such as `FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0`. */
export function parseRule(text: string): Recurrence {
  if (typeof text !== 'string' || text.trim() === '') throw new ScheduleError('a pattern must be a non-empty RRULE string');
  const parts = new Map<string, string>();
  for (const piece of text.replace(/^RRULE:/i, '').split(';')) {
    if (piece === '') continue;
    const [key, value, ...rest] = piece.split('=');
    if (!key || value === undefined || value === '' || rest.length > 0) throw new ScheduleError(`"${piece}" is not KEY=VALUE`);
    const upper = key.toUpperCase();
    if (!['FREQ', 'BYDAY', 'BYHOUR', 'BYMINUTE', 'INTERVAL'].includes(upper)) {
      throw new ScheduleError(`${upper} is not supported; use FREQ, BYDAY, BYHOUR, BYMINUTE and INTERVAL`);
    }
    if (parts.has(upper)) throw new ScheduleError(`${upper} is given twice`);
    parts.set(upper, value.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY') throw new ScheduleError(`FREQ must be DAILY or WEEKLY (got ${freq ?? 'nothing'})`);
  // The console offers "every 1 to 30 days"; the bound also keeps the spacing check finite.
  const interval = parts.has('INTERVAL') ? numbers('INTERVAL', parts.get('INTERVAL')!, 1, 30)[0]! : 1;
  if (parts.get('INTERVAL')?.includes(',')) throw new ScheduleError('INTERVAL takes one number');
  let byDay: number[] | null = null;
  if (parts.has('BYDAY')) {
    byDay = [...new Set(parts.get('BYDAY')!.split(',').map((d) => {
      const index = WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number]);
      if (index < 0) throw new ScheduleError(`BYDAY=${parts.get('BYDAY')}: "${d}" is not one of ${WEEKDAYS.join(', ')}`);
      return index;
    }))].sort((a, b) => a - b);
  } else if (freq === 'WEEKLY') {
    throw new ScheduleError('FREQ=WEEKLY needs BYDAY (for example BYDAY=MO,TH)');
  }
  if (!parts.has('BYHOUR')) throw new ScheduleError('BYHOUR is required (UTC hour, for example BYHOUR=2)');
  const hours = numbers('BYHOUR', parts.get('BYHOUR')!, 0, 23);
  const minutes = parts.has('BYMINUTE') ? numbers('BYMINUTE', parts.get('BYMINUTE')!, 0, 59) : [0];
  const times = hours.flatMap((h) => minutes.map((m) => h * 60 + m)).sort((a, b) => a - b);
  return { freq, interval, byDay, times };
}

function dayIndex(epochMs: number): number {
  return Math.floor(epochMs / DAY);
}

/** Monday = 0 (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (day + 3) % 7;
}

function runsOn(rule: Recurrence, day: number, anchorDay: number): boolean {
  if (rule.byDay && !rule.byDay.includes(weekday(day))) return false;
  if (rule.interval === 1) return true;
  if (rule.freq === 'DAILY') return (((day - anchorDay) % rule.interval) + rule.interval) % rule.interval === 0;
  const week = Math.floor((day - weekday(day)) / 7);
  const anchorWeek = Math.floor((anchorDay - weekday(anchorDay)) / 7);
  return (((week - anchorWeek) % rule.interval) + rule.interval) % rule.interval === 0;
}

/** Every run time of the rules on one UTC day, ascending and without repeats. */
function runsOnDay(rules: Recurrence[], day: number, anchorDay: number): number[] {
  const times = new Set<number>();
  for (const rule of rules) {
    if (!runsOn(rule, day, anchorDay)) continue;
    for (const t of rule.times) times.add(day * DAY + t * MINUTE);
  }
  return [...times].sort((a, b) => a - b);
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/** After how many days a rule's pattern of run days repeats. */
function periodDays(rule: Recurrence): number {
  const base = rule.freq === 'WEEKLY' ? 7 * rule.interval : rule.interval;
  return rule.byDay ? lcm(base, 7) : base;
}

/** Days to look ahead for the next run: one whole period of every rule, and a day more. */
function horizonDays(rules: Recurrence[]): number {
  return Math.max(...rules.map(periodDays)) + 1;
}

/** Throws when two runs of `rules` fall less than an hour apart within `days` days of the anchor. */
function checkSpacing(rules: Recurrence[], anchorDay: number, days: number): void {
  let previous = -Infinity;
  for (let day = anchorDay; day < anchorDay + days; day++) {
    for (const run of runsOnDay(rules, day, anchorDay)) {
      if (run - previous < HOUR) {
        const at = new Date(run).toISOString().slice(11, 16);
        throw new ScheduleError(`runs must be at least one hour apart; two fall within an hour of each other at ${at} UTC`);
      }
      previous = run;
    }
  }
}

/** Beyond this many days, spacing is checked pair by pair (each pair has a short common period). */
const WHOLE_PERIOD_LIMIT = 5000;

/**
 * Parses and checks a policy's patterns (P1): 1 to 24 rules, runs at least one hour apart, at most
 * 24 a day. `anchor` is the policy's creation time (the start of INTERVAL counting).
 */
export function parseSchedule(patterns: readonly string[], anchor: number): Recurrence[] {
  if (!Array.isArray(patterns) || patterns.length === 0) throw new ScheduleError('pattern must list at least one RRULE string');
  if (patterns.length > 24) throw new ScheduleError(`pattern has ${patterns.length} rules; at most 24 are allowed`);
  const rules = patterns.map(parseRule);
  const anchorDay = dayIndex(anchor);
  for (const rule of rules) {
    if (rule.times.length > 24) throw new ScheduleError(`a pattern runs ${rule.times.length} times a day; at most 24 are allowed`);
  }
  // Runs at least an hour apart are at most 24 a day, so spacing is the one thing to check, over
  // the period after which all rules repeat together (plus a day, for runs either side of midnight).
  const period = rules.map(periodDays).reduce(lcm, 1);
  if (period <= WHOLE_PERIOD_LIMIT) checkSpacing(rules, anchorDay, period + 1);
  else {
    for (let i = 0; i < rules.length; i++) {
      checkSpacing([rules[i]!], anchorDay, periodDays(rules[i]!) + 1);
      for (let j = i + 1; j < rules.length; j++) {
        checkSpacing([rules[i]!, rules[j]!], anchorDay, lcm(periodDays(rules[i]!), periodDays(rules[j]!)) + 1);
      }
    }
  }
  return rules;
}

/** The first run strictly after `after`, for a schedule anchored at `anchor`. */
export function nextRun(rules: readonly Recurrence[], anchor: number, after: number): number {
  const anchorDay = dayIndex(anchor);
  const first = dayIndex(after);
  for (let day = first; day <= first + horizonDays([...rules]); day++) {
    for (const run of runsOnDay([...rules], day, anchorDay)) if (run > after) return run;
  }
  throw new ScheduleError('the patterns never run');
}
