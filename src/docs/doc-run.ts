/**
 * A scenario run as a page needs it: each step's outcome, what its references named (resolved
 * when the runner resolved them: a command's before it ran, an expectation's after), and the
 * records of every resource the run touched, as they were after each step, so that a page can
 * say "the backup web-01-backup" where the step said `web.backups.0`.
 */
import { ScenarioRun, refsOf, type StepOutcome } from '../scenario/runner.js';
import type { JobExpectation, ResourceExpectation, Scenario, Step, TaskExpectation } from '../scenario/types.js';
import { VERBS } from '../scenario/verbs.js';
import { isResourceRecord, type AnyRecord, type CheckpointRecord } from '../sim/records.js';

/** What a page tells of: the resources, and the restore points (S1). Tasks are told only by checks. */
export type DocRecord = AnyRecord | CheckpointRecord;

export interface DocStep {
  outcome: StepOutcome;
  /** The scenario's step; null for the setup. */
  step: Step | null;
  /** Every reference the step uses → the id(s) it named. */
  refs: Map<string, string | string[]>;
  /** Records after the step: every resource touched so far (the latest record of each). */
  records: ReadonlyMap<string, DocRecord>;
  /** Records before the step (what a command saw). */
  before: ReadonlyMap<string, DocRecord>;
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
    out.push(ref, ...refsOf(x));
  }
  return out;
}

/** The references an expectation or an `until` checks after the step. */
function afterRefs(step: Step): string[] {
  const s = step as { expect?: Record<string, ResourceExpectation>; advance?: unknown; do?: unknown; expectTask?: TaskExpectation; expectJob?: JobExpectation };
  if (s.do !== undefined) return [];
  if (s.expectTask) return [s.expectTask.resource, s.expectTask.vault, s.expectTask.backup].filter((r): r is string => typeof r === 'string');
  if (s.expectJob) return [s.expectJob.job, s.expectJob.entity].filter((r): r is string => typeof r === 'string');
  if (s.expect && typeof s.expect === 'object') return expectationRefs(s.expect);
  if (s.advance && typeof s.advance === 'object') return expectationRefs((s.advance as { until: Record<string, ResourceExpectation> }).until);
  return [];
}

/**
 * Keeps what a page needs of each step of a run as the run goes: call `before(step)` before a step
 * runs (a command's references are resolved then) and `after(step, outcome)` when it has run. The
 * docs run a scenario through one to its end; the inspector's player keeps one beside its world.
 */
export class DocRecorder {
  readonly steps: DocStep[] = [];
  start = 0;
  /** Record copies kept so far (each step keeps the records before and after it): what it costs. */
  copies = 0;
  private readonly records = new Map<string, DocRecord>();
  private pending: { refs: Map<string, string | string[]>; before: Map<string, DocRecord> } | null = null;

  constructor(private run: ScenarioRun) {}

  /**
   * Goes on with `run` (the player resumed on another world: a fork), keeping the first `keep`
   * steps; the records it knows are read again from that world.
   */
  rebind(run: ScenarioRun, keep: number): void {
    this.run = run;
    this.steps.splice(keep);
    this.pending = null;
    this.refresh([...this.records.keys()]);
  }

  private resolve(refs: string[], into: Map<string, string | string[]>): void {
    for (const ref of refs) {
      try {
        into.set(ref, this.run.resolve(ref));
      } catch {
        // Named nothing (a failing step): the page says the reference as it was written.
      }
    }
  }

  private refresh(ids: Iterable<string>): void {
    for (const id of ids) {
      try {
        const record = this.run.simulation.get(id);
        if (isResourceRecord(record) || record.kind === 'checkpoint') this.records.set(id, record);
      } catch {
        // Gone beyond its tombstone: its last record stays.
      }
    }
  }

  /** Before `step` runs (null: the setup). */
  before(step: Step | null): void {
    const refs = new Map<string, string | string[]>();
    if (step) this.resolve(commandRefs(step), refs);
    this.pending = { refs, before: new Map(this.records) };
  }

  /** After it ran, with its outcome. */
  after(step: Step | null, outcome: StepOutcome): DocStep {
    const { refs, before } = this.pending ?? { refs: new Map<string, string | string[]>(), before: new Map(this.records) };
    this.pending = null;
    if (outcome.index === 0) this.start = this.run.simulation.now();
    const touched = new Set<string>();
    for (const r of outcome.records) if (r.resourceId) touched.add(r.resourceId);
    for (const id of this.run.names.values()) for (const x of [id].flat()) touched.add(x);
    for (const id of refs.values()) for (const x of [id].flat()) touched.add(x);
    this.refresh(touched);
    if (step) this.resolve(afterRefs(step), refs);
    this.refresh([...refs.values()].flat());
    const doc: DocStep = { outcome, step, refs, records: new Map(this.records), before };
    this.copies += doc.records.size + before.size;
    this.steps.push(doc);
    return doc;
  }

  /** Forgets the steps from `index` on (the player went back, or was rewound to a step before). */
  truncate(index: number): void {
    this.steps.splice(index);
  }

  /** The run so far, as a page reads it. */
  docRun(): DocRun {
    return { scenario: this.run.scenario, ok: this.run.ok, steps: [...this.steps], names: new Map(this.run.names), start: this.start, end: this.run.simulation.now() };
  }
}

/** Runs `scenario` to its end (or first failure), keeping what the page needs of every step. */
export function docRun(scenario: Scenario): DocRun {
  const run = new ScenarioRun(scenario);
  const recorder = new DocRecorder(run);
  for (let index = 0; ; index++) {
    const step = index === 0 ? null : scenario.steps[index - 1] ?? null;
    if (index > 0 && !step) break;
    recorder.before(step);
    const outcome = run.step();
    if (!outcome) break;
    recorder.after(step, outcome);
    if (!outcome.ok) break;
  }
  return recorder.docRun();
}
