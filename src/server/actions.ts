/**
 * The per-row actions of the console view, each with whether it is allowed now and, if not, the
 * refusal exactly as the API would return it. Found by a dry run of the command on the world itself
 * (`Simulation.preview`): it asks the same charts and makes the same checks, and stops before the
 * first change, so the answer comes from the charts themselves and nothing changes.
 */
import type { Simulation } from '../sim/simulation.js';
import type { BackupRecord, SimRecord, VaultRecord, VmRecord } from '../sim/records.js';

/**
 * One input of an action's form: what the page asks before it runs the action (the args are
 * previewed with `value`, the form's default). Its value goes into `args[arg]`, at `key` when
 * that argument is an options object; `list` wraps it in an array (an id list of one).
 */
export interface FormField {
  label: string;
  arg: number;
  key?: string;
  input: 'text' | 'select' | 'numbers';
  value: string | number[];
  options?: { value: string; label: string }[];
  list?: boolean;
}

export interface RowAction {
  label: string;
  verb: string;
  args: unknown[];
  allowed: boolean;
  refusal?: { code: string; message: string; details: Record<string, unknown> };
  /** Asked before it runs (a VM's name and disks, a restore's target): the args are its defaults. */
  form?: FormField[];
}

type Candidate = Omit<RowAction, 'allowed' | 'refusal'>;

const OS_OPTIONS = [{ value: 'linux', label: 'Linux' }, { value: 'windows', label: 'Windows' }];

/** A site's or hybrid vault's "Add VM": createVm, asked for its name, OS and disks. */
function addVm(sim: Simulation, siteId: string, siteName: string): Candidate {
  const n = sim.list('vm', { includeDeleted: true }).length + 1;
  const name = `${siteName}-vm${n}`;
  return {
    label: 'Add VM', verb: 'createVm', args: [siteId, { name, os: 'linux', disksGB: [40] }],
    form: [
      { label: 'Name', arg: 1, key: 'name', input: 'text', value: name },
      { label: 'OS', arg: 1, key: 'os', input: 'select', value: 'linux', options: OS_OPTIONS },
      { label: 'Disks (GB, system disk first)', arg: 1, key: 'disksGB', input: 'numbers', value: [40] },
    ],
  };
}

/**
 * V1: a hybrid vault takes the VMs of the sites; the first one in no vault is proposed (else the
 * first VM, whose refusal says where it is). None without a VM.
 */
function addVmToVault(sim: Simulation, vault: VaultRecord): Candidate[] {
  const all = sim.list('vm') as VmRecord[];
  const free = all.filter((v) => v.vaultId === null);
  const vms = free.length ? free : all;
  const first = vms[0]?.id;
  if (first === undefined) return [];
  return [{
    label: 'Add VM', verb: 'addVaultResources', args: [vault.id, [first]],
    form: [{ label: 'VM', arg: 1, input: 'select', list: true, value: first, options: vms.map((v) => ({ value: v.id, label: `${v.name} (${v.id})` })) }],
  }];
}

/** V3: a VMware backup is restored onto an ECS only: the first live server is proposed. */
function restoreOntoEcs(sim: Simulation, backup: BackupRecord): Candidate {
  const servers = sim.list('server');
  const first = servers[0]?.id;
  return {
    label: 'Restore', verb: 'restoreBackup', args: first === undefined ? [backup.id] : [backup.id, { targetId: first }],
    ...(first === undefined ? {} : { form: [{ label: 'Target ECS', arg: 1, key: 'targetId', input: 'select' as const, value: first, options: servers.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` })) }] }),
  };
}

function candidates(sim: Simulation, r: SimRecord): Candidate[] {
  const a = (label: string, verb: string, ...args: unknown[]): Candidate => ({ label, verb, args });
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
      // V4: a VMware backup only restores onto an ECS; the rest is offered, refused with its reason.
      if (r.resourceKind === 'vmware') {
        return [
          restoreOntoEcs(sim, r), a('Create Image', 'createImageFromBackup', r.id, { name: `${r.name}-image` }),
          a('Share', 'shareBackup', r.id, { projectIds: ['0123456789abcdef0123456789abcdef'] }), a('Export', 'exportBackup', r.id),
          a('Create Disk', 'createDiskFromBackup', r.id, { name: `${r.name}-disk` }), a('Delete', 'deleteBackup', r.id),
        ];
      }
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
      if (r.resourceKind === 'vmware') return [a('Synchronize vault', 'syncVault', r.id), ...addVmToVault(sim, r), a('Delete', 'deleteVault', r.id)];
      // S1: one restore point of every resource of the vault that can be backed up now.
      return [a('Back Up Now', 'backupVault', r.id), a('Dissociate policy', 'dissociatePolicy', r.id), a('Delete', 'deleteVault', r.id)];
    case 'policy':
      return [a(r.enabled ? 'Disable' : 'Enable', 'updatePolicy', r.id, { enabled: !r.enabled }), a('Delete', 'deletePolicy', r.id)];
    case 'site':
      return [a('Install eBackup', 'installEbackup', r.id), addVm(sim, r.id, r.name)];
    case 'vm':
      return [a('Back Up', 'backupVmOnPrem', r.id), a('Delete', 'deleteVm', r.id)];
    case 'localCopy': {
      // Synchronised into the hybrid vault of its VM (the API's rule). Its VM in none: into the first
      // hybrid vault, whose refusal says to add the VM to it first.
      const vm = sim.world.find(r.vmId);
      const vaults = sim.list('vault') as VaultRecord[];
      const vaultId = (vm?.kind === 'vm' ? vm.vaultId : null) ?? (vaults.find((v) => v.resourceKind === 'vmware') ?? vaults[0])?.id ?? '';
      return [a('Synchronize', 'syncBackups', vaultId, { copyIds: [r.id] }), a('Expire', 'expireLocalCopy', r.id)];
    }
    // Jobs, tasks and restore points are only read (a restore point's backups have their own actions).
    default:
      return [];
  }
}

export function rowActions(sim: Simulation, record: SimRecord): RowAction[] {
  if (record.status === 'deleted' || record.status === 'DELETED' || (record.kind === 'localCopy' && record.status === 'expired')) return [];
  return candidates(sim, record).map((c) => {
    const verdict = sim.preview(c.verb, c.args);
    return verdict.allowed ? { ...c, allowed: true } : { ...c, allowed: false, refusal: verdict.refusal };
  });
}
