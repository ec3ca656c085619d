/**
 * EVS disks on the wire (rest-api.md §5): create (from nothing, a CBR disk backup, or a data-disk
 * image), show, list, delete. The handlers check what EVS answers with a code of its own, then run
 * the library's verbs (`createDisk`, `createDiskFromBackup`, `createDiskFromImage`, `deleteDisk`)
 * through the project's session; a refusal of the library is translated by the table (§6).
 */
import type { ApiReply, ApiRequest } from '../route.js';
import { ApiError } from '../errors.js';
import type { Simulation } from '../../sim/simulation.js';
import type { DiskRecord } from '../../sim/records.js';
import { GOLD_IMAGES } from '../../sim/gold-images.js';
import { MAX_DISK_GB } from '../../sim/commands/compute.js';
import { VOLUME_TYPES } from './schemas.js';
import { linkBase, volumeBody } from './serialize.js';

interface CreateVolumeRequestBody {
  volume: {
    availability_zone: string; volume_type: string; size?: number; count?: number;
    backup_id?: string | null; snapshot_id?: string | null; imageRef?: string | null;
    name?: string; description?: string; multiattach?: boolean; shareable?: string;
  };
  server_id?: string;
  bssParam?: { chargingMode?: 'postPaid' | 'prePaid' };
}

/** The most disks one request makes (OTC-EVS `count`). */
export const MAX_COUNT = 100;
/** Decision: a name without `name` (EVS makes it optional; cbr-sim's disks have one). */
export const DEFAULT_NAME = 'volume';
/** The smallest empty data disk (OTC-EVS: a data disk is 10 GB to 32768 GB). */
export const MIN_DATA_DISK_GB = 10;
/** What an id in a path may be: cbr-sim's ids and real UUIDs; anything else is no volume id (EVS.1002). */
const VOLUME_ID = /^[A-Za-z0-9_.~-]{1,64}$/;

export const simOf = (req: ApiRequest): Simulation => req.project.session.simulation;

/** A name of the library's bounds (1–64 characters, not blank); a batch's names take `-0001` more. */
function nameOf(value: string | undefined, count: number): string {
  const name = value ?? DEFAULT_NAME;
  const max = count > 1 ? 59 : 64;
  if (name.trim() === '' || name.length > max) {
    throw new ApiError(400, 'EVS.1003', `volume.name must be 1 to ${max} characters and not blank${count > 1 ? ' (a batch adds -0001, -0002… to it)' : ''}; got ${name.length} characters.`);
  }
  return name;
}

/** OTC-EVS: "if the specified value is a decimal, the number part of the value will be used". */
const whole = (n: number | undefined): number | undefined => (n === undefined ? undefined : Math.trunc(n));

/** What may be created from: at most one source (EVS.1016). */
function sourceOf(v: CreateVolumeRequestBody['volume']): { kind: 'backup' | 'snapshot' | 'image' | 'none'; id: string } {
  const given = ([['backup', v.backup_id], ['snapshot', v.snapshot_id], ['image', v.imageRef]] as const)
    .filter(([, id]) => id !== undefined && id !== null);
  if (given.length > 1) {
    throw new ApiError(400, 'EVS.1016', `Invalid input received: May specify only one of imageRef, snapshot_id, backup_id; got ${given.map(([k]) => k).join(' and ')}. Create the disk from one source.`);
  }
  const [first] = given;
  return first ? { kind: first[0], id: first[1] as string } : { kind: 'none', id: '' };
}

/** The checks EVS makes of the request itself, each with its code; then the disks, one verb each. */
async function create(req: ApiRequest): Promise<DiskRecord[]> {
  const body = req.body as CreateVolumeRequestBody;
  const v = body.volume;
  if (body.server_id !== undefined) {
    throw new ApiError(400, 'EVS.1008', 'cbr-sim does not attach a disk as it creates it (server_id, which EVS honours for yearly/monthly disks only): create the disk, wait until it is available, then attach it to the server.');
  }
  if (body.bssParam?.chargingMode === 'prePaid') {
    throw new ApiError(400, 'EVS.1008', 'cbr-sim has no orders: every disk is pay-per-use. Leave bssParam out or set chargingMode to postPaid.');
  }
  if (v.multiattach === true || v.shareable === 'true') {
    throw new ApiError(400, 'EVS.1054', 'cbr-sim has no shared disks: leave multiattach (and shareable) out or false.');
  }
  const source = sourceOf(v);
  if (!(VOLUME_TYPES as readonly string[]).includes(v.volume_type)) {
    throw new ApiError(400, 'EVS.1020', `volume.volume_type must be one of ${VOLUME_TYPES.join(', ')}; got ${JSON.stringify(v.volume_type.slice(0, 40))}.`);
  }
  const az = v.availability_zone;
  if (az.trim() === '' || az.length > 64) throw new ApiError(400, 'EVS.1036', 'volume.availability_zone must name an AZ (1 to 64 characters), for example "eu-de-01".');
  const count = whole(v.count) ?? 1;
  if (count < 1 || count > MAX_COUNT) throw new ApiError(400, 'EVS.1021', `volume.count must be 1 to ${MAX_COUNT}; got ${v.count}.`);
  if (source.kind === 'backup' && count > 1) {
    throw new ApiError(400, 'EVS.1051', `can not batch create volume from backup: volume.count must be 1 for a disk from backup ${source.id}; send one request per disk.`);
  }
  const name = nameOf(v.name, count);
  if (v.description !== undefined && v.description.length > 255) throw new ApiError(400, 'EVS.1004', 'volume.description must be at most 255 characters.');
  const size = whole(v.size);
  if (size !== undefined && (size < 1 || size > MAX_DISK_GB)) throw new ApiError(400, 'EVS.1010', `volume.size must be 1 to ${MAX_DISK_GB} GB; got ${v.size}.`);
  const sim = simOf(req);
  switch (source.kind) {
    case 'snapshot':
      throw new ApiError(400, 'EVS.1008', `cbr-sim has no EVS snapshots (snapshot_id ${JSON.stringify(source.id.slice(0, 64))}): create the disk from a CBR disk backup with backup_id instead.`);
    case 'backup': {
      const backup = findKind(sim, source.id, 'backup');
      if (!backup || backup.status === 'deleted') {
        throw new ApiError(400, 'EVS.1006', `invalid backup id: no backup has id ${JSON.stringify(source.id.slice(0, 64))}. CBR's listBackups (GET /cbr/v3/{project_id}/backups) shows the disk backups there are.`);
      }
      return [await req.perform('createDiskFromBackup', source.id, { name, az, ...(size === undefined ? {} : { sizeGB: size }) }) as DiskRecord];
    }
    case 'image': {
      if (GOLD_IMAGES.some((g) => g.id === source.id)) {
        throw new ApiError(400, 'Sim.InvalidArgument', `Image ${source.id} is a public system-disk image: it creates servers, not disks (C8). Create a disk from a data-disk image, or a server from this one.`);
      }
      if (size === undefined) throw new ApiError(400, 'EVS.1010', 'volume.size is mandatory for a disk from an image: at least the image\'s min_disk.');
      const disks: DiskRecord[] = [];
      for (let i = 0; i < count; i++) disks.push(await req.perform('createDiskFromImage', source.id, { name: batchName(name, count, i), az, sizeGB: size }) as DiskRecord);
      return disks;
    }
    case 'none': {
      if (size === undefined || size < MIN_DATA_DISK_GB) {
        throw new ApiError(400, 'EVS.1010', `volume.size is mandatory for an empty disk: ${MIN_DATA_DISK_GB} to ${MAX_DISK_GB} GB${size === undefined ? '' : `; got ${v.size}`}.`);
      }
      const disks: DiskRecord[] = [];
      for (let i = 0; i < count; i++) disks.push(await req.perform('createDisk', { name: batchName(name, count, i), sizeGB: size, az }) as DiskRecord);
      return disks;
    }
  }
}

/** OTC-EVS: a batch's disks are `<name>-0001`, `<name>-0002`… (a hyphen and four digits). */
export function batchName(name: string, count: number, i: number): string {
  return count === 1 ? name : `${name}-${String(i + 1).padStart(4, '0')}`;
}

/**
 * POST /v2 (OTC) and /v2.1 (the SDK's) …/cloudvolumes: 200 `{job_id}`, v2.1 with `order_id`
 * (null: nothing is ordered) and `volume_ids`. Decision: a batch is one `createVolume` job per disk
 * (the library's); `job_id` is the first disk's, `volume_ids` name them all.
 */
export function createVolume(version: 'v2' | 'v2.1') {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const disks = await create(req);
    const body: Record<string, unknown> = { job_id: disks[0]!.jobId };
    if (version === 'v2.1') Object.assign(body, { order_id: null, volume_ids: disks.map((d) => d.id) });
    return { status: 200, body };
  };
}

/** The record of `id` when it is of `kind` (live or a tombstone), else null. */
export function findKind<K extends 'disk' | 'backup' | 'job'>(sim: Simulation, id: string, kind: K): Extract<ReturnType<Simulation['get']>, { kind: K }> | null {
  try {
    const r = sim.get(id);
    return r.kind === kind ? r as Extract<ReturnType<Simulation['get']>, { kind: K }> : null;
  } catch {
    return null;
  }
}

/** A volume id in a path: malformed → 400 EVS.1002; no disk (or a deleted one) → 404 EVS.5404. */
export function liveDisk(sim: Simulation, id: string): DiskRecord {
  if (!VOLUME_ID.test(id)) throw new ApiError(400, 'EVS.1002', `invalid volume id: ${JSON.stringify(id.slice(0, 80))} is no disk id (letters, digits, '-', '_', '.', '~'; at most 64).`);
  const disk = findKind(sim, id, 'disk');
  if (!disk || disk.status === 'deleted') {
    throw new ApiError(404, 'EVS.5404', `No disk has id ${JSON.stringify(id)}${disk ? ' any more (it was deleted)' : ''}; listVolumes (GET /v2/{project_id}/cloudvolumes/detail) shows the disks there are.`);
  }
  return disk;
}

/** GET /v2/{project_id}/cloudvolumes/{volume_id}: a disk being created or deleted moves on-poll. */
export async function showVolume(req: ApiRequest): Promise<ApiReply> {
  const sim = simOf(req);
  const disk = await req.poll(() => liveDisk(sim, req.params.volume_id!), (d) => [d]);
  return { status: 200, body: { volume: volumeBody(sim, disk, linkBase(req.headers, req.project.id)) } };
}

/**
 * DELETE /v2/{project_id}/cloudvolumes/{volume_id}: 200 `{job_id}` (not 204), the library's
 * `deleteVolume` job; a disk not Available (in use, being made, restored) is refused EVS.1046.
 */
export async function deleteVolume(req: ApiRequest): Promise<ApiReply> {
  const disk = liveDisk(simOf(req), req.params.volume_id!);
  const deleted = await req.perform('deleteDisk', disk.id) as DiskRecord;
  return { status: 200, body: { job_id: deleted.jobId } };
}
