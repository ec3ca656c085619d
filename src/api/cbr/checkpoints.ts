/**
 * CBR restore points (rest-api.md §2.3, S1): "back up now" is `backupVault`, which answers the
 * restore point at once (`status: "protecting"`), its backups and the resources it skipped;
 * `BackupService.0001` when none of them can be backed up. A restore point is shown by id (6217).
 */
import type { ApiRequest } from '../route.js';
import type { BackupRecord, CheckpointRecord } from '../../sim/records.js';
import { findRecord, recordOf } from './common.js';
import { checkpointBody } from './serialize.js';

interface CheckpointIn {
  vault_id: string;
  parameters?: { name?: string; description?: string; resources?: string[]; resource_details?: { id: string }[] };
}

export async function createCheckpoint(req: ApiRequest) {
  const c = (req.body as { checkpoint: CheckpointIn }).checkpoint;
  const vault = recordOf(req, 'vault', c.vault_id);
  const p = c.parameters ?? {};
  // `resources` (ids) and `resource_details` ({id, type…}) both name resources; neither: all of the vault's.
  const named = [...(p.resources ?? []), ...(p.resource_details ?? []).map((r) => r.id)];
  const resourceIds = named.length > 0 ? [...new Set(named)] : undefined;
  // incremental, auto_trigger, policy_id: accepted, not modelled (a backup here is a manual one).
  const cp = await req.perform('backupVault', vault.id, {
    ...(resourceIds ? { resourceIds } : {}),
    ...(p.name === undefined ? {} : { name: p.name }),
    ...(p.description === undefined ? {} : { description: p.description }),
  }) as CheckpointRecord;
  return { status: 200, body: { checkpoint: checkpointBody(req, cp) } };
}

export async function showCheckpoint(req: ApiRequest) {
  const read = () => {
    const cp = recordOf(req, 'checkpoint', req.params.checkpoint_id!);
    const backups = cp.backupIds.map((id) => findRecord(req, id)).filter((b): b is BackupRecord => b?.kind === 'backup');
    return { cp, backups };
  };
  // Its backups are what is transitional: a poll of a protecting restore point moves the clock.
  const { cp } = await req.poll(read, (v) => v.backups);
  return { status: 200, body: { checkpoint: checkpointBody(req, cp) } };
}
