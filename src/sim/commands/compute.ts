/** Servers (ECS) and disks (EVS): the resources that get backed up. */
import type { World } from '../world.js';
import type { DiskRecord, ServerRecord } from '../records.js';
import { DEFAULT_AZ, bool, integer, integerList, oneOf, options, text } from '../validate.js';
import { SimulationError, invalidArgument } from '../errors.js';
import { clip, shown } from '../bound.js';
import { GOLD_IMAGES, goldImage, type GoldImage } from '../gold-images.js';
import { spawnJob } from './jobs.js';

export interface NewServer {
  name: string;
  os: 'linux' | 'windows';
  systemDiskGB: number;
  dataDisksGB: number[];
  initTool: boolean;
  optimized: boolean;
  az: string;
  sourceImageId: string | null;
  willFail: boolean;
  /** S3: the ECS job that makes it (a batch's); none: it gets a job of its own. */
  jobId?: string;
}

/** Spawns a server with its system disk and data disks (no checks: callers have made them). */
export function spawnServer(w: World, s: NewServer): ServerRecord {
  const id = w.newId('ecs');
  const now = w.now();
  const diskTiming = { createMs: w.timings.createDiskMs, deleteMs: w.timings.deleteDiskMs };
  const disk = (role: 'system' | 'data', sizeGB: number, index: number) => {
    const diskId = w.newId('evs');
    w.spawn('disk', diskId, {
      id: diskId, name: role === 'system' ? `${s.name}-system` : `${s.name}-data-${index + 1}`, createdAt: now, sizeGB, az: s.az, role,
      serverId: id, sourceBackupId: null, sourceImageId: null, timing: diskTiming,
    });
    return diskId;
  };
  const systemDiskId = disk('system', s.systemDiskGB, 0);
  const dataDiskIds = s.dataDisksGB.map((gb, i) => disk('data', gb, i));
  const jobId = s.jobId ?? w.newJobId();
  const entry = w.spawn('server', id, {
    id, name: s.name, createdAt: now, os: s.os, initTool: s.initTool, optimized: s.optimized, az: s.az,
    systemDiskId, dataDiskIds, sourceImageId: s.sourceImageId, timing: { provisionMs: w.timings.provisionServerMs }, willFail: s.willFail, jobId,
  });
  // S3: a server made alone is a batch of one (a batch's job is made by its caller, after the servers).
  if (s.jobId === undefined) spawnJob(w, { id: jobId, service: 'ecs', jobType: 'createServer', entities: { serverIds: [id] }, serverIds: [id], start: true });
  return w.record(entry) as ServerRecord;
}

/**
 * A server, empty or (`imageId`) from a public image (`src/sim/gold-images.ts`): it then takes the
 * image's OS and init tool, and its system disk is at least the image's `min_disk`. A private
 * image's servers come from `provisionServers` (I6, I10 and the image's other rules).
 */
export function createServer(w: World, o: unknown): ServerRecord {
  const verb = 'createServer';
  const opts = options(verb, o, ['name', 'os', 'systemDiskGB', 'dataDisksGB', 'initTool', 'optimized', 'az', 'imageId']);
  const gold = opts.imageId === undefined ? undefined : publicImage(w, verb, opts.imageId);
  const name = text(verb, 'name', opts.name);
  if (!gold) {
    return spawnServer(w, {
      name,
      os: oneOf(verb, 'os', opts.os, ['linux', 'windows'] as const),
      systemDiskGB: integer(verb, 'systemDiskGB', opts.systemDiskGB, 1, 1024),
      dataDisksGB: integerList(verb, 'dataDisksGB', opts.dataDisksGB, 1, 32768, 23),
      initTool: bool(verb, 'initTool', opts.initTool, true),
      optimized: bool(verb, 'optimized', opts.optimized, true),
      az: text(verb, 'az', opts.az, DEFAULT_AZ),
      sourceImageId: null,
      willFail: false,
    });
  }
  const disks = publicImageDisks(verb, gold, opts);
  const os = oneOf(verb, 'os', opts.os, ['linux', 'windows'] as const, gold.os);
  if (os !== gold.os) throw invalidArgument(`${verb}: public image ${gold.id} (${gold.name}) is a ${gold.os} image; leave os out, or give '${gold.os}'`, { imageId: gold.id });
  if (bool(verb, 'initTool', opts.initTool, true) !== true) {
    throw invalidArgument(`${verb}: public image ${gold.id} (${gold.name}) has ${gold.os === 'windows' ? 'Cloudbase-Init' : 'Cloud-Init'} inside (I4); leave initTool out, or give true`, { imageId: gold.id });
  }
  return spawnServer(w, {
    name, os: gold.os, ...disks, initTool: true,
    optimized: bool(verb, 'optimized', opts.optimized, true),
    az: text(verb, 'az', opts.az, DEFAULT_AZ),
    sourceImageId: gold.id,
    willFail: false,
  });
}

/**
 * The public image of `id`. A private image's id is refused (its servers come from
 * provisionServers, which asks the image's chart), any other id is Sim.NotFound.
 */
export function publicImage(w: World, verb: string, id: unknown): GoldImage {
  if (typeof id !== 'string' || id === '') throw invalidArgument(`${verb}: imageId must be an image id string; got ${shown(id)}`);
  const gold = goldImage(id);
  if (gold) return gold;
  const entry = w.entries.get(id);
  if (entry?.kind === 'image') {
    throw invalidArgument(
      `${verb}: image ${id} is a private image; servers from a private image are made with provisionServers('${id}', { count }), which checks the image's rules (I6, I10). ${verb} takes a public image (${GOLD_IMAGES.map((g) => g.id).join(', ')}).`,
      { imageId: id },
    );
  }
  try {
    // Another kind's id, or a deleted private image: lookup says which.
    w.lookup(id, 'image', 'imageId');
  } catch (error) {
    if (!(error instanceof SimulationError) || error.code !== 'Sim.NotFound') throw error;
  }
  throw new SimulationError('Sim.NotFound', `No image has id ${clip(id, 80)}; the public images are ${GOLD_IMAGES.map((g) => `${g.id} (${g.name})`).join(', ')}.`, { id, kind: 'image' });
}

/** The disks of a server from a public image: a system disk of at least its `min_disk`. */
export function publicImageDisks(verb: string, gold: GoldImage, opts: Record<string, unknown>): { systemDiskGB: number; dataDisksGB: number[] } {
  const systemDiskGB = integer(verb, 'systemDiskGB', opts.systemDiskGB, 1, 1024, gold.minDiskGB);
  if (systemDiskGB < gold.minDiskGB) {
    throw invalidArgument(`${verb}: systemDiskGB ${systemDiskGB} is smaller than public image ${gold.id} (${gold.name}) needs: its system disk is at least ${gold.minDiskGB} GB (min_disk); give ${gold.minDiskGB} or more, or leave it out`, { imageId: gold.id, minDiskGB: gold.minDiskGB });
  }
  return { systemDiskGB, dataDisksGB: integerList(verb, 'dataDisksGB', opts.dataDisksGB, 1, 32768, 23) };
}

export interface NewDisk {
  name: string;
  sizeGB: number;
  az: string;
  sourceBackupId?: string | null;
  sourceImageId?: string | null;
}

/** Spawns a disk of its own (not a server's) and its EVS job (S3: `createVolume`). */
export function spawnDisk(w: World, d: NewDisk): DiskRecord {
  const id = w.newId('evs');
  const jobId = w.newJobId();
  spawnJob(w, { id: jobId, service: 'evs', jobType: 'createVolume', entities: { diskId: id }, start: true });
  const entry = w.spawn('disk', id, {
    id, name: d.name, createdAt: w.now(), sizeGB: d.sizeGB, az: d.az, role: 'data', serverId: null,
    sourceBackupId: d.sourceBackupId ?? null, sourceImageId: d.sourceImageId ?? null,
    timing: { createMs: w.timings.createDiskMs, deleteMs: w.timings.deleteDiskMs }, jobId,
  });
  return w.record(entry) as DiskRecord;
}

/** The largest disk EVS makes, GB (a data disk: 10 GB to 32768 GB). */
export const MAX_DISK_GB = 32768;

/**
 * The size of a disk made from a source (a backup, an image): `value` when given, at least the
 * source's `fromGB`; the source's size otherwise. A refusal names `sizeGB` in its details.
 */
export function diskSize(verb: string, value: unknown, fromGB: number, source: { kind: 'backup' | 'image'; id: string }): number {
  if (value === undefined) return fromGB;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < fromGB || value > MAX_DISK_GB) {
    const what = `${source.kind} ${source.id}`;
    throw invalidArgument(`${verb}: sizeGB must be a whole number from ${fromGB} (the size of ${what}) to ${MAX_DISK_GB}; got ${shown(value)}. Leave it out for a disk as large as ${what}.`, { option: 'sizeGB', minGB: fromGB, source: source.kind });
  }
  return value;
}

/** The AZ of a disk made from a backup: the backup's; `value`, when given, must name it (details name `az`). */
export function sourceAz(verb: string, value: unknown, az: string, source: string): string {
  if (value === undefined || value === az) return az;
  throw invalidArgument(`${verb}: az must be ${JSON.stringify(az)}, the AZ of ${source} (a disk is made from a backup in the backup's AZ); got ${shown(value)}.`, { option: 'az', az });
}

export function createDisk(w: World, o: unknown): DiskRecord {
  const verb = 'createDisk';
  const opts = options(verb, o, ['name', 'sizeGB', 'az']);
  return spawnDisk(w, {
    name: text(verb, 'name', opts.name),
    sizeGB: integer(verb, 'sizeGB', opts.sizeGB, 1, MAX_DISK_GB),
    az: text(verb, 'az', opts.az, DEFAULT_AZ),
  });
}

export function attachDisk(w: World, diskId: unknown, serverId: unknown): DiskRecord {
  const verb = 'attachDisk';
  const disk = w.lookup(diskId, 'disk');
  const server = w.lookup(serverId, 'server');
  const event = { type: 'ATTACH' as const, serverId: server.id, serverAz: w.snapshotOf(server).context.az };
  w.ask(disk, event, verb);
  w.ask(server, { type: 'ATTACH_DISK', diskId: disk.id }, verb);
  w.send(disk, event);
  w.send(server, { type: 'ATTACH_DISK', diskId: disk.id });
  return w.record(disk) as DiskRecord;
}

export function detachDisk(w: World, diskId: unknown): DiskRecord {
  const disk = w.lookup(diskId, 'disk');
  const serverId = w.snapshotOf(disk).context.serverId;
  const server = serverId ? w.entries.get(serverId) : undefined;
  w.ask(disk, { type: 'DETACH' }, 'detachDisk');
  // R2: a server being restored keeps every disk, also one the restore does not write to.
  if (server?.kind === 'server') w.ask(server, { type: 'DETACH_DISK', diskId: disk.id }, 'detachDisk');
  w.send(disk, { type: 'DETACH' });
  if (server?.kind === 'server') w.send(server, { type: 'DETACH_DISK', diskId: disk.id });
  return w.record(disk) as DiskRecord;
}

export function stopServer(w: World, id: unknown): ServerRecord {
  const server = w.lookup(id, 'server');
  w.ask(server, { type: 'STOP' }, 'stopServer');
  w.send(server, { type: 'STOP' });
  return w.record(server) as ServerRecord;
}

export function startServer(w: World, id: unknown): ServerRecord {
  const server = w.lookup(id, 'server');
  w.ask(server, { type: 'START' }, 'startServer');
  w.send(server, { type: 'START' });
  return w.record(server) as ServerRecord;
}

/**
 * I4: installs Cloud-Init (Cloudbase-Init on Windows) and optimises a Running server, so that its
 * next backup can make a full-ECS image. Backups made before keep what the server was then.
 */
export function updateServer(w: World, id: unknown, changes: unknown): ServerRecord {
  const verb = 'updateServer';
  const server = w.lookup(id, 'server');
  const opts = options(verb, changes, ['initTool', 'optimized'], 'changes');
  if (opts.initTool === undefined && opts.optimized === undefined) {
    throw invalidArgument(`${verb}: changes must set initTool or optimized, for example { initTool: true, optimized: true }`);
  }
  const c = w.snapshotOf(server).context;
  const event = {
    type: 'UPDATE' as const,
    initTool: bool(verb, 'initTool', opts.initTool, c.initTool),
    optimized: bool(verb, 'optimized', opts.optimized, c.optimized),
  };
  w.ask(server, event, verb);
  w.send(server, event);
  return w.record(server) as ServerRecord;
}

/** C3, C4: deleting a server deletes its system disk, detaches its data disks, and nothing else. */
export function deleteServer(w: World, id: unknown): void {
  const server = w.lookup(id, 'server');
  w.ask(server, { type: 'DELETE' }, 'deleteServer');
  w.send(server, { type: 'DELETE' });
}

/**
 * C3: deleting a disk leaves its backups. S3: the deletion is an EVS `deleteVolume` job (the real
 * service answers a job id, rest-api.md §5) that runs as long as the disk is Deleting (the disk's
 * own `deleteMs`: a deletion never fails); the record returned (Deleting) carries that job's id.
 */
export function deleteDisk(w: World, id: unknown): DiskRecord {
  const disk = w.lookup(id, 'disk');
  w.ask(disk, { type: 'DELETE' }, 'deleteDisk');
  w.send(disk, { type: 'DELETE' });
  const jobId = w.newJobId();
  const c = w.snapshotOf(disk).context;
  spawnJob(w, { id: jobId, service: 'evs', jobType: 'deleteVolume', entities: { diskId: disk.id }, jobMs: c.timing.deleteMs, start: true });
  return { ...(w.record(disk) as DiskRecord), jobId };
}
