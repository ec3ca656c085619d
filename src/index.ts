/**
 * cbr-sim: executable statecharts of CBR backups, IMS images, ECS servers, EVS disks and backup
 * policies, on a deterministic simulation with a virtual clock.
 */
export { createSimulation, restoreSimulation, Simulation, DEFAULT_START, type SimulationOptions } from './sim/simulation.js';
export { SimulationError, type SimulationErrorCode } from './sim/errors.js';
export type { SavedSimulation } from './sim/save.js';
export type { Duration } from './sim/duration.js';
export { REALISTIC, INSTANT, type Timings, type Profile } from './sim/timings.js';
export type {
  JournalRecord, CommandRecord, RefusalRecord, EventRecord, StateRecord, NoteRecord,
} from './sim/journal.js';
export type {
  AnyRecord, ServerRecord, DiskRecord, BackupRecord, ImageRecord, VaultRecord, PolicyRecord, ResourceKind,
} from './sim/records.js';
export type { FailOperation } from './sim/world.js';
export * as machines from '../machines/index.js';
