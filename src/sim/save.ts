/**
 * Save and restore. A save is versioned plain JSON: the options, the clock, the id generator,
 * every resource's persisted snapshot, the deadlines of pending timers, the tombstones and the
 * retained journal. XState does not restore `after` timers (statelyai/xstate#5331), so each pending
 * timer is saved with its actor, event and deadline, and re-armed through the actor's own
 * scheduler (which its exit actions cancel as usual), keeping its place among equal deadlines.
 */
import { createActor, type AnyActorRef, type EventObject, type StateValue } from 'xstate';
import { regionMachine } from '../../machines/region.machine.js';
import { World, type DeletionCause, type WorldOptions, type FailOperation } from './world.js';
import type { JournalRecord } from './journal.js';
import type { AnyRecord, ResourceKind, Stamps } from './records.js';
import type { TaskEntry } from './tasks.js';
import type { CheckpointEntry } from './checkpoints.js';
import { REALISTIC } from './timings.js';
import { SimulationError } from './errors.js';
import { checkSave } from './save-check.js';

export const SAVE_FORMAT = 'cbr-sim/save';
export const SAVE_VERSION = 1;

export interface SavedTimer {
  owner: string;
  seq: number;
  deadline: number;
  id: string;
  event: EventObject;
}

export interface SavedSimulation {
  format: typeof SAVE_FORMAT;
  version: typeof SAVE_VERSION;
  options: Omit<WorldOptions, 'journal'> & { journalLimit: number | undefined };
  clock: { now: number; nextSeq: number };
  idState: number;
  region: unknown;
  resources: { kind: ResourceKind; id: string; snapshot: unknown; phase: string; stamps?: Stamps }[];
  timers: SavedTimer[];
  /** Id, record, expiry, and the final state value it ended in when it has one (`Tombstone.value`). */
  tombstones: ([string, AnyRecord, number] | [string, AnyRecord, number, StateValue])[];
  backupsByResource: [string, string[]][];
  pendingImages: [string, string][];
  defaultVaults: Partial<Record<'server' | 'disk', string>>;
  failures: Record<FailOperation, number>;
  journal: { seq: number; records: JournalRecord[] };
  /** S2: the task log (absent in saves made before it). */
  tasks?: { serial: number; entries: TaskEntry[]; running: [string, string][] };
  /** S1: the restore points. */
  checkpoints?: CheckpointEntry[];
  /** S3: the jobs' serial, and the jobs in the order they were made. */
  jobSerial?: number;
  jobOrder?: string[];
  /** S2: backups being deleted by hand or with their vault. */
  deletionCauses?: [string, DeletionCause][];
}

interface ScheduledEvent {
  event: EventObject;
  id: string;
  source: AnyActorRef;
}

function scheduledEvents(actor: AnyActorRef): ScheduledEvent[] {
  const system = actor.system as unknown as { getSnapshot(): { _scheduledEvents: Record<string, ScheduledEvent> } };
  return Object.values(system.getSnapshot()._scheduledEvents);
}

/** The pending timers, in the order they were set: whose, when, and the event each will send. */
export function pendingTimers(w: World): SavedTimer[] {
  // Every resource actor shares the root's actor system. XState records each scheduled event just
  // before it sets the clock's timer, and forgets both together, so the system's scheduled events
  // (in insertion order) and the clock's pending timers (in sequence order) pair up one to one.
  const pending = w.clock.pending().sort((a, b) => a.seq - b.seq);
  const events = scheduledEvents(w.root as AnyActorRef);
  if (events.length !== pending.length) throw new Error(`save: ${pending.length} timers but ${events.length} scheduled events`);
  return pending.map((t, i) => ({
    owner: events[i]!.source.id, seq: t.seq, deadline: t.deadline, id: events[i]!.id, event: events[i]!.event,
  }));
}

export function saveWorld(w: World, journalLimit: number | undefined, withJournal = true): SavedSimulation {
  w.pruneTombstones();
  const timers = pendingTimers(w);
  const { journal: _journal, ...options } = w.options;
  return JSON.parse(JSON.stringify({
    format: SAVE_FORMAT,
    version: SAVE_VERSION,
    options: { ...options, journalLimit },
    clock: { now: w.clock.now(), nextSeq: w.clock.nextSeq },
    idState: w.ids.seed,
    region: w.region.getPersistedSnapshot(),
    resources: [...w.entries.values()].map((e) => ({ kind: e.kind, id: e.id, snapshot: e.actor.getPersistedSnapshot(), phase: e.phase, stamps: e.stamps })),
    timers,
    tombstones: [...w.tombstones].map(([id, t]) => (t.value === undefined ? [id, t.record, t.expiresAt] : [id, t.record, t.expiresAt, t.value])),
    backupsByResource: [...w.backupsByResource],
    pendingImages: [...w.pendingImages],
    defaultVaults: w.defaultVaults,
    failures: w.failures,
    journal: { seq: w.journal.seq, records: withJournal ? w.journal.records() : [] },
    tasks: (() => {
      const t = w.tasks.save();
      return { serial: t.serial, entries: t.tasks, running: t.running };
    })(),
    checkpoints: w.checkpoints.save(),
    jobSerial: w.jobSerial,
    jobOrder: [...w.jobOrder],
    deletionCauses: [...w.deletionCauses],
  })) as SavedSimulation;
}

/**
 * A save made before issue 13 has vaults without the `sync` region (V1): they were idle. Returns a
 * copy with it (the caller's object is left alone); anything that is not such a vault is left for
 * `checkSave` to judge.
 */
function upgraded(saved: unknown): unknown {
  const resources = (saved as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(resources)) return saved;
  const plain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  return {
    ...(saved as object),
    resources: resources.map((r) => {
      if (!plain(r) || r.kind !== 'vault' || !plain(r.snapshot) || !plain(r.snapshot.value) || 'sync' in r.snapshot.value) return r;
      return { ...r, snapshot: { ...r.snapshot, value: { ...r.snapshot.value, sync: 'idle' } } };
    }),
  };
}

/**
 * A new world continuing `saved`, after checking all of it (`checkSave`): nothing is built from a
 * save that is not valid. `journal` may give a new sink; the limit is the save's.
 */
export function rebuildWorld(given: unknown, journal: { sink?: (record: JournalRecord) => void }): World {
  const saved = upgraded(given);
  checkSave(saved);
  const limit = saved.options.journalLimit;
  const o = saved.options;
  const world = new World({
    // A save made before a timing existed takes its realistic value.
    seed: o.seed, start: o.start, timings: { ...REALISTIC, ...o.timings }, imageQuota: o.imageQuota, tombstoneTtlMs: o.tombstoneTtlMs,
    journal: { ...(limit === undefined ? {} : { limit }), ...(journal.sink ? { sink: journal.sink } : {}) },
    ...(o.vsphereVersions ? { vsphereVersions: o.vsphereVersions } : {}),
  });
  restoreWorld(world, saved);
  return world;
}

/** Rebuilds a world from a save; the journal stays quiet while the actors come back. */
export function restoreWorld(w: World, saved: SavedSimulation): void {
  w.journal.enabled = false;
  try {
    w.clock.advanceTo(saved.clock.now);
    w.clock.nextSeq = saved.clock.nextSeq;
    w.ids.seed = saved.idState;
    (w as { region: unknown }).region = createActor(regionMachine, { input: { name: 'eu-de', imageQuota: saved.options.imageQuota }, snapshot: saved.region as never }).start();
    for (const r of saved.resources) {
      const entry = w.spawn(r.kind, r.id, undefined, r.snapshot);
      entry.phase = r.phase;
      entry.stamps = r.stamps ? { ...r.stamps } : { changedAt: saved.clock.now };
    }
    for (const t of [...saved.timers].sort((a, b) => a.seq - b.seq)) {
      const entry = w.entries.get(t.owner);
      if (!entry) throw new Error(`timer of unknown resource ${t.owner}`);
      const actor = entry.actor as AnyActorRef;
      w.clock.withSeq(t.seq, () => actor.system.scheduler.schedule(actor, actor, t.event, t.deadline - saved.clock.now, t.id));
    }
    for (const [id, record, expiresAt, value] of saved.tombstones) w.tombstones.set(id, value === undefined ? { record, expiresAt } : { record, expiresAt, value });
    for (const [id, list] of saved.backupsByResource) w.backupsByResource.set(id, [...list]);
    for (const [backupId, imageId] of saved.pendingImages) w.pendingImages.set(backupId, imageId);
    Object.assign(w.defaultVaults, saved.defaultVaults);
    Object.assign(w.failures, saved.failures);
    if (saved.tasks) w.tasks.restore({ serial: saved.tasks.serial, tasks: saved.tasks.entries, running: saved.tasks.running });
    if (saved.checkpoints) w.checkpoints.restore(saved.checkpoints);
    w.jobSerial = saved.jobSerial ?? 0;
    for (const id of saved.jobOrder ?? []) w.jobOrder.add(id);
    for (const [id, cause] of saved.deletionCauses ?? []) w.deletionCauses.set(id, { ...cause });
    w.journal.restore(saved.journal.seq, saved.journal.records);
  } catch (error) {
    if (error instanceof SimulationError) throw error;
    throw new SimulationError('Sim.InvalidSave', `The save could not be restored: ${(error as Error).message}.`);
  } finally {
    w.journal.enabled = true;
  }
}
