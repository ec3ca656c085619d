/**
 * Restore points (checkpoints, S1): what one "back up now" of a vault, or one scheduled run of a
 * policy over it, made: one backup per resource it could back up, and the resources it skipped with
 * their codes. A checkpoint is no chart of its own: its status is derived from its backups'
 * (children not counted), kept as counts per kind of phase so that a change costs nothing however
 * many backups it holds:
 *
 * - `deleted` when none of its backups is left;
 * - else `protecting` while one of them is being made, `deleting` while one is being deleted;
 * - else `error` when every one left is in Error, `available` otherwise.
 *
 * `error-deleting` (a deletion that failed) is a status of the real service cbr-sim never
 * reaches: its deletions do not fail. Each change of status is journaled as a `state` record of
 * kind `checkpoint`. A deleted checkpoint answers `get` for the tombstone TTL, as a deleted
 * resource does, and is then forgotten.
 */
import type { Journal } from './journal.js';
import type { CheckpointRecord, SkippedResource } from './records.js';
import { isoTime } from './time.js';

type Status = CheckpointRecord['status'];
type Bucket = 'protecting' | 'deleting' | 'error' | 'usable' | 'gone';

const LABELS: Record<Status, string> = {
  protecting: 'Creating', available: 'Available', error: 'Error', deleting: 'Deleting', deleted: 'Deleted', 'error-deleting': 'Deletion failed',
};

/** Which count a backup in this world phase (`World.phaseOf`) is in. */
function bucketOf(phase: string): Bucket {
  if (phase.startsWith('protecting')) return 'protecting';
  if (phase === 'deleting') return 'deleting';
  if (phase === 'error') return 'error';
  if (phase === 'deleted') return 'gone';
  return 'usable';
}

export interface CheckpointEntry {
  id: string;
  name: string;
  description: string | null;
  vaultId: string;
  backupIds: string[];
  skipped: SkippedResource[];
  createdAt: number;
  autoTrigger: boolean;
  policyId: string | null;
  counts: Record<Bucket, number>;
  status: Status;
  /** When its last backup was deleted; null while one is left. */
  deletedAt: number | null;
}

export interface CheckpointHost {
  now(): number;
  changing(what: string): void;
  readonly journal: Journal;
  readonly tombstoneTtlMs: number;
}

function statusOf(c: Record<Bucket, number>): Status {
  if (c.protecting + c.deleting + c.error + c.usable === 0) return 'deleted';
  if (c.protecting > 0) return 'protecting';
  if (c.deleting > 0) return 'deleting';
  return c.usable === 0 ? 'error' : 'available';
}

export type NewCheckpoint = Omit<CheckpointEntry, 'counts' | 'status' | 'deletedAt'>;

export class Checkpoints {
  /** Kept in the order they were made. */
  readonly entries = new Map<string, CheckpointEntry>();

  constructor(private readonly host: CheckpointHost) {}

  /**
   * A checkpoint of backups that have just started (all Creating), or (`usable`) of VMware
   * backups a sync has just registered, Available at once (V2).
   */
  create(c: NewCheckpoint, born: 'protecting' | 'usable' = 'protecting'): CheckpointEntry {
    this.host.changing('checkpoint');
    this.prune();
    const counts: Record<Bucket, number> = { protecting: 0, deleting: 0, error: 0, usable: 0, gone: 0 };
    counts[born] = c.backupIds.length;
    const entry: CheckpointEntry = { ...c, backupIds: [...c.backupIds], skipped: c.skipped.map((s) => ({ ...s })), counts, status: statusOf(counts), deletedAt: null };
    this.entries.set(entry.id, entry);
    this.journal(entry, null);
    return entry;
  }

  /** One of its backups moved from phase `from` to `to`. */
  moved(id: string, from: string, to: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const a = bucketOf(from);
    const b = bucketOf(to);
    if (a === b) return;
    entry.counts[a]--;
    entry.counts[b]++;
    const status = statusOf(entry.counts);
    if (status === entry.status) return;
    const before = entry.status;
    entry.status = status;
    if (status === 'deleted') entry.deletedAt = this.host.now();
    this.journal(entry, before);
  }

  private journal(entry: CheckpointEntry, from: Status | null): void {
    this.host.journal.append({ type: 'state', resourceId: entry.id, kind: 'checkpoint', from, status: entry.status, label: LABELS[entry.status], value: entry.status });
  }

  record(entry: CheckpointEntry): CheckpointRecord {
    return {
      id: entry.id, kind: 'checkpoint', name: entry.name, status: entry.status, label: LABELS[entry.status], createdAt: isoTime(entry.createdAt),
      description: entry.description, vaultId: entry.vaultId, backupIds: [...entry.backupIds], skipped: entry.skipped.map((s) => ({ ...s })),
      autoTrigger: entry.autoTrigger, policyId: entry.policyId,
    };
  }

  /** A checkpoint, live or deleted within the tombstone TTL; null otherwise. */
  get(id: string): CheckpointRecord | null {
    const entry = this.entries.get(id);
    if (!entry || this.expired(entry)) return null;
    return this.record(entry);
  }

  list(o: { includeDeleted?: boolean } = {}): CheckpointRecord[] {
    const out: CheckpointRecord[] = [];
    for (const entry of this.entries.values()) {
      if (entry.status === 'deleted' && (o.includeDeleted !== true || this.expired(entry))) continue;
      out.push(this.record(entry));
    }
    return out;
  }

  private expired(entry: CheckpointEntry): boolean {
    return entry.deletedAt !== null && entry.deletedAt + this.host.tombstoneTtlMs <= this.host.now();
  }

  /** Forgets deleted checkpoints past the TTL, oldest made first, up to the first one still kept. */
  prune(): void {
    for (const [id, entry] of this.entries) {
      if (!this.expired(entry)) break;
      this.entries.delete(id);
    }
  }

  save(): CheckpointEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e, counts: { ...e.counts }, backupIds: [...e.backupIds], skipped: e.skipped.map((s) => ({ ...s })) }));
  }

  restore(saved: CheckpointEntry[]): void {
    for (const e of saved) this.entries.set(e.id, { ...e, counts: { ...e.counts }, backupIds: [...e.backupIds], skipped: e.skipped.map((s) => ({ ...s })) });
  }
}
