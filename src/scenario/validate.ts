/**
 * Validation of scenarios against the published schema, with errors a writer can act on: the
 * place (JSON path, and the line of a YAML file), what is wrong, and for a step of an unknown kind
 * the step kinds there are. Unknown keys are errors.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { scenarioSchema, stepSchemas, verbStepSchema } from './schema.js';
import { STEP_KINDS, VERBS } from './verbs.js';
import type { Scenario } from './types.js';

export interface Issue {
  /** JSON pointer-like path: `/steps/3/backup`. */
  path: string;
  message: string;
  line?: number;
}

export class ScenarioError extends Error {
  constructor(readonly source: string, readonly issues: Issue[]) {
    super(`${source}: invalid scenario\n${issues.map((i) => `  ${i.line ? `line ${i.line}, ` : ''}${i.path || '/'}: ${i.message}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

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
      return { path, message: `unknown key "${p.additionalProperty}"` };
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

/** The errors worth showing: a failed `oneOf` says little, its branches say more. */
function issuesOf(errors: ErrorObject[] | null | undefined, base: string): Issue[] {
  const list = (errors ?? []).filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const seen = new Set<string>();
  return list.map((e) => describe(e, base)).filter((i) => {
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
        ? `unknown step kind (keys ${keys.map((k) => `"${k}"`).join(', ') || 'none'}); allowed step kinds: ${STEP_KINDS.join(', ')}`
        : `a step has one kind, this one has ${kinds.join(' and ')}; allowed step kinds: ${STEP_KINDS.join(', ')}`,
    }];
  }
  const kind = kinds[0]!;
  if (kind === 'do' || kind === 'refuse') {
    const verb = (step as { do?: unknown }).do;
    if (typeof verb !== 'string' || !(verb in VERBS)) {
      return [{ path: `${path}/do`, message: `unknown command ${JSON.stringify(verb)}; commands: ${Object.keys(VERBS).join(', ')}` }];
    }
    const validate = compiled(`${kind}:${verb}`, () => verbStepSchema(verb, kind === 'refuse'));
    return validate(step) ? [] : issuesOf(validate.errors, path);
  }
  const validate = compiled(kind, () => stepSchemas[kind]);
  return validate(step) ? [] : issuesOf(validate.errors, path);
}

/** Checks `data` against the schema; returns it typed, or throws a ScenarioError. */
export function validateScenario(data: unknown, source: string, lineOf?: (path: string) => number | undefined): Scenario {
  const validate = compiled('scenario', scenarioSchema);
  if (validate(data)) return data as Scenario;
  const top = issuesOf(validate.errors, '').filter((i) => !i.path.startsWith('/steps/'));
  const steps = Array.isArray((data as { steps?: unknown })?.steps) ? ((data as { steps: unknown[] }).steps.flatMap(stepIssues)) : [];
  const issues = [...top, ...steps];
  if (issues.length === 0) issues.push({ path: '', message: 'does not match the scenario schema (cbr-sim schema prints it)' });
  throw new ScenarioError(source, issues.map((i) => ({ ...i, ...(lineOf?.(i.path) ? { line: lineOf(i.path)! } : {}) })));
}
