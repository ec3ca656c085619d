/**
 * S3: the asynchronous jobs of IMS, ECS and EVS through the public API: the verbs return the
 * records they always returned, carrying `jobId`; the job goes INIT → RUNNING → SUCCESS or FAIL as
 * what it makes fares.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, restoreSimulation, JOB_KEPT_MS, type ImageRecord, type JobRecord, type Simulation } from '../../src/index.js';
import { advanceUntil, availableBackup, markedBackup, newSimulation, refusal, runningServer, statusOf } from './support.js';

const jobOf = (sim: Simulation, id: string | null) => sim.get(id!) as JobRecord;

function activeImage(sim: Simulation): ImageRecord {
  const server = runningServer(sim);
  const backup = availableBackup(sim, server.id);
  const image = sim.createImageFromBackup(backup.id, { name: 'web-image' });
  advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
  return sim.get(image.id) as ImageRecord;
}

describe('S3: IMS image jobs', () => {
  it('a full-ECS image from a backup is an imsCreateWholeImageByBackupJob: RUNNING, then SUCCESS with the image as entity', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = markedBackup(sim, server.id);
    const image = sim.createImageFromBackup(backup.id, { name: 'web-image' });
    expect(image.jobId).toMatch(/^job-[0-9a-f]{12}$/);
    expect(jobOf(sim, image.jobId)).toMatchObject({
      kind: 'job', service: 'ims', jobType: 'imsCreateWholeImageByBackupJob', status: 'RUNNING', endAt: null,
      entities: { imageId: image.id, imageName: 'web-image' }, errorCode: null, failReason: null, subJobs: [],
    });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    const job = jobOf(sim, image.jobId);
    expect(job).toMatchObject({ status: 'SUCCESS', label: 'Succeeded' });
    expect(job.endAt).toBe((sim.get(image.id) as ImageRecord).activeAt);
  });

  it('a full-ECS image of a server waits INIT until its backup is marked (C12), then runs', () => {
    const sim = createSimulation({ profile: 'realistic' });
    const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40 });
    sim.advance('2m');
    const image = sim.createImageFromServer(server.id, { name: 'whole', kind: 'full-ecs' });
    expect(jobOf(sim, image.jobId)).toMatchObject({ jobType: 'imsCreateWholeImageByInstanceJob', status: 'RUNNING' });
    sim.advance('1h');
    expect(jobOf(sim, image.jobId).status).toBe('SUCCESS');
  });

  it('an image whose creation fails ends its job in FAIL with a code and a reason', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    sim.failNext('image');
    const image = sim.createImageFromBackup(backup.id, { name: 'bad' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'killed');
    expect(jobOf(sim, image.jobId)).toMatchObject({ status: 'FAIL', errorCode: 'Sim.ImageJobFailed', failReason: expect.stringContaining(image.id) });
  });

  it('a refusal the service decides up front is a synchronous error and makes no job', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    sim.createImageFromBackup(backup.id, { name: 'one' });
    const jobs = sim.list('job').length;
    expect(refusal(() => sim.createImageFromBackup(backup.id, { name: 'two' })).code).toBe('BackupService.6210');
    expect(sim.list('job')).toHaveLength(jobs);
  });

  it('an export is an imsNativeExportImageJob that works for its time, the image record carrying its job', () => {
    const sim = createSimulation({ profile: 'realistic' });
    const image = sim.importImage({ name: 'base', kind: 'system-disk', sizeGB: 20 });
    sim.advance('15m');
    const exported = sim.exportImage(image.id);
    expect(exported.jobId).not.toBe(image.jobId);
    expect(jobOf(sim, exported.jobId)).toMatchObject({ jobType: 'imsNativeExportImageJob', status: 'RUNNING', entities: { imageId: image.id } });
    sim.advance('4m');
    expect(jobOf(sim, exported.jobId).status).toBe('RUNNING');
    sim.advance('2m');
    expect(jobOf(sim, exported.jobId)).toMatchObject({ status: 'SUCCESS' });
    expect(jobOf(sim, exported.jobId).endAt).toBe(new Date(Date.parse(jobOf(sim, exported.jobId).beginAt) + 300_000).toISOString());
  });

  it('importImage makes an imsImportImageJob, a data-disk image an imsImportDataImageJob', () => {
    const sim = newSimulation();
    expect(jobOf(sim, sim.importImage({ name: 'os', kind: 'system-disk', sizeGB: 20 }).jobId).jobType).toBe('imsImportImageJob');
    expect(jobOf(sim, sim.importImage({ name: 'data', kind: 'data-disk', sizeGB: 20 }).jobId).jobType).toBe('imsImportDataImageJob');
  });
});

describe('S3: ECS and EVS jobs', () => {
  it('a batch of servers is one createServer job with a sub-job per server; one failed server fails the job', () => {
    const sim = newSimulation();
    const image = activeImage(sim);
    sim.failNext('provision');
    const servers = sim.provisionServers(image.id, { count: 3 });
    const jobId = servers[0]!.jobId;
    expect(servers.every((s) => s.jobId === jobId)).toBe(true);
    expect(jobOf(sim, jobId)).toMatchObject({ service: 'ecs', jobType: 'createServer', status: 'RUNNING', entities: { serverIds: servers.map((s) => s.id) } });
    advanceUntil(sim, () => jobOf(sim, jobId).status !== 'RUNNING');
    const job = jobOf(sim, jobId);
    expect(job.subJobs.map((j) => [j.serverId, j.status])).toEqual([[servers[0]!.id, 'FAIL'], [servers[1]!.id, 'SUCCESS'], [servers[2]!.id, 'SUCCESS']]);
    expect(job.subJobs[0]).toMatchObject({ errorCode: 'Sim.ProvisionFailed' });
    expect(job).toMatchObject({ status: 'FAIL', errorCode: 'Sim.ProvisionFailed', failReason: expect.stringContaining('1 of 3 servers failed') });
  });

  it('a batch whose servers all start is SUCCESS; a server made alone is a batch of one', () => {
    const sim = newSimulation();
    const image = activeImage(sim);
    const servers = sim.provisionServers(image.id, { count: 2 });
    advanceUntil(sim, () => jobOf(sim, servers[0]!.jobId).status === 'SUCCESS');
    const alone = sim.createServer({ name: 'solo', os: 'linux', systemDiskGB: 40 });
    expect(jobOf(sim, alone.jobId)).toMatchObject({ jobType: 'createServer', subJobs: [expect.objectContaining({ serverId: alone.id })] });
  });

  it('a disk from a backup or an image is an EVS createVolume job, SUCCESS when the disk is Available', () => {
    const sim = newSimulation();
    const disk = sim.createDisk({ name: 'd', sizeGB: 10 });
    expect(jobOf(sim, disk.jobId)).toMatchObject({ service: 'evs', jobType: 'createVolume', status: 'RUNNING', entities: { diskId: disk.id } });
    advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
    expect(jobOf(sim, disk.jobId).status).toBe('SUCCESS');
    const backup = sim.backupDisk(disk.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    const copy = sim.createDiskFromBackup(backup.id, { name: 'copy' });
    expect(jobOf(sim, copy.jobId).jobType).toBe('createVolume');
    // A server's own disks come with its ECS job.
    const server = runningServer(sim);
    expect((sim.get(server.systemDiskId) as { jobId: string | null }).jobId).toBeNull();
  });
});

describe('S3: the jobs kept', () => {
  it(`lists the jobs, forgets one ${JOB_KEPT_MS / 86_400_000} days after it ended, and keeps them across a save`, () => {
    const sim = newSimulation();
    const disk = sim.createDisk({ name: 'd', sizeGB: 10 });
    advanceUntil(sim, () => jobOf(sim, disk.jobId).status === 'SUCCESS');
    expect(sim.list('job').map((j) => j.id)).toEqual([disk.jobId]);
    const copy = restoreSimulation(sim.save());
    expect(copy.get(disk.jobId!)).toEqual(sim.get(disk.jobId!));
    sim.advance('31d');
    expect(sim.list('job')).toEqual([]);
    expect(refusal(() => sim.get(disk.jobId!)).code).toBe('Sim.NotFound');
  });
});
