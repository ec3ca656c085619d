/**
 * What a step did to the resources a scenario did not name (`as:`): counts by kind of those
 * created, failed and deleted, with why each was deleted. A policy's year makes and retains away
 * hundreds of backups nobody named; the transcript shows them as one line ("+7 backups, −6 deleted
 * by retention") instead of nothing. A server's own disks, made with it and deleted with it, are
 * part of the server and not counted: a disk is counted when it was made or deleted on its own.
 *
 * Read from the step's journal records alone: a resource's first `state` record (from null) is its
 * creation; the `state` record that takes it into Deleting (or straight to Deleted) is its deletion,
 * and the `event` record just before it, on the same resource, is why. Vaults and policies have no
 * deleted state: their delete commands are their deletions.
 */
import type { JournalRecord } from '../sim/journal.js';
import { RESOURCE_KINDS, type ResourceKind } from '../sim/records.js';

/**
 * Why a resource was deleted: `retention` by its policy (P2 count, P6/P8 age, P9 failed backups),
 * `hand` by a delete command, `vault` with the vault it was in, `other` for any other cause.
 */
export type DeletionReason = 'retention' | 'hand' | 'vault' | 'other';
export const DELETION_REASONS: readonly DeletionReason[] = ['retention', 'hand', 'vault', 'other'];

/** One kind's counts for one step; only kinds with something to count are listed. */
export interface UnnamedCount {
  kind: ResourceKind;
  /** Resources of this kind that came into being during the step. */
  created: number;
  /** Resources that failed during the step: a backup in Error, an image Failed, a server Faulty. */
  failed: number;
  /** Deletions begun during the step (the resource went to Deleting or Deleted), by reason; reasons with none are left out. */
  deleted: Partial<Record<DeletionReason, number>>;
}

const GONE = new Set(['deleting', 'deleted', 'DELETED']);
const FAILED = new Set(['error', 'killed', 'ERROR']);

/** The deletions with no state of their own: the command is the deletion. */
const DELETE_COMMANDS: Record<string, ResourceKind> = { deleteVault: 'vault', deletePolicy: 'policy' };

/** A server's disks hear of its deletion by this event (its system disk goes with it). */
const WITH_SERVER = 'SERVER_DELETED';

/** The event that sent a resource to Deleting, as the journal writes its type. */
function reasonOf(eventType: string | undefined): DeletionReason {
  if (eventType === undefined) return 'other';
  if (eventType === 'DELETE') return 'hand';
  if (eventType === 'VAULT_DELETED') return 'vault';
  // EXPIRE: the count rule (P2, P9 beyond ten); the expiry batch (P6, P8) raises EXPIRY_DUE inside
  // its own timer; a failed backup's month ends on a timer too (P9).
  if (eventType === 'EXPIRE' || eventType === 'EXPIRY_DUE') return 'retention';
  if (eventType.startsWith('xstate.after.expiryBatch.') || eventType.startsWith('xstate.after.failedBackupKept.')) return 'retention';
  return 'other';
}

/** The counts of one step's `records` for every resource whose id is not in `named`. */
export function countUnnamed(records: readonly JournalRecord[], named: ReadonlySet<string>): UnnamedCount[] {
  const counts = new Map<ResourceKind, UnnamedCount>();
  const of = (kind: ResourceKind) => {
    let c = counts.get(kind);
    if (!c) counts.set(kind, (c = { kind, created: 0, failed: 0, deleted: {} }));
    return c;
  };
  const lastEvent = new Map<string, string>();
  /** Disks made with a server (their first input names it). */
  const withServer = new Set<string>();
  for (const r of records) {
    if (r.resourceId === null || named.has(r.resourceId)) continue;
    // Jobs, tasks and restore points come with the work they follow: not counted apart from it.
    if (r.type === 'state' && !COUNTED.has(r.kind)) continue;
    if (r.type === 'event') {
      lastEvent.set(r.resourceId, r.event.type);
      const input = r.event.type === 'xstate.init' ? (r.event.input as { role?: unknown; serverId?: unknown } | undefined) : undefined;
      if (input?.role !== undefined && typeof input.serverId === 'string') withServer.add(r.resourceId);
    }
    else if (r.type === 'command') {
      const kind = DELETE_COMMANDS[r.verb];
      if (kind) of(kind).deleted.hand = (of(kind).deleted.hand ?? 0) + 1;
    } else if (r.type === 'state') {
      const kind = r.kind as ResourceKind;
      if (r.from === null && !withServer.has(r.resourceId)) of(kind).created++;
      if (r.from !== r.status && FAILED.has(r.status)) of(kind).failed++;
      if (GONE.has(r.status) && (r.from === null || !GONE.has(r.from))) {
        const event = lastEvent.get(r.resourceId);
        if (event === WITH_SERVER) continue;
        const reason = reasonOf(event);
        const c = of(kind);
        c.deleted[reason] = (c.deleted[reason] ?? 0) + 1;
      }
    }
  }
  return RESOURCE_KINDS.flatMap((k) => (counts.has(k) ? [counts.get(k)!] : []));
}

/** The kinds a step's unnamed resources are counted by. */
const COUNTED: ReadonlySet<string> = new Set(RESOURCE_KINDS.filter((k) => k !== 'job'));

const PLURAL: Record<ResourceKind, string> = {
  server: 'servers', disk: 'disks', vault: 'vaults', policy: 'policies', backup: 'backups', image: 'images', job: 'jobs',
  site: 'sites', vm: 'VMs', localCopy: 'local copies',
};
const WHY: Record<DeletionReason, string> = { retention: 'by retention', hand: 'by hand', vault: 'with the vault', other: '' };

/** The count of deletions of one kind. */
export function deletedTotal(c: UnnamedCount): number {
  return DELETION_REASONS.reduce((sum, r) => sum + (c.deleted[r] ?? 0), 0);
}

/**
 * One line for people: `+7 backups, −6 deleted by retention; +1 disk`. Kinds are parted by `;`,
 * the kind named in the first count of each; a minus sign (U+2212) as a plus is a plus.
 */
export function describeUnnamed(counts: readonly UnnamedCount[]): string {
  return counts.map((c) => {
    const noun = (n: number) => (n === 1 ? c.kind : PLURAL[c.kind]);
    const parts: string[] = [];
    if (c.created) parts.push(`+${c.created} ${noun(c.created)}`);
    if (c.failed) parts.push(parts.length ? `${c.failed} failed` : `${c.failed} ${noun(c.failed)} failed`);
    const total = deletedTotal(c);
    if (total) {
      const reasons = DELETION_REASONS.filter((r) => c.deleted[r]);
      const head = parts.length ? `−${total} deleted` : `−${total} ${noun(total)} deleted`;
      const why = reasons.length === 1
        ? WHY[reasons[0]!] ? ` ${WHY[reasons[0]!]}` : ''
        : ` (${reasons.map((r) => `${c.deleted[r]} ${WHY[r] || 'otherwise'}`).join(', ')})`;
      parts.push(head + why);
    }
    return parts.join(', ');
  }).filter((s) => s !== '').join('; ');
}
