/**
 * How big a scenario may be. A scenario file can come from anyone (`POST /api/scenario/load`, or a
 * file handed to `cbr-sim run`), and without bounds a 60 KB upload of 20,000 empty steps kept the
 * validator busy for seconds building millions of error objects. The bounds are generous: the
 * largest scenario of the library has 37 steps and names 262 resources (c5-vault-limits needs 257
 * disks to overfill a vault), and no value of the library is nested more than 5 levels deep.
 *
 * They are checked by one cheap walk before the schema validator runs, and published in the JSON
 * Schema (`cbr-sim schema`) where JSON Schema can say them.
 */
import type { Issue } from './validate.js';

/** Characters of scenario text (a YAML or JSON file); the largest library scenario is under 10 KB. */
export const MAX_SCENARIO_CHARS = 1_000_000;
/** Steps of one scenario. */
export const MAX_STEPS = 1_000;
/** Names a scenario gives with `as`, in its setup and its steps together. */
export const MAX_NAMED_RESOURCES = 1_000;
/** Servers of the setup: each one also creates its disks. */
export const MAX_SERVERS = 100;
/** Data disks of one server of the setup: an ECS attaches at most 23, or 59 on flavours with SCSI disks. */
export const MAX_DATA_DISKS = 59;
/** Items of any other list, and keys of any map: twice the 256 resources a vault holds. */
export const MAX_ENTRIES = 512;
/** Characters of any string or key: a narrative is a paragraph, not a book. */
export const MAX_STRING_LENGTH = 10_000;
/** Levels of nesting of lists and maps. */
export const MAX_DEPTH = 32;
/** Problems a ScenarioError lists; it says how many more there are. */
export const MAX_ISSUES = 10;

/** `text` cut to `max` characters, so that a value quoted in an error cannot make the error huge. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The limits `data` breaks, found by one walk that never descends into what is already too big
 * (a list that is too long, a level too deep), so that it costs little whatever it is given; it
 * also ends cycles of a TypeScript scenario. Names are counted only when the shape is in bounds.
 */
export function limitIssues(data: unknown): Issue[] {
  const issues: Issue[] = [];
  const walk = (value: unknown, path: string, depth: number, max: { items: number; what: string; owner: string }): void => {
    if (typeof value === 'string') {
      if (value.length > MAX_STRING_LENGTH) issues.push({ path, message: `is ${value.length} characters long; a string may have at most ${MAX_STRING_LENGTH}` });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (depth > MAX_DEPTH) {
      issues.push({ path, message: `is nested more than ${MAX_DEPTH} levels deep` });
      return;
    }
    if (Array.isArray(value)) {
      if (value.length > max.items) {
        issues.push({ path, message: `has ${value.length} ${max.what}; ${max.owner} may have at most ${max.items}` });
        return;
      }
      value.forEach((item, i) => walk(item, `${path}/${i}`, depth + 1, ANY));
      return;
    }
    const keys = Object.keys(value);
    if (keys.length > MAX_ENTRIES) {
      issues.push({ path, message: `has ${keys.length} keys; a map may have at most ${MAX_ENTRIES}` });
      return;
    }
    for (const key of keys) {
      if (key.length > MAX_STRING_LENGTH) {
        issues.push({ path, message: `has a key ${key.length} characters long; a key may have at most ${MAX_STRING_LENGTH}` });
        continue;
      }
      walk((value as Record<string, unknown>)[key], `${path}/${key}`, depth + 1, LISTS[`${path.replace(/\/\d+(?=\/|$)/g, '/*')}/${key}`] ?? ANY);
    }
  };
  walk(data, '', 0, ANY);
  if (issues.length === 0) {
    const scenario = data as { setup?: Record<string, unknown>; steps?: unknown };
    const named = [...Object.values(scenario?.setup ?? {}), scenario?.steps]
      .flatMap((v) => (Array.isArray(v) ? v : []))
      .filter((item) => typeof (item as { as?: unknown })?.as === 'string').length;
    if (named > MAX_NAMED_RESOURCES) issues.push({ path: '', message: `names ${named} resources (as: …); a scenario may name at most ${MAX_NAMED_RESOURCES}` });
  }
  return issues;
}

const ANY = { items: MAX_ENTRIES, what: 'items', owner: 'a list' };
/** The lists with limits of their own, by path (`*` any index). */
const LISTS: Record<string, { items: number; what: string; owner: string }> = {
  '/steps': { items: MAX_STEPS, what: 'steps', owner: 'a scenario' },
  '/setup/servers': { items: MAX_SERVERS, what: 'servers', owner: 'a setup' },
  '/setup/servers/*/dataDisksGB': { items: MAX_DATA_DISKS, what: 'data disks', owner: 'a server' },
};
