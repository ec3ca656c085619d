/**
 * How far ahead the world can set a timer. A simulation near the last date JavaScript can hold
 * must refuse a command whose timers would fall past it, and puts the world back to do so; that
 * costs a save per command, so it is paid only within this horizon of the end (never in normal use).
 * The bound must hold for every timer, or a command outside the horizon could slip one past the end.
 */
import { DAY } from '../../machines/schedule.js';
import type { Timings } from './timings.js';

/**
 * The longest wait between two runs of a backup policy: FREQ=WEEKLY;INTERVAL=30 repeats every 210
 * days (INTERVAL is at most 30), and a run falls within one period and a day (`nextRun`).
 */
const POLICY_GAP_MS = 212 * DAY;
/** Rounding (`backupTiming` rounds) and any other slack. */
const SLACK_MS = DAY;

/**
 * The longest timer a world with `timings` can set when no backup is larger than `largestGB`:
 * every phase is a fixed time or a base plus a time per GB (`backupTiming`), or a policy's wait.
 */
export function longestTimerMs(timings: Timings, largestGB: number): number {
  let fixed = 0;
  let perGB = 0;
  for (const [key, ms] of Object.entries(timings) as [keyof Timings, number][]) {
    if (key.endsWith('PerGBMs')) perGB = Math.max(perGB, ms);
    else fixed = Math.max(fixed, ms);
  }
  return Math.max(fixed + perGB * largestGB, POLICY_GAP_MS) + SLACK_MS;
}
