/**
 * Policy schedules (P1): the RRULE subset CBR accepts, its checks, and the next run time (UTC).
 */
import { describe, expect, it } from 'vitest';
import { DAY as SCHEDULE_DAY, ScheduleError, nextRun, parseRule, parseSchedule } from '../../machines/schedule.js';
import { DAY, HOUR, MONDAY, iso, utc } from './support.js';

const DAILY_2AM = 'FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0';

/** The next `n` runs after `from`, as ISO strings. */
function runs(patterns: string[], anchor: number, from: number, n: number): string[] {
  const rules = parseSchedule(patterns, anchor);
  const out: string[] = [];
  let t = from;
  for (let i = 0; i < n; i++) {
    t = nextRun(rules, anchor, t);
    out.push(iso(t));
  }
  return out;
}

describe('parseRule: one RRULE (P1)', () => {
  const valid: Array<[string, ReturnType<typeof parseRule>]> = [
    ['FREQ=DAILY;INTERVAL=1;BYHOUR=6;BYMINUTE=00', { freq: 'DAILY', interval: 1, byDay: null, times: [360] }],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=14;BYMINUTE=00', { freq: 'WEEKLY', interval: 1, byDay: [0, 1, 2, 3, 4, 5, 6], times: [840] }],
    ['FREQ=WEEKLY;BYDAY=TH,MO;BYHOUR=2', { freq: 'WEEKLY', interval: 1, byDay: [0, 3], times: [120] }],
    ['FREQ=DAILY;BYHOUR=14,2;BYMINUTE=30,0', { freq: 'DAILY', interval: 1, byDay: null, times: [120, 150, 840, 870] }],
    ['FREQ=DAILY;INTERVAL=3;BYHOUR=23;BYMINUTE=59', { freq: 'DAILY', interval: 3, byDay: null, times: [1439] }],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;BYHOUR=0', { freq: 'WEEKLY', interval: 2, byDay: [6], times: [0] }],
    ['FREQ=DAILY;BYDAY=SA,SU;BYHOUR=5', { freq: 'DAILY', interval: 1, byDay: [5, 6], times: [300] }],
    ['RRULE:FREQ=DAILY;BYHOUR=2', { freq: 'DAILY', interval: 1, byDay: null, times: [120] }],
    ['freq=daily;byhour=2;byminute=15', { freq: 'DAILY', interval: 1, byDay: null, times: [135] }],
    ['FREQ=DAILY;BYHOUR=2;', { freq: 'DAILY', interval: 1, byDay: null, times: [120] }],
    ['FREQ=DAILY;BYHOUR=2,2;BYDAY=MO,MO', { freq: 'DAILY', interval: 1, byDay: [0], times: [120] }],
  ];
  for (const [text, expected] of valid) {
    it(`reads ${text}`, () => expect(parseRule(text)).toEqual(expected));
  }

  const invalid: Array<[string, string | RegExp]> = [
    ['', 'a pattern must be a non-empty RRULE string'],
    ['   ', 'a pattern must be a non-empty RRULE string'],
    ['FREQ=MONTHLY;BYHOUR=2', 'FREQ must be DAILY or WEEKLY (got MONTHLY)'],
    ['BYHOUR=2', 'FREQ must be DAILY or WEEKLY (got nothing)'],
    ['FREQ=WEEKLY;BYHOUR=2', 'FREQ=WEEKLY needs BYDAY (for example BYDAY=MO,TH)'],
    ['FREQ=DAILY', 'BYHOUR is required (UTC hour, for example BYHOUR=2)'],
    ['FREQ=DAILY;BYMINUTE=0', 'BYHOUR is required'],
    ['FREQ=DAILY;BYHOUR=24', 'BYHOUR=24: 24 is outside 0–23'],
    ['FREQ=DAILY;BYHOUR=2;BYMINUTE=60', 'BYMINUTE=60: 60 is outside 0–59'],
    ['FREQ=DAILY;BYHOUR=two', 'BYHOUR=TWO: "TWO" is not a number from 0 to 23'],
    ['FREQ=DAILY;BYHOUR=-1', 'BYHOUR=-1: "-1" is not a number from 0 to 23'],
    ['FREQ=DAILY;BYHOUR=100', 'BYHOUR=100: "100" is not a number from 0 to 23'],
    ['FREQ=WEEKLY;BYDAY=MO,XX;BYHOUR=2', 'BYDAY=MO,XX: "XX" is not one of MO, TU, WE, TH, FR, SA, SU'],
    ['FREQ=WEEKLY;BYDAY=1MO;BYHOUR=2', '"1MO" is not one of'],
    ['FREQ=DAILY;BYHOUR=2;COUNT=3', 'COUNT is not supported; use FREQ, BYDAY, BYHOUR, BYMINUTE and INTERVAL'],
    ['FREQ=DAILY;BYHOUR=2;UNTIL=20250101T000000Z', 'UNTIL is not supported'],
    ['FREQ=DAILY;FREQ=WEEKLY;BYHOUR=2', 'FREQ is given twice'],
    ['FREQ;BYHOUR=2', '"FREQ" is not KEY=VALUE'],
    ['FREQ=;BYHOUR=2', '"FREQ=" is not KEY=VALUE'],
    ['FREQ=DAILY=WEEKLY;BYHOUR=2', '"FREQ=DAILY=WEEKLY" is not KEY=VALUE'],
    ['FREQ=DAILY;INTERVAL=0;BYHOUR=2', 'INTERVAL=0: 0 is outside 1–30'],
    ['FREQ=DAILY;INTERVAL=2,3;BYHOUR=2', 'INTERVAL takes one number'],
  ];
  for (const [text, message] of invalid) {
    it(`rejects ${JSON.stringify(text)} saying "${message}"`, () => {
      expect(() => parseRule(text)).toThrow(ScheduleError);
      expect(() => parseRule(text)).toThrow(message);
    });
  }

  it('rejects a value that is not a string', () => {
    expect(() => parseRule(42 as unknown as string)).toThrow('a pattern must be a non-empty RRULE string');
  });
});

describe('parseSchedule: a policy pattern list (P1: 1–24 rules, ≥ 1 h apart, ≤ 24 runs a day)', () => {
  it('accepts one daily rule and returns its recurrence', () => {
    expect(parseSchedule([DAILY_2AM], MONDAY)).toEqual([{ freq: 'DAILY', interval: 1, byDay: null, times: [120] }]);
  });

  it('rejects an empty list and a list that is not an array', () => {
    expect(() => parseSchedule([], MONDAY)).toThrow('pattern must list at least one RRULE string');
    expect(() => parseSchedule('FREQ=DAILY;BYHOUR=2' as unknown as string[], MONDAY)).toThrow('pattern must list at least one RRULE string');
  });

  it('accepts 24 rules, one per hour, and rejects 25 rules', () => {
    const hourly = Array.from({ length: 24 }, (_, h) => `FREQ=DAILY;BYHOUR=${h}`);
    expect(parseSchedule(hourly, MONDAY)).toHaveLength(24);
    expect(() => parseSchedule([...hourly, DAILY_2AM], MONDAY)).toThrow('pattern has 25 rules; at most 24 are allowed');
  });

  it('names the first bad rule when one of several does not parse', () => {
    expect(() => parseSchedule([DAILY_2AM, 'FREQ=HOURLY;BYHOUR=3'], MONDAY)).toThrow('FREQ must be DAILY or WEEKLY (got HOURLY)');
  });

  it('rejects two patterns 30 minutes apart', () => {
    expect(() => parseSchedule(['FREQ=DAILY;BYHOUR=2;BYMINUTE=0', 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30'], MONDAY)).toThrow(
      'runs must be at least one hour apart; two fall within an hour of each other at 02:30 UTC',
    );
  });

  it('rejects one rule whose minutes are 30 apart', () => {
    expect(() => parseSchedule(['FREQ=DAILY;BYHOUR=2;BYMINUTE=0,30'], MONDAY)).toThrow('at least one hour apart');
  });

  it('rejects runs less than an hour apart across midnight (23:30 and 00:00)', () => {
    expect(() => parseSchedule(['FREQ=DAILY;BYHOUR=23;BYMINUTE=30', 'FREQ=DAILY;BYHOUR=0'], MONDAY)).toThrow(
      'two fall within an hour of each other at 00:00 UTC',
    );
  });

  it('rejects a weekly rule that falls within an hour of a daily one on its weekday only', () => {
    expect(() => parseSchedule(['FREQ=DAILY;BYHOUR=2', 'FREQ=WEEKLY;BYDAY=FR;BYHOUR=2;BYMINUTE=59'], MONDAY)).toThrow('at 02:59 UTC');
  });

  it('accepts runs exactly one hour apart, and the same time given twice (it runs once)', () => {
    expect(() => parseSchedule(['FREQ=DAILY;BYHOUR=2', 'FREQ=DAILY;BYHOUR=3'], MONDAY)).not.toThrow();
    expect(() => parseSchedule(['FREQ=DAILY;BYHOUR=2', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=2;BYMINUTE=0'], MONDAY)).not.toThrow();
    expect(() => parseSchedule(['FREQ=DAILY;BYHOUR=23', 'FREQ=DAILY;BYHOUR=0'], MONDAY)).not.toThrow();
  });

  it('rejects a clash that happens only in alternate weeks (every 2 days at 02:00 vs Tuesdays at 02:30)', () => {
    // From a Monday anchor, every-2-days runs fall on Tuesday in every other week (2024-01-09).
    expect(() => parseSchedule(['FREQ=DAILY;INTERVAL=2;BYHOUR=2', 'FREQ=WEEKLY;BYDAY=TU;BYHOUR=2;BYMINUTE=30'], MONDAY)).toThrow('at 02:30 UTC');
  });

  it('accepts close times on weekdays that never meet (MO,WE,FR at 02:00 and TU,TH at 02:30)', () => {
    expect(() => parseSchedule(['FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=2', 'FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=2;BYMINUTE=30'], MONDAY)).not.toThrow();
  });

  it('rejects more than 24 runs a day, before looking at their spacing', () => {
    const hours = Array.from({ length: 24 }, (_, h) => h).join(',');
    expect(() => parseSchedule([`FREQ=DAILY;BYHOUR=${hours};BYMINUTE=0,30`], MONDAY)).toThrow(
      'a pattern runs 48 times a day; at most 24 are allowed',
    );
    expect(() => parseSchedule([`FREQ=DAILY;BYHOUR=${hours}`], MONDAY)).not.toThrow();
  });

  // Regression: the spacing check once looked only 14 × INTERVAL days ahead (P1).
  it('rejects runs under an hour apart however far after the anchor they first meet (INTERVAL 3 weeks vs 5 days)', () => {
    // parseSchedule only scans 14 × max(INTERVAL) + 1 = 71 days after the anchor, but a
    // WEEKLY INTERVAL=3 rule and a DAILY INTERVAL=5 rule repeat together only every
    // lcm(21, 5) = 105 days. Anchored on Friday 2024-01-05 they first meet on Monday 2024-03-25
    // (day 80), at 02:00 and 02:30 — 30 minutes apart, which P1 forbids — yet the schedule is
    // accepted. (Anchored on 2024-01-01…04 the clash falls inside the 71 days and is caught.)
    const patterns = ['FREQ=WEEKLY;INTERVAL=3;BYDAY=MO;BYHOUR=2;BYMINUTE=0', 'FREQ=DAILY;INTERVAL=5;BYHOUR=2;BYMINUTE=30'];
    const anchor = utc('2024-01-05T00:00');
    expect(() => parseSchedule(patterns, anchor)).toThrow('runs must be at least one hour apart');
  });

  it('(the clash the previous test needs does happen: on 2024-03-25 both rules run, 30 minutes apart)', () => {
    const anchor = utc('2024-01-05T00:00');
    const weekly = [parseRule('FREQ=WEEKLY;INTERVAL=3;BYDAY=MO;BYHOUR=2;BYMINUTE=0')];
    const daily = [parseRule('FREQ=DAILY;INTERVAL=5;BYHOUR=2;BYMINUTE=30')];
    const day = utc('2024-03-25T00:00');
    expect(iso(nextRun(weekly, anchor, day))).toBe('2024-03-25T02:00:00.000Z');
    expect(iso(nextRun(daily, anchor, day))).toBe('2024-03-25T02:30:00.000Z');
    expect((day - anchor) / DAY).toBe(80);
  });
});

describe('nextRun (P1, UTC)', () => {
  it('uses UTC days of 24 hours', () => {
    expect(SCHEDULE_DAY).toBe(DAY);
  });

  it('runs a daily 02:00 policy set on Monday 10:00 first on Tuesday 02:00, then every day', () => {
    expect(runs([DAILY_2AM], utc('2024-01-01T10:00'), utc('2024-01-01T10:00'), 3)).toEqual([
      '2024-01-02T02:00:00.000Z',
      '2024-01-03T02:00:00.000Z',
      '2024-01-04T02:00:00.000Z',
    ]);
  });

  it('runs the same day when the time has not passed yet, and strictly after the given instant', () => {
    const rules = parseSchedule([DAILY_2AM], MONDAY);
    expect(iso(nextRun(rules, MONDAY, utc('2024-01-01T01:59')))).toBe('2024-01-01T02:00:00.000Z');
    expect(iso(nextRun(rules, MONDAY, utc('2024-01-01T02:00')))).toBe('2024-01-02T02:00:00.000Z');
    expect(iso(nextRun(rules, MONDAY, utc('2024-01-01T02:00') - 1))).toBe('2024-01-01T02:00:00.000Z');
  });

  it('reads BYHOUR as UTC: 14:00 at UTC+8 is BYHOUR=6 and runs at 06:00Z', () => {
    const rules = parseSchedule(['FREQ=DAILY;INTERVAL=1;BYHOUR=6;BYMINUTE=00'], MONDAY);
    expect(iso(nextRun(rules, MONDAY, MONDAY))).toBe('2024-01-01T06:00:00.000Z');
  });

  it('crosses the week for a weekly MO,TH rule', () => {
    expect(runs(['FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=22'], MONDAY, utc('2024-01-02T12:00'), 4)).toEqual([
      '2024-01-04T22:00:00.000Z',
      '2024-01-08T22:00:00.000Z',
      '2024-01-11T22:00:00.000Z',
      '2024-01-15T22:00:00.000Z',
    ]);
  });

  it('crosses a month and a year end', () => {
    expect(runs(['FREQ=WEEKLY;BYDAY=SU;BYHOUR=23;BYMINUTE=30'], MONDAY, utc('2024-12-29T23:30'), 2)).toEqual([
      '2025-01-05T23:30:00.000Z',
      '2025-01-12T23:30:00.000Z',
    ]);
    expect(runs([DAILY_2AM], MONDAY, utc('2024-02-28T03:00'), 2)).toEqual(['2024-02-29T02:00:00.000Z', '2024-03-01T02:00:00.000Z']);
  });

  it('counts DAILY INTERVAL from the day the policy was created', () => {
    const anchor = utc('2024-01-03T09:00'); // Wednesday
    expect(runs(['FREQ=DAILY;INTERVAL=3;BYHOUR=2'], anchor, anchor, 3)).toEqual([
      '2024-01-06T02:00:00.000Z',
      '2024-01-09T02:00:00.000Z',
      '2024-01-12T02:00:00.000Z',
    ]);
    // the same from any later instant: the phase does not drift
    expect(runs(['FREQ=DAILY;INTERVAL=3;BYHOUR=2'], anchor, utc('2024-01-10T00:00'), 1)).toEqual(['2024-01-12T02:00:00.000Z']);
  });

  it('counts WEEKLY INTERVAL in Monday-based weeks from the week the policy was created', () => {
    const anchor = utc('2024-01-07T12:00'); // Sunday: its week began Monday 2024-01-01
    expect(runs(['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;BYHOUR=4'], anchor, anchor, 4)).toEqual([
      '2024-01-15T04:00:00.000Z',
      '2024-01-19T04:00:00.000Z',
      '2024-01-29T04:00:00.000Z',
      '2024-02-02T04:00:00.000Z',
    ]);
  });

  it('takes the earliest run of several patterns, each time once', () => {
    expect(runs(['FREQ=DAILY;BYHOUR=20', 'FREQ=WEEKLY;BYDAY=TU;BYHOUR=8', 'FREQ=DAILY;BYHOUR=20'], MONDAY, MONDAY, 4)).toEqual([
      '2024-01-01T20:00:00.000Z',
      '2024-01-02T08:00:00.000Z',
      '2024-01-02T20:00:00.000Z',
      '2024-01-03T20:00:00.000Z',
    ]);
  });

  it('finds the next run of the sparsest schedule (every 30 weeks)', () => {
    const rules = parseSchedule(['FREQ=WEEKLY;INTERVAL=30;BYDAY=WE;BYHOUR=1'], MONDAY);
    const first = nextRun(rules, MONDAY, MONDAY);
    expect(iso(first)).toBe('2024-01-03T01:00:00.000Z');
    expect(nextRun(rules, MONDAY, first) - first).toBe(30 * 7 * DAY);
  });

  it('keeps runs at least an hour apart for 24 hourly rules', () => {
    const hourly = Array.from({ length: 24 }, (_, h) => `FREQ=DAILY;BYHOUR=${h}`);
    const rules = parseSchedule(hourly, MONDAY);
    let t = MONDAY - 1;
    for (let i = 0; i < 48; i++) {
      const n = nextRun(rules, MONDAY, t);
      if (i > 0) expect(n - t).toBe(HOUR);
      t = n;
    }
  });
});
