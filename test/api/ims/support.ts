/**
 * What the IMS tests share: a server per file, a project per test (its own world, realistic
 * timings), the world set up through the project's session (as the inspector or another service
 * would), and the SDK calls of IMS with the paths of the API reference.
 */
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import type { BackupRecord, ServerRecord, SimRecord, VaultRecord } from '../../../src/index.js';
import type { Session } from '../../../src/server/session.js';
import { hcClient, send, type SdkAnswer } from '../support/sdk.js';
import { startServer } from '../support/server.js';

export type Served = Awaited<ReturnType<typeof startServer>>;

let projects = 0;

/** A project of its own (ids unique in the file), its session, and an IMS client signed for it. */
export function project(served: Served, name: string): { pid: string; session: Session; ims: HcClient } {
  const pid = `${name}-${++projects}`;
  return { pid, session: served.projects.get(pid).session, ims: hcClient(served.base, 'ims', { ak: 'AKSIM', sk: 'secret', projectId: pid }) };
}

/** Runs the project's clock to each next timer until `done` holds (a hang bound, not a speed check). */
export async function advanceUntil(session: Session, done: () => boolean): Promise<void> {
  const sim = session.simulation;
  for (let i = 0; i < 500 && !done(); i++) {
    const next = sim.nextTimer();
    if (next === null) break;
    await session.perform('advance', [Math.max(1, next - sim.now())]);
  }
  if (!done()) throw new Error('the world never reached the state the test waits for');
}

export const get = (session: Session, id: string): SimRecord => session.simulation.get(id);

/** A Running Linux ECS with Cloud-Init, optimised, 40 GB system disk and a 100 GB data disk. */
export async function runningServer(session: Session, o: Record<string, unknown> = {}): Promise<ServerRecord> {
  const server = (await session.perform('createServer', [{ name: 'web', os: 'linux', systemDiskGB: 40, dataDisksGB: [100], ...o }])) as ServerRecord;
  await advanceUntil(session, () => get(session, server.id).status === 'ACTIVE');
  return server;
}

/** A backup of the server, at its "Image can be created" mark (still Creating). */
export async function markedBackup(session: Session, serverId: string): Promise<BackupRecord> {
  const backup = (await session.perform('backupServer', [serverId])) as BackupRecord;
  await advanceUntil(session, () => (get(session, backup.id) as BackupRecord).imageable);
  return get(session, backup.id) as BackupRecord;
}

export async function vault(session: Session, kind: 'server' | 'disk'): Promise<VaultRecord> {
  return (await session.perform('createVault', [{ name: `${kind}-vault`, kind }])) as VaultRecord;
}

/** `showJob` until the job has ended (each read of a running job moves the on-poll clock). */
export async function jobEnded(ims: HcClient, jobId: string): Promise<SdkAnswer> {
  for (let i = 0; i < 200; i++) {
    const job = await send(ims, { method: 'GET', url: '/v1/{project_id}/jobs/{job_id}', pathParams: { job_id: jobId } });
    if (job.status === 'SUCCESS' || job.status === 'FAIL') return job;
  }
  throw new Error(`job ${jobId} never ended`);
}

export const createWholeImage = (ims: HcClient, body: unknown) => send(ims, { method: 'POST', url: '/v1/cloudimages/wholeimages/action', data: body });
export const createImage = (ims: HcClient, body: unknown) => send(ims, { method: 'POST', url: '/v2/cloudimages/action', data: body });
export const showImage = (ims: HcClient, id: string) => send(ims, { method: 'GET', url: '/v2/images/{image_id}', pathParams: { image_id: id } });
export const showQuota = (ims: HcClient) => send(ims, { method: 'GET', url: '/v1/cloudimages/quota' });
