/**
 * EVS disks through the real Huawei Cloud SDK core (`hcClient(base, 'evs')`, paths and bodies as
 * the API reference has them): createVolume answers a job, the job and the disk move on-poll, the
 * list filters and pages, a deletion is a job too, and every refusal is the SDK's exception with
 * EVS's code (rest-api.md §5, §6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hcClient, refusal, send, type SdkAnswer } from '../support/sdk.js';
import { raw, startServer } from '../support/server.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import type { DiskRecord, ServerRecord } from '../../../src/sim/records.js';

let served: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  served = await startServer();
});
afterAll(() => served.close());

/** A client of a project of its own: each test's world starts empty. */
let projects = 0;
function client(): { evs: HcClient; projectId: string } {
  const projectId = `evs-volumes-${++projects}`;
  return { evs: hcClient(served.base, 'evs', { ak: 'AK', sk: 'SK', projectId }), projectId };
}

const create = (evs: HcClient, volume: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<SdkAnswer> =>
  send(evs, { method: 'POST', url: '/v2.1/{project_id}/cloudvolumes', data: { volume, ...extra } });
const showJob = (evs: HcClient, jobId: string) => send(evs, { method: 'GET', url: '/v1/{project_id}/jobs/{job_id}', pathParams: { job_id: jobId } });
const showVolume = (evs: HcClient, id: string) => send(evs, { method: 'GET', url: '/v2/{project_id}/cloudvolumes/{volume_id}', pathParams: { volume_id: id } });
const listVolumes = (evs: HcClient, queryParams: Record<string, unknown> = {}) => send(evs, { method: 'GET', url: '/v2/{project_id}/cloudvolumes/detail', queryParams });

/** An SDK waiter: showJob until the job ends (the on-poll clock ends it in a few polls). */
async function waitJob(evs: HcClient, jobId: string): Promise<SdkAnswer> {
  for (let i = 0; i < 20; i++) {
    const job = await showJob(evs, jobId);
    if (job.status === 'SUCCESS' || job.status === 'FAIL') return job;
  }
  throw new Error(`job ${jobId} did not end in 20 polls`);
}

const EVS_JOB_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const EVS_VOLUME_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;
/** rest-api.md §5: the keys of a volume. */
const VOLUME_KEYS = [
  'id', 'name', 'status', 'size', 'availability_zone', 'volume_type', 'bootable', 'attachments', 'metadata', 'volume_image_metadata',
  'snapshot_id', 'source_volid', 'description', 'created_at', 'updated_at', 'multiattach', 'encrypted', 'shareable', 'links',
  'service_type', 'user_id', 'tags',
];

describe('createVolume and the EVS job', () => {
  it('creates an empty disk: {job_id, order_id, volume_ids}, a createVolume job that ends SUCCESS, then the disk available', async () => {
    const { evs, projectId } = client();
    const made = await create(evs, { availability_zone: 'eu-de-02', volume_type: 'SSD', size: 20, name: 'data' });
    expect(made).toMatchObject({ httpStatusCode: 200, job_id: expect.stringMatching(/^job-/), order_id: null, volume_ids: [expect.stringMatching(/^evs-/)] });
    const id = (made.volume_ids as string[])[0]!;
    const job = await waitJob(evs, made.job_id as string);
    expect(job).toMatchObject({
      status: 'SUCCESS', job_id: made.job_id, job_type: 'createVolume', error_code: null, fail_reason: null,
      entities: { volume_id: id, volume_type: 'SSD', size: 20, name: 'data', sub_jobs: [] },
    });
    expect(job.begin_time).toMatch(EVS_JOB_TIME);
    expect(job.end_time).toMatch(EVS_JOB_TIME);
    const { volume } = await showVolume(evs, id) as unknown as { volume: Record<string, unknown> };
    expect(Object.keys(volume)).toEqual(expect.arrayContaining(VOLUME_KEYS));
    expect(volume).toMatchObject({
      id, name: 'data', status: 'available', size: 20, availability_zone: 'eu-de-02', volume_type: 'SSD', bootable: 'false',
      attachments: [], multiattach: false, encrypted: false, shareable: 'false', service_type: 'EVS',
      links: [{ rel: 'self', href: expect.stringMatching(new RegExp(`/evs/v2/${projectId}/cloudvolumes/${id}$`)) }, expect.objectContaining({ rel: 'bookmark' })],
    });
    expect(volume.created_at).toMatch(EVS_VOLUME_TIME);
  });

  it('shows a disk being created as creating until a poll moves the clock past its creation', async () => {
    const { evs, projectId } = client();
    const disk = await served.projects.get(projectId).session.perform('createDisk', [{ name: 'slow', sizeGB: 10 }]) as DiskRecord;
    expect(served.projects.get(projectId).session.simulation.get(disk.id).status).toBe('creating');
    // The read of a transitional disk moves the project's clock to its next timer first (on-poll).
    expect((await showVolume(evs, disk.id)).volume).toMatchObject({ status: 'available' });
  });

  it('answers the OTC path POST /v2/…/cloudvolumes with {job_id} alone', async () => {
    const { evs } = client();
    const made = await send(evs, { method: 'POST', url: '/v2/{project_id}/cloudvolumes', data: { volume: { availability_zone: 'eu-de-01', volume_type: 'SAS', size: 10 } } });
    expect(Object.keys(made).filter((k) => k !== 'httpStatusCode')).toEqual(['job_id']);
    expect(await waitJob(evs, made.job_id as string)).toMatchObject({ status: 'SUCCESS', entities: { name: 'volume', size: 10 } });
  });

  it('makes a batch: count disks named <name>-0001…, all in volume_ids', async () => {
    const { evs } = client();
    const made = await create(evs, { availability_zone: 'eu-de-01', volume_type: 'SSD', size: 10, name: 'web', count: 3 });
    expect(made.volume_ids).toHaveLength(3);
    const list = await listVolumes(evs, { sort_key: 'id', sort_dir: 'asc' });
    expect((list.volumes as { name: string }[]).map((v) => v.name).sort()).toEqual(['web-0001', 'web-0002', 'web-0003']);
    expect((list.volumes as { id: string }[]).map((v) => v.id).sort()).toEqual([...(made.volume_ids as string[])].sort());
  });

  it('answers an unknown job 404 EVS.5404', async () => {
    const { evs } = client();
    const error = await refusal(evs, { method: 'GET', url: '/v1/{project_id}/jobs/{job_id}', pathParams: { job_id: 'job-000000000000' } });
    expect([error.httpStatusCode, error.errorCode]).toEqual([404, 'EVS.5404']);
  });
});

describe('createVolume refusals: EVS\'s codes, and nothing is made', () => {
  const base = { availability_zone: 'eu-de-01', volume_type: 'SSD', size: 10 };
  const cases: [string, Record<string, unknown>, Record<string, unknown>, number, string, RegExp][] = [
    ['a missing volume_type', { availability_zone: 'eu-de-01', size: 10 }, {}, 400, 'EVS.1008', /volume_type/],
    ['an unknown field', { ...base, colour: 'blue' }, {}, 400, 'EVS.1008', /colour/],
    ['size of the wrong type', { ...base, size: '10' }, {}, 400, 'EVS.1008', /size/],
    ['an unknown disk type', { ...base, volume_type: 'SSDX' }, {}, 400, 'EVS.1020', /volume_type/],
    ['an empty disk without size', { availability_zone: 'eu-de-01', volume_type: 'SSD' }, {}, 400, 'EVS.1010', /size is mandatory/],
    ['an empty disk below 10 GB', { ...base, size: 5 }, {}, 400, 'EVS.1010', /10 to 32768/],
    ['a disk above 32768 GB', { ...base, size: 40_000 }, {}, 400, 'EVS.1010', /32768/],
    ['count 101', { ...base, count: 101 }, {}, 400, 'EVS.1021', /1 to 100/],
    ['two sources', { ...base, backup_id: 'bk-000000000000', imageRef: 'img-000000000000' }, {}, 400, 'EVS.1016', /only one of imageRef, snapshot_id, backup_id/],
    ['a name of 65 characters', { ...base, name: 'n'.repeat(65) }, {}, 400, 'EVS.1003', /1 to 64/],
    ['a batch name with no room for -0001', { ...base, name: 'n'.repeat(60), count: 2 }, {}, 400, 'EVS.1003', /1 to 59/],
    ['a blank availability_zone', { ...base, availability_zone: ' ' }, {}, 400, 'EVS.1036', /AZ/],
    ['a shared disk', { ...base, multiattach: true }, {}, 400, 'EVS.1054', /no shared disks/],
    ['an EVS snapshot', { ...base, snapshot_id: 'snap-1' }, {}, 400, 'EVS.1008', /no EVS snapshots/],
    ['attaching at creation', base, { server_id: 'ecs-000000000000' }, 400, 'EVS.1008', /attach/],
    ['a yearly/monthly disk', base, { bssParam: { chargingMode: 'prePaid' } }, 400, 'EVS.1008', /pay-per-use/],
    ['an unknown backup', { ...base, backup_id: 'bk-000000000000' }, {}, 400, 'EVS.1006', /invalid backup id/],
  ];
  it.each(cases)('refuses %s', async (_what, volume, extra, status, code, message) => {
    const { evs, projectId } = client();
    const error = await refusal(evs, { method: 'POST', url: '/v2.1/{project_id}/cloudvolumes', data: { volume, ...extra } });
    expect([error.httpStatusCode, error.errorCode]).toEqual([status, code]);
    expect(error.errorMsg).toMatch(message);
    expect(served.projects.get(projectId).session.simulation.list('disk')).toEqual([]);
  });

  it('accepts null sources, as the API reference\'s example sends them', async () => {
    const { evs } = client();
    const made = await create(evs, { ...base, backup_id: null, snapshot_id: null, imageRef: null, metadata: { __system__encrypted: '0' }, tags: { team: 'ops' } });
    expect(made.volume_ids).toHaveLength(1);
  });
});

describe('listVolumes', () => {
  async function threeDisks(): Promise<{ evs: HcClient; projectId: string; ids: string[] }> {
    const { evs, projectId } = client();
    const session = served.projects.get(projectId).session;
    const ids: string[] = [];
    for (const [name, sizeGB, az] of [['a', 30, 'eu-de-01'], ['b', 10, 'eu-de-02'], ['c', 20, 'eu-de-01']] as const) {
      ids.push((await session.perform('createDisk', [{ name, sizeGB, az }]) as DiskRecord).id);
      await session.perform('advance', ['1m']);
    }
    return { evs, projectId, ids };
  }

  it('answers {count, volumes, volumes_links}, newest first by default', async () => {
    const { evs, ids } = await threeDisks();
    const list = await listVolumes(evs);
    expect(list).toMatchObject({ count: 3, volumes_links: [] });
    expect((list.volumes as { id: string }[]).map((v) => v.id)).toEqual([...ids].reverse());
  });

  it('filters by name, status and availability_zone, and by ids in EVS\'s [\'…\'] form', async () => {
    const { evs, ids } = await threeDisks();
    const names = async (q: Record<string, unknown>) => ((await listVolumes(evs, q)).volumes as { name: string }[]).map((v) => v.name).sort();
    expect(await names({ name: 'b' })).toEqual(['b']);
    expect(await names({ availability_zone: 'eu-de-01' })).toEqual(['a', 'c']);
    expect(await names({ status: 'available' })).toEqual(['a', 'b', 'c']);
    expect(await names({ status: 'in-use' })).toEqual([]);
    expect(await names({ ids: `['${ids[0]}','${ids[2]}']` })).toEqual(['a', 'c']);
  });

  it('sorts by size and pages with limit and marker, the next page linked', async () => {
    const { evs } = await threeDisks();
    const first = await listVolumes(evs, { sort_key: 'size', sort_dir: 'asc', limit: 2 });
    expect(first.count).toBe(3);
    expect((first.volumes as { size: number }[]).map((v) => v.size)).toEqual([10, 20]);
    const next = (first.volumes_links as { href: string; rel: string }[])[0]!;
    expect(next.rel).toBe('next');
    const marker = new URL(next.href).searchParams.get('marker')!;
    expect(marker).toBe((first.volumes as { id: string }[])[1]!.id);
    const second = await listVolumes(evs, { sort_key: 'size', sort_dir: 'asc', limit: 2, marker });
    expect((second.volumes as { size: number }[]).map((v) => v.size)).toEqual([30]);
    expect(second.volumes_links).toEqual([]);
  });

  it('lists a server\'s disks in use, with their attachments (server_id filter)', async () => {
    const { evs, projectId } = client();
    const session = served.projects.get(projectId).session;
    const server = await session.perform('createServer', [{ name: 'web', os: 'linux', systemDiskGB: 40, dataDisksGB: [100] }]) as ServerRecord;
    await session.perform('advance', ['10m']);
    const list = await listVolumes(evs, { server_id: server.id, sort_key: 'size', sort_dir: 'asc' });
    const volumes = list.volumes as Record<string, any>[];
    expect(volumes.map((v) => [v.name, v.status, v.bootable, v.attachments[0]?.device])).toEqual([
      ['web-system', 'in-use', 'true', '/dev/vda'], ['web-data-1', 'in-use', 'false', '/dev/vdb'],
    ]);
    expect(volumes[1]!.attachments[0]).toEqual({
      server_id: server.id, attachment_id: expect.stringMatching(/^att-/), volume_id: volumes[1]!.id, id: volumes[1]!.id, device: '/dev/vdb',
      host_name: null, attached_at: expect.stringMatching(EVS_VOLUME_TIME),
    });
  });

  it.each([
    [{ limit: 0 }, 'EVS.1023'], [{ limit: 1001 }, 'EVS.1023'], [{ marker: 'evs-000000000000' }, 'EVS.1024'],
    [{ sort_key: 'name' }, 'EVS.1039'], [{ sort_dir: 'up' }, 'EVS.1040'], [{ metadata: '{bad' }, 'EVS.1025'],
  ])('refuses %o with %s', async (query, code) => {
    const { evs } = client();
    const error = await refusal(evs, { method: 'GET', url: '/v2/{project_id}/cloudvolumes/detail', queryParams: query });
    expect([error.httpStatusCode, error.errorCode]).toEqual([400, code]);
  });
});

describe('showVolume and deleteVolume', () => {
  it('answers an unknown disk 404 EVS.5404 and an id no disk can have 400 EVS.1002', async () => {
    const { evs } = client();
    const missing = await refusal(evs, { method: 'GET', url: '/v2/{project_id}/cloudvolumes/{volume_id}', pathParams: { volume_id: 'evs-000000000000' } });
    expect([missing.httpStatusCode, missing.errorCode]).toEqual([404, 'EVS.5404']);
    const malformed = await refusal(evs, { method: 'GET', url: '/v2/{project_id}/cloudvolumes/{volume_id}', pathParams: { volume_id: 'x'.repeat(65) } });
    expect([malformed.httpStatusCode, malformed.errorCode]).toEqual([400, 'EVS.1002']);
  });

  it('deletes an available disk: 200 {job_id}, a deleteVolume job that ends SUCCESS, then 404', async () => {
    const { evs } = client();
    const made = await create(evs, { availability_zone: 'eu-de-01', volume_type: 'SSD', size: 10, name: 'old' });
    await waitJob(evs, made.job_id as string);
    const id = (made.volume_ids as string[])[0]!;
    const deleted = await send(evs, { method: 'DELETE', url: '/v2/{project_id}/cloudvolumes/{volume_id}', pathParams: { volume_id: id } });
    expect(deleted).toEqual({ httpStatusCode: 200, job_id: expect.stringMatching(/^job-/) });
    expect(deleted.job_id).not.toBe(made.job_id);
    expect(await waitJob(evs, deleted.job_id as string)).toMatchObject({ status: 'SUCCESS', job_type: 'deleteVolume', entities: { volume_id: id } });
    const gone = await refusal(evs, { method: 'GET', url: '/v2/{project_id}/cloudvolumes/{volume_id}', pathParams: { volume_id: id } });
    expect(gone.errorCode).toBe('EVS.5404');
  });

  it('refuses to delete a disk in use or still being created with EVS.1046, and it stays', async () => {
    const { evs, projectId } = client();
    const session = served.projects.get(projectId).session;
    const server = await session.perform('createServer', [{ name: 'web', os: 'linux', systemDiskGB: 40, dataDisksGB: [100] }]) as ServerRecord;
    await session.perform('advance', ['10m']);
    const fresh = await session.perform('createDisk', [{ name: 'fresh', sizeGB: 10 }]) as DiskRecord;
    for (const id of [server.dataDiskIds[0]!, fresh.id]) {
      const error = await refusal(evs, { method: 'DELETE', url: '/v2/{project_id}/cloudvolumes/{volume_id}', pathParams: { volume_id: id } });
      expect([error.httpStatusCode, error.errorCode]).toEqual([400, 'EVS.1046']);
      expect(session.simulation.get(id).status).not.toBe('deleting');
    }
  });
});

describe('versions', () => {
  it('lists v1 and v2 at GET /evs/, their self links under /evs on the host asked', async () => {
    const answer = await raw(served.base, 'GET', '/evs/');
    expect(answer.status).toBe(200);
    const host = new URL(served.base).host;
    expect(answer.body.versions.map((v: { id: string; status: string; links: { href: string }[] }) => [v.id, v.status, v.links[0]!.href])).toEqual([
      ['v1.0', 'SUPPORTED', `http://${host}/evs/v1/`], ['v2.0', 'CURRENT', `http://${host}/evs/v2/`],
    ]);
    const v2 = await raw(served.base, 'GET', '/evs/v2');
    expect(v2.body.versions).toHaveLength(1);
    expect((await raw(served.base, 'GET', '/evs/v3')).status).toBe(404);
  });
});
