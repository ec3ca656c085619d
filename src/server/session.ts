/**
 * The one world a server process holds: the simulation (loaded from a scenario, so its player can
 * step it), the retained journal, and the live listeners. Every tab sees and acts on this world.
 */
import type { JournalRecord } from '../sim/journal.js';
import type { Duration } from '../sim/duration.js';
import { restoreSimulation, type Simulation } from '../sim/simulation.js';
import type { SavedSimulation } from '../sim/save.js';
import { SimulationError } from '../sim/errors.js';
import { RESOURCE_KINDS, type AnyRecord } from '../sim/records.js';
import { randomUUID } from 'node:crypto';
import { ScenarioRun, type StepOutcome } from '../scenario/runner.js';
import type { Scenario } from '../scenario/types.js';

/** The verbs `POST /api/commands` accepts: the Simulation's commands, nothing else. */
export const COMMAND_VERBS = [
  'createServer', 'createDisk', 'attachDisk', 'detachDisk', 'stopServer', 'startServer', 'deleteServer', 'deleteDisk',
  'createVault', 'addVaultResources', 'removeVaultResources', 'deleteVault', 'createPolicy', 'updatePolicy', 'applyPolicy', 'dissociatePolicy',
  'backupServer', 'backupDisk', 'restoreBackup', 'createDiskFromBackup', 'deleteBackup',
  'createImageFromBackup', 'createImageFromServer', 'createImageFromDisk', 'importImage', 'exportImage', 'createDiskFromImage',
  'provisionServers', 'deleteImage', 'failNext', 'advance',
] as const;

/**
 * What changed in a batch, so a page can follow the world without asking for all of it: the clock,
 * the current record of every resource the batch's records name (tombstones included), and the
 * ids that are gone altogether (an expired tombstone, for example).
 */
export interface StateDelta {
  now: string;
  nextTimer: string | null;
  seq: number;
  resources: AnyRecord[];
  gone: string[];
}

export type LiveMessage =
  | { type: 'records'; world: string; records: JournalRecord[]; state: StateDelta }
  | { type: 'reset'; world: string; reason: string }
  | { type: 'external'; event: unknown };

export const JOURNAL_LIMIT = 50_000;
/** Checkpoints kept for time travel: one after the setup and after every command or step. */
export const CHECKPOINTS = 500;
/**
 * Journal records between checkpoints taken after `advance`. A checkpoint of a big world costs
 * tens of milliseconds; one per 10,000 records keeps that a few per cent of a long run, and
 * travelling to a record replays at most that many (a fraction of a second).
 */
export const CHECKPOINT_EVERY = 10_000;
/** …and, while the clock runs at full speed, at most 1/20 of the server's time goes to them. */
export const CHECKPOINT_SHARE = 20;

interface Checkpoint {
  seq: number;
  saved: SavedSimulation;
  /** The world's first: taken when it was loaded or forked. */
  origin: boolean;
}

export class Session {
  private run!: ScenarioRun;
  private outcomes: StepOutcome[] = [];
  private readonly listeners = new Set<(message: LiveMessage) => void>();
  private batch: JournalRecord[] = [];
  private flushing = false;
  private checkpoints: Checkpoint[] = [];
  private checkpointAfter = 0;
  /** Names the world a page mirrors: a new one on every load and fork, and in every process. */
  private worldId = '';
  private readonly process = randomUUID().slice(0, 8);
  private worlds = 0;

  constructor(scenario: Scenario) {
    this.load(scenario);
  }

  get simulation(): Simulation {
    return this.run.simulation;
  }

  get scenario(): Scenario {
    return this.run.scenario;
  }

  get world(): string {
    return this.worldId;
  }

  /** The last journal record's seq (0 before any). */
  get seq(): number {
    return this.simulation.world.journal.seq;
  }

  private newWorld(): void {
    this.worldId = `${this.process}-${++this.worlds}`;
    this.batch = [];
  }

  /** Replaces the world for every tab with `scenario`, set up and ready to play. */
  load(scenario: Scenario, reason = `scenario ${scenario.id} loaded`): void {
    // Built and set up aside first: a scenario that fails validation or its setup leaves the
    // world as it was. The tabs read the setup's records from the journal after the reset.
    const run: ScenarioRun = new ScenarioRun(scenario, {
      journal: { limit: JOURNAL_LIMIT, sink: (r) => { if (this.run === run) this.queue(r); } },
    });
    const setup = run.step()!;
    this.newWorld();
    this.run = run;
    this.outcomes = [setup];
    this.checkpoints = [];
    this.checkpoint();
    this.broadcast({ type: 'reset', world: this.worldId, reason });
  }

  /**
   * The player's step back: the scenario is loaded again and replayed to the step before this one
   * (the simulation is deterministic, so this is the world as it was then).
   */
  stepBack(): void {
    const position = this.outcomes.length - 1;
    if (position < 1) throw new SimulationError('Sim.InvalidState', 'The scenario is at its start; there is no step to go back to.', { position });
    this.load(this.scenario, `stepped back to step ${position - 1}`);
    for (let i = 1; i < position; i++) this.stepScenario();
  }

  /**
   * Saves the world as it is now, for time travel (without the journal, which the session holds).
   * After an `advance` only now and then: replaying the clock from an older checkpoint gets there.
   */
  checkpoint(afterAdvance = false): void {
    const sim = this.simulation;
    const seq = this.seq;
    const last = this.checkpoints.at(-1);
    if (afterAdvance && last && (seq - last.seq < CHECKPOINT_EVERY || performance.now() < this.checkpointAfter)) return;
    const started = performance.now();
    this.checkpoints.push({ seq, saved: sim.save({ journal: false }), origin: this.checkpoints.length === 0 });
    // While the clock runs, checkpoints may take at most 1/CHECKPOINT_SHARE of the time.
    this.checkpointAfter = performance.now() + (performance.now() - started) * (CHECKPOINT_SHARE - 1);
    if (this.checkpoints.length > CHECKPOINTS) this.checkpoints.shift();
    // Only records the journal still holds can be travelled to: of the checkpoints older than the
    // oldest of them, the newest is all time travel needs (memory stays flat on long runs).
    const oldest = sim.world.journal.oldestSeq ?? seq;
    let reaching = 0;
    while (reaching + 1 < this.checkpoints.length && this.checkpoints[reaching + 1]!.seq <= oldest) reaching++;
    if (reaching > 0) this.checkpoints.splice(0, reaching);
  }

  /**
   * The world as it was at journal record `seq` (read only). The newest checkpoint at or before
   * it is restored and the commands journaled since are run again, as they were: the simulation
   * is deterministic, so they write the same records under the same numbers. A command is atomic,
   * so a record it wrote is seen with the whole command done; an `advance` is replayed up to the
   * timer that wrote the record, so a record written while the clock ran is seen exactly when it
   * was written (later timers of the same instant not yet fired). The setup's records are seen
   * after the setup.
   */
  worldAt(seq: number): Simulation {
    const journal = this.simulation.journal();
    const at = journal.findIndex((r) => r.seq === seq);
    if (at < 0) throw new SimulationError('Sim.NotFound', `Journal record #${seq} is not retained; time travel reaches the records the journal still holds.`, { seq });
    const first = this.checkpoints[0];
    const start = [...this.checkpoints].reverse().find((c) => c.seq <= seq) ?? (first?.origin ? first : undefined);
    if (!start) throw new SimulationError('Sim.NotFound', `No checkpoint is as old as record #${seq}; the oldest kept is #${first?.seq}.`, { seq });
    const past = restoreSimulation(start.saved);
    const since = journal.findIndex((r) => r.seq > start.seq);
    if (since < 0 || since > at) return past;
    if (journal[since]!.seq !== start.seq + 1) {
      // The journal no longer holds every command since the checkpoint: the clock is replayed
      // to the record's instant instead, which is as close as the records left allow.
      if (journal[at]!.at > past.now()) past.advance(journal[at]!.at - past.now());
      return past;
    }
    const isCommand = (r: JournalRecord) => r.type === 'command' || r.type === 'refusal';
    for (let i = since; i <= at; i++) {
      const r = journal[i]!;
      if (!isCommand(r)) continue;
      const { verb, args } = r as Extract<JournalRecord, { type: 'command' | 'refusal' }>;
      if (verb === 'advance' && r.type === 'command') {
        past.replayAdvance(args[0] as Duration, seq);
        continue;
      }
      try {
        (past as unknown as Record<string, (...a: unknown[]) => unknown>)[verb]!(...args);
      } catch (error) {
        if (!(error instanceof SimulationError)) throw error;
      }
    }
    const replayed = past.journal().find((r) => r.seq === seq);
    if (!replayed || replayed.type !== journal[at]!.type || replayed.resourceId !== journal[at]!.resourceId) {
      throw new Error(`time travel: replaying the journal from checkpoint #${start.seq} did not write record #${seq} again`);
    }
    return past;
  }

  /** "Resume from here": the world at record `seq` replaces the world, for every tab. */
  fork(seq: number): void {
    const past = this.worldAt(seq);
    // The fork keeps the journal up to its point: the records before the checkpoint, as they were,
    // then the ones replaying the clock wrote again (the same, by determinism).
    const saved = past.save();
    const replayed = saved.journal.records;
    const first = replayed[0]?.seq ?? saved.journal.seq + 1;
    saved.journal.records = [...this.simulation.journal().filter((r) => r.seq < first && r.seq <= seq), ...replayed];
    const forked = restoreSimulation(saved, { journal: { sink: (r) => this.queue(r) } });
    forked.world.note({ resourceId: null, note: 'forked', message: `The world was resumed from journal record #${seq}.`, details: { seq } });
    this.newWorld();
    this.run.simulation = forked;
    this.checkpoints = this.checkpoints.filter((c) => c.seq <= seq);
    this.checkpoint();
    this.broadcast({ type: 'reset', world: this.worldId, reason: `resumed from record #${seq}` });
  }

  /** Runs one command of the API; throws its SimulationError when refused. */
  command(verb: string, args: unknown[]): unknown {
    if (!(COMMAND_VERBS as readonly string[]).includes(verb)) {
      throw new SimulationError('Sim.InvalidArgument', `Unknown verb ${JSON.stringify(verb)}; the verbs are ${COMMAND_VERBS.join(', ')}.`, { verb });
    }
    const fn = (this.simulation as unknown as Record<string, (...a: unknown[]) => unknown>)[verb]!;
    try {
      return fn.apply(this.simulation, args);
    } finally {
      this.checkpoint(verb === 'advance');
    }
  }

  /** The player's next step of the loaded scenario, or null at its end. */
  stepScenario(): StepOutcome | null {
    const outcome = this.run.step();
    if (outcome) this.outcomes.push(outcome);
    this.checkpoint();
    return outcome;
  }

  state(sim: Simulation = this.simulation) {
    const resources: AnyRecord[] = RESOURCE_KINDS.flatMap((k) => sim.list(k, { includeDeleted: true }));
    const next = sim.nextTimer();
    return {
      now: new Date(sim.now()).toISOString(),
      nextTimer: next === null ? null : new Date(next).toISOString(),
      seq: sim.world.journal.seq,
      world: this.worldId,
      resources,
      scenario: {
        id: this.scenario.id, title: this.scenario.title, narrative: this.scenario.narrative, rules: this.scenario.rules,
        steps: this.scenario.steps.length, position: this.outcomes.length - 1, done: this.run.done, ok: this.run.ok,
        outcomes: this.outcomes.map(({ records: _r, ...o }) => o),
      },
    };
  }

  /** Retained records after `after` (a seq), at most `limit`. */
  journal(after: number, limit: number): JournalRecord[] {
    const out: JournalRecord[] = [];
    for (const r of this.simulation.journal()) {
      if (r.seq <= after) continue;
      out.push(r);
      if (out.length >= limit) break;
    }
    return out;
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  broadcast(message: LiveMessage): void {
    for (const l of this.listeners) l(message);
  }

  /** Records are sent in batches, once per turn of the event loop, however many a command made. */
  private queue(record: JournalRecord): void {
    this.batch.push(record);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      const records = this.batch;
      this.batch = [];
      this.broadcast({ type: 'records', world: this.worldId, records, state: this.delta(records) });
    });
  }

  /** The state a batch leaves: the clock and the records of the resources it names. */
  delta(records: JournalRecord[]): StateDelta {
    const sim = this.simulation;
    const ids = new Set<string>();
    for (const r of records) if (r.resourceId) ids.add(r.resourceId);
    const resources: AnyRecord[] = [];
    const gone: string[] = [];
    for (const id of ids) {
      const record = sim.world.find(id);
      if (record) resources.push(record);
      else gone.push(id);
    }
    const next = sim.nextTimer();
    return { now: new Date(sim.now()).toISOString(), nextTimer: next === null ? null : new Date(next).toISOString(), seq: this.seq, resources, gone };
  }
}
