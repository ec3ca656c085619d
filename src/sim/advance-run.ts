/**
 * An `advance` in progress. The library's `advance(d)` runs one to the end at once; the
 * inspector's server runs it a slice at a time (`run(stop)` with a stop that says when the slice's
 * time is up), so that a long advance never holds the event loop, and can pause it, which ends the
 * advance where it stands and says so in the journal (an `advance-paused` note naming the advance
 * and the last record it wrote), so that replaying the journal stops at the same place.
 */
import type { World } from './world.js';

export class AdvanceRun {
  private finished = false;

  constructor(
    private readonly world: World,
    /** Epoch ms the advance started at and is going to. */
    readonly from: number,
    readonly to: number,
    /** The seq of the advance's own command record. */
    readonly seq: number,
  ) {}

  get done(): boolean {
    return this.finished;
  }

  /** The share of the simulated time done, 0–1. */
  get fraction(): number {
    return this.to === this.from ? 1 : (this.world.now() - this.from) / (this.to - this.from);
  }

  /**
   * Fires due timers in order until the advance is done (true) or `stop` holds (false: call again
   * to go on; nothing else may change the world in between, or the run would no longer be the
   * advance the journal says it was). `stop` is asked before each due timer (`due` true) and once
   * more before the clock jumps to the end (`due` false): see `VirtualClock.advanceTo`.
   */
  run(stop?: (due: boolean) => boolean): boolean {
    if (this.finished) return true;
    this.finished = this.world.clock.advanceTo(this.to, undefined, stop);
    return this.finished;
  }

  /** Ends the advance where it stands (the clock at the last timer it fired), journaled. */
  pause(): void {
    if (this.finished) return;
    this.finished = true;
    const at = this.world.now();
    this.world.note({
      resourceId: null, note: 'advance-paused',
      message: `The advance from ${new Date(this.from).toISOString()} to ${new Date(this.to).toISOString()} was paused at ${new Date(at).toISOString()}.`,
      details: { advance: this.seq, after: this.world.journal.seq },
    });
  }
}
