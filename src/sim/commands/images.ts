/**
 * Images (IMS): from a backup (I1–I5, I9), from a server (C6, C12), from a disk (C6), imported
 * (C6, C11); what they make (C8, I6, I10); export (C9); deletion (I11).
 */
import { transition } from 'xstate';
import { compressedSizeGB, type ImageInput, type ImageKind } from '../../../machines/image.machine.js';
import { backupStatus } from '../../../machines/backup.machine.js';
import type { EntryOf, World } from '../world.js';
import type { DiskRecord, ImageRecord, ServerRecord } from '../records.js';
import { SimulationError, invalidArgument } from '../errors.js';
import { shown } from '../bound.js';
import { goldImage, type GoldImage } from '../gold-images.js';
import { DEFAULT_AZ, bool, integer, oneOf, options, text } from '../validate.js';
import { diskSize, publicImageDisks, spawnDisk, spawnServer, type NewServer } from './compute.js';
import { backUpAlone, deleteByHand, draftBackup, planBackup } from './backups.js';
import { IMAGE_JOB_TYPES, spawnJob } from './jobs.js';

type NewImage = Omit<ImageInput, 'id' | 'createdAt' | 'willFail' | 'timing' | 'jobId'> & { jobMs: number };

/** A new image and its IMS job (S3), which starts when the image is being saved. */
function spawnImage(w: World, image: NewImage, jobType: string): EntryOf['image'] {
  const id = w.newId('img');
  const jobId = w.newJobId();
  spawnJob(w, { id: jobId, service: 'ims', jobType, entities: { imageId: id, imageName: image.name }, start: false });
  const { jobMs, ...input } = image;
  const entry = w.spawn('image', id, { ...input, id, createdAt: w.now(), timing: { imageJobMs: jobMs }, willFail: w.takeFailure('image'), jobId });
  w.sendRegion({ type: 'RESERVE_IMAGE' });
  return entry;
}

/** I4: what a server lacked when it was backed up, in words. */
function missingPrerequisites(server: { os: string; initTool: boolean; optimized: boolean } | null): string | undefined {
  if (!server) return undefined;
  const missing: string[] = [];
  if (!server.initTool) missing.push(server.os === 'windows' ? 'Cloudbase-Init' : 'Cloud-Init');
  if (!server.optimized) missing.push('optimization');
  return missing.length ? missing.join(' and ') : undefined;
}

/** A full-ECS image from a CBR backup (seed 000). */
export function createImageFromBackup(w: World, backupId: unknown, o?: unknown): ImageRecord {
  const verb = 'createImageFromBackup';
  const backup = w.lookup(backupId, 'backup');
  const name = text(verb, 'name', options(verb, o, ['name']).name);
  const s = w.snapshotOf(backup);
  const c = s.context;
  w.ask(backup, { type: 'CREATE_IMAGE', imageId: '(new)' }, verb, { resourceId: c.resourceId, missing: missingPrerequisites(c.server) });
  w.askRegion({ type: 'RESERVE_IMAGE' }, verb);
  const image = spawnImage(w, {
    name, imageKind: 'full-ecs', sizeGB: compressedSizeGB(c.sizeGB), backupId: backup.id,
    backupStatus: backupStatus(s).status === 'available' ? 'available' : 'creating',
    az: c.az, os: c.server!.os, initTool: c.server!.initTool, optimized: c.server!.optimized,
    systemDiskGB: c.server!.systemDiskGB, dataDisksGB: c.server!.dataDisksGB, jobMs: w.timings.imageFromBackupMs,
  }, IMAGE_JOB_TYPES.fromBackup);
  w.send(backup, { type: 'CREATE_IMAGE', imageId: image.id });
  w.send(image, { type: 'SOURCE_READY' });
  return w.record(image) as ImageRecord;
}

/** A system-disk image of a server, or (C12) a full-ECS image that backs the server up first. */
export function createImageFromServer(w: World, serverId: unknown, o?: unknown): ImageRecord {
  const verb = 'createImageFromServer';
  const server = w.lookup(serverId, 'server');
  const opts = options(verb, o, ['name', 'kind', 'vaultId']);
  const name = text(verb, 'name', opts.name);
  const kind = oneOf(verb, 'kind', opts.kind, ['system-disk', 'full-ecs'] as const);
  const c = w.snapshotOf(server).context;
  // IMS answers first, with its own codes: IMG.0126 (not Running/Stopped), IMG.0136 (being backed up).
  w.ask(server, { type: 'CREATE_IMAGE', imageKind: kind }, verb);
  const vault = opts.vaultId === undefined ? null : imageVault(w, verb, server, kind, opts.vaultId);
  if (kind === 'system-disk') {
    w.askRegion({ type: 'RESERVE_IMAGE' }, verb);
    const systemDisk = w.entries.get(c.systemDiskId) as EntryOf['disk'] | undefined;
    const image = spawnImage(w, {
      name, imageKind: 'system-disk', sizeGB: systemDisk ? w.snapshotOf(systemDisk).context.sizeGB : 0, backupId: null, backupStatus: 'none',
      az: c.az, os: c.os, initTool: c.initTool, optimized: c.optimized,
      systemDiskGB: systemDisk ? w.snapshotOf(systemDisk).context.sizeGB : null, dataDisksGB: [], jobMs: w.timings.imageFromServerMs,
    }, IMAGE_JOB_TYPES.systemDiskFromServer);
    w.send(image, { type: 'SOURCE_READY' });
    return w.record(image) as ImageRecord;
  }
  // C12: the image comes from a backup, so the server is backed up first. Everything the backup
  // chart would refuse later (I3, I4) is asked now; only "not marked yet" (I1) is expected.
  const plan = planBackup(w, verb, server, { auto: false, name: `${name}-backup`, ...(vault ? { vaultId: vault.id } : {}) })!;
  try {
    w.askDraft('backup', draftBackup(plan), { type: 'CREATE_IMAGE', imageId: '(new)' }, verb, {
      resourceId: server.id, missing: missingPrerequisites(plan.input.server),
    });
  } catch (error) {
    if (!(error instanceof SimulationError) || error.code !== 'BackupService.6208') throw error;
  }
  w.askRegion({ type: 'RESERVE_IMAGE' }, verb);
  const backup = backUpAlone(w, plan);
  const facts = plan.input.server!;
  const image = spawnImage(w, {
    name, imageKind: 'full-ecs', sizeGB: compressedSizeGB(plan.input.sizeGB), backupId: backup.id, backupStatus: 'creating',
    az: c.az, os: facts.os, initTool: facts.initTool, optimized: facts.optimized,
    systemDiskGB: facts.systemDiskGB, dataDisksGB: facts.dataDisksGB, jobMs: w.timings.imageFromBackupMs,
  }, IMAGE_JOB_TYPES.wholeFromServer);
  // The job runs from the start: making the backup is its first part.
  w.send(w.lookup(w.snapshotOf(image).context.jobId, 'job'), { type: 'START' });
  w.pendingImages.set(backup.id, image.id);
  return w.record(image) as ImageRecord;
}

/**
 * C12 with a vault named (IMS `createWholeImage` from an ECS, `vault_id`): the backup goes into
 * that server backup vault, which the server joins if it is in none (the vault's resource limit
 * applies: `BackupService.6100`); a server already in another vault is refused (`BackupService.6103`).
 */
function imageVault(w: World, verb: string, server: EntryOf['server'], kind: 'system-disk' | 'full-ecs', vaultId: unknown): EntryOf['vault'] {
  if (kind !== 'full-ecs') throw invalidArgument(`${verb}: vaultId is where a full-ECS image's backup goes; a system-disk image needs none, so leave it out (or use kind 'full-ecs')`);
  const vault = w.lookup(vaultId, 'vault');
  const v = w.snapshotOf(vault).context;
  if (v.resourceKind !== 'server') {
    throw invalidArgument(
      `${verb}: vault ${vault.id} is a ${v.resourceKind === 'disk' ? 'disk' : 'hybrid (VMware)'} backup vault; a full-ECS image backs the server up into a server backup vault (C12). Name a server backup vault, or create one: createVault({ name, kind: 'server' }).`,
      { rule: 'C12', vaultId: vault.id, resourceKind: v.resourceKind },
    );
  }
  const current = w.snapshotOf(server).context.vaultId;
  if (current !== vault.id) {
    // Already in another vault: the server chart refuses (6103); in none: the vault must take it (6100).
    w.ask(server, { type: 'ADD_TO_VAULT', vaultId: vault.id }, verb);
    w.ask(vault, { type: 'ADD_RESOURCES', ids: [server.id] }, verb);
  }
  return vault;
}

/** A new name or description of a Normal image (IMS `PATCH /v2/cloudimages/{id}`, Glance `PATCH /v2/images/{id}`). */
export function updateImage(w: World, id: unknown, changes: unknown): ImageRecord {
  const verb = 'updateImage';
  const image = w.lookup(id, 'image');
  const opts = options(verb, changes, ['name', 'description'], 'changes');
  if (opts.name === undefined && opts.description === undefined) throw invalidArgument(`${verb}: changes must give a name or a description, for example { name: 'web-v2' }`);
  const name = opts.name === undefined ? undefined : text(verb, 'name', opts.name);
  if (opts.description !== undefined && (typeof opts.description !== 'string' || opts.description.length > 1024)) {
    throw invalidArgument(`${verb}: description must be a string of at most 1024 characters; got ${shown(opts.description)}`);
  }
  const event = { type: 'UPDATE' as const, ...(name !== undefined ? { name } : {}), ...(opts.description !== undefined ? { description: opts.description as string } : {}) };
  w.ask(image, event, verb);
  w.send(image, event);
  return w.record(image) as ImageRecord;
}

/** A data-disk image of a data disk (C6). */
export function createImageFromDisk(w: World, diskId: unknown, o?: unknown): ImageRecord {
  const verb = 'createImageFromDisk';
  const disk = w.lookup(diskId, 'disk');
  const name = text(verb, 'name', options(verb, o, ['name']).name);
  w.ask(disk, { type: 'CREATE_IMAGE' }, verb);
  w.askRegion({ type: 'RESERVE_IMAGE' }, verb);
  const c = w.snapshotOf(disk).context;
  const image = spawnImage(w, {
    name, imageKind: 'data-disk', sizeGB: c.sizeGB, backupId: null, backupStatus: 'none', az: c.az,
    os: 'linux', initTool: false, optimized: false, systemDiskGB: null, dataDisksGB: [c.sizeGB], jobMs: w.timings.imageFromDiskMs,
  }, IMAGE_JOB_TYPES.fromDataDisk);
  w.send(image, { type: 'SOURCE_READY' });
  return w.record(image) as ImageRecord;
}

/** An image from an external image file (C6, C11). */
export function importImage(w: World, o: unknown): ImageRecord {
  const verb = 'importImage';
  const opts = options(verb, o, ['name', 'kind', 'sizeGB', 'os', 'az']);
  const name = text(verb, 'name', opts.name);
  const kind = oneOf(verb, 'kind', opts.kind, ['system-disk', 'data-disk'] as const) as ImageKind;
  const sizeGB = integer(verb, 'sizeGB', opts.sizeGB, 1, kind === 'system-disk' ? 1024 : 32768);
  const os = oneOf(verb, 'os', opts.os, ['linux', 'windows'] as const, 'linux');
  const az = text(verb, 'az', opts.az, 'eu-de-01');
  w.askRegion({ type: 'RESERVE_IMAGE' }, verb);
  const image = spawnImage(w, {
    name, imageKind: kind, sizeGB, backupId: null, backupStatus: 'none', az, os, initTool: kind === 'system-disk', optimized: kind === 'system-disk',
    systemDiskGB: kind === 'system-disk' ? sizeGB : null, dataDisksGB: kind === 'data-disk' ? [sizeGB] : [], jobMs: w.timings.importImageMs,
  }, kind === 'system-disk' ? IMAGE_JOB_TYPES.importSystemDisk : IMAGE_JOB_TYPES.importDataDisk);
  w.send(image, { type: 'SOURCE_READY' });
  return w.record(image) as ImageRecord;
}

/**
 * C9: system-disk and data-disk images can be exported; full-ECS images never. The export is an
 * IMS job (S3) that works alone for `exportImageMs`; the record returned is the image's, with the
 * export's job as its `jobId`.
 */
export function exportImage(w: World, id: unknown): ImageRecord {
  const image = w.lookup(id, 'image');
  w.ask(image, { type: 'EXPORT' }, 'exportImage');
  w.send(image, { type: 'EXPORT' });
  const jobId = w.newJobId();
  const c = w.snapshotOf(image).context;
  spawnJob(w, { id: jobId, service: 'ims', jobType: IMAGE_JOB_TYPES.export, entities: { imageId: image.id, imageName: c.name }, jobMs: w.timings.exportImageMs, start: true });
  return { ...(w.record(image) as ImageRecord), jobId };
}

/**
 * C8, C11: a data-disk image creates disks, in any AZ (`az`; default the image's: an image is
 * regional) and at least as large as the image's disk (`sizeGB`, default that size: `min_disk`).
 */
export function createDiskFromImage(w: World, imageId: unknown, o?: unknown): DiskRecord {
  const verb = 'createDiskFromImage';
  const image = w.lookup(imageId, 'image');
  const opts = options(verb, o, ['name', 'sizeGB', 'az']);
  const name = text(verb, 'name', opts.name);
  const c = w.snapshotOf(image).context;
  w.ask(image, { type: 'CREATE_DISK' }, verb, { imageKind: c.imageKind });
  const az = text(verb, 'az', opts.az, c.az);
  const sizeGB = diskSize(verb, opts.sizeGB, Math.ceil(c.dataDisksGB[0] ?? c.sizeGB), { kind: 'image', id: image.id });
  w.send(image, { type: 'CREATE_DISK' });
  return spawnDisk(w, { name, sizeGB, az, sourceImageId: image.id });
}

/**
 * A batch's names as ECS makes them (rest-api.md §4): one server takes the name as given; with
 * more, each gets a hyphen and a four-digit number from 0001 (`web-0001`, `web-0002`…).
 */
export function batchName(prefix: string, count: number, index: number): string {
  return count === 1 ? prefix : `${prefix}-${String(index + 1).padStart(4, '0')}`;
}

/**
 * I6, C8, I10: one image provisions 1 to 100 servers in one batch, with one ECS job (S3). A public
 * image (`src/sim/gold-images.ts`) is no actor: it has no rules beyond I6, works in every AZ, and
 * its servers' disks may be given (`systemDiskGB` at least its `min_disk`, `dataDisksGB`); a
 * private image's servers have the image's disks.
 */
export function provisionServers(w: World, imageId: unknown, o?: unknown): ServerRecord[] {
  const verb = 'provisionServers';
  const gold = typeof imageId === 'string' ? goldImage(imageId) : undefined;
  if (gold) return provisionFromPublicImage(w, gold, o);
  const image = w.lookup(imageId, 'image');
  const opts = options(verb, o, ['count', 'namePrefix', 'az', 'systemDiskGB', 'dataDisksGB']);
  if (opts.systemDiskGB !== undefined || opts.dataDisksGB !== undefined) {
    throw invalidArgument(`${verb}: image ${image.id} is a private image, and its servers get its own disks; systemDiskGB and dataDisksGB are for public images`, { imageId: image.id });
  }
  const c = w.snapshotOf(image).context;
  const prefix = text(verb, 'namePrefix', opts.namePrefix, c.name);
  const az = text(verb, 'az', opts.az, c.az);
  const event = { type: 'PROVISION' as const, count: opts.count as number, az };
  w.ask(image, event, verb, { imageKind: c.imageKind, imageAz: c.az, backupId: c.backupId });
  w.send(image, event);
  return spawnBatch(w, event.count, (i, jobId) => ({
    name: batchName(prefix, event.count, i),
    os: c.os, systemDiskGB: c.systemDiskGB ?? Math.max(1, Math.ceil(c.sizeGB)), dataDisksGB: c.dataDisksGB,
    initTool: c.initTool, optimized: c.optimized, az, sourceImageId: image.id, willFail: w.takeFailure('provision'), jobId,
  }));
}

function provisionFromPublicImage(w: World, gold: GoldImage, o?: unknown): ServerRecord[] {
  const verb = 'provisionServers';
  const opts = options(verb, o, ['count', 'namePrefix', 'az', 'systemDiskGB', 'dataDisksGB']);
  const count = opts.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 100) {
    throw invalidArgument(`Image ${gold.id}: count must be a whole number from 1 to 100: one request provisions at most 100 servers (I6).`, { rule: 'I6', id: gold.id });
  }
  const prefix = text(verb, 'namePrefix', opts.namePrefix, gold.name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 59));
  const az = text(verb, 'az', opts.az, DEFAULT_AZ);
  const disks = publicImageDisks(verb, gold, opts);
  return spawnBatch(w, count, (i, jobId) => ({
    name: batchName(prefix, count, i), os: gold.os, ...disks, initTool: true, optimized: true, az,
    sourceImageId: gold.id, willFail: w.takeFailure('provision'), jobId,
  }));
}

/** S3: one ECS job for the batch, one sub-job per server (made after the servers). */
function spawnBatch(w: World, count: number, server: (index: number, jobId: string) => NewServer): ServerRecord[] {
  const jobId = w.newJobId();
  const servers: ServerRecord[] = [];
  for (let i = 0; i < count; i++) servers.push(spawnServer(w, server(i, jobId)));
  const serverIds = servers.map((s) => s.id);
  spawnJob(w, { id: jobId, service: 'ecs', jobType: 'createServer', entities: { serverIds }, serverIds, start: true });
  return servers;
}

/** I11: a full-ECS image may take its backup with it, unless that backup is still Creating. */
export function deleteImage(w: World, id: unknown, o?: unknown): void {
  const verb = 'deleteImage';
  const image = w.lookup(id, 'image');
  const deleteBackup = bool(verb, 'deleteBackup', options(verb, o, ['deleteBackup']).deleteBackup, false);
  const c = w.snapshotOf(image).context;
  w.ask(image, { type: 'DELETE', deleteBackup }, verb, { backupId: c.backupId });
  const backup = deleteBackup && c.backupId ? (w.entries.get(c.backupId) as EntryOf['backup'] | undefined) : undefined;
  if (backup) {
    // The backup must accept DELETE once the image is gone: ask the snapshot one step ahead.
    const [unlinked] = transitionAhead(backup);
    w.askDraft('backup', unlinked, { type: 'DELETE' }, verb, { resourceId: w.snapshotOf(backup).context.resourceId });
  }
  w.send(image, { type: 'DELETE', deleteBackup });
  if (backup) deleteByHand(w, backup);
}

function transitionAhead(backup: EntryOf['backup']) {
  return transition(backup.actor.logic, backup.actor.getSnapshot(), { type: 'IMAGE_UNLINKED' });
}
