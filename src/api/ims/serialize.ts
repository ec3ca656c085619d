/**
 * IMS's bodies (rest-api.md §3.2, §3.3): the image object Glance and IMS answer with (flat, every
 * documented key, the string-valued `__*` properties), for cbr-sim's private images and the public
 * catalogue, and the IMS job body. Times: Glance style for images (`secondsTime`), jobs `jobTime`.
 */
import type { ImageRecord, JobRecord } from '../../sim/records.js';
import type { GoldImage } from '../../sim/gold-images.js';
import { jobTime, msOf, secondsTime } from '../wire-time.js';

/** One image as `GET /v2/images/{id}` and the lists answer it. */
export type ImageBody = Record<string, unknown> & { id: string; name: string; status: string; created_at: string };

const GIB = 1024 ** 3;
/** IMS answers this checksum (the MD5 of nothing) for images kept in its own storage. */
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
/** The owner of the public images: they belong to the cloud, not to a project [inference: simulator-owned value]. */
export const PUBLIC_OWNER = 'cbr-sim-public-images';

const bytes = (gb: number): number => Math.round(gb * GIB);
const osType = (os: 'linux' | 'windows'): string => (os === 'windows' ? 'Windows' : 'Linux');

/** The keys every image has, whatever made it. */
function common(id: string): Record<string, unknown> {
  return {
    self: `/v2/images/${id}`, file: `/v2/images/${id}/file`, schema: '/v2/schemas/image',
    disk_format: 'zvhd2', container_format: 'bare', virtual_size: null, checksum: EMPTY_MD5, tags: [],
    min_ram: 0, __image_source_type: 'uds', __isregistered: 'true', __os_bit: '64', __lazyloading: 'true',
    __data_origin: '', __originalimagename: '', __root_origin: '',
  };
}

/** A private image of the project (an `image` record). */
export function imageBody(image: ImageRecord, owner: string): ImageBody {
  const created = secondsTime(msOf(image.createdAt));
  const active = image.activeAt === null ? null : secondsTime(msOf(image.activeAt));
  const done = image.status === 'active' || image.status === 'deleted';
  return {
    ...common(image.id),
    id: image.id, name: image.name, status: image.status, visibility: 'private', owner, protected: false,
    min_disk: image.minDiskGB,
    // Glance: the size of the image's data once it is stored; null while it is being made.
    size: done ? bytes(image.sizeGB) : null,
    created_at: created, updated_at: active ?? created, active_at: active,
    virtual_env_type: image.virtualEnvType,
    __imagetype: 'private',
    __backup_id: image.backupId ?? '',
    ...(image.wholeImage ? { __whole_image: 'true' } : {}),
    __os_type: osType(image.os),
    __os_version: image.os === 'windows' ? 'Other Windows(64 bit)' : 'Other Linux(64 bit)',
    __platform: image.os === 'windows' ? 'Windows' : 'Other',
    // I9: what the image holds, smaller than the backup it was made from.
    __image_size: String(bytes(image.sizeGB)),
    __description: image.description,
    // I10 [inference, rest-api.md §3.2]: the console's "Available in AZ x", under a simulator-owned name.
    ...(image.azRestricted ? { __sim_available_az: image.az } : {}),
  };
}

/** A public image of the catalogue (`__imagetype: gold`). */
export function goldImageBody(g: GoldImage): ImageBody {
  const at = secondsTime(msOf(g.createdAt));
  return {
    ...common(g.id),
    id: g.id, name: g.name, status: 'active', visibility: 'public', owner: PUBLIC_OWNER, protected: true,
    min_disk: g.minDiskGB, size: bytes(g.sizeGB), created_at: at, updated_at: at, active_at: at,
    virtual_env_type: 'FusionCompute',
    __imagetype: 'gold', __backup_id: '',
    __os_type: osType(g.os), __os_version: g.osVersion, __platform: g.platform,
    __image_size: String(bytes(g.sizeGB)), __description: '',
  };
}

/** The IMS job body of §3.3 (`GET /v1/{project_id}/jobs/{job_id}`). */
export function jobBody(job: JobRecord): Record<string, unknown> {
  const entities: Record<string, unknown> = {};
  if (job.entities.imageName !== undefined) entities.image_name = job.entities.imageName;
  if (job.entities.imageId !== undefined) entities.image_id = job.entities.imageId;
  if (job.entities.serverIds !== undefined) entities.server_ids = [...job.entities.serverIds];
  if (job.entities.diskId !== undefined) entities.volume_id = job.entities.diskId;
  // A data-disk image job answers its image in a sub-job too (rest-api.md §3.1, imsVolumesToSysDataImagesJob).
  if (job.jobType === 'imsVolumesToSysDataImagesJob') {
    entities.sub_jobs_result = [{
      status: job.status, job_id: `${job.id}-1`, job_type: 'imsVolumeToDataImageJob',
      begin_time: jobTime(msOf(job.beginAt)), end_time: job.endAt === null ? null : jobTime(msOf(job.endAt)),
      error_code: job.errorCode, fail_reason: job.failReason,
      entities: { image_id: job.entities.imageId, image_name: job.entities.imageName },
    }];
  }
  if (job.subJobs.length > 0) {
    entities.sub_jobs_result = job.subJobs.map((s) => ({
      status: s.status, job_id: s.jobId, job_type: 'createSingleServer', begin_time: jobTime(msOf(s.beginAt)),
      end_time: s.endAt === null ? null : jobTime(msOf(s.endAt)), error_code: s.errorCode, fail_reason: s.failReason,
      entities: { server_id: s.serverId },
    }));
  }
  return {
    job_id: job.id, job_type: job.jobType,
    begin_time: jobTime(msOf(job.beginAt)), end_time: job.endAt === null ? null : jobTime(msOf(job.endAt)),
    status: job.status, error_code: job.errorCode, fail_reason: job.failReason, entities,
  };
}
