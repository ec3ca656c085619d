/**
 * The operations the SDK's CbrClient defines that cbr-sim does not serve (answered 501, naming
 * them), with the paths of its ParamCreater (`SDK services/cbr/v1/CbrClient.ts`, the stored
 * version read for this table). Only paths read there are listed; operations of newer SDK
 * releases whose paths were not read (summary, storage usage, order changes…) are not guessed:
 * they answer the gateway's 404 like any other unknown path.
 */
import type { Unserved } from '../route.js';

const P = '/v3/{project_id}';

export const cbrUnserved: Unserved[] = [
  // Backup sharing between projects (each project here is a world of its own).
  { operation: 'addMember', method: 'POST', path: `${P}/backups/{backup_id}/members` },
  { operation: 'showMembersDetail', method: 'GET', path: `${P}/backups/{backup_id}/members` },
  { operation: 'showMemberDetail', method: 'GET', path: `${P}/backups/{backup_id}/members/{member_id}` },
  { operation: 'updateMemberStatus', method: 'PUT', path: `${P}/backups/{backup_id}/members/{member_id}` },
  { operation: 'deleteMember', method: 'DELETE', path: `${P}/backups/{backup_id}/members/{member_id}` },
  // Cross-region replication.
  { operation: 'copyBackup', method: 'POST', path: `${P}/backups/{backup_id}/replicate` },
  { operation: 'copyCheckpoint', method: 'POST', path: `${P}/checkpoints/replicate` },
  { operation: 'showReplicationCapabilities', method: 'GET', path: `${P}/replication-capabilities` },
  // Hybrid (VMware) backups synchronised: the inspector's syncBackups and syncVault do it.
  { operation: 'importBackup', method: 'POST', path: `${P}/backups/sync` },
  // Moving a resource with its backups to another vault.
  { operation: 'migrateVaultResource', method: 'POST', path: `${P}/vaults/{vault_id}/migrateresources` },
  // Vault tags.
  { operation: 'createVaultTags', method: 'POST', path: `${P}/vault/{vault_id}/tags` },
  { operation: 'showVaultTag', method: 'GET', path: `${P}/vault/{vault_id}/tags` },
  { operation: 'deleteVaultTag', method: 'DELETE', path: `${P}/vault/{vault_id}/tags/{key}` },
  { operation: 'batchCreateAndDeleteVaultTags', method: 'POST', path: `${P}/vault/{vault_id}/tags/action` },
  { operation: 'showVaultProjectTag', method: 'GET', path: `${P}/vault/tags` },
  { operation: 'showVaultResourceInstances', method: 'POST', path: `${P}/vault/resource_instances/action` },
  // The file-backup agent.
  { operation: 'listAgent', method: 'GET', path: `${P}/agents` },
  { operation: 'registerAgent', method: 'POST', path: `${P}/agents` },
  { operation: 'showAgent', method: 'GET', path: `${P}/agents/{agent_id}` },
  { operation: 'updateAgent', method: 'PUT', path: `${P}/agents/{agent_id}` },
  { operation: 'unregisterAgent', method: 'DELETE', path: `${P}/agents/{agent_id}` },
  { operation: 'addAgentPath', method: 'POST', path: `${P}/agents/{agent_id}/add-path` },
  { operation: 'removeAgentPath', method: 'POST', path: `${P}/agents/{agent_id}/remove-path` },
];
