/**
 * One runner for the CLI, the tests and the inspector's player: it runs a scenario step by step
 * (`step()`), or to the end (`runToEnd()`), and after every step yields what happened: the
 * simulated time, the journal records that step produced, what changed among the named resources,
 * what happened to the others (counts, `unnamed.ts`), and for a failed expectation the expected and
 * actual values. A failed step ends the run.
 */
import { createSimulation, restoreSimulation, type Simulation } from '../sim/simulation.js';
import type { SavedSimulation } from '../sim/save.js';
import { SimulationError } from '../sim/errors.js';
import { toMilliseconds } from '../sim/duration.js';
import type { JournalRecord } from '../sim/journal.js';
import { summarize, type CheckpointRecord, type JobRecord, type SimRecord, type TaskRecord } from '../sim/records.js';
import { isoTime } from '../sim/time.js';
import { VERBS } from './verbs.js';
import { ScenarioError, validateScenario, type Issue } from './validate.js';
import type { CountExpectation, JobExpectation, ResourceExpectation, Scenario, Step, TaskExpectation } from './types.js';
import { driveNow, UNSLICED, type Slicer } from '../sim/slices.js';
import { countUnnamed, type UnnamedCount } from './unnamed.js';

export type StepKind = 'setup' | 'say' | 'do' | 'refuse' | 'advance' | 'expect' | 'expectCount' | 'expectTask' | 'expectJob';

export interface Change {
  name: string;
  id: string;
  kind: string;
  /** `label` carries the "Image can be created" mark of a backup: `Creating · Image can be created`. */
  from: { status: string; label: string } | null;
  to: { status: string; label: string };
}

function shown(r: SimRecord): { status: string; label: string } {
  const marked = r.kind === 'backup' && r.imageable && r.status === 'protecting';
  return { status: r.status, label: marked ? `${r.label} · Image can be created` : r.label };
}

export interface StepOutcome {
  /** 0 for the setup, then 1 … n for the steps. */
  index: number;
  kind: StepKind;
  description: string;
  /** Simulated time after the step (ISO). */
  at: string;
  ok: boolean;
  /** A command's result: the new record(s), summarised. */
  result?: unknown;
  /** The refusal a `refuse` step saw (or a `do` step hit, which fails it). */
  refusal?: { code: string; message: string };
  failure?: { message: string; expected: unknown; actual: unknown };
  changes: Change[];
  /** What happened to the resources the scenario did not name, by kind (policy-made backups, a server's disks…). */
  unnamed: UnnamedCount[];
  /** Every named resource after the step: id, kind, API status and console label. */
  resources: Record<string, { id: string; kind: string; status: string; label: string }>;
  records: JournalRecord[];
}

/** What a step itself decides; the runner adds the rest (time, changes, records). */
type StepVerdict = Omit<StepOutcome, 'changes' | 'unnamed' | 'records' | 'at' | 'index' | 'resources'>;

export interface PlayerPosition {
  /** The index of the next step (1 … n + 1; the setup is 0). */
  next: number;
  failed: boolean;
  names: [string, string | string[]][];
}

export interface RunResult {
  scenario: Scenario;
  ok: boolean;
  outcomes: StepOutcome[];
}

const DEFAULT_UNTIL_MAX = '400d';
const DAY = 86_400_000;

export interface RunOptions {
  /** Told during long advances (a simulated day at a time): the simulated time and the share done. */
  onProgress?: (progress: { at: number; fraction: number }) => void;
  /** The simulation's journal: records kept (default none: each step's records come with it) and a sink. */
  journal?: { limit?: number; sink?: (record: JournalRecord) => void };
}

/** Static checks the schema cannot make: every name is bound before it is used. */
function checkNames(scenario: Scenario): void {
  const bound = new Set<string>();
  const issues: Issue[] = [];
  const use = (path: string, ref: unknown) => {
    if (typeof ref !== 'string') return;
    const name = ref.split('.')[0]!;
    if (!bound.has(name)) issues.push({ path, message: `"${name}" is not named yet; name a resource with as: ${name} in the setup or an earlier step` });
  };
  const setup = scenario.setup ?? {};
  for (const group of ['servers', 'disks', 'vaults', 'policies'] as const) {
    (setup[group] ?? []).forEach((item, i) => {
      if (bound.has(item.as)) issues.push({ path: `/setup/${group}/${i}/as`, message: `"${item.as}" is named twice` });
      bound.add(item.as);
    });
  }
  (setup.vaults ?? []).forEach((v, i) => (v.resources ?? []).forEach((r, j) => use(`/setup/vaults/${i}/resources/${j}`, r)));
  (setup.policies ?? []).forEach((p, i) => (p.apply ?? []).forEach((r, j) => use(`/setup/policies/${i}/apply/${j}`, r)));
  scenario.steps.forEach((step, i) => {
    const path = `/steps/${i}`;
    if ('do' in step) {
      const spec = VERBS[step.do]!;
      for (const [name, p] of Object.entries(spec.params)) {
        const value = (step as Record<string, unknown>)[name];
        if (p.type === 'ref') use(`${path}/${name}`, value);
        if (p.type === 'refs' && Array.isArray(value)) value.forEach((v, j) => use(`${path}/${name}/${j}`, v));
      }
      if ('as' in step && typeof step.as === 'string') bound.add(step.as);
    } else if ('expect' in step) {
      for (const [name, e] of Object.entries(step.expect)) {
        use(`${path}/expect/${name}`, name);
        refsOf(e).forEach((r) => use(`${path}/expect/${name}`, r));
      }
    } else if ('advance' in step && typeof step.advance === 'object') {
      for (const [name, e] of Object.entries(step.advance.until)) {
        use(`${path}/advance/until/${name}`, name);
        refsOf(e).forEach((r) => use(`${path}/advance/until/${name}`, r));
      }
    } else if ('expectTask' in step) {
      for (const key of ['resource', 'vault', 'backup'] as const) use(`${path}/expectTask/${key}`, step.expectTask[key]);
    } else if ('expectJob' in step) {
      for (const key of ['job', 'entity'] as const) use(`${path}/expectJob/${key}`, step.expectJob[key]);
    }
  });
  if (issues.length) throw new ScenarioError(scenario.id, issues);
}

/** The other resources an expectation names (besides the one it is about). */
export function refsOf(e: ResourceExpectation): string[] {
  const out: string[] = [];
  if (typeof e.linkedTo === 'string') out.push(e.linkedTo);
  if (e.sizeGB && typeof e.sizeGB === 'object') out.push(Object.values(e.sizeGB)[0] as string);
  if (typeof e.checkpoint === 'string') out.push(e.checkpoint);
  for (const list of [e.backups, e.skipped]) if (Array.isArray(list)) out.push(...list);
  return out;
}

/** The expectation keys that only one kind of record has, and what a message calls that kind. */
const KEY_KINDS: Record<string, { kind: string; noun: string }> = {
  checkpoint: { kind: 'backup', noun: 'a backup' },
  backups: { kind: 'checkpoint', noun: 'a restore point (checkpoint)' },
  skipped: { kind: 'checkpoint', noun: 'a restore point (checkpoint)' },
  jobType: { kind: 'job', noun: 'a job' },
  errorCode: { kind: 'job', noun: 'a job' },
  resourceType: { kind: 'backup', noun: 'a backup' },
  providerId: { kind: 'backup', noun: 'a backup' },
};

/** The fields of a task expectation that pick tasks, in the order a message says them. */
const TASK_FIELDS = ['resource', 'vault', 'backup', 'operationType', 'status', 'code', 'syncBackupNum', 'deleteBackupNum', 'errSyncBackupNum'] as const;
/** V1: the counters of a sync task (`extra_info.sync`). */
const SYNC_COUNTERS = ['syncBackupNum', 'deleteBackupNum', 'errSyncBackupNum'] as const;

function taskWords(t: TaskRecord): string {
  const where = [t.resourceName ?? t.vaultName, t.startedAt.slice(0, 16)].filter(Boolean).join(', ');
  const counters = t.operationType === 'sync' ? ` ${SYNC_COUNTERS.map((k) => `${k}=${t[k] ?? 0}`).join(' ')}` : '';
  return `${t.operationType} ${t.status}${t.errorInfo ? ` ${t.errorInfo.code}` : ''}${counters} (${where})`;
}

/** At most ten entries of a list for a message, the rest counted. */
function listed(items: string[], none: string): string {
  if (!items.length) return none;
  return items.length > 10 ? `${items.slice(-10).join('; ')}; and ${items.length - 10} before` : items.join('; ');
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export class ScenarioRun {
  readonly scenario: Scenario;
  simulation!: Simulation;
  /** Names → ids (a list for `provisionServers`). */
  readonly names = new Map<string, string | string[]>();
  private readonly pending: JournalRecord[] = [];
  /** Records are gathered for a step only while it runs: a simulation driven between steps (the
   * inspector's commands) must not pile its records up for the next step to carry. */
  private stepping = false;
  private next = 0;
  private failed = false;

  constructor(scenario: Scenario, private readonly options: RunOptions = {}) {
    this.scenario = validateScenario(scenario, scenario?.id ?? 'scenario');
    checkNames(this.scenario);
  }

  get done(): boolean {
    return this.failed || this.next > this.scenario.steps.length;
  }

  /** Where the player stands, to be written down with the world and resumed (`serve --data`). */
  get position(): PlayerPosition {
    return { next: this.next, failed: this.failed, names: [...this.names] };
  }

  /**
   * A run that goes on from a saved world and a position (`position`): the next step is the one
   * that would have come next. The position is checked against the scenario.
   */
  static resume(scenario: Scenario, saved: SavedSimulation, position: PlayerPosition, options: RunOptions = {}): ScenarioRun {
    const run = new ScenarioRun(scenario, options);
    const { next, failed, names } = position;
    if (!Number.isInteger(next) || next < 1 || next > run.scenario.steps.length + 1 || typeof failed !== 'boolean' || !Array.isArray(names)) {
      throw new ScenarioError(run.scenario.id, [{ path: '', message: `the saved player position (step ${String(next)}) does not fit this scenario's ${run.scenario.steps.length} steps` }]);
    }
    for (const entry of names) {
      const ok = Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string'
        && (typeof entry[1] === 'string' || (Array.isArray(entry[1]) && entry[1].every((x) => typeof x === 'string')));
      if (!ok) throw new ScenarioError(run.scenario.id, [{ path: '', message: 'the saved player position names resources in a form cbr-sim does not write' }]);
      run.names.set(entry[0], entry[1]);
    }
    run.next = next;
    run.failed = failed;
    run.simulation = restoreSimulation(saved, { journal: { sink: run.sink } });
    return run;
  }

  /** Every record of the simulation: kept for the step that runs, and passed on. */
  private readonly sink = (r: JournalRecord): void => {
    if (this.stepping) this.pending.push(r);
    this.options.journal?.sink?.(r);
  };

  get ok(): boolean {
    return !this.failed;
  }

  /** Runs the next step (the setup first); null when the run is over. */
  step(): StepOutcome | null {
    return driveNow(this.stepWork(UNSLICED));
  }

  /**
   * The next step as work that yields whenever `slicer`'s time is up (inside a long advance,
   * between two of its timers), for the inspector's server to run a slice at a time. Nothing else
   * may change the simulation until the work is done.
   */
  *stepWork(slicer: Slicer): Generator<void, StepOutcome | null> {
    if (this.done) return null;
    const index = this.next++;
    this.stepping = true;
    try {
      return yield* this.stepAt(index, slicer);
    } finally {
      this.stepping = false;
      this.pending.length = 0;
    }
  }

  private *stepAt(index: number, slicer: Slicer): Generator<void, StepOutcome> {
    const before = this.index === 0 ? new Map<string, SimRecord>() : this.namedRecords();
    let outcome: StepVerdict;
    if (index === 0) outcome = yield* this.setup(slicer);
    else {
      const step = this.scenario.steps[index - 1]!;
      try {
        outcome = yield* this.run(step, slicer);
      } catch (error) {
        if (!(error instanceof SimulationError)) throw error;
        const kind = (['say', 'refuse', 'do', 'advance', 'expectCount', 'expectTask', 'expectJob', 'expect'] as const).find((k) => k in step) ?? 'do';
        const description = 'do' in step ? this.describeCommand(step as Record<string, unknown>) : kind;
        outcome = { kind, description, ok: false, refusal: { code: error.code, message: error.message }, failure: { message: `${description}: ${error.code}: ${error.message}`, expected: 'no refusal', actual: error.code } };
      }
    }
    if (!outcome.ok) this.failed = true;
    const records = this.pending.splice(0);
    const after = this.namedRecords();
    const resources = Object.fromEntries([...after].map(([name, r]) => [name, { id: r.id, kind: r.kind, ...shown(r) }]));
    const named = new Set([...this.names.values()].flat());
    return { index, ...outcome, at: isoTime(this.simulation.now()), changes: this.changes(before, after), unnamed: countUnnamed(records, named), resources, records };
  }

  *[Symbol.iterator](): Generator<StepOutcome> {
    for (let o = this.step(); o; o = this.step()) yield o;
  }

  runToEnd(): RunResult {
    return { scenario: this.scenario, outcomes: [...this], ok: this.ok };
  }

  private get index(): number {
    return this.next - 1;
  }

  // --- names ----------------------------------------------------------------------------------

  /** The id(s) a reference names: `web`, `web.systemDisk`, `web.dataDisks.0`, `img.backup`, `copies.1`. */
  resolve(ref: string): string | string[] {
    const [name, ...path] = ref.split('.');
    let value: string | string[] | null | undefined = this.names.get(name!);
    if (value === undefined) throw new ScenarioError(this.scenario.id, [{ path: '', message: `"${name}" is not named` }]);
    for (const part of path) {
      if (Array.isArray(value)) value = value[Number(part)];
      else if (typeof value === 'string') {
        const r = this.simulation.get(value) as unknown as Record<string, unknown>;
        if (part === 'backups') {
          // A restore point's backups; a resource's backups that are not deleted, oldest first: how a scenario names policy-made ones.
          const owner: string = value;
          value = r.kind === 'checkpoint' ? (r.backupIds as string[]) : this.simulation.list('backup').filter((b) => b.resourceId === owner).map((b) => b.id);
          continue;
        }
        if (part === 'task' && r.kind === 'backup') {
          // S2: the task that made the backup (a backup is made once: one backup task).
          const id: string = value;
          value = this.simulation.list('task', { operationType: 'backup' }).find((t) => t.backupId === id)?.id ?? null;
          continue;
        }
        if (r.kind === 'job' && ['image', 'disk', 'servers'].includes(part)) {
          // S3: what the job made.
          const e = (r as unknown as JobRecord).entities;
          value = (part === 'image' ? e.imageId : part === 'disk' ? e.diskId : e.serverIds) ?? null;
          continue;
        }
        const field = {
          systemDisk: 'systemDiskId', dataDisks: 'dataDiskIds', backup: 'backupId', image: 'imageId', server: 'serverId', resource: 'resourceId', vault: 'vaultId',
          job: 'jobId', checkpoint: 'checkpointId', site: 'siteId', vm: 'vmId', copy: 'copyId', vms: 'vmIds',
        }[part];
        value = field ? (r[field] as string | string[] | null) : undefined;
      }
      if (value === undefined || value === null) throw new SimulationError('Sim.NotFound', `${ref} names nothing (at "${part}")`);
    }
    return value!;
  }

  private one(ref: string): string {
    const id = this.resolve(ref);
    if (Array.isArray(id)) throw new SimulationError('Sim.InvalidArgument', `${ref} names a list; pick one with ${ref}.0`);
    return id;
  }

  private namedRecords(): Map<string, SimRecord> {
    const out = new Map<string, SimRecord>();
    for (const [name, id] of this.names) {
      const ids = Array.isArray(id) ? id.map((x, i) => [`${name}.${i}`, x] as const) : [[name, id] as const];
      for (const [n, x] of ids) {
        try {
          out.set(n, this.simulation.get(x));
        } catch {
          // gone beyond its tombstone
        }
      }
    }
    return out;
  }

  private changes(before: Map<string, SimRecord>, after: Map<string, SimRecord>): Change[] {
    const out: Change[] = [];
    for (const [name, r] of after) {
      const was = before.get(name);
      const to = shown(r);
      const from = was ? shown(was) : null;
      if (from && from.status === to.status && from.label === to.label) continue;
      out.push({ name, id: r.id, kind: r.kind, from, to });
    }
    return out;
  }

  // --- setup and steps -----------------------------------------------------------------------

  private *setup(slicer: Slicer): Generator<void, StepVerdict> {
    const s = this.scenario.setup ?? {};
    this.simulation = createSimulation({
      seed: s.seed ?? 1,
      ...(s.start ? { start: s.start } : {}),
      profile: s.profile ?? 'instant',
      ...(s.imageQuota !== undefined ? { imageQuota: s.imageQuota } : {}),
      journal: { limit: this.options.journal?.limit ?? 0, sink: this.sink },
    });
    const sim = this.simulation;
    for (const v of s.servers ?? []) {
      const server = sim.createServer({
        name: v.name ?? v.as, os: v.os ?? 'linux', systemDiskGB: v.systemDiskGB ?? 40, dataDisksGB: v.dataDisksGB ?? [],
        ...(v.initTool !== undefined ? { initTool: v.initTool } : {}), ...(v.optimized !== undefined ? { optimized: v.optimized } : {}), ...(v.az ? { az: v.az } : {}),
      });
      this.names.set(v.as, server.id);
    }
    for (const d of s.disks ?? []) this.names.set(d.as, sim.createDisk({ name: d.name ?? d.as, sizeGB: d.sizeGB, ...(d.az ? { az: d.az } : {}) }).id);
    // Setup ends with everything made ready: servers Running, disks Available.
    const ready = () => [...this.names.values()].every((id) => ['ACTIVE', 'available', 'in-use'].includes(sim.get(id as string).status));
    for (let guard = 0; guard < 10_000 && !ready(); guard++) {
      const next = sim.nextTimer();
      if (next === null) break;
      sim.advance(next - sim.now());
      if (slicer.over()) yield;
    }
    for (const v of s.vaults ?? []) {
      const resourceIds = (v.resources ?? []).map((r) => this.one(r));
      this.names.set(v.as, sim.createVault({ name: v.name ?? v.as, kind: v.kind, resourceIds, ...(v.capacityGB ? { capacityGB: v.capacityGB } : {}), ...(v.autoExpand ? { autoExpand: true } : {}) }).id);
    }
    for (const p of s.policies ?? []) {
      const { as, apply, name, ...rest } = p;
      const policy = sim.createPolicy({ name: name ?? as, ...rest });
      this.names.set(as, policy.id);
      for (const v of apply ?? []) sim.applyPolicy(policy.id, this.one(v));
    }
    const count = this.names.size;
    return { kind: 'setup', description: `setup: ${count} named resource${count === 1 ? '' : 's'}, ${s.profile === 'realistic' ? 'realistic' : 'instant'} timings`, ok: true };
  }

  private *run(step: Step, slicer: Slicer): Generator<void, StepVerdict> {
    const s = step as Record<string, unknown>;
    if ('say' in s) return { kind: 'say', description: s.say as string, ok: true };
    if ('refuse' in s) return this.refuse(step as Extract<Step, { refuse: string }>);
    if ('do' in s) return this.command(step as Extract<Step, { do: string }>);
    if ('advance' in s) return yield* this.advance((step as Extract<Step, { advance: unknown }>).advance, slicer);
    if ('expect' in s) return this.expect((step as Extract<Step, { expect: unknown }>).expect);
    if ('expectTask' in s) return this.expectTask((step as Extract<Step, { expectTask: unknown }>).expectTask);
    if ('expectJob' in s) return this.expectJob((step as Extract<Step, { expectJob: unknown }>).expectJob);
    return this.expectCount((step as Extract<Step, { expectCount: unknown }>).expectCount);
  }

  private args(step: Record<string, unknown>): Record<string, unknown> {
    const spec = VERBS[step.do as string]!;
    const out: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(spec.params)) {
      const value = step[name];
      if (value === undefined) continue;
      if (p.type === 'ref') out[name] = this.one(value as string);
      else if (p.type === 'refs') out[name] = (value as string[]).map((r) => this.one(r));
      else out[name] = value;
    }
    return out;
  }

  private describeCommand(step: Record<string, unknown>): string {
    const params = Object.entries(step).filter(([k]) => !['do', 'as', 'refuse'].includes(k)).map(([k, v]) => `${k}=${show(v)}`);
    return `${step.do as string}${params.length ? ` ${params.join(' ')}` : ''}${step.as ? ` → ${show(step.as)}` : ''}`;
  }

  private command(step: Extract<Step, { do: string }>): StepVerdict {
    const spec = VERBS[step.do]!;
    const description = this.describeCommand(step);
    const result = spec.run(this.simulation, this.args(step));
    if (typeof step.as === 'string') {
      if (Array.isArray(result)) this.names.set(step.as, result.map((r) => (r as SimRecord).id));
      else if (result && typeof result === 'object') this.names.set(step.as, (result as SimRecord).id);
    }
    return { kind: 'do', description, ok: true, result: summarize(result) };
  }

  private refuse(step: Extract<Step, { refuse: string }>): StepVerdict {
    const description = `${this.describeCommand(step)}, refused with ${step.refuse}`;
    try {
      VERBS[step.do]!.run(this.simulation, this.args(step));
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      const refusal = { code: error.code, message: error.message };
      if (error.code === step.refuse) return { kind: 'refuse', description, ok: true, refusal };
      return { kind: 'refuse', description, ok: false, refusal, failure: { message: `refused with ${error.code}, not ${step.refuse}: ${error.message}`, expected: step.refuse, actual: error.code } };
    }
    return { kind: 'refuse', description, ok: false, failure: { message: `${step.do} was accepted; expected a refusal with ${step.refuse}`, expected: step.refuse, actual: 'accepted' } };
  }

  /** `advance(d)`, a slice at a time: stopped only before a due timer, when the slice is over. */
  private *advanceBy(d: unknown, slicer: Slicer): Generator<void, void> {
    const run = this.simulation.startAdvance(d as never);
    while (!run.run((due) => due && slicer.over())) yield;
  }

  private *advance(a: Extract<Step, { advance: unknown }>['advance'], slicer: Slicer): Generator<void, StepVerdict> {
    const sim = this.simulation;
    if (typeof a !== 'object') {
      const total = toMilliseconds(a);
      const progress = this.options.onProgress;
      if (progress && total !== null && total > DAY) {
        // A long advance goes a day at a time, so a terminal can show how far it is.
        const start = sim.now();
        for (let done = 0; done < total; ) {
          const stepMs = Math.min(DAY, total - done);
          yield* this.advanceBy(stepMs, slicer);
          done += stepMs;
          progress({ at: start + done, fraction: done / total });
        }
      } else yield* this.advanceBy(a, slicer);
      return { kind: 'advance', description: `advance ${show(a)}`, ok: true };
    }
    const limit = sim.now() + (toMilliseconds(a.max ?? DEFAULT_UNTIL_MAX) ?? 0);
    const description = `advance until ${this.describeExpectations(a.until)}`;
    for (;;) {
      if (this.mismatches(a.until).length === 0) return { kind: 'advance', description, ok: true };
      const next = sim.nextTimer();
      if (next === null || next > limit) {
        const [first] = this.mismatches(a.until);
        return {
          kind: 'advance', description, ok: false,
          failure: { message: `${next === null ? 'nothing more happens' : `not within ${show(a.max ?? DEFAULT_UNTIL_MAX)}`}: ${first!.message}`, expected: first!.expected, actual: first!.actual },
        };
      }
      sim.advance(next - sim.now());
      if (slicer.over()) yield;
    }
  }

  private describeExpectations(e: Record<string, ResourceExpectation>): string {
    return Object.entries(e).map(([name, x]) => `${name} ${Object.entries(x).map(([k, v]) => `${k}=${show(v)}`).join(' ')}`).join(', ');
  }

  private mismatches(e: Record<string, ResourceExpectation>): { message: string; expected: unknown; actual: unknown }[] {
    const out: { message: string; expected: unknown; actual: unknown }[] = [];
    for (const [name, want] of Object.entries(e)) {
      const record = this.simulation.get(this.one(name)) as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(want)) {
        let expected: unknown = value;
        let actual: unknown = record[key];
        let holds: boolean;
        const only = KEY_KINDS[key];
        if (only && record.kind !== only.kind) {
          out.push({ message: `${name}.${key}: only ${only.noun} has ${key}; ${name} is a ${String(record.kind)}`, expected: only.kind, actual: record.kind });
          continue;
        }
        if (key === 'checkpoint') {
          expected = this.one(value as string);
          actual = record.checkpointId ?? null;
          holds = actual === expected;
          if (!holds) {
            out.push({ message: `${name}.checkpoint: expected ${show(value)} (${show(expected)}), got ${actual === null ? 'none' : this.nameOf(actual as string)}`, expected, actual });
            continue;
          }
        } else if (key === 'backups' || key === 'skipped') {
          const ids = key === 'backups' ? (record.backupIds as string[]) : (record.skipped as CheckpointRecord['skipped']).map((x) => x.id);
          if (typeof value === 'number') {
            actual = ids.length;
            holds = actual === value;
          } else {
            const want = (value as string[]).map((r) => this.one(r));
            holds = want.length === ids.length && want.every((id) => ids.includes(id));
            expected = value;
            actual = ids.map((id) => this.nameOf(id));
            if (!holds) {
              const skippedWhy = key === 'skipped' ? (record.skipped as CheckpointRecord['skipped']).map((x) => `${this.nameOf(x.id)} ${x.code}`) : [];
              out.push({ message: `${name}.${key}: expected ${(value as string[]).join(', ') || 'none'}, got ${(actual as string[]).join(', ') || 'none'}${skippedWhy.length ? ` (${skippedWhy.join(', ')})` : ''}`, expected, actual });
              continue;
            }
          }
        } else if (key === 'linkedTo') {
          actual = record.kind === 'backup' ? record.imageId : record.backupId;
          expected = value === null ? null : this.one(value as string);
          holds = actual === expected;
        } else if (key === 'sizeGB' && typeof value === 'object' && value !== null) {
          const [relation, other] = Object.entries(value)[0] as [string, string];
          const otherSize = (this.simulation.get(this.one(other)) as unknown as { sizeGB: number }).sizeGB;
          expected = `${relation} ${other}.sizeGB (${otherSize})`;
          const size = record.sizeGB as number;
          holds = relation === 'lessThan' ? size < otherSize : relation === 'greaterThan' ? size > otherSize : size === otherSize;
        } else if (key === 'lastRun') {
          actual = (record.lastRun as { status: string } | null)?.status ?? null;
          holds = actual === value;
        } else holds = actual === value;
        if (!holds) out.push({ message: `${name}.${key}: expected ${show(expected)}, got ${show(actual)}`, expected, actual });
      }
    }
    return out;
  }

  private expect(e: Record<string, ResourceExpectation>): StepVerdict {
    const description = `expect ${this.describeExpectations(e)}`;
    const [first, ...rest] = this.mismatches(e);
    if (!first) return { kind: 'expect', description, ok: true };
    return { kind: 'expect', description, ok: false, failure: { message: [first, ...rest].map((m) => m.message).join('; '), expected: first.expected, actual: first.actual } };
  }

  private expectCount(c: CountExpectation): StepVerdict {
    const statuses = c.status === undefined ? undefined : Array.isArray(c.status) ? c.status : [c.status];
    let records = this.simulation.list(c.kind, { includeDeleted: c.includeDeleted === true }) as SimRecord[];
    if (statuses) records = records.filter((r) => statuses.includes(r.status));
    if (c.autoTrigger !== undefined) records = records.filter((r) => (r.kind === 'backup' || r.kind === 'checkpoint') && r.autoTrigger === c.autoTrigger);
    const noun = c.equals === 1 ? c.kind : c.kind === 'policy' ? 'policies' : `${c.kind}s`;
    const description = `expect ${c.equals} ${noun}${statuses ? ` ${statuses.join('/')}` : ''}${c.autoTrigger === undefined ? '' : c.autoTrigger ? ' (automatic)' : ' (manual)'}`;
    if (records.length === c.equals) return { kind: 'expectCount', description, ok: true };
    return { kind: 'expectCount', description, ok: false, failure: { message: `expected ${c.equals}, found ${records.length}`, expected: c.equals, actual: records.length } };
  }

  /** A name the scenario gave an id (`web`, `fleet.1`), else the id. */
  private nameOf(id: string): string {
    for (const [name, value] of this.names) {
      if (value === id) return name;
      if (Array.isArray(value) && value.includes(id)) return `${name}.${value.indexOf(id)}`;
    }
    return id;
  }

  /** S2: at least one task (or exactly `count`) has every field given. */
  private expectTask(t: TaskExpectation): StepVerdict {
    const criteria = TASK_FIELDS.filter((k) => t[k] !== undefined).map((k) => `${k}=${show(t[k])}`).join(' ');
    const description = t.count === undefined ? `expect a task ${criteria}` : `expect ${t.count} task${t.count === 1 ? '' : 's'} ${criteria}`;
    const resourceId = t.resource === undefined ? undefined : this.one(t.resource);
    const backupId = t.backup === undefined ? undefined : this.one(t.backup);
    const vaultId = t.vault === undefined ? undefined : this.one(t.vault);
    const tasks = this.simulation.list('task', resourceId === undefined ? undefined : { resourceId });
    const about = tasks.filter((task) => (backupId === undefined || task.backupId === backupId) && (vaultId === undefined || task.vaultId === vaultId));
    const matching = about.filter((task) =>
      (t.operationType === undefined || task.operationType === t.operationType)
      && (t.status === undefined || task.status === t.status)
      && (t.code === undefined || (task.errorInfo?.code ?? null) === t.code)
      && SYNC_COUNTERS.every((k) => t[k] === undefined || task[k] === t[k]));
    const holds = t.count === undefined ? matching.length > 0 : matching.length === t.count;
    if (holds) return { kind: 'expectTask', description, ok: true };
    const whose = t.backup !== undefined ? `the tasks of ${t.backup}` : t.resource !== undefined ? `the tasks of ${t.resource}` : t.vault !== undefined ? `the tasks of ${t.vault}` : 'the task log';
    const there = `${whose}: ${listed(about.map(taskWords), 'none')}`;
    const message = t.count === undefined ? `no task has ${criteria}; ${there}` : `expected ${t.count} task${t.count === 1 ? '' : 's'} with ${criteria}, found ${matching.length}; ${there}`;
    return { kind: 'expectTask', description, ok: false, failure: { message, expected: t.count ?? `a task with ${criteria}`, actual: t.count === undefined ? about.map(taskWords) : matching.length } };
  }

  /** S3: the job named, or one of the jobs that made `entity` (of `jobType`), has every field given. */
  private expectJob(j: JobExpectation): StepVerdict {
    const fields = (['job', 'entity', 'jobType', 'status', 'errorCode', 'subJobs'] as const).filter((k) => j[k] !== undefined);
    const description = `expect a job ${fields.map((k) => `${k}=${show(j[k])}`).join(' ')}`;
    const entityId = j.entity === undefined ? undefined : this.one(j.entity);
    const made = (job: JobRecord) => job.entities.imageId === entityId || job.entities.diskId === entityId || (job.entities.serverIds ?? []).includes(entityId!);
    let candidates: JobRecord[];
    if (j.job !== undefined) {
      const record = this.simulation.get(this.one(j.job));
      if (record.kind !== 'job') {
        return { kind: 'expectJob', description, ok: false, failure: { message: `${j.job} is a ${record.kind}, not a job; name a job with a path such as ${j.job.split('.')[0]}.job`, expected: 'job', actual: record.kind } };
      }
      candidates = [record];
    } else {
      candidates = this.simulation.list('job').filter((job) => (entityId === undefined || made(job)) && (j.jobType === undefined || job.jobType === j.jobType));
    }
    const problems = (job: JobRecord): string[] => {
      const out: string[] = [];
      if (j.job !== undefined && entityId !== undefined && !made(job)) out.push(`it did not make ${j.entity}`);
      if (j.job !== undefined && j.jobType !== undefined && job.jobType !== j.jobType) out.push(`jobType is ${job.jobType}, not ${j.jobType}`);
      if (j.status !== undefined && job.status !== j.status) out.push(`status is ${job.status}, not ${j.status}`);
      if (j.errorCode !== undefined && job.errorCode !== j.errorCode) out.push(`errorCode is ${show(job.errorCode)}, not ${show(j.errorCode)}`);
      if (typeof j.subJobs === 'number' && job.subJobs.length !== j.subJobs) out.push(`it has ${job.subJobs.length} sub-jobs, not ${j.subJobs}`);
      if (typeof j.subJobs === 'object') {
        for (const [status, n] of Object.entries(j.subJobs)) {
          const has = job.subJobs.filter((x) => x.status === status).length;
          if (has !== n) out.push(`${has} of its sub-jobs are ${status}, not ${n}`);
        }
      }
      return out;
    };
    if (candidates.some((job) => problems(job).length === 0)) return { kind: 'expectJob', description, ok: true };
    const which = [j.entity !== undefined ? `that made ${j.entity}` : '', j.jobType !== undefined ? `of type ${j.jobType}` : ''].filter(Boolean).join(' ');
    const message = candidates.length === 0
      ? `no job ${which}; the jobs there are: ${listed(this.simulation.list('job').map((job) => `${job.jobType} ${job.status} (${job.id})`), 'none')}`
      : `${j.job ?? `no job ${which} is as expected`}: ${candidates.map((job) => `${candidates.length > 1 || j.job === undefined ? `${job.jobType} ${job.id}: ` : ''}${problems(job).join(', ')}`).join('; ')}`;
    const first = candidates[0];
    return { kind: 'expectJob', description, ok: false, failure: { message, expected: Object.fromEntries(fields.map((k) => [k, j[k]])), actual: first ? { jobType: first.jobType, status: first.status, errorCode: first.errorCode, subJobs: first.subJobs.map((x) => x.status) } : null } };
  }
}

/** Runs a scenario to the end. */
export function runScenario(scenario: Scenario, options?: RunOptions): RunResult {
  return new ScenarioRun(scenario, options).runToEnd();
}
