/**
 * The servers and disks CBR protects, as its bodies show them: a vault's `resources[]`
 * (`ResourceResp`), a checkpoint's `vault.resources[]`, a protectable instance. Read from the
 * world's records; nothing here changes anything.
 */
import type { ApiRequest } from '../route.js';
import { RESOURCE_TYPES, type BackupRecord, type DiskRecord, type ServerRecord, type SimRecord, type VmRecord } from '../../sim/records.js';
import { findRecord } from './common.js';

export type Protected = ServerRecord | DiskRecord | VmRecord;

/** What one request's bodies need to know about backups, computed once (a list per resource). */
export class BackupIndex {
  private readonly byResource = new Map<string, BackupRecord[]>();

  constructor(readonly backups: readonly BackupRecord[]) {
    for (const b of backups) {
      const of = this.byResource.get(b.resourceId);
      if (of) of.push(b);
      else this.byResource.set(b.resourceId, [b]);
    }
  }

  static of(req: ApiRequest): BackupIndex {
    return new BackupIndex(req.project.session.simulation.listSharedBackups());
  }

  of(resourceId: string, vaultId?: string): BackupRecord[] {
    const all = this.byResource.get(resourceId) ?? [];
    return vaultId === undefined ? all : all.filter((b) => b.vaultId === vaultId);
  }
}

export function resourceType(r: SimRecord | null, fallback: 'server' | 'disk' | 'vmware'): string {
  if (r?.kind === 'server') return RESOURCE_TYPES.server;
  if (r?.kind === 'disk') return RESOURCE_TYPES.disk;
  if (r?.kind === 'vm') return RESOURCE_TYPES.vmware;
  return RESOURCE_TYPES[fallback];
}

/** A server's size is its disks' (GB); a disk's its own; a VMware VM's its disks'. */
export function sizeOf(req: ApiRequest, r: SimRecord | null): number {
  if (!r) return 0;
  if (r.kind === 'disk') return r.sizeGB;
  if (r.kind === 'vm') return r.sizeGB;
  if (r.kind !== 'server') return 0;
  return [r.systemDiskId, ...r.dataDiskIds].reduce((sum, id) => {
    const d = findRecord(req, id);
    return sum + (d?.kind === 'disk' ? d.sizeGB : 0);
  }, 0);
}

/**
 * `protect_status` [inference, the service does not say when each value shows]: `restoring` while
 * a restore locks it (R2), `protecting` while a backup of it in this vault is being made, `error`
 * once it is gone or Faulty, else `available`.
 */
export function protectStatus(r: SimRecord | null, backups: readonly BackupRecord[]): string {
  if (!r || ['deleted', 'DELETED', 'deleting', 'ERROR', 'error'].includes(r.status)) return 'error';
  if ((r.kind === 'server' || r.kind === 'disk') && r.restore !== null) return 'restoring';
  if (backups.some((b) => b.status === 'protecting')) return 'protecting';
  return 'available';
}

/** One `ResourceResp` of a vault. */
export function vaultResource(req: ApiRequest, id: string, vaultId: string, kind: 'server' | 'disk' | 'vmware', index: BackupIndex): Record<string, unknown> {
  const r = findRecord(req, id);
  const backups = index.of(id, vaultId);
  return {
    id,
    name: r?.name ?? '',
    type: resourceType(r, kind),
    protect_status: protectStatus(r, backups),
    size: sizeOf(req, r),
    backup_size: backups.reduce((sum, b) => sum + b.sizeGB, 0),
    backup_count: backups.length,
    // cbr-sim keeps no per-resource disk exclusions in a vault (a manual backupServer can exclude).
    extra_info: { exclude_volumes: [] },
    auto_protect: false,
  };
}
