/**
 * The one world a server process holds: the simulation (loaded from a scenario, so its player can
 * step it), the retained journal, and the live listeners. Every tab sees and acts on this world.
 *
 * Long work never holds the event loop: an `advance`, a scenario step and time travel run a slice
 * at a time (`src/sim/slices.ts`), and other requests are answered between slices. While an
 * advance or a step runs, reads see the world as it stands and commands are refused with
 * `Sim.Busy` (they would otherwise interleave with timers the journal says came in one go, and
 * replaying the journal would no longer give the same world); `pause()` ends an advance where it
 * stands, or holds a scenario step until the player's next Step.
 *
 * A play (the inspector's ▶ Play, `play(speed)`) runs the clock the same way, a slice at a time,
 * paced by the wall clock, until it is paused or the world is replaced. It is journaled once when
 * it begins and once when it ends (see `src/sim/play-run.ts`), and does not hold commands up: a
 * command, an advance or a scenario step ends the play, runs, and a new play goes on after it.
 */
import type { JournalRecord } from '../sim/journal.js';
import type { Duration } from '../sim/duration.js';
import { restoreSimulation, type Simulation } from '../sim/simulation.js';
import type { SavedSimulation } from '../sim/save.js';
import { SimulationError } from '../sim/errors.js';
import { RESOURCE_KINDS, isResourceRecord, type AnyRecord, type CheckpointRecord, type TaskRecord } from '../sim/records.js';
import { runningTasks, taskCount, taskView } from './task-view.js';
import { createHash, randomUUID } from 'node:crypto';
import { ScenarioRun, type PlayerPosition, type StepOutcome } from '../scenario/runner.js';
import type { Scenario } from '../scenario/types.js';
import { driveNow, driveSliced, TimeSlicer, UNSLICED, type Slicer } from '../sim/slices.js';
import { isoTime } from '../sim/time.js';
import { AdvanceRun } from '../sim/advance-run.js';
import { DocRecorder } from '../docs/doc-run.js';
import { storyOf, type StoryStep } from './story.js';
import { resourceDetail } from './resource-detail.js';
import {
  divergedOf, marksOf, offScriptWhere, namesAfter, namesChanged, offScriptOf, placeOf, positionAfter,
  type DivergedMark, type OffScriptMark, type RecordPlace, type StepMark,
} from './player-marks.js';
import { MAX_SPEED, MIN_SPEED, playedNote, type PlayedDetails, type PlayEnd, type PlayRun } from '../sim/play-run.js';

/** The verbs `POST /api/commands` accepts: the Simulation's commands, nothing else. */
export const COMMAND_VERBS = [
  'createServer', 'createDisk', 'attachDisk', 'detachDisk', 'stopServer', 'startServer', 'updateServer', 'deleteServer', 'deleteDisk',
  'createVault', 'updateVault', 'addVaultResources', 'removeVaultResources', 'deleteVault',
  'createPolicy', 'updatePolicy', 'deletePolicy', 'applyPolicy', 'dissociatePolicy',
  'backupServer', 'backupDisk', 'backupVault', 'restoreBackup', 'createDiskFromBackup', 'updateBackup', 'deleteBackup',
  'createImageFromBackup', 'createImageFromServer', 'createImageFromDisk', 'importImage', 'exportImage', 'createDiskFromImage',
  'provisionServers', 'updateImage', 'deleteImage', 'shareBackup', 'exportBackup',
  'createSite', 'installEbackup', 'createVm', 'deleteVm', 'backupVmOnPrem', 'expireLocalCopy', 'syncBackups', 'syncVault',
  'failNext', 'advance',
] as const;

/**
 * What changed in a batch, so a page can follow the world without asking for all of it: the clock,
 * the current record of every resource the batch's records name (tombstones included), of every
 * restore point they name, of every task they name and of every task still running (its progress
 * moves with the clock: src/server/task-view.ts), how many tasks the log keeps, and the ids that
 * are gone altogether (an expired tombstone, for example).
 */
export interface StateDelta {
  now: string;
  nextTimer: string | null;
  seq: number;
  resources: AnyRecord[];
  tasks: TaskRecord[];
  taskCount: number;
  checkpoints: CheckpointRecord[];
  /** How many restore points there are, when the batch names one (else left out: nothing new). */
  checkpointCount?: number;
  gone: string[];
}

/**
 * How far long work has come: sent on `/live` a few times a second while it runs, and when it ends.
 * For a play, `to` is where its wall clock says the clock should be, `fraction` how near it is
 * (1 while it keeps pace), and `speed` its speed.
 */
export interface Progress {
  operation: 'advance' | 'step' | 'play';
  from: string;
  to: string;
  at: string;
  fraction: number;
  state: 'running' | 'paused' | 'done';
  speed?: number;
}

/** What `GET /api/state` and `POST /api/play` say of the play that runs. */
export interface PlayState {
  speed: number;
  /** ISO time the play started from. */
  from: string;
}

export type LiveMessage =
  | { type: 'records'; world: string; records: JournalRecord[]; state: StateDelta }
  | { type: 'reset'; world: string; reason: string }
  // `tasks`: the running tasks, whose progress the clock moved (a play moves it without records).
  | { type: 'progress'; world: string; progress: Progress; tasks: TaskRecord[] }
  | { type: 'external'; event: unknown };

/** A listener gets each message with its JSON text, serialised once for every tab. */
export type Listener = (message: LiveMessage, text: string) => void;

export const JOURNAL_LIMIT = 50_000;
/**
 * Journal records a replay writes again (all but the API's `request` records) between checkpoints. Time travel restores the newest checkpoint at or before a
 * record and replays the journaled commands since (a slice at a time), so checkpoints can be rare:
 * one per 10,000 records keeps their cost a few per cent of a long run, and a replay short.
 */
export const CHECKPOINT_EVERY = 10_000;
/** …and, while the clock runs at full speed, at most 1/20 of the server's time goes to them. */
export const CHECKPOINT_SHARE = 20;
/** Checkpoints are kept as JSON text, at most this many bytes in all (the oldest go first). */
export const CHECKPOINT_BYTES = 64 * 1024 * 1024;
/** Travelled-to worlds kept, answered again without replaying (the page asks again on redraw). */
export const TRAVEL_CACHE = 8;
/** Time travels waiting for the one that runs; more are refused with `Sim.Busy`. */
export const TRAVEL_QUEUE = 8;
/** Progress messages at most this often (ms of wall time). */
const PROGRESS_EVERY_MS = 250;
/** A play that keeps pace with its wall clock moves the clock this often (ms of wall time). */
export const PLAY_TICK_MS = 100;
/**
 * The longest a play runs (wall time): a tab left playing overnight does not keep the server busy
 * for days. Eight hours is a training day; Play starts it again.
 */
export const PLAY_WALL_LIMIT_MS = 8 * 3_600_000;

/**
 * What `serve --data` keeps: the world and the scenario player (see `Session.persisted`). The
 * marks, the detached player and the console action that diverged are optional: a file written
 * before them is read as a player on script (see `marksOf`).
 */
export interface SessionData {
  scenario: Scenario;
  position: PlayerPosition;
  outcomes: StepOutcome[];
  world: SavedSimulation;
  marks?: StepMark[];
  offScript?: OffScriptMark | null;
  diverged?: DivergedMark | null;
}

/** A travelled-to world, and its state once a page asked for it. */
interface Travelled {
  past: Simulation;
  state?: Omit<ReturnType<Session['state']>, 'scenario'> & { values: Record<string, unknown> };
}

interface Checkpoint {
  seq: number;
  /** The journal's `replayable` count when it was taken (checkpoints are spaced by it). */
  replayable: number;
  /** `save({ journal: false })` as JSON text: compact, and its size is known. */
  text: string;
  /** The world's first: taken when it was loaded or forked. */
  origin: boolean;
  /** Taken between two slices of an advance: the replay goes on with the rest of it. */
  inside?: { seq: number; from: number; to: number };
  /** Taken while a play ran (its record's seq): the replay goes on with the rest of it. */
  playing?: number;
}

/** The long work running now, for `Sim.Busy` messages, progress and `pause()`. */
interface Running {
  operation: 'advance' | 'step';
  describe: string;
  from: number;
  to: () => number;
  paused: boolean;
}

/** The play running now: its run, and the wall time it began at (its clock heads for from + speed × the wall time since). */
interface Playing {
  run: PlayRun;
  wallFrom: number;
  /** The instant the clock heads for at the last slice. */
  target: number;
}

export class Session {
  private run!: ScenarioRun;
  private outcomes: StepOutcome[] = [];
  /** What the teaching view's narration is told from: each step the player ran, kept as a walkthrough page keeps it. */
  private recorder: DocRecorder | null = null;
  private storyCache: { key: string; steps: StoryStep[] } | null = null;
  /**
   * Record copies the story may keep (its recorder copies every record it knows at each step): an
   * uploaded scenario of 1,000 steps over a fleet would otherwise keep millions. Past it, the
   * steps that follow are told by their descriptions.
   */
  storyBudget = 200_000;
  /** The story told before the recorder went over its budget (then dropped): those steps stay told. */
  private toldBefore: StoryStep[] = [];
  /** One per outcome: which records each step wrote and the names it gave (src/server/player-marks.ts). */
  private marks: StepMark[] = [];
  /** The player's names after the last outcome, to find what the next step changes. */
  private names = new Map<string, string | string[]>();
  /** The journal's seq when the step that runs (or is held) began. */
  private stepFrom: number | null = null;
  /** Resumed from the middle of a step: Step is refused until Back or a load. */
  private offScript: OffScriptMark | null = null;
  /** The first console action that changed the world under the script (since the last load or Back). */
  private diverged: DivergedMark | null = null;
  private readonly listeners = new Set<Listener>();
  private batch: JournalRecord[] = [];
  private flushing = false;
  private checkpoints: Checkpoint[] = [];
  private checkpointBytes = 0;
  private checkpointAfter = 0;
  /** Names the world a page mirrors: a new one on every load and fork, and in every process. */
  private worldId = '';
  private readonly process = randomUUID().slice(0, 8);
  private worlds = 0;
  private running: Running | null = null;
  /** The advance running now, a slice at a time (checkpoints taken meanwhile name it). */
  private advancing: AdvanceRun | null = null;
  /** A scenario step held by `pause()`, continued by the next `stepScenario`. */
  private heldStep: Generator<void, StepOutcome | null> | null = null;
  /** The play running now (`play`). */
  private playing: Playing | null = null;
  /** A play a command or a step ended, to go on after it at its speed (`pause()` cancels that). */
  private playAfter: Playing | null = null;
  /** The longest a play runs, in wall time (`PLAY_WALL_LIMIT_MS`; tests make it shorter). */
  playWallLimitMs = PLAY_WALL_LIMIT_MS;
  private readonly slicer = new TimeSlicer();
  private travels: Promise<unknown> = Promise.resolve();
  private travelsWaiting = 0;
  private readonly travelled = new Map<string, Promise<Travelled>>();
  private stateCache: { key: string; text: string; body: Buffer; etag: string } | null = null;
  /** Each resource's JSON text, by the snapshot (or tombstone record) it was made from. */
  private readonly recordTexts = new WeakMap<object, string>();
  /** Told after every change of the world (the `--data` file's writer listens). */
  onChange: () => void = () => {};
  /** Told before a scenario step begins (the `--data` file's writer writes what is pending: see `midStep`). */
  beforeStep: () => void = () => {};

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

  /**
   * A scenario step runs, or was paused halfway: the player has begun it and the world is partly
   * through it, which `persisted` cannot write down (`resume` could not go on with it).
   */
  get midStep(): boolean {
    return this.running?.operation === 'step' || this.heldStep !== null;
  }

  /** What runs now ('advance' or 'step'), or null. */
  get busy(): string | null {
    return this.running?.operation ?? (this.heldStep ? 'step' : null);
  }

  private newWorld(): void {
    this.worldId = `${this.process}-${++this.worlds}`;
    this.batch = [];
    this.travelled.clear();
  }

  private refuseWhileBusy(what: string): void {
    const r = this.running;
    if (r) {
      const done = Math.round(100 * Math.min(1, (this.simulation.now() - r.from) / Math.max(1, r.to() - r.from)));
      throw new SimulationError('Sim.Busy', `${what} must wait: ${r.describe} is running (${done} % done, the clock at ${isoTime(this.simulation.now())}); wait until it ends, or pause it (POST /api/pause).`, { running: r.operation });
    }
    if (this.heldStep) {
      throw new SimulationError('Sim.Busy', `${what} must wait: scenario step ${this.outcomes.length} was paused halfway; press Step to finish it (POST /api/scenario/step), or load the scenario again.`, { running: 'step', paused: true });
    }
  }

  /** Replaces the world for every tab with `scenario`, set up and ready to play. */
  load(scenario: Scenario, reason = `scenario ${scenario.id} loaded`): void {
    if (this.running) this.refuseWhileBusy('Loading a scenario');
    // Built and set up aside first: a scenario that fails validation or its setup leaves the
    // world as it was. The tabs read the setup's records from the journal after the reset.
    const run: ScenarioRun = new ScenarioRun(scenario, {
      journal: { limit: JOURNAL_LIMIT, sink: (r) => { if (this.run === run) this.queue(r); } },
    });
    const recorder = new DocRecorder(run);
    recorder.before(null);
    const setup = run.step()!;
    recorder.after(null, setup);
    this.replaceWorld(() => {
      this.run = run;
      this.recorder = recorder;
      this.toldBefore = [];
      this.outcomes = [setup];
      this.marks = [{ before: 0, after: run.simulation.world.journal.seq, names: namesChanged(new Map(), run.names) }];
      this.names = new Map(run.names);
      this.stepFrom = null;
      this.offScript = null;
      this.diverged = null;
      this.heldStep = null;
    }, reason);
  }

  /**
   * What `serve --data` writes down: the world (its journal's newest records, up to
   * `journalBytes`) and the player (the scenario, where it stands, what its steps did).
   */
  persisted(journalBytes: number): SessionData {
    if (this.midStep) throw new SimulationError('Sim.Busy', 'The world cannot be written down in the middle of a scenario step.');
    // The world without its journal (a save copies what it holds), then the newest records that fit.
    const world = this.simulation.save({ journal: false });
    const records = this.simulation.journal();
    let bytes = 0;
    let keep = records.length;
    for (; keep > 0; keep--) {
      const n = JSON.stringify(records[keep - 1]).length;
      if (bytes + n > journalBytes) break;
      bytes += n;
    }
    world.journal.records = records.slice(keep);
    return {
      scenario: this.scenario, position: this.run.position, outcomes: this.outcomes.map(({ records: _r, ...o }) => ({ ...o, records: [] })), world,
      marks: this.marks, offScript: this.offScript, diverged: this.diverged,
    };
  }

  /** Goes on from what `persisted` wrote (after a restart); throws when it does not fit. */
  resume(data: SessionData): void {
    const run: ScenarioRun = ScenarioRun.resume(data.scenario, data.world, data.position, {
      journal: { sink: (r) => { if (this.run === run) this.queue(r); } },
    });
    if (!Array.isArray(data.outcomes) || data.outcomes.length !== data.position.next) {
      throw new SimulationError('Sim.InvalidSave', `outcomes: the saved player has ${Array.isArray(data.outcomes) ? data.outcomes.length : 'no'} step outcomes for position ${data.position.next}.`);
    }
    const seq = run.simulation.world.journal.seq;
    const marks = marksOf(data, seq);
    const offScript = offScriptOf(data.offScript, data.outcomes.length, seq);
    const diverged = divergedOf(data.diverged, seq);
    closeDanglingPlay(run.simulation);
    // Time travel reaches back to the restart: no checkpoint is older than it.
    this.replaceWorld(() => {
      this.run = run;
      // The steps before the restart are told by their outcomes' descriptions only (see story()).
      this.recorder = null;
      this.toldBefore = [];
      this.outcomes = [...data.outcomes];
      this.marks = marks;
      this.names = new Map(run.names);
      this.stepFrom = null;
      this.offScript = offScript;
      this.diverged = diverged;
      this.heldStep = null;
    }, 'resumed from the data file', false);
  }

  /** Puts a new world in place for every tab: a new world id, a first checkpoint, a reset. */
  private replaceWorld(install: () => void, reason: string, origin = true): void {
    // A play belongs to the world it plays: it stops with it, unjournaled (that world is gone).
    this.playing = null;
    this.playAfter = null;
    this.newWorld();
    install();
    this.checkpoints = [];
    this.checkpointBytes = 0;
    this.checkpoint(true, origin);
    this.broadcast({ type: 'reset', world: this.worldId, reason });
    this.onChange();
  }

  /**
   * The player's step back: the scenario is loaded again and replayed to the step before this one
   * (the simulation is deterministic, so this is the world as it was then). A detached player
   * (resumed in the middle of step k, its position k - 1) goes back to the end of step k - 1.
   */
  stepBack(): void {
    const position = this.outcomes.length - 1;
    const target = this.offScript ? position : position - 1;
    if (target < 0) throw new SimulationError('Sim.InvalidState', 'The scenario is at its start; there is no step to go back to.', { position });
    this.load(this.scenario, `stepped back to step ${target}`);
    for (let i = 1; i <= target; i++) this.stepScenario();
  }

  /**
   * Saves the world as it is now, for time travel (without the journal, which the session holds),
   * every `CHECKPOINT_EVERY` records (or when `force`d: a new world), within `CHECKPOINT_SHARE`
   * of the time and `CHECKPOINT_BYTES` of memory.
   */
  private checkpoint(force = false, origin = force): void {
    const sim = this.simulation;
    const seq = this.seq;
    const last = this.checkpoints.at(-1);
    const replayable = sim.world.journal.replayable;
    // Spaced by the records a replay writes again: API reads only journal `request` records,
    // which a replay puts back for nothing, so a class polling all day makes no checkpoints.
    if (!force && last && (replayable - last.replayable < CHECKPOINT_EVERY || performance.now() < this.checkpointAfter)) return;
    const started = performance.now();
    const text = JSON.stringify(sim.save({ journal: false }));
    const a = this.advancing;
    const p = this.playing;
    this.checkpoints.push({ seq, replayable, text, origin, ...(a && !a.done ? { inside: { seq: a.seq, from: a.from, to: a.to } } : {}), ...(p ? { playing: p.run.seq } : {}) });
    this.checkpointBytes += text.length;
    this.checkpointAfter = performance.now() + (performance.now() - started) * (CHECKPOINT_SHARE - 1);
    // Only records the journal still holds can be travelled to: of the checkpoints older than the
    // oldest of them, the newest is all time travel needs; and the bytes stay within the budget.
    const oldest = sim.world.journal.oldestSeq ?? seq;
    let drop = 0;
    while (drop + 1 < this.checkpoints.length && this.checkpoints[drop + 1]!.seq <= oldest) drop++;
    while (drop + 1 < this.checkpoints.length && this.checkpointBytes - this.bytesOf(0, drop) > CHECKPOINT_BYTES) drop++;
    if (drop > 0) {
      this.checkpointBytes -= this.bytesOf(0, drop);
      this.checkpoints.splice(0, drop);
    }
  }

  private bytesOf(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) n += this.checkpoints[i]!.text.length;
    return n;
  }

  /**
   * The world as it was at journal record `seq`, as work in slices. The newest checkpoint at or
   * before it is restored and the commands journaled since are run again, as they were: the
   * simulation is deterministic, so they write the same records under the same numbers. A command
   * is atomic, so a record it wrote is seen with the whole command done; an `advance` is replayed
   * up to the timer that wrote the record, so a record written while the clock ran is seen exactly
   * when it was written (later timers of the same instant not yet fired); at an advance's own
   * record, the advance is seen done when no timer fell due in it, else up to its first timer.
   * A paused advance is replayed up to where it was paused. A play is replayed like an advance
   * to where its `played` note says it ended (a play still running, to the record); at its own
   * record it is seen as it began. The setup's records are seen after the setup. When `whole`
   * holds for the record the replay reached (the last a scenario step wrote), the advance it fell
   * in goes on to its end, as long as no timer falls due: the world as the step left it (the clock
   * at the end of an `advance: 1d`, not at its last timer).
   */
  private *worldAtWork(seq: number, slicer: Slicer, whole?: (reached: number) => boolean): Generator<void, Simulation> {
    const journal = this.simulation.journal();
    const at = journal.findIndex((r) => r.seq === seq);
    if (at < 0) throw new SimulationError('Sim.NotFound', `Journal record #${seq} is not retained; time travel reaches the records the journal still holds (from #${journal[0]?.seq ?? 1}).`, { seq });
    const first = this.checkpoints[0];
    const start = [...this.checkpoints].reverse().find((c) => c.seq <= seq) ?? (first?.origin ? first : undefined);
    if (!start) throw new SimulationError('Sim.NotFound', `No checkpoint is as old as record #${seq}; the oldest kept is #${first?.seq}.`, { seq });
    const past = restoreSimulation(JSON.parse(start.text) as SavedSimulation);
    const since = journal.findIndex((r) => r.seq > start.seq);
    if (since < 0 || since > at) return past;
    if (journal[since]!.seq !== start.seq + 1) {
      // The journal no longer holds every command since the checkpoint: the clock is replayed
      // to the record's instant instead, which is as close as the records left allow.
      if (journal[at]!.at > past.now()) past.advance(journal[at]!.at - past.now());
      return past;
    }
    // The API's requests are no commands: put back at their seqs, so every other record keeps its own.
    past.world.journal.putBack(journal.slice(since, at + 1).filter((r) => r.type === 'request'));
    const paused = new Map<number, number>();
    const played = new Map<number, { message: string; details: PlayedDetails }>();
    for (let i = since; i < journal.length; i++) {
      const r = journal[i]!;
      if (r.type === 'note' && r.note === 'advance-paused') paused.set(r.details!.advance as number, r.details!.after as number);
      if (r.type === 'note' && r.note === 'played') played.set(r.details!.advance as number, { message: r.message, details: r.details as PlayedDetails });
    }
    const pastSeq = () => past.world.journal.seq;
    let open: AdvanceRun | null = null;
    // Replays one advance (or the rest of one) up to record `seq`, or to where it was paused.
    const replay = function* (run: AdvanceRun): Generator<void, void> {
      open = run;
      const pausedAfter = paused.get(run.seq);
      const limit = pausedAfter === undefined ? seq : Math.min(seq, pausedAfter);
      const own = run.seq >= seq;
      while (!run.run((due) => (pastSeq() >= limit && (due || !own)) || (due && slicer.over()))) {
        if (pastSeq() >= limit) break;
        yield;
      }
      if (pausedAfter !== undefined && pastSeq() >= pausedAfter && pausedAfter < seq) run.pause();
    };
    // Replays a play (or the rest of one) up to record `seq`, or to where it ended, its note again.
    const target = journal[at]!.at;
    const replayPlay = function* (playSeq: number): Generator<void, void> {
      const end = played.get(playSeq);
      const again = end !== undefined && end.details.after < seq;
      // To its note: every record up to `after`, and the clock on to where the play stood (it may
      // have stopped between two timers). Inside it: up to the record, the clock at its instant.
      const limit = again ? end.details.after : seq;
      const to = end ? Date.parse(end.details.to) : target;
      const clock = past.world.clock;
      while (!clock.advanceTo(Math.max(to, past.now()), undefined, (due) => (pastSeq() >= limit && (due || !again)) || (due && slicer.over()))) {
        if (pastSeq() >= limit) break;
        yield;
      }
      if (again) past.world.note({ resourceId: null, note: 'played', message: end.message, details: end.details });
    };
    if (start.inside) yield* replay(new AdvanceRun(past.world, start.inside.from, start.inside.to, start.inside.seq));
    if (start.playing !== undefined) yield* replayPlay(start.playing);
    for (let i = since; i <= at && pastSeq() < seq; i++) {
      const r = journal[i]!;
      if (r.type !== 'command' && r.type !== 'refusal') continue;
      const { verb, args } = r;
      if (verb === 'advance' && r.type === 'command') {
        yield* replay(past.startAdvance(args[0] as Duration));
        continue;
      }
      if (verb === 'play') {
        // Not a method of the library: begun (or refused) again as the server began it.
        try {
          past.startPlay(args[0] as number);
        } catch (error) {
          if (!(error instanceof SimulationError)) throw error;
        }
        if (r.type === 'command' && pastSeq() < seq) yield* replayPlay(r.seq);
        continue;
      }
      try {
        (past as unknown as Record<string, (...a: unknown[]) => unknown>)[verb]!(...args);
      } catch (error) {
        if (!(error instanceof SimulationError)) throw error;
      }
      if (slicer.over()) yield;
    }
    const replayed = past.journal().find((r) => r.seq === seq);
    if (!replayed || replayed.type !== journal[at]!.type || replayed.resourceId !== journal[at]!.resourceId) {
      throw new Error(`time travel: replaying the journal from checkpoint #${start.seq} did not write record #${seq} again`);
    }
    const last = open as AdvanceRun | null;
    if (last && !last.done && whole?.(pastSeq())) last.run((due) => due);
    return past;
  }

  /** The world as it was at journal record `seq` (read only), at once; `whole`: see `worldAtWork`. */
  worldAt(seq: number, whole?: (reached: number) => boolean): Simulation {
    return driveNow(this.worldAtWork(seq, UNSLICED, whole));
  }

  /** A replay that reached a step's last record is the world that step left (`worldAtWork`). */
  private readonly stepEnds = (reached: number): boolean => this.placeOf(reached).stepRecord === 'last';

  /**
   * Where record `seq` stands among the player's steps (see `placeOf`): the step it belongs to,
   * and what resuming from it does to the player.
   */
  placeOf(seq: number): RecordPlace {
    const running = this.stepFrom === null ? null : { step: this.outcomes.length, before: this.stepFrom };
    return placeOf(seq, this.marks, this.offScript, running);
  }

  /**
   * `GET /api/travel`: the state of the world at record `seq`, replayed a slice at a time. One
   * travel runs at once (the others wait their turn, at most `TRAVEL_QUEUE`); the same record
   * asked again is answered from the last `TRAVEL_CACHE` travels.
   */
  private travelTo(seq: number): Promise<Travelled> {
    const key = `${this.worldId}:${seq}`;
    const known = this.travelled.get(key);
    if (known) {
      this.travelled.delete(key);
      this.travelled.set(key, known);
      return known;
    }
    if (this.travelsWaiting >= TRAVEL_QUEUE) {
      return Promise.reject(new SimulationError('Sim.Busy', `${TRAVEL_QUEUE} time travels are already waiting; ask again when they are answered.`, { waiting: this.travelsWaiting }));
    }
    this.travelsWaiting++;
    const world = this.worldId;
    const answer = this.travels.then(async () => {
      this.travelsWaiting--;
      if (world !== this.worldId) throw new SimulationError('Sim.NotFound', `The world changed (loaded or resumed) before record #${seq} could be shown; ask again.`, { seq });
      const result = await driveSliced(this.worldAtWork(seq, this.slicer), this.slicer);
      return { past: (result as { value: Simulation }).value };
    });
    this.travels = answer.catch(() => undefined);
    this.travelled.set(key, answer);
    answer.catch(() => this.travelled.delete(key));
    while (this.travelled.size > TRAVEL_CACHE) this.travelled.delete(this.travelled.keys().next().value!);
    return answer;
  }

  /**
   * `GET /api/travel`: the state of the world at record `seq` (with each resource's state value,
   * null for a tombstone, which keeps no chart), and the record's place among the player's steps.
   */
  async travel(seq: number) {
    const world = this.worldId;
    const travelled = await this.travelTo(seq);
    if (!travelled.state) {
      const past = travelled.past;
      const { scenario: _scenario, ...state } = this.state(past);
      const values: Record<string, unknown> = {};
      for (const r of state.resources) values[r.id] = past.world.entries.get(r.id)?.actor.getSnapshot().value ?? null;
      travelled.state = { ...state, values };
    }
    // The place is asked of the player now (a step that was running then may have ended since);
    // what resuming does follows from where the replay reached (see `forkTo`).
    if (world !== this.worldId) throw new SimulationError('Sim.NotFound', `The world changed (loaded or resumed) before record #${seq} could be shown; ask again.`, { seq });
    const { step, stepRecord } = this.placeOf(seq);
    const { resume } = this.placeOf(travelled.past.world.journal.seq);
    return { travelledTo: seq, readOnly: true as const, ...travelled.state, step, stepRecord, resume };
  }

  /**
   * `GET /api/travel/resources/:id`: what `GET /api/resources/:id` answers, from the world at
   * record `seq`; read only (its actions are listed as the world then would have judged them).
   */
  async travelResource(seq: number, id: string) {
    const { past } = await this.travelTo(seq);
    let record;
    try {
      record = past.get(id);
    } catch (error) {
      if (error instanceof SimulationError && error.code === 'Sim.NotFound') {
        throw new SimulationError('Sim.NotFound', `Nothing had id ${JSON.stringify(id)} at record #${seq}; GET /api/travel?seq=${seq} lists what there was.`, { id, seq });
      }
      throw error;
    }
    return { travelledTo: seq, readOnly: true as const, ...resourceDetail(past, record) };
  }

  /**
   * "Resume from here": the world at record `seq` replaces the world, for every tab, and the
   * player goes where the world is. At a step's last record, or one written by no step after it,
   * the player is rewound to that step (the next Step is the step after it, on this world); in the
   * middle of a step, it is detached (`offScript`: Step is refused until Back or a load).
   */
  fork(seq: number): void {
    this.refuseWhileBusy('Resuming from a record');
    this.forkTo(seq, this.worldAt(seq, this.stepEnds));
  }

  /** `POST /api/fork`: the same, with the replay run a slice at a time. */
  async forkSliced(seq: number): Promise<void> {
    this.refuseWhileBusy('Resuming from a record');
    const world = this.worldId;
    const result = await driveSliced(this.worldAtWork(seq, this.slicer, this.stepEnds), this.slicer);
    if (world !== this.worldId) throw new SimulationError('Sim.InvalidState', `The world changed while record #${seq} was being replayed; resume again from the new world's journal.`, { seq });
    this.refuseWhileBusy('Resuming from a record');
    this.forkTo(seq, (result as { value: Simulation }).value);
  }

  private forkTo(seq: number, past: Simulation): void {
    // The world at a record is the replay up to the end of what wrote it (a whole command, or
    // one timer), which may be further: the place of where it reached says where the player is.
    // (Only later records are written while a sliced replay runs: that place cannot change.)
    const reached = past.world.journal.seq;
    const place = this.placeOf(reached);
    // The fork keeps the journal up to its point: the records before the checkpoint, as they were,
    // then the ones replaying the clock wrote again (the same, by determinism).
    const saved = past.save();
    const replayed = saved.journal.records;
    const first = replayed[0]?.seq ?? saved.journal.seq + 1;
    saved.journal.records = [...this.simulation.journal().filter((r) => r.seq < first && r.seq <= seq), ...replayed];
    // On script the player keeps the steps up to `place.step`; detached, those before it.
    const rewind = place.resume === 'rewind';
    const kept = rewind ? place.step + 1 : place.step;
    const offScript = rewind ? null : this.detached(seq, reached, place.step);
    const run: ScenarioRun = ScenarioRun.resume(this.scenario, saved, positionAfter(this.marks, this.outcomes, kept - 1), {
      journal: { sink: (r) => { if (this.run === run) this.queue(r); } },
    });
    run.simulation.world.note({ resourceId: null, note: 'forked', message: `The world was resumed from journal record #${seq}.`, details: { seq, step: place.step, offScript: !rewind } });
    const checkpoints = this.checkpoints.filter((c) => c.seq <= seq);
    // A console action after the point is undone with the rest; one before it still holds.
    const diverged = this.diverged && this.diverged.seq <= seq ? this.diverged : null;
    this.replaceWorld(() => {
      this.run = run;
      // The story keeps the steps the player keeps, and goes on from the forked world.
      this.recorder?.rebind(run, kept);
      this.outcomes = this.outcomes.slice(0, kept);
      this.marks = this.marks.slice(0, kept);
      this.names = namesAfter(this.marks, kept - 1);
      this.stepFrom = null;
      this.offScript = offScript;
      this.diverged = diverged;
      this.heldStep = null;
    }, `resumed from record #${seq}`);
    this.checkpoints = [...checkpoints, ...this.checkpoints];
    this.checkpointBytes = this.bytesOf(0, this.checkpoints.length);
  }

  /**
   * The detached player of a world resumed from record `seq` (replayed up to `reached`), in the
   * middle of step `step`.
   */
  private detached(seq: number, reached: number, step: number): OffScriptMark {
    // Already detached in this step: the records it wrote end where the world left the script.
    const again = this.offScript?.step === step ? this.offScript : null;
    const description = again ? again.description : this.outcomes[step]?.description ?? `step ${step}`;
    const from = again ? again.from : this.marks[step]!.before;
    const upTo = again ? Math.min(again.upTo, reached) : reached;
    const mark = { seq, step, description, from, upTo };
    return { ...mark, reason: `${offScriptWhere(mark)}; Step is off until you go Back or load the scenario again.` };
  }

  /**
   * Runs one command of the API at once (an advance too); throws its SimulationError when refused.
   * A play that runs ends before it and goes on after it (see `interruptPlay`).
   */
  command(verb: string, args: unknown[]): unknown {
    const fn = this.commandFn(verb);
    const world = this.worldId;
    this.interruptPlay({ why: 'command', verb });
    const seq = this.seq;
    const now = this.simulation.now();
    try {
      const result = fn.apply(this.simulation, args);
      this.byHand(verb, seq, now);
      return result;
    } finally {
      this.changed();
      this.resumePlay(world);
    }
  }

  /**
   * A console command done (not refused) while the scenario plays: the world now differs from
   * what its next steps expect. An advance counts when it moved the clock: the script's steps
   * wait for what they need themselves, and an hour more can end what a step expects to be
   * running. Once detached (`offScript`) or at the scenario's end there is no script to differ from.
   */
  private byHand(verb: string, seq: number, now: number): void {
    if (this.diverged || this.offScript || this.run.done) return;
    if ((verb === 'advance' || verb === 'play') && this.simulation.now() === now) return;
    const at = this.simulation.world.journal.after(seq, 1)[0]?.seq ?? this.seq;
    const what = verb === 'play' ? 'the clock was played by hand' : `${verb} was run by hand`;
    this.diverged = { seq: at, verb, message: `The world now differs from the script: ${what} at record #${at}; the next steps may fail.` };
  }

  /**
   * `POST /api/commands`: a command, with an `advance` run a slice at a time (reads are answered
   * between slices, other commands refused with `Sim.Busy`). A paused advance answers what it did.
   */
  async perform(verb: string, args: unknown[]): Promise<unknown> {
    if (verb !== 'advance') return this.command(verb, args);
    this.refuseWhileBusy('The command advance');
    const world = this.worldId;
    this.interruptPlay({ why: 'command', verb });
    try {
      return await this.advanceSliced(args);
    } finally {
      this.resumePlay(world);
    }
  }

  private async advanceSliced(args: unknown[]): Promise<unknown> {
    const sim = this.simulation;
    const seq = this.seq;
    const run = sim.startAdvance(args[0] as Duration); // a bad duration is refused here, journaled
    // Most advances end within one slice, answered at once like any command.
    this.slicer.begin();
    if (!run.run((due) => due && this.slicer.over())) {
      const running: Running = { operation: 'advance', describe: `an advance to ${isoTime(run.to)}`, from: run.from, to: () => run.to, paused: false };
      this.running = running;
      this.advancing = run;
      try {
        await this.slices(running, (slicer) => (function* () {
          while (!run.run((due) => due && slicer.over())) yield;
        })());
      } finally {
        this.running = null;
        this.advancing = null;
      }
      if (!run.done && sim === this.simulation) run.pause();
      this.progress(running, running.paused ? 'paused' : 'done');
    }
    if (sim === this.simulation) this.byHand('advance', seq, run.from);
    this.changed();
    return { from: isoTime(run.from), to: isoTime(run.to), at: isoTime(sim.now()), paused: sim.now() < run.to };
  }

  private commandFn(verb: string): (...a: unknown[]) => unknown {
    if (!(COMMAND_VERBS as readonly string[]).includes(verb)) {
      throw new SimulationError('Sim.InvalidArgument', `Unknown verb ${JSON.stringify(verb)}; the verbs are ${COMMAND_VERBS.join(', ')}.`, { verb });
    }
    this.refuseWhileBusy(`The command ${verb}`);
    return (this.simulation as unknown as Record<string, (...a: unknown[]) => unknown>)[verb]!;
  }

  /**
   * Drives `work` a slice at a time, with progress on `/live`, until it ends or `pause()` holds
   * it; then the generator is left as it stands (the caller decides what a pause means).
   */
  private async slices<T>(running: Running, work: (slicer: Slicer) => Generator<void, T>): Promise<{ done: true; value: T } | { done: false }> {
    let shown = performance.now();
    const world = this.worldId;
    return driveSliced(work(this.slicer), this.slicer, {
      between: () => {
        if (world === this.worldId) {
          this.checkpoint();
          this.onChange();
        }
        if (performance.now() - shown >= PROGRESS_EVERY_MS) {
          shown = performance.now();
          this.progress(running, 'running');
        }
      },
      paused: () => running.paused || world !== this.worldId,
    });
  }

  private progress(running: Running, state: Progress['state']): void {
    const now = this.simulation.now();
    const to = running.to();
    this.broadcast({
      type: 'progress', world: this.worldId,
      progress: { operation: running.operation, from: isoTime(running.from), to: isoTime(to), at: isoTime(now), fraction: to === running.from ? 1 : Math.min(1, (now - running.from) / (to - running.from)), state },
      tasks: runningTasks(this.simulation),
    });
  }

  /**
   * Pauses what runs: a play ends where it stands (journaled), and so does an advance; a scenario
   * step is held until the next Step. A play a command ended meanwhile does not go on after it.
   * True when something was running.
   */
  pause(): boolean {
    let paused = this.stopPlay();
    if (this.running) {
      this.running.paused = true;
      paused = true;
    }
    return paused;
  }

  /**
   * Ends the play alone (journaled, as a pause does) and leaves an advance or a held step as it
   * is: a project's clock leaving the `wall` mode (src/api/clock.ts). True when a play ran or was
   * to go on after a command.
   */
  stopPlay(): boolean {
    let stopped = false;
    const after = this.playAfter;
    if (after) {
      this.playAfter = null;
      this.playProgress(after, 'paused');
      stopped = true;
    }
    if (this.playing) {
      this.endPlay({ why: 'paused' });
      stopped = true;
    }
    return stopped;
  }

  /** The play that runs (or goes on after the command that ended it): its speed and start. */
  get playingNow(): PlayState | null {
    return this.playState();
  }

  /**
   * `POST /api/play`: plays the clock at `speed` simulated seconds per real second, from now until
   * `pause()`, the world is replaced, the end of time or `playWallLimitMs`. While it runs, a new
   * speed ends it and plays on at that speed (a new play); the same speed leaves it as it is.
   * Refused with `Sim.Busy` while an advance or a scenario step runs (or is held).
   */
  play(speed: number): PlayState {
    this.refuseWhileBusy('Playing the clock');
    const p = this.playing;
    if (p && p.run.speed === speed) return this.playState()!;
    if (p) {
      // Checked first: a refusal journaled in the middle of the play would not replay as one.
      if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
        throw new SimulationError('Sim.InvalidArgument', `play: the speed must be a number from ${MIN_SPEED} to ${MAX_SPEED.toLocaleString('en')} (simulated seconds per real second); the play at ×${p.run.speed} goes on.`, { speed: null });
      }
      this.endPlay({ why: 'speed', speed }, false);
    }
    this.beginPlay(speed);
    return this.playState()!;
  }

  /** The play that runs (or goes on after the command that ended it), for the state. */
  private playState(): PlayState | null {
    const p = this.playing ?? this.playAfter;
    return p ? { speed: p.run.speed, from: isoTime(p.run.from) } : null;
  }

  /** A new play from now, journaled, driven by the wall clock until it ends. */
  private beginPlay(speed: number): void {
    const run = this.simulation.startPlay(speed); // a bad speed, or the end of time, is refused here, journaled
    const p: Playing = { run, wallFrom: performance.now(), target: run.from };
    this.playing = p;
    this.changed();
    this.playProgress(p, 'running');
    void this.drivePlay(p);
  }

  /**
   * Drives a play a slice at a time: the clock heads for from + speed × the wall time since it
   * began, firing the timers due on the way (`SLICE_MS` at most at once, other requests answered
   * between); once there, it waits `PLAY_TICK_MS` before it moves on.
   */
  private async drivePlay(p: Playing): Promise<void> {
    let shown = performance.now();
    let reached = false;
    try {
      for (;;) {
        // A turn of the event loop first (the request that began the play is answered with the
        // clock where it began), and a tick once the clock has kept pace.
        await new Promise((resolve) => (reached ? setTimeout(resolve, PLAY_TICK_MS) : setImmediate(resolve)));
        if (this.playing !== p) return;
        this.slicer.begin();
        const wall = performance.now() - p.wallFrom;
        p.target = Math.min(p.run.limit, p.run.from + Math.floor(p.run.speed * wall));
        reached = p.run.runTo(p.target, (due) => due && this.slicer.over());
        if (reached && this.simulation.now() >= p.run.limit) this.endPlay({ why: 'end-of-time' });
        else if (wall >= this.playWallLimitMs) this.endPlay({ why: 'limit', wallMs: this.playWallLimitMs });
        else {
          this.checkpoint();
          this.onChange();
          if (performance.now() - shown >= PROGRESS_EVERY_MS) {
            shown = performance.now();
            this.playProgress(p, 'running');
          }
        }
      }
    } catch (error) {
      // No request waits for a play to answer it an error: the play stops, and the server says why.
      if (this.playing === p) this.playing = null;
      this.playProgress(p, 'done');
      console.error('cbr-sim: the play stopped:', error);
    }
  }

  /** Ends the play that runs where it stands, journaled; `announce` tells the tabs (not when another play follows). */
  private endPlay(end: PlayEnd, announce = true): void {
    const p = this.playing;
    if (!p) return;
    this.playing = null;
    p.run.end(end);
    // Playing the clock by hand during a scenario moves it under the script, as an advance does.
    this.byHand('play', p.run.seq - 1, p.run.from);
    if (announce) this.playProgress(p, end.why === 'paused' ? 'paused' : 'done');
    this.changed();
  }

  /**
   * Before a command or a scenario step: a play that runs ends (its timers and the command's
   * records must not interleave), to go on after it at the same speed (`resumePlay`).
   */
  private interruptPlay(end: PlayEnd): void {
    const p = this.playing;
    if (!p) return;
    this.endPlay(end, false);
    this.playAfter = p;
  }

  /** After it: the play goes on as a new one, unless it was paused meanwhile or the world replaced. */
  private resumePlay(world: string): void {
    const p = this.playAfter;
    if (!p) return;
    this.playAfter = null;
    if (world === this.worldId && !this.running && !this.heldStep && !this.playing) {
      try {
        return this.beginPlay(p.run.speed);
      } catch (error) {
        if (!(error instanceof SimulationError)) throw error; // the end of time: the play ends there
      }
    }
    if (world === this.worldId) this.playProgress(p, 'done');
  }

  private playProgress(p: Playing, state: Progress['state']): void {
    const now = this.simulation.now();
    const { from, speed } = p.run;
    const to = Math.max(p.target, now);
    this.broadcast({
      type: 'progress', world: this.worldId,
      progress: { operation: 'play', from: isoTime(from), to: isoTime(to), at: isoTime(now), fraction: to === from ? 1 : (now - from) / (to - from), state, speed },
      tasks: runningTasks(this.simulation),
    });
  }

  /** The player's next step of the loaded scenario (or the rest of a held one), at once; null at its end. */
  stepScenario(): StepOutcome | null {
    if (this.running) this.refuseWhileBusy('A scenario step');
    this.refuseOffScript();
    const world = this.worldId;
    if (!this.run.done) this.interruptPlay({ why: 'step', step: this.outcomes.length });
    try {
      if (!this.heldStep) {
        this.stepFrom = this.seq;
        this.recorder?.before(this.nextStep());
      }
      const work = this.heldStep ?? this.run.stepWork(UNSLICED);
      this.heldStep = null;
      return this.stepped(driveNow(work));
    } finally {
      this.resumePlay(world);
    }
  }

  private refuseOffScript(): void {
    const o = this.offScript;
    if (!o) return;
    throw new SimulationError('Sim.OffScript', `${offScriptWhere(o)}, so the scenario's next step no longer fits it: load the scenario again (POST /api/scenario/load) or step Back (POST /api/scenario/back) to the end of step ${o.step - 1}.`, { seq: o.seq, step: o.step });
  }

  /**
   * `POST /api/scenario/step`: the next step a slice at a time. Paused halfway (`pause()`), it is
   * held, and the next call goes on with it: `{ paused: true }` is answered meanwhile.
   */
  async stepScenarioSliced(): Promise<StepOutcome | { paused: true } | null> {
    if (this.running) this.refuseWhileBusy('A scenario step');
    this.refuseOffScript();
    const world = this.worldId;
    if (!this.run.done) this.interruptPlay({ why: 'step', step: this.outcomes.length });
    try {
      return await this.stepSliced();
    } finally {
      this.resumePlay(world);
    }
  }

  private async stepSliced(): Promise<StepOutcome | { paused: true } | null> {
    const sim = this.simulation;
    if (!this.heldStep) {
      this.beforeStep();
      this.stepFrom = this.seq;
      this.recorder?.before(this.nextStep());
    }
    const work = this.heldStep ?? this.run.stepWork(this.slicer);
    this.heldStep = null;
    const running: Running = { operation: 'step', describe: `scenario step ${this.outcomes.length}`, from: sim.now(), to: () => sim.now(), paused: false };
    this.running = running;
    let result;
    try {
      result = await this.slices(running, () => work);
    } finally {
      this.running = null;
    }
    if (!result.done) {
      if (sim === this.simulation) this.heldStep = work;
      this.progress(running, 'paused');
      return { paused: true };
    }
    return this.stepped(result.value);
  }

  /** The scenario's step the player runs next (null past the end). */
  private nextStep() {
    return this.scenario.steps[this.outcomes.length - 1] ?? null;
  }

  private stepped(outcome: StepOutcome | null): StepOutcome | null {
    if (outcome) {
      this.recorder?.after(this.scenario.steps[outcome.index - 1] ?? null, outcome);
      if (this.recorder && this.recorder.copies > this.storyBudget) {
        this.toldBefore = storyOf(this.recorder.docRun());
        this.recorder = null;
      }
      this.outcomes.push(outcome);
      this.marks.push({ before: this.stepFrom ?? this.seq, after: this.seq, names: namesChanged(this.names, this.run.names) });
      this.names = new Map(this.run.names);
    }
    this.stepFrom = null;
    this.changed();
    return outcome;
  }

  /** After every change: a checkpoint when one is due, and the `--data` writer told. */
  private changed(): void {
    this.checkpoint();
    this.onChange();
  }

  /**
   * `GET /api/scenario/story`: every step the player has run, in console words (story.ts). Steps
   * the session has no record of (run before a restart from `--data`) are told by their description.
   */
  story(): StoryStep[] {
    const key = `${this.worldId}:${this.outcomes.length}`;
    if (this.storyCache?.key === key) return this.storyCache.steps;
    const told = this.recorder ? storyOf(this.recorder.docRun()) : this.toldBefore.filter((s) => s.index < this.outcomes.length);
    const byIndex = new Map(told.map((s) => [s.index, s]));
    const steps = this.outcomes.map((o): StoryStep => byIndex.get(o.index) ?? {
      index: o.index, kind: o.kind === 'say' ? 'note' : o.index === 0 ? 'setup' : 'action', number: null, at: o.at,
      action: o.kind === 'say' ? [] : [{ kind: 'text', text: o.description }], result: o.refusal ? [{ kind: 'code', text: o.refusal.code }, { kind: 'text', text: `: ${o.refusal.message}` }] : [],
      text: o.kind === 'say' ? [{ kind: 'text', text: o.description }] : [], subject: null, rules: [], ok: o.ok,
    });
    this.storyCache = { key, steps };
    return steps;
  }

  /**
   * `GET /api/state` as JSON text, made again only when the world changed since (every change
   * writes a journal record, so the last seq, the clock, the world, what runs and the player's
   * position name a state).
   */
  stateText(): string {
    return this.stateBody().text;
  }

  /**
   * The same, encoded once for every request while it holds, with an entity tag that names it
   * (a client that sends it back with `If-None-Match` gets a 304).
   */
  stateBody(): { text: string; body: Buffer; etag: string } {
    const sim = this.simulation;
    // A step that only says or expects writes no record: the player's position is in the key too.
    const playing = this.playState();
    const key = `${this.worldId}:${this.seq}:${sim.now()}:${this.busy}:${this.heldStep !== null}:${this.outcomes.length}:${this.offScript?.seq}:${this.diverged?.seq}:${playing ? `${playing.speed}@${playing.from}` : ''}`;
    if (this.stateCache?.key === key) return this.stateCache;
    // The same as JSON.stringify(this.state()), with each resource's text reused while its
    // snapshot (or tombstone) is the same object: a record is a function of its snapshot alone,
    // and XState makes a new snapshot for every change, so a big world costs little to send again.
    const { resources: _resources, ...rest } = this.state(sim, false);
    const texts: string[] = [];
    const textOf = (of: object, record: () => AnyRecord) => {
      let text = this.recordTexts.get(of);
      if (text === undefined) {
        text = JSON.stringify(record());
        this.recordTexts.set(of, text);
      }
      texts.push(text);
    };
    sim.world.pruneTombstones();
    for (const kind of RESOURCE_KINDS) {
      for (const entry of sim.world.entries.values()) if (entry.kind === kind) textOf(entry.actor.getSnapshot(), () => sim.world.record(entry));
      for (const tomb of sim.world.tombstones.values()) if (tomb.record.kind === kind) textOf(tomb.record, () => tomb.record);
    }
    const head = JSON.stringify(rest);
    const text = `${head.slice(0, -1)},"resources":[${texts.join(',')}]}`;
    this.stateCache = { key, text, body: Buffer.from(text), etag: `"${createHash('sha1').update(key).digest('base64url')}"` };
    return this.stateCache;
  }

  state(sim: Simulation = this.simulation, withResources = true) {
    const resources: AnyRecord[] = withResources ? RESOURCE_KINDS.flatMap((k) => sim.list(k, { includeDeleted: true })) : [];
    const next = sim.nextTimer();
    return {
      now: isoTime(sim.now()),
      nextTimer: next === null ? null : isoTime(next),
      seq: sim.world.journal.seq,
      world: this.worldId,
      busy: sim === this.simulation ? this.busy : null,
      playing: sim === this.simulation ? this.playState() : null,
      resources,
      // The task log and the restore points, newest first and bounded (src/server/task-view.ts).
      ...taskView(sim),
      scenario: {
        id: this.scenario.id, title: this.scenario.title, narrative: this.scenario.narrative, rules: this.scenario.rules,
        steps: this.scenario.steps.length, position: this.outcomes.length - 1, done: this.run.done, ok: this.run.ok,
        held: this.heldStep !== null,
        offScript: this.offScript && { reason: this.offScript.reason, seq: this.offScript.seq, step: this.offScript.step },
        diverged: this.diverged,
        outcomes: this.outcomes.map(({ records: _r, ...o }) => o),
      },
    };
  }

  /**
   * Retained records after `after` (a seq), at most `limit`, as JSON texts of at most `maxBytes`
   * in all (at least one record, whatever its size: a record is bounded where it is written).
   */
  journalTexts(after: number, limit: number, maxBytes: number): { texts: string[]; last: number; more: boolean } {
    const texts: string[] = [];
    let bytes = 0;
    let last = after;
    const journal = this.simulation.world.journal;
    for (const r of journal.after(after, limit)) {
      const text = JSON.stringify(r);
      if (texts.length > 0 && bytes + text.length > maxBytes) break;
      texts.push(text);
      bytes += text.length + 1;
      last = r.seq;
    }
    return { texts, last, more: journal.after(last, 1).length > 0 };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a message to every tab, serialised once however many there are. */
  broadcast(message: LiveMessage): void {
    if (this.listeners.size === 0) return;
    const text = JSON.stringify(message);
    for (const l of this.listeners) l(message, text);
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
      if (this.listeners.size > 0) this.broadcast({ type: 'records', world: this.worldId, records, state: this.delta(records) });
    });
  }

  /** The state a batch leaves: the clock and the records of the resources it names. */
  delta(records: JournalRecord[]): StateDelta {
    const sim = this.simulation;
    const ids = new Set<string>();
    for (const r of records) if (r.resourceId) ids.add(r.resourceId);
    const resources: AnyRecord[] = [];
    const tasks = new Map<string, TaskRecord>();
    const checkpoints: CheckpointRecord[] = [];
    const gone: string[] = [];
    for (const id of ids) {
      const record = sim.world.findAny(id);
      if (!record) gone.push(id);
      else if (isResourceRecord(record)) resources.push(record);
      else if (record.kind === 'task') tasks.set(id, record);
      else checkpoints.push(record);
    }
    for (const t of runningTasks(sim)) tasks.set(t.id, t);
    const next = sim.nextTimer();
    return {
      now: isoTime(sim.now()), nextTimer: next === null ? null : isoTime(next), seq: this.seq,
      resources, tasks: [...tasks.values()], taskCount: taskCount(sim), checkpoints,
      ...(checkpoints.length ? { checkpointCount: sim.list('checkpoint', { includeDeleted: true }).length } : {}), gone,
    };
  }
}

/**
 * A data file written in the middle of a play holds the play's record and no `played` note: on
 * resuming, the play is closed where the file left the clock (no play runs after a restart).
 */
function closeDanglingPlay(sim: Simulation): void {
  const records = sim.journal();
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (r.type === 'note' && r.note === 'played') return;
    if (r.type !== 'command' || r.verb !== 'play') continue;
    const from = Date.parse((r.result as { from?: string } | null)?.from ?? '');
    const speed = r.args[0];
    if (!Number.isFinite(from) || typeof speed !== 'number') return;
    sim.world.note({ resourceId: null, note: 'played', ...playedNote(r.seq, sim.world.journal.seq, from, sim.now(), speed, { why: 'restart' }) });
    return;
  }
}
