/**
 * C10: on-premises VMware backups. Sites and their VMs, eBackup's local copies, and the
 * synchronisation that registers uploaded copies in a hybrid vault as CBR backups (V1), born
 * Available (V2). Restoring them onto an ECS is the ordinary restore (`backups.ts`, V3); what they
 * cannot do (V4) the backup and vault charts refuse.
 */
import type { VmDisk } from '../../../machines/vm.machine.js';
import type { VaultEmitted, VaultSync } from '../../../machines/vault.machine.js';
import type { EntryOf, World } from '../world.js';
import { childId, type LocalCopyRecord, type SiteRecord, type TaskRecord, type VmRecord } from '../records.js';
import { SimulationError, invalidArgument } from '../errors.js';
import { backupTiming, localCopyTiming, syncMs } from '../timings.js';
import { DEFAULT_AZ, bool, integerList, oneOf, options, stringList, text } from '../validate.js';

const DEFAULT_VSPHERE = '7.0';
/** `POST /v3/{project_id}/backups/sync` takes 1 to 50 copies (c10-vmware.md §3.1). */
export const MAX_SYNC_COPIES = 50;

export function createSite(w: World, o: unknown): SiteRecord {
  const verb = 'createSite';
  const opts = options(verb, o, ['name', 'ebackup']);
  const name = text(verb, 'name', opts.name);
  const ebackup = bool(verb, 'ebackup', opts.ebackup, false);
  const id = w.newId('site');
  const site = w.spawn('site', id, { id, name, createdAt: w.now(), ebackup });
  return w.record(site) as SiteRecord;
}

/** Installs eBackup on a site (from the image template the CBR console offers). */
export function installEbackup(w: World, siteId: unknown): SiteRecord {
  const site = w.lookup(siteId, 'site');
  w.ask(site, { type: 'INSTALL_EBACKUP' }, 'installEbackup');
  w.send(site, { type: 'INSTALL_EBACKUP' });
  return w.record(site) as SiteRecord;
}

export function createVm(w: World, siteId: unknown, o: unknown): VmRecord {
  const verb = 'createVm';
  const site = w.lookup(siteId, 'site');
  const opts = options(verb, o, ['name', 'os', 'disksGB', 'vsphereVersion']);
  const name = text(verb, 'name', opts.name);
  const os = oneOf(verb, 'os', opts.os, ['linux', 'windows'] as const);
  const disksGB = integerList(verb, 'disksGB', opts.disksGB, 1, 65_536, 60);
  if (disksGB.length === 0) throw invalidArgument(`${verb}: disksGB must list the VM's disk sizes in GB, its system disk first, for example [40, 100]`);
  const vsphereVersion = text(verb, 'vsphereVersion', opts.vsphereVersion, DEFAULT_VSPHERE);
  const id = w.newId('vm');
  const disks: VmDisk[] = disksGB.map((sizeGB, i) => ({ id: `${id}-${i + 1}`, sizeGB, systemDisk: i === 0 }));
  const vm = w.spawn('vm', id, {
    id, name, createdAt: w.now(), siteId: site.id, os, disks, vsphereVersion, vsphereSupported: w.vsphereVersions.includes(vsphereVersion),
  });
  w.send(site, { type: 'VM_ADDED', vmId: id });
  return w.record(vm) as VmRecord;
}

/** C3: deleting a VM on premises leaves its local copies and the backups synchronised from them. */
export function deleteVm(w: World, vmId: unknown): void {
  const vm = w.lookup(vmId, 'vm');
  w.ask(vm, { type: 'DELETE' }, 'deleteVm');
  w.send(vm, { type: 'DELETE' });
}

/** V1: eBackup backs a VM up on premises into a local copy, which it then uploads to the vault's bucket. */
export function backupVmOnPrem(w: World, vmId: unknown, o?: unknown): LocalCopyRecord {
  const verb = 'backupVmOnPrem';
  const vm = w.lookup(vmId, 'vm');
  const opts = options(verb, o, ['name']);
  const c = w.snapshotOf(vm).context;
  const site = w.lookup(c.siteId, 'site');
  w.ask(site, { type: 'BACKUP_VM' }, verb);
  w.ask(vm, { type: 'BACKUP_START' }, verb, { supportedVersions: w.vsphereVersions });
  const id = w.newId('copy');
  const name = opts.name === undefined ? `${c.name}_ebk_${id.slice(-4)}` : text(verb, 'name', opts.name);
  const sizeGB = c.disks.reduce((n, d) => n + d.sizeGB, 0);
  const copy = w.spawn('localCopy', id, {
    id, name, createdAt: w.now(), vmId: vm.id, siteId: site.id, os: c.os, disks: c.disks.map((d) => ({ ...d })), sizeGB,
    timing: localCopyTiming(w.timings, sizeGB),
  });
  w.send(vm, { type: 'BACKUP_START' });
  return w.record(copy) as LocalCopyRecord;
}

/** eBackup's own retention: the copy expires on premises; `syncVault` then deletes its backup. */
export function expireLocalCopy(w: World, copyId: unknown): void {
  const copy = w.lookup(copyId, 'localCopy', 'copyId');
  w.ask(copy, { type: 'EXPIRE' }, 'expireLocalCopy');
  w.send(copy, { type: 'EXPIRE' });
}

type Copy = EntryOf['localCopy'];

/** What a copy would give a sync: nothing (it can be registered), or the import failure it counts. */
function importProblem(w: World, verb: string, copy: Copy): { code: string; message: string } | null {
  try {
    w.ask(copy, { type: 'SYNC' }, verb);
    return null;
  } catch (error) {
    if (error instanceof SimulationError && error.code === 'BackupService.1006') return { code: error.code, message: error.message };
    throw error;
  }
}

/**
 * Starts a sync of `copies` into `vault` (V1): its task, running for `syncRun`; the copies that
 * cannot be imported now are counted as errors at once, the others registered when it ends.
 */
function startSync(w: World, vault: EntryOf['vault'], copies: Copy[], wholeVault: boolean, problems: Map<string, { code: string; message: string }>): TaskRecord {
  const failed: VaultSync['failed'] = [];
  const ok: string[] = [];
  for (const copy of copies) {
    const problem = problems.get(copy.id);
    if (problem) failed.push({ copyId: copy.id, ...problem });
    else if (w.takeFailure('sync')) {
      failed.push({ copyId: copy.id, code: 'BackupService.1006', message: `Local copy ${copy.id} could not be imported (failure injection, failNext('sync')); sync it again.` });
    } else ok.push(copy.id);
  }
  const ms = syncMs(w.timings, copies.length);
  const vc = w.snapshotOf(vault).context;
  const only = copies.length === 1 ? w.snapshotOf(copies[0]!).context : null;
  const task = w.tasks.start({
    operationType: 'sync', vaultId: vault.id, vaultName: vc.name,
    resourceId: only?.vmId ?? null, resourceName: only ? w.nameOf(only.vmId) : null, resourceType: only ? 'OS::VMware::Server' : null,
  }, vault.id, ms);
  task.sync!.errSyncBackupNum = failed.length;
  w.send(vault, { type: 'SYNC_START', sync: { taskId: task.id, copyIds: ok, wholeVault, ms, failed } });
  return w.tasks.record(task);
}

/** The vault a copy's VM is in must be `vault` (the API: "associated with the vault"). */
function copyOfVault(w: World, verb: string, vault: EntryOf['vault'], copy: Copy): void {
  const { vmId } = w.snapshotOf(copy).context;
  const vm = w.entries.get(vmId);
  const vaultOfVm = vm?.kind === 'vm' ? w.snapshotOf(vm).context.vaultId : null;
  if (vaultOfVm === vault.id) return;
  const where = !vm ? `was deleted` : vaultOfVm === null ? 'is in no vault' : `is in vault ${vaultOfVm}`;
  throw invalidArgument(
    `${verb}: local copy ${copy.id} is of VM ${vmId}, which ${where}; a copy is synchronised into the hybrid vault of its VM: addVaultResources(${JSON.stringify(vault.id)}, [${JSON.stringify(vmId)}]) first`,
    { id: copy.id, vmId },
  );
}

/**
 * V1 (`POST /v3/{project_id}/backups/sync`): synchronises the given local copies (1 to 50) into
 * the hybrid vault of their VMs. Returns the sync task, running; a copy not uploaded yet (or a
 * `failNext('sync')`) is counted as an error (`BackupService.1006`) and the rest goes on.
 */
export function syncBackups(w: World, vaultId: unknown, o: unknown): TaskRecord {
  const verb = 'syncBackups';
  const vault = w.lookup(vaultId, 'vault');
  const opts = options(verb, o, ['copyIds']);
  const ids = stringList(verb, 'copyIds', opts.copyIds);
  if (ids.length === 0 || ids.length > MAX_SYNC_COPIES) {
    throw invalidArgument(`${verb}: copyIds must list 1 to ${MAX_SYNC_COPIES} local copy ids (one request synchronises at most ${MAX_SYNC_COPIES}); got ${ids.length}`);
  }
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw invalidArgument(`${verb}: copyIds names ${twice} twice`);
  w.ask(vault, { type: 'SYNC_START', sync: { taskId: '(new)', copyIds: [], wholeVault: false, ms: 0, failed: [] } }, verb);
  const copies = ids.map((id) => w.lookup(id, 'localCopy', 'copyIds'));
  const problems = new Map<string, { code: string; message: string }>();
  for (const copy of copies) {
    copyOfVault(w, verb, vault, copy);
    const problem = importProblem(w, verb, copy);
    if (problem) problems.set(copy.id, problem);
  }
  return startSync(w, vault, copies, false, problems);
}

/**
 * V1 (`POST /v3/{project_id}/checkpoints/sync`): synchronises a whole hybrid vault: every uploaded
 * copy of its VMs not synchronised yet is registered, and every backup whose copy expired on
 * premises is deleted, when the sync task ends.
 */
export function syncVault(w: World, vaultId: unknown): TaskRecord {
  const verb = 'syncVault';
  const vault = w.lookup(vaultId, 'vault');
  w.ask(vault, { type: 'SYNC_START', sync: { taskId: '(new)', copyIds: [], wholeVault: true, ms: 0, failed: [] } }, verb);
  const members = new Set(w.snapshotOf(vault).context.resourceIds);
  const copies: Copy[] = [];
  for (const e of w.entries.values()) {
    if (e.kind !== 'localCopy' || !members.has(e.actor.getSnapshot().context.vmId)) continue;
    // What is in the bucket: copies still on premises are not the sync's business yet.
    if (e.actor.getSnapshot().matches('uploaded') && e.actor.getSnapshot().context.backupId === null) copies.push(e);
  }
  return startSync(w, vault, copies, true, new Map());
}

/** V1, V2: a sync ended: its copies become backups, Available at once; a whole-vault sync reconciles deletions. */
export function syncEnded(w: World, event: VaultEmitted): void {
  const vault = w.entries.get(event.vaultId) as EntryOf['vault'] | undefined;
  if (!vault) return;
  const { sync } = event;
  const failed = [...sync.failed];
  const made: string[] = [];
  // The vault is still taking the event that ended the sync: the reservations sent it now are
  // queued, so each is asked with all the ones before it.
  let reservedGB = 0;
  const draft = { id: null as string | null };
  for (const copyId of sync.copyIds) {
    const copy = w.entries.get(copyId) as Copy | undefined;
    if (!copy) {
      failed.push({ copyId, code: 'BackupService.1006', message: `Local copy ${copyId} expired on premises before it was imported.` });
      continue;
    }
    const c = w.snapshotOf(copy).context;
    const problem = importProblem(w, 'syncBackups', copy);
    if (problem) {
      failed.push({ copyId, ...problem });
      continue;
    }
    try {
      w.ask(vault, { type: 'RESERVE', gb: reservedGB + c.sizeGB }, 'syncBackups', { gb: c.sizeGB });
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      failed.push({ copyId, code: error.code, message: error.message });
      continue;
    }
    reservedGB += c.sizeGB;
    made.push(registerCopy(w, vault, copy, draft));
  }
  if (made.length > 0) {
    w.checkpoints.create({
      id: draft.id!, name: `sync_${draft.id!.slice(-4)}`, description: null, vaultId: vault.id, backupIds: made, skipped: [],
      createdAt: w.now(), autoTrigger: false, policyId: null,
    }, 'usable');
  }
  const deleted = sync.wholeVault ? deleteExpired(w, vault) : 0;
  const task = w.tasks.runningTask('sync', vault.id);
  if (!task) return;
  task.sync = { syncBackupNum: made.length, deleteBackupNum: deleted, errSyncBackupNum: failed.length };
  const errorInfo = failed.length === 0 ? null : {
    code: failed[0]!.code,
    message: `${failed.length} of ${failed.length + made.length} local copies could not be synchronised: ${failed.map((f) => `${f.copyId} (${f.code}: ${f.message})`).join(' ')}`,
  };
  w.tasks.end('sync', vault.id, made.length === 0 && deleted === 0 && failed.length > 0 ? 'FAIL' : 'SUCCEED', errorInfo);
}

/** V2: one local copy becomes a VMware backup, Available at once, with one child per VMware disk (R1). */
function registerCopy(w: World, vault: EntryOf['vault'], copy: Copy, draft: { id: string | null }): string {
  const c = w.snapshotOf(copy).context;
  const id = w.newId('bk');
  draft.id ??= `cp-${id.slice(3)}`;
  const system = c.disks.find((d) => d.systemDisk);
  w.spawn('backup', id, {
    id, name: c.name, createdAt: w.now(), resourceId: c.vmId, resourceKind: 'vmware', vaultId: vault.id, az: DEFAULT_AZ, sizeGB: c.sizeGB,
    containsSystemDisk: system !== undefined, autoTrigger: false, previousBackupId: null,
    server: { os: c.os, initTool: false, optimized: false, systemDiskGB: system?.sizeGB ?? null, dataDisksGB: c.disks.filter((d) => !d.systemDisk).map((d) => d.sizeGB) },
    timing: backupTiming(w.timings, c.sizeGB), willFail: false,
    children: c.disks.map((d, i) => ({ id: childId(id, i), diskId: d.id, sizeGB: d.sizeGB, systemDisk: d.systemDisk })),
    systemDisk: false, checkpointId: draft.id, copyId: copy.id,
  });
  w.send(copy, { type: 'SYNCED', backupId: id });
  w.send(vault, { type: 'RESERVE', gb: c.sizeGB });
  const list = w.backupsByResource.get(c.vmId);
  if (list) list.push(id);
  else w.backupsByResource.set(c.vmId, [id]);
  return id;
}

/** `syncVault`: the backups of this vault whose local copy expired on premises are deleted (their own task each). */
function deleteExpired(w: World, vault: EntryOf['vault']): number {
  let deleted = 0;
  for (const e of [...w.entries.values()]) {
    if (e.kind !== 'backup') continue;
    const c = e.actor.getSnapshot().context;
    if (c.resourceKind !== 'vmware' || c.vaultId !== vault.id || !c.copyId || w.entries.has(c.copyId)) continue;
    try {
      w.ask(e, { type: 'DELETE' }, 'syncVault');
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      // Restoring or already being deleted: the next sync deletes it.
      w.note({ resourceId: e.id, note: 'sync-kept', message: `Backup ${e.id}'s local copy expired, but it cannot be deleted now (${error.code}); the next sync deletes it.`, details: { code: error.code } });
      continue;
    }
    w.deletionCauses.set(e.id, { cause: 'sync' });
    w.send(e, { type: 'DELETE' });
    deleted++;
  }
  return deleted;
}
