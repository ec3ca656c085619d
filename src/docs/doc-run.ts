/**
 * A scenario run as a page needs it: each step's outcome, what its references named (resolved
 * when the runner resolved them: a command's before it ran, an expectation's after), and the
 * records of every resource the run touched, as they were after each step, so that a page can
 * say "the backup web-01-backup" where the step said `web.backups.0`.
 */
import { ScenarioRun, type StepOutcome } from '../scenario/runner.js';
import type { ResourceExpectation, Scenario, Step } from '../scenario/types.js';
import { VERBS } from '../scenario/verbs.js';
import type { AnyRecord } from '../sim/records.js';

export interface DocStep {
  outcome: StepOutcome;
  /** The scenario's step; null for the setup. */
  step: Step | null;
  /** Every reference the step uses → the id(s) it named. */
  refs: Map<string, string | string[]>;
  /** Records after the step: every resource touched so far (the latest record of each). */
  records: ReadonlyMap<string, AnyRecord>;
  /** Records before the step (what a command saw). */
  before: ReadonlyMap<string, AnyRecord>;
}

export interface DocRun {
  scenario: Scenario;
  ok: boolean;
  steps: DocStep[];
  /** The names the scenario gave (`as`) → ids, at the end of the run. */
  names: ReadonlyMap<string, string | string[]>;
  /** Epoch ms when the setup was done: the procedure's time zero. */
  start: number;
  end: number;
}

/** The references of a step a command resolves before it runs. */
function commandRefs(step: Step): string[] {
  if (!('do' in step)) return [];
  const spec = VERBS[step.do];
  if (!spec) return [];
  const out: string[] = [];
  for (const [param, p] of Object.entries(spec.params)) {
    const value = (step as Record<string, unknown>)[param];
    if (p.type === 'ref' && typeof value === 'string') out.push(value);
    if (p.type === 'refs' && Array.isArray(value)) out.push(...value.filter((v): v is string => typeof v === 'string'));
  }
  return out;
}

function expectationRefs(e: Record<string, ResourceExpectation>): string[] {
  const out: string[] = [];
  for (const [ref, x] of Object.entries(e)) {
    out.push(ref);
    if (typeof x.linkedTo === 'string') out.push(x.linkedTo);
    if (x.sizeGB && typeof x.sizeGB === 'object') out.push(Object.values(x.sizeGB)[0] as string);
  }
  return out;
}

/** The references an expectation or an `until` checks after the step. */
function afterRefs(step: Step): string[] {
  const s = step as { expect?: Record<string, ResourceExpectation>; advance?: unknown; do?: unknown };
  if (s.do !== undefined) return [];
  if (s.expect && typeof s.expect === 'object') return expectationRefs(s.expect);
  if (s.advance && typeof s.advance === 'object') return expectationRefs((s.advance as { until: Record<string, ResourceExpectation> }).until);
  return [];
}

/** Runs `scenario` to its end (or first failure), keeping what the page needs of every step. */
export function docRun(scenario: Scenario): DocRun {
  const run = new ScenarioRun(scenario);
  const records = new Map<string, AnyRecord>();
  const resolve = (refs: string[], into: Map<string, string | string[]>) => {
    for (const ref of refs) {
      try {
        into.set(ref, run.resolve(ref));
      } catch {
        // Named nothing (a failing step): the page says the reference as it was written.
      }
    }
  };
  const refresh = (ids: Iterable<string>) => {
    for (const id of ids) {
      try {
        records.set(id, run.simulation.get(id));
      } catch {
        // Gone beyond its tombstone: its last record stays.
      }
    }
  };
  const steps: DocStep[] = [];
  let start = 0;
  for (let index = 0; ; index++) {
    const step = index === 0 ? null : scenario.steps[index - 1] ?? null;
    if (index > 0 && !step) break;
    const refs = new Map<string, string | string[]>();
    if (step && index > 0 && run.simulation) resolve(commandRefs(step), refs);
    const before = new Map(records);
    const outcome = run.step();
    if (!outcome) break;
    if (index === 0) start = run.simulation.now();
    const touched = new Set<string>();
    for (const r of outcome.records) if (r.resourceId) touched.add(r.resourceId);
    for (const id of run.names.values()) for (const x of [id].flat()) touched.add(x);
    for (const id of refs.values()) for (const x of [id].flat()) touched.add(x);
    refresh(touched);
    if (step) resolve(afterRefs(step), refs);
    refresh([...refs.values()].flat());
    steps.push({ outcome, step, refs, records: new Map(records), before });
    if (!outcome.ok) break;
  }
  return { scenario: run.scenario, ok: run.ok, steps, names: new Map(run.names), start, end: run.simulation.now() };
}
