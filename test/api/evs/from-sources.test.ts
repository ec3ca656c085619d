/**
 * Disks from a CBR disk backup and from a data-disk image through the real SDK core: rest-api.md
 * §7.5 sequence 8 end to end (C7) and the refusals EVS has for it (§5, §6). The vault and the
 * backup are made through the project's session (the CBR routes are another table's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hcClient, refusal, send, type SdkAnswer } from '../support/sdk.js';
import { startServer } from '../support/server.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import type { BackupRecord, DiskRecord, ImageRecord, ServerRecord } from '../../../src/sim/records.js';
import type { Session } from '../../../src/server/session.js';
import { GOLD_IMAGES } from '../../../src/sim/gold-images.js';

let served: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  served = await startServer();
});
afterAll(() => served.close());

let projects = 0;
function project(): { evs: HcClient; session: Session } {
  const projectId = `evs-sources-${++projects}`;
  return { evs: hcClient(served.base, 'evs', { ak: 'AK', sk: 'SK', projectId }), session: served.projects.get(projectId).session };
}

const createVolume = (evs: HcClient, volume: Record<string, unknown>) => send(evs, { method: 'POST', url: '/v2.1/{project_id}/cloudvolumes', data: { volume } });
const createRefusal = (evs: HcClient, volume: Record<string, unknown>) => refusal(evs, { method: 'POST', url: '/v2.1/{project_id}/cloudvolumes', data: { volume } });

async function waitJob(evs: HcClient, jobId: string): Promise<SdkAnswer> {
  for (let i = 0; i < 20; i++) {
    const job = await send(evs, { method: 'GET', url: '/v1/{project_id}/jobs/{job_id}', pathParams: { job_id: jobId } });
    if (job.status === 'SUCCESS' || job.status === 'FAIL') return job;
  }
  throw new Error(`job ${jobId} did not end in 20 polls`);
}

/** Advances the project's clock until `done` holds (a CBR client would poll showBackup meanwhile). */
async function advanceUntil(session: Session, done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) await session.perform('advance', ['5m']);
  expect(done()).toBe(true);
}

/** A 40 GB disk in eu-de-02, its disk vault, and a disk backup of it, still Creating. */
async function diskBackup(session: Session): Promise<{ disk: DiskRecord; backup: BackupRecord }> {
  const disk = await session.perform('createDisk', [{ name: 'data', sizeGB: 40, az: 'eu-de-02' }]) as DiskRecord;
  await session.perform('advance', ['1m']);
  await session.perform('createVault', [{ name: 'disk-vault', kind: 'disk', resourceIds: [disk.id] }]);
  const backup = await session.perform('backupDisk', [disk.id]) as BackupRecord;
  return { disk, backup };
}

describe('§7.5 sequence 8: a disk from a disk backup (C7)', () => {
  it('is refused EVS.1044 while the backup is Creating; once Available the job ends SUCCESS and the disk is available', async () => {
    const { evs, session } = project();
    const { backup } = await diskBackup(session);
    expect(backup.status).toBe('protecting');
    const volume = { backup_id: backup.id, availability_zone: 'eu-de-02', volume_type: 'SSD', size: 50, name: 'restored' };
    const early = await createRefusal(evs, volume);
    expect([early.httpStatusCode, early.errorCode]).toEqual([400, 'EVS.1044']);
    expect(early.errorMsg).toContain(backup.id);
    expect(session.simulation.list('disk').map((d) => d.name)).toEqual(['data']);

    await advanceUntil(session, () => session.simulation.get(backup.id).status === 'available');
    const made = await createVolume(evs, volume);
    const id = (made.volume_ids as string[])[0]!;
    expect(await waitJob(evs, made.job_id as string)).toMatchObject({ status: 'SUCCESS', job_type: 'createVolume', entities: { volume_id: id, size: 50, name: 'restored' } });
    const shown = await send(evs, { method: 'GET', url: '/v2/{project_id}/cloudvolumes/{volume_id}', pathParams: { volume_id: id } });
    expect(shown.volume).toMatchObject({ id, name: 'restored', status: 'available', size: 50, availability_zone: 'eu-de-02', bootable: 'false' });
  });

  it('takes the backup\'s size when size is left out', async () => {
    const { evs, session } = project();
    const { backup } = await diskBackup(session);
    await advanceUntil(session, () => session.simulation.get(backup.id).status === 'available');
    const made = await createVolume(evs, { backup_id: backup.id, availability_zone: 'eu-de-02', volume_type: 'SSD' });
    expect(await waitJob(evs, made.job_id as string)).toMatchObject({ status: 'SUCCESS', entities: { size: 40 } });
  });

  it('refuses another AZ (EVS.1049), a smaller size (EVS.1022), a batch (EVS.1051), and makes nothing', async () => {
    const { evs, session } = project();
    const { backup } = await diskBackup(session);
    await advanceUntil(session, () => session.simulation.get(backup.id).status === 'available');
    const base = { backup_id: backup.id, availability_zone: 'eu-de-02', volume_type: 'SSD' };
    const az = await createRefusal(evs, { ...base, availability_zone: 'eu-de-01' });
    expect([az.errorCode, az.errorMsg]).toEqual(['EVS.1049', expect.stringContaining('eu-de-02')]);
    const small = await createRefusal(evs, { ...base, size: 39 });
    expect([small.errorCode, small.errorMsg]).toEqual(['EVS.1022', expect.stringContaining('from 40')]);
    const batch = await createRefusal(evs, { ...base, count: 2 });
    expect(batch.errorCode).toBe('EVS.1051');
    expect(session.simulation.list('disk')).toHaveLength(1);
  });

  it('refuses a server backup with EVS.1006 (C7): a disk comes from a disk backup', async () => {
    const { evs, session } = project();
    const server = await session.perform('createServer', [{ name: 'web', os: 'linux', systemDiskGB: 40 }]) as ServerRecord;
    await session.perform('advance', ['10m']);
    await session.perform('createVault', [{ name: 'server-vault', kind: 'server', resourceIds: [server.id] }]);
    const backup = await session.perform('backupServer', [server.id]) as BackupRecord;
    await advanceUntil(session, () => session.simulation.get(backup.id).status === 'available');
    const error = await createRefusal(evs, { backup_id: backup.id, availability_zone: 'eu-de-01', volume_type: 'SSD' });
    expect([error.httpStatusCode, error.errorCode]).toEqual([400, 'EVS.1006']);
  });
});

describe('a disk from a data-disk image (C11)', () => {
  it('is made at the size asked, in the AZ asked', async () => {
    const { evs, session } = project();
    const image = await session.perform('importImage', [{ name: 'data-image', kind: 'data-disk', sizeGB: 30 }]) as ImageRecord;
    await advanceUntil(session, () => session.simulation.get(image.id).status === 'active');
    const made = await createVolume(evs, { imageRef: image.id, availability_zone: 'eu-de-03', volume_type: 'SATA', size: 60, name: 'from-image' });
    const id = (made.volume_ids as string[])[0]!;
    expect(await waitJob(evs, made.job_id as string)).toMatchObject({ status: 'SUCCESS' });
    const shown = await send(evs, { method: 'GET', url: '/v2/{project_id}/cloudvolumes/{volume_id}', pathParams: { volume_id: id } });
    expect(shown.volume).toMatchObject({ status: 'available', size: 60, availability_zone: 'eu-de-03' });
  });

  it('refuses a size below the image (EVS.1010), no size, a public system-disk image (C8), an unknown image (404)', async () => {
    const { evs, session } = project();
    const image = await session.perform('importImage', [{ name: 'data-image', kind: 'data-disk', sizeGB: 30 }]) as ImageRecord;
    await advanceUntil(session, () => session.simulation.get(image.id).status === 'active');
    const base = { imageRef: image.id, availability_zone: 'eu-de-01', volume_type: 'SSD' };
    expect((await createRefusal(evs, { ...base, size: 20 })).errorCode).toBe('EVS.1010');
    expect((await createRefusal(evs, base)).errorCode).toBe('EVS.1010');
    const gold = await createRefusal(evs, { ...base, imageRef: GOLD_IMAGES[0]!.id, size: 40 });
    expect([gold.httpStatusCode, gold.errorCode, gold.errorMsg]).toEqual([400, 'Sim.InvalidArgument', expect.stringContaining('C8')]);
    const unknown = await createRefusal(evs, { ...base, imageRef: 'img-000000000000', size: 40 });
    expect([unknown.httpStatusCode, unknown.errorCode]).toEqual([404, 'EVS.5404']);
    expect(session.simulation.list('disk')).toEqual([]);
  });
});
