/**
 * CBR's task log (rest-api.md §2.5, S2): `list('task')` filtered and paged, newest first, and one
 * task by id (`BackupService.6500` otherwise), read through the on-poll clock while it runs.
 */
import { ApiError } from '../errors.js';
import type { ApiRequest } from '../route.js';
import { msOf } from '../wire-time.js';
import type { TaskRecord } from '../../sim/records.js';
import { INVALID, one, page, queryTime, querySchema, recordOf } from './common.js';
import { opLogBody, taskProvider } from './serialize.js';

const OPERATION_TYPES = ['backup', 'delete', 'restore', 'vault_delete', 'remove_resource', 'sync', 'replication', 'copy'];
const STATUSES = ['success', 'skipped', 'failed', 'running', 'timeout', 'waiting'];

const LIST_KEYS = ['operation_type', 'status', 'vault_id', 'vault_name', 'resource_id', 'resource_name', 'provider_id', 'start_time', 'end_time', 'limit', 'offset', 'enterprise_project_id'];

function oneOf(req: ApiRequest, key: string, values: readonly string[]): string | undefined {
  const v = one(req, key);
  if (v !== undefined && !values.includes(v)) throw new ApiError(400, INVALID, `The query field ${key} must be one of ${values.join(', ')}; got ${JSON.stringify(v.slice(0, 40))}.`);
  return v;
}

export function listOpLogs(req: ApiRequest) {
  const type = oneOf(req, 'operation_type', OPERATION_TYPES);
  const status = oneOf(req, 'status', STATUSES);
  const from = queryTime(req, 'start_time');
  const to = queryTime(req, 'end_time');
  const equal: [string, (t: TaskRecord) => string][] = [
    ['vault_id', (t) => t.vaultId ?? ''], ['vault_name', (t) => t.vaultName ?? ''], ['resource_id', (t) => t.resourceId ?? ''],
    ['resource_name', (t) => t.resourceName ?? ''], ['provider_id', (t) => taskProvider(req, t)],
  ];
  const all = req.project.session.simulation.list('task');
  const tasks = all.filter((t) =>
    (type === undefined || t.operationType === type) &&
    (status === undefined || t.status === status) &&
    equal.every(([key, of]) => one(req, key) === undefined || of(t) === one(req, key)) &&
    (from === undefined || msOf(t.startedAt) >= from) &&
    (to === undefined || msOf(t.startedAt) <= to));
  // Newest first, as the console's Tasks page shows them [inference].
  tasks.sort((a, b) => (a.startedAt === b.startedAt ? (a.id < b.id ? 1 : -1) : a.startedAt < b.startedAt ? 1 : -1));
  const p = page(req, tasks);
  return { status: 200, body: { operation_logs: p.items.map((t) => opLogBody(req, t, all)), count: p.count, limit: p.limit, offset: p.offset } };
}

export async function showOpLog(req: ApiRequest) {
  const task = await req.poll(() => recordOf(req, 'task', req.params.operation_log_id!), (t) => [t]);
  return { status: 200, body: { operation_log: opLogBody(req, task) } };
}

export const listOpLogsQuery = querySchema(LIST_KEYS);
