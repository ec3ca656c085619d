/**
 * Reading, changing, deleting and exporting images (rest-api.md §3.2): IMS's list `{images}`,
 * Glance's list `{images, first, schema, next}` and flat image, the JSON-patch updates, the
 * delete that may take a full-ECS image's backup with it (I11), the export (C9).
 */
import type { ImageRecord } from '../../sim/records.js';
import { ApiError } from '../errors.js';
import type { ApiReply, ApiRequest } from '../route.js';
import { allImages, filtered, paged } from './list.js';
import { findImage, findPrivateImage } from './lookup.js';
import { goldImageBody, imageBody } from './serialize.js';

/** The public images belong to the cloud: nobody changes, deletes or exports them. */
const publicImage = (id: string, what: string): ApiError =>
  new ApiError(400, 'IMG.0094', `Image ${id} is a public image of the cloud, which cannot be ${what}; ${what} a private image of yours (GET /v2/cloudimages?__imagetype=private).`);

/** `GET /v2/cloudimages`: IMS's list, `{images}` only (no count, no next). */
export function listImages(req: ApiRequest): ApiReply {
  const page = paged(req, filtered(req, allImages(req)), { defaultLimit: 500, maxLimit: 1000 });
  return { status: 200, body: { images: page.images } };
}

/** `GET /v2/images`: Glance's list; `next` (relative, `/v2/images?…marker=`) only while images follow. */
export function glanceListImages(req: ApiRequest): ApiReply {
  const page = paged(req, filtered(req, allImages(req)), { defaultLimit: 25, maxLimit: 1000 });
  const body: Record<string, unknown> = { images: page.images, first: '/v2/images', schema: '/v2/schemas/images' };
  if (page.more) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query)) if (k !== 'marker' && k !== 'limit') for (const one of [v].flat()) query.append(k, one);
    query.set('limit', String(page.limit));
    query.set('marker', page.images[page.images.length - 1]!.id);
    body.next = `/v2/images?${query.toString()}`;
  }
  return { status: 200, body };
}

/** `GET /v2/images/{image_id}`: the flat image; a read of an image being made moves the on-poll clock. */
export async function glanceShowImage(req: ApiRequest): Promise<ApiReply> {
  const id = req.params.image_id!;
  const found = await req.poll(() => findImage(req, id, true), (f) => (f.record ? [f.record] : []));
  return { status: 200, body: found.record ? imageBody(found.record, req.project.id) : goldImageBody(found.gold) };
}

interface PatchOp {
  op: 'replace' | 'add' | 'remove';
  path: string;
  value?: unknown;
}

/** What a JSON patch changes: `/name` and `/__description`, the properties cbr-sim keeps. */
function changesOf(ops: readonly PatchOp[]): { name?: string; description?: string } {
  const changes: { name?: string; description?: string } = {};
  ops.forEach((o, i) => {
    if (o.path === '/name') {
      if (o.op === 'remove') throw new ApiError(400, 'IMG.0001', `The body field ${i}.op "remove" cannot apply to /name: an image always has a name; replace it instead.`);
      if (typeof o.value !== 'string' || o.value.trim() === '' || o.value.length > 64) {
        throw new ApiError(400, 'IMG.0001', `The body field ${i}.value must be the new name, 1 to 64 characters; got ${JSON.stringify(o.value)?.slice(0, 80)}.`);
      }
      changes.name = o.value;
    } else if (o.path === '/__description') {
      const value = o.op === 'remove' ? '' : o.value;
      if (typeof value !== 'string' || value.length > 1024) throw new ApiError(400, 'IMG.0001', `The body field ${i}.value must be the description, at most 1024 characters; got ${JSON.stringify(value)?.slice(0, 80)}.`);
      changes.description = value;
    } else {
      throw new ApiError(400, 'IMG.0001', `The body field ${i}.path ${JSON.stringify(o.path.slice(0, 80))} is not a property cbr-sim changes; it changes /name and /__description.`);
    }
  });
  return changes;
}

/** `PATCH /v2/cloudimages/{image_id}` and `PATCH /v2/images/{image_id}`: a JSON patch; the changed image back. */
export function updateImage(glance: boolean) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const id = req.params.image_id!;
    findPrivateImage(req, id, glance, publicImage(id, 'changed'));
    const updated = (await req.perform('updateImage', id, changesOf(req.body as PatchOp[]))) as ImageRecord;
    return { status: 200, body: imageBody(updated, req.project.id) };
  };
}

/** `DELETE /v2/images/{image_id}` with an optional `{delete_backup}` (I11): 204. */
export async function glanceDeleteImage(req: ApiRequest): Promise<ApiReply> {
  const id = req.params.image_id!;
  const image = findPrivateImage(req, id, true, publicImage(id, 'deleted'));
  const asked = (req.body as { delete_backup?: boolean } | undefined)?.delete_backup === true;
  // IMS takes delete_backup for any image; only a full-ECS image has a backup to take with it.
  await req.perform('deleteImage', id, asked && image.backupId !== null ? { deleteBackup: true } : undefined);
  return { status: 204 };
}

/** `POST /v1/cloudimages/{image_id}/file` (and `/v2.1/`): the export job (C9). */
export async function exportImage(req: ApiRequest): Promise<ApiReply> {
  const id = req.params.image_id!;
  const b = req.body as { file_format?: string; is_quick_export?: boolean };
  if (b.is_quick_export === true && b.file_format !== undefined) {
    throw new ApiError(400, 'IMG.0001', 'The body gives file_format with is_quick_export true; a quick export keeps the image\'s own format, so leave file_format out.');
  }
  if (b.is_quick_export !== true && b.file_format === undefined) {
    throw new ApiError(400, 'IMG.0001', 'The body lacks the mandatory field "file_format" (qcow2, vhd, zvhd or vmdk), needed unless is_quick_export is true.');
  }
  findPrivateImage(req, id, false, publicImage(id, 'exported'));
  const exported = (await req.perform('exportImage', id)) as ImageRecord;
  return { status: 200, body: { job_id: exported.jobId } };
}
