/** The statecharts of cbr-sim: pure XState v5 machines, no I/O, no imports from `src/`. */
export { backupMachine, backupStatus, isImageable } from './backup.machine.js';
export type { BackupContext, BackupEvent, BackupInput, BackupSnapshot, BackupTiming, ServerFacts } from './backup.machine.js';
export { imageMachine, imageStatus, isAzRestricted, compressedSizeGB, COMPRESSION_RATIO } from './image.machine.js';
export type { ImageContext, ImageEvent, ImageInput, ImageKind, ImageSnapshot } from './image.machine.js';
export { serverMachine, serverStatus } from './server.machine.js';
export type { ServerContext, ServerEvent, ServerInput, ServerSnapshot } from './server.machine.js';
export { diskMachine, diskStatus } from './disk.machine.js';
export type { DiskContext, DiskEvent, DiskInput, DiskSnapshot } from './disk.machine.js';
export { vaultMachine, MAX_VAULT_RESOURCES } from './vault.machine.js';
export type { VaultContext, VaultEmitted, VaultEvent, VaultInput, VaultResourceKind, VaultSnapshot, VaultSync } from './vault.machine.js';
export { policyMachine, policyStatus } from './policy.machine.js';
export type { PolicyChanges, PolicyContext, PolicyEmitted, PolicyEvent, PolicyInput, PolicySnapshot } from './policy.machine.js';
export { jobMachine, jobStatus, JOB_STATUSES } from './job.machine.js';
export type { JobContext, JobEntities, JobEvent, JobInput, JobService, JobSnapshot, JobStatus, SubJob } from './job.machine.js';
export { taskMachine, nextTaskStatus, TASK_STATUSES, TASK_OPERATIONS, TASK_LABELS } from './task.machine.js';
export type { TaskEvent, TaskOperation, TaskStatus } from './task.machine.js';
export { siteMachine, siteStatus } from './site.machine.js';
export type { SiteContext, SiteEvent, SiteInput, SiteSnapshot } from './site.machine.js';
export { vmMachine, vmStatus } from './vm.machine.js';
export type { VmContext, VmDisk, VmEvent, VmInput, VmSnapshot } from './vm.machine.js';
export { localCopyMachine, localCopyStatus } from './local-copy.machine.js';
export type { LocalCopyContext, LocalCopyEvent, LocalCopyInput, LocalCopySnapshot } from './local-copy.machine.js';
export { regionMachine } from './region.machine.js';
export type { RegionContext, RegionEvent, RegionInput, RegionSnapshot } from './region.machine.js';
export { refuse, type RefusalCode, type RefuseParams } from './refusal.js';
export { parseSchedule, parseRule, nextRun, ScheduleError, type Recurrence } from './schedule.js';
export {
  selectExpired,
  validateRetention,
  isCounted,
  timezoneOffsetMinutes,
  RetentionError,
  RETENTION_FIELDS,
  type RetentionCandidate,
  type RetentionRules,
} from './retention.js';
export { statusReader, type StatusMeta } from './status.js';
