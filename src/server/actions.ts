/**
 * The per-row actions of the console view, each with whether it is allowed now and, if not, the
 * refusal exactly as the API would return it. Found by a dry run of the command on the world itself
 * (`Simulation.preview`): it asks the same charts and makes the same checks, and stops before the
 * first change, so the answer comes from the charts themselves and nothing changes.
 */
import type { Simulation } from '../sim/simulation.js';
import type { SimRecord } from '../sim/records.js';

export interface RowAction {
  label: string;
  verb: string;
  args: unknown[];
  allowed: boolean;
  refusal?: { code: string; message: string; details: Record<string, unknown> };
}

function candidates(r: SimRecord): Omit<RowAction, 'allowed' | 'refusal'>[] {
  const a = (label: string, verb: string, ...args: unknown[]) => ({ label, verb, args });
  switch (r.kind) {
    case 'server':
      return [
        a('Back up', 'backupServer', r.id), a('Create system-disk image', 'createImageFromServer', r.id, { name: `${r.name}-image`, kind: 'system-disk' }),
        a('Create full-ECS image', 'createImageFromServer', r.id, { name: `${r.name}-full`, kind: 'full-ecs' }),
        a('Stop', 'stopServer', r.id), a('Start', 'startServer', r.id), a('Delete', 'deleteServer', r.id),
        ...(r.initTool && r.optimized ? [] : [a(r.os === 'windows' ? 'Install Cloudbase-Init and optimise' : 'Install Cloud-Init and optimise', 'updateServer', r.id, { initTool: true, optimized: true })]),
      ];
    case 'disk':
      return [a('Back up', 'backupDisk', r.id), a('Create data-disk image', 'createImageFromDisk', r.id, { name: `${r.name}-image` }), a('Detach', 'detachDisk', r.id), a('Delete', 'deleteDisk', r.id)];
    case 'backup':
      return [
        a('Create Image', 'createImageFromBackup', r.id, { name: `${r.name}-image` }), a('Restore', 'restoreBackup', r.id),
        a('Create Disk', 'createDiskFromBackup', r.id, { name: `${r.name}-disk` }), a('Delete', 'deleteBackup', r.id),
      ];
    case 'image':
      return [
        a('Provision 3 servers', 'provisionServers', r.id, { count: 3 }), a('Create Disk', 'createDiskFromImage', r.id, { name: `${r.name}-disk` }),
        a('Export', 'exportImage', r.id), a('Delete', 'deleteImage', r.id), a('Delete with its backup', 'deleteImage', r.id, { deleteBackup: true }),
      ];
    case 'vault':
      // S1: one restore point of every resource of the vault that can be backed up now.
      return [a('Back Up Now', 'backupVault', r.id), a('Dissociate policy', 'dissociatePolicy', r.id), a('Delete', 'deleteVault', r.id)];
    case 'policy':
      return [a(r.enabled ? 'Disable' : 'Enable', 'updatePolicy', r.id, { enabled: !r.enabled }), a('Delete', 'deletePolicy', r.id)];
    // Jobs, tasks and restore points are only read (a restore point's backups have their own actions).
    default:
      return [];
  }
}

export function rowActions(sim: Simulation, record: SimRecord): RowAction[] {
  if (record.status === 'deleted' || record.status === 'DELETED') return [];
  return candidates(record).map((c) => {
    const verdict = sim.preview(c.verb, c.args);
    return verdict.allowed ? { ...c, allowed: true } : { ...c, allowed: false, refusal: verdict.refusal };
  });
}
