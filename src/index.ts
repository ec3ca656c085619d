/**
 * cbr-sim: executable statecharts of CBR backups, IMS images, ECS servers, EVS disks and backup
 * policies, on a deterministic simulation with a virtual clock.
 */
export { createSimulation, restoreSimulation, Simulation, DEFAULT_START, type SimulationOptions, type PreviewVerb, type Verdict } from './sim/simulation.js';
export { SimulationError, type SimulationErrorCode } from './sim/errors.js';
export type { SavedSimulation } from './sim/save.js';
export type { Duration } from './sim/duration.js';
export { REALISTIC, INSTANT, type Timings, type Profile } from './sim/timings.js';
export type {
  JournalRecord, CommandRecord, RefusalRecord, EventRecord, StateRecord, NoteRecord,
} from './sim/journal.js';
export type {
  AnyRecord, ServerRecord, DiskRecord, BackupRecord, ImageRecord, VaultRecord, PolicyRecord, ResourceKind,
  SimRecord, CheckpointRecord, TaskRecord, JobRecord, SubJobRecord, SkippedResource, ListKind, SiteRecord, VmRecord, LocalCopyRecord,
} from './sim/records.js';
export { PROVIDER_IDS, RESOURCE_TYPES, VAULT_BILLING } from './sim/records.js';
export { DEFAULT_VSPHERE_VERSIONS } from './sim/vsphere.js';
export type { ListFilter } from './sim/simulation.js';
export { TASK_KEPT_MS, TASKS_KEPT_MAX } from './sim/tasks.js';
export { JOB_KEPT_MS } from './sim/world.js';
export type { FailOperation } from './sim/world.js';
export * as machines from '../machines/index.js';
export { defineScenario, type Scenario, type Step, type ScenarioSetup, type ResourceExpectation, type CountExpectation, type TaskExpectation, type JobExpectation } from './scenario/types.js';
export { ScenarioRun, runScenario, type StepOutcome, type RunResult, type RunOptions, type Change } from './scenario/runner.js';
export { describeUnnamed, type UnnamedCount, type DeletionReason } from './scenario/unnamed.js';
export { ScenarioError, validateScenario, type Issue } from './scenario/validate.js';
export { loadScenarioFile, parseScenario } from './scenario/load.js';
export { scenarioSchema } from './scenario/schema.js';
export { RULES, FAMILIES, ruleById, type Rule, type RuleFamily, type Family } from './rules/catalogue.js';
