/**
 * Simulated time as a reader of the console reads it: the weekday and date (`Mon 5 Jan 00:10`),
 * the time since the procedure started (`+9 min`, `+2 h 5 min`, `+3 d 4 h`), a day of the run
 * (`day 3, Wed 7 Jan`), a span in words (`about 9 minutes`). All times are UTC, as the policies'
 * schedules are.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const two = (n: number) => String(n).padStart(2, '0');

/** `00:10` */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** `Mon 5 Jan` (with the year when `withYear`). */
export function shortDate(ms: number, withYear = false): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]!.slice(0, 3)} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!.slice(0, 3)}${withYear ? ` ${d.getUTCFullYear()}` : ''}`;
}

/** `Mon 5 Jan 00:10`: the time column of the steps. */
export function dateTime(ms: number, withYear = false): string {
  return `${shortDate(ms, withYear)} ${clockTime(ms)}`;
}

/** `Monday 5 January 2026 at 10:00 UTC`: when a walkthrough starts. */
export function longDateTime(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${clockTime(ms)} UTC`;
}

/** `January 2026` */
export function monthName(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The elapsed-time column: `+0 min`, `+9 min`, `+2 h 5 min`, `+3 d 4 h`, `+365 d`. */
export function elapsed(ms: number): string {
  const m = Math.round(ms / MINUTE);
  if (m < 60) return `+${m} min`;
  if (ms < DAY) return `+${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const h = Math.round(ms / HOUR);
  const days = Math.floor(h / 24);
  return days >= 30 || h % 24 === 0 ? `+${days} d` : `+${days} d ${h % 24} h`;
}

/** `day 3`: the day of the run `at` falls on, the start's day being day 1. */
export function runDay(start: number, at: number): number {
  return Math.floor(at / DAY) - Math.floor(start / DAY) + 1;
}

/** A span in words: `a moment`, `about 9 minutes`, `about 1 hour 37 minutes`, `1 day`, `365 days`. */
export function spanWords(ms: number): string {
  if (ms < 30_000) return 'a moment';
  const m = Math.round(ms / MINUTE);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (m < 60) return `about ${plural(m, 'minute')}`;
  if (ms < DAY) return `about ${plural(Math.floor(m / 60), 'hour')}${m % 60 ? ` ${plural(m % 60, 'minute')}` : ''}`;
  const h = Math.round(ms / HOUR);
  return h % 24 === 0 ? plural(h / 24, 'day') : `${plural(Math.floor(h / 24), 'day')} ${plural(h % 24, 'hour')}`;
}
