/**
 * Making images (rest-api.md §3.1): every way answers 200 `{job_id}` at once, the job then polled
 * (`showJob`). Refusals IMS decides up front are synchronous 400s (§1.8): the library's, translated
 * by the table (§6), and the few about the request itself decided here.
 */
import type { BackupRecord, ImageRecord } from '../../sim/records.js';
import { ApiError } from '../errors.js';
import type { ApiReply, ApiRequest } from '../route.js';

interface WholeImageBody {
  name: string;
  backup_id?: string;
  whole_image_type?: 'CBR' | 'CSBS';
  instance_id?: string;
  vault_id?: string;
}

interface DataImageEntry {
  name?: string;
  volume_id?: string;
  image_url?: string;
}

interface CreateImageBody {
  name?: string;
  instance_id?: string;
  volume_id?: string;
  data_images?: DataImageEntry[];
  image_url?: string;
  min_disk?: number;
  os_version?: string;
  os_type?: 'Linux' | 'Windows';
}

interface ImportBody {
  name: string;
  image_url: string;
  min_disk: number;
  os_type?: 'Linux' | 'Windows';
  os_version?: string;
  type?: 'ECS' | 'BMS' | 'DataImage';
}

/** The live backup `id` names (a server backup's disk backups included), or null. */
function backupOf(req: ApiRequest, id: string): BackupRecord | null {
  try {
    const r = req.project.session.simulation.get(id);
    return r.kind === 'backup' && r.status !== 'deleted' ? r : null;
  } catch {
    return null;
  }
}

const jobReply = (image: unknown): ApiReply => ({ status: 200, body: { job_id: (image as ImageRecord).jobId } });

const invalid = (message: string): ApiError => new ApiError(400, 'IMG.0001', message);

/** What cbr-sim does not make, said as such: 501 naming the variant (the router's answer for an operation not served). */
const notModelled = (what: string): ApiError =>
  new ApiError(501, 'Sim.NotImplemented', `cbr-sim does not make ${what} yet; GET /api/coverage lists what it serves.`);

/** The OS an imported image file holds: `os_type`, else what `os_version` names. */
function osOf(b: { os_type?: string; os_version?: string }): 'linux' | 'windows' {
  if (b.os_type) return b.os_type === 'Windows' ? 'windows' : 'linux';
  return /windows/i.test(b.os_version ?? '') ? 'windows' : 'linux';
}

/** `POST /v1/cloudimages/wholeimages/action`: a full-ECS image from a CBR backup, or from an ECS backed up first (C12). */
export async function createWholeImage(req: ApiRequest): Promise<ApiReply> {
  const b = req.body as WholeImageBody;
  if (b.backup_id !== undefined && b.instance_id !== undefined) {
    throw invalid('The body gives both backup_id and instance_id; a full-ECS image comes from a CBR backup (backup_id, whole_image_type "CBR") or from an ECS (instance_id, vault_id), not both.');
  }
  if (b.backup_id !== undefined) {
    // IMS reads a backup_id without whole_image_type as a CSBS backup, which cbr-sim's regions no longer have.
    if (b.whole_image_type !== 'CBR') {
      throw new ApiError(400, 'IMG.0190', `Full-ECS images are made from CBR backups here; set "whole_image_type": "CBR" (without it, IMS reads backup_id as a CSBS backup${b.whole_image_type ? '' : ', its default'}).`);
    }
    const backup = backupOf(req, b.backup_id);
    if (backup === null) throw new ApiError(400, 'IMG.0020', `No CBR backup has id ${JSON.stringify(b.backup_id.slice(0, 80))} in this project; GET /cbr/v3/{project_id}/backups lists the backups there are.`);
    if (backup.parentId !== null) {
      throw new ApiError(400, 'IMG.0198', `Backup ${backup.id} is a disk backup of server backup ${backup.parentId} (R1); a full-ECS image is made from the server backup: use backup_id ${JSON.stringify(backup.parentId)}.`);
    }
    return jobReply(await req.perform('createImageFromBackup', b.backup_id, { name: b.name }));
  }
  if (b.instance_id !== undefined) {
    if (b.vault_id === undefined) {
      throw invalid('The body lacks the field "vault_id": a full-ECS image of an ECS backs it up first (C12), into the CBR server backup vault named here.');
    }
    return jobReply(await req.perform('createImageFromServer', b.instance_id, { name: b.name, kind: 'full-ecs', vaultId: b.vault_id }));
  }
  throw new ApiError(400, 'IMG.0019', 'The body names no source: give backup_id (a CBR backup, with "whole_image_type": "CBR") or instance_id with vault_id (an ECS, backed up first).');
}

/**
 * `POST /v2/cloudimages/action` (and `/v2.1/`): a system-disk image of an ECS (`instance_id`), a
 * data-disk image of an ECS's data disk (`data_images[].volume_id`), or an image file from OBS
 * (`image_url`, `min_disk`).
 */
export async function createImage(req: ApiRequest): Promise<ApiReply> {
  const b = req.body as CreateImageBody;
  const sources = (['instance_id', 'volume_id', 'image_url'] as const).filter((k) => b[k] !== undefined);
  if (sources.length > 1) throw invalid(`The body names ${sources.join(' and ')}; give one source: instance_id (an ECS), image_url (a file in OBS) or volume_id (a data disk).`);
  if (b.data_images !== undefined && b.image_url !== undefined) throw notModelled('data-disk images imported together with a system-disk image file (data_images beside image_url)');
  if (b.data_images !== undefined) {
    if (b.instance_id !== undefined) throw invalid('The body gives instance_id and data_images; for data-disk images of an ECS\'s disks leave instance_id out (data_images[].volume_id names each disk).');
    const d = b.data_images[0]!;
    if (d.volume_id === undefined) throw invalid('The body field data_images.0 lacks the mandatory field "volume_id" (the data disk to make the image of).');
    const name = d.name ?? b.name;
    if (name === undefined) throw invalid('The body lacks the mandatory field "name" (give it in data_images.0 or at the top).');
    return jobReply(await req.perform('createImageFromDisk', d.volume_id, { name }));
  }
  if (b.name === undefined) throw invalid('The body lacks the mandatory field "name".');
  if (b.instance_id !== undefined) {
    return jobReply(await req.perform('createImageFromServer', b.instance_id, { name: b.name, kind: 'system-disk' }));
  }
  if (b.image_url !== undefined) {
    if (b.min_disk === undefined) throw invalid('The body lacks the mandatory field "min_disk" (1–1024 GB) of an image file.');
    return jobReply(await req.perform('importImage', { name: b.name, kind: 'system-disk', sizeGB: b.min_disk, os: osOf(b) }));
  }
  if (b.volume_id !== undefined) throw notModelled('system-disk images from a data disk (volume_id with os_version, imsVolumeCreateImageJob)');
  throw invalid('The body names no source: give instance_id (an ECS), data_images (its data disks) or image_url with min_disk (a file in OBS).');
}

/** `POST /v1/cloudimages/dataimages/action`: a data-disk image from a file in OBS (C11). */
export async function createDataImage(req: ApiRequest): Promise<ApiReply> {
  const b = req.body as ImportBody;
  return jobReply(await req.perform('importImage', { name: b.name, kind: 'data-disk', sizeGB: b.min_disk, os: osOf(b) }));
}

/** `POST /v2/cloudimages/quickimport/action`: a system-disk (`type` ECS, BMS) or data-disk (`DataImage`) image file. */
export async function importImageQuick(req: ApiRequest): Promise<ApiReply> {
  const b = req.body as ImportBody;
  const data = b.type === 'DataImage';
  if (!data && b.min_disk > 1024) throw invalid(`The body field min_disk must be at most 1024 GB for a system-disk image; got ${b.min_disk} (a data-disk image, "type": "DataImage", takes up to 2048).`);
  return jobReply(await req.perform('importImage', { name: b.name, kind: data ? 'data-disk' : 'system-disk', sizeGB: b.min_disk, os: osOf(b) }));
}
