/**
 * The pending timers in the words a trainer reads: "backup web-01-backup: data transfer ends:
 * Available" for `xstate.after.dataTransfer.backup.lifecycle.creating.imageCreatable`. Each named
 * delay of each chart (`delays:` in machines/*.ts) says what its transition does when the timer
 * fires, and, where the transition asks a guard the resource's context already answers (will the
 * job fail? is the disk attached? does retention keep it?), which way it goes: the same answer the
 * chart will give then, since nothing but a command changes those facts meanwhile. The timers
 * route (`GET /api/timers`) adds these words beside the raw event type, which stays as it is.
 */
import type { AnyMachineSnapshot, StateValue } from 'xstate';
import type { World } from '../sim/world.js';
import type { ResourceKind } from '../sim/records.js';

/** What a delay's words may look at: the resource's context and its current states. */
export interface TimerOwner {
  context: Record<string, unknown>;
  matches: (state: StateValue) => boolean;
}

type Words = (owner: TimerOwner) => string;

/** Retention (P3, P9, I8) deletes only an automatic backup without an image: the chart's `retentionMayDelete`. */
const retentionMayDelete = (o: TimerOwner) => o.context.autoTrigger === true && !o.matches({ imageLink: 'linked' });

/** Why retention keeps a backup it would otherwise delete. */
function keptBecause(o: TimerOwner): string {
  if (o.context.autoTrigger !== true) return 'a manual backup';
  if (o.matches({ imageLink: 'linked' })) return 'it has an image (I8)';
  return 'the count rule keeps it (P7)';
}

/**
 * Every named delay of every chart, by chart (`region` for the world's own chart). A test walks the
 * charts and fails on a delay this table does not word.
 */
export const TIMER_WORDS: Readonly<Record<ResourceKind | 'region', Readonly<Record<string, Words>>>> = {
  backup: {
    snapshotPhase: (o) => (o.context.resourceKind === 'server' && o.context.containsSystemDisk === true
      ? 'snapshot phase ends: marked “Image can be created”'
      : 'snapshot phase ends: the data transfer goes on'),
    dataTransfer: (o) => (o.context.willFail === true ? 'data transfer ends: Error (the backup fails)' : 'data transfer ends: Available'),
    restoreJob: (o) => ((o.context.restore as { willFail?: boolean } | null)?.willFail === true
      ? 'restore ends, failed: Available again'
      : 'restore ends: Available again'),
    deleteJob: () => 'deletion ends: deleted',
    failedBackupKept: (o) => (retentionMayDelete(o)
      ? 'a month in Error: its policy deletes it (P9)'
      : `a month in Error: kept, ${keptBecause(o)}`),
    // P8: the batch deletes an Available backup retention may delete and no count rule holds;
    // one restoring now may be Available again by then.
    expiryBatch: (o) => {
      const batch = 'the retention batch at 08:00 after it expires';
      if (!retentionMayDelete(o) || o.context.heldByCount === true) return `${batch}: kept, ${keptBecause(o)}`;
      if (o.matches({ lifecycle: 'available' })) return `${batch}: its policy deletes it (P8)`;
      return `${batch}: its policy deletes it if it is Available then (P8)`;
    },
  },
  disk: {
    createJob: (o) => (o.context.serverId !== null && o.context.serverId !== undefined ? 'creation ends: In-use' : 'creation ends: Available'),
    deleteJob: () => 'deletion ends: deleted',
  },
  server: {
    provisionJob: (o) => (o.context.willFail === true ? 'creation ends: Faulty (it fails)' : 'creation ends: Running'),
  },
  image: {
    imageJob: (o) => (o.context.willFail === true ? 'image creation ends: Failed (it fails)' : 'image creation ends: Normal'),
  },
  policy: {
    untilNextRun: () => "the policy's next run: it backs up its vaults",
  },
  vault: {
    syncRun: () => 'the sync ends: uploaded copies become Available backups (V1, V2)',
  },
  job: {
    jobTime: () => 'the export ends: the job succeeds',
  },
  site: {},
  vm: {},
  localCopy: {
    localBackup: () => 'eBackup has read the VM: the copy is Stored on premises',
    upload: () => 'the upload ends: the copy is in the vault\'s bucket, ready to sync',
  },
  region: {},
};

/** `xstate.after.<delay>.<state id>` → the delay's name; null for any other event. */
export function delayOf(eventType: string): string | null {
  const m = /^xstate\.after\.([^.]+)\./.exec(eventType);
  return m ? m[1]! : null;
}

/**
 * A timer in words: who it belongs to ("backup web-01-backup", or "the world" for a timer no
 * resource owns) and what it does when it fires.
 */
export function timerWords(world: World, owner: string | null, eventType: string): string {
  const entry = owner === null ? undefined : world.entries.get(owner);
  const delay = delayOf(eventType);
  if (!entry) {
    const what = delay !== null ? TIMER_WORDS.region[delay] : undefined;
    const snapshot = world.region.getSnapshot();
    return `the world: ${what ? what({ context: snapshot.context as unknown as Record<string, unknown>, matches: (s) => snapshot.matches(s as never) }) : delay ?? eventType}`;
  }
  const snapshot = entry.actor.getSnapshot() as AnyMachineSnapshot;
  const context = snapshot.context as Record<string, unknown>;
  const who = `${entry.kind} ${typeof context.name === 'string' ? context.name : entry.id}`;
  const words = delay !== null ? TIMER_WORDS[entry.kind][delay] : undefined;
  if (!words) return `${who}: ${delay !== null ? `after ${delay}` : eventType}`;
  return `${who}: ${words({ context, matches: (s) => snapshot.matches(s) })}`;
}
