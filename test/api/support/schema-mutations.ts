/**
 * Bodies made from a route's JSON Schema, for test/api/fuzz.test.ts: a minimal body the schema
 * accepts (`example`), and that body made wrong in exactly one place (`mutations`): each required
 * field dropped in turn, an unknown key (and `__proto__`, `constructor`) added at each level that
 * allows none, a value of the wrong type in each typed field, a string one past its maxLength.
 * When the example is valid, each mutation has exactly one thing wrong, so the refusal must name
 * it (`names`). Only the JSON Schema subset the route tables use is understood; anything else is
 * left alone rather than guessed at.
 */
import { Ajv } from 'ajv';

type Schema = Record<string, unknown>;

const ajv = new Ajv({ allErrors: false, strict: false });

export interface Mutation {
  /** What was done, for the test's name: `vault.billing: "size" dropped`. */
  input: string;
  /** The body as JSON text (text, so that a `__proto__` key stays an own key). */
  text: string;
  /** Words the refusal's message must hold (the field it names); null when the example was not valid. */
  names: string | null;
}

function types(s: Schema): string[] {
  const t = s.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

function branch(s: Schema): Schema {
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    const list = s[k];
    if (Array.isArray(list) && list.length > 0) return { ...(list[0] as Schema), ...Object.fromEntries(Object.entries(s).filter(([key]) => key !== k)) };
  }
  return s;
}

const STRING_TRIES = ['x', 'a1', '1', 'sim-example', '00000000-0000-4000-8000-000000000000', '2024-01-01T00:00:00Z', 'linux', 'a@example.com'];

function exampleString(s: Schema): string {
  const min = typeof s.minLength === 'number' ? s.minLength : 1;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Math.max(min, 8);
  const fits = (v: string): boolean => v.length >= min && v.length <= max && (typeof s.pattern !== 'string' || new RegExp(s.pattern, 'u').test(v));
  for (const t of STRING_TRIES) if (fits(t)) return t;
  return 'x'.repeat(Math.max(min, 1));
}

function exampleNumber(s: Schema, integer: boolean): number {
  let v = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1;
  if (typeof s.maximum === 'number' && v > s.maximum) v = s.maximum;
  return integer ? Math.ceil(v) : v;
}

/** A small value the schema accepts, when it can tell: required keys only, lower bounds, one item per array. */
export function example(schema: Schema | undefined): unknown {
  if (!schema) return 'x';
  const s = branch(schema);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const named = types(s);
  const t = named.find((x) => x !== 'null') ?? (named.includes('null') ? 'null' : s.properties ? 'object' : s.items ? 'array' : 'string');
  switch (t) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const key of (s.required ?? []) as string[]) out[key] = example(props[key]);
      return out;
    }
    case 'array': {
      // One item at least (where allowed), so that the items' own fields are mutated too.
      const n = Math.min(Math.max(typeof s.minItems === 'number' ? s.minItems : 0, 1), typeof s.maxItems === 'number' ? s.maxItems : 1);
      return Array.from({ length: n }, () => example(s.items as Schema | undefined));
    }
    case 'string': return exampleString(s);
    case 'integer': return exampleNumber(s, true);
    case 'number': return exampleNumber(s, false);
    case 'boolean': return true;
    default: return null;
  }
}

/** Whether `value` fits `schema` (the router's Ajv options). */
export function fits(schema: Schema, value: unknown): boolean {
  return ajv.validate(schema, value) as boolean;
}

/** A value of none of the types `s` allows (null when it allows every type or names none). */
function wrongValue(s: Schema): unknown {
  const allowed = types(s);
  if (allowed.length === 0) {
    return Array.isArray(s.enum) ? 'sim-not-one-of-them' : undefined;
  }
  const candidates: [string, unknown][] = [['object', { sim: 1 }], ['string', 'sim-text'], ['array', ['sim']], ['boolean', true], ['integer', 7], ['null', null]];
  for (const [type, value] of candidates) {
    if (allowed.includes(type)) continue;
    if (type === 'integer' && allowed.includes('number')) continue;
    if (type === 'string' && Array.isArray(s.enum)) return 'sim-not-one-of-them';
    return value;
  }
  return undefined;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** `root` with the object at `path` changed by `change` (a copy). */
function at(root: unknown, path: readonly (string | number)[], change: (o: any) => void): unknown {
  const copy = clone(root);
  let o: any = copy;
  for (const p of path) o = o[p];
  change(o);
  return copy;
}

const dotted = (path: readonly (string | number)[]): string => path.join('.');
const where = (path: readonly (string | number)[]): string => (path.length === 0 ? 'the body' : dotted(path));

/** The mutations of `base` (valid or not) along `schema`. */
export function mutations(schema: Schema, base: unknown): Mutation[] {
  const valid = fits(schema, base);
  const out: Mutation[] = [];
  const push = (input: string, value: unknown, names: string, text?: string): void => {
    out.push({ input, text: text ?? JSON.stringify(value), names: valid ? names : null });
  };
  const walk = (node: Schema, value: unknown, path: (string | number)[]): void => {
    const s = branch(node);
    if (Array.isArray(value)) {
      const items = s.items as Schema | undefined;
      if (items && value.length > 0) walk(items, value[0], [...path, 0]);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of (s.required ?? []) as string[]) {
      push(`${where(path)}: the required "${key}" dropped`, at(base, path, (o) => delete o[key]), `"${key}"`);
    }
    if (s.additionalProperties === false) {
      push(`${where(path)}: an unknown key added`, at(base, path, (o) => (o.sim_unknown_field = 1)), '"sim_unknown_field"');
      for (const key of ['__proto__', 'constructor']) {
        // JSON text with the key as an own property (an object literal's __proto__ would set the prototype).
        const marker = '"sim_marker_key"';
        const text = JSON.stringify(at(base, path, (o) => (o.sim_marker_key = { polluted: true }))).replace(marker, JSON.stringify(key));
        push(`${where(path)}: a "${key}" key added`, null, `"${key}"`, text);
      }
    }
    for (const [key, prop] of Object.entries(props)) {
      const p = branch(prop);
      const wrong = wrongValue(p);
      if (wrong !== undefined) push(`${where([...path, key])}: ${JSON.stringify(wrong)}, a value of the wrong type`, at(base, path, (o) => (o[key] = wrong)), dotted([...path, key]));
      if (typeof p.maxLength === 'number' && p.maxLength < 4_000 && types(p).includes('string')) {
        push(`${where([...path, key])}: a string of ${p.maxLength + 1} characters (maxLength ${p.maxLength})`, at(base, path, (o) => (o[key] = 'x'.repeat(p.maxLength as number + 1))), dotted([...path, key]));
      }
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) walk(p, child, [...path, key]);
    }
  };
  walk(schema, base, []);
  return out;
}
