/**
 * Simulated time as text. A JavaScript date ends at ±8.64e15 ms (the year 275760), and
 * `new Date(ms).toISOString()` throws a RangeError past it or for NaN. A simulated instant is
 * formatted in many places (records, the journal, refusal messages, the server's answers), so each
 * uses `isoTime`, which never throws: an instant past the end still reads as a date (an ISO year
 * with more digits), so a message can name the date a timer would have needed.
 */

/** The last instant a JavaScript date can hold, epoch ms (+275760-09-13T00:00:00.000Z). */
export const MAX_TIME = 8.64e15;

/** 400 Gregorian years are exactly 146,097 days: shifting by whole cycles keeps month and day. */
const CYCLE_MS = 146_097 * 86_400_000;
const CYCLE_YEARS = 400;
/** Beyond this (about 31 million years) years are not worth spelling out. */
const SPELLED_LIMIT = 1e18;

/**
 * The ISO 8601 form of an epoch-ms instant, as `Date.prototype.toISOString` gives it where a date
 * exists (`2026-01-05T00:00:00.000Z`, `+275760-09-13T00:00:00.000Z`); past the end of dates the
 * same form with a longer year (`+275761-01-01T00:00:00.000Z`); for a value that is no instant
 * (NaN, ±Infinity, beyond 1e18) a plain description. Never throws.
 */
export function isoTime(ms: number): string {
  if (typeof ms !== 'number' || Number.isNaN(ms)) return `(no time: ${String(ms)})`;
  if (Math.abs(ms) <= MAX_TIME) return new Date(ms).toISOString();
  if (!Number.isFinite(ms) || Math.abs(ms) > SPELLED_LIMIT) return `(${ms} ms after 1970-01-01T00:00:00.000Z, beyond any date)`;
  const cycles = Math.trunc(ms / CYCLE_MS) - Math.sign(ms);
  const inside = new Date(ms - cycles * CYCLE_MS);
  const year = inside.getUTCFullYear() + cycles * CYCLE_YEARS;
  const rest = inside.toISOString().replace(/^[+-]?\d+/, '');
  const sign = year < 0 ? '-' : '+';
  return `${sign}${String(Math.abs(year)).padStart(6, '0')}${rest}`;
}

/** Whether a timer can fall at `ms`: a finite instant no later than the last date. */
export function isRepresentable(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME;
}
