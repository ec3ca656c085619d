/**
 * A thin CBR client of named calls on the real SDK core (rest-api.md §7.3): each method is one
 * operation of the SDK's CbrClient, with its path and body as the API reference has them, sent
 * by the SDK's `HcClient` (signing, `{project_id}` from the credential, query serialisation and
 * exception mapping are the SDK's). `refuse.<name>(…)` expects the call to fail and returns the
 * SDK's exception.
 */
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import type { Served } from '../../../src/server/serve.js';
import { ANY_CREDENTIAL, hcClient, refusal, send, type Call, type SdkAnswer, type SdkError } from './sdk.js';

type Body = Record<string, unknown>;
type Query = Record<string, unknown>;

const calls = {
  createVault: (body: Body): Call => ({ method: 'POST', url: '/v3/{project_id}/vaults', data: body }),
  listVault: (query: Query = {}): Call => ({ method: 'GET', url: '/v3/{project_id}/vaults', queryParams: query }),
  showVault: (id: string): Call => ({ method: 'GET', url: '/v3/{project_id}/vaults/{vault_id}', pathParams: { vault_id: id } }),
  updateVault: (id: string, body: Body): Call => ({ method: 'PUT', url: '/v3/{project_id}/vaults/{vault_id}', pathParams: { vault_id: id }, data: body }),
  deleteVault: (id: string): Call => ({ method: 'DELETE', url: '/v3/{project_id}/vaults/{vault_id}', pathParams: { vault_id: id } }),
  addVaultResource: (id: string, body: Body): Call => ({ method: 'POST', url: '/v3/{project_id}/vaults/{vault_id}/addresources', pathParams: { vault_id: id }, data: body }),
  removeVaultResource: (id: string, body: Body): Call => ({ method: 'POST', url: '/v3/{project_id}/vaults/{vault_id}/removeresources', pathParams: { vault_id: id }, data: body }),
  associateVaultPolicy: (id: string, body: Body): Call => ({ method: 'POST', url: '/v3/{project_id}/vaults/{vault_id}/associatepolicy', pathParams: { vault_id: id }, data: body }),
  disassociateVaultPolicy: (id: string, body: Body): Call => ({ method: 'POST', url: '/v3/{project_id}/vaults/{vault_id}/dissociatepolicy', pathParams: { vault_id: id }, data: body }),
  createPolicy: (body: Body): Call => ({ method: 'POST', url: '/v3/{project_id}/policies', data: body }),
  listPolicies: (query: Query = {}): Call => ({ method: 'GET', url: '/v3/{project_id}/policies', queryParams: query }),
  showPolicy: (id: string): Call => ({ method: 'GET', url: '/v3/{project_id}/policies/{policy_id}', pathParams: { policy_id: id } }),
  updatePolicy: (id: string, body: Body): Call => ({ method: 'PUT', url: '/v3/{project_id}/policies/{policy_id}', pathParams: { policy_id: id }, data: body }),
  deletePolicy: (id: string): Call => ({ method: 'DELETE', url: '/v3/{project_id}/policies/{policy_id}', pathParams: { policy_id: id } }),
  createCheckpoint: (body: Body): Call => ({ method: 'POST', url: '/v3/{project_id}/checkpoints', data: body }),
  showCheckpoint: (id: string): Call => ({ method: 'GET', url: '/v3/{project_id}/checkpoints/{checkpoint_id}', pathParams: { checkpoint_id: id } }),
  listBackups: (query: Query = {}): Call => ({ method: 'GET', url: '/v3/{project_id}/backups', queryParams: query }),
  showBackup: (id: string): Call => ({ method: 'GET', url: '/v3/{project_id}/backups/{backup_id}', pathParams: { backup_id: id } }),
  updateBackup: (id: string, body: Body): Call => ({ method: 'PUT', url: '/v3/{project_id}/backups/{backup_id}', pathParams: { backup_id: id }, data: body }),
  deleteBackup: (id: string): Call => ({ method: 'DELETE', url: '/v3/{project_id}/backups/{backup_id}', pathParams: { backup_id: id } }),
  restoreBackup: (id: string, body: Body): Call => ({ method: 'POST', url: '/v3/{project_id}/backups/{backup_id}/restore', pathParams: { backup_id: id }, data: body }),
  listOpLogs: (query: Query = {}): Call => ({ method: 'GET', url: '/v3/{project_id}/operation-logs', queryParams: query }),
  showOpLog: (id: string): Call => ({ method: 'GET', url: '/v3/{project_id}/operation-logs/{operation_log_id}', pathParams: { operation_log_id: id } }),
  listProtectable: (type: string, query: Query = {}): Call => ({ method: 'GET', url: '/v3/{project_id}/protectables/{protectable_type}/instances', pathParams: { protectable_type: type }, queryParams: query }),
  showProtectable: (type: string, id: string): Call => ({ method: 'GET', url: '/v3/{project_id}/protectables/{protectable_type}/instances/{instance_id}', pathParams: { protectable_type: type, instance_id: id } }),
};

type Calls = typeof calls;
type Sender<R> = { [K in keyof Calls]: (...args: Parameters<Calls[K]>) => Promise<R> };

// The bodies are JSON the tests read freely, as a tester's code would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = SdkAnswer & Record<string, any>;

export interface Cbr extends Sender<Answer> {
  client: HcClient;
  projectId: string;
  refuse: Sender<SdkError & Error>;
}

/** A CBR client of project `projectId` on `base`. */
export function cbrClient(base: string, projectId: string): Cbr {
  const client = hcClient(base, 'cbr', { ...ANY_CREDENTIAL, projectId });
  const ok = {} as Record<string, unknown>;
  const refuse = {} as Record<string, unknown>;
  for (const [name, make] of Object.entries(calls)) {
    ok[name] = (...args: unknown[]) => send(client, (make as (...a: unknown[]) => Call)(...args));
    refuse[name] = (...args: unknown[]) => refusal(client, (make as (...a: unknown[]) => Call)(...args));
  }
  return { ...(ok as unknown as Sender<Answer>), client, projectId, refuse: refuse as unknown as Sender<SdkError & Error> };
}

/** A Running server of `projectId`, made through its session (the ECS routes are not CBR's). */
export async function runningServer(served: Served, projectId: string, o: { name?: string; systemDiskGB?: number; dataDisksGB?: number[] } = {}): Promise<{ id: string; systemDiskId: string; dataDiskIds: string[] }> {
  const session = served.projects.get(projectId).session;
  // Cloud-Init and optimised (I4), so that its backups can make images too.
  const server = await session.perform('createServer', [{
    name: o.name ?? 'web', os: 'linux', systemDiskGB: o.systemDiskGB ?? 40, initTool: true, optimized: true, ...(o.dataDisksGB ? { dataDisksGB: o.dataDisksGB } : {}),
  }]) as { id: string; systemDiskId: string; dataDiskIds: string[] };
  await session.perform('advance', ['2m']);
  return server;
}

/** The body of a server vault of `sizeGB` holding `serverIds` (rest-api.md §2.1). */
export function serverVault(name: string, serverIds: string[], o: { sizeGB?: number; policyId?: string; autoExpand?: boolean } = {}): Body {
  return {
    vault: {
      name,
      billing: { consistent_level: 'crash_consistent', object_type: 'server', protect_type: 'backup', size: o.sizeGB ?? 200, charging_mode: 'post_paid', cloud_type: 'public' },
      resources: serverIds.map((id) => ({ id, type: 'OS::Nova::Server' })),
      ...(o.policyId ? { backup_policy_id: o.policyId } : {}),
      ...(o.autoExpand !== undefined ? { auto_expand: o.autoExpand } : {}),
    },
  };
}

/** A daily policy at 02:00 UTC keeping `maxBackups` (rest-api.md §7.5 step 1). */
export function dailyPolicy(name: string, o: { maxBackups?: number; pattern?: string[] } = {}): Body {
  return {
    policy: {
      name, operation_type: 'backup', enabled: true,
      trigger: { properties: { pattern: o.pattern ?? ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=00'] } },
      operation_definition: { max_backups: o.maxBackups ?? 3, timezone: 'UTC+00:00' },
    },
  };
}
