/**
 * The shape of a client's JSON, measured before any schema (or anything else) walks it: how deep
 * it nests, how many values it holds, how long its strings and keys are. A JSON Schema cannot say
 * "at most 8 levels" about free-form values, and schema validators and `JSON.stringify` recurse,
 * so 10,000 nested arrays would overflow the stack wherever they went next. This walk is
 * iterative: no input can overflow it, and it stops at the first limit it finds.
 */

export interface ShapeLimits {
  /** Levels of arrays and objects; a scalar at the top is depth 0. */
  depth: number;
  /** Values in all (every array item, object entry and scalar counts one). */
  nodes: number;
  /** Characters of one string value. */
  string: number;
  /** Characters of one object key. */
  key: number;
}

/** A command's arguments: options objects a level or two deep, names and ids. */
export const ARGS_SHAPE: ShapeLimits = { depth: 6, nodes: 2_000, string: 4_096, key: 64 };
/**
 * An `@statelyai/inspect` event carries a whole snapshot of someone else's actor, which nests
 * deeper than our own arguments; it is passed on to every tab as it came, so it is bounded too.
 */
export const INSPECT_SHAPE: ShapeLimits = { depth: 32, nodes: 20_000, string: 16_384, key: 256 };

/** Null when `value` fits `limits`; otherwise what is wrong, with where (a JSON path). */
export function shapeProblem(value: unknown, limits: ShapeLimits, root = 'the message'): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: v, depth, path } = stack.pop()!;
    if (++nodes > limits.nodes) return `${root} holds more than ${limits.nodes} values`;
    const where = path === '' ? root : path.slice(1);
    if (typeof v === 'string') {
      if (v.length > limits.string) return `${where} is a string of ${v.length} characters; at most ${limits.string} are allowed`;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limits.depth) return `${where} nests deeper than ${limits.depth} levels`;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: depth + 1, path: `${path}.${i}` });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (key.length > limits.key) return `${where} has a key of ${key.length} characters; at most ${limits.key} are allowed`;
      stack.push({ value: (v as Record<string, unknown>)[key], depth: depth + 1, path: `${path}.${key}` });
    }
  }
  return null;
}
