/**
 * The image lists (rest-api.md §3.2, §1.7): the project's private images and the public catalogue
 * as one set of image bodies, filtered by the query's keys (equality on the body's value, `gt:` /
 * `lt:` … on the times, `tag` on the tags), sorted and cut into a page after `marker`.
 */
import { GOLD_IMAGES } from '../../sim/gold-images.js';
import type { ImageRecord } from '../../sim/records.js';
import { ApiError } from '../errors.js';
import type { ApiRequest } from '../route.js';
import { goldImageBody, imageBody, type ImageBody } from './serialize.js';

/** Query keys that are no filter on the body. */
const NOT_FILTERS = new Set(['limit', 'marker', 'sort_key', 'sort_dir', 'tag', 'created_at', 'updated_at', 'member_status', 'enterprise_project_id', 'flavor_id']);
const SORT_KEYS = ['created_at', 'updated_at', 'name', 'status', 'id', 'size', 'min_disk', 'disk_format', 'container_format', '__imagetype', '__os_type', '__platform'];
const TIME_OPS: Record<string, (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b, gte: (a, b) => a >= b, lt: (a, b) => a < b, lte: (a, b) => a <= b, eq: (a, b) => a === b, neq: (a, b) => a !== b,
};

function one(req: ApiRequest, key: string): string | undefined {
  const v = req.query[key];
  return Array.isArray(v) ? v[0] : v;
}

/** Every image the project sees: its private images (live ones) and the public ones. */
export function allImages(req: ApiRequest): ImageBody[] {
  const own = req.project.session.simulation.list('image') as ImageRecord[];
  return [...own.map((r) => imageBody(r, req.project.id)), ...GOLD_IMAGES.map(goldImageBody)];
}

/** `created_at=gt:2026-01-05T00:00:00Z`: a comparison of a time field, or a bad value refused. */
function timeFilter(key: string, value: string): (b: ImageBody) => boolean {
  const m = /^(gt|gte|lt|lte|eq|neq):(.+)$/.exec(value);
  const at = Date.parse(m ? m[2]! : value);
  if (!Number.isFinite(at)) {
    throw new ApiError(400, 'IMG.0001', `The query field ${key} must be a time with an operator, for example ${key}=gt:2026-01-05T00:00:00Z; got ${JSON.stringify(value.slice(0, 60))}.`);
  }
  const op = TIME_OPS[m ? m[1]! : 'eq']!;
  return (b) => op(Date.parse(String(b[key])), at);
}

/** The images that match the query's filters. */
export function filtered(req: ApiRequest, images: ImageBody[]): ImageBody[] {
  const tests: ((b: ImageBody) => boolean)[] = [];
  for (const key of Object.keys(req.query)) {
    const value = one(req, key);
    if (value === undefined || NOT_FILTERS.has(key)) continue;
    // `__whole_image=false` also matches the images that do not carry the key at all.
    if (key === '__whole_image') tests.push((b) => String(b.__whole_image ?? 'false') === value);
    else tests.push((b) => b[key] !== undefined && String(b[key]) === value);
  }
  const tag = one(req, 'tag');
  if (tag !== undefined) tests.push((b) => (b.tags as string[]).includes(tag));
  for (const key of ['created_at', 'updated_at']) {
    const value = one(req, key);
    if (value !== undefined) tests.push(timeFilter(key, value));
  }
  return images.filter((b) => tests.every((t) => t(b)));
}

export interface Page {
  images: ImageBody[];
  /** Whether images follow this page. */
  more: boolean;
  limit: number;
}

/** Sorted by `sort_key` (default `created_at`) and `sort_dir` (default `desc`), `limit` after `marker`. */
export function paged(req: ApiRequest, images: ImageBody[], o: { defaultLimit: number; maxLimit: number }): Page {
  const limitText = one(req, 'limit');
  const limit = limitText === undefined ? o.defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > o.maxLimit) {
    throw new ApiError(400, 'IMG.0001', `The query field limit must be a whole number from 1 to ${o.maxLimit}; got ${JSON.stringify(String(limitText).slice(0, 40))}.`);
  }
  const key = one(req, 'sort_key') ?? 'created_at';
  if (!SORT_KEYS.includes(key)) throw new ApiError(400, 'IMG.0001', `The query field sort_key must be one of ${SORT_KEYS.join(', ')}; got ${JSON.stringify(key.slice(0, 40))}.`);
  const dir = one(req, 'sort_dir') ?? 'desc';
  if (dir !== 'asc' && dir !== 'desc') throw new ApiError(400, 'IMG.0001', `The query field sort_dir must be asc or desc; got ${JSON.stringify(dir.slice(0, 40))}.`);
  const sign = dir === 'asc' ? 1 : -1;
  const value = (b: ImageBody) => b[key] ?? '';
  // Ties (same second) broken by id, so that a marker always names one place.
  const sorted = [...images].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : sign * a.id.localeCompare(b.id);
  });
  const marker = one(req, 'marker');
  let start = 0;
  if (marker !== undefined) {
    const at = sorted.findIndex((b) => b.id === marker);
    if (at < 0) throw new ApiError(400, 'IMG.0001', `The marker ${JSON.stringify(marker.slice(0, 80))} is no image of this list; use the id of the last image of the previous page.`);
    start = at + 1;
  }
  const page = sorted.slice(start, start + limit);
  return { images: page, more: start + limit < sorted.length, limit };
}
