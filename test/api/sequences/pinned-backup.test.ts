/**
 * rest-api.md §7.5 sequence 6, "the backup is pinned", end to end over all four services' wire
 * with `--auth verify`: every call is signed by the real SDK (the ECS SDK for ECS, the SDK core's
 * HcClient for CBR and IMS) with a key the keys file binds to the project, and nothing is set up
 * behind the API's back. A server from a public image is backed up; its backup makes a full-ECS
 * image; the image starts two servers; the backup cannot be deleted while it has the image (I7),
 * can once the image is gone (B5), and the servers made from the image stay (C4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { EcsClient } from '@huaweicloud/huaweicloud-sdk-ecs';
import { hcClient, refusal, send, type Credential } from '../support/sdk.js';
import { startServer } from '../support/server.js';
import { createBody, pollJob, refused, type Answer } from '../ecs/support.js';
import { KeyAuthenticator } from '../../../src/api/auth.js';
import { checkKeys } from '../../../src/api/keys.js';
import { GOLD_IMAGES } from '../../../src/sim/gold-images.js';

const PROJECT = 'trainee-6';
const KEY: Credential = { ak: 'AKTRAINEE00000000006', sk: 'trainee-6-secret', projectId: PROJECT };

let served: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  const keys = checkKeys({ keys: [{ ak: KEY.ak, sk: KEY.sk, projects: [PROJECT] }], tokens: [] }, 'the test\'s keys');
  served = await startServer({ auth: new KeyAuthenticator(keys) });
});
afterAll(async () => {
  await served.close();
});

function ecs(credential: Credential): EcsClient {
  const credentials = new BasicCredentials().withAk(credential.ak).withSk(credential.sk).withProjectId(credential.projectId);
  return EcsClient.newBuilder().withCredential(credentials).withEndpoint(`${served.base}/ecs`).build();
}

/** Reads until `done` holds: each read of something still in progress moves the on-poll clock. */
async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
  }
  throw new Error(`${what} never happened within 200 polls`);
}

describe('§7.5 sequence 6 over the wire, with --auth verify', () => {
  it('pins a backup while its image exists (BackupService.6204), frees it once the image is deleted, and keeps the servers the image made', async () => {
    const cbr = hcClient(served.base, 'cbr', KEY);
    const ims = hcClient(served.base, 'ims', KEY);
    const compute = ecs(KEY);

    // An ECS from a public Linux image (Cloud-Init inside: I4 holds).
    const first = await compute.createPostPaidServers(createBody({ imageRef: GOLD_IMAGES[0]!.id, name: 'web' }) as never) as Answer;
    expect((await pollJob(compute, first.job_id)).status).toBe('SUCCESS');
    const serverId = first.serverIds[0] as string;

    // Protect it and back it up now (C5, S1).
    const vault = await send(cbr, {
      method: 'POST', url: '/v3/{project_id}/vaults',
      data: { vault: { name: 'web-vault', billing: { consistent_level: 'crash_consistent', object_type: 'server', protect_type: 'backup', size: 200 }, resources: [{ id: serverId, type: 'OS::Nova::Server' }] } },
    });
    const vaultId = (vault.vault as { id: string }).id;
    const checkpoint = await send(cbr, { method: 'POST', url: '/v3/{project_id}/checkpoints', data: { checkpoint: { vault_id: vaultId, parameters: { resources: [serverId] } } } });
    expect((checkpoint.checkpoint as { status: string }).status).toBe('protecting');
    const listed = await send(cbr, { method: 'GET', url: '/v3/{project_id}/backups', queryParams: { checkpoint_id: (checkpoint.checkpoint as { id: string }).id } });
    const backupId = (listed.backups as { id: string }[])[0]!.id;
    const showBackup = () => send(cbr, { method: 'GET', url: '/v3/{project_id}/backups/{backup_id}', pathParams: { backup_id: backupId } });
    await pollUntil(showBackup, (b) => (b.backup as { status: string }).status === 'available', 'the backup becoming available');

    // Its full-ECS image, and two servers from it (I6).
    const made = await send(ims, { method: 'POST', url: '/v1/cloudimages/wholeimages/action', data: { name: 'web-golden', backup_id: backupId, whole_image_type: 'CBR' } });
    const imageJob = await pollUntil(
      () => send(ims, { method: 'GET', url: '/v1/{project_id}/jobs/{job_id}', pathParams: { job_id: made.job_id as string } }),
      (j) => j.status === 'SUCCESS' || j.status === 'FAIL', 'the image job ending');
    expect(imageJob.status).toBe('SUCCESS');
    const imageId = (imageJob.entities as { image_id: string }).image_id;
    const batch = await compute.createPostPaidServers(createBody({ imageRef: imageId, name: 'app', count: 2 }) as never) as Answer;
    expect((await pollJob(compute, batch.job_id)).status).toBe('SUCCESS');

    // I7: the backup has an image, so it cannot be deleted; the message names the image.
    const pinned = await refusal(cbr, { method: 'DELETE', url: '/v3/{project_id}/backups/{backup_id}', pathParams: { backup_id: backupId } });
    expect(pinned).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.6204' });
    expect(pinned.errorMsg).toContain(imageId);
    expect(pinned.requestId).toMatch(/^[0-9a-f]{32}$/);

    // The image goes (no body: the backup stays), then the backup can go (B5).
    expect((await send(ims, { method: 'DELETE', url: '/v2/images/{image_id}', pathParams: { image_id: imageId } })).httpStatusCode).toBe(204);
    expect((await send(cbr, { method: 'DELETE', url: '/v3/{project_id}/backups/{backup_id}', pathParams: { backup_id: backupId } })).httpStatusCode).toBe(204);
    const gone = await refusal(cbr, { method: 'GET', url: '/v3/{project_id}/backups/{backup_id}', pathParams: { backup_id: backupId } });
    expect(gone).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6200' });

    // C4: the servers made from the image are still running.
    for (const id of batch.serverIds as string[]) {
      const server = await compute.showServer({ server_id: id } as never) as Answer;
      expect(server.server.status).toBe('ACTIVE');
    }
  }, 180_000);

  it('refuses the same calls signed with a wrong secret (401 APIGW.0301) or for another project (403), and changes nothing', async () => {
    const before = served.projects.list().map((p) => p.id).sort();
    const wrong = await refusal(hcClient(served.base, 'cbr', { ...KEY, sk: 'not-the-secret' }), { method: 'GET', url: '/v3/{project_id}/backups' });
    expect(wrong).toMatchObject({ httpStatusCode: 401, errorCode: 'APIGW.0301' });
    const other = await refused(() => ecs({ ...KEY, projectId: 'trainee-7' }).listServersDetails({} as never));
    expect(other.httpStatusCode).toBe(403);
    expect(served.projects.list().map((p) => p.id).sort()).toEqual(before);
  });
});
