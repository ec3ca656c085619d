/**
 * What every CBR handler shares: reading the record a path names (a 404 with the route's
 * `BackupService` code when it is not one), the query's strings and numbers, and the list
 * envelopes' paging (rest-api.md §1.7: `limit` 1–1000, default 1000; `offset`; backups' `marker`).
 */
import { ApiError } from '../errors.js';
import type { ApiRequest } from '../route.js';
import type { BackupRecord, CheckpointRecord, PolicyRecord, SimRecord, TaskRecord, VaultRecord } from '../../sim/records.js';

/** The records a CBR path names, by kind. */
export interface PathRecords {
  backup: BackupRecord;
  vault: VaultRecord;
  policy: PolicyRecord;
  checkpoint: CheckpointRecord;
  task: TaskRecord;
}

/** The validation code of CBR (rest-api.md §6). */
export const INVALID = 'BackupService.9900';

/** CBR's not-found code of each kind a path names (cloud-facts §4.2). */
export const NOT_FOUND: Record<keyof PathRecords, { code: string; noun: string; list: string }> = {
  backup: { code: 'BackupService.6200', noun: 'backup', list: 'GET /v3/{project_id}/backups' },
  vault: { code: 'BackupService.6105', noun: 'vault', list: 'GET /v3/{project_id}/vaults' },
  policy: { code: 'BackupService.6000', noun: 'policy', list: 'GET /v3/{project_id}/policies' },
  checkpoint: { code: 'BackupService.6217', noun: 'restore point (checkpoint)', list: 'GET /v3/{project_id}/backups (each backup names its checkpoint_id)' },
  task: { code: 'BackupService.6500', noun: 'operation log', list: 'GET /v3/{project_id}/operation-logs' },
};

export function notFound(kind: keyof typeof NOT_FOUND, id: string, why = 'does not exist'): ApiError {
  const n = NOT_FOUND[kind];
  return new ApiError(404, n.code, `The ${n.noun} ${JSON.stringify(id.slice(0, 80))} ${why}; ${n.list} lists the ones there are.`);
}

/**
 * The live record of `id` if it is a `kind`; a 404 with the kind's code otherwise, also for one
 * deleted (its tombstone, `status: 'deleted'`): the service forgets what it deleted.
 */
export function recordOf<K extends keyof PathRecords>(req: ApiRequest, kind: K, id: string): PathRecords[K] {
  const found = findRecord(req, id);
  if (!found || found.kind !== kind) throw notFound(kind, id);
  // A restore point whose backups are all gone is `deleted`, a status of its own (cloud-facts §1.2).
  if (found.status === 'deleted' && kind !== 'checkpoint') throw notFound(kind, id, 'was deleted');
  return found as PathRecords[K];
}

/**
 * Any record by id, or null (no refusal: a read of a missing id is the caller's to answer). The
 * record is frozen and shared with the other reads of the same state (`getShared`): read it only.
 */
export function findRecord(req: ApiRequest, id: string): SimRecord | null {
  try {
    return req.project.session.simulation.getShared(id);
  } catch {
    return null;
  }
}

/** A query value as one string (the first of a repeated key), or undefined. */
export function one(req: ApiRequest, key: string): string | undefined {
  const v = req.query[key];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v[0] : v;
}

/** Every value of a repeatable key (`status=a&status=b`, or `status=a,b`). */
export function many(req: ApiRequest, key: string): string[] | undefined {
  const v = req.query[key];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

export function queryInt(req: ApiRequest, key: string, min: number, max: number, fallback: number): number {
  const v = one(req, key);
  if (v === undefined) return fallback;
  if (!/^-?\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ApiError(400, INVALID, `The query field ${key} must be a whole number from ${min} to ${max}; got ${JSON.stringify(v.slice(0, 40))}.`);
  }
  return Number(v);
}

/** A query time (`2018-02-01T12:00:00Z`, any ISO 8601 form), as epoch ms. */
export function queryTime(req: ApiRequest, key: string): number | undefined {
  const v = one(req, key);
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(ms)) {
    throw new ApiError(400, INVALID, `The query field ${key} must be a time such as 2018-02-01T12:00:00Z; got ${JSON.stringify(v.slice(0, 40))}.`);
  }
  return ms;
}

/** One page of `items` and the envelope's `count`, `limit`, `offset` (count is before paging). */
export function page<T extends { id: string }>(req: ApiRequest, items: readonly T[], o: { marker?: boolean } = {}): { items: T[]; count: number; limit: number; offset: number } {
  const limit = queryInt(req, 'limit', 1, 1000, 1000);
  const offset = queryInt(req, 'offset', 0, 1_000_000_000, 0);
  let from = 0;
  const marker = o.marker ? one(req, 'marker') : undefined;
  if (marker !== undefined) {
    const at = items.findIndex((r) => r.id === marker);
    if (at < 0) throw new ApiError(400, INVALID, `The query field marker must be the id of a record of this list (the last one of the previous page); ${JSON.stringify(marker.slice(0, 80))} is none.`);
    from = at + 1;
  }
  return { items: items.slice(from + offset, from + offset + limit), count: items.length, limit, offset };
}

/** A query schema: the documented keys, each a string or (repeatable) array of strings. */
export function querySchema(keys: readonly string[], repeatable: readonly string[] = []): Record<string, unknown> {
  const value = { type: 'string', maxLength: 1024 };
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(keys.map((k) => [k, repeatable.includes(k) ? { anyOf: [value, { type: 'array', items: value, maxItems: 64 }] } : value])),
  };
}
