/**
 * ECS on the wire through the official SDK (`@huaweicloud/huaweicloud-sdk-ecs`): batch creation
 * from a public image and from a full-ECS image, the job a client polls, the list, start/stop,
 * attach/detach and delete, and the refusals of rest-api.md §6 as the SDK reports them.
 */
import './support.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLD_IMAGES } from '../../../src/sim/gold-images.js';
import type { BackupRecord, DiskRecord, ImageRecord, ServerRecord } from '../../../src/sim/records.js';
import type { Session } from '../../../src/server/session.js';
import { raw, startServer } from '../support/server.js';
import { advanceUntil, createBody, ecsClient, pollJob, refused, type Answer } from './support.js';

const UBUNTU = GOLD_IMAGES[0]!;
let served: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  served = await startServer();
});
afterAll(async () => {
  await served.close();
});

/** A full-ECS image in project `pid`: a server, its backup marked "Image can be created", the image Normal. */
async function fullEcsImage(pid: string, o: { waitForBackup?: boolean; failBackup?: boolean } = {}): Promise<{ session: Session; image: ImageRecord; backup: BackupRecord }> {
  const session = served.projects.get(pid).session;
  const sim = () => session.simulation;
  const source = await session.perform('createServer', [{ name: 'source', os: 'linux', systemDiskGB: 40, dataDisksGB: [100], az: 'eu-de-01' }]) as ServerRecord;
  await advanceUntil(session, () => sim().get(source.id).status === 'ACTIVE');
  if (o.failBackup) await session.perform('failNext', ['backup']);
  const backup = await session.perform('backupServer', [source.id]) as BackupRecord;
  await advanceUntil(session, () => (sim().get(backup.id) as BackupRecord).imageable);
  const image = await session.perform('createImageFromBackup', [backup.id, { name: 'golden' }]) as ImageRecord;
  await advanceUntil(session, () => sim().get(image.id).status === 'active');
  if (o.waitForBackup) await advanceUntil(session, () => sim().get(backup.id).status === 'available');
  if (o.failBackup) await advanceUntil(session, () => sim().get(backup.id).status === 'error');
  return { session, image: sim().get(image.id) as ImageRecord, backup: sim().get(backup.id) as BackupRecord };
}

describe('ECS servers through the official SDK', () => {
  it('batch-creates three servers from a public image: one job whose three sub-jobs end SUCCESS, names web-0001…', async () => {
    const client = ecsClient(served.base, 'ecs-public');
    const made = await client.createPostPaidServers(createBody({ imageRef: UBUNTU.id, name: 'web', count: 3, root_volume: { volumetype: 'SSD', size: 50 }, data_volumes: [{ volumetype: 'SSD', size: 20 }] }) as never) as Answer;
    expect(made.httpStatusCode).toBe(200);
    expect(made.serverIds).toHaveLength(3);
    const job = await pollJob(client, made.job_id);
    expect(job).toMatchObject({ status: 'SUCCESS', job_id: made.job_id, job_type: 'createServer', error_code: null, fail_reason: null });
    expect(job.begin_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(job.entities.sub_jobs_total).toBe(3);
    expect(job.entities.sub_jobs.map((s: Answer) => [s.status, s.job_type, s.entities.server_id])).toEqual(made.serverIds.map((id: string) => ['SUCCESS', 'createSingleServer', id]));
    const list = await client.listServersDetails({ name: 'web' } as never) as Answer;
    expect(list.count).toBe(3);
    expect(list.servers.map((s: Answer) => s.name).sort()).toEqual(['web-0001', 'web-0002', 'web-0003']);
    const one = list.servers.find((s: Answer) => s.name === 'web-0001');
    expect(one).toMatchObject({
      status: 'ACTIVE', image: { id: UBUNTU.id }, flavor: { id: 's6.large.2', vcpus: '2', ram: '4096' }, tenant_id: 'ecs-public',
      'OS-EXT-AZ:availability_zone': 'eu-de-01', 'OS-EXT-STS:vm_state': 'active', 'OS-EXT-STS:power_state': 1, metadata: { image_name: UBUNTU.name, os_type: 'Linux' },
    });
    expect(one['os-extended-volumes:volumes_attached']).toEqual([
      { id: expect.any(String), delete_on_termination: 'true', bootIndex: '0', device: '/dev/vda' },
      { id: expect.any(String), delete_on_termination: 'false', bootIndex: '-1', device: '/dev/vdb' },
    ]);
    const disk = served.projects.get('ecs-public').session.simulation.get(one['os-extended-volumes:volumes_attached'][0].id) as DiskRecord;
    expect(disk.sizeGB).toBe(50);
    expect(one.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('one server from a public image is named as given; its job has one sub-job', async () => {
    const client = ecsClient(served.base, 'ecs-single');
    const made = await client.createPostPaidServers(createBody({ imageRef: GOLD_IMAGES[2]!.id, name: 'win', availability_zone: 'eu-de-02' }) as never) as Answer;
    const shown = await client.showServer({ server_id: made.serverIds[0] } as never) as Answer;
    expect(shown.server).toMatchObject({ name: 'win', 'OS-EXT-AZ:availability_zone': 'eu-de-02', metadata: { os_type: 'Windows' } });
    expect((await pollJob(client, made.job_id)).entities.sub_jobs_total).toBe(1);
  });

  it('batch-creates from a full-ECS image through createServers (v1.1), with an order id, in the backup\'s AZ', async () => {
    const { image } = await fullEcsImage('ecs-private', { waitForBackup: true });
    const client = ecsClient(served.base, 'ecs-private');
    const made = await client.createServers(createBody({ imageRef: image.id, name: 'app', count: 2 }) as never) as Answer;
    expect(made).toMatchObject({ httpStatusCode: 200, job_id: expect.any(String), order_id: expect.any(String) });
    const job = await pollJob(client, made.job_id);
    expect(job.status).toBe('SUCCESS');
    const list = await client.listServersDetails({ name: 'app' } as never) as Answer;
    expect(list.servers.map((s: Answer) => s.name).sort()).toEqual(['app-0001', 'app-0002']);
    expect(list.servers.every((s: Answer) => s.image.id === image.id && s.status === 'ACTIVE')).toBe(true);
  });

  it('stops, starts and deletes servers; a wrong state is Ecs.0100 and changes nothing', async () => {
    const client = ecsClient(served.base, 'ecs-actions');
    const made = await client.createPostPaidServers(createBody({ imageRef: UBUNTU.id, name: 'box', count: 2 }) as never) as Answer;
    const [a, b] = made.serverIds as string[];
    await pollJob(client, made.job_id);
    const stopped = await client.batchStopServers({ body: { 'os-stop': { servers: [{ id: a }, { id: b }], type: 'SOFT' } } } as never) as Answer;
    expect((await client.showJob({ job_id: stopped.job_id } as never) as Answer)).toMatchObject({ status: 'SUCCESS', job_type: 'batchStopServers', entities: { sub_jobs_total: 2 } });
    expect(((await client.showServer({ server_id: a } as never)) as Answer).server.status).toBe('SHUTOFF');
    const again = await refused(() => client.batchStopServers({ body: { 'os-stop': { servers: [{ id: a }] } } } as never));
    expect(again).toMatchObject({ httpStatusCode: 400, errorCode: 'Ecs.0100' });
    expect(again.errorMsg).toContain('already Stopped');
    // All or none: b is Stopped, so starting a (Stopped) and a Running server is refused whole.
    await client.batchStartServers({ body: { 'os-start': { servers: [{ id: a }] } } } as never);
    expect((await refused(() => client.batchStartServers({ body: { 'os-start': { servers: [{ id: b }, { id: a }] } } } as never))).errorCode).toBe('Ecs.0100');
    expect(((await client.showServer({ server_id: b } as never)) as Answer).server.status).toBe('SHUTOFF');
    const deleted = await client.deleteServers({ body: { servers: [{ id: a }, { id: b }] } } as never) as Answer;
    expect((await client.showJob({ job_id: deleted.job_id } as never) as Answer).status).toBe('SUCCESS');
    const gone = await refused(() => client.showServer({ server_id: a } as never));
    expect(gone).toMatchObject({ httpStatusCode: 404, errorCode: 'Ecs.0114' });
    expect(((await client.listServersDetails({ status: 'DELETED' } as never)) as Answer).count).toBe(2);
    expect(((await client.listServersDetails({} as never)) as Answer).count).toBe(0);
  });

  it('attaches and detaches a disk of the server\'s AZ', async () => {
    const client = ecsClient(served.base, 'ecs-volumes');
    const session = served.projects.get('ecs-volumes').session;
    const made = await client.createPostPaidServers(createBody({ imageRef: UBUNTU.id, name: 'db' }) as never) as Answer;
    await pollJob(client, made.job_id);
    const disk = await session.perform('createDisk', [{ name: 'data', sizeGB: 100 }]) as DiskRecord;
    await advanceUntil(session, () => session.simulation.get(disk.id).status === 'available');
    const server = made.serverIds[0] as string;
    await client.attachServerVolume({ server_id: server, body: { volumeAttachment: { volumeId: disk.id } } } as never);
    const attached = ((await client.showServer({ server_id: server } as never)) as Answer).server['os-extended-volumes:volumes_attached'];
    expect(attached.map((v: Answer) => v.id)).toContain(disk.id);
    expect((await refused(() => client.attachServerVolume({ server_id: server, body: { volumeAttachment: { volumeId: disk.id } } } as never))).errorCode).toBe('Ecs.0103');
    await client.detachServerVolume({ server_id: server, volume_id: disk.id } as never);
    expect(session.simulation.get(disk.id).status).toBe('available');
    expect((await refused(() => client.detachServerVolume({ server_id: server, volume_id: disk.id } as never))).errorCode).toBe('Ecs.0103');
  });

  it('lists by page number: offset 0 and 1 are the first page, limit at most 1000', async () => {
    const client = ecsClient(served.base, 'ecs-pages');
    await client.createPostPaidServers(createBody({ imageRef: UBUNTU.id, name: 'page', count: 5 }) as never);
    const first = await client.listServersDetails({ limit: 2, offset: 0 } as never) as Answer;
    const alsoFirst = await client.listServersDetails({ limit: 2, offset: 1 } as never) as Answer;
    const third = await client.listServersDetails({ limit: 2, offset: 3 } as never) as Answer;
    expect(first.count).toBe(5);
    expect(first.servers.map((s: Answer) => s.id)).toEqual(alsoFirst.servers.map((s: Answer) => s.id));
    expect(third.servers).toHaveLength(1);
    expect((await refused(() => client.listServersDetails({ limit: 1001 } as never))).errorCode).toBe('Ecs.0005');
    // v1.1 pages by marker, the last id of the previous page.
    const v11 = await client.listCloudServers({ limit: 3 } as never) as Answer;
    const rest = await client.listCloudServers({ limit: 3, marker: v11.servers[2].id } as never) as Answer;
    expect(rest.servers).toHaveLength(2);
    expect(new Set([...v11.servers, ...rest.servers].map((s: Answer) => s.id)).size).toBe(5);
    expect((await refused(() => client.listCloudServers({ marker: 'ecs-000000000000' } as never))).errorCode).toBe('Ecs.0005');
  });

  it('dry_run checks the request and creates nothing: 202, or the refusal', async () => {
    const client = ecsClient(served.base, 'ecs-dry');
    const checked = await client.createPostPaidServers({ body: { ...createBody({ imageRef: UBUNTU.id, name: 'dry', count: 2 }).body, dry_run: true } } as never) as Answer;
    expect(checked.httpStatusCode).toBe(202);
    expect(served.projects.get('ecs-dry').session.simulation.list('server')).toEqual([]);
    const small = await refused(() => client.createPostPaidServers({ body: { ...createBody({ imageRef: UBUNTU.id, name: 'dry', root_volume: { volumetype: 'SSD', size: 10 } }).body, dry_run: true } } as never));
    expect(small.errorCode).toBe('Ecs.0005');
    expect(small.errorMsg).toContain(`at least ${UBUNTU.minDiskGB} GB`);
  });
});

describe('ECS refusals as the SDK reports them (rest-api.md §6)', () => {
  it('Ecs.0032: an image that is not Normal yet', async () => {
    const session = served.projects.get('ecs-0032').session;
    const source = await session.perform('createServer', [{ name: 'source', os: 'linux', systemDiskGB: 40 }]) as ServerRecord;
    await advanceUntil(session, () => session.simulation.get(source.id).status === 'ACTIVE');
    const backup = await session.perform('backupServer', [source.id]) as BackupRecord;
    await advanceUntil(session, () => (session.simulation.get(backup.id) as BackupRecord).imageable);
    const image = await session.perform('createImageFromBackup', [backup.id, { name: 'young' }]) as ImageRecord;
    const error = await refused(() => ecsClient(served.base, 'ecs-0032').createPostPaidServers(createBody({ imageRef: image.id, name: 'x' }) as never));
    expect(error).toMatchObject({ httpStatusCode: 400, errorCode: 'Ecs.0032' });
    expect(error.errorMsg).toContain(image.id);
  });

  it('Ecs.0048: a full-ECS image whose backup ended in Error', async () => {
    const { image } = await fullEcsImage('ecs-0048', { failBackup: true });
    const error = await refused(() => ecsClient(served.base, 'ecs-0048').createPostPaidServers(createBody({ imageRef: image.id, name: 'x' }) as never));
    expect(error).toMatchObject({ httpStatusCode: 400, errorCode: 'Ecs.0048' });
  });

  it('Ecs.0034: a full-ECS image whose backup is gone (its vault was deleted)', async () => {
    const pid = 'ecs-0034';
    const session = served.projects.get(pid).session;
    const source = await session.perform('createServer', [{ name: 'db', os: 'linux', systemDiskGB: 40 }]) as ServerRecord;
    await advanceUntil(session, () => session.simulation.get(source.id).status === 'ACTIVE');
    const vault = await session.perform('createVault', [{ name: 'v', kind: 'server', resourceIds: [source.id] }]) as { id: string };
    const backup = await session.perform('backupServer', [source.id]) as BackupRecord;
    await advanceUntil(session, () => session.simulation.get(backup.id).status === 'available');
    const image = await session.perform('createImageFromBackup', [backup.id, { name: 'orphan' }]) as ImageRecord;
    await advanceUntil(session, () => session.simulation.get(image.id).status === 'active');
    await session.perform('deleteVault', [vault.id]);
    await advanceUntil(session, () => session.simulation.get(backup.id).status === 'deleted');
    const error = await refused(() => ecsClient(served.base, pid).createPostPaidServers(createBody({ imageRef: image.id, name: 'x' }) as never));
    expect(error).toMatchObject({ httpStatusCode: 400, errorCode: 'Ecs.0034' });
    expect(error.errorMsg).toContain(backup.id);
  });

  it('I10: another AZ while the image\'s backup is still Creating is Sim.ImageAzRestricted in ECS shape', async () => {
    const { image, backup } = await fullEcsImage('ecs-i10');
    expect(backup.status).toBe('protecting');
    const client = ecsClient(served.base, 'ecs-i10');
    const error = await refused(() => client.createPostPaidServers(createBody({ imageRef: image.id, name: 'far', availability_zone: 'eu-de-02' }) as never));
    expect(error).toMatchObject({ httpStatusCode: 400, errorCode: 'Sim.ImageAzRestricted' });
    expect(error.errorMsg).toContain('eu-de-01');
    const near = await client.createPostPaidServers(createBody({ imageRef: image.id, name: 'near', availability_zone: 'eu-de-01' }) as never) as Answer;
    expect(near.serverIds).toHaveLength(1);
  });

  it('count 101 is Ecs.0005 (I6); an unknown image Ecs.0031; a bad body Ecs.0005 naming the field; nothing is made', async () => {
    const pid = 'ecs-bad';
    const client = ecsClient(served.base, pid);
    const many = await refused(() => client.createPostPaidServers(createBody({ imageRef: UBUNTU.id, name: 'many', count: 101 }) as never));
    expect(many).toMatchObject({ httpStatusCode: 400, errorCode: 'Ecs.0005' });
    expect(many.errorMsg).toContain('at most 100');
    expect((await refused(() => client.createPostPaidServers(createBody({ imageRef: 'img-000000000000', name: 'x' }) as never))).errorCode).toBe('Ecs.0031');
    const unknown = await refused(() => client.createPostPaidServers(createBody({ imageRef: UBUNTU.id, name: 'x', colour: 'red' }) as never));
    expect(unknown.errorCode).toBe('Ecs.0005');
    expect(unknown.errorMsg).toContain('colour');
    expect((await refused(() => client.createPostPaidServers(createBody({ imageRef: UBUNTU.id, name: 'x', flavorRef: 'huge.9' }) as never))).errorMsg).toContain('s6.small.1');
    expect(served.projects.get(pid).session.simulation.list('server')).toEqual([]);
  });

  it('an unknown job is 404; an IMS job is not ECS\'s', async () => {
    const client = ecsClient(served.base, 'ecs-jobs');
    expect(await refused(() => client.showJob({ job_id: 'job-000000000000' } as never))).toMatchObject({ httpStatusCode: 404 });
    const { image } = await fullEcsImage('ecs-jobs');
    expect((await refused(() => client.showJob({ job_id: image.jobId! } as never))).httpStatusCode).toBe(404);
  });

  it('answers 501 naming an operation of the SDK that cbr-sim does not serve, also beside a served path', async () => {
    const client = ecsClient(served.base, 'ecs-501');
    const flavors = await raw(served.base, 'GET', '/ecs/v1/ecs-501/cloudservers/flavors');
    expect(flavors.status).toBe(501);
    expect(flavors.body.error.message).toContain('listFlavors');
    const reboot = await raw(served.base, 'POST', '/ecs/v1/ecs-501/cloudservers/action', { body: JSON.stringify({ reboot: { type: 'SOFT', servers: [{ id: 'x' }] } }) });
    expect(reboot.status).toBe(501);
    expect(reboot.body.error.message).toContain('batchRebootServers');
    // A 5xx is the SDK's ServerResponseException, with the code and the operation's name.
    const resize = await client.resizePostPaidServer({ server_id: 'ecs-000000000000', body: { resize: { flavorRef: 's6.small.1' } } } as never).then(() => null, (e: unknown) => e);
    expect(resize).toMatchObject({ name: 'ServerResponseException', httpStatusCode: 501, errorCode: 'Sim.NotImplemented', errorMsg: expect.stringContaining('resizePostPaidServer') });
  });
});

describe('rest-api.md §7.5 sequence 5: batch provisioning from a full-ECS image', () => {
  it('three web servers from one image, all ACTIVE with four-digit names; count 101 refused; another AZ refused while the backup is Creating', async () => {
    const pid = 'ecs-sequence-5';
    const { image, backup } = await fullEcsImage(pid);
    const client = ecsClient(served.base, pid);
    // I10 first: polling the job moves the on-poll clock, and the backup would end.
    expect(backup.status).toBe('protecting');
    expect((await refused(() => client.createPostPaidServers(createBody({ imageRef: image.id, name: 'web', count: 3, availability_zone: 'eu-de-03' }) as never))).errorCode).toBe('Sim.ImageAzRestricted');
    expect((await refused(() => client.createPostPaidServers(createBody({ imageRef: image.id, name: 'web', count: 101 }) as never))).httpStatusCode).toBe(400);
    const made = await client.createPostPaidServers(createBody({ imageRef: image.id, name: 'web', count: 3 }) as never) as Answer;
    expect(made.serverIds).toHaveLength(3);
    const job = await pollJob(client, made.job_id);
    expect(job.entities.sub_jobs_total).toBe(3);
    expect(job.entities.sub_jobs.every((s: Answer) => s.status === 'SUCCESS')).toBe(true);
    const list = await client.listServersDetails({ name: 'web-' } as never) as Answer;
    expect(list.servers.map((s: Answer) => [s.name, s.status]).sort()).toEqual([['web-0001', 'ACTIVE'], ['web-0002', 'ACTIVE'], ['web-0003', 'ACTIVE']]);
  });
});
