/**
 * IMS's reads and changes through the real SDK core: the image object and its keys, the two
 * lists (IMS's `{images}`, Glance's pages), the JSON-patch updates, deletion, the quota, the job
 * views, the versions document, and what each refuses.
 */
import { describe, expect, it } from 'vitest';
import type { ImageRecord, ServerRecord } from '../../../src/index.js';
import { GOLD_IMAGES } from '../../../src/sim/gold-images.js';
import { refusal, send } from '../support/sdk.js';
import { raw, serverForFile } from '../support/server.js';
import { createImage, get, jobEnded, project, runningServer, showImage, showQuota } from './support.js';

const servedNow = serverForFile();

const TIMEOUT = 120_000;
type Images = { images: Record<string, unknown>[] };

/** A project with one Running ECS and its active system-disk image. */
async function withImage(name: string) {
  const p = project(servedNow(), name);
  const server = await runningServer(p.session);
  const made = await createImage(p.ims, { name: 'base', instance_id: server.id });
  const job = await jobEnded(p.ims, made.job_id as string);
  return { ...p, server, imageId: (job.entities as { image_id: string }).image_id };
}

describe('the image object', () => {
  it('carries every documented key, Glance-style times and the IMS properties as strings', async () => {
    const { ims, session, imageId, pid } = await withImage('keys');
    const image = await showImage(ims, imageId);
    const record = get(session, imageId) as ImageRecord;
    expect(image).toMatchObject({
      id: imageId, name: 'base', status: 'active', visibility: 'private', owner: pid, protected: false,
      min_disk: 40, min_ram: 0, disk_format: 'zvhd2', container_format: 'bare', size: 40 * 1024 ** 3, virtual_size: null, tags: [],
      self: `/v2/images/${imageId}`, file: `/v2/images/${imageId}/file`, schema: '/v2/schemas/image',
      virtual_env_type: 'FusionCompute', __imagetype: 'private', __backup_id: '', __image_source_type: 'uds', __isregistered: 'true',
      __os_type: 'Linux', __os_bit: '64', __image_size: String(40 * 1024 ** 3), __description: '',
      __data_origin: '', __originalimagename: '', __root_origin: '',
    });
    for (const key of ['checksum', '__os_version', '__platform', '__lazyloading', 'created_at', 'updated_at', 'active_at']) expect(typeof image[key], key).toBe('string');
    expect(image.active_at).toBe(new Date(record.activeAt!).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(image.__whole_image).toBeUndefined();
    expect(image.__sim_available_az).toBeUndefined();
  }, TIMEOUT);

  it('a missing image is 404 IMG.0027 on the Glance path, read by the SDK as a ClientRequestException', async () => {
    const { ims } = project(servedNow(), 'missing');
    const e = await refusal(ims, { method: 'GET', url: '/v2/images/{image_id}', pathParams: { image_id: 'img-000000000000' } });
    expect(e).toMatchObject({ httpStatusCode: 404, errorCode: 'IMG.0027' });
    expect(e.errorMsg).toContain('img-000000000000');
  });

  it('an image being made is queued, then saving, then active as the on-poll clock moves with each read', async () => {
    const { ims, session } = project(servedNow(), 'poll');
    const server = await runningServer(session);
    const made = await createImage(ims, { name: 'polled', instance_id: server.id });
    const imageId = (await send(ims, { method: 'GET', url: '/v1/{project_id}/jobs/{job_id}', pathParams: { job_id: made.job_id as string } })).entities as { image_id: string };
    const seen: string[] = [];
    for (let i = 0; i < 20 && seen[seen.length - 1] !== 'active'; i++) seen.push((await showImage(ims, imageId.image_id)).status as string);
    expect(seen[seen.length - 1]).toBe('active');
    expect(seen.slice(0, -1).every((s) => s === 'queued' || s === 'saving')).toBe(true);
  }, TIMEOUT);
});

describe('listing images', () => {
  it('__imagetype=gold lists the public catalogue, public and protected; private lists the world\'s images', async () => {
    const { ims, imageId } = await withImage('lists');
    const gold = (await send(ims, { method: 'GET', url: '/v2/cloudimages', queryParams: { __imagetype: 'gold' } })) as unknown as Images;
    expect(gold.images.map((i) => i.id).sort()).toEqual(GOLD_IMAGES.map((g) => g.id).sort());
    expect(gold.images.every((i) => i.visibility === 'public' && i.__imagetype === 'gold' && i.protected === true && i.status === 'active')).toBe(true);
    const mine = (await send(ims, { method: 'GET', url: '/v2/cloudimages', queryParams: { __imagetype: 'private' } })) as unknown as Images;
    expect(mine.images.map((i) => i.id)).toEqual([imageId]);
    expect(Object.keys(mine).sort()).toEqual(['httpStatusCode', 'images']);
    const all = (await send(ims, { method: 'GET', url: '/v2/cloudimages' })) as unknown as Images;
    expect(all.images).toHaveLength(GOLD_IMAGES.length + 1);
    const windows = (await send(ims, { method: 'GET', url: '/v2/cloudimages', queryParams: { __os_type: 'Windows' } })) as unknown as Images;
    expect(windows.images.map((i) => i.name)).toEqual([GOLD_IMAGES.find((g) => g.os === 'windows')!.name]);
    const whole = (await send(ims, { method: 'GET', url: '/v2/cloudimages', queryParams: { __whole_image: 'true' } })) as unknown as Images;
    expect(whole.images).toEqual([]);
  }, TIMEOUT);

  it('Glance pages with limit and marker: next on every page but the last, first and schema always', async () => {
    const { ims } = project(servedNow(), 'pages');
    const first = await send(ims, { method: 'GET', url: '/v2/images', queryParams: { limit: 2, sort_key: 'name', sort_dir: 'asc' } });
    expect(first).toMatchObject({ first: '/v2/images', schema: '/v2/schemas/images' });
    const names = (first.images as { name: string }[]).map((i) => i.name);
    expect(names).toEqual([...GOLD_IMAGES.map((g) => g.name)].sort().slice(0, 2));
    const next = new URL(first.next as string, 'http://x');
    expect(next.pathname).toBe('/v2/images');
    const last = await send(ims, { method: 'GET', url: '/v2/images', queryParams: Object.fromEntries(next.searchParams) });
    expect((last.images as { name: string }[]).map((i) => i.name)).toEqual([...GOLD_IMAGES.map((g) => g.name)].sort().slice(2));
    expect(last.next).toBeUndefined();
  });

  it('refuses a bad page or filter with IMG.0001 naming it', async () => {
    const { ims } = project(servedNow(), 'badlist');
    for (const [queryParams, word] of [
      [{ limit: 0 }, 'limit'], [{ sort_key: 'colour' }, 'sort_key'], [{ sort_dir: 'up' }, 'sort_dir'], [{ marker: 'img-nope' }, 'marker'],
      [{ created_at: 'gt:yesterday' }, 'created_at'], [{ colour: 'red' }, 'colour'],
    ] as const) {
      const e = await refusal(ims, { method: 'GET', url: '/v2/images', queryParams });
      expect(e.httpStatusCode).toBe(400);
      expect(e.errorCode).toBe('IMG.0001');
      expect(e.errorMsg).toContain(word);
    }
  });
});

describe('changing an image', () => {
  it('updateImage (IMS) and glanceUpdateImage (JSON patch type) rename and describe it, and answer the image', async () => {
    const { ims, imageId, session } = await withImage('rename');
    const ims1 = await send(ims, { method: 'PATCH', url: '/v2/cloudimages/{image_id}', pathParams: { image_id: imageId }, data: [{ op: 'replace', path: '/name', value: 'base-v2' }] });
    expect(ims1).toMatchObject({ httpStatusCode: 200, id: imageId, name: 'base-v2' });
    const glance = await send(ims, {
      method: 'PATCH', url: '/v2/images/{image_id}', pathParams: { image_id: imageId }, contentType: 'application/openstack-images-v2.1-json-patch',
      data: [{ op: 'add', path: '/name', value: 'base-v3' }, { op: 'replace', path: '/__description', value: 'nginx' }],
    });
    expect(glance).toMatchObject({ name: 'base-v3', __description: 'nginx' });
    expect(get(session, imageId)).toMatchObject({ name: 'base-v3', description: 'nginx' });
    expect(session.simulation.journal().filter((r) => r.type === 'command' && r.verb === 'updateImage')).toHaveLength(2);
  }, TIMEOUT);

  it('refuses a property cbr-sim does not keep, a bad name, a public image and an image still being made', async () => {
    const { ims, imageId, session, server } = await withImage('badpatch');
    const patch = (id: string, data: unknown) => ({ method: 'PATCH' as const, url: '/v2/cloudimages/{image_id}', pathParams: { image_id: id }, data });
    expect(await refusal(ims, patch(imageId, [{ op: 'replace', path: '/min_ram', value: 1024 }]))).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0001', errorMsg: expect.stringContaining('/min_ram') });
    expect(await refusal(ims, patch(imageId, [{ op: 'replace', path: '/name', value: '' }]))).toMatchObject({ errorCode: 'IMG.0001' });
    expect(await refusal(ims, patch(imageId, { name: 'not-a-patch' }))).toMatchObject({ errorCode: 'IMG.0001' });
    expect(await refusal(ims, patch(imageId, [{ op: 'move', path: '/name' }]))).toMatchObject({ errorCode: 'IMG.0001', errorMsg: expect.stringContaining('op') });
    expect(await refusal(ims, patch(GOLD_IMAGES[0]!.id, [{ op: 'replace', path: '/name', value: 'mine' }]))).toMatchObject({ errorCode: 'IMG.0094' });
    const fresh = await createImage(ims, { name: 'fresh', instance_id: server.id });
    const freshId = (get(session, fresh.job_id as string) as unknown as { entities: { imageId: string } }).entities.imageId;
    const early = await refusal(ims, patch(freshId, [{ op: 'replace', path: '/name', value: 'x' }]));
    expect(early).toMatchObject({ httpStatusCode: 400, errorCode: 'Sim.InvalidState' });
    expect(early.errorMsg).toMatch(/only Normal images/);
    expect((get(session, imageId) as ImageRecord).name).toBe('base');
  }, TIMEOUT);
});

describe('deleting an image', () => {
  it('answers 204 and the image is gone from the lists; a public image is IMG.0094, one being made IMG.0090', async () => {
    const { ims, imageId, session, server } = await withImage('delete');
    const del = (id: string) => ({ method: 'DELETE' as const, url: '/v2/images/{image_id}', pathParams: { image_id: id } });
    expect(await refusal(ims, del(GOLD_IMAGES[0]!.id))).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0094' });
    const fresh = await createImage(ims, { name: 'fresh', instance_id: server.id });
    const freshId = (get(session, fresh.job_id as string) as unknown as { entities: { imageId: string } }).entities.imageId;
    expect(await refusal(ims, del(freshId))).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0090' });
    // delete_backup asked of an image with no backup: IMS takes it, there is just nothing more to delete.
    expect((await send(ims, { ...del(imageId), data: { delete_backup: true } })).httpStatusCode).toBe(204);
    const mine = (await send(ims, { method: 'GET', url: '/v2/cloudimages', queryParams: { __imagetype: 'private' } })) as unknown as Images;
    expect(mine.images.map((i) => i.id)).toEqual([freshId]);
    expect(await refusal(ims, del(imageId))).toMatchObject({ httpStatusCode: 404, errorCode: 'IMG.0027' });
    expect(await refusal(ims, { ...del(freshId), data: { delete_backup: 'yes' } })).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0001', errorMsg: expect.stringContaining('delete_backup') });
  }, TIMEOUT);
});

describe('the quota, the jobs and the versions', () => {
  it('showImageQuota counts the private images against the world\'s quota (I12)', async () => {
    const { ims, session } = project(servedNow(), 'quota');
    const before = await showQuota(ims);
    const resources = (before.quotas as { resources: { type: string; used: number; quota: number; min: number; max: number }[] }).resources;
    expect(resources.map((r) => r.type)).toEqual(['image', 'image_shared', 'image_member']);
    expect(resources[0]).toEqual({ type: 'image', used: 0, quota: 50, min: 1, max: 1000 });
    const server = await runningServer(session);
    await createImage(ims, { name: 'counted', instance_id: server.id });
    const after = (await showQuota(ims)).quotas as { resources: { used: number }[] };
    expect(after.resources[0]!.used).toBe(1);
  }, TIMEOUT);

  it('showJobProgress adds the progress; an ECS job asked through IMS is answered too (job ids are unique per world)', async () => {
    const { ims, session } = project(servedNow(), 'jobs');
    const server = await runningServer(session);
    const made = await createImage(ims, { name: 'progress', instance_id: server.id });
    const progress = await send(ims, { method: 'GET', url: '/v1/cloudimages/job/{job_id}', pathParams: { job_id: made.job_id as string } });
    const entities = progress.entities as { process_percent: number; image_id: string };
    expect(entities.process_percent).toBeGreaterThanOrEqual(0);
    expect(entities.process_percent).toBeLessThanOrEqual(100);
    expect(entities.image_id).toMatch(/^img-/);
    const ended = await jobEnded(ims, made.job_id as string);
    const done = await send(ims, { method: 'GET', url: '/v1/cloudimages/job/{job_id}', pathParams: { job_id: made.job_id as string } });
    expect(done).toMatchObject({ status: 'SUCCESS', entities: { process_percent: 100 } });
    const imageId = (ended.entities as { image_id: string }).image_id;
    const [ecs] = (await session.perform('provisionServers', [imageId, { count: 2 }])) as ServerRecord[];
    const ecsJob = await jobEnded(ims, ecs!.jobId!);
    expect(ecsJob).toMatchObject({ job_type: 'createServer', status: 'SUCCESS' });
    expect((ecsJob.entities as { sub_jobs_result: unknown[] }).sub_jobs_result).toHaveLength(2);
    expect(await refusal(ims, { method: 'GET', url: '/v1/{project_id}/jobs/{job_id}', pathParams: { job_id: 'job-000000000000' } })).toMatchObject({ httpStatusCode: 400, errorCode: 'IMG.0027' });
  }, TIMEOUT);

  it('GET /ims/ is the versions document, its self link keeping the /ims prefix of the Host asked', async () => {
    const answer = await raw(servedNow().base, 'GET', '/ims/');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ versions: [{ id: 'v2.1', status: 'CURRENT', links: [{ rel: 'self', href: `${servedNow().base}/ims/v2/` }] }] });
    expect((await raw(servedNow().base, 'GET', '/ims/v2')).body).toEqual(answer.body);
  });

  it('an operation of ImsClient cbr-sim does not serve answers 501 naming it', async () => {
    const { ims } = project(servedNow(), 'unserved');
    const e = await refusal(ims, { method: 'POST', url: '/v1/cloudimages/{image_id}/copy', pathParams: { image_id: 'img-1' }, data: { name: 'copy' } });
    expect(e).toMatchObject({ httpStatusCode: 501, errorCode: 'Sim.NotImplemented' });
    expect(e.errorMsg).toContain('copyImageInRegion');
  });
});

describe('the clock only moves on reads of what is transitional', () => {
  it('reading an active image leaves the clock where it is', async () => {
    const { ims, imageId, session } = await withImage('still');
    const now = session.simulation.now();
    await showImage(ims, imageId);
    await showImage(ims, imageId);
    expect(session.simulation.now()).toBe(now);
  }, TIMEOUT);
});
