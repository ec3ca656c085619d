/**
 * The baseline: bare XState doing the least the simulator's backups do. One actor per backup, each
 * created with `createActor(machine, { clock })` on one XState `SimulatedClock`, no inspection,
 * no journal, no world. The tiny chart:
 *
 *   creating --5 min--> marked --30 min--> available --DELETE--> deleting --60 s--> deleted (final)
 *
 * It repeats the simulator's cadence: on each simulated day it starts at 02:00 as many actors as the
 * simulator created that day, advances the clock through the day with `clock.increment`, sends
 * DELETE to as many of the oldest available actors as the simulator deleted that day, and stops
 * each actor once it is final.
 */
import { createActor, createMachine, SimulatedClock, type Actor } from 'xstate';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RUN_AT = 2 * HOUR;
const SNAPSHOT_MS = 5 * MINUTE;
const TRANSFER_MS = 30 * MINUTE;
const DELETE_MS = 60_000;

export const tinyBackupMachine = createMachine({
  id: 'tinyBackup',
  initial: 'creating',
  states: {
    creating: { after: { [SNAPSHOT_MS]: 'marked' } },
    marked: { after: { [TRANSFER_MS]: 'available' } },
    available: { on: { DELETE: 'deleting' } },
    deleting: { after: { [DELETE_MS]: 'deleted' } },
    deleted: { type: 'final' },
  },
});

type TinyActor = Actor<typeof tinyBackupMachine>;

export interface BaselineResult {
  backupsCreated: number;
  backupsDeleted: number;
  wallS: number;
}

/** Runs the baseline for the given backups created and deleted per simulated day. */
export function runBaseline(createdPerDay: readonly number[], deletedPerDay: readonly number[]): BaselineResult {
  const started = performance.now();
  const clock = new SimulatedClock();
  /** Actors not deleted yet, oldest first; `head` skips the deleted ones without shifting. */
  let live: TinyActor[] = [];
  let head = 0;
  let created = 0;
  let deleted = 0;

  for (let day = 0; day < createdPerDay.length; day++) {
    clock.increment(RUN_AT);
    const starting = createdPerDay[day] ?? 0;
    for (let i = 0; i < starting; i++) {
      live.push(createActor(tinyBackupMachine, { clock }).start());
      created++;
    }
    clock.increment(SNAPSHOT_MS);
    clock.increment(TRANSFER_MS);

    const deleting = Math.min(deletedPerDay[day] ?? 0, live.length - head);
    const end = head + deleting;
    for (let i = head; i < end; i++) live[i]!.send({ type: 'DELETE' });
    clock.increment(DELETE_MS);
    for (let i = head; i < end; i++) {
      const actor = live[i]!;
      if (actor.getSnapshot().status !== 'done') throw new Error('baseline: a deleted backup did not reach its final state');
      actor.stop();
      deleted++;
    }
    head = end;
    if (head > 4096 && head * 2 > live.length) {
      live = live.slice(head);
      head = 0;
    }

    clock.increment(DAY - RUN_AT - SNAPSHOT_MS - TRANSFER_MS - DELETE_MS);
  }

  const wallS = (performance.now() - started) / 1000;
  // Not timed: the simulator run is not torn down either.
  for (let i = head; i < live.length; i++) live[i]!.stop();
  return { backupsCreated: created, backupsDeleted: deleted, wallS };
}
