/**
 * Validation of scenarios against the published schema, with errors a writer can act on: the
 * place (JSON path, and the line of a YAML file), what is wrong, and for a step of an unknown kind
 * the step kinds there are. Unknown keys are errors.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { scenarioSchema, stepSchemas, verbStepSchema } from './schema.js';
import { STEP_KINDS, VERBS } from './verbs.js';
import type { Scenario } from './types.js';
import { MAX_ISSUES, clip, limitIssues } from './limits.js';

export interface Issue {
  /** JSON pointer-like path: `/steps/3/backup`. */
  path: string;
  message: string;
  line?: number;
}

/**
 * An invalid scenario: its first MAX_ISSUES problems, and how many more there are. Its message is
 * what `cbr-sim run` prints and what the server answers to an upload, so it stays a few KB
 * whatever the input: the list is cut, and so is every path and message in it.
 */
export class ScenarioError extends Error {
  readonly issues: Issue[];
  /** Problems found beyond the first MAX_ISSUES, counted but not listed. */
  readonly more: number;
  constructor(readonly source: string, issues: Issue[]) {
    const shown = issues.slice(0, MAX_ISSUES);
    const more = issues.length - shown.length;
    const lines = shown.map((i) => `  ${i.line ? `line ${i.line}, ` : ''}${clip(i.path || '/', 200)}: ${clip(i.message, 800)}`);
    if (more) lines.push(`  … and ${more} more problem${more === 1 ? '' : 's'}`);
    super(`${clip(source, 200)}: invalid scenario\n${lines.join('\n')}`);
    this.name = 'ScenarioError';
    this.issues = shown;
    this.more = more;
  }
}

/** A value written by the scenario, quoted short enough for an error message. */
const quote = (value: unknown): string => JSON.stringify(typeof value === 'string' ? clip(value, 60) : value) ?? String(value);

const ajv = new Ajv({ allErrors: true, strict: false });
const cache = new Map<string, ValidateFunction>();
function compiled(key: string, schema: () => Record<string, unknown>): ValidateFunction {
  let fn = cache.get(key);
  if (!fn) {
    fn = ajv.compile(schema());
    cache.set(key, fn);
  }
  return fn;
}

function describe(error: ErrorObject, base: string): Issue {
  const path = `${base}${error.instancePath}`;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path, message: `unknown key ${quote(p.additionalProperty)}` };
    case 'required':
      return { path, message: `missing "${p.missingProperty}"` };
    case 'enum':
      return { path, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(p.allowedValue)}` };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

/**
 * The errors worth showing: a failed `oneOf` says little, its branches say more. A failed `anyOf`
 * of `required` branches (an expectTask that names nothing to match) is one problem, "give at
 * least one of …", not one missing key per branch.
 */
function issuesOf(errors: ErrorObject[] | null | undefined, base: string): Issue[] {
  const all = errors ?? [];
  const anyOfs = all.filter((e) => e.keyword === 'anyOf');
  const branchOf = (e: ErrorObject) => anyOfs.find((a) => e.keyword === 'required' && e.instancePath === a.instancePath && e.schemaPath.startsWith(`${a.schemaPath}/`));
  const list = all.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if' && !branchOf(e));
  const seen = new Set<string>();
  return list.map((e) => {
    if (e.keyword !== 'anyOf') return describe(e, base);
    const keys = all.filter((b) => branchOf(b) === e).map((b) => (b.params as { missingProperty: string }).missingProperty);
    return { path: `${base}${e.instancePath}`, message: `give at least one of ${keys.map((k) => `"${k}"`).join(', ')}` };
  }).filter((i) => {
    const key = `${i.path} ${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function stepIssues(step: unknown, index: number): Issue[] {
  const path = `/steps/${index}`;
  if (typeof step !== 'object' || step === null || Array.isArray(step)) {
    return [{ path, message: `a step must be an object with one of the keys ${STEP_KINDS.join(', ')}` }];
  }
  const keys = Object.keys(step);
  const kinds = STEP_KINDS.filter((k) => keys.includes(k) && !(k === 'do' && keys.includes('refuse')));
  if (kinds.length !== 1) {
    return [{
      path,
      message: kinds.length === 0
        ? `unknown step kind (keys ${keys.slice(0, 5).map(quote).join(', ')}${keys.length > 5 ? ', …' : ''}${keys.length ? '' : 'none'}); allowed step kinds: ${STEP_KINDS.join(', ')}`
        : `a step has one kind, this one has ${kinds.join(' and ')}; allowed step kinds: ${STEP_KINDS.join(', ')}`,
    }];
  }
  const kind = kinds[0]!;
  if (kind === 'do' || kind === 'refuse') {
    const verb = (step as { do?: unknown }).do;
    if (typeof verb !== 'string' || !Object.hasOwn(VERBS, verb)) {
      return [{ path: `${path}/do`, message: `unknown command ${quote(verb)}; commands: ${Object.keys(VERBS).join(', ')}` }];
    }
    const validate = compiled(`${kind}:${verb}`, () => verbStepSchema(verb, kind === 'refuse'));
    return validate(step) ? [] : issuesOf(validate.errors, path);
  }
  const validate = compiled(kind, () => stepSchemas[kind]);
  return validate(step) ? [] : issuesOf(validate.errors, path);
}

/**
 * The published schema with any value allowed as a step: each step is checked on its own by
 * stepIssues, against the schema of its kind (and command) only. That is what the published
 * `oneOf` of every kind and command says, at a fraction of the cost: in all-errors mode the `oneOf`
 * tries some 70 branches per step and collects the errors of each.
 */
function scenarioShellSchema(): Record<string, unknown> {
  const schema = scenarioSchema();
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  return { ...schema, properties: { ...properties, steps: { ...properties.steps, items: {} } } };
}

/**
 * Checks `data` against the limits, then the schema; returns it typed, or throws a ScenarioError.
 * The limits come first because they are cheap: the schema validator, in all-errors mode, would
 * go on through every item of a list far too long.
 */
export function validateScenario(data: unknown, source: string, lineOf?: (path: string) => number | undefined): Scenario {
  const withLines = (issues: Issue[]): ScenarioError =>
    // Only the problems the error shows need a line.
    new ScenarioError(source, issues.map((i, n) => {
      const line = n < MAX_ISSUES ? lineOf?.(i.path) : undefined;
      return line ? { ...i, line } : i;
    }));
  const tooBig = limitIssues(data);
  if (tooBig.length) throw withLines(tooBig);
  const validate = compiled('scenario', scenarioShellSchema);
  const top = validate(data) ? [] : issuesOf(validate.errors, '');
  const steps = Array.isArray((data as { steps?: unknown })?.steps) ? ((data as { steps: unknown[] }).steps.flatMap(stepIssues)) : [];
  const issues = [...top, ...steps];
  if (issues.length === 0) return data as Scenario;
  throw withLines(issues);
}
