/**
 * The `on-poll` clock (README "Time"): a read that shows a record still in a transitional state
 * (a backup Creating, an image being made, a job or task running…) first moves its project's
 * virtual clock to the next due timer and reads again. An SDK waiter loop (`while status !=
 * "available": sleep; show`) thus ends in a few polls, deterministically, with no extra call:
 * moto's "manual transition after N reads" is the model, with the statecharts' own delays as N.
 *
 * The clock moves before the answer, not after: a client that polls until the backup is marked
 * "Image can be created" and then tries a restore meets the mark (B2) and the refusal (B3) of the
 * same moment, as it would in the cloud.
 */
import { SimulationError } from '../sim/errors.js';
import type { SimRecord } from '../sim/records.js';
import type { Project } from './projects.js';

/** Statuses that a timer of the world will end (each chart's transitional states). */
const TRANSITIONAL = new Set([
  // CBR backups, restore points, tasks
  'protecting', 'deleting', 'restoring', 'waiting', 'running',
  // IMS images, jobs of IMS, ECS and EVS
  'queued', 'saving', 'INIT', 'RUNNING',
  // ECS servers, EVS disks
  'BUILD', 'creating',
  // eBackup's local copies (C10)
  'backing_up', 'stored',
]);

export function isTransitional(record: SimRecord): boolean {
  if (TRANSITIONAL.has(record.status)) return true;
  // A server or disk being restored onto (R2) stays ACTIVE/SHUTOFF or in-use meanwhile.
  if ((record.kind === 'server' || record.kind === 'disk') && record.restore !== null) return true;
  return record.kind === 'vault' && record.syncing;
}

/**
 * `read()` as the project's clock mode wants it: with `on-poll`, when a record it shows is
 * transitional, the clock first runs to the next due timer (journaled as an advance, so the
 * inspector shows it) and the records are read again. While the project's session runs long work
 * (a play, an advance, a scenario step) the read answers the world as it stands.
 */
export async function pollRead<T>(project: Project, read: () => T, records: (value: T) => readonly SimRecord[]): Promise<T> {
  const first = read();
  if (project.clock.mode !== 'on-poll' || !records(first).some(isTransitional)) return first;
  const session = project.session;
  if (session.busy !== null) return first;
  const sim = session.simulation;
  const next = sim.nextTimer();
  if (next === null) return first;
  try {
    await session.perform('advance', [Math.max(0, next - sim.now())]);
  } catch (error) {
    // Another request began long work meanwhile: answer what the world shows now.
    if (error instanceof SimulationError && error.code === 'Sim.Busy') return read();
    throw error;
  }
  return read();
}
