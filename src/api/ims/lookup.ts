/**
 * The image an IMS path names: one of the project's private images, or a public one of the
 * catalogue. An id that names neither (or something that is no image, or an image already deleted)
 * is "not found": 404 on the Glance paths, 400 on IMS's own (rest-api.md §6).
 */
import { goldImage, type GoldImage } from '../../sim/gold-images.js';
import type { ImageRecord, JobRecord, SimRecord } from '../../sim/records.js';
import { ApiError } from '../errors.js';
import type { ApiRequest } from '../route.js';

export type Found = { record: ImageRecord; gold: null } | { record: null; gold: GoldImage };

function record(req: ApiRequest, id: string): SimRecord | null {
  try {
    return req.project.session.simulation.get(id);
  } catch {
    return null;
  }
}

/** The refusal for an image id that names no image here. */
export function imageNotFound(id: string, glance: boolean): ApiError {
  return new ApiError(glance ? 404 : 400, 'IMG.0027', `No image has id ${JSON.stringify(id.slice(0, 80))} in this project; GET /v2/cloudimages lists the images there are (private ones and the public catalogue).`);
}

/** The image `id` names, live; refused as not found otherwise. */
export function findImage(req: ApiRequest, id: string, glance: boolean): Found {
  const gold = goldImage(id);
  if (gold) return { record: null, gold };
  const r = record(req, id);
  if (r?.kind !== 'image' || r.status === 'deleted') throw imageNotFound(id, glance);
  return { record: r, gold: null };
}

/** A private image `id` names (a public one refused with `code`, saying why). */
export function findPrivateImage(req: ApiRequest, id: string, glance: boolean, refusePublic: ApiError): ImageRecord {
  const found = findImage(req, id, glance);
  if (found.gold) throw refusePublic;
  return found.record;
}

/**
 * A job by id: job ids are unique in a project's world, so IMS answers the ECS and EVS jobs too
 * [decision: as the real services' shared `/v1/{project_id}/jobs/{job_id}` would, rest-api.md §1.1].
 */
export function findJob(req: ApiRequest, id: string): JobRecord {
  const r = record(req, id);
  if (r?.kind !== 'job') {
    throw new ApiError(400, 'IMG.0027', `No job has id ${JSON.stringify(id.slice(0, 80))} in this project; use the job_id an image request answered (a job is kept 30 days after it ended).`);
  }
  return r;
}
