/**
 * Every way IMS makes an image (rest-api.md §3.1), through the real SDK core: the job each
 * answers and the image it makes, the refusals IMS decides up front (the library's, as §6
 * translates them), and the bodies that do not fit (IMG.0001 naming the field).
 */
import { describe, expect, it } from 'vitest';
import type { BackupRecord, DiskRecord } from '../../../src/index.js';
import { refusal, send } from '../support/sdk.js';
import { serverForFile } from '../support/server.js';
import { advanceUntil, createImage, get, jobEnded, markedBackup, project, runningServer, showImage, vault } from './support.js';

const servedNow = serverForFile();

const TIMEOUT = 120_000;
const WHOLE = '/v1/cloudimages/wholeimages/action';
const post = (url: string, data: unknown) => ({ method: 'POST' as const, url, data });

async function imageOf(ims: Parameters<typeof jobEnded>[0], jobId: string) {
  const job = await jobEnded(ims, jobId);
  expect(job.status).toBe('SUCCESS');
  return { job, image: await showImage(ims, (job.entities as { image_id: string }).image_id) };
}

describe('the other ways to make an image', () => {
  it('a data-disk image of an ECS\'s data disk, an imported file, a data image and a quick import, each with its job type', async () => {
    const { ims, session, server } = await (async () => {
      const p = project(servedNow(), 'variants');
      return { ...p, server: await runningServer(p.session) };
    })();
    const dataDisk = server.dataDiskIds[0]!;
    const disk = await imageOf(ims, (await createImage(ims, { data_images: [{ name: 'data', volume_id: dataDisk }] })).job_id as string);
    expect(disk.job).toMatchObject({ job_type: 'imsVolumesToSysDataImagesJob' });
    expect((disk.job.entities as { sub_jobs_result: { entities: { image_id: string } }[] }).sub_jobs_result[0]!.entities.image_id).toBe(disk.image.id);
    expect(disk.image).toMatchObject({ name: 'data', virtual_env_type: 'DataImage', min_disk: (get(session, dataDisk) as DiskRecord).sizeGB });

    const file = await imageOf(ims, (await createImage(ims, { name: 'win', image_url: 'images:win2022.qcow2', min_disk: 60, os_version: 'Windows Server 2022 Datacenter 64bit' })).job_id as string);
    expect(file.job.job_type).toBe('imsImportImageJob');
    expect(file.image).toMatchObject({ name: 'win', min_disk: 60, __os_type: 'Windows', virtual_env_type: 'FusionCompute' });

    const data = await imageOf(ims, (await send(ims, post('/v1/cloudimages/dataimages/action', { name: 'archive', image_url: 'images:data.vhd', min_disk: 200, os_type: 'Linux' }))).job_id as string);
    expect(data.job.job_type).toBe('imsImportDataImageJob');
    expect(data.image).toMatchObject({ virtual_env_type: 'DataImage', min_disk: 200 });

    const quick = await imageOf(ims, (await send(ims, post('/v2/cloudimages/quickimport/action', { name: 'quick', image_url: 'images:big.zvhd2', min_disk: 100, type: 'ECS', os_version: 'CentOS 7.9 64bit' }))).job_id as string);
    expect(quick.image).toMatchObject({ name: 'quick', virtual_env_type: 'FusionCompute', __os_type: 'Linux' });

    // The safe-mode twin takes the same body.
    const twin = await send(ims, post('/v2.1/cloudimages/action', { name: 'twin', instance_id: server.id }));
    expect((await imageOf(ims, twin.job_id as string)).job.job_type).toBe('imsCreateImageByInstance');
  }, TIMEOUT);

  it('a system-disk image from a data disk is not modelled: 501 saying so', async () => {
    const { ims } = project(servedNow(), 'volume');
    const e = await refusal(ims, post('/v2/cloudimages/action', { name: 'x', volume_id: 'evs-000000000000', os_version: 'CentOS 7.9 64bit' }));
    expect(e).toMatchObject({ httpStatusCode: 501, errorCode: 'Sim.NotImplemented' });
    expect(e.errorMsg).toContain('imsVolumeCreateImageJob');
  });
});

describe('createWholeImage refusals (§6)', () => {
  it('from a backup: not marked yet IMG.0032 (I1), a disk backup IMG.0198 (I2), no system disk IMG.0033 (I3), no Cloud-Init Sim.PrerequisiteNotMet (I4)', async () => {
    const { ims, session } = project(servedNow(), 'backup-refusals');
    const server = await runningServer(session);
    const creating = (await session.perform('backupServer', [server.id])) as BackupRecord;
    const early = await refusal(ims, post(WHOLE, { name: 'early', backup_id: creating.id, whole_image_type: 'CBR' }));
    expect(early).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0032' });
    await advanceUntil(session, () => get(session, creating.id).status === 'available');

    const disk = (await session.perform('createDisk', [{ name: 'loose', sizeGB: 20 }])) as DiskRecord;
    await advanceUntil(session, () => get(session, disk.id).status === 'available');
    const diskBackup = (await session.perform('backupDisk', [disk.id])) as BackupRecord;
    await advanceUntil(session, () => get(session, diskBackup.id).status === 'available');
    expect(await refusal(ims, post(WHOLE, { name: 'd', backup_id: diskBackup.id, whole_image_type: 'CBR' }))).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0198' });
    // A server backup's own disk backup (R1) is no server backup either.
    expect(await refusal(ims, post(WHOLE, { name: 'c', backup_id: `${creating.id}-1`, whole_image_type: 'CBR' }))).toMatchObject({ errorCode: 'IMG.0198', errorMsg: expect.stringContaining(creating.id) });

    const noSystem = (await session.perform('backupServer', [server.id, { excludeDiskIds: [server.systemDiskId] }])) as BackupRecord;
    await advanceUntil(session, () => get(session, noSystem.id).status === 'available');
    expect(await refusal(ims, post(WHOLE, { name: 's', backup_id: noSystem.id, whole_image_type: 'CBR' }))).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0033' });

    const bare = await runningServer(session, { name: 'bare', initTool: false });
    const bareBackup = await markedBackup(session, bare.id);
    const i4 = await refusal(ims, post(WHOLE, { name: 'b', backup_id: bareBackup.id, whole_image_type: 'CBR' }));
    expect(i4).toMatchObject({ httpStatusCode: 400, errorCode: 'Sim.PrerequisiteNotMet' });
    expect(i4.errorMsg).toContain('Cloud-Init');
    expect(session.simulation.list('image')).toEqual([]);
  }, TIMEOUT);

  it('from a backup: unknown IMG.0020, no whole_image_type IMG.0190, no source IMG.0019, both sources IMG.0001', async () => {
    const { ims, session } = project(servedNow(), 'backup-ids');
    const server = await runningServer(session);
    const backup = await markedBackup(session, server.id);
    expect(await refusal(ims, post(WHOLE, { name: 'x', backup_id: 'bk-000000000000', whole_image_type: 'CBR' }))).toMatchObject({ errorCode: 'IMG.0020' });
    expect(await refusal(ims, post(WHOLE, { name: 'x', backup_id: backup.id }))).toMatchObject({ errorCode: 'IMG.0190', errorMsg: expect.stringContaining('"whole_image_type": "CBR"') });
    expect(await refusal(ims, post(WHOLE, { name: 'x' }))).toMatchObject({ errorCode: 'IMG.0019' });
    expect(await refusal(ims, post(WHOLE, { name: 'x', backup_id: backup.id, whole_image_type: 'CBR', instance_id: server.id, vault_id: 'v' }))).toMatchObject({ errorCode: 'IMG.0001' });
  }, TIMEOUT);

  it('from an ECS: missing IMG.0005, not Running IMG.0126, being backed up IMG.0136, a disk vault IMG.0193, no vault_id IMG.0001', async () => {
    const { ims, session } = project(servedNow(), 'ecs-refusals');
    const server = await runningServer(session);
    const serverVault = await vault(session, 'server');
    const diskVault = await vault(session, 'disk');
    expect(await refusal(ims, post(WHOLE, { name: 'x', instance_id: 'ecs-000000000000', vault_id: serverVault.id }))).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0005' });
    expect(await refusal(ims, post(WHOLE, { name: 'x', instance_id: server.id }))).toMatchObject({ errorCode: 'IMG.0001', errorMsg: expect.stringContaining('vault_id') });
    expect(await refusal(ims, post(WHOLE, { name: 'x', instance_id: server.id, vault_id: diskVault.id }))).toMatchObject({ errorCode: 'IMG.0193' });
    const building = (await session.perform('createServer', [{ name: 'new', os: 'linux', systemDiskGB: 20 }])) as { id: string };
    expect(await refusal(ims, post(WHOLE, { name: 'x', instance_id: building.id, vault_id: serverVault.id }))).toMatchObject({ errorCode: 'IMG.0126' });
    await session.perform('backupServer', [server.id]);
    expect(await refusal(ims, post(WHOLE, { name: 'x', instance_id: server.id, vault_id: serverVault.id }))).toMatchObject({ errorCode: 'IMG.0136' });
    expect(session.simulation.list('image')).toEqual([]);
  }, TIMEOUT);

  it('from an ECS whose vault holds its 256 resources already: IMG.0185', async () => {
    const { ims, session } = project(servedNow(), 'full-vault');
    const full = await vault(session, 'server');
    const servers: string[] = [];
    for (let i = 0; i < 256; i++) servers.push(((await session.perform('createServer', [{ name: `s${i}`, os: 'linux', systemDiskGB: 10 }])) as { id: string }).id);
    await session.perform('addVaultResources', [full.id, servers]);
    const server = await runningServer(session, { name: 'one-more' });
    const e = await refusal(ims, post(WHOLE, { name: 'x', instance_id: server.id, vault_id: full.id }));
    expect(e).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0185' });
  }, TIMEOUT);
});

describe('bodies that do not fit', () => {
  it('are IMG.0001 naming the field, and change nothing', async () => {
    const { ims, session } = project(servedNow(), 'validation');
    const server = await runningServer(session);
    const cases: [string, unknown, string][] = [
      [WHOLE, { backup_id: 'bk-1', whole_image_type: 'CBR' }, '"name"'],
      [WHOLE, { name: 'x', backup_id: 'bk-1', whole_image_type: 'CBR', colour: 'red' }, '"colour"'],
      [WHOLE, { name: 'x'.repeat(65), instance_id: server.id, vault_id: 'v' }, 'name'],
      [WHOLE, { name: 'x', backup_id: 'bk-1', whole_image_type: 'EVS' }, 'whole_image_type'],
      [WHOLE, { name: 'x', backup_id: 'bk-1', whole_image_type: 'CBR', image_tags: [{ value: 'v' }] }, '"key"'],
      ['/v2/cloudimages/action', { name: 'x', instance_id: server.id, image_url: 'b:f', min_disk: 40 }, 'instance_id and image_url'],
      ['/v2/cloudimages/action', { name: 'x', image_url: 'no-colon', min_disk: 40 }, 'image_url'],
      ['/v2/cloudimages/action', { name: 'x', image_url: 'b:f' }, '"min_disk"'],
      ['/v2/cloudimages/action', { name: 'x', image_url: 'b:f', min_disk: 2000 }, 'min_disk'],
      ['/v2/cloudimages/action', { data_images: [{ name: 'd' }] }, '"volume_id"'],
      ['/v2/cloudimages/action', { name: 'x' }, 'no source'],
      ['/v1/cloudimages/dataimages/action', { name: 'x', image_url: 'b:f' }, '"min_disk"'],
      ['/v2/cloudimages/quickimport/action', { name: 'x', image_url: 'b:f', min_disk: 1500 }, 'min_disk'],
      ['/v1/cloudimages/img-1/file', { bucket_url: 'b:f' }, '"file_format"'],
      ['/v1/cloudimages/img-1/file', { bucket_url: 'b:f', file_format: 'raw' }, 'file_format'],
    ];
    for (const [url, data, named] of cases) {
      const e = await refusal(ims, post(url, data));
      expect({ url, status: e.httpStatusCode, code: e.errorCode }).toEqual({ url, status: 400, code: 'IMG.0001' });
      expect(e.errorMsg, JSON.stringify(data)).toContain(named);
    }
    expect(session.simulation.list('image')).toEqual([]);
  }, TIMEOUT);
});
