/**
 * # Task (CBR operation log)
 *
 * One entry of CBR's task log (`/v3/{project_id}/operation-logs`, S2): a backup of one resource, a
 * restore, a backup's deletion, a vault's deletion, a resource's removal from a vault, a hybrid
 * vault's synchronisation of VMware backups (V1).
 *
 * - `waiting` ("Waiting"): accepted, not started. cbr-sim starts every task at once, so a task
 *   passes through it in no time (`START`), or ends there: `SKIP` when a check before the work
 *   fails (a scheduled backup of a resource whose previous backup still runs, P4: `skipped`), or
 *   `FAIL` when the work cannot start (a full vault, P10).
 * - `running` ("Running"): the work runs; its progress (0–100) keeps pace with the virtual clock.
 *   It ends `success` (`SUCCEED`), `failed` (`FAIL`, with the code and message the log shows in
 *   `error_info`) or `timeout` (`TIME_OUT`: the real service stops a step that runs too long;
 *   nothing in cbr-sim runs too long, so no task ends there).
 * - `success`, `failed`, `skipped` and `timeout` are final.
 *
 * Tasks are many (a fleet makes two a backup), so they are no actors: the world's task log keeps
 * plain entries and moves each one with `nextTaskStatus`, which reads this chart's transitions, so
 * the chart stays the one place that says which status follows which.
 */
import { setup } from 'xstate';

export type TaskStatus = 'waiting' | 'running' | 'success' | 'failed' | 'skipped' | 'timeout';
export const TASK_STATUSES: readonly TaskStatus[] = ['waiting', 'running', 'success', 'failed', 'skipped', 'timeout'];

/** The operation types of CBR's task log that cbr-sim makes (`sync`: a hybrid vault's, C10). */
export type TaskOperation = 'backup' | 'restore' | 'delete' | 'vault_delete' | 'remove_resource' | 'sync';
export const TASK_OPERATIONS: readonly TaskOperation[] = ['backup', 'restore', 'delete', 'vault_delete', 'remove_resource', 'sync'];

export type TaskEvent = { type: 'START' } | { type: 'SUCCEED' } | { type: 'FAIL' } | { type: 'SKIP' } | { type: 'TIME_OUT' };

export const taskMachine = setup({
  types: { events: {} as TaskEvent },
}).createMachine({
  id: 'task',
  initial: 'waiting',
  states: {
    waiting: {
      meta: { status: 'waiting', label: 'Waiting', rules: ['S2'] },
      on: { START: 'running', SKIP: 'skipped', FAIL: 'failed' },
    },
    running: {
      meta: { status: 'running', label: 'Running', rules: ['S2'] },
      on: { SUCCEED: 'success', FAIL: 'failed', TIME_OUT: 'timeout' },
    },
    success: { type: 'final', meta: { status: 'success', label: 'Successful', rules: ['S2'] } },
    failed: { type: 'final', meta: { status: 'failed', label: 'Failed', rules: ['S2'] } },
    skipped: { type: 'final', meta: { status: 'skipped', label: 'Skipped', rules: ['S2', 'P4'] } },
    timeout: { type: 'final', meta: { status: 'timeout', label: 'Timed out', rules: ['S2'] } },
  },
});

type Targets = Partial<Record<TaskEvent['type'], TaskStatus>>;

/** Each status's transitions, read once from the chart: event type → the status it leads to. */
const TRANSITIONS: Record<TaskStatus, Targets> = Object.fromEntries(
  TASK_STATUSES.map((status) => {
    const node = taskMachine.states[status]!;
    const targets: Targets = {};
    for (const [type, transitions] of Object.entries(node.on)) {
      const target = transitions[0]?.target?.[0]?.key;
      if (target !== undefined) targets[type as TaskEvent['type']] = target as TaskStatus;
    }
    return [status, targets];
  }),
) as Record<TaskStatus, Targets>;

/** The status `event` moves a task in `status` to, by the chart; null when the chart does not allow it. */
export function nextTaskStatus(status: TaskStatus, event: TaskEvent['type']): TaskStatus | null {
  return TRANSITIONS[status][event] ?? null;
}

/** The console word of each status (the chart's `meta.label`). */
export const TASK_LABELS: Record<TaskStatus, string> = Object.fromEntries(
  TASK_STATUSES.map((s) => [s, (taskMachine.states[s]!.meta as { label: string }).label]),
) as Record<TaskStatus, string>;
