/**
 * The disk list of EVS (`GET /v2/{project_id}/cloudvolumes/detail`) and of its Cinder twin
 * (`/volumes/detail`): filters, sort and pages as OTC-EVS documents them, each bad value with its
 * code (limit EVS.1023, marker EVS.1024, sort_key EVS.1039, sort_dir EVS.1040, metadata EVS.1025).
 */
import type { ApiRequest } from '../route.js';
import { ApiError } from '../errors.js';
import type { DiskRecord } from '../../sim/records.js';

export const MAX_LIMIT = 1000;
/** OTC-EVS: "details about a maximum of 60 disks can be queried" through `ids`. */
export const MAX_IDS = 60;
const SORT_KEYS = ['created_at', 'id', 'status', 'size'] as const;

export interface DiskPage {
  /** How many disks match the filters, over all pages. */
  count: number;
  disks: DiskRecord[];
  /** The marker of the next page (the last disk's id) when more remain, else null. */
  next: string | null;
  limit: number;
}

const q = (req: ApiRequest, key: string): string | undefined => {
  const v = req.query[key];
  return Array.isArray(v) ? v[0] : v;
};

/** `ids=['id1','id2']` (OTC-EVS's form); a plain `id1,id2` is taken too. */
export function parseIds(value: string): string[] {
  const ids = value.replace(/^\s*\[|\]\s*$/g, '').split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter((s) => s !== '');
  if (ids.length > MAX_IDS) throw new ApiError(400, 'EVS.1008', `ids names ${ids.length} disks; at most ${MAX_IDS} may be asked at once.`);
  return ids;
}

function wholeParam(value: string | undefined, name: string, min: number, max: number, fallback: number, code: string): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]{1,7}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ApiError(400, code, `${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value.slice(0, 20))}.`);
  }
  return Number(value);
}

function compare(a: DiskRecord, b: DiskRecord, key: (typeof SORT_KEYS)[number]): number {
  const va = key === 'size' ? a.sizeGB : key === 'created_at' ? a.createdAt : a[key];
  const vb = key === 'size' ? b.sizeGB : key === 'created_at' ? b.createdAt : b[key];
  if (va < vb) return -1;
  if (va > vb) return 1;
  // A total order, so that a marker always names one place.
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The disks of the project as the query asks: filtered, sorted (default `created_at` desc), one page. */
export function diskPage(req: ApiRequest): DiskPage {
  const sim = req.project.session.simulation;
  let disks = sim.list('disk').filter((d) => d.status !== 'deleted');
  const exact = (key: string, field: (d: DiskRecord) => string | null): void => {
    const v = q(req, key);
    if (v !== undefined) disks = disks.filter((d) => field(d) === v);
  };
  exact('name', (d) => d.name);
  exact('status', (d) => d.status);
  exact('availability_zone', (d) => d.az);
  exact('server_id', (d) => d.serverId);
  exact('id', (d) => d.id);
  const ids = q(req, 'ids');
  if (ids !== undefined) {
    const wanted = new Set(parseIds(ids));
    disks = disks.filter((d) => wanted.has(d.id));
  }
  // cbr-sim's disks are never shared and carry no metadata.
  const multiattach = q(req, 'multiattach');
  if (multiattach === 'true') disks = [];
  const metadata = q(req, 'metadata');
  if (metadata !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(metadata);
    } catch {
      throw new ApiError(400, 'EVS.1025', 'metadata must be a JSON object of strings, for example {"key":"value"} (URL-encoded).');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ApiError(400, 'EVS.1025', 'metadata must be a JSON object of strings, for example {"key":"value"}.');
    if (Object.keys(parsed).length > 0) disks = [];
  }
  const sortKey = q(req, 'sort_key') ?? 'created_at';
  if (!(SORT_KEYS as readonly string[]).includes(sortKey)) throw new ApiError(400, 'EVS.1039', `invalid sort_key: use one of ${SORT_KEYS.join(', ')}.`);
  const sortDir = q(req, 'sort_dir') ?? 'desc';
  if (sortDir !== 'asc' && sortDir !== 'desc') throw new ApiError(400, 'EVS.1040', 'invalid sort_dir: use desc or asc.');
  const sign = sortDir === 'asc' ? 1 : -1;
  disks.sort((a, b) => sign * compare(a, b, sortKey as (typeof SORT_KEYS)[number]));
  const count = disks.length;
  const marker = q(req, 'marker');
  if (marker !== undefined) {
    const at = disks.findIndex((d) => d.id === marker);
    if (at < 0) throw new ApiError(400, 'EVS.1024', `invalid filter marker: ${JSON.stringify(marker.slice(0, 64))} is no disk of this list; give the id of the last disk of the previous page.`);
    disks = disks.slice(at + 1);
  }
  const offset = wholeParam(q(req, 'offset'), 'offset', 0, 10_000_000, 0, 'EVS.1008');
  const limit = wholeParam(q(req, 'limit'), 'limit', 1, MAX_LIMIT, MAX_LIMIT, 'EVS.1023');
  const rest = disks.slice(offset);
  const page = rest.slice(0, limit);
  return { count, disks: page, next: rest.length > limit ? page[page.length - 1]!.id : null, limit };
}

/** The query of the next page: the same filters, the last id as marker. */
export function nextQuery(req: ApiRequest, page: DiskPage): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) {
    if (k === 'marker' || k === 'offset' || k === 'limit') continue;
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  }
  params.set('limit', String(page.limit));
  params.set('marker', page.next ?? '');
  return params.toString();
}
