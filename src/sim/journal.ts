/**
 * The journal: every command (with its result or refusal), every event a resource received and
 * every change of its state, in one sequence. `limit` keeps only the last N records (a ring), and
 * `sink` streams each record as it is written, so long runs need not grow memory.
 *
 * A command's effects are buffered until it ends, so its `command` record comes first, carrying
 * the result, followed by the events and state changes it caused.
 */
import type { StateValue } from 'xstate';

interface Base {
  seq: number;
  /** Simulated time, epoch ms. */
  at: number;
  resourceId: string | null;
}

export interface CommandRecord extends Base {
  type: 'command';
  verb: string;
  args: unknown[];
  result: unknown;
}

export interface RefusalRecord extends Base {
  type: 'refusal';
  verb: string;
  args: unknown[];
  code: string;
  message: string;
}

export interface EventRecord extends Base {
  type: 'event';
  event: { type: string; [key: string]: unknown };
  /** The resource that sent it; null for the world (a command) or the resource's own timer. */
  source: string | null;
}

export interface StateRecord extends Base {
  type: 'state';
  kind: string;
  /** The API status before and after; equal when only an inner state changed. */
  from: string | null;
  status: string;
  label: string;
  value: StateValue;
}

export interface NoteRecord extends Base {
  type: 'note';
  note: 'default-vault' | 'run-started' | 'run-skipped' | 'run-failed' | 'retention' | 'restore-failed' | 'tombstone-expired' | 'forked' | 'advance-paused' | 'played'
    // C10: a restored VMware backup's conversion (V3); a backup a sync could not delete yet (V1).
    | 'vmware-restored' | 'sync-kept';
  message: string;
  details?: Record<string, unknown>;
}

/**
 * A request of the service API (src/api/router.ts), as answered: what the inspector's timeline
 * shows as "GET /cbr/v3/…/backups/bk-… → 200". It tells of the world and changes nothing in it:
 * a replay writes it again where it was (`putBack`), never from a command.
 */
export interface RequestRecord extends Base {
  type: 'request';
  service: 'cbr' | 'ims' | 'ecs' | 'evs';
  /** The SDK's operation of the route that answered, or null (no route: a 404). */
  operation: string | null;
  method: string;
  /** The path as asked, with its service prefix (`/cbr/v3/p1/backups/bk-…`), without the query. */
  path: string;
  status: number;
  /** The error code answered, or null for a success. */
  code: string | null;
  project: string;
}

export type JournalRecord = CommandRecord | RefusalRecord | EventRecord | StateRecord | NoteRecord | RequestRecord;

type Unsequenced<T> = T extends JournalRecord ? Omit<T, 'seq' | 'at'> : never;
export type NewRecord = Unsequenced<JournalRecord>;

export interface JournalOptions {
  limit?: number;
  sink?: (record: JournalRecord) => void;
}

export const DEFAULT_JOURNAL_LIMIT = 50_000;

export class Journal {
  private readonly limit: number;
  private readonly sink: ((record: JournalRecord) => void) | undefined;
  private ring: JournalRecord[] = [];
  private head = 0;
  private lastSeq = 0;
  /** Records a replay writes again (all but `request` records): see `replayable`. */
  private written = 0;
  private depth = 0;
  private buffer: NewRecord[] = [];
  /** Records no command writes, waiting for their seq in a replay (`putBack`). */
  private readonly held = new Map<number, JournalRecord>();
  /** While false (restoring a save), nothing is written. */
  enabled = true;
  /** Called before every change (the world's dry-run guard; see `World.dryRun`). */
  guard: (what: string) => void = () => {};

  constructor(options: JournalOptions, private readonly now: () => number) {
    this.limit = options.limit ?? DEFAULT_JOURNAL_LIMIT;
    this.sink = options.sink;
  }

  get seq(): number {
    return this.lastSeq;
  }

  /**
   * How many records written so far a replay would write again: every record but the service
   * API's `request` records, which tell of the world and change nothing in it. Time travel's
   * checkpoints are spaced by this count, so that a class's thousands of polls do not make them.
   */
  get replayable(): number {
    return this.written;
  }

  append(record: NewRecord): void {
    this.guard('journal.append');
    if (!this.enabled) return;
    if (this.depth > 0) this.buffer.push(record);
    else this.write(record);
  }

  /** Starts buffering a command's effects. Commands may nest; only the outermost one writes. */
  begin(): void {
    this.guard('journal.begin');
    this.depth++;
  }

  /** Ends a command: its record first, then what it caused. */
  end(record: NewRecord): void {
    this.guard('journal.end');
    if (--this.depth > 0) return;
    const effects = this.buffer;
    this.buffer = [];
    this.append(record);
    for (const effect of effects) this.write(effect);
  }

  /** Ends a refused command: whatever was buffered is dropped (a refusal changes nothing). */
  abort(record: NewRecord | null): void {
    this.guard('journal.abort');
    if (--this.depth > 0) return;
    this.buffer = [];
    if (record) this.append(record);
  }

  /** The seq of the oldest record retained, or null when none is. */
  get oldestSeq(): number | null {
    return (this.ring.length < this.limit ? this.ring[0] : this.ring[this.head])?.seq ?? null;
  }

  /** The retained records, oldest first. */
  records(): JournalRecord[] {
    if (this.ring.length < this.limit) return this.ring.slice();
    return [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
  }

  /** The retained records after seq `after`, oldest first, at most `limit`; found by binary search, not a copy of the ring. */
  after(after: number, limit: number): JournalRecord[] {
    const n = this.ring.length;
    const at = (i: number) => this.ring[n < this.limit ? i : (this.head + i) % this.limit]!;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at(mid).seq <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: JournalRecord[] = [];
    for (let i = lo; i < n && out.length < limit; i++) out.push(at(i));
    return out;
  }

  restore(lastSeq: number, records: JournalRecord[]): void {
    this.guard('journal.restore');
    this.lastSeq = lastSeq;
    const kept = records.slice(-this.limit);
    this.ring = kept;
    this.head = 0;
  }

  /**
   * For a replay (time travel): records that no command writes again (`request` records) are put
   * back at their own seq, each as soon as the record before it is written, so that every record
   * the replay writes keeps the seq it had, and a replay that stops at a record stops where it was.
   */
  putBack(records: readonly JournalRecord[]): void {
    this.guard('journal.putBack');
    for (const r of records) if (r.seq > this.lastSeq) this.held.set(r.seq, r);
    this.release();
  }

  private release(): void {
    for (let next = this.held.get(this.lastSeq + 1); next; next = this.held.get(this.lastSeq + 1)) {
      this.held.delete(next.seq);
      this.lastSeq = next.seq;
      this.store(next);
    }
  }

  private write(record: NewRecord): void {
    this.store({ seq: ++this.lastSeq, at: this.now(), ...record } as JournalRecord);
    if (this.held.size > 0) this.release();
  }

  private store(full: JournalRecord): void {
    if (full.type !== 'request') this.written++;
    if (this.limit > 0) {
      if (this.ring.length < this.limit) this.ring.push(full);
      else {
        this.ring[this.head] = full;
        this.head = (this.head + 1) % this.limit;
      }
    }
    this.sink?.(full);
  }
}
