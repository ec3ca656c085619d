/**
 * The one virtual clock of a simulation. XState actors get it as their `clock`; nothing sleeps.
 * `advanceTo` fires due timers in deadline order, and timers due at the same instant in the order
 * they were set, so a run is the same every time.
 *
 * Each timer remembers its owner (the resource whose actor set it), so `save()` can list pending
 * deadlines per actor: XState does not persist `after` timers (statelyai/xstate#5331).
 *
 * A timer past the last date JavaScript can hold (`MAX_TIME`) is not refused here: the clock is
 * called from inside XState actions, where a throw would put the actor in error (or be rethrown
 * asynchronously). It is set, and remembered in `pastTheEnd`; `Simulation` puts the world back as
 * it was before the command and refuses it (see `Simulation.guardEndOfTime`).
 */
import { MAX_TIME } from './time.js';

interface Timer {
  seq: number;
  deadline: number;
  owner: string;
  delay: number;
  fn: (() => void) | null;
}

export interface PendingTimer {
  seq: number;
  deadline: number;
  owner: string;
  delay: number;
}

/** What XState's `createActor(…, { clock })` needs. */
export interface ActorClock {
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): number;
  clearTimeout(handle: number): void;
}

export class VirtualClock {
  private current: number;
  private seq = 0;
  private heap: Timer[] = [];
  private live = new Map<number, Timer>();
  /** Set by `withSeq` while restoring, so a re-armed timer keeps its original place in line. */
  private forcedSeq: number | null = null;
  /** Called before every change (the world's dry-run guard; see `World.dryRun`). */
  guard: (what: string) => void = () => {};
  /**
   * The latest deadline set past `MAX_TIME` (NaN for a deadline that is no number) since the
   * simulation last reset it to null, or null when every timer fits.
   */
  pastTheEnd: number | null = null;

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** The counter that orders timers set at the same deadline (saved and restored). */
  get nextSeq(): number {
    return this.seq;
  }

  set nextSeq(value: number) {
    this.guard('clock.nextSeq');
    this.seq = value;
  }

  schedule(owner: string, fn: () => void, delay: number): number {
    this.guard('clock.schedule');
    const seq = this.forcedSeq ?? this.seq++;
    this.forcedSeq = null;
    const timer: Timer = { seq, deadline: this.current + Math.max(0, delay), owner, delay, fn };
    if (!(timer.deadline <= MAX_TIME)) {
      this.pastTheEnd = Math.max(this.pastTheEnd ?? -Infinity, timer.deadline);
    }
    this.live.set(seq, timer);
    this.push(timer);
    return seq;
  }

  cancel(handle: number): void {
    this.guard('clock.cancel');
    const timer = this.live.get(handle);
    if (!timer) return;
    timer.fn = null; // removed lazily from the heap
    this.live.delete(handle);
  }

  /** A clock for one actor: the timers it sets are owned by `owner`. */
  forOwner(owner: string): ActorClock {
    return {
      setTimeout: (fn, delay) => this.schedule(owner, fn as () => void, delay),
      clearTimeout: (handle) => this.cancel(handle),
    };
  }

  /** Runs `arm` so that the one timer it sets gets sequence number `seq`. */
  withSeq(seq: number, arm: () => void): void {
    this.guard('clock.withSeq');
    this.forcedSeq = seq;
    try {
      arm();
    } finally {
      this.forcedSeq = null;
    }
  }

  /** The earliest pending deadline, or null when nothing is pending. */
  nextDeadline(): number | null {
    this.dropCancelled();
    return this.heap[0]?.deadline ?? null;
  }

  /** Pending timers, in the order they will fire. */
  pending(): PendingTimer[] {
    return [...this.live.values()]
      .sort((a, b) => a.deadline - b.deadline || a.seq - b.seq)
      .map(({ seq, deadline, owner, delay }) => ({ seq, deadline, owner, delay }));
  }

  /**
   * Moves time forward to `target`, firing every timer due by then, each at its own deadline.
   * `onStep` runs before each timer fires (the world uses it to prune tombstones). When `stop`
   * holds (asked before each due timer with `due` true, and before time jumps to the target with
   * `due` false), time stays where it is, at the last fired timer's deadline, and false is
   * returned: the replay of a past advance can end exactly where something happened, and a long
   * advance can be run a slice at a time. True when time reached `target`.
   */
  advanceTo(target: number, onStep?: (now: number) => void, stop?: (due: boolean) => boolean): boolean {
    this.guard('clock.advanceTo');
    if (target < this.current) throw new RangeError('the virtual clock cannot go back in time');
    for (;;) {
      this.dropCancelled();
      const next = this.heap[0];
      const due = next !== undefined && next.deadline <= target;
      if (stop?.(due)) return false;
      if (!due) break;
      this.pop();
      this.live.delete(next.seq);
      this.current = next.deadline;
      onStep?.(this.current);
      const fn = next.fn;
      next.fn = null;
      fn?.();
    }
    this.current = target;
    return true;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0]!.fn === null) this.pop();
  }

  private before(a: Timer, b: Timer): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}
