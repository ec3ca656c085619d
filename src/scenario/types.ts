/**
 * The scenario format: a small story that drives a simulation through one or more rules of
 * `rules.md` and checks them at every step. The same shape is written as a TypeScript module
 * (`defineScenario`) or as a YAML / JSON data file validated by the published JSON Schema.
 *
 * Steps refer to resources by the names the scenario gives them (`as: b1`), never by ids.
 */
import type { Profile } from '../sim/timings.js';
import type { TaskOperation, TaskStatus } from '../../machines/task.machine.js';
import type { JobStatus } from '../../machines/job.machine.js';

/**
 * A name bound by `as`, optionally followed by a path: `web.systemDisk`, `web.dataDisks.0`,
 * `img.backup`, `copies.1`; `img.job` (the job that made it), `b1.checkpoint` (its restore point),
 * `b1.task` (the task that made it), `cp1.backups.0`, `job1.image`.
 */
export type Ref = string;

export interface ServerSetup {
  as: string;
  name?: string;
  os?: 'linux' | 'windows';
  systemDiskGB?: number;
  dataDisksGB?: number[];
  initTool?: boolean;
  optimized?: boolean;
  az?: string;
}

export interface DiskSetup {
  as: string;
  name?: string;
  sizeGB: number;
  az?: string;
}

export interface VaultSetup {
  as: string;
  name?: string;
  kind: 'server' | 'disk';
  resources?: Ref[];
  capacityGB?: number;
  autoExpand?: boolean;
}

export interface PolicySetup {
  as: string;
  name?: string;
  enabled?: boolean;
  pattern: string[];
  maxBackups?: number;
  retentionDays?: number;
  dayBackups?: number;
  weekBackups?: number;
  monthBackups?: number;
  yearBackups?: number;
  timezone?: string;
  /** Vaults (by name) the policy is applied to. */
  apply?: Ref[];
}

export interface ScenarioSetup {
  seed?: number;
  start?: string;
  profile?: Profile;
  imageQuota?: number;
  servers?: ServerSetup[];
  disks?: DiskSetup[];
  vaults?: VaultSetup[];
  policies?: PolicySetup[];
}

/** What a named resource must look like. Plain values must be equal; refs name other resources. */
export interface ResourceExpectation {
  status?: string;
  label?: string;
  imageable?: boolean;
  azRestricted?: boolean;
  autoTrigger?: boolean;
  containsSystemDisk?: boolean;
  az?: string;
  imageKind?: string;
  /** The backup's image / the image's backup is this named resource (or null: none). */
  linkedTo?: Ref | null;
  sizeGB?: number | { lessThan: Ref } | { greaterThan: Ref } | { equals: Ref };
  /** A vault's capacity, space used and auto-expansion (P10). */
  capacityGB?: number | null;
  usedGB?: number;
  autoExpand?: boolean;
  /** How the last scheduled run went on a vault or policy (P10), or null before the first. */
  lastRun?: 'success' | 'partial' | 'failed' | 'skipped' | null;
  /** S1: the backup belongs to this named restore point (checkpoint). */
  checkpoint?: Ref;
  /** S1: a restore point's backups: how many, or which (names, in any order). */
  backups?: number | Ref[];
  /** S1: the resources a restore point skipped: how many, or which (names, in any order). */
  skipped?: number | Ref[];
  /** S3: a job's type (`imsCreateWholeImageByBackupJob`, `createServer`, `createVolume`…). */
  jobType?: string;
  /** S3: a job's error code, or null: none. */
  errorCode?: string | null;
  /** C10: a backup's resource type (`OS::Nova::Server`, `OS::Cinder::Volume`, `OS::VMware::Server`). */
  resourceType?: string;
  /** C10: a backup's provider id (the VMware one for a synchronised backup, V2). */
  providerId?: string;
}

/**
 * S2: at least one task of the log has every field given (`count`: exactly that many). At least
 * one of resource, vault, backup, operationType, status and code is given.
 */
export interface TaskExpectation {
  /** The server or disk the task works on. */
  resource?: Ref;
  /** The vault it works in (a hybrid vault's sync task, V1, has no resource). */
  vault?: Ref;
  /** The backup it makes, restores or deletes. */
  backup?: Ref;
  operationType?: TaskOperation;
  status?: TaskStatus;
  /** Its `errorInfo.code`; null: none. */
  code?: string | null;
  /** V1: a sync task's counters (`extra_info.sync`): backups synchronised, deleted, failed to synchronise. */
  syncBackupNum?: number;
  deleteBackupNum?: number;
  errSyncBackupNum?: number;
  /** Exactly this many tasks match (0: none does). */
  count?: number;
}

/** S3: a job (`job`), or at least one job that made `entity` (and is of `jobType`), is as given. */
export interface JobExpectation {
  job?: Ref;
  /** The image, server or disk the job made (its `entities`). */
  entity?: Ref;
  jobType?: string;
  status?: JobStatus;
  /** Its `errorCode`; null: none. */
  errorCode?: string | null;
  /** An ECS batch's sub-jobs: how many, or how many are in each status (`{ SUCCESS: 2, FAIL: 1 }`). */
  subJobs?: number | Partial<Record<JobStatus, number>>;
}

export interface CountExpectation {
  kind: 'server' | 'disk' | 'vault' | 'policy' | 'backup' | 'image' | 'checkpoint' | 'task' | 'job';
  status?: string | string[];
  autoTrigger?: boolean;
  includeDeleted?: boolean;
  equals: number;
}

export type Step =
  | { say: string }
  | { do: string; as?: string; [param: string]: unknown }
  | { refuse: string; do: string; [param: string]: unknown }
  | { advance: string | number | { until: Record<Ref, ResourceExpectation>; max?: string | number } }
  | { expect: Record<Ref, ResourceExpectation> }
  | { expectCount: CountExpectation }
  | { expectTask: TaskExpectation }
  | { expectJob: JobExpectation };

export interface Scenario {
  id: string;
  title: string;
  narrative: string;
  /** Rule IDs of `rules.md` this scenario demonstrates. */
  rules: string[];
  /** Shown in `cbr-sim list`; walkthroughs tell a longer story across many rules. */
  walkthrough?: boolean;
  setup?: ScenarioSetup;
  steps: Step[];
}

/**
 * Declares a scenario in TypeScript, typed like the data files. It returns the scenario as given;
 * the runner validates it the same way as a file.
 *
 * @example
 * export default defineScenario({
 *   id: 'i7-backup-with-image', title: 'A backup that has an image cannot be deleted',
 *   narrative: '…', rules: ['I7'],
 *   setup: { servers: [{ as: 'web' }] },
 *   steps: [{ do: 'backupServer', server: 'web', as: 'b1' }, { advance: { until: { b1: { status: 'available' } } } }],
 * });
 */
export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}
