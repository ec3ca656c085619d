/**
 * Bounded copies of values that came from outside: what the journal keeps of a refused command's
 * arguments, and what a refusal message quotes. A caller may send anything (10,000 nested arrays,
 * a 65 KB string); the journal must stay small and `JSON.stringify` of it must never overflow the
 * stack. The walk is iterative, so no input is too deep for it.
 *
 * The summary is idempotent (summarising a summary changes nothing), so replaying a refused
 * command from the journal (the server's time travel) journals the same arguments again. Values
 * within the limits come out equal to what went in.
 */

export interface Bounds {
  /** Containers nested deeper than this become a short description ("[array of 3]"). */
  depth: number;
  /** Strings longer than this keep their start and say how long they were. */
  stringLength: number;
  /** Arrays and objects keep this many entries; the last one says how many more there were. */
  entries: number;
  /** Characters of JSON a whole summary may take: tighter bounds are tried until it fits. */
  size: number;
}

export const JOURNAL_BOUNDS: Readonly<Bounds> = Object.freeze({ depth: 4, stringLength: 200, entries: 20, size: 2048 });
/** What a refusal message quotes of a value: a short line. */
const MESSAGE_BOUNDS: Readonly<Bounds> = Object.freeze({ depth: 2, stringLength: 60, entries: 6, size: 160 });
/** The longest refusal message the journal keeps. */
export const MESSAGE_LIMIT = 1000;

/** `text` cut to `max` characters, saying how long it was; unchanged when it fits. */
export function clip(text: string, max: number = JOURNAL_BOUNDS.stringLength): string {
  if (text.length <= max) return text;
  const note = `…(${text.length} chars)`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}

function describe(value: object): string {
  try {
    return Array.isArray(value) ? `[array of ${value.length}]` : `[object of ${Object.keys(value).length} keys]`;
  } catch {
    return '[unreadable]';
  }
}

/** A JSON-safe scalar: numbers JSON cannot hold, functions and the like become strings. */
function scalar(value: unknown, b: Readonly<Bounds>): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return clip(value, b.stringLength);
  if (value === undefined) return null;
  return `[${typeof value}]`;
}

/** Sets a key as an own property, so that `__proto__` stays a key and changes no prototype. */
function define(out: object, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * One pass: a plain-JSON copy (no undefined, NaN, functions or cycles) at most `b.depth`
 * containers deep, `b.entries` entries each, strings of at most `b.stringLength`. Breadth first,
 * with a queue instead of recursion, so no depth of input can overflow the stack.
 */
function limit(value: unknown, b: Readonly<Bounds>): unknown {
  if (typeof value !== 'object' || value === null) return scalar(value, b);
  const root: { value?: unknown } = {};
  const queue: { from: object; depth: number; put: (v: unknown) => void }[] = [{ from: value, depth: 0, put: (v) => (root.value = v) }];
  for (let i = 0; i < queue.length; i++) {
    const { from, depth, put } = queue[i]!;
    if (depth >= b.depth) {
      put(describe(from));
      continue;
    }
    let keys: string[];
    try {
      keys = Array.isArray(from) ? [] : Object.keys(from);
    } catch {
      put('[unreadable]');
      continue;
    }
    const isArray = Array.isArray(from);
    const count = isArray ? (from as unknown[]).length : keys.length;
    const kept = count > b.entries ? Math.max(0, b.entries - 1) : count;
    const out: unknown[] | Record<string, unknown> = isArray ? [] : {};
    put(out);
    for (let k = 0; k < kept; k++) {
      let item: unknown;
      try {
        item = isArray ? (from as unknown[])[k] : (from as Record<string, unknown>)[keys[k]!];
      } catch {
        item = '[unreadable]';
      }
      const set = isArray ? (v: unknown) => ((out as unknown[])[k] = v) : ((key: string) => (v: unknown) => define(out, key, v))(clip(keys[k]!, b.stringLength));
      if (typeof item === 'object' && item !== null) queue.push({ from: item, depth: depth + 1, put: set });
      else set(scalar(item, b));
    }
    if (kept < count) {
      const note = `…(${count - kept} more)`;
      if (isArray) (out as unknown[]).push(note);
      else define(out, '…', note);
    }
  }
  return root.value;
}

/** Each step tighter than the one before, down to a bare description. */
function tighter(b: Readonly<Bounds>): Bounds[] {
  const steps: Bounds[] = [{ ...b }];
  for (let last = steps[0]!; last.depth > 0; ) {
    last = { depth: last.depth - 1, stringLength: Math.max(20, last.stringLength >> 1), entries: Math.max(2, last.entries >> 1), size: b.size };
    steps.push(last);
  }
  return steps;
}

/**
 * A copy of `value` within `b`, equal to `value` when it is plain JSON within the bounds, and
 * the same again when it is summarised a second time. When the first pass is still larger than
 * `b.size` characters of JSON, tighter passes follow (each on the one before) until it fits.
 */
export function boundValue(value: unknown, b: Readonly<Bounds> = JOURNAL_BOUNDS): unknown {
  let out = value;
  for (const step of tighter(b)) {
    out = limit(out, step);
    if (JSON.stringify(out).length <= b.size) return out;
  }
  return out;
}

/**
 * A command's arguments as the journal keeps them when it is refused: one array within
 * `JOURNAL_BOUNDS` in all (each argument up to `depth` below the list), so a record stays small.
 */
export function boundArgs(args: readonly unknown[]): unknown[] {
  const bounded = boundValue(args, { ...JOURNAL_BOUNDS, depth: JOURNAL_BOUNDS.depth + 1 });
  return Array.isArray(bounded) ? bounded : [bounded];
}

/** A value as a refusal message quotes it: short JSON, never throwing. */
export function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  return clip(JSON.stringify(boundValue(value, MESSAGE_BOUNDS)), MESSAGE_BOUNDS.size);
}
