/**
 * The plain records the API returns: a projection of each resource's statechart snapshot. They are
 * computed, never stored, so they cannot drift from the charts.
 */
import { backupStatus, isImageable, type BackupSnapshot } from '../../machines/backup.machine.js';
import { imageStatus, isAzRestricted, type ImageKind, type ImageSnapshot } from '../../machines/image.machine.js';
import { serverStatus, type ServerSnapshot } from '../../machines/server.machine.js';
import { diskStatus, type DiskSnapshot } from '../../machines/disk.machine.js';
import type { RunStatus, VaultSnapshot } from '../../machines/vault.machine.js';
import { policyStatus, type PolicySnapshot } from '../../machines/policy.machine.js';
import { jobStatus, type JobEntities, type JobService, type JobSnapshot, type JobStatus } from '../../machines/job.machine.js';
import type { TaskOperation, TaskStatus } from '../../machines/task.machine.js';
import { siteStatus, type SiteSnapshot } from '../../machines/site.machine.js';
import { vmStatus, type VmDisk, type VmSnapshot } from '../../machines/vm.machine.js';
import { localCopyStatus, type LocalCopySnapshot } from '../../machines/local-copy.machine.js';
import type { VaultResourceKind } from '../../machines/vault.machine.js';
import { isoTime } from './time.js';

/** The kinds of resource that are actors of a chart (`machines/`). */
export type ResourceKind = 'server' | 'disk' | 'vault' | 'policy' | 'backup' | 'image' | 'job' | 'site' | 'vm' | 'localCopy';
export const RESOURCE_KINDS: readonly ResourceKind[] = ['server', 'disk', 'vault', 'policy', 'backup', 'image', 'job', 'site', 'vm', 'localCopy'];

/** Everything `list` and `get` know: the resources, and the restore points and tasks (S1, S2). */
export type ListKind = ResourceKind | 'checkpoint' | 'task';
export const LIST_KINDS: readonly ListKind[] = [...RESOURCE_KINDS, 'checkpoint', 'task'];

/**
 * cloud-facts §1.1 and c10-vmware.md §2.2: the backup object families (`provider_id`) and resource
 * types of CBR, the VMware ones for backups synchronised from on premises (C10).
 */
export const PROVIDER_IDS = {
  server: '0daac4c5-6707-4851-97ba-169e36266b66', disk: 'd1603440-187d-4516-af25-121250c7cc97', vmware: 'a13639de-00be-4e94-af30-26912d75e4a2',
} as const;
export const RESOURCE_TYPES = { server: 'OS::Nova::Server', disk: 'OS::Cinder::Volume', vmware: 'OS::VMware::Server' } as const;

/**
 * A vault's `billing` (cloud-facts §1.2; c10-vmware.md §2.2): spec code, cloud, object and
 * protection types. The hybrid one's combination is inferred (no source gives all four together).
 */
export const VAULT_BILLING = {
  server: { specCode: 'vault.backup.server.normal', cloudType: 'public', objectType: 'server', protectType: 'backup' },
  disk: { specCode: 'vault.backup.volume.normal', cloudType: 'public', objectType: 'disk', protectType: 'backup' },
  vmware: { specCode: 'vault.hybrid.server.normal', cloudType: 'hybrid', objectType: 'vmware', protectType: 'hybrid' },
} as const;
export type ResourceType = (typeof RESOURCE_TYPES)[keyof typeof RESOURCE_TYPES];

/**
 * When a resource's state last changed, and (images) when it became Normal: kept by the world for
 * each live resource, since a snapshot does not say when it was reached.
 */
export interface Stamps {
  changedAt: number;
  activeAt?: number;
}

interface BaseRecord {
  id: string;
  name: string;
  /** The API status value (`protecting`, `active`, `SHUTOFF`…). */
  status: string;
  /** The console word (`Creating`, `Normal`, `Stopped`…). */
  label: string;
  /** ISO time of creation, in simulated time. */
  createdAt: string;
}

export interface ServerRecord extends BaseRecord {
  kind: 'server';
  os: 'linux' | 'windows';
  initTool: boolean;
  optimized: boolean;
  az: string;
  systemDiskId: string;
  dataDiskIds: string[];
  sourceImageId: string | null;
  vaultId: string | null;
  /** While a restore runs (R2): its backup and when it ends (ISO); null otherwise. */
  restore: RestoreLockRecord | null;
  /** S3: the ECS job that made it (`provisionServers`, `createServer`); null for none. */
  jobId: string | null;
}

export interface RestoreLockRecord {
  backupId: string;
  endsAt: string;
}

/** R1: a server backup's disk backup, as its parent lists it. */
export interface BackupChildRef {
  id: string;
  diskId: string;
  sizeGB: number;
  systemDisk: boolean;
}

export interface DiskRecord extends BaseRecord {
  kind: 'disk';
  sizeGB: number;
  serverId: string | null;
  az: string;
  role: 'system' | 'data';
  vaultId: string | null;
  /** While a restore runs (R2): its backup and when it ends (ISO); null otherwise. */
  restore: RestoreLockRecord | null;
  /** S3: the EVS job that made it (`createDisk`, `createDiskFromBackup`, `createDiskFromImage`); null for a server's own disks. */
  jobId: string | null;
}

export interface BackupRecord extends BaseRecord {
  kind: 'backup';
  /** The server, disk or (C10) on-premises VMware VM it is a backup of. */
  resourceId: string;
  resourceKind: 'server' | 'disk' | 'vmware';
  vaultId: string;
  sizeGB: number;
  containsSystemDisk: boolean;
  autoTrigger: boolean;
  /** The console's "Image can be created" mark (B2, I1). */
  imageable: boolean;
  imageId: string | null;
  az: string;
  /** R1: a server backup's disk backups, system disk first; [] for a disk backup and a child. */
  children: BackupChildRef[];
  /** R1: the server backup a child belongs to; null for any other backup. */
  parentId: string | null;
  /** The disk a disk backup or a child is of; null for a server backup. */
  diskId: string | null;
  /** Whether a disk backup or a child is of a system disk (R4); false for a server backup. */
  systemDisk: boolean;
  /** P6: ISO time this automatic backup expires, fixed when it was made; null = never by age. */
  expiredAt: string | null;
  /** S1: the restore point (checkpoint) it belongs to. */
  checkpointId: string | null;
  /** The backup time: when its snapshot phase ended (ISO); null while it is still taken. */
  protectedAt: string | null;
  /** When its state last changed (ISO). */
  updatedAt: string;
  /** cloud-facts §1.4: `OS::Nova::Server`, `OS::Cinder::Volume`, or (C10) `OS::VMware::Server`. */
  resourceType: ResourceType;
  /** cloud-facts §1.1: the backup object family. */
  providerId: string;
  /**
   * cloud-facts §1.6: `snapshot` while it is marked "Image can be created" (B2), `backup` once it
   * can restore (Available, Restoring), `na` otherwise.
   */
  supportedRestoreMode: 'snapshot' | 'backup' | 'na';
  /** `image_type`: `backup` for what CBR made, `sync` for a VMware backup synchronised (C10) [inference]. */
  imageType: 'backup' | 'sync';
  /** C10: the eBackup local copy a VMware backup was synchronised from; null for any other. */
  copyId: string | null;
  /** The projects it is shared with (`shareBackup`); [] when it is not shared. */
  members: string[];
}

export interface ImageRecord extends BaseRecord {
  kind: 'image';
  imageKind: ImageKind;
  sizeGB: number;
  backupId: string | null;
  az: string;
  /** True while its backup is still Creating: usable only in `az` (I10). */
  azRestricted: boolean;
  os: 'linux' | 'windows';
  /** The smallest system disk (or data disk) a server or disk made from it gets, GB (`min_disk`). */
  minDiskGB: number;
  /** When it became Normal (ISO); null before (`active_at`). */
  activeAt: string | null;
  /** IMS `virtual_env_type`: `FusionCompute` for server images, `DataImage` for data-disk images. */
  virtualEnvType: 'FusionCompute' | 'DataImage';
  /** IMS `__whole_image`: true for a full-ECS image. */
  wholeImage: boolean;
  /** S3: the IMS job that made it. */
  jobId: string | null;
  /** IMS `__description`: '' until `updateImage` gives one. */
  description: string;
}

export interface VaultRecord extends BaseRecord {
  kind: 'vault';
  /** `vmware`: a hybrid cloud backup vault of on-premises VMware VMs (C10). */
  resourceKind: VaultResourceKind;
  /** Its billing: `vault.backup.server.normal`, `vault.backup.volume.normal` or `vault.hybrid.server.normal`. */
  specCode: string;
  cloudType: 'public' | 'hybrid';
  objectType: 'server' | 'disk' | 'vmware';
  protectType: 'backup' | 'hybrid';
  /** V1: whether a sync runs now, and its task. */
  syncing: boolean;
  syncTaskId: string | null;
  resourceIds: string[];
  policyId: string | null;
  usedGB: number;
  capacityGB: number | null;
  /**
   * The size of the servers and disks it protects, GB (`billing.allocated` [inference]: what a
   * full backup of everything bound needs).
   */
  allocatedGB: number;
  /** P10: grows to 1.25 × its capacity when it would become full. */
  autoExpand: boolean;
  /** P10: how the last scheduled run of its policy went here; null before the first. */
  lastRun: VaultRunRecord | null;
}

export interface VaultRunRecord {
  at: string;
  policyId: string;
  status: RunStatus;
  backupIds: string[];
  skippedIds: string[];
  failures: { resourceId: string; code: string }[];
  /** S1: the restore point the run made here; null when it made no backup. */
  checkpointId: string | null;
}

export interface PolicyRunRecord {
  at: string;
  status: RunStatus;
  backups: number;
  skipped: number;
  failed: number;
  codes: string[];
}

export interface PolicyRecord extends BaseRecord {
  kind: 'policy';
  enabled: boolean;
  pattern: string[];
  maxBackups: number | null;
  retentionDays: number | null;
  dayBackups: number | null;
  weekBackups: number | null;
  monthBackups: number | null;
  yearBackups: number | null;
  timezone: string | null;
  vaultIds: string[];
  /** ISO time of the next scheduled run; null when disabled or not applied. */
  nextRunAt: string | null;
  /** P10: how its last scheduled run went, over all its vaults; null before the first. */
  lastRun: PolicyRunRecord | null;
}

/** S3: one server of an ECS batch. */
export interface SubJobRecord {
  jobId: string;
  serverId: string;
  status: JobStatus;
  beginAt: string;
  endAt: string | null;
  errorCode: string | null;
  failReason: string | null;
}

/** S3: an asynchronous job of IMS, ECS or EVS (rest-api.md §1.8, §3.3, §4, §5). */
export interface JobRecord extends BaseRecord {
  kind: 'job';
  status: JobStatus;
  service: JobService;
  jobType: string;
  beginAt: string;
  /** ISO; null while it runs. */
  endAt: string | null;
  entities: JobEntities;
  errorCode: string | null;
  failReason: string | null;
  /** An ECS batch: one per server, in order; [] for any other job. */
  subJobs: SubJobRecord[];
}

/** C10: an on-premises site, where eBackup backs VMware VMs up. */
export interface SiteRecord extends BaseRecord {
  kind: 'site';
  /** `ready` ("eBackup ready") or `notInstalled` ("No eBackup"). */
  ebackup: boolean;
  vmIds: string[];
}

/** C10: a VMware VM of an on-premises site. */
export interface VmRecord extends BaseRecord {
  kind: 'vm';
  siteId: string;
  os: 'linux' | 'windows';
  /** Its disks, system disk first (`<vm id>-<n>`). */
  disks: VmDisk[];
  disksGB: number[];
  sizeGB: number;
  vsphereVersion: string;
  vsphereSupported: boolean;
  /** The hybrid vault protecting it; null for none. */
  vaultId: string | null;
  /** Whether eBackup is backing it up now. */
  backingUp: boolean;
}

/** C10: a backup copy eBackup made of a VM on premises (`backing_up`, `stored`, `uploaded`, `expired`). */
export interface LocalCopyRecord extends BaseRecord {
  kind: 'localCopy';
  vmId: string;
  siteId: string;
  os: 'linux' | 'windows';
  disks: VmDisk[];
  sizeGB: number;
  /** When it is (or was) stored on premises, and uploaded to the vault's bucket (ISO). */
  storedAt: string;
  uploadedAt: string;
  /** The CBR backup it was synchronised as; null before (V1). */
  backupId: string | null;
}

/** S1: one resource a restore point could not back up, and why. */
export interface SkippedResource {
  id: string;
  kind: 'server' | 'disk';
  name: string;
  code: string;
  reason: string;
}

/** S1: a restore point (checkpoint): one backup per resource it covers. */
export interface CheckpointRecord extends BaseRecord {
  kind: 'checkpoint';
  /**
   * Derived from its backups (children not counted): `deleted` when none is left, else
   * `protecting` while one is being made, `deleting` while one is being deleted, `error` when every
   * one left is in Error, else `available`. (`error-deleting` would be a failed deletion: cbr-sim's
   * deletions do not fail.)
   */
  status: 'protecting' | 'available' | 'error' | 'deleting' | 'deleted' | 'error-deleting';
  description: string | null;
  vaultId: string;
  backupIds: string[];
  skipped: SkippedResource[];
  /** True for a policy's scheduled run. */
  autoTrigger: boolean;
  policyId: string | null;
}

/** S2: one entry of CBR's task log (operation log). */
export interface TaskRecord extends BaseRecord {
  kind: 'task';
  operationType: TaskOperation;
  status: TaskStatus;
  /** 0–100, moving with the virtual clock while the task runs. */
  progress: number;
  startedAt: string;
  /** ISO; null while it runs. */
  endedAt: string | null;
  /** The server or disk it works on; null for a vault's deletion. */
  resourceId: string | null;
  resourceName: string | null;
  resourceType: ResourceType | null;
  backupId: string | null;
  backupName: string | null;
  checkpointId: string | null;
  policyId: string | null;
  vaultId: string | null;
  vaultName: string | null;
  /** A restore: the server or disk restored onto. */
  targetId: string | null;
  /** A failed or skipped task: the code and message; null otherwise. */
  errorInfo: { code: string; message: string } | null;
  /** A `sync` task (V1, `extra_info.sync`): backups synchronised, deleted, and failed to synchronise. */
  syncBackupNum?: number;
  deleteBackupNum?: number;
  errSyncBackupNum?: number;
}

export type AnyRecord = ServerRecord | DiskRecord | BackupRecord | ImageRecord | VaultRecord | PolicyRecord | JobRecord | SiteRecord | VmRecord | LocalCopyRecord;

/** Whatever `get` returns: a resource, a restore point or a task. */
export type SimRecord = AnyRecord | CheckpointRecord | TaskRecord;

/** Whether a record is a resource's (an actor of a chart), not a restore point's or a task's. */
export function isResourceRecord(r: SimRecord): r is AnyRecord {
  return r.kind !== 'checkpoint' && r.kind !== 'task';
}

const iso = isoTime;

function lockRecord(lock: { backupId: string; endsAt: number } | null | undefined): RestoreLockRecord | null {
  return lock ? { backupId: lock.backupId, endsAt: iso(lock.endsAt) } : null;
}

/** R1: a child's id is its parent's id and its place, from 1 (the system disk first). */
export function childId(parentId: string, index: number): string {
  return `${parentId}-${index + 1}`;
}

/** The parent id of a child id (`bk-…-2`), or null for any other id. */
export function parentIdOf(id: string): string | null {
  const m = /^(bk-[0-9a-f]{12})-[1-9][0-9]{0,3}$/.exec(id);
  return m ? m[1]! : null;
}

/**
 * R1: a child's record, projected from its parent's record (live or tombstone): it follows the
 * parent's status, vault and trigger; it is a disk backup of its own disk, with no image.
 */
export function childRecord(parent: BackupRecord, id: string): BackupRecord | null {
  const child = parent.children.find((c) => c.id === id);
  if (!child) return null;
  const vmware = parent.resourceKind === 'vmware';
  return {
    ...parent, id, name: `${parent.name}/${child.diskId}`,
    // A VMware backup's disk backups stay VMware (they are no EVS disk's: V4).
    resourceId: child.diskId, resourceKind: vmware ? 'vmware' : 'disk', sizeGB: child.sizeGB, containsSystemDisk: child.systemDisk,
    imageable: false, imageId: null, children: [], parentId: parent.id, diskId: child.diskId, systemDisk: child.systemDisk,
    ...(vmware ? {} : { resourceType: RESOURCE_TYPES.disk, providerId: PROVIDER_IDS.disk }),
    members: [],
    supportedRestoreMode: parent.supportedRestoreMode === 'snapshot' ? 'na' : parent.supportedRestoreMode,
  };
}

/** What a record needs besides its snapshot: the world's stamps, a vault's bound size. */
export interface RecordFacts {
  stamps?: Stamps;
  allocatedGB?: number;
}

export function serverRecord(s: ServerSnapshot): ServerRecord {
  const c = s.context;
  return {
    id: c.id, kind: 'server', name: c.name, ...serverStatus(s), createdAt: iso(c.createdAt),
    os: c.os, initTool: c.initTool, optimized: c.optimized, az: c.az,
    systemDiskId: c.systemDiskId, dataDiskIds: [...c.dataDiskIds], sourceImageId: c.sourceImageId, vaultId: c.vaultId,
    restore: lockRecord(c.restore), jobId: c.jobId ?? null,
  };
}

export function diskRecord(s: DiskSnapshot): DiskRecord {
  const c = s.context;
  return {
    id: c.id, kind: 'disk', name: c.name, ...diskStatus(s), createdAt: iso(c.createdAt),
    sizeGB: c.sizeGB, serverId: c.serverId, az: c.az, role: c.role, vaultId: c.vaultId, restore: lockRecord(c.restore), jobId: c.jobId ?? null,
  };
}

/** cloud-facts §1.6: what a backup in `status` can be used for. */
function restoreMode(status: string, imageable: boolean): BackupRecord['supportedRestoreMode'] {
  if (status === 'protecting') return imageable ? 'snapshot' : 'na';
  return status === 'available' || status === 'restoring' ? 'backup' : 'na';
}

export function backupRecord(s: BackupSnapshot, facts: RecordFacts = {}): BackupRecord {
  const c = s.context;
  const meta = backupStatus(s);
  const imageable = isImageable(s);
  // The data is as of the snapshot: once the snapshot phase is over, that is the backup time.
  const snapshotTaken = !s.matches({ lifecycle: { creating: 'snapshot' } });
  return {
    id: c.id, kind: 'backup', name: c.name, ...meta, createdAt: iso(c.createdAt),
    resourceId: c.resourceId, resourceKind: c.resourceKind, vaultId: c.vaultId, sizeGB: c.sizeGB,
    containsSystemDisk: c.containsSystemDisk, autoTrigger: c.autoTrigger, imageable, imageId: c.imageId, az: c.az,
    children: (c.children ?? []).map((k) => ({ id: k.id, diskId: k.diskId, sizeGB: k.sizeGB, systemDisk: k.systemDisk })),
    parentId: null, diskId: c.resourceKind === 'disk' ? c.resourceId : null, systemDisk: c.systemDisk ?? false,
    expiredAt: c.expiredAt === null || c.expiredAt === undefined ? null : iso(c.expiredAt),
    checkpointId: c.checkpointId ?? null,
    protectedAt: snapshotTaken ? iso(c.createdAt + c.timing.snapshotPhaseMs) : null,
    updatedAt: iso(facts.stamps?.changedAt ?? c.createdAt),
    resourceType: RESOURCE_TYPES[c.resourceKind], providerId: PROVIDER_IDS[c.resourceKind],
    supportedRestoreMode: restoreMode(meta.status, imageable),
    imageType: c.resourceKind === 'vmware' ? 'sync' : 'backup',
    copyId: c.copyId ?? null,
    members: [...(c.members ?? [])],
  };
}

export function imageRecord(s: ImageSnapshot, facts: RecordFacts = {}): ImageRecord {
  const c = s.context;
  const activeAt = facts.stamps?.activeAt;
  return {
    id: c.id, kind: 'image', name: c.name, ...imageStatus(s), createdAt: iso(c.createdAt),
    imageKind: c.imageKind, sizeGB: c.sizeGB, backupId: c.backupId, az: c.az, azRestricted: isAzRestricted(s), os: c.os,
    minDiskGB: Math.ceil(c.systemDiskGB ?? c.dataDisksGB[0] ?? c.sizeGB),
    activeAt: activeAt === undefined ? null : iso(activeAt),
    virtualEnvType: c.imageKind === 'data-disk' ? 'DataImage' : 'FusionCompute',
    wholeImage: c.imageKind === 'full-ecs',
    jobId: c.jobId ?? null,
    description: c.description ?? '',
  };
}

export function vaultRecord(s: VaultSnapshot, facts: RecordFacts = {}): VaultRecord {
  const c = s.context;
  return {
    id: c.id, kind: 'vault', name: c.name, status: 'available', label: 'Available', createdAt: iso(c.createdAt),
    resourceKind: c.resourceKind, ...VAULT_BILLING[c.resourceKind],
    syncing: s.matches({ sync: 'syncing' } as never), syncTaskId: c.sync?.taskId ?? null,
    resourceIds: [...c.resourceIds], policyId: c.policyId, usedGB: c.usedGB, capacityGB: c.capacityGB,
    allocatedGB: facts.allocatedGB ?? 0,
    autoExpand: c.autoExpand,
    lastRun: c.lastRun === null ? null : {
      ...c.lastRun, at: iso(c.lastRun.at), backupIds: [...c.lastRun.backupIds], skippedIds: [...c.lastRun.skippedIds],
      failures: c.lastRun.failures.map((f) => ({ ...f })), checkpointId: c.lastRun.checkpointId ?? null,
    },
  };
}

const isoOrNull = (t: number | null) => (t === null ? null : iso(t));

export function jobRecord(s: JobSnapshot): JobRecord {
  const c = s.context;
  const { status, label } = jobStatus(s);
  return {
    id: c.id, kind: 'job', name: c.jobType, status: status as JobStatus, label, createdAt: iso(c.createdAt),
    service: c.service, jobType: c.jobType, beginAt: iso(c.beginAt), endAt: isoOrNull(c.endAt),
    entities: { ...c.entities, ...(c.entities.serverIds ? { serverIds: [...c.entities.serverIds] } : {}) },
    errorCode: c.errorCode, failReason: c.failReason,
    subJobs: c.subJobs.map((j) => ({ ...j, beginAt: iso(j.beginAt), endAt: isoOrNull(j.endAt) })),
  };
}

export function policyRecord(s: PolicySnapshot): PolicyRecord {
  const c = s.context;
  const r = c.retention;
  const rule = (v: number | undefined) => (v === undefined || v === null || v === -1 ? null : v);
  return {
    id: c.id, kind: 'policy', name: c.name, ...policyStatus(s), createdAt: iso(c.createdAt),
    enabled: c.enabled, pattern: [...c.pattern],
    maxBackups: rule(r.maxBackups), retentionDays: rule(r.retentionDays),
    dayBackups: rule(r.dayBackups), weekBackups: rule(r.weekBackups), monthBackups: rule(r.monthBackups), yearBackups: rule(r.yearBackups),
    timezone: r.timezone ?? null, vaultIds: [...c.vaultIds], nextRunAt: c.nextRunAt === null ? null : iso(c.nextRunAt),
    lastRun: c.lastRun === null ? null : { ...c.lastRun, at: iso(c.lastRun.at), codes: [...c.lastRun.codes] },
  };
}

export function siteRecord(s: SiteSnapshot): SiteRecord {
  const c = s.context;
  return { id: c.id, kind: 'site', name: c.name, ...siteStatus(s), createdAt: iso(c.createdAt), ebackup: s.matches({ ebackup: 'installed' }), vmIds: [...c.vmIds] };
}

const disksOf = (disks: readonly VmDisk[]) => disks.map((d) => ({ ...d }));
const sumGB = (disks: readonly VmDisk[]) => Math.round(disks.reduce((n, d) => n + d.sizeGB, 0) * 1000) / 1000;

export function vmRecord(s: VmSnapshot): VmRecord {
  const c = s.context;
  return {
    id: c.id, kind: 'vm', name: c.name, ...vmStatus(s), createdAt: iso(c.createdAt), siteId: c.siteId, os: c.os,
    disks: disksOf(c.disks), disksGB: c.disks.map((d) => d.sizeGB), sizeGB: sumGB(c.disks),
    vsphereVersion: c.vsphereVersion, vsphereSupported: c.vsphereSupported, vaultId: c.vaultId,
    backingUp: s.matches({ protection: 'backingUp' }),
  };
}

export function localCopyRecord(s: LocalCopySnapshot): LocalCopyRecord {
  const c = s.context;
  const storedAt = c.createdAt + c.timing.localBackupMs;
  return {
    id: c.id, kind: 'localCopy', name: c.name, ...localCopyStatus(s), createdAt: iso(c.createdAt), vmId: c.vmId, siteId: c.siteId, os: c.os,
    disks: disksOf(c.disks), sizeGB: c.sizeGB, storedAt: iso(storedAt), uploadedAt: iso(storedAt + c.timing.uploadMs), backupId: c.backupId,
  };
}

/** The record a deleted resource leaves behind while its tombstone lasts (an expired copy: `expired`). */
export function tombstoneOf(record: AnyRecord): AnyRecord {
  if (record.kind === 'localCopy') return { ...record, status: 'expired', label: 'Expired' };
  return { ...record, status: record.kind === 'server' ? 'DELETED' : 'deleted', label: 'Deleted' } as AnyRecord;
}

/** What a journal or a transcript says of a command's result: id, kind, status and label of each record. */
export function summarize(result: unknown): unknown {
  if (Array.isArray(result)) return result.map(summarize);
  if (result && typeof result === 'object' && 'id' in result && 'kind' in result) {
    const r = result as AnyRecord;
    return { id: r.id, kind: r.kind, status: r.status, label: r.label };
  }
  return result ?? null;
}
