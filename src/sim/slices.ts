/**
 * Long work in slices. The server has one event loop for every tab, client and timer, so work
 * that can take long (a year's advance, a scenario step, replaying the journal for time travel)
 * is written as a generator that yields whenever its slice of time is up, and is driven either at
 * once (the library's way, tests) or a slice at a time, with a turn of the event loop between
 * slices so that other requests are answered meanwhile.
 */

/** The longest a slice holds the event loop, give or take one timer's work. */
export const SLICE_MS = 25;

export interface Slicer {
  /** Whether this slice's time is up. */
  over(): boolean;
}

/** A slicer whose time is never up: the work runs to its end at once. */
export const UNSLICED: Slicer = { over: () => false };

/** A slicer whose time is up `SLICE_MS` after each `begin()`. */
export class TimeSlicer implements Slicer {
  private until = 0;
  begin(): void {
    this.until = performance.now() + SLICE_MS;
  }
  over(): boolean {
    return performance.now() >= this.until;
  }
}

/** Runs the work to its end now. */
export function driveNow<T>(gen: Generator<void, T>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs the work a slice at a time, a turn of the event loop between slices; `between` is told
 * after every slice (progress). When `paused()` holds between two slices, the work is left where
 * it stands, unfinished (`done: false`): the caller may drive the same generator again later.
 */
export async function driveSliced<T>(
  gen: Generator<void, T>, slicer: TimeSlicer, o: { between?: () => void; paused?: () => boolean } = {},
): Promise<{ done: true; value: T } | { done: false }> {
  for (;;) {
    slicer.begin();
    const r = gen.next();
    if (r.done) return { done: true, value: r.value };
    o.between?.();
    await turn();
    if (o.paused?.()) return { done: false };
  }
}
