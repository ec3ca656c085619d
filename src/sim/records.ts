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
import { isoTime } from './time.js';

export type ResourceKind = 'server' | 'disk' | 'vault' | 'policy' | 'backup' | 'image';
export const RESOURCE_KINDS: readonly ResourceKind[] = ['server', 'disk', 'vault', 'policy', 'backup', 'image'];

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
}

export interface BackupRecord extends BaseRecord {
  kind: 'backup';
  resourceId: string;
  resourceKind: 'server' | 'disk';
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
}

export interface VaultRecord extends BaseRecord {
  kind: 'vault';
  resourceKind: 'server' | 'disk';
  resourceIds: string[];
  policyId: string | null;
  usedGB: number;
  capacityGB: number | null;
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

export type AnyRecord = ServerRecord | DiskRecord | BackupRecord | ImageRecord | VaultRecord | PolicyRecord;

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
  return {
    ...parent, id, name: `${parent.name}/${child.diskId}`,
    resourceId: child.diskId, resourceKind: 'disk', sizeGB: child.sizeGB, containsSystemDisk: child.systemDisk,
    imageable: false, imageId: null, children: [], parentId: parent.id, diskId: child.diskId, systemDisk: child.systemDisk,
  };
}

export function serverRecord(s: ServerSnapshot): ServerRecord {
  const c = s.context;
  return {
    id: c.id, kind: 'server', name: c.name, ...serverStatus(s), createdAt: iso(c.createdAt),
    os: c.os, initTool: c.initTool, optimized: c.optimized, az: c.az,
    systemDiskId: c.systemDiskId, dataDiskIds: [...c.dataDiskIds], sourceImageId: c.sourceImageId, vaultId: c.vaultId,
    restore: lockRecord(c.restore),
  };
}

export function diskRecord(s: DiskSnapshot): DiskRecord {
  const c = s.context;
  return {
    id: c.id, kind: 'disk', name: c.name, ...diskStatus(s), createdAt: iso(c.createdAt),
    sizeGB: c.sizeGB, serverId: c.serverId, az: c.az, role: c.role, vaultId: c.vaultId, restore: lockRecord(c.restore),
  };
}

export function backupRecord(s: BackupSnapshot): BackupRecord {
  const c = s.context;
  return {
    id: c.id, kind: 'backup', name: c.name, ...backupStatus(s), createdAt: iso(c.createdAt),
    resourceId: c.resourceId, resourceKind: c.resourceKind, vaultId: c.vaultId, sizeGB: c.sizeGB,
    containsSystemDisk: c.containsSystemDisk, autoTrigger: c.autoTrigger, imageable: isImageable(s), imageId: c.imageId, az: c.az,
    children: (c.children ?? []).map((k) => ({ id: k.id, diskId: k.diskId, sizeGB: k.sizeGB, systemDisk: k.systemDisk })),
    parentId: null, diskId: c.resourceKind === 'disk' ? c.resourceId : null, systemDisk: c.systemDisk ?? false,
    expiredAt: c.expiredAt === null || c.expiredAt === undefined ? null : iso(c.expiredAt),
  };
}

export function imageRecord(s: ImageSnapshot): ImageRecord {
  const c = s.context;
  return {
    id: c.id, kind: 'image', name: c.name, ...imageStatus(s), createdAt: iso(c.createdAt),
    imageKind: c.imageKind, sizeGB: c.sizeGB, backupId: c.backupId, az: c.az, azRestricted: isAzRestricted(s), os: c.os,
  };
}

export function vaultRecord(s: VaultSnapshot): VaultRecord {
  const c = s.context;
  return {
    id: c.id, kind: 'vault', name: c.name, status: 'available', label: 'Available', createdAt: iso(c.createdAt),
    resourceKind: c.resourceKind, resourceIds: [...c.resourceIds], policyId: c.policyId, usedGB: c.usedGB, capacityGB: c.capacityGB,
    autoExpand: c.autoExpand,
    lastRun: c.lastRun === null ? null : {
      ...c.lastRun, at: iso(c.lastRun.at), backupIds: [...c.lastRun.backupIds], skippedIds: [...c.lastRun.skippedIds],
      failures: c.lastRun.failures.map((f) => ({ ...f })),
    },
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

/** The record a deleted resource leaves behind while its tombstone lasts. */
export function tombstoneOf(record: AnyRecord): AnyRecord {
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
