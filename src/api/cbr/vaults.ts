/**
 * CBR vaults (rest-api.md §2.1): create (with its resources and, given `backup_policy_id`, its
 * policy), list, show, update (name, capacity, auto-expansion), delete, add and remove resources,
 * apply and dissociate a policy: `createVault`, `updateVault`, `addVaultResources`,
 * `removeVaultResources`, `deleteVault`, `applyPolicy`, `dissociatePolicy`.
 */
import { ApiError } from '../errors.js';
import type { ApiRequest } from '../route.js';
import type { VaultRecord } from '../../sim/records.js';
import { INVALID, findRecord, many, one, page, querySchema, recordOf } from './common.js';
import { BackupIndex } from './resources.js';
import { vaultBody } from './serialize.js';

interface ResourceCreate { id: string; type: string; name?: string; extra_info?: { exclude_volumes?: string[]; include_volumes?: unknown[] } }

const TYPE_OF_KIND = { server: 'OS::Nova::Server', disk: 'OS::Cinder::Volume', vmware: 'OS::VMware::Server' } as const;

/** A 501 for what the service documents and cbr-sim does not model. */
function notModelled(what: string): ApiError {
  return new ApiError(501, 'Sim.NotImplemented', `cbr-sim does not model ${what}; GET /api/coverage lists what it serves.`);
}

/**
 * The resources of a create or addresources, as ids: each one's `type` must be the vault's kind
 * (`OS::Nova::Server` in a server vault…), and per-resource disk exclusions are not modelled.
 */
function resourceIds(resources: readonly ResourceCreate[], kind: 'server' | 'disk' | 'vmware', field: string): string[] {
  resources.forEach((r, i) => {
    if (r.type !== TYPE_OF_KIND[kind]) {
      throw new ApiError(400, INVALID, `The body is not valid: ${field}.${i}.type is ${JSON.stringify(r.type)}, and a ${kind} vault holds ${TYPE_OF_KIND[kind]} resources only.`);
    }
    if ((r.extra_info?.exclude_volumes?.length ?? 0) > 0 || (r.extra_info?.include_volumes?.length ?? 0) > 0) {
      throw notModelled(`disks excluded or included per resource in a vault (${field}.${i}.extra_info); back the server up with excludeDiskIds through the inspector instead`);
    }
  });
  return resources.map((r) => r.id);
}

function vaultKind(billing: { object_type: string; protect_type: string }): 'server' | 'disk' | 'vmware' {
  if (billing.protect_type === 'replication') throw notModelled('replication vaults (billing.protect_type "replication"): cross-region replication is not simulated');
  const kind = billing.object_type;
  if (kind !== 'server' && kind !== 'disk' && kind !== 'vmware') throw notModelled(`vaults of billing.object_type ${JSON.stringify(kind)}: cbr-sim has servers, disks and (hybrid) VMware VMs`);
  if ((kind === 'vmware') !== (billing.protect_type === 'hybrid')) {
    throw new ApiError(400, INVALID, `The body is not valid: billing.protect_type "${billing.protect_type}" does not go with billing.object_type "${kind}"; a VMware vault is "hybrid", a server or disk vault "backup".`);
  }
  return kind;
}

export async function createVault(req: ApiRequest) {
  const v = (req.body as { vault: { name: string; billing: { object_type: string; protect_type: string; size: number }; resources: ResourceCreate[]; backup_policy_id?: string; auto_expand?: boolean } }).vault;
  const kind = vaultKind(v.billing);
  const ids = resourceIds(v.resources, kind, 'vault.resources');
  // Decided before the vault is made, so that a refused policy leaves nothing behind.
  if (v.backup_policy_id !== undefined) {
    recordOf(req, 'policy', v.backup_policy_id);
    if (kind === 'vmware') throw new ApiError(400, 'BackupService.6136', `A hybrid vault takes no backup policy (V4): create the vault without backup_policy_id; eBackup schedules the VMware backups on premises.`);
  }
  const vault = await req.perform('createVault', { name: v.name, kind, resourceIds: ids, capacityGB: v.billing.size, autoExpand: v.auto_expand ?? false }) as VaultRecord;
  if (v.backup_policy_id !== undefined) await req.perform('applyPolicy', v.backup_policy_id, vault.id);
  return { status: 200, body: { vault: vaultBody(req, recordOf(req, 'vault', vault.id)) } };
}

const LIST_KEYS = ['limit', 'offset', 'name', 'object_type', 'protect_type', 'cloud_type', 'id', 'policy_id', 'status', 'resource_ids', 'enterprise_project_id'];

export function listVault(req: ApiRequest) {
  const name = one(req, 'name');
  const ids = many(req, 'id');
  const resourceIdsFilter = many(req, 'resource_ids');
  const equal: [string, (v: VaultRecord) => string][] = [
    ['object_type', (v) => v.objectType], ['protect_type', (v) => v.protectType], ['cloud_type', (v) => v.cloudType],
    ['policy_id', (v) => v.policyId ?? ''], ['status', (v) => v.status],
  ];
  const vaults = req.project.session.simulation.list('vault').filter((v) =>
    (name === undefined || v.name.includes(name)) &&
    (ids === undefined || ids.includes(v.id)) &&
    (resourceIdsFilter === undefined || resourceIdsFilter.some((id) => v.resourceIds.includes(id))) &&
    equal.every(([key, of]) => one(req, key) === undefined || of(v) === one(req, key)));
  const p = page(req, vaults);
  const index = BackupIndex.of(req);
  return { status: 200, body: { vaults: p.items.map((v) => vaultBody(req, v, index)), count: p.count, limit: p.limit, offset: p.offset } };
}

export async function showVault(req: ApiRequest) {
  const vault = await req.poll(() => recordOf(req, 'vault', req.params.vault_id!), (v) => [v]);
  return { status: 200, body: { vault: vaultBody(req, vault) } };
}

export async function updateVault(req: ApiRequest) {
  const vault = recordOf(req, 'vault', req.params.vault_id!);
  const v = (req.body as { vault: { name?: string; billing?: { size?: number }; auto_expand?: boolean } }).vault;
  const changes: { name?: string; capacityGB?: number; autoExpand?: boolean } = {};
  if (v.name !== undefined && v.name !== vault.name) changes.name = v.name;
  // The same size again changes nothing; a smaller one is refused by the library (a vault only grows).
  if (v.billing?.size !== undefined && v.billing.size !== vault.capacityGB) changes.capacityGB = v.billing.size;
  if (v.auto_expand !== undefined && v.auto_expand !== vault.autoExpand) changes.autoExpand = v.auto_expand;
  // auto_bind, bind_rules, smn_notify, threshold, locked: accepted, not modelled.
  if (Object.keys(changes).length > 0) await req.perform('updateVault', vault.id, changes);
  return { status: 200, body: { vault: vaultBody(req, recordOf(req, 'vault', vault.id)) } };
}

export async function deleteVault(req: ApiRequest) {
  const vault = recordOf(req, 'vault', req.params.vault_id!);
  await req.perform('deleteVault', vault.id);
  return { status: 204 };
}

export async function addVaultResource(req: ApiRequest) {
  const vault = recordOf(req, 'vault', req.params.vault_id!);
  const ids = resourceIds((req.body as { resources: ResourceCreate[] }).resources, vault.resourceKind, 'resources');
  await req.perform('addVaultResources', vault.id, ids);
  return { status: 200, body: { add_resource_ids: ids } };
}

export async function removeVaultResource(req: ApiRequest) {
  const vault = recordOf(req, 'vault', req.params.vault_id!);
  const ids = (req.body as { resource_ids: string[] }).resource_ids;
  await req.perform('removeVaultResources', vault.id, ids);
  return { status: 200, body: { remove_resource_ids: ids } };
}

export async function associateVaultPolicy(req: ApiRequest) {
  const vault = recordOf(req, 'vault', req.params.vault_id!);
  const policyId = (req.body as { policy_id: string }).policy_id;
  recordOf(req, 'policy', policyId);
  // The same policy again is what the vault already has: nothing to do.
  if (vault.policyId !== policyId) await req.perform('applyPolicy', policyId, vault.id);
  return { status: 200, body: { associate_policy: { vault_id: vault.id, policy_id: policyId } } };
}

export async function disassociateVaultPolicy(req: ApiRequest) {
  const vault = recordOf(req, 'vault', req.params.vault_id!);
  const policyId = (req.body as { policy_id: string }).policy_id;
  if (vault.policyId !== policyId) {
    const has = vault.policyId ? `it has policy ${vault.policyId}` : 'it has none';
    const known = findRecord(req, policyId)?.kind === 'policy';
    throw new ApiError(404, 'BackupService.6002', `Vault ${vault.id} has no policy ${JSON.stringify(policyId.slice(0, 80))} applied (${has})${known ? '' : '; no policy has that id'}; GET /v3/{project_id}/vaults/${vault.id} shows it.`);
  }
  await req.perform('dissociatePolicy', vault.id);
  return { status: 200, body: { dissociate_policy: { vault_id: vault.id, policy_id: policyId } } };
}

export const listVaultQuery = querySchema(LIST_KEYS, ['id', 'resource_ids']);
