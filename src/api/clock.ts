/**
 * How a project's virtual clock moves (README "Time"). Each project has a mode of its own, set by
 * `serve --clock` for every project and changed per project with `POST /api/projects/:id/clock`:
 *
 * - `on-poll` (the default): a service read of a record still in a transitional state first moves
 *   the clock to the next due timer (src/api/poll.ts), so SDK waiters end in a few polls.
 * - `manual`: the service routes never move the clock; only `POST /api/projects/:id/clock
 *   { advance }` and the inspector (its Advance buttons, Next timer, Play) do.
 * - `wall`: the clock follows the wall clock × speed. It is the session's own server-side play
 *   (`Session.play`), which runs slices paced by the wall clock and goes on after every command.
 *   A play also ends for good: the inspector's Pause, a scenario load or reset, its 8 h wall
 *   bound. Decision: the wall clock is then started again by the project's next service request
 *   (or clock change, or reset), not by the inspector's own requests, so that the inspector's
 *   Pause holds the clock still until a client calls again.
 */
import { SimulationError } from '../sim/errors.js';
import { MAX_SPEED, MIN_SPEED } from '../sim/play-run.js';
import { MAX_TIME } from '../sim/time.js';
import type { Session } from '../server/session.js';

export type ClockMode = 'on-poll' | 'manual' | 'wall';
export const CLOCK_MODES: readonly ClockMode[] = ['on-poll', 'manual', 'wall'];

/** A project's clock: its mode, and the speed a `wall` clock plays at (simulated seconds per real second). */
export interface Clock {
  mode: ClockMode;
  speed: number;
}

/** The speeds a wall clock may run at: those of the inspector's Play. */
export const MIN_CLOCK_SPEED = MIN_SPEED;
export const MAX_CLOCK_SPEED = MAX_SPEED;

/** What a clock needs of its project: the clock itself and the session it moves. */
interface Clocked {
  clock: Clock;
  readonly session: Session;
}

/**
 * With a `wall` clock, the project's play runs at the clock's speed: started when none runs, and
 * moved to the clock's speed when another runs. While an advance or a scenario step runs the play
 * waits (it goes on after it, when one ran before); at the end of time there is nothing to play.
 */
export function keepWallClock(project: Clocked): void {
  if (project.clock.mode !== 'wall') return;
  const session = project.session;
  if (session.busy !== null || session.simulation.now() >= MAX_TIME) return;
  if (session.playingNow?.speed === project.clock.speed) return;
  try {
    session.play(project.clock.speed);
  } catch (error) {
    // Sim.Busy: long work began meanwhile; the next request starts the clock again.
    if (!(error instanceof SimulationError)) throw error;
  }
}

/**
 * Sets the mode and/or speed (validated by the caller's wire schema): leaving `wall` ends the
 * play where it stands (journaled as a pause would be); `wall` starts or re-paces it.
 */
export function setClock(project: Clocked, change: { mode?: ClockMode | undefined; speed?: number | undefined }): Clock {
  const was = project.clock.mode;
  project.clock = { mode: change.mode ?? was, speed: change.speed ?? project.clock.speed };
  if (project.clock.mode === 'wall') keepWallClock(project);
  else if (was === 'wall') project.session.stopPlay();
  return project.clock;
}
