/**
 * The world: one actor per resource on one virtual clock, the registry that finds them, and the
 * routing that tells one resource what happened to another. The charts decide everything; the
 * world asks them first (`ask`, with XState's pure `transition`), then sends the events (`send`),
 * and forwards the consequences (`onPhaseChange`).
 */
import {
  createActor, setup, stopChild,
  type Actor, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine, type EventFromLogic, type InspectionEvent, type SnapshotFrom, type StateValue,
} from 'xstate';
import { backupMachine, backupStatus, type BackupSnapshot } from '../../machines/backup.machine.js';
import { imageMachine, imageStatus } from '../../machines/image.machine.js';
import { serverMachine, serverStatus } from '../../machines/server.machine.js';
import { diskMachine, diskStatus } from '../../machines/disk.machine.js';
import { vaultMachine, type VaultEmitted } from '../../machines/vault.machine.js';
import { siteMachine, siteStatus } from '../../machines/site.machine.js';
import { vmMachine, vmStatus } from '../../machines/vm.machine.js';
import { localCopyMachine, localCopyStatus } from '../../machines/local-copy.machine.js';
import { policyMachine, policyStatus, type PolicyEmitted } from '../../machines/policy.machine.js';
import { regionMachine } from '../../machines/region.machine.js';
import { jobMachine, jobStatus } from '../../machines/job.machine.js';
import type { RefuseParams } from '../../machines/refusal.js';
import type { StatusMeta } from '../../machines/status.js';
import { VirtualClock } from './clock.js';
import { newsForImage } from './routing.js';
import { IdGenerator, type IdPrefix } from './ids.js';
import { Journal, type JournalOptions, type NewRecord } from './journal.js';
import { SimulationError, refusalError, unhandledMessage, type RefusalFacts } from './errors.js';
import type { Timings } from './timings.js';
import { longestTimerMs } from './horizon.js';
import { namesFinalState } from './final-value.js';
import { isoTime } from './time.js';
import { clip, shown } from './bound.js';
import {
  RESOURCE_TYPES, backupRecord, childRecord, diskRecord, imageRecord, jobRecord, localCopyRecord, parentIdOf, policyRecord, serverRecord, siteRecord,
  tombstoneOf, vaultRecord, vmRecord,
  type AnyRecord, type RecordFacts, type ResourceKind, type SimRecord, type Stamps,
} from './records.js';
import { TaskLog } from './tasks.js';
import { Checkpoints } from './checkpoints.js';
import { serialId } from './serial-ids.js';
import { DEFAULT_VSPHERE_VERSIONS } from './vsphere.js';

/**
 * The world's own root actor: it parents the resource actors (see `root`), and stops one that is
 * retired before reaching a final state (XState lets only a parent stop a child).
 */
const rootMachine = setup({
  types: { events: {} as { type: 'RETIRE'; actorRef: AnyActorRef } },
}).createMachine({
  id: 'world',
  on: { RETIRE: { actions: stopChild(({ event }) => event.actorRef) } },
});

export const MACHINES = {
  server: serverMachine,
  disk: diskMachine,
  vault: vaultMachine,
  policy: policyMachine,
  backup: backupMachine,
  image: imageMachine,
  job: jobMachine,
  site: siteMachine,
  vm: vmMachine,
  localCopy: localCopyMachine,
} as const;
type Machines = typeof MACHINES;

export type EntryOf = {
  [K in ResourceKind]: {
    id: string;
    kind: K;
    actor: Actor<Machines[K]>;
    /** What the router last saw: the status, plus `:marked` for a marked backup. */
    phase: string;
    /** The status and state value last written to the journal. */
    journaled: { status: string; value: unknown } | null;
    /** When its state last changed (and an image's first Normal): what a snapshot cannot say. */
    stamps: Stamps;
  };
};
export type Entry = EntryOf[ResourceKind];
export type EventOf<K extends ResourceKind> = EventFromLogic<Machines[K]>;
export type SnapshotOf<K extends ResourceKind> = SnapshotFrom<Machines[K]>;

export type FailOperation = 'backup' | 'image' | 'provision' | 'restore' | 'sync';

const STATUS: Record<ResourceKind, (s: never) => StatusMeta> = {
  server: serverStatus,
  disk: diskStatus,
  backup: backupStatus,
  image: imageStatus,
  policy: policyStatus,
  vault: () => ({ status: 'available', label: 'Available' }),
  job: jobStatus,
  site: siteStatus,
  vm: vmStatus,
  localCopy: localCopyStatus,
};

/** `value` and everything in it frozen (a record: plain objects and arrays). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const RECORD: Record<ResourceKind, (s: never, facts?: RecordFacts) => AnyRecord> = {
  server: serverRecord,
  disk: diskRecord,
  backup: backupRecord,
  image: imageRecord,
  vault: vaultRecord,
  policy: policyRecord,
  job: jobRecord,
  site: siteRecord,
  vm: vmRecord,
  localCopy: localCopyRecord,
};

const DAY = 86_400_000;
/** How long a job that ended stays (`GET …/jobs/{id}` answers), like the task log [inference]. */
export const JOB_KEPT_MS = 30 * DAY;

/** Why a backup is being deleted, for its task (S2): by hand, or with its vault (that vault's task). */
export interface DeletionCause {
  /** `sync`: a whole-vault sync found its local copy expired on premises (V1). */
  cause: 'hand' | 'vault' | 'sync';
  vaultTaskId?: string;
}

/** What the router sees of a resource: its status, plus `:marked` for a marked backup. */
/** Whether two state values name the same states (XState makes a new value object each step). */
export function sameStateValue(a: StateValue, b: StateValue): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === undefined || y === undefined ? x !== y : !sameStateValue(x, y)) return false;
  }
  return true;
}

export function phaseOfSnapshot(kind: ResourceKind, snapshot: AnyMachineSnapshot): string {
  const { status } = STATUS[kind](snapshot as never);
  if (kind === 'backup' && snapshot.matches({ lifecycle: { creating: 'imageCreatable' } } as never)) return `${status}:marked`;
  return status;
}

export interface WorldOptions {
  seed: number;
  start: number;
  timings: Timings;
  imageQuota: number;
  tombstoneTtlMs: number;
  journal: JournalOptions;
  /** C10: the vSphere versions eBackup backs up (default `DEFAULT_VSPHERE_VERSIONS`). */
  vsphereVersions?: string[];
}

interface Tombstone {
  record: AnyRecord;
  expiresAt: number;
  /**
   * The state value the actor had when it was retired, when that names a final state of its chart
   * (a backup's `lifecycle.deleted`, a server's `DELETED`), so a chart can still light where it
   * ended. Absent for a resource retired in a live state (a vault, a policy): lighting that would
   * say it is still there.
   */
  value?: StateValue;
}

/** What a dry run found: the command would be carried out, or its refusal, as the API returns it. */
export type Verdict =
  | { allowed: true }
  | { allowed: false; refusal: { code: string; message: string; details: Record<string, unknown> } };

/**
 * Thrown by the first change a dry run reaches, and caught by `dryRun` alone (by identity), so it
 * cannot pass for a refusal. One instance: the dry run of an allowed command allocates nothing.
 */
const REACHED_A_CHANGE = new Error('World.dryRun reached a change (internal; this must never escape dryRun)');
const ALLOWED: Verdict = Object.freeze({ allowed: true });

export class World {
  readonly clock: VirtualClock;
  readonly journal: Journal;
  readonly ids: IdGenerator;
  readonly timings: Timings;
  readonly tombstoneTtlMs: number;
  readonly region: Actor<typeof regionMachine>;
  readonly entries = new Map<string, Entry>();
  /** The backups of `entries`, in the same order: a project's thousands listed without walking every resource. */
  readonly backupEntries = new Map<string, Entry>();
  /**
   * Counts every change of a live backup: one made or removed, any new snapshot of one (the
   * inspector sees them all). While it is the same, so is every backup's shared record, and a
   * list of them can be the list made last (`Simulation.listSharedBackups`).
   */
  backupsVersion = 0;
  /** Each entry's shared record and what it was built from (see `sharedRecord`). */
  private readonly shared = new WeakMap<Entry, { snapshot: unknown; changedAt: number; activeAt: number | undefined; record: AnyRecord }>();
  /** A shared server backup's disk backups (R1), each made once from it: shared like it. */
  private readonly sharedChildren = new WeakMap<SimRecord, Map<string, SimRecord | null>>();
  readonly tombstones = new Map<string, Tombstone>();
  /** Backups of each resource that are not deleted yet, oldest first. */
  readonly backupsByResource = new Map<string, string[]>();
  /** C12: full-ECS images of a server waiting for their backup's "Image can be created" mark. */
  readonly pendingImages = new Map<string, string>();
  readonly defaultVaults: Partial<Record<'server' | 'disk', string>> = {};
  readonly failures: Record<FailOperation, number> = { backup: 0, image: 0, provision: 0, restore: 0, sync: 0 };
  /** S2: CBR's task log. */
  readonly tasks: TaskLog;
  /** S1: the restore points. */
  readonly checkpoints: Checkpoints;
  /** S3: how many jobs were ever made: the next job's serial (saved). */
  jobSerial = 0;
  /** Jobs in the order they were made, to forget the ended ones after `JOB_KEPT_MS`. */
  readonly jobOrder = new Set<string>();
  /** S2: backups about to be deleted by hand or with their vault (anything else is retention). */
  readonly deletionCauses = new Map<string, DeletionCause>();
  /** Set by the policy and backup routing; see `runPolicy`, which lives with the backup commands. */
  onPolicyRun: (event: Extract<PolicyEmitted, { type: 'run' }>) => void = () => {};
  onBackupCompleted: (backup: BackupSnapshot) => void = () => {};
  /** P9: a backup ended in Error; P7: a policy changed from time to count (see `backups.ts`). */
  onBackupFailed: (backup: BackupSnapshot) => void = () => {};
  onRetentionHold: (event: Extract<PolicyEmitted, { type: 'hold' }>) => void = () => {};
  /** V1: a hybrid vault's sync ended (see `commands/onprem.ts`). */
  onSyncEnded: (event: VaultEmitted) => void = () => {};

  constructor(readonly options: WorldOptions) {
    this.clock = new VirtualClock(options.start);
    this.journal = new Journal(options.journal, () => this.clock.now());
    this.ids = new IdGenerator(options.seed >>> 0);
    const guard = (what: string) => this.changing(what);
    this.clock.guard = guard;
    this.journal.guard = guard;
    this.ids.guard = guard;
    this.timings = options.timings;
    this.tombstoneTtlMs = options.tombstoneTtlMs;
    this.region = createActor(regionMachine, { input: { name: 'eu-de', imageQuota: options.imageQuota } }).start();
    this.tasks = new TaskLog(this);
    this.checkpoints = new Checkpoints(this);
    this.root = createActor(rootMachine, { id: 'world', clock: this.clock.forOwner('world'), inspect: this.inspector }).start();
  }

  /**
   * The parent of every resource actor. Sharing its actor system (and so its clock, scheduler and
   * inspection observer) keeps each actor about a third smaller than one with a system of its own.
   */
  readonly root: Actor<typeof rootMachine>;

  now(): number {
    return this.clock.now();
  }

  newId(prefix: IdPrefix): string {
    this.changing('newId');
    return this.ids.next(prefix, (id) => this.entries.has(id) || this.tombstones.has(id));
  }

  /** C10: the vSphere versions eBackup backs up here. */
  get vsphereVersions(): readonly string[] {
    return this.options.vsphereVersions ?? DEFAULT_VSPHERE_VERSIONS;
  }

  /** The seed of the simulation (task and job ids are mixed with it). */
  get seed(): number {
    return this.options.seed;
  }

  /** S3: a new job's id (from a serial, so that resources' ids do not move: `serial-ids.ts`). */
  newJobId(): string {
    this.changing('newJobId');
    this.jobSerial++;
    return serialId('job', this.jobSerial, this.options.seed);
  }

  // --- dry runs -----------------------------------------------------------------------------

  private dry = false;

  /**
   * Runs `fn` (a command's domain function, from `src/sim/commands`) in dry mode and says whether
   * the command would be carried out, changing nothing. A command asks every chart involved and
   * checks its arguments before it changes anything; in dry mode the first change throws instead
   * (every entry point that changes the world calls `changing` first), so reaching one means every
   * check passed. A `SimulationError` is the refusal; any other error is rethrown. The world
   * leaves dry mode however `fn` ends.
   *
   * `fn` must not call a Simulation verb: its journal record would be a change. That is an error.
   */
  dryRun(fn: () => unknown): Verdict {
    const was = this.dry;
    this.dry = true;
    try {
      fn(); // returning without reaching a change: allowed, and nothing to do
      return ALLOWED;
    } catch (error) {
      if (error === REACHED_A_CHANGE) return ALLOWED;
      if (error instanceof SimulationError) return { allowed: false, refusal: { code: error.code, message: error.message, details: error.details } };
      throw error;
    } finally {
      this.dry = was;
    }
  }

  /** True inside `dryRun`. */
  get isDry(): boolean {
    return this.dry;
  }

  /** Every change to the world calls this first: in a dry run, it stops the run there. */
  changing(what: string): void {
    if (!this.dry) return;
    if (what === 'journal.begin') {
      throw new Error('World.dryRun: a journaled Simulation verb was called in a dry run; call its domain function (src/sim/commands) instead');
    }
    throw REACHED_A_CHANGE;
  }

  // --- actors ------------------------------------------------------------------------------

  /** Creates and starts the actor of a new resource (or, with `snapshot`, of a restored one). */
  spawn<K extends ResourceKind>(kind: K, id: string, input: unknown, snapshot?: unknown): EntryOf[K] {
    this.changing('spawn');
    const logic = MACHINES[kind] as AnyStateMachine;
    const actor = createActor(logic, {
      id,
      input,
      parent: this.root,
      ...(snapshot === undefined ? {} : { snapshot: snapshot as never }),
    });
    const entry = { id, kind, actor, phase: '', journaled: null, stamps: { changedAt: this.now() } } as unknown as EntryOf[K];
    this.noteTimings(kind, actor.getSnapshot().context as { sizeGB?: unknown; timing?: unknown });
    this.entries.set(id, entry as Entry);
    if (kind === 'backup') {
      this.backupEntries.set(id, entry as Entry);
      this.backupsVersion++;
    }
    if (kind === 'policy') {
      actor.on('run', (event: Extract<PolicyEmitted, { type: 'run' }>) => this.onPolicyRun(event));
      actor.on('expire', (event: Extract<PolicyEmitted, { type: 'expire' }>) => this.expire(event));
      actor.on('hold', (event: Extract<PolicyEmitted, { type: 'hold' }>) => this.onRetentionHold(event));
    }
    if (kind === 'vault') actor.on('syncEnded', (event: VaultEmitted) => this.onSyncEnded(event));
    actor.start();
    return entry;
  }

  // --- the end of time ------------------------------------------------------------------------

  /** The sum of the sizes of every disk ever made: no backup can be larger (it holds disks). */
  private diskGBEver = 0;
  /** The longest phase any resource's context holds (a restored one brings its own timings). */
  private longestPhaseMs = 0;

  private noteTimings(kind: ResourceKind, context: { sizeGB?: unknown; timing?: unknown }): void {
    if (kind === 'disk' && typeof context.sizeGB === 'number') this.diskGBEver += context.sizeGB;
    if (typeof context.timing !== 'object' || context.timing === null) return;
    for (const ms of Object.values(context.timing)) if (typeof ms === 'number' && ms > this.longestPhaseMs) this.longestPhaseMs = ms;
  }

  /**
   * No timer the world sets from now on waits longer than this (ms): a command issued more than
   * this before the last date JavaScript can hold cannot set a timer past it, so only commands
   * closer to the end need the end-of-time guard (`Simulation.guardEndOfTime`).
   */
  timerHorizonMs(): number {
    return Math.max(this.longestPhaseMs, longestTimerMs(this.timings, this.diskGBEver));
  }

  snapshotOf<E extends Entry>(entry: E): SnapshotOf<E['kind']> {
    return entry.actor.getSnapshot() as SnapshotOf<E['kind']>;
  }

  send<K extends ResourceKind>(entry: EntryOf[K], event: EventOf<K>): void {
    this.changing('send');
    (entry.actor as unknown as Actor<AnyStateMachine>).send(event);
  }

  record(entry: Entry): AnyRecord {
    const facts: RecordFacts = { stamps: entry.stamps };
    if (entry.kind === 'vault') facts.allocatedGB = this.boundGB(entry);
    return RECORD[entry.kind](entry.actor.getSnapshot() as never, facts);
  }

  /**
   * `record(entry)` frozen, and shared by every read of the same state: a record is its snapshot's
   * and its stamps' alone, and a snapshot never changes (a transition makes a new one). For readers
   * that only read (the service API's bodies: a list of a project's thousands of backups was mostly
   * building them again). A vault's is built each time: its allocatedGB is its resources' size.
   */
  sharedRecord(entry: Entry): AnyRecord {
    if (entry.kind === 'vault') return deepFreeze(this.record(entry));
    const snapshot = entry.actor.getSnapshot();
    const { changedAt, activeAt } = entry.stamps;
    const last = this.shared.get(entry);
    if (last && last.snapshot === snapshot && last.changedAt === changedAt && last.activeAt === activeAt) return last.record;
    const record = deepFreeze(RECORD[entry.kind](snapshot as never, { stamps: entry.stamps }));
    this.shared.set(entry, { snapshot, changedAt, activeAt, record });
    return record;
  }

  /** The size of the servers and disks a vault protects (a server counts its disks). */
  private boundGB(vault: EntryOf['vault']): number {
    let gb = 0;
    for (const id of vault.actor.getSnapshot().context.resourceIds) {
      const r = this.entries.get(id);
      if (r?.kind === 'disk') gb += r.actor.getSnapshot().context.sizeGB;
      else if (r?.kind === 'vm') {
        for (const d of r.actor.getSnapshot().context.disks) gb += d.sizeGB;
      } else if (r?.kind === 'server') {
        const c = r.actor.getSnapshot().context;
        for (const diskId of [c.systemDiskId, ...c.dataDiskIds]) {
          const d = this.entries.get(diskId);
          if (d?.kind === 'disk') gb += d.actor.getSnapshot().context.sizeGB;
        }
      }
    }
    return Math.round(gb * 1000) / 1000;
  }

  statusOf(entry: Entry): StatusMeta {
    return STATUS[entry.kind](entry.actor.getSnapshot() as never);
  }

  /**
   * Asks `entry`'s chart what `event` would do, without doing it. Throws the chart's refusal
   * (its `refuse` action's code) or `Sim.InvalidState` when the chart has no transition for it.
   * Returns the other actions the transition would run (for example `skipRun`).
   */
  ask<K extends ResourceKind>(entry: EntryOf[K], event: EventOf<K>, verb: string, facts: Record<string, unknown> = {}): string[] {
    return this.askLogic(MACHINES[entry.kind], entry.actor.getSnapshot() as AnyMachineSnapshot, event, () =>
      this.factsOf(entry.kind, entry.actor.getSnapshot(), verb, facts),
    );
  }

  /** Asks a snapshot that is no live actor: a resource about to be made, or a step ahead. */
  askDraft<K extends ResourceKind>(kind: K, snapshot: SnapshotOf<K>, event: EventOf<K>, verb: string, facts: Record<string, unknown> = {}): string[] {
    return this.askLogic(MACHINES[kind], snapshot as AnyMachineSnapshot, event, () => this.factsOf(kind, snapshot, verb, facts));
  }

  /** Sends the region chart an event (the image quota, I12; the policy limit, P10). */
  sendRegion(event: EventFromLogic<typeof regionMachine>): void {
    this.changing('sendRegion');
    this.region.send(event);
  }

  askRegion(event: EventFromLogic<typeof regionMachine>, verb: string): void {
    const c = this.region.getSnapshot().context;
    this.askLogic(regionMachine, this.region.getSnapshot() as AnyMachineSnapshot, event, () => ({
      verb, kind: 'region', id: c.name, label: '', status: '', imageQuota: c.imageQuota, policies: c.policies,
    }));
  }

  private askLogic(logic: AnyStateMachine, snapshot: AnyMachineSnapshot, event: { type: string }, facts: () => RefusalFacts): string[] {
    // Only the transitions the chart would select (guards evaluated), not the whole microstep:
    // a refusal is a `refuse` action on one of them, and an unhandled event selects none.
    const selected = logic.getTransitionData(snapshot, event as never);
    if (selected.length === 0) {
      const f = facts();
      throw new SimulationError('Sim.InvalidState', unhandledMessage({ ...f, event: event.type }), {
        id: f.id, kind: f.kind, status: f.status, verb: f.verb,
      });
    }
    const names: string[] = [];
    for (const t of selected) {
      for (const action of t.actions as unknown as ({ type?: string; params?: unknown } | string)[]) {
        if (typeof action === 'string') names.push(action);
        if (typeof action !== 'object' || action === null) continue;
        if (action.type === 'refuse') throw refusalError(action.params as RefuseParams, { ...facts(), event: event.type, request: event });
        if (typeof action.type === 'string') names.push(action.type);
      }
    }
    return names;
  }

  private factsOf(kind: ResourceKind, snapshot: unknown, verb: string, extra: Record<string, unknown>): RefusalFacts {
    const record = RECORD[kind](snapshot as never) as unknown as Record<string, unknown>;
    // The chart's timings too, so that a message can say how long to wait.
    const timing = (snapshot as { context?: { timing?: unknown } }).context?.timing;
    return { ...record, timing, ...extra, verb, kind, id: String(record.id), label: String(record.label) };
  }

  // --- lookup -------------------------------------------------------------------------------

  /** The live entry of `id`; `Sim.AlreadyDeleted` for a tombstone, `Sim.NotFound` otherwise. */
  lookup<K extends ResourceKind>(id: unknown, kind: K, argument = `${kind}Id`): EntryOf[K] {
    if (typeof id !== 'string' || id === '') {
      throw new SimulationError('Sim.InvalidArgument', `${argument} must be a ${kind} id string; got ${shown(id)}`);
    }
    const entry = this.entries.get(id);
    if (!entry) {
      const tomb = this.tombstone(id);
      if (tomb) {
        throw new SimulationError(
          'Sim.AlreadyDeleted',
          `${tomb.record.kind} ${id} was already deleted at ${isoTime(tomb.expiresAt - this.tombstoneTtlMs)}.`,
          { id, kind: tomb.record.kind },
        );
      }
      throw new SimulationError('Sim.NotFound', `No ${kind} has id ${clip(id, 80)}; list(${JSON.stringify(kind)}) shows the ids there are.`, { id, kind });
    }
    if (entry.kind !== kind) {
      throw new SimulationError('Sim.InvalidArgument', `${argument} ${id} is a ${entry.kind}, not a ${kind}.`, { id, kind: entry.kind });
    }
    return entry as EntryOf[K];
  }

  /** Anything `get` answers: a resource (live or tombstone), a restore point, a task. */
  findAny(id: string): SimRecord | null {
    if (id.startsWith('cp-')) return this.checkpoints.get(id);
    if (id.startsWith('task-')) return this.tasks.get(id);
    return this.find(id);
  }

  /** `findAny`, with `sharedRecord` for live resources (and a live server backup's disk backups). */
  findAnyShared(id: string): SimRecord | null {
    if (id.startsWith('cp-')) return this.checkpoints.get(id);
    if (id.startsWith('task-')) return this.tasks.get(id);
    const entry = this.entries.get(id);
    if (entry) return this.sharedRecord(entry);
    const parentId = parentIdOf(id);
    const parent = parentId ? this.findAnyShared(parentId) : null;
    if (parent?.kind === 'backup') {
      // A deleted parent's (a tombstone's record, not shared) child is made as `find` makes it.
      if (!Object.isFrozen(parent)) return childRecord(parent, id);
      // A child is its parent's projection: the same parent record, the same child record.
      let children = this.sharedChildren.get(parent);
      if (!children) this.sharedChildren.set(parent, (children = new Map()));
      let child = children.get(id);
      if (child === undefined) children.set(id, (child = deepFreeze(childRecord(parent, id))));
      return child;
    }
    return this.find(id);
  }

  /** A live record or a tombstone, as `get` returns it. */
  find(id: string): AnyRecord | null {
    const entry = this.entries.get(id);
    if (entry) return this.record(entry);
    // R1: a server backup's child is a projection of its parent (live or tombstone).
    const parentId = parentIdOf(id);
    const parent = parentId ? this.find(parentId) : null;
    if (parent?.kind === 'backup') return childRecord(parent, id);
    return this.tombstone(id)?.record ?? null;
  }

  /** The tombstone of `id` if it has not expired. */
  private tombstone(id: string): Tombstone | undefined {
    this.pruneTombstones();
    const tomb = this.tombstones.get(id);
    // In a dry run nothing is pruned, so an expired one may still be there.
    return tomb && tomb.expiresAt > this.now() ? tomb : undefined;
  }

  // --- failures -----------------------------------------------------------------------------

  /** Whether the next `operation` fails (`failNext`). A change, even when none is pending. */
  takeFailure(operation: FailOperation): boolean {
    this.changing('takeFailure');
    if (this.failures[operation] === 0) return false;
    this.failures[operation]--;
    return true;
  }

  // --- journal ------------------------------------------------------------------------------

  note(record: Omit<Extract<NewRecord, { type: 'note' }>, 'type'>): void {
    this.changing('note');
    this.journal.append({ type: 'note', ...record });
  }

  /** The inspection observer of every actor: events received and state changes, to the journal. */
  private readonly inspector = (inspection: InspectionEvent): void => {
    if (inspection.type === '@xstate.event') {
      const target = (inspection.actorRef as AnyActorRef).id;
      if (target === 'world') return; // a retired resource's done event to its parent
      const source = (inspection.sourceRef as AnyActorRef | undefined)?.id;
      this.journal.append({
        type: 'event',
        resourceId: target,
        event: inspection.event as { type: string },
        source: source !== undefined && source !== target ? source : null,
      });
    } else if (inspection.type === '@xstate.snapshot') {
      const entry = this.entries.get((inspection.actorRef as AnyActorRef).id);
      if (!entry) return;
      if (entry.kind === 'backup') this.backupsVersion++;
      const snapshot = inspection.snapshot as ReturnType<Entry['actor']['getSnapshot']>;
      // Most snapshots only change a context (a timer, a count): the state is the one journaled
      // last, and so are the status and the phase, which are functions of the state.
      if (entry.journaled && sameStateValue(entry.journaled.value as StateValue, snapshot.value)) return;
      // XState tells its observers before the inspector, so both the journal and the routing
      // happen here: the state change is written first, then what it causes.
      this.journalState(entry, snapshot);
      this.observe(entry);
    }
  };

  private journalState(entry: Entry, snapshot: ReturnType<Entry['actor']['getSnapshot']>): void {
    const previous = entry.journaled;
    const { status, label } = STATUS[entry.kind](snapshot as never);
    entry.journaled = { status, value: snapshot.value };
    entry.stamps.changedAt = this.now();
    this.journal.append({ type: 'state', resourceId: entry.id, kind: entry.kind, from: previous?.status ?? null, status, label, value: snapshot.value });
  }

  // --- routing ------------------------------------------------------------------------------

  private phaseOf(entry: Entry): string {
    return phaseOfSnapshot(entry.kind, entry.actor.getSnapshot() as AnyMachineSnapshot);
  }

  private observe(entry: Entry): void {
    const phase = this.phaseOf(entry);
    if (phase === entry.phase) return;
    const from = entry.phase;
    entry.phase = phase;
    // The first snapshot of a new (or restored) actor is where it starts, not a change.
    if (from !== '') this.onPhaseChange(entry, from, phase);
  }

  private onPhaseChange(entry: Entry, from: string, to: string): void {
    switch (entry.kind) {
      case 'backup': {
        const c = this.snapshotOf(entry).context;
        // S1, S2 first: the backup's restore point and task see the change before what it causes.
        if (c.checkpointId) this.checkpoints.moved(c.checkpointId, from, to);
        this.backupTask(entry, from, to);
        return this.backupChanged(entry, from, to);
      }
      case 'image':
        this.imageJob(entry, to);
        if (to === 'deleted') this.imageDeleted(entry);
        return;
      case 'server':
        if (from === 'BUILD') this.serverJob(entry, to);
        if (to === 'DELETED') this.serverDeleted(entry);
        return;
      case 'disk':
        if (from === 'creating') this.diskJob(entry, to);
        if (to === 'deleted') this.diskDeleted(entry);
        return;
      case 'vm':
        if (to === 'deleted') this.vmDeleted(entry);
        return;
      case 'localCopy':
        if (to === 'stored') this.copyStored(entry);
        if (to === 'expired') this.retire(entry);
        return;
      default:
        return;
    }
  }

  // --- tasks and jobs (S2, S3) -----------------------------------------------------------------

  /** S2: a backup's own work is its tasks: its making, its restores, its deletion. */
  private backupTask(entry: EntryOf['backup'], from: string, to: string): void {
    const c = this.snapshotOf(entry).context;
    if (from.startsWith('protecting') && (to === 'available' || to === 'error')) {
      this.tasks.end('backup', entry.id, to === 'available' ? 'SUCCEED' : 'FAIL', to === 'error'
        ? { code: 'Sim.BackupFailed', message: `The backup job of ${c.resourceKind} ${c.resourceId} failed (failure injection, failNext('backup')); the backup is in Error (B4).` }
        : null);
    }
    if (from === 'restoring' && c.restore) {
      this.tasks.end('restore', entry.id, c.restore.willFail ? 'FAIL' : 'SUCCEED', c.restore.willFail
        ? { code: 'Sim.RestoreFailed', message: `Restoring ${c.restore.targetId} from backup ${entry.id} failed (failure injection, failNext('restore')).` }
        : null);
    }
    if (to === 'deleting' && from !== 'deleting') {
      const cause = this.deletionCauses.get(entry.id);
      const vault = this.live(c.vaultId) as EntryOf['vault'] | undefined;
      const vc = vault ? this.snapshotOf(vault).context : null;
      this.tasks.start({
        operationType: 'delete', resourceId: c.resourceId, resourceName: this.nameOf(c.resourceId), resourceType: RESOURCE_TYPES[c.resourceKind],
        // Retention deletes on behalf of the vault's policy. (Fields in the order `startBackup` gives them: one shape.)
        backupId: entry.id, backupName: c.name, checkpointId: c.checkpointId ?? null, policyId: cause ? null : (vc?.policyId ?? null),
        vaultId: c.vaultId, vaultName: vc?.name ?? null, targetId: null,
      }, entry.id, c.timing.deleteMs);
    }
    if (to === 'deleted') {
      this.tasks.end('delete', entry.id, 'SUCCEED');
      const cause = this.deletionCauses.get(entry.id);
      this.deletionCauses.delete(entry.id);
      const vaultTask = cause?.vaultTaskId ? this.tasks.tasks.get(cause.vaultTaskId) : undefined;
      if (vaultTask && vaultTask.status === 'running' && --vaultTask.waitingFor <= 0) this.tasks.end('vault_delete', vaultTask.vaultId ?? '', 'SUCCEED');
    }
  }

  /** A resource's name, live or deleted; null when it is unknown. */
  nameOf(id: string | null): string | null {
    if (id === null) return null;
    // From the context when it is live: a whole record just for its name would cost a fleet dearly.
    const entry = this.entries.get(id);
    if (entry) return (entry.actor.getSnapshot().context as { name?: string }).name ?? null;
    return this.find(id)?.name ?? null;
  }

  /** The job of `id` while it has not ended, with its status; undefined for none or an ended one. */
  private job(id: string | null | undefined): { job: EntryOf['job']; status: 'INIT' | 'RUNNING' } | undefined {
    const job = this.live(id);
    if (job?.kind !== 'job') return undefined;
    const { status } = jobStatus(job.actor.getSnapshot());
    return status === 'INIT' || status === 'RUNNING' ? { job, status } : undefined;
  }

  /** S3: an image's job starts when the image is being saved and ends when it is Normal or Failed. */
  private imageJob(entry: EntryOf['image'], to: string): void {
    if (to === 'active' && entry.stamps.activeAt === undefined) entry.stamps.activeAt = this.now();
    const open = this.job(this.snapshotOf(entry).context.jobId);
    if (!open) return;
    const { job, status } = open;
    if (to === 'saving' && status === 'INIT') this.send(job, { type: 'START' });
    else if (to === 'active') this.send(job, { type: 'SUCCEED', at: this.now() });
    else if (to === 'killed' || to === 'deleted') {
      this.send(job, {
        type: 'FAIL', at: this.now(), code: 'Sim.ImageJobFailed',
        reason: to === 'killed' ? `Image ${entry.id} could not be created (failure injection, failNext('image')); it is Failed.` : `Image ${entry.id} was deleted before it was made.`,
      });
    }
  }

  /** S3: a server of an ECS batch ends its sub-job when it is Running or Faulty. */
  private serverJob(entry: EntryOf['server'], to: string): void {
    const job = this.job(this.snapshotOf(entry).context.jobId)?.job;
    if (!job) return;
    const ok = to === 'ACTIVE';
    this.send(job, ok
      ? { type: 'SUBJOB_ENDED', serverId: entry.id, at: this.now(), ok }
      : { type: 'SUBJOB_ENDED', serverId: entry.id, at: this.now(), ok, code: 'Sim.ProvisionFailed', reason: `Server ${entry.id} could not be created (failure injection, failNext('provision')); it is Faulty.` });
  }

  /** S3: an EVS job ends when its disk is ready. */
  private diskJob(entry: EntryOf['disk'], to: string): void {
    const job = this.job(this.snapshotOf(entry).context.jobId)?.job;
    if (job && to !== 'deleting' && to !== 'deleted') this.send(job, { type: 'SUCCEED', at: this.now() });
  }

  /**
   * Jobs that ended more than `JOB_KEPT_MS` ago are forgotten (no tombstone: an unknown job id
   * answers not found, as the real services do once they drop it), oldest made first, up to the
   * first one still kept.
   */
  forgetOldJobs(): void {
    const cutoff = this.now() - JOB_KEPT_MS;
    for (const id of this.jobOrder) {
      const job = this.entries.get(id);
      if (job?.kind === 'job') {
        const { endAt } = job.actor.getSnapshot().context;
        if (endAt === null || endAt > cutoff) break;
        this.changing('forgetJob');
        this.root.send({ type: 'RETIRE', actorRef: job.actor as AnyActorRef });
        this.entries.delete(id);
      }
      this.jobOrder.delete(id);
    }
  }

  private live(id: string | null | undefined): Entry | undefined {
    return id ? this.entries.get(id) : undefined;
  }

  private backupChanged(entry: EntryOf['backup'], from: string, to: string): void {
    const snapshot = this.snapshotOf(entry);
    const c = snapshot.context;
    const resource = this.live(c.resourceId);
    const image = this.live(c.imageId) as EntryOf['image'] | undefined;
    const pending = this.live(this.pendingImages.get(entry.id)) as EntryOf['image'] | undefined;
    if (to === 'protecting:marked' && pending) {
      // C12: the backup made for a full-ECS image is now marked, so the image can be made.
      this.pendingImages.delete(entry.id);
      this.send(entry, { type: 'CREATE_IMAGE', imageId: pending.id });
      this.send(pending, { type: 'SOURCE_READY' });
      return;
    }
    if (from.startsWith('protecting') && (to === 'available' || to === 'error')) {
      if (resource && resource.kind !== 'backup') this.send(resource as EntryOf['server'], { type: 'BACKUP_ENDED' });
      const previous = this.live(c.previousBackupId) as EntryOf['backup'] | undefined;
      if (previous) this.send(previous, { type: 'NEXT_ENDED' });
      const news = newsForImage('protecting', to);
      if (image && news) this.send(image, { type: news });
      if (to === 'available') this.onBackupCompleted(snapshot);
      if (to === 'error') this.onBackupFailed(snapshot);
      return;
    }
    if (from === 'restoring' && c.restore) {
      // R2: the target and each of its restored disks are unlocked; a server is powered on unless powerOn: false.
      const target = this.live(c.restore.targetId) as EntryOf['server'] | undefined;
      if (c.restore.willFail) {
        this.note({ resourceId: c.restore.targetId, note: 'restore-failed', message: `Restoring ${c.restore.targetId} from backup ${entry.id} failed.`, details: { backupId: entry.id } });
      }
      else if (c.resourceKind === 'vmware') {
        // V3: what the restore changed so that the VMware VM's system boots on the ECS (c10-vmware.md §5).
        this.note({
          resourceId: c.restore.targetId, note: 'vmware-restored',
          message: `Server ${c.restore.targetId} now runs VMware VM ${c.resourceId}'s disks from backup ${entry.id}: VMware Tools removed, VirtIO drivers injected, boot entries rewritten (V3).`,
          details: { backupId: entry.id, vmId: c.resourceId },
        });
      }
      const news = c.restore.willFail ? ({ type: 'RESTORE_FAILED' } as const) : ({ type: 'RESTORE_ENDED', powerOn: c.restore.powerOn !== false } as const);
      if (target) this.send(target, news);
      for (const diskId of c.restore.diskIds ?? []) {
        const disk = diskId === c.restore.targetId ? undefined : (this.live(diskId) as EntryOf['disk'] | undefined);
        if (disk) this.send(disk, news);
      }
      if (to === 'available') return;
    }
    if (to === 'deleted') {
      const vault = this.live(c.vaultId) as EntryOf['vault'] | undefined;
      if (vault) this.send(vault, { type: 'RELEASE', gb: c.sizeGB });
      const list = this.backupsByResource.get(c.resourceId);
      if (list) {
        const index = list.indexOf(entry.id);
        if (index >= 0) list.splice(index, 1);
        if (list.length === 0) this.backupsByResource.delete(c.resourceId);
      }
      const news = newsForImage(from, to);
      if (image && news) this.send(image, { type: news });
      this.retire(entry);
    }
  }

  private imageDeleted(entry: EntryOf['image']): void {
    const c = this.snapshotOf(entry).context;
    this.sendRegion({ type: 'RELEASE_IMAGE' });
    const backup = this.live(c.backupId) as EntryOf['backup'] | undefined;
    if (backup && backup.actor.getSnapshot().context.imageId === entry.id) this.send(backup, { type: 'IMAGE_UNLINKED' });
    for (const [backupId, imageId] of this.pendingImages) if (imageId === entry.id) this.pendingImages.delete(backupId);
    this.retire(entry);
  }

  private serverDeleted(entry: EntryOf['server']): void {
    const c = this.snapshotOf(entry).context;
    for (const diskId of [c.systemDiskId, ...c.dataDiskIds]) {
      const disk = this.live(diskId) as EntryOf['disk'] | undefined;
      if (disk) this.send(disk, { type: 'SERVER_DELETED' });
    }
    this.leaveVault(entry.id, c.vaultId);
    this.retire(entry);
  }

  private diskDeleted(entry: EntryOf['disk']): void {
    const c = this.snapshotOf(entry).context;
    const server = this.live(c.serverId) as EntryOf['server'] | undefined;
    if (server) this.send(server, { type: 'DETACH_DISK', diskId: entry.id });
    this.leaveVault(entry.id, c.vaultId);
    this.retire(entry);
  }

  /** C3: a deleted VM leaves its site and its vault; its copies and synchronised backups stay. */
  private vmDeleted(entry: EntryOf['vm']): void {
    const c = this.snapshotOf(entry).context;
    const site = this.live(c.siteId) as EntryOf['site'] | undefined;
    if (site) this.send(site, { type: 'VM_REMOVED', vmId: entry.id });
    this.leaveVault(entry.id, c.vaultId);
    this.retire(entry);
  }

  /** V1: eBackup has read the VM: the VM may be backed up again while the copy uploads. */
  private copyStored(entry: EntryOf['localCopy']): void {
    const vm = this.live(this.snapshotOf(entry).context.vmId) as EntryOf['vm'] | undefined;
    if (vm && vm.actor.getSnapshot().matches({ protection: 'backingUp' })) this.send(vm, { type: 'COPY_MADE' });
  }

  private leaveVault(resourceId: string, vaultId: string | null): void {
    const vault = this.live(vaultId) as EntryOf['vault'] | undefined;
    if (vault) this.send(vault, { type: 'REMOVE_RESOURCES', ids: [resourceId] });
  }

  /** Retention chose these backups (P2); each backup's own chart decides (P3, I8). */
  private expire(event: Extract<PolicyEmitted, { type: 'expire' }>): void {
    for (const id of event.backupIds) {
      const backup = this.live(id) as EntryOf['backup'] | undefined;
      if (!backup) continue;
      this.note({ resourceId: id, note: 'retention', message: `Policy ${event.policyId} expires backup ${id} of ${event.resourceId}.`, details: { policyId: event.policyId } });
      this.send(backup, { type: 'EXPIRE' });
    }
  }

  // --- tombstones ---------------------------------------------------------------------------

  /** A deleted resource leaves the registry and answers "already deleted" for the TTL. */
  retire(entry: Entry): void {
    this.changing('retire');
    this.pruneTombstones();
    const record = tombstoneOf(this.record(entry));
    const { value } = entry.actor.getSnapshot();
    if (entry.actor.getSnapshot().status === 'active') this.root.send({ type: 'RETIRE', actorRef: entry.actor as AnyActorRef });
    this.entries.delete(entry.id);
    if (this.backupEntries.delete(entry.id)) this.backupsVersion++;
    const tomb: Tombstone = { record, expiresAt: this.now() + this.tombstoneTtlMs };
    if (namesFinalState(MACHINES[entry.kind], value)) tomb.value = value;
    this.tombstones.set(entry.id, tomb);
  }

  /** The final state value a tombstone keeps (see `Tombstone.value`); null for none or no tombstone. */
  tombstoneValue(id: string): StateValue | null {
    return this.tombstone(id)?.value ?? null;
  }

  /**
   * Tombstones are kept in deletion order, so the oldest expire first. Pruning only tidies (an
   * expired tombstone answers nothing, and `save` prunes), so a dry run skips it.
   */
  pruneTombstones(): void {
    if (this.dry) return;
    const now = this.now();
    for (const [id, tomb] of this.tombstones) {
      if (tomb.expiresAt > now) break;
      this.tombstones.delete(id);
    }
  }
}
