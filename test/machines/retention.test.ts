/**
 * Policy retention (P2, P3, I8): which automatic backups a policy deletes after a backup completes.
 */
import { describe, expect, it } from 'vitest';
import {
  RETENTION_FIELDS,
  RetentionError,
  isCounted,
  selectExpired,
  expiryOf,
  expiryBatchAt,
  failedBackupKeptMs,
  selectFailedSurplus,
  isTimeToCount,
  ruleKind,
  timezoneOffsetMinutes,
  validateRetention,
  type RetentionCandidate,
  type RetentionRules,
} from '../../machines/retention.js';
import { nextRun, parseSchedule } from '../../machines/schedule.js';
import { DAY, HOUR, MINUTE, iso, utc } from './support.js';

/** A backup made at `when` (UTC); automatic and without an image unless told otherwise. */
function b(id: string, when: string, o: { manual?: boolean; image?: boolean } = {}): RetentionCandidate {
  return { id, createdAt: utc(when), autoTrigger: !o.manual, hasImage: !!o.image };
}

/** One automatic backup a day at `hour`:00 UTC, `days` days from `first` (YYYY-MM-DD); id = the date. */
function daily(first: string, days: number, hour = 2): RetentionCandidate[] {
  return Array.from({ length: days }, (_, i) => {
    const at = utc(`${first}T00:00`) + i * DAY + hour * HOUR;
    return { id: iso(at).slice(0, 10), createdAt: at, autoTrigger: true, hasImage: false };
  });
}

const ids = (backups: RetentionCandidate[]) => backups.map((x) => x.id);
/** What `selectExpired` keeps, newest first. */
function kept(rules: RetentionRules, backups: RetentionCandidate[], now: number): string[] {
  const expired = new Set(selectExpired(rules, backups, now));
  return [...backups].sort((x, y) => y.createdAt - x.createdAt).filter((x) => !expired.has(x.id)).map((x) => x.id);
}

const FAR_FUTURE = utc('2030-01-01T00:00');

describe('validateRetention (P2)', () => {
  const valid: RetentionRules[] = [
    {},
    { maxBackups: 3 },
    { maxBackups: 99_999 },
    { retentionDays: 30 },
    { maxBackups: -1, retentionDays: 7 },
    { maxBackups: 3, retentionDays: -1 },
    { maxBackups: 3, dayBackups: 5, weekBackups: 1, timezone: 'UTC+01:00' },
    { dayBackups: 5, timezone: 'UTC' },
    { dayBackups: 0, weekBackups: 0, monthBackups: 0, yearBackups: 0 },
    { retentionDays: 30, dayBackups: 0 },
    { yearBackups: 100, timezone: 'UTC-05:30' },
    { maxBackups: 3, timezone: 'UTC+08:00' },
  ];
  for (const rules of valid) {
    it(`accepts ${JSON.stringify(rules)}`, () => expect(() => validateRetention(rules)).not.toThrow());
  }

  const invalid: Array<[RetentionRules, string]> = [
    [{ maxBackups: 3, retentionDays: 30 }, 'maxBackups and retentionDays cannot be combined: keep by count or by age, not both'],
    [{ retentionDays: 30, weekBackups: 2, timezone: 'UTC' }, 'retentionDays cannot be combined with long-term retention (weekBackups); use maxBackups with them'],
    [{ retentionDays: 30, dayBackups: 1, yearBackups: 2, timezone: 'UTC' }, 'long-term retention (dayBackups, yearBackups)'],
    [{ dayBackups: 5 }, 'timezone is required with dayBackups (for example "UTC+01:00")'],
    [{ maxBackups: 3, weekBackups: 1, monthBackups: 2 }, 'timezone is required with weekBackups, monthBackups'],
    [{ maxBackups: 0 }, 'maxBackups must be a whole number from 1 to 99999 (or -1 for none); got 0'],
    [{ maxBackups: 100_000 }, 'maxBackups must be a whole number from 1 to 99999'],
    [{ maxBackups: '3' as unknown as number }, 'got "3"'],
    [{ retentionDays: 1.5 }, 'retentionDays must be a whole number from 1 to 99999 (or -1 for none); got 1.5'],
    [{ dayBackups: 101, timezone: 'UTC' }, 'dayBackups must be a whole number from 0 to 100'],
    [{ yearBackups: -2, timezone: 'UTC' }, 'yearBackups must be a whole number from 0 to 100'],
    [{ maxBackups: 3, timezone: 'CET' }, 'timezone must look like UTC+01:00 or UTC-05:30; got "CET"'],
    [{ dayBackups: 1, timezone: 'UTC+1' }, 'timezone must look like UTC+01:00 or UTC-05:30; got "UTC+1"'],
    [{ dayBackups: 1, timezone: 'UTC+15:00' }, 'timezone UTC+15:00 is outside UTC-14:00…UTC+14:00'],
  ];
  for (const [rules, message] of invalid) {
    it(`rejects ${JSON.stringify(rules)} saying "${message}"`, () => {
      expect(() => validateRetention(rules)).toThrow(RetentionError);
      expect(() => validateRetention(rules)).toThrow(message);
    });
  }

  it('knows the fields of a retention rule', () => {
    expect([...RETENTION_FIELDS]).toEqual(['maxBackups', 'retentionDays', 'dayBackups', 'weekBackups', 'monthBackups', 'yearBackups', 'timezone']);
  });
});

describe('timezoneOffsetMinutes', () => {
  const cases: Array<[string, number]> = [
    ['UTC', 0],
    ['UTC+00:00', 0],
    ['UTC+01:00', 60],
    ['UTC-05:30', -330],
    ['UTC+05:45', 345],
    ['UTC+14:00', 840],
    ['UTC-14:00', -840],
  ];
  for (const [tz, minutes] of cases) it(`reads ${tz} as ${minutes} minutes east of UTC`, () => expect(timezoneOffsetMinutes(tz)).toBe(minutes));
});

describe('isCounted (P3, I8)', () => {
  it('counts only automatic backups without an image', () => {
    expect(isCounted(b('a', '2024-01-01T02:00'))).toBe(true);
    expect(isCounted(b('m', '2024-01-01T02:00', { manual: true }))).toBe(false);
    expect(isCounted(b('i', '2024-01-01T02:00', { image: true }))).toBe(false);
    expect(isCounted(b('mi', '2024-01-01T02:00', { manual: true, image: true }))).toBe(false);
  });
});

describe('selectExpired: by count and by age (P2)', () => {
  const week = daily('2024-01-01', 7);

  it('keeps everything when no rule is set (permanent retention)', () => {
    const many = daily('2020-01-01', 1_000);
    expect(selectExpired({}, many, FAR_FUTURE)).toEqual([]);
    expect(selectExpired({ maxBackups: -1, retentionDays: -1 }, many, FAR_FUTURE)).toEqual([]);
    expect(selectExpired({ dayBackups: 0, timezone: 'UTC' }, many, FAR_FUTURE)).toEqual([]);
  });

  it('keeps the newest maxBackups and expires the others, oldest first', () => {
    expect(selectExpired({ maxBackups: 3 }, week, FAR_FUTURE)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
  });

  it('does not depend on the order it is given the backups in', () => {
    const shuffled = [week[3]!, week[0]!, week[6]!, week[2]!, week[5]!, week[1]!, week[4]!];
    expect(selectExpired({ maxBackups: 3 }, shuffled, FAR_FUTURE)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
  });

  it('expires nothing while there are no more than maxBackups', () => {
    expect(selectExpired({ maxBackups: 7 }, week, FAR_FUTURE)).toEqual([]);
    expect(selectExpired({ maxBackups: 1 }, [], FAR_FUTURE)).toEqual([]);
  });

  it('breaks a tie between backups made at the same instant by id', () => {
    const same = [b('bk-a', '2024-01-01T02:00'), b('bk-c', '2024-01-01T02:00'), b('bk-b', '2024-01-01T02:00')];
    expect(selectExpired({ maxBackups: 1 }, same, FAR_FUTURE)).toEqual(['bk-a', 'bk-b']);
  });

  it('selects nothing by age at a completion: each backup expires on its own timer (P6, P8)', () => {
    const now = utc('2024-01-10T02:00');
    const backups = [b('8-days', iso(now - 8 * DAY)), b('exactly-7-days', iso(now - 7 * DAY)), b('1-day', iso(now - DAY))];
    expect(selectExpired({ retentionDays: 7 }, backups, now)).toEqual([]);
    expect(selectExpired({ retentionDays: 1 }, backups, FAR_FUTURE)).toEqual([]);
  });
});

describe('selectExpired: manual and imaged backups (P3, I8)', () => {
  const mixed = [
    b('manual-old', '2023-12-01T12:00', { manual: true }),
    b('auto-1', '2024-01-01T02:00'),
    b('auto-2-imaged', '2024-01-02T02:00', { image: true }),
    b('manual-mid', '2024-01-02T12:00', { manual: true }),
    b('auto-3', '2024-01-03T02:00'),
    b('auto-4', '2024-01-04T02:00'),
    b('manual-new', '2024-01-05T12:00', { manual: true }),
    b('auto-5', '2024-01-05T02:00'),
  ];

  it('never counts manual backups towards maxBackups, and never expires them (P3)', () => {
    // the three newest *counted* backups are auto-5, auto-4, auto-3: manual-new takes no slot
    expect(selectExpired({ maxBackups: 3 }, mixed, FAR_FUTURE)).toEqual(['auto-1']);
    expect(selectExpired({ maxBackups: 1 }, mixed, FAR_FUTURE)).toEqual(['auto-1', 'auto-3', 'auto-4']);
  });

  it('never counts an imaged automatic backup, and never expires it (I8)', () => {
    expect(selectExpired({ maxBackups: 1 }, mixed, FAR_FUTURE)).not.toContain('auto-2-imaged');
    // with the image it takes no slot: auto-3 is kept as the 3rd newest counted backup
    expect(kept({ maxBackups: 3 }, mixed, FAR_FUTURE)).toEqual(['manual-new', 'auto-5', 'auto-4', 'auto-3', 'manual-mid', 'auto-2-imaged', 'manual-old']);
  });

  it('never expires anything by age at a completion, so neither manual nor imaged backups (P7 count → time)', () => {
    expect(selectExpired({ retentionDays: 1 }, mixed, FAR_FUTURE)).toEqual([]);
  });

  it('never expires manual or imaged backups by long-term rules', () => {
    const expired = selectExpired({ maxBackups: 1, dayBackups: 1, weekBackups: 1, monthBackups: 1, yearBackups: 1, timezone: 'UTC' }, mixed, FAR_FUTURE);
    expect(expired.filter((id) => id.startsWith('manual') || id.includes('imaged'))).toEqual([]);
  });

  it('expires nothing when every backup is manual or imaged, whatever the rule', () => {
    const exempt = [b('m1', '2020-01-01T00:00', { manual: true }), b('i1', '2020-01-02T00:00', { image: true })];
    for (const rules of [{ maxBackups: 1 }, { retentionDays: 1 }, { maxBackups: 1, dayBackups: 1, timezone: 'UTC' }]) {
      expect(selectExpired(rules, exempt, FAR_FUTURE)).toEqual([]);
    }
  });
});

describe('selectExpired: long-term retention (P2: latest of each of the last N days/weeks/months/years)', () => {
  it('keeps only the latest backup of each of the last dayBackups days', () => {
    const backups = [
      b('d1-02', '2024-01-01T02:00'), b('d1-10', '2024-01-01T10:00'), b('d1-18', '2024-01-01T18:00'),
      b('d2-02', '2024-01-02T02:00'), b('d2-10', '2024-01-02T10:00'), b('d2-18', '2024-01-02T18:00'),
      b('d3-02', '2024-01-03T02:00'), b('d3-10', '2024-01-03T10:00'), b('d3-18', '2024-01-03T18:00'),
    ];
    expect(kept({ dayBackups: 2, timezone: 'UTC' }, backups, FAR_FUTURE)).toEqual(['d3-18', 'd2-18']);
  });

  it('counts the last N days that hold a backup, not calendar days', () => {
    const sparse = [b('jan-01', '2024-01-01T02:00'), b('jan-05', '2024-01-05T02:00'), b('jan-10', '2024-01-10T02:00')];
    expect(kept({ dayBackups: 2, timezone: 'UTC' }, sparse, FAR_FUTURE)).toEqual(['jan-10', 'jan-05']);
  });

  it('counts days in the policy timezone', () => {
    const late = [b('22:30Z', '2024-01-01T22:30'), b('23:30Z', '2024-01-01T23:30')];
    // UTC: both on 1 January, one day; UTC+01:00: 23:30 and 00:30, two days
    expect(kept({ dayBackups: 2, timezone: 'UTC' }, late, FAR_FUTURE)).toEqual(['23:30Z']);
    expect(kept({ dayBackups: 2, timezone: 'UTC+01:00' }, late, FAR_FUTURE)).toEqual(['23:30Z', '22:30Z']);
    // UTC-01:00: 21:30 and 22:30 on 1 January
    expect(kept({ dayBackups: 2, timezone: 'UTC-01:00' }, late, FAR_FUTURE)).toEqual(['23:30Z']);
  });

  it('counts Monday-based weeks', () => {
    const backups = [b('sat-06', '2024-01-06T10:00'), b('sun-07', '2024-01-07T10:00'), b('mon-08', '2024-01-08T10:00')];
    expect(kept({ weekBackups: 1, timezone: 'UTC' }, backups, FAR_FUTURE)).toEqual(['mon-08']);
    expect(kept({ weekBackups: 2, timezone: 'UTC' }, backups, FAR_FUTURE)).toEqual(['mon-08', 'sun-07']);
  });

  it('counts weeks in the policy timezone (Sunday 23:30Z is Monday at UTC+01:00)', () => {
    const backups = [b('sun-23:30Z', '2024-01-07T23:30'), b('mon-10:00Z', '2024-01-08T10:00')];
    expect(kept({ weekBackups: 2, timezone: 'UTC' }, backups, FAR_FUTURE)).toEqual(['mon-10:00Z', 'sun-23:30Z']);
    expect(kept({ weekBackups: 2, timezone: 'UTC+01:00' }, backups, FAR_FUTURE)).toEqual(['mon-10:00Z']);
  });

  it('counts calendar months and years', () => {
    const backups = [b('jan-10', '2024-01-10T02:00'), b('jan-31', '2024-01-31T02:00'), b('feb-15', '2024-02-15T02:00'), b('feb-20', '2024-02-20T02:00'), b('mar-01', '2024-03-01T02:00')];
    expect(kept({ monthBackups: 2, timezone: 'UTC' }, backups, FAR_FUTURE)).toEqual(['mar-01', 'feb-20']);
    expect(kept({ monthBackups: 12, timezone: 'UTC' }, backups, FAR_FUTURE)).toEqual(['mar-01', 'feb-20', 'jan-31']);
    const newYear = [b('2023-12-31T23:30Z', '2023-12-31T23:30'), b('2024-01-01T01:00Z', '2024-01-01T01:00')];
    expect(kept({ yearBackups: 2, timezone: 'UTC' }, newYear, FAR_FUTURE)).toEqual(['2024-01-01T01:00Z', '2023-12-31T23:30Z']);
    expect(kept({ yearBackups: 2, timezone: 'UTC+01:00' }, newYear, FAR_FUTURE)).toEqual(['2024-01-01T01:00Z']);
  });

  it('keeps the union of maxBackups and the long-term rules', () => {
    const threeWeeks = daily('2024-01-01', 21); // Monday 1 to Sunday 21 January
    expect(kept({ maxBackups: 2, weekBackups: 3, timezone: 'UTC' }, threeWeeks, FAR_FUTURE)).toEqual([
      '2024-01-21', // newest: maxBackups and the latest of this week
      '2024-01-20', // maxBackups
      '2024-01-14', // latest of the week before
      '2024-01-07', // latest of the first week
    ]);
  });

  it('worked example (a): dayBackups=5 with weekBackups=1 still keeps 5 daily backups, whatever the weekday', () => {
    // The latest backup of the last 1 week is always the newest backup, which is also the latest
    // of the newest day: the union adds nothing to the 5 daily ones.
    for (let extra = 0; extra < 7; extra++) {
      const backups = daily('2024-01-01', 15 + extra);
      const newest5 = ids(backups).slice(-5).reverse();
      const weekday = new Date(backups.at(-1)!.createdAt).getUTCDay();
      expect(kept({ dayBackups: 5, weekBackups: 1, timezone: 'UTC+01:00' }, backups, FAR_FUTURE), `newest on weekday ${weekday}`).toEqual(newest5);
    }
  });

  it('(and with weekBackups=2 the union keeps a 6th backup when last week\'s Sunday is older than the 5 days)', () => {
    // newest on Tuesday 9 January: the 5 days are Fri 5 … Tue 9, which include Sunday 7: 5 kept
    expect(kept({ dayBackups: 5, weekBackups: 2, timezone: 'UTC' }, daily('2024-01-01', 9), FAR_FUTURE)).toHaveLength(5);
    // newest on Friday 12 January: the 5 days are Mon 8 … Fri 12; Sunday 7 is added: 6 kept
    expect(kept({ dayBackups: 5, weekBackups: 2, timezone: 'UTC' }, daily('2024-01-01', 12), FAR_FUTURE)).toEqual([
      '2024-01-12', '2024-01-11', '2024-01-10', '2024-01-09', '2024-01-08', '2024-01-07',
    ]);
  });
});

describe('worked example (b): maxBackups=3, policy set on Monday 10:00, daily at 02:00', () => {
  /**
   * Runs the policy's schedule from Monday 10:00 to Saturday 11:00; each backup completes 20
   * minutes after its run and retention is evaluated then, deleting what selectExpired names.
   */
  function week(extra: RetentionCandidate[] = []) {
    const setAt = utc('2024-01-01T10:00');
    const rules = parseSchedule(['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], setAt);
    let live: RetentionCandidate[] = [];
    const log: Array<[string, string[]]> = [];
    for (let run = nextRun(rules, setAt, setAt); run < utc('2024-01-06T11:00'); run = nextRun(rules, setAt, run)) {
      const day = new Date(run).toUTCString().slice(0, 3);
      live.push({ id: day, createdAt: run, autoTrigger: true, hasImage: false });
      for (const e of extra) if (e.createdAt < run && !live.includes(e)) live.push(e);
      const expired = selectExpired({ maxBackups: 3 }, live, run + 20 * MINUTE);
      live = live.filter((x) => !expired.includes(x.id));
      log.push([day, expired]);
    }
    return { live, log };
  }

  it('backs up Tuesday to Saturday (Monday 02:00 had passed when the policy was set)', () => {
    expect(week().log.map(([day]) => day)).toEqual(['Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
  });

  it('deletes Tuesday\'s backup after Friday\'s and Wednesday\'s after Saturday\'s', () => {
    expect(week().log).toEqual([
      ['Tue', []],
      ['Wed', []],
      ['Thu', []],
      ['Fri', ['Tue']],
      ['Sat', ['Wed']],
    ]);
  });

  it('leaves only the Thursday, Friday and Saturday backups by Saturday 11:00', () => {
    expect(ids(week().live).sort()).toEqual(['Fri', 'Sat', 'Thu']);
  });

  it('leaves a manual backup made on Tuesday alone (P3)', () => {
    const manual = b('manual-Tue', '2024-01-02T12:00', { manual: true });
    expect(ids(week([manual]).live).sort()).toEqual(['Fri', 'Sat', 'Thu', 'manual-Tue']);
  });
});

describe('expiry fixed at creation (P6), its batch (P8), the four cases of a rule change (P7), failed backups (P9)', () => {
  it('P6: retentionDays gives created + N days; count-only and no rule give none', () => {
    const at = utc('2024-01-01T02:00');
    expect(expiryOf({ retentionDays: 3 }, at)).toBe(at + 3 * DAY);
    expect(expiryOf({ maxBackups: 3 }, at)).toBeNull();
    expect(expiryOf({ maxBackups: 3, dayBackups: 1, timezone: 'UTC' }, at)).toBeNull();
    expect(expiryOf({}, at)).toBeNull();
    expect(expiryOf(null, at)).toBeNull();
  });

  it('P8: the batch runs at 08:00 on the day after expiry, in the policy timezone, else UTC', () => {
    expect(iso(expiryBatchAt(utc('2024-01-04T02:00')))).toBe('2024-01-05T08:00:00.000Z');
    expect(iso(expiryBatchAt(utc('2024-01-04T23:59')))).toBe('2024-01-05T08:00:00.000Z');
    expect(iso(expiryBatchAt(utc('2024-01-04T02:00'), 'UTC+01:00'))).toBe('2024-01-05T07:00:00.000Z');
    // 23:30 UTC is already the 5th in UTC+01:00: the batch is on the 6th, local 08:00.
    expect(iso(expiryBatchAt(utc('2024-01-04T23:30'), 'UTC+01:00'))).toBe('2024-01-06T07:00:00.000Z');
    expect(iso(expiryBatchAt(utc('2024-01-04T02:00'), 'UTC-05:00'))).toBe('2024-01-04T13:00:00.000Z');
  });

  it('P7: names the rule kinds, and only time → count touches old backups', () => {
    expect(ruleKind({ maxBackups: 3 })).toBe('count');
    expect(ruleKind({ dayBackups: 2, timezone: 'UTC' })).toBe('count');
    expect(ruleKind({ retentionDays: 3 })).toBe('time');
    expect(ruleKind({})).toBe('none');
    expect(isTimeToCount({ retentionDays: 3 }, { maxBackups: 2 })).toBe(true);
    expect(isTimeToCount({ retentionDays: 3 }, { maxBackups: 2, weekBackups: 1, timezone: 'UTC' })).toBe(true);
    expect(isTimeToCount({ retentionDays: 3 }, { dayBackups: 1, timezone: 'UTC' })).toBe(true);
    expect(isTimeToCount({ maxBackups: 3 }, { maxBackups: 2 })).toBe(false);
    expect(isTimeToCount({ maxBackups: 3 }, { retentionDays: 2 })).toBe(false);
    expect(isTimeToCount({ retentionDays: 3 }, { retentionDays: 1 })).toBe(false);
    expect(isTimeToCount({ retentionDays: 3 }, {})).toBe(false);
  });

  it('P9: keeps the newest ten failed automatic backups; never a manual or imaged one', () => {
    const failed = daily('2024-01-01', 13);
    expect(selectFailedSurplus(failed)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(selectFailedSurplus([...failed.slice(0, 10), b('m', '2023-01-01T00:00', { manual: true }), b('i', '2023-01-02T00:00', { image: true })])).toEqual([]);
  });

  it('P9: a failed backup is kept one calendar month', () => {
    expect(iso(utc('2024-01-31T02:05') + failedBackupKeptMs(utc('2024-01-31T02:05')))).toBe('2024-02-29T02:05:00.000Z');
    expect(iso(utc('2024-03-15T10:00') + failedBackupKeptMs(utc('2024-03-15T10:00')))).toBe('2024-04-15T10:00:00.000Z');
    expect(iso(utc('2024-12-20T00:00') + failedBackupKeptMs(utc('2024-12-20T00:00')))).toBe('2025-01-20T00:00:00.000Z');
  });
});
