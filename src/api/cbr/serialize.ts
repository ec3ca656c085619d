/**
 * CBR's bodies (rest-api.md §2, cloud-facts §1): every documented key of `Vault`, `Policy`,
 * `BackupResp`, `CheckpointCreate` and `OperationLog`, rendered from the world's records, times
 * in CBR's style (`2019-05-10T07:59:12.733+00:00`). Keys the simulator gives no meaning are served
 * with the service's neutral value (`enterprise_project_id: "0"`, `charging_mode: "post_paid"`,
 * `tags: []`…) so that a client reads what it expects (§1.6).
 */
import type { ApiRequest } from '../route.js';
import { cbrTime, msOf } from '../wire-time.js';
import {
  PROVIDER_IDS, RESOURCE_TYPES,
  type BackupRecord, type CheckpointRecord, type PolicyRecord, type TaskRecord, type VaultRecord,
} from '../../sim/records.js';
import { findRecord } from './common.js';
import { BackupIndex, protectStatus, vaultResource } from './resources.js';

const time = (iso: string | null): string | null => (iso === null ? null : cbrTime(msOf(iso)));

export function vaultBody(req: ApiRequest, v: VaultRecord, index = BackupIndex.of(req)): Record<string, unknown> {
  return {
    id: v.id,
    name: v.name,
    // cbr-sim keeps no vault description: what a create sent is not stored [decision].
    description: '',
    project_id: req.project.id,
    provider_id: PROVIDER_IDS[v.resourceKind],
    user_id: '',
    created_at: cbrTime(msOf(v.createdAt)),
    enterprise_project_id: '0',
    billing: {
      allocated: v.allocatedGB,
      // `used` is in MB (cloud-facts §5.5), the rest in GB.
      used: Math.round(v.usedGB * 1024),
      // The simulator's default vault (library use only) has no capacity: null.
      size: v.capacityGB,
      status: 'available',
      spec_code: v.specCode,
      object_type: v.objectType,
      protect_type: v.protectType,
      consistent_level: 'crash_consistent',
      charging_mode: 'post_paid',
      cloud_type: v.cloudType,
      order_id: '',
      product_id: '',
      storage_unit: '',
      frozen_scene: '',
      is_multi_az: false,
    },
    resources: v.resourceIds.map((id) => vaultResource(req, id, v.id, v.resourceKind, index)),
    tags: [],
    auto_bind: false,
    bind_rules: { tags: [] },
    auto_expand: v.autoExpand,
    smn_notify: true,
    threshold: 80,
    locked: false,
    availability_zone: '',
  };
}

export function policyBody(p: PolicyRecord): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    enabled: p.enabled,
    operation_type: 'backup',
    operation_definition: {
      // -1 is the service's "no such rule"; the long-term counts are 0 when unset.
      max_backups: p.maxBackups ?? -1,
      retention_duration_days: p.retentionDays ?? -1,
      day_backups: p.dayBackups ?? 0,
      week_backups: p.weekBackups ?? 0,
      month_backups: p.monthBackups ?? 0,
      year_backups: p.yearBackups ?? 0,
      timezone: p.timezone ?? '',
      full_backup_interval: -1,
    },
    trigger: {
      id: `${p.id}-trigger`,
      name: 'default',
      type: 'time',
      properties: { pattern: [...p.pattern], start_time: cbrTime(msOf(p.createdAt)) },
    },
    associated_vaults: p.vaultIds.map((vault_id) => ({ vault_id, destination_vault_id: '' })),
  };
}

/** The name of what a backup is of: its server's or disk's (a deleted one's too, C3). */
function resourceName(req: ApiRequest, id: string): string {
  return findRecord(req, id)?.name ?? '';
}

/**
 * `backupBody` as JSON text, kept for each shared (frozen) record with what else its body is made
 * of that may change while the record does not (the project, its resource's name, its children's texts):
 * a page of 50 backups asked again and again is mostly the same texts joined, not 50 bodies built
 * and serialised anew (they were half the server's time under load: npm run bench -- --api).
 */
const texts = new WeakMap<BackupRecord, { parts: readonly string[]; text: string }>();

export function backupJson(req: ApiRequest, b: BackupRecord): string {
  if (!Object.isFrozen(b)) return JSON.stringify(backupBody(req, b));
  const children = b.children.map((c) => findRecord(req, c.id)).filter((c): c is BackupRecord => c?.kind === 'backup');
  // A restore point's description never changes (no verb updates one): not a part to compare.
  const parts = [req.project.id, resourceName(req, b.resourceId), ...children.map((c) => backupJson(req, c))];
  const kept = texts.get(b);
  if (kept && kept.parts.length === parts.length && kept.parts.every((p, i) => p === parts[i])) return kept.text;
  const text = JSON.stringify(backupBody(req, b));
  texts.set(b, { parts, text });
  return text;
}

function descriptionOf(req: ApiRequest, b: BackupRecord): string {
  const checkpoint = b.checkpointId ? findRecord(req, b.checkpointId) : null;
  return checkpoint?.kind === 'checkpoint' ? checkpoint.description ?? '' : '';
}

export function backupBody(req: ApiRequest, b: BackupRecord): Record<string, unknown> {
  const description = descriptionOf(req, b);
  const children = b.children.map((c) => findRecord(req, c.id)).filter((c): c is BackupRecord => c?.kind === 'backup');
  return {
    id: b.id,
    name: b.name,
    description,
    checkpoint_id: b.checkpointId ?? '',
    created_at: cbrTime(msOf(b.createdAt)),
    updated_at: cbrTime(msOf(b.updatedAt)),
    // The backup time: null until the snapshot phase has ended.
    protected_at: time(b.protectedAt),
    // P6: null for a backup no age rule expires.
    expired_at: time(b.expiredAt),
    status: b.status,
    image_type: b.imageType,
    parent_id: b.parentId,
    project_id: req.project.id,
    provider_id: b.providerId,
    resource_az: b.az,
    resource_id: b.resourceId,
    resource_name: resourceName(req, b.resourceId),
    resource_size: b.sizeGB,
    resource_type: b.resourceType,
    vault_id: b.vaultId,
    enterprise_project_id: '0',
    replication_records: [],
    incremental: false,
    version: 1,
    extend_info: {
      auto_trigger: b.autoTrigger,
      bootable: b.parentId !== null || b.resourceKind === 'disk' ? b.systemDisk : b.containsSystemDisk,
      incremental: false,
      snapshot_id: '',
      support_lld: false,
      // Clean strings, not the SDK enum's ' snapshot' / ' backup' (cloud-facts §1.3).
      supported_restore_mode: b.supportedRestoreMode,
      os_images_data: b.imageId ? [{ image_id: b.imageId }] : [],
      contain_system_disk: b.containsSystemDisk,
      encrypted: false,
      system_disk: b.systemDisk,
      is_multi_az: false,
    },
    children: children.map((c) => backupBody(req, c)),
  };
}

/** `CheckpointCreate` (rest-api.md §2.3): the restore point, its vault's resources and what it skipped. */
export function checkpointBody(req: ApiRequest, cp: CheckpointRecord, index?: BackupIndex): Record<string, unknown> {
  // A resource's protect_status needs its backups in the vault; one of this restore point's still
  // being made says `protecting` whatever the others are, so the project's backups (thousands, a
  // tenth of a checkpoint's time) are read only when none is.
  let all = index;
  const backupsOf = (b: BackupRecord): readonly BackupRecord[] =>
    b.status === 'protecting' && b.vaultId === cp.vaultId ? [b] : (all ??= BackupIndex.of(req)).of(b.resourceId, cp.vaultId);
  const vault = findRecord(req, cp.vaultId);
  const backups = cp.backupIds.map((id) => findRecord(req, id)).filter((b): b is BackupRecord => b?.kind === 'backup');
  const policy = cp.policyId ? findRecord(req, cp.policyId) : null;
  return {
    id: cp.id,
    project_id: req.project.id,
    status: cp.status,
    created_at: cbrTime(msOf(cp.createdAt)),
    vault: {
      id: cp.vaultId,
      name: vault?.name ?? '',
      resources: backups.map((b) => {
        const r = findRecord(req, b.resourceId);
        return {
          id: b.resourceId, name: r?.name ?? '', type: b.resourceType,
          protect_status: protectStatus(r, backupsOf(b)),
          resource_size: b.sizeGB,
          extra_info: { exclude_volumes: [] },
        };
      }),
      skipped_resources: cp.skipped.map((s) => ({ id: s.id, type: RESOURCE_TYPES[s.kind], name: s.name, code: s.code, reason: s.reason })),
    },
    extra_info: {
      name: cp.name,
      description: cp.description ?? '',
      // A manual restore point keeps its backups until deleted (-1); a policy's, the policy's age rule.
      retention_duration: policy?.kind === 'policy' ? policy.retentionDays ?? -1 : -1,
    },
  };
}

/** The provider id of what a task works on (cloud-facts §1.1). */
export function taskProvider(req: ApiRequest, t: TaskRecord): string {
  if (t.resourceType === RESOURCE_TYPES.disk) return PROVIDER_IDS.disk;
  if (t.resourceType === RESOURCE_TYPES.vmware) return PROVIDER_IDS.vmware;
  if (t.resourceType === RESOURCE_TYPES.server) return PROVIDER_IDS.server;
  const vault = t.vaultId ? findRecord(req, t.vaultId) : null;
  return vault?.kind === 'vault' ? PROVIDER_IDS[vault.resourceKind] : PROVIDER_IDS.server;
}

/**
 * `OperationLog` (rest-api.md §2.5). `extra_info` carries `resource` and `common` always and the
 * block of its own operation (`backup`, `delete`, `restore`, `vault_delete`, `remove_resources`,
 * `sync`), as the service's own logs do [inference: each example shows its operation's block].
 */
export function opLogBody(req: ApiRequest, t: TaskRecord, all?: readonly TaskRecord[]): Record<string, unknown> {
  const extra: Record<string, unknown> = {
    resource: { id: t.resourceId ?? '', type: t.resourceType ?? '', name: t.resourceName ?? '' },
    common: { progress: t.progress, request_id: '', task_id: t.id },
  };
  switch (t.operationType) {
    case 'backup': extra.backup = { backup_id: t.backupId ?? '', backup_name: t.backupName ?? '', incremental: false, app_consistency_status: '', app_consistency_error_code: '', app_consistency_error_message: '' }; break;
    case 'delete': extra.delete = { backup_id: t.backupId ?? '', backup_name: t.backupName ?? '' }; break;
    case 'restore': {
      const target = t.targetId ? findRecord(req, t.targetId) : null;
      extra.restore = { backup_id: t.backupId ?? '', backup_name: t.backupName ?? '', target_resource_id: t.targetId ?? '', target_resource_name: target?.name ?? '' };
      break;
    }
    case 'vault_delete': {
      // Its backups' deletions are tasks of that vault begun at the same moment.
      const deletions = (all ?? req.project.session.simulation.list('task', { operationType: 'delete' }))
        .filter((d) => d.operationType === 'delete' && d.vaultId === t.vaultId && d.startedAt === t.startedAt);
      extra.vault_delete = { fail_count: deletions.filter((d) => d.status === 'failed').length, total_count: deletions.length };
      break;
    }
    case 'remove_resource': extra.remove_resources = { fail_count: t.status === 'failed' ? 1 : 0, total_count: 1, resources: [{ id: t.resourceId ?? '', type: t.resourceType ?? '', name: t.resourceName ?? '' }] }; break;
    case 'sync': extra.sync = { sync_backup_num: t.syncBackupNum ?? 0, delete_backup_num: t.deleteBackupNum ?? 0, err_sync_backup_num: t.errSyncBackupNum ?? 0 }; break;
  }
  return {
    id: t.id,
    operation_type: t.operationType,
    status: t.status,
    provider_id: taskProvider(req, t),
    checkpoint_id: t.checkpointId ?? '',
    policy_id: t.policyId ?? '',
    vault_id: t.vaultId ?? '',
    vault_name: t.vaultName ?? '',
    project_id: req.project.id,
    created_at: cbrTime(msOf(t.createdAt)),
    started_at: cbrTime(msOf(t.startedAt)),
    // A running task is updated as its progress moves: now, on the virtual clock.
    updated_at: cbrTime(t.endedAt ? msOf(t.endedAt) : req.project.session.simulation.now()),
    // null while it runs.
    ended_at: time(t.endedAt),
    // Empty strings on success (rest-api.md §2.5).
    error_info: { code: t.errorInfo?.code ?? '', message: t.errorInfo?.message ?? '' },
    extra_info: extra,
  };
}
