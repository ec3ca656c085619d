/**
 * A play in progress: the inspector's ▶ Play, the clock advancing continuously at a speed, paced
 * by the server's wall clock. It is journaled twice, however long it runs: a `play` command record
 * when it begins (`Simulation.startPlay`) and a `played` note when it ends (`end`), naming the
 * play's record, the last record it wrote and where the clock stood, so that replaying the journal
 * (time travel, resuming from a record) runs the same timers to the same place: a play is an
 * advance whose end is known only when it ends.
 */
import type { World } from './world.js';
import { MAX_TIME, isoTime } from './time.js';

/** Simulated seconds per real second a play may run at. */
export const MIN_SPEED = 1;
export const MAX_SPEED = 1_000_000;

/** Why a play ended, as its `played` note says. */
export type PlayEnd =
  | { why: 'paused' }
  | { why: 'command'; verb: string }
  | { why: 'step'; step: number }
  | { why: 'speed'; speed: number }
  | { why: 'end-of-time' }
  /** `wallMs`: the longest a play runs, which it reached. */
  | { why: 'limit'; wallMs: number }
  | { why: 'restart' };

/** The `played` note's details: the `advance-paused` shape (`advance`, `after`) and where it went. */
export type PlayedDetails = {
  /** The seq of the play's own command record. */
  advance: number;
  /** The last record the play wrote (the note comes next). */
  after: number;
  from: string;
  to: string;
  speed: number;
  ended: PlayEnd['why'];
};

/** "×3600": a speed as the page's select shows it. */
export function speedText(speed: number): string {
  return `×${speed}`;
}

/** A wall-clock span in hours, minutes or seconds. */
function wallText(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}

function endWords(end: PlayEnd): string {
  switch (end.why) {
    case 'paused':
      return '';
    case 'command':
      return ` It ended for the command ${end.verb}, and played on after it.`;
    case 'step':
      return ` It ended for scenario step ${end.step}, and played on after it.`;
    case 'speed':
      return ` It went on at ${speedText(end.speed)}.`;
    case 'end-of-time':
      return ' It stopped as near the last date as a play goes (a timer it fired could fall past the end); advance the rest with the advance command.';
    case 'limit':
      return ` It stopped after ${wallText(end.wallMs)} of play, the longest a play runs; press Play to go on.`;
    case 'restart':
      return ' The server stopped; no play runs after a restart.';
  }
}

/** The `played` note of a play from `from` to `to` (epoch ms). */
export function playedNote(seq: number, after: number, from: number, to: number, speed: number, end: PlayEnd): { message: string; details: PlayedDetails } {
  return {
    message: `Played from ${isoTime(from)} to ${isoTime(to)} at ${speedText(speed)}.${endWords(end)}`,
    details: { advance: seq, after, from: isoTime(from), to: isoTime(to), speed, ended: end.why },
  };
}

/**
 * The latest instant a play of `world` may reach: a timer it fires sets timers at most the world's
 * timer horizon ahead, so short of the last date by that much none can fall past it (the check an
 * advance makes on a copy of the world near the end is too dear to make at every slice of a play).
 */
export function playLimit(world: World): number {
  return MAX_TIME - world.timerHorizonMs();
}

export class PlayRun {
  private ended = false;

  constructor(
    private readonly world: World,
    /** Epoch ms the play started at. */
    readonly from: number,
    readonly speed: number,
    /** The seq of the play's own command record. */
    readonly seq: number,
  ) {}

  get done(): boolean {
    return this.ended;
  }

  /** How far a play may go (see `playLimit`). */
  get limit(): number {
    return playLimit(this.world);
  }

  /**
   * Fires due timers in order until the clock is at `target` (true; never past `limit`) or `stop`
   * holds before a due timer (false): the same `VirtualClock.advanceTo` an advance runs, so a play
   * in wall-paced steps is the same run as one advance to where it ends.
   */
  runTo(target: number, stop?: (due: boolean) => boolean): boolean {
    if (this.ended) return true;
    const to = Math.max(this.world.now(), Math.min(Math.floor(target), this.limit));
    return this.world.clock.advanceTo(to, undefined, stop);
  }

  /** Ends the play where the clock stands, journaled (the `played` note). */
  end(end: PlayEnd): void {
    if (this.ended) return;
    this.ended = true;
    const note = playedNote(this.seq, this.world.journal.seq, this.from, this.world.now(), this.speed, end);
    this.world.note({ resourceId: null, note: 'played', ...note });
  }
}
