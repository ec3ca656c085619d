/** Simulated time as a reader of the console reads it. */
import { describe, expect, it } from 'vitest';
import { dateTime, elapsed, longDateTime, runDay, spanWords } from '../../src/docs/time-words.js';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

describe('time words', () => {
  it('give the weekday with the date, and the year only when asked', () => {
    expect(dateTime(at('2026-01-05T00:10:00Z'))).toBe('Mon 5 Jan 00:10');
    expect(dateTime(at('2027-01-06T10:00:00Z'), true)).toBe('Wed 6 Jan 2027 10:00');
    expect(longDateTime(at('2026-01-05T10:00:00Z'))).toBe('Monday 5 January 2026 at 10:00 UTC');
  });

  it('say the time since the start in minutes, hours and days', () => {
    expect(elapsed(0)).toBe('+0 min');
    expect(elapsed(9 * MIN)).toBe('+9 min');
    expect(elapsed(125 * MIN)).toBe('+2 h 5 min');
    expect(elapsed(60 * MIN)).toBe('+1 h');
    expect(elapsed((3 * 24 + 4) * 60 * MIN)).toBe('+3 d 4 h');
    expect(elapsed(366 * 24 * 60 * MIN)).toBe('+366 d');
  });

  it('count the days of a run from 1, by the calendar', () => {
    expect(runDay(at('2026-01-05T23:00:00Z'), at('2026-01-06T01:00:00Z'))).toBe(2);
    expect(runDay(at('2026-01-05T10:00:00Z'), at('2026-01-07T02:00:00Z'))).toBe(3);
  });

  it('say a span in words', () => {
    expect(spanWords(1)).toBe('a moment');
    expect(spanWords(9 * MIN)).toBe('about 9 minutes');
    expect(spanWords(97 * MIN)).toBe('about 1 hour 37 minutes');
    expect(spanWords(24 * 60 * MIN)).toBe('1 day');
    expect(spanWords(365 * 24 * 60 * MIN)).toBe('365 days');
  });
});
