/**
 * CBR's route table: one line per operation cbr-sim serves (method, path, schemas, handler), and
 * the operations the SDK defines beyond them (answered 501). The handlers are thin (vaults.ts,
 * policies.ts, checkpoints.ts, backups.ts, operation-logs.ts, protectables.ts): they read records
 * and run library verbs through the project's session, and render the service's bodies
 * (serialize.ts); refusals of the simulation are translated by translate.ts (rest-api.md §6).
 *
 * No version document (`GET /`, `GET /v3`) is served: neither the Node SDK nor any client of
 * rest-api.md §7 discovers CBR's versions (openstacksdk has no CBR; otcextensions takes its
 * endpoint from the catalog), so such a path answers the gateway's 404 like any unknown one.
 */
import type { Route, ServiceTable } from '../route.js';
import { addVaultResource, associateVaultPolicy, createVault, deleteVault, disassociateVaultPolicy, listVault, listVaultQuery, removeVaultResource, showVault, updateVault } from './vaults.js';
import { createPolicy, deletePolicy, listPolicies, listPoliciesQuery, showPolicy, updatePolicy } from './policies.js';
import { createCheckpoint, showCheckpoint } from './checkpoints.js';
import { deleteBackup, listBackups, listBackupsQuery, restoreBackup, showBackup, updateBackup } from './backups.js';
import { listOpLogs, listOpLogsQuery, showOpLog } from './operation-logs.js';
import { listProtectable, listProtectableQuery, showProtectable } from './protectables.js';
import {
  addResourcesBody, associatePolicyBody, createCheckpointBody, createPolicyBody, createVaultBody, dissociatePolicyBody, removeResourcesBody, restoreBody, updateBackupBody, updatePolicyBody, updateVaultBody,
} from './schemas.js';
import { cbrUnserved } from './unserved.js';
import { translateCbr } from './translate.js';

export const cbrRoutes: Route[] = [
  // Vaults (rest-api.md §2.1)
  { operation: 'createVault', method: 'POST', path: '/v3/{project_id}/vaults', body: createVaultBody, summary: 'createVault with its resources, then applyPolicy when backup_policy_id is given', handle: createVault },
  { operation: 'listVault', method: 'GET', path: '/v3/{project_id}/vaults', query: listVaultQuery, summary: "list('vault'), filtered and paged", handle: listVault },
  { operation: 'showVault', method: 'GET', path: '/v3/{project_id}/vaults/{vault_id}', summary: 'get(vault_id)', handle: showVault },
  { operation: 'updateVault', method: 'PUT', path: '/v3/{project_id}/vaults/{vault_id}', body: updateVaultBody, summary: 'updateVault (name, billing.size → capacityGB, auto_expand → autoExpand)', handle: updateVault },
  { operation: 'deleteVault', method: 'DELETE', path: '/v3/{project_id}/vaults/{vault_id}', summary: 'deleteVault: every backup in it too', handle: deleteVault },
  { operation: 'addVaultResource', method: 'POST', path: '/v3/{project_id}/vaults/{vault_id}/addresources', body: addResourcesBody, summary: 'addVaultResources', handle: addVaultResource },
  { operation: 'removeVaultResource', method: 'POST', path: '/v3/{project_id}/vaults/{vault_id}/removeresources', body: removeResourcesBody, summary: 'removeVaultResources (their backups stay, C3)', handle: removeVaultResource },
  { operation: 'associateVaultPolicy', method: 'POST', path: '/v3/{project_id}/vaults/{vault_id}/associatepolicy', body: associatePolicyBody, summary: 'applyPolicy', handle: associateVaultPolicy },
  { operation: 'disassociateVaultPolicy', method: 'POST', path: '/v3/{project_id}/vaults/{vault_id}/dissociatepolicy', body: dissociatePolicyBody, summary: 'dissociatePolicy', handle: disassociateVaultPolicy },
  // Policies (§2.2)
  { operation: 'createPolicy', method: 'POST', path: '/v3/{project_id}/policies', body: createPolicyBody, summary: 'createPolicy (pattern, retention rules)', handle: createPolicy },
  { operation: 'listPolicies', method: 'GET', path: '/v3/{project_id}/policies', query: listPoliciesQuery, summary: "list('policy') by vault", handle: listPolicies },
  { operation: 'showPolicy', method: 'GET', path: '/v3/{project_id}/policies/{policy_id}', summary: 'get(policy_id)', handle: showPolicy },
  { operation: 'updatePolicy', method: 'PUT', path: '/v3/{project_id}/policies/{policy_id}', body: updatePolicyBody, summary: 'updatePolicy (P7 for retention changes)', handle: updatePolicy },
  { operation: 'deletePolicy', method: 'DELETE', path: '/v3/{project_id}/policies/{policy_id}', summary: 'deletePolicy: dissociated from its vaults', handle: deletePolicy },
  // Restore points (§2.3)
  { operation: 'createCheckpoint', method: 'POST', path: '/v3/{project_id}/checkpoints', body: createCheckpointBody, summary: 'backupVault: a restore point of the resources given (default all)', handle: createCheckpoint },
  { operation: 'showCheckpoint', method: 'GET', path: '/v3/{project_id}/checkpoints/{checkpoint_id}', summary: 'get(checkpoint_id)', handle: showCheckpoint },
  // Backups (§2.4)
  { operation: 'listBackups', method: 'GET', path: '/v3/{project_id}/backups', query: listBackupsQuery, summary: "list('backup'), filtered, sorted and paged", handle: listBackups },
  { operation: 'showBackup', method: 'GET', path: '/v3/{project_id}/backups/{backup_id}', summary: 'get(backup_id), through the on-poll clock', handle: showBackup },
  { operation: 'updateBackup', method: 'PUT', path: '/v3/{project_id}/backups/{backup_id}', body: updateBackupBody, summary: 'updateBackup (name)', handle: updateBackup },
  { operation: 'deleteBackup', method: 'DELETE', path: '/v3/{project_id}/backups/{backup_id}', summary: 'deleteBackup (B5, I7, P5)', handle: deleteBackup },
  { operation: 'restoreBackup', method: 'POST', path: '/v3/{project_id}/backups/{backup_id}/restore', body: restoreBody, summary: 'restoreBackup (targetId, powerOn, mappings)', handle: restoreBackup },
  // Operation logs (§2.5)
  { operation: 'listOpLogs', method: 'GET', path: '/v3/{project_id}/operation-logs', query: listOpLogsQuery, summary: "list('task'), filtered and paged, newest first", handle: listOpLogs },
  { operation: 'showOpLog', method: 'GET', path: '/v3/{project_id}/operation-logs/{operation_log_id}', summary: 'get(task id), through the on-poll clock', handle: showOpLog },
  // Protectables (§2.5)
  { operation: 'listProtectable', method: 'GET', path: '/v3/{project_id}/protectables/{protectable_type}/instances', query: listProtectableQuery, summary: "list('server' | 'disk') with the vault holding each", handle: listProtectable },
  { operation: 'showProtectable', method: 'GET', path: '/v3/{project_id}/protectables/{protectable_type}/instances/{instance_id}', summary: 'get(instance_id) with the vault holding it', handle: showProtectable },
];

export { cbrUnserved };

export const cbrTable: ServiceTable = {
  service: 'cbr',
  routes: cbrRoutes,
  unserved: cbrUnserved,
  translate: translateCbr,
};
