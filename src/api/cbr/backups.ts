/**
 * CBR backups (rest-api.md §2.4, cloud-facts §1): list (every filter that maps, sort, pages),
 * show (through the on-poll clock), rename, delete (B5, I7, P5 as the charts refuse) and restore
 * (B3, R2–R4): `updateBackup`, `deleteBackup`, `restoreBackup`.
 */
import { ApiError } from '../errors.js';
import type { ApiRequest } from '../route.js';
import { msOf } from '../wire-time.js';
import type { BackupRecord } from '../../sim/records.js';
import { INVALID, many, one, page, queryTime, querySchema, recordOf } from './common.js';
import { backupBody, backupJson } from './serialize.js';
import { JsonText } from '../route.js';

const STATUSES = ['available', 'protecting', 'deleting', 'restoring', 'error', 'waiting_protect', 'waiting_delete', 'waiting_restore'];
const SORT_KEYS = ['created_at', 'updated_at', 'name', 'status', 'protected_at', 'id'] as const;
type SortKey = (typeof SORT_KEYS)[number];

const sortValue: Record<SortKey, (b: BackupRecord) => string> = {
  created_at: (b) => b.createdAt, updated_at: (b) => b.updatedAt, name: (b) => b.name, status: (b) => b.status,
  // A backup still in its snapshot phase has no backup time yet: it sorts as the newest.
  protected_at: (b) => b.protectedAt ?? '9999', id: (b) => b.id,
};

/** `sort=key[:asc|desc],…` (default `created_at:desc`), then the id ascending: equal keys keep one order (a server backup's disk backups, system disk first). */
export function sortOrder(spec: string | undefined): { key: SortKey; dir: 1 | -1 }[] {
  if (spec === undefined || spec === '') return [{ key: 'created_at', dir: -1 }, { key: 'id', dir: 1 }];
  const order = spec.split(',').map((part) => {
    const [key, dir = 'desc', ...rest] = part.trim().split(':');
    if (!SORT_KEYS.includes(key as SortKey) || (dir !== 'asc' && dir !== 'desc') || rest.length > 0) {
      throw new ApiError(400, INVALID, `The query field sort must be key[:asc|desc],… with keys ${SORT_KEYS.join(', ')}; got ${JSON.stringify(part.slice(0, 60))}.`);
    }
    return { key: key as SortKey, dir: dir === 'asc' ? 1 as const : -1 as const };
  });
  return [...order, { key: 'id', dir: 1 }];
}

const LIST_KEYS = [
  'vault_id', 'checkpoint_id', 'resource_id', 'resource_name', 'resource_type', 'resource_az', 'name', 'status', 'image_type',
  'parent_id', 'own_type', 'member_status', 'used_percent', 'start_time', 'end_time', 'sort', 'limit', 'offset', 'marker', 'dec',
  'enterprise_project_id', 'show_replication', 'incremental',
];

/** Each world's last sorted list of all its backups, with the order asked and the records it sorted. */
const lastSorted = new WeakMap<object, { spec: string; input: readonly BackupRecord[]; sorted: readonly BackupRecord[] }>();

function sameRecords(a: readonly BackupRecord[], b: readonly BackupRecord[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sortBackups(backups: readonly BackupRecord[], order: { key: SortKey; dir: 1 | -1 }[]): BackupRecord[] {
  // Each backup's sort keys read once: a sort of a thousand compares each some twenty times.
  const keyed = backups.map((b) => ({ b, keys: order.map(({ key }) => sortValue[key](b)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < order.length; i++) {
      const a = x.keys[i]!;
      const c = y.keys[i]!;
      if (a !== c) return (a < c ? -1 : 1) * order[i]!.dir;
    }
    return 0;
  });
  return keyed.map((k) => k.b);
}

export function listBackups(req: ApiRequest) {
  const sim = req.project.session.simulation;
  const statuses = many(req, 'status');
  const bad = statuses?.find((s) => !STATUSES.includes(s));
  if (bad !== undefined) throw new ApiError(400, INVALID, `The query field status must be one of ${STATUSES.join(', ')}; got ${JSON.stringify(bad.slice(0, 40))}.`);
  const ownType = one(req, 'own_type') ?? 'private';
  if (!['private', 'shared', 'all_granted'].includes(ownType)) throw new ApiError(400, INVALID, `The query field own_type must be private, shared or all_granted; got ${JSON.stringify(ownType.slice(0, 40))}.`);
  const from = queryTime(req, 'start_time');
  const to = queryTime(req, 'end_time');
  const order = sortOrder(one(req, 'sort'));
  const parentId = one(req, 'parent_id');
  // A server backup's disk backups (R1) are listed when their parent is asked for, as children.
  const all = parentId === undefined ? sim.listSharedBackups() : sim.list('backup', { includeChildren: true }).filter((b) => b.parentId === parentId);
  const equal: [string, (b: BackupRecord) => string][] = [
    ['vault_id', (b) => b.vaultId], ['checkpoint_id', (b) => b.checkpointId ?? ''], ['resource_id', (b) => b.resourceId],
    ['resource_type', (b) => b.resourceType], ['resource_az', (b) => b.az], ['image_type', (b) => b.imageType],
  ];
  const name = one(req, 'name');
  const resourceName = one(req, 'resource_name');
  const nameOf = (id: string) => { try { return sim.get(id).name; } catch { return ''; } };
  // The filters asked for, read from the query once (not once per backup: a project holds thousands).
  const wanted = equal.map(([key, of]) => [one(req, key), of] as const).filter((w): w is readonly [string, (b: BackupRecord) => string] => w[0] !== undefined);
  const filtered = wanted.length > 0 || statuses !== undefined || name !== undefined || resourceName !== undefined || from !== undefined || to !== undefined;
  // Another project's backups shared with this one would be "shared": projects share none here.
  const backups = ownType === 'shared' ? [] : !filtered ? all : all.filter((b) =>
    wanted.every(([value, of]) => of(b) === value) &&
    (statuses === undefined || statuses.includes(b.status)) &&
    (name === undefined || b.name.includes(name)) &&
    (resourceName === undefined || nameOf(b.resourceId).includes(resourceName)) &&
    (from === undefined || msOf(b.createdAt) >= from) &&
    (to === undefined || msOf(b.createdAt) <= to));
  // A client paging through the project's backups asks for the same order again and again: the
  // whole project's, sorted, is kept while its records are the very same (shared: the same state).
  const spec = one(req, 'sort') ?? '';
  const last = lastSorted.get(sim);
  const again = backups === all && parentId === undefined && last !== undefined && last.spec === spec && (last.input === all || sameRecords(last.input, all));
  const sorted = again ? last.sorted : sortBackups(backups, order);
  if (!again && backups === all && parentId === undefined) lastSorted.set(sim, { spec, input: all, sorted });
  const p = page(req, sorted, { marker: true });
  // The same keys in the same order as the object it stood for: {"backups":[…],"count":…,"offset":…,"limit":…}.
  const tail = JSON.stringify({ count: p.count, offset: p.offset, limit: p.limit }).slice(1);
  return { status: 200, body: new JsonText(`{"backups":[${p.items.map((b) => backupJson(req, b)).join(',')}],${tail}`) };
}

export async function showBackup(req: ApiRequest) {
  // A Creating backup polled moves the on-poll clock to its next timer (the mark, then Available).
  const backup = await req.poll(() => recordOf(req, 'backup', req.params.backup_id!), (b) => [b]);
  return { status: 200, body: new JsonText(`{"backup":${backupJson(req, backup)}}`) };
}

export async function updateBackup(req: ApiRequest) {
  const backup = recordOf(req, 'backup', req.params.backup_id!);
  const updated = await req.perform('updateBackup', backup.id, { name: (req.body as { backup: { name: string } }).backup.name }) as BackupRecord;
  return { status: 200, body: { backup: backupBody(req, updated) } };
}

export async function deleteBackup(req: ApiRequest) {
  const backup = recordOf(req, 'backup', req.params.backup_id!);
  await req.perform('deleteBackup', backup.id);
  return { status: 204 };
}

interface RestoreIn { server_id?: string; volume_id?: string; resource_id?: string; power_on?: boolean; mappings?: { backup_id: string; volume_id: string }[] }

export async function restoreBackup(req: ApiRequest) {
  const backup = recordOf(req, 'backup', req.params.backup_id!);
  const r = (req.body as { restore: RestoreIn }).restore;
  const targets = [r.server_id, r.volume_id].filter((t) => t !== undefined);
  if (targets.length > 1) throw new ApiError(400, INVALID, 'The body is not valid: give restore.server_id (a server backup) or restore.volume_id (a disk backup), not both.');
  const targetId = targets[0] ?? r.resource_id;
  await req.perform('restoreBackup', backup.id, {
    ...(targetId === undefined ? {} : { targetId }),
    ...(r.power_on === undefined ? {} : { powerOn: r.power_on }),
    ...(r.mappings === undefined ? {} : { mappings: r.mappings.map((m) => ({ backupId: m.backup_id, diskId: m.volume_id })) }),
  });
  return { status: 202 };
}

export const listBackupsQuery = querySchema(LIST_KEYS, ['status']);
