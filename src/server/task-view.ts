/**
 * What the inspector is sent of CBR's task log and of the restore points (S1, S2), bounded. They
 * are no actors, so `GET /api/state` lists them apart from the resources, and a fleet's log can
 * hold 100,000 ended tasks: the page gets the newest `TASKS_SHOWN` (and the count of all, to say
 * "the newest 500 of 12,345"), as the console's Tasks page shows a month at most a page at a time.
 *
 * A running task's progress moves with the clock and writes no record while it does: every
 * `/live` batch and progress message carries the running tasks again (`runningTasks`), so a
 * progress bar moves on each tick of a play without the page asking.
 */
import type { Simulation } from '../sim/simulation.js';
import type { CheckpointRecord, TaskRecord } from '../sim/records.js';

/** The newest tasks the page is sent (of every status). */
export const TASKS_SHOWN = 500;
/** The newest restore points the page is sent (deleted ones within the tombstone TTL included). */
export const CHECKPOINTS_SHOWN = 500;

export interface TaskView {
  /** Newest first, at most `TASKS_SHOWN`. */
  tasks: TaskRecord[];
  /** How many tasks the log keeps in all. */
  taskCount: number;
  /** Newest first, at most `CHECKPOINTS_SHOWN`. */
  checkpoints: CheckpointRecord[];
  checkpointCount: number;
}

/** The newest `limit` entries of `items` (oldest first), newest first. */
function newest<T>(items: readonly T[], limit: number): T[] {
  return items.slice(Math.max(0, items.length - limit)).reverse();
}

/** The newest tasks and restore points, and how many there are in all. */
export function taskView(sim: Simulation): TaskView {
  const log = sim.world.tasks;
  log.prune();
  // Only the records sent are made: the log's entries are kept in the order they were opened.
  const entries = [...log.tasks.values()];
  const checkpoints = sim.list('checkpoint', { includeDeleted: true });
  return {
    tasks: newest(entries, TASKS_SHOWN).map((t) => log.record(t)),
    taskCount: entries.length,
    checkpoints: newest(checkpoints, CHECKPOINTS_SHOWN),
    checkpointCount: checkpoints.length,
  };
}

/** The tasks that are waiting or running now (their progress moves with the clock), newest first, bounded. */
export function runningTasks(sim: Simulation): TaskRecord[] {
  return newest(sim.world.tasks.runningRecords(), TASKS_SHOWN);
}

/** How many tasks the log keeps now (a `/live` batch says so with what changed: the log's size is known at once). */
export function taskCount(sim: Simulation): number {
  sim.world.tasks.prune();
  return sim.world.tasks.tasks.size;
}
