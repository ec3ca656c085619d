/**
 * The scenario format: a small story that drives a simulation through one or more rules of
 * `rules.md` and checks them at every step. The same shape is written as a TypeScript module
 * (`defineScenario`) or as a YAML / JSON data file validated by the published JSON Schema.
 *
 * Steps refer to resources by the names the scenario gives them (`as: b1`), never by ids.
 */
import type { Profile } from '../sim/timings.js';

/** A name bound by `as`, optionally followed by a path: `web.systemDisk`, `web.dataDisks.0`, `img.backup`, `copies.1`. */
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
}

export interface CountExpectation {
  kind: 'server' | 'disk' | 'vault' | 'policy' | 'backup' | 'image';
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
  | { expectCount: CountExpectation };

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
