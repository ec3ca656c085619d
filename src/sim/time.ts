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
  if (Math.abs(ms) <= MAX_TIME) return dateIso(ms);
  if (!Number.isFinite(ms) || Math.abs(ms) > SPELLED_LIMIT) return `(${ms} ms after 1970-01-01T00:00:00.000Z, beyond any date)`;
  const cycles = Math.trunc(ms / CYCLE_MS) - Math.sign(ms);
  const inside = new Date(ms - cycles * CYCLE_MS);
  const year = inside.getUTCFullYear() + cycles * CYCLE_YEARS;
  const rest = inside.toISOString().replace(/^[+-]?\d+/, '');
  const sign = year < 0 ? '-' : '+';
  return `${sign}${String(Math.abs(year)).padStart(6, '0')}${rest}`;
}

const DAY_MS = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z: the years `toISOString` writes with four digits. */
const FOUR_DIGITS_FROM = -62_167_219_200_000;
const FOUR_DIGITS_TO = 253_402_300_800_000;
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * Exactly `new Date(ms).toISOString()` (a RangeError where it has one), in a tenth of its time for
 * the years 0000–9999: every record and every answer of the service API formats several instants,
 * and `toISOString` was a fifth of the server's time under load (`npm run bench -- --api`).
 * The calendar arithmetic is the proleptic Gregorian one of `toISOString` (days from the civil date,
 * after H. Hinnant's `civil_from_days`).
 */
export function dateIso(ms: number): string {
  // A Date keeps whole milliseconds, truncated toward zero (TimeClip).
  const t = Math.trunc(ms);
  if (!(t >= FOUR_DIGITS_FROM && t < FOUR_DIGITS_TO)) return new Date(ms).toISOString();
  const days = Math.floor(t / DAY_MS);
  const inDay = t - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const seconds = Math.floor(inDay / 1000);
  return `${TWO[Math.floor(year / 100)]}${TWO[year % 100]}-${TWO[month]}-${TWO[day]}T${TWO[Math.floor(seconds / 3600)]}:${TWO[Math.floor(seconds / 60) % 60]}:${TWO[seconds % 60]}.${THREE[inDay % 1000]}Z`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digits of `text` from `at` to `at + n` as a number, or -1 when one of them is no digit. */
function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Exactly `Date.parse(text)`, without its cost for what `dateIso` writes (`2026-01-05T00:00:00.000Z`,
 * a real day of a year 0000–9999): records keep their instants as such text, and the service API
 * reads them back for every answer. Any other text is left to `Date.parse`.
 */
export function parseIso(text: string): number {
  if (text.length !== 24 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.' || text[23] !== 'Z') return Date.parse(text);
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const s = digits(text, 17, 2);
  const frac = digits(text, 20, 3);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]! + (m === 2 && leap ? 1 : 0) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || frac < 0) return Date.parse(text);
  // Days from the civil date (H. Hinnant's `days_from_civil`).
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return days * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + frac;
}

/** Whether a timer can fall at `ms`: a finite instant no later than the last date. */
export function isRepresentable(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME;
}
