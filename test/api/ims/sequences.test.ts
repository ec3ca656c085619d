/**
 * rest-api.md §7.5 sequences 3, 4, 7 and 10, end to end through the real SDK core: what an
 * automation tester of IMS writes against a cbr-sim server, and what each step answers.
 */
import { describe, expect, it } from 'vitest';
import type { BackupRecord, ImageRecord } from '../../../src/index.js';
import { refusal, send } from '../support/sdk.js';
import { serverForFile } from '../support/server.js';
import {
  advanceUntil, createImage, createWholeImage, get, jobEnded, markedBackup, project, runningServer, showImage, showQuota, vault,
} from './support.js';

const servedNow = serverForFile();

const TIMEOUT = 120_000;

describe('§7.5 sequence 3: an image while the backup is Creating', () => {
  it('at the "Image can be created" mark, createWholeImage answers a job that ends SUCCESS; the image is active, full-ECS, linked both ways', async () => {
    const { session, ims } = project(servedNow(), 'seq3');
    const server = await runningServer(session);
    const backup = await markedBackup(session, server.id);
    expect(backup.status).toBe('protecting');

    const made = await createWholeImage(ims, { name: 'web-golden', backup_id: backup.id, whole_image_type: 'CBR', description: 'nightly', tags: ['team.web'] });
    expect(made.httpStatusCode).toBe(200);
    expect(made.job_id).toMatch(/^job-/);
    const job = await jobEnded(ims, made.job_id as string);
    expect(job).toMatchObject({ job_id: made.job_id, job_type: 'imsCreateWholeImageByBackupJob', status: 'SUCCESS', error_code: null, fail_reason: null });
    expect(job.begin_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(job.end_time as string)).toBeGreaterThan(Date.parse(job.begin_time as string));
    const imageId = (job.entities as { image_id: string; image_name: string }).image_id;
    expect(job.entities).toEqual({ image_id: imageId, image_name: 'web-golden' });

    const image = await showImage(ims, imageId);
    expect(image).toMatchObject({
      id: imageId, name: 'web-golden', status: 'active', visibility: 'private', __imagetype: 'private',
      __backup_id: backup.id, __whole_image: 'true', virtual_env_type: 'FusionCompute',
      // I10: the backup is still Creating, so the image works only in its AZ.
      __sim_available_az: backup.az,
    });
    expect(image.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // I9: the image is smaller than the backup it came from.
    expect(Number(image.__image_size)).toBeLessThan(backup.sizeGB * 1024 ** 3);
    expect(image.min_disk).toBeLessThan(backup.sizeGB);

    // The backup names its image (CBR's extend_info.os_images_data), still Creating.
    expect(get(session, backup.id)).toMatchObject({ status: 'protecting', imageId });
  }, TIMEOUT);
});

describe('§7.5 sequence 4: one image per backup', () => {
  it('a second createWholeImage of the same backup is IMG.0029 (I5), and the quota\'s used count does not move', async () => {
    const { session, ims } = project(servedNow(), 'seq4');
    const server = await runningServer(session);
    const backup = await markedBackup(session, server.id);
    const first = await createWholeImage(ims, { name: 'one', backup_id: backup.id, whole_image_type: 'CBR' });
    await jobEnded(ims, first.job_id as string);
    const used = () => showQuota(ims).then((q) => ((q.quotas as { resources: { type: string; used: number }[] }).resources.find((r) => r.type === 'image')!.used));
    const before = await used();
    expect(before).toBe(1);

    const again = await refusal(ims, { method: 'POST', url: '/v1/cloudimages/wholeimages/action', data: { name: 'two', backup_id: backup.id, whole_image_type: 'CBR' } });
    expect(again.httpStatusCode).toBe(400);
    expect(again.errorCode).toBe('IMG.0029');
    expect(again.errorMsg).toContain(backup.id);
    expect(await used()).toBe(before);
  }, TIMEOUT);
});

describe('§7.5 sequence 7: delete the image and its backup together', () => {
  it('refused with IMG.0176 while the backup is Creating (I11); once it is Available, 204, and the backup goes deleting, then is gone', async () => {
    const { session, ims } = project(servedNow(), 'seq7');
    const server = await runningServer(session);
    const backup = await markedBackup(session, server.id);
    const made = await createWholeImage(ims, { name: 'short-lived', backup_id: backup.id, whole_image_type: 'CBR' });
    const imageId = ((await jobEnded(ims, made.job_id as string)).entities as { image_id: string }).image_id;
    const del = { method: 'DELETE' as const, url: '/v2/images/{image_id}', pathParams: { image_id: imageId }, data: { delete_backup: true } };

    const early = await refusal(ims, del);
    expect(early.httpStatusCode).toBe(400);
    expect(early.errorCode).toBe('IMG.0176');
    expect((await showImage(ims, imageId)).status).toBe('active');

    await advanceUntil(session, () => get(session, backup.id).status === 'available');
    const done = await send(ims, del);
    expect(done.httpStatusCode).toBe(204);
    expect(get(session, backup.id).status).toBe('deleting');
    const gone = await refusal(ims, { method: 'GET', url: '/v2/images/{image_id}', pathParams: { image_id: imageId } });
    expect(gone).toMatchObject({ httpStatusCode: 404, errorCode: 'IMG.0027' });
    await advanceUntil(session, () => get(session, backup.id).status === 'deleted');
    expect((get(session, backup.id) as BackupRecord).label).toBe('Deleted');
  }, TIMEOUT);
});

describe('§7.5 sequence 10: export rules (C9)', () => {
  it('a full-ECS image of an ECS is never exported (IMG.0128); a system-disk image of it is, with a job', async () => {
    const { session, ims } = project(servedNow(), 'seq10');
    const server = await runningServer(session);
    const images = await vault(session, 'server');
    const whole = await createWholeImage(ims, { name: 'whole', instance_id: server.id, vault_id: images.id });
    const wholeJob = await jobEnded(ims, whole.job_id as string);
    expect(wholeJob).toMatchObject({ job_type: 'imsCreateWholeImageByInstanceJob', status: 'SUCCESS' });
    const wholeId = (wholeJob.entities as { image_id: string }).image_id;
    // C12: the ECS was backed up into the vault named first, and the image came from that backup.
    const backupId = (get(session, wholeId) as ImageRecord).backupId!;
    expect(get(session, backupId)).toMatchObject({ vaultId: images.id, imageId: wholeId });

    const exportCall = (id: string) => ({ method: 'POST' as const, url: '/v1/cloudimages/{image_id}/file', pathParams: { image_id: id }, data: { bucket_url: 'exports:whole.qcow2', file_format: 'qcow2' } });
    const refused = await refusal(ims, exportCall(wholeId));
    expect(refused).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0128' });

    const system = await createImage(ims, { name: 'system', instance_id: server.id });
    expect(system.job_id).toMatch(/^job-/);
    const systemJob = await jobEnded(ims, system.job_id as string);
    expect(systemJob).toMatchObject({ job_type: 'imsCreateImageByInstance', status: 'SUCCESS' });
    const systemId = (systemJob.entities as { image_id: string }).image_id;
    expect(await showImage(ims, systemId)).toMatchObject({ status: 'active', __backup_id: '', virtual_env_type: 'FusionCompute' });
    expect((await showImage(ims, systemId)).__whole_image).toBeUndefined();

    const exported = await send(ims, exportCall(systemId));
    expect(exported.httpStatusCode).toBe(200);
    expect(exported.job_id).not.toBe(system.job_id);
    expect(await jobEnded(ims, exported.job_id as string)).toMatchObject({ job_type: 'imsNativeExportImageJob', status: 'SUCCESS', entities: { image_id: systemId } });
  }, TIMEOUT);
});
