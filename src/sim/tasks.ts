/**
 * CBR's task log (S2): one entry per backup of a resource, restore, backup deletion, vault deletion
 * and resource removal, as `GET /v3/{project_id}/operation-logs` lists them. The world opens a task
 * when the work starts and ends it when the chart doing the work says so (a backup's
 * `protecting` → `available` or `error`, `deleting` → `deleted`, the end of `restoring`); each
 * status change follows the task chart (`machines/task.machine.ts`) and is journaled as a `state`
 * record of kind `task`, so the timeline and the inspector see tasks as they see resources.
 *
 * A sync task (V1) also counts what it did: backups synchronised, deleted, failed to synchronise.
 *
 * Tasks are plain entries, not actors: a fleet makes two per backup. They are kept like the real
 * log keeps them: a task that ended is forgotten **30 days** after it ended [inference: the
 * console's Tasks page shows about a month], and at most **100,000** ended tasks are kept
 * (the oldest go first), so a fleet running for years stays flat in memory.
 */
import { TASK_LABELS, nextTaskStatus, type TaskEvent, type TaskOperation, type TaskStatus } from '../../machines/task.machine.js';
import type { Journal } from './journal.js';
import type { ResourceType, TaskRecord } from './records.js';
import { serialId } from './serial-ids.js';
import { isoTime } from './time.js';

const DAY = 86_400_000;
/** How long an ended task stays in the log. */
export const TASK_KEPT_MS = 30 * DAY;
/** The most ended tasks the log keeps. */
export const TASKS_KEPT_MAX = 100_000;

/** What a task is about; every field but the operation is optional (null). */
export interface TaskSubject {
  operationType: TaskOperation;
  resourceId?: string | null;
  resourceName?: string | null;
  resourceType?: ResourceType | null;
  backupId?: string | null;
  backupName?: string | null;
  checkpointId?: string | null;
  policyId?: string | null;
  vaultId?: string | null;
  vaultName?: string | null;
  targetId?: string | null;
}

export interface TaskEntry extends Required<TaskSubject> {
  id: string;
  status: TaskStatus;
  startedAt: number;
  endedAt: number | null;
  /** When the work is expected to end (for the progress); null when it is not timed. */
  plannedEndAt: number | null;
  /** The progress when it ended (a failed task stops where it was). */
  progressAtEnd: number | null;
  errorInfo: { code: string; message: string } | null;
  /** A vault's deletion: how many of its backups are still being deleted. */
  waitingFor: number;
  /** A sync (V1): its counters (`extra_info.sync`); null for any other task. */
  sync?: SyncCounters | null;
}

/** V1: what a sync task counts. */
export interface SyncCounters {
  syncBackupNum: number;
  deleteBackupNum: number;
  errSyncBackupNum: number;
}

/** What the log needs of the world: its clock, its journal, its dry-run guard and its seed. */
export interface TaskHost {
  now(): number;
  changing(what: string): void;
  readonly journal: Journal;
  readonly seed: number;
}

export interface TaskFilter {
  operationType?: TaskOperation;
  status?: TaskStatus | TaskStatus[];
  resourceId?: string;
}

const ENDED: ReadonlySet<TaskStatus> = new Set(['success', 'failed', 'skipped', 'timeout']);

export class TaskLog {
  /** Every kept task, in the order they were opened. */
  readonly tasks = new Map<string, TaskEntry>();
  /** The running task of each piece of work, by operation and subject id (a backup's, a vault's). */
  private readonly running = new Map<TaskOperation, Map<string, TaskEntry>>();
  /** How many tasks were ever opened: the next task's serial (saved). */
  serial = 0;
  private ended = 0;
  /** The next time opening a task sweeps the log (see `open`). */
  private nextSweepAt = -Infinity;

  constructor(private readonly host: TaskHost) {}

  /** Opens a task whose work starts now and is expected to take `plannedMs` (null: untimed). */
  start(subject: TaskSubject, key: string, plannedMs: number | null): TaskEntry {
    const task = this.open(subject);
    this.move(task, 'START');
    task.plannedEndAt = plannedMs === null ? null : task.startedAt + plannedMs;
    this.runningOf(subject.operationType).set(key, task);
    this.journal(task, null);
    return task;
  }

  /** A task that ends as it is opened: skipped or failed before its work starts, or done at once. */
  settle(subject: TaskSubject, outcome: 'SKIP' | 'FAIL' | 'SUCCEED', errorInfo: { code: string; message: string } | null = null): TaskEntry {
    const task = this.open(subject);
    if (outcome === 'SUCCEED') this.move(task, 'START');
    task.errorInfo = errorInfo;
    this.move(task, outcome);
    this.journal(task, null);
    return task;
  }

  /** The running task of `operation` on `key`, if there is one. */
  runningTask(operation: TaskOperation, key: string): TaskEntry | undefined {
    return this.running.get(operation)?.get(key);
  }

  /** The running tasks' records, without walking the whole log: the inspector sends them every batch. */
  runningRecords(): TaskRecord[] {
    const out: TaskRecord[] = [];
    for (const map of this.running.values()) for (const task of map.values()) out.push(this.record(task));
    return out.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  }

  private runningOf(operation: TaskOperation): Map<string, TaskEntry> {
    let map = this.running.get(operation);
    if (!map) this.running.set(operation, (map = new Map()));
    return map;
  }

  /** Ends the running task of `operation` on `key`: `SUCCEED`, or `FAIL` with the code and message. */
  end(operation: TaskOperation, key: string, outcome: 'SUCCEED' | 'FAIL', errorInfo: { code: string; message: string } | null = null): TaskEntry | undefined {
    const task = this.runningTask(operation, key);
    if (!task) return undefined;
    this.host.changing('task');
    this.running.get(operation)!.delete(key);
    // A failed task stops where it was.
    task.progressAtEnd = outcome === 'SUCCEED' ? 100 : Math.min(99, this.progressOf(task));
    task.errorInfo = errorInfo;
    this.move(task, outcome);
    this.journal(task, 'running');
    return task;
  }

  private open(subject: TaskSubject): TaskEntry {
    this.host.changing('task');
    // A sweep walks the log from its oldest task, so a fleet's hundreds of tasks an hour sweep once
    // an hour of simulated time (or when the log is full), not once per task; `get` and `list`
    // sweep first, so they never show a task past its time.
    const now = this.host.now();
    if (now >= this.nextSweepAt || this.ended > TASKS_KEPT_MAX) {
      this.prune();
      this.nextSweepAt = now + 3_600_000;
    }
    this.serial++;
    const task: TaskEntry = {
      operationType: subject.operationType,
      resourceId: subject.resourceId ?? null, resourceName: subject.resourceName ?? null, resourceType: subject.resourceType ?? null,
      backupId: subject.backupId ?? null, backupName: subject.backupName ?? null, checkpointId: subject.checkpointId ?? null,
      policyId: subject.policyId ?? null, vaultId: subject.vaultId ?? null, vaultName: subject.vaultName ?? null, targetId: subject.targetId ?? null,
      id: serialId('task', this.serial, this.host.seed), status: 'waiting', startedAt: now, endedAt: null,
      plannedEndAt: null, progressAtEnd: null, errorInfo: null, waitingFor: 0,
    };
    if (subject.operationType === 'sync') task.sync = { syncBackupNum: 0, deleteBackupNum: 0, errSyncBackupNum: 0 };
    this.tasks.set(task.id, task);
    return task;
  }

  /** Moves `task` by the chart (which must allow `event` where the task is). */
  private move(task: TaskEntry, event: TaskEvent['type']): void {
    const next = nextTaskStatus(task.status, event);
    if (next === null) throw new Error(`task ${task.id}: the task chart has no ${event} from ${task.status}`);
    task.status = next;
    if (ENDED.has(next)) {
      task.endedAt = this.host.now();
      task.progressAtEnd ??= next === 'success' ? 100 : 0;
      this.ended++;
    }
  }

  /** The task's new status, as a `state` record of kind `task` (a task opened and ended at once: one record from nothing). */
  private journal(task: TaskEntry, from: TaskStatus | null): void {
    this.host.journal.append({ type: 'state', resourceId: task.id, kind: 'task', from, status: task.status, label: TASK_LABELS[task.status], value: task.status });
  }

  /** 0–100: how far the work has come by the clock, 99 at most until it ends. */
  private progressOf(task: TaskEntry): number {
    if (task.progressAtEnd !== null) return task.progressAtEnd;
    if (task.status !== 'running') return 0;
    const { plannedEndAt, startedAt } = task;
    if (plannedEndAt === null || plannedEndAt <= startedAt) return 0;
    const share = (this.host.now() - startedAt) / (plannedEndAt - startedAt);
    return Math.max(0, Math.min(99, Math.floor(share * 100)));
  }

  record(task: TaskEntry): TaskRecord {
    const subject = task.resourceName ?? task.vaultName ?? task.resourceId ?? task.vaultId ?? '';
    return {
      id: task.id, kind: 'task', name: `${task.operationType} ${subject}`.trim(), status: task.status, label: TASK_LABELS[task.status],
      createdAt: isoTime(task.startedAt), operationType: task.operationType, progress: this.progressOf(task),
      startedAt: isoTime(task.startedAt), endedAt: task.endedAt === null ? null : isoTime(task.endedAt),
      resourceId: task.resourceId, resourceName: task.resourceName, resourceType: task.resourceType,
      backupId: task.backupId, backupName: task.backupName, checkpointId: task.checkpointId, policyId: task.policyId,
      vaultId: task.vaultId, vaultName: task.vaultName, targetId: task.targetId,
      errorInfo: task.errorInfo === null ? null : { ...task.errorInfo },
      ...(task.sync ? { ...task.sync } : {}),
    };
  }

  get(id: string): TaskRecord | null {
    this.prune();
    const task = this.tasks.get(id);
    return task ? this.record(task) : null;
  }

  /** The kept tasks, oldest first, that match every part of `filter`. */
  list(filter: TaskFilter = {}): TaskRecord[] {
    this.prune();
    const statuses = filter.status === undefined ? null : Array.isArray(filter.status) ? filter.status : [filter.status];
    const out: TaskRecord[] = [];
    for (const task of this.tasks.values()) {
      if (filter.operationType !== undefined && task.operationType !== filter.operationType) continue;
      if (statuses && !statuses.includes(task.status)) continue;
      if (filter.resourceId !== undefined && task.resourceId !== filter.resourceId) continue;
      out.push(this.record(task));
    }
    return out;
  }

  /**
   * Forgets ended tasks older than `TASK_KEPT_MS`, and the oldest ended ones beyond
   * `TASKS_KEPT_MAX`, from the oldest opened: a running task stops the sweep there (it is bounded
   * by the work running now).
   */
  prune(): void {
    const cutoff = this.host.now() - TASK_KEPT_MS;
    for (const [id, task] of this.tasks) {
      if (task.endedAt === null) break;
      if (task.endedAt > cutoff && this.ended <= TASKS_KEPT_MAX) break;
      this.tasks.delete(id);
      this.ended--;
    }
  }

  // --- save and restore ------------------------------------------------------------------------

  /** The log as plain data; `running` pairs `operation:subject id` with the task's id. */
  save(): { serial: number; tasks: TaskEntry[]; running: [string, string][] } {
    const running: [string, string][] = [];
    for (const [operation, map] of this.running) for (const [key, task] of map) running.push([`${operation}:${key}`, task.id]);
    return { serial: this.serial, tasks: [...this.tasks.values()].map((t) => ({ ...t, ...(t.sync ? { sync: { ...t.sync } } : {}) })), running };
  }

  restore(saved: { serial: number; tasks: TaskEntry[]; running: [string, string][] }): void {
    this.serial = saved.serial;
    for (const t of saved.tasks) {
      this.tasks.set(t.id, { ...t, errorInfo: t.errorInfo === null ? null : { ...t.errorInfo }, ...(t.sync ? { sync: { ...t.sync } } : {}) });
      if (ENDED.has(t.status)) this.ended++;
    }
    for (const [key, id] of saved.running) {
      const at = key.indexOf(':');
      const task = this.tasks.get(id);
      if (task) this.runningOf(key.slice(0, at) as TaskOperation).set(key.slice(at + 1), task);
    }
  }
}
