/**
 * Backups: manual and scheduled ones (C1, C5), restores (B3, C7), disks from backups (C7) and
 * deletion (B5, I7, P5). Scheduled runs and retention are routed here from the policy chart.
 */
import { getInitialSnapshot } from 'xstate';
import { backupMachine, backupStatus, type BackupInput, type BackupSnapshot } from '../../../machines/backup.machine.js';
import type { PolicyEmitted } from '../../../machines/policy.machine.js';
import { expiryBatchAt, expiryOf, type RetentionCandidate, type RetentionRules } from '../../../machines/retention.js';
import type { EntryOf, World } from '../world.js';
import type { BackupRecord, DiskRecord } from '../records.js';
import { SimulationError, invalidArgument } from '../errors.js';
import { backupTiming } from '../timings.js';
import { options, stringList, text } from '../validate.js';
import { spawnDisk } from './compute.js';
import { spawnVault } from './protection.js';

type Protectable = EntryOf['server'] | EntryOf['disk'];

/** A backup that has passed every check and is ready to start. */
export interface BackupPlan {
  resource: Protectable;
  event: { type: 'BACKUP_START' } | { type: 'SCHEDULED_BACKUP' };
  vault: EntryOf['vault'] | null;
  /** When the resource is in no vault yet: the default vault to put it in (made on demand). */
  defaultVaultKind: 'server' | 'disk' | null;
  input: Omit<BackupInput, 'id' | 'name' | 'vaultId' | 'willFail'>;
  name: string | null;
}

/**
 * Checks a backup of `resource` against the charts without changing anything. Returns null when
 * a scheduled run is skipped (P4), otherwise the plan; throws the refusal of a manual backup.
 */
export function planBackup(
  w: World,
  verb: string,
  resource: Protectable,
  o: { auto: boolean; name?: string | undefined; excludeDiskIds?: string[] },
): BackupPlan | null {
  const event = o.auto ? ({ type: 'SCHEDULED_BACKUP' } as const) : ({ type: 'BACKUP_START' } as const);
  const actions = w.ask(resource, event, verb);
  if (actions.includes('skipRun')) return null;

  let sizeGB: number;
  let containsSystemDisk = false;
  let server: BackupInput['server'] = null;
  const now = w.now();
  if (resource.kind === 'server') {
    const c = w.snapshotOf(resource).context;
    const excluded = o.excludeDiskIds ?? [];
    const own = [c.systemDiskId, ...c.dataDiskIds];
    const stranger = excluded.find((id) => !own.includes(id));
    if (stranger) throw invalidArgument(`${verb}: disk ${stranger} is not attached to server ${resource.id}; its disks are ${own.join(', ')}`);
    const included = own.filter((id) => !excluded.includes(id)).map((id) => w.entries.get(id)).filter((d) => d?.kind === 'disk') as EntryOf['disk'][];
    if (included.length === 0) throw invalidArgument(`${verb}: excludeDiskIds leaves no disk of server ${resource.id} to back up`);
    const sizeOf = (d: EntryOf['disk']) => w.snapshotOf(d).context.sizeGB;
    const system = included.find((d) => w.snapshotOf(d).context.role === 'system');
    containsSystemDisk = system !== undefined;
    sizeGB = included.reduce((sum, d) => sum + sizeOf(d), 0);
    server = {
      os: c.os, initTool: c.initTool, optimized: c.optimized,
      systemDiskGB: system ? sizeOf(system) : null,
      dataDisksGB: included.filter((d) => d !== system).map(sizeOf),
    };
  } else {
    sizeGB = w.snapshotOf(resource).context.sizeGB;
  }

  const context = resource.actor.getSnapshot().context;
  const vaultId = context.vaultId ?? (resource.kind === 'server' ? w.defaultVaults.server : w.defaultVaults.disk) ?? null;
  const vault = vaultId ? (w.entries.get(vaultId) as EntryOf['vault'] | undefined) ?? null : null;
  const joinsDefault = context.vaultId === null;
  if (vault) {
    if (joinsDefault) {
      w.ask(resource, { type: 'ADD_TO_VAULT', vaultId: vault.id }, verb);
      w.ask(vault, { type: 'ADD_RESOURCES', ids: [resource.id] }, verb);
    }
    w.ask(vault, { type: 'RESERVE', gb: sizeGB }, verb, { gb: sizeGB });
  }
  const previous = w.backupsByResource.get(resource.id);
  // P6: an automatic backup's expiry is fixed now, from the rule of its vault's policy.
  const rules = o.auto && vault ? policyRules(w, vault) : null;
  const expiredAt = expiryOf(rules, now);
  return {
    resource,
    event,
    vault,
    defaultVaultKind: joinsDefault && !vault ? resource.kind : null,
    name: o.name ?? null,
    input: {
      createdAt: now,
      resourceId: resource.id,
      resourceKind: resource.kind,
      az: context.az,
      sizeGB,
      containsSystemDisk,
      autoTrigger: o.auto,
      previousBackupId: previous?.[previous.length - 1] ?? null,
      server,
      timing: backupTiming(w.timings, sizeGB),
      expiredAt,
      expiryBatchAt: expiredAt === null ? null : expiryBatchAt(expiredAt, rules?.timezone),
    },
  };
}

/** The snapshot the planned backup would start with, to ask it questions before it exists. */
export function draftBackup(plan: BackupPlan): BackupSnapshot {
  return getInitialSnapshot(backupMachine, { ...plan.input, id: '(new)', name: plan.name ?? '(new)', vaultId: plan.vault?.id ?? '(default)', willFail: false });
}

/** Starts the planned backup: the resource joins a vault if it had none, then the backup starts. */
export function startBackup(w: World, plan: BackupPlan): EntryOf['backup'] {
  let vault = plan.vault;
  const { resource } = plan;
  if (plan.defaultVaultKind) {
    vault = spawnVault(w, `default-${plan.defaultVaultKind}-vault`, plan.defaultVaultKind, null);
    w.defaultVaults[plan.defaultVaultKind] = vault.id;
    w.note({ resourceId: vault.id, note: 'default-vault', message: `Vault ${vault.id} was created for ${plan.defaultVaultKind}s that are in no vault.` });
  }
  if (!vault) throw new Error('a planned backup has a vault');
  if (resource.actor.getSnapshot().context.vaultId === null) {
    w.send(vault, { type: 'ADD_RESOURCES', ids: [resource.id] });
    w.send(resource, { type: 'ADD_TO_VAULT', vaultId: vault.id });
  }
  const id = w.newId('bk');
  const name = plan.name ?? `${plan.input.autoTrigger ? 'autobk' : 'manualbk'}_${id.slice(-4)}`;
  const backup = w.spawn('backup', id, { ...plan.input, id, name, vaultId: vault.id, willFail: w.takeFailure('backup') });
  w.send(resource, plan.event);
  w.send(vault, { type: 'RESERVE', gb: plan.input.sizeGB });
  const previous = plan.input.previousBackupId ? w.entries.get(plan.input.previousBackupId) : undefined;
  if (previous?.kind === 'backup') w.send(previous, { type: 'NEXT_STARTED' });
  const list = w.backupsByResource.get(resource.id);
  if (list) list.push(id);
  else w.backupsByResource.set(resource.id, [id]);
  return backup;
}

function backupOptions(verb: string, o: unknown, allowed: readonly string[]) {
  const opts = options(verb, o, allowed);
  return {
    name: opts.name === undefined ? undefined : text(verb, 'name', opts.name),
    excludeDiskIds: stringList(verb, 'excludeDiskIds', opts.excludeDiskIds, []),
  };
}

export function backupServer(w: World, serverId: unknown, o?: unknown): BackupRecord {
  const verb = 'backupServer';
  const server = w.lookup(serverId, 'server');
  const plan = planBackup(w, verb, server, { auto: false, ...backupOptions(verb, o, ['name', 'excludeDiskIds']) })!;
  return w.record(startBackup(w, plan)) as BackupRecord;
}

export function backupDisk(w: World, diskId: unknown, o?: unknown): BackupRecord {
  const verb = 'backupDisk';
  const disk = w.lookup(diskId, 'disk');
  const plan = planBackup(w, verb, disk, { auto: false, name: backupOptions(verb, o, ['name']).name })!;
  return w.record(startBackup(w, plan)) as BackupRecord;
}

/** P1: a policy's scheduled run backs up every resource of its vaults; P4 skips busy ones. */
export function runPolicy(w: World, event: Extract<PolicyEmitted, { type: 'run' }>): void {
  const policy = w.entries.get(event.policyId);
  if (policy?.kind !== 'policy') return;
  const vaultIds = w.snapshotOf(policy).context.vaultIds;
  w.note({ resourceId: policy.id, note: 'run-started', message: `Policy ${policy.id} runs for vaults ${vaultIds.join(', ')}.` });
  for (const vaultId of vaultIds) {
    const vault = w.entries.get(vaultId);
    if (vault?.kind !== 'vault') continue;
    for (const resourceId of w.snapshotOf(vault).context.resourceIds) {
      const resource = w.entries.get(resourceId) as Protectable | undefined;
      if (!resource) continue;
      try {
        const plan = planBackup(w, 'scheduledBackup', resource, { auto: true });
        if (plan) startBackup(w, plan);
        else {
          w.note({
            resourceId, note: 'run-skipped',
            message: `Policy ${policy.id} skipped ${resourceId}: its previous backup is still running or it cannot be backed up now (P4).`,
            details: { policyId: policy.id, rule: 'P4' },
          });
        }
      } catch (error) {
        if (!(error instanceof SimulationError)) throw error;
        w.note({ resourceId, note: 'run-failed', message: error.message, details: { policyId: policy.id, code: error.code } });
      }
    }
  }
}

/** The retention rules of the policy applied to `vault`, or null. */
function policyRules(w: World, vault: EntryOf['vault']): RetentionRules | null {
  const policyId = w.snapshotOf(vault).context.policyId;
  const policy = policyId ? w.entries.get(policyId) : undefined;
  return policy?.kind === 'policy' ? w.snapshotOf(policy).context.retention : null;
}

/** P9: after a scheduled backup fails, its vault's policy keeps the newest ten failed ones. */
export function backupFailed(w: World, backup: BackupSnapshot): void {
  const c = backup.context;
  if (!c.autoTrigger) return;
  const vault = w.entries.get(c.vaultId);
  if (vault?.kind !== 'vault') return;
  const policyId = w.snapshotOf(vault).context.policyId;
  const policy = policyId ? w.entries.get(policyId) : undefined;
  if (policy?.kind !== 'policy') return;
  const failed: RetentionCandidate[] = [];
  for (const id of w.backupsByResource.get(c.resourceId) ?? []) {
    const entry = w.entries.get(id);
    if (entry?.kind !== 'backup') continue;
    const s = w.snapshotOf(entry);
    if (backupStatus(s).status !== 'error') continue;
    failed.push({ id, createdAt: s.context.createdAt, autoTrigger: s.context.autoTrigger, hasImage: s.context.imageId !== null });
  }
  w.send(policy, { type: 'RUN_BACKUP_FAILED', resourceId: c.resourceId, failed });
}

/** P7 time → count: the old backups with an expiry in the policy's vaults are held by the count rule too. */
export function holdByCount(w: World, event: Extract<PolicyEmitted, { type: 'hold' }>): void {
  const policy = w.entries.get(event.policyId);
  if (policy?.kind !== 'policy') return;
  const vaultIds = new Set(w.snapshotOf(policy).context.vaultIds);
  for (const entry of w.entries.values()) {
    if (entry.kind !== 'backup') continue;
    const s = w.snapshotOf(entry);
    if (vaultIds.has(s.context.vaultId) && s.matches({ expiry: 'pending' })) w.send(entry, { type: 'COUNT_HOLD' });
  }
}

/** P2: after a backup completes, its vault's policy decides what retention deletes. */
export function backupCompleted(w: World, backup: BackupSnapshot): void {
  const c = backup.context;
  const vault = w.entries.get(c.vaultId);
  if (vault?.kind !== 'vault') return;
  const policyId = w.snapshotOf(vault).context.policyId;
  const policy = policyId ? w.entries.get(policyId) : undefined;
  if (policy?.kind !== 'policy') return;
  const backups: RetentionCandidate[] = [];
  for (const id of w.backupsByResource.get(c.resourceId) ?? []) {
    const entry = w.entries.get(id);
    if (entry?.kind !== 'backup') continue;
    const s = w.snapshotOf(entry);
    if (backupStatus(s).status !== 'available') continue;
    backups.push({ id, createdAt: s.context.createdAt, autoTrigger: s.context.autoTrigger, hasImage: s.context.imageId !== null });
  }
  w.send(policy, { type: 'BACKUP_COMPLETED', resourceId: c.resourceId, backups, now: w.now() });
}

export function restoreBackup(w: World, backupId: unknown, o?: unknown): BackupRecord {
  const verb = 'restoreBackup';
  const backup = w.lookup(backupId, 'backup');
  const opts = options(verb, o, ['targetId']);
  const c = w.snapshotOf(backup).context;
  const facts = { resourceId: c.resourceId };
  w.ask(backup, { type: 'RESTORE', targetId: '(target)', willFail: false }, verb, facts);
  if (opts.targetId === undefined && !w.entries.has(c.resourceId)) {
    throw new SimulationError(
      'Sim.AlreadyDeleted',
      `The ${c.resourceKind} ${c.resourceId} that backup ${backup.id} was made of is deleted; pass targetId to restore onto another ${c.resourceKind} (C3).`,
      { id: c.resourceId, backupId: backup.id },
    );
  }
  const target = w.lookup(opts.targetId ?? c.resourceId, c.resourceKind, 'targetId') as Protectable;
  if (target.kind === 'disk' && w.snapshotOf(target).context.sizeGB < c.sizeGB) {
    throw invalidArgument(`${verb}: disk ${target.id} (${w.snapshotOf(target).context.sizeGB} GB) is smaller than backup ${backup.id} (${c.sizeGB} GB); restore onto a disk at least as large`);
  }
  w.ask(target, { type: 'RESTORE_START' }, verb);
  const event = { type: 'RESTORE' as const, targetId: target.id, willFail: w.takeFailure('restore') };
  w.send(backup, event);
  w.send(target, { type: 'RESTORE_START' });
  return w.record(backup) as BackupRecord;
}

export function createDiskFromBackup(w: World, backupId: unknown, o?: unknown): DiskRecord {
  const verb = 'createDiskFromBackup';
  const backup = w.lookup(backupId, 'backup');
  const name = text(verb, 'name', options(verb, o, ['name']).name);
  w.ask(backup, { type: 'CREATE_DISK' }, verb);
  const c = w.snapshotOf(backup).context;
  w.send(backup, { type: 'CREATE_DISK' });
  return spawnDisk(w, { name, sizeGB: Math.ceil(c.sizeGB), az: c.az, sourceBackupId: backup.id });
}

/** `PUT /v3/{project_id}/backups/{id}`: a backup's new name. */
export function updateBackup(w: World, id: unknown, changes: unknown): BackupRecord {
  const verb = 'updateBackup';
  const backup = w.lookup(id, 'backup');
  const name = text(verb, 'name', options(verb, changes, ['name'], 'changes').name);
  w.ask(backup, { type: 'RENAME', name }, verb);
  w.send(backup, { type: 'RENAME', name });
  return w.record(backup) as BackupRecord;
}

export function deleteBackup(w: World, id: unknown): void {
  const backup = w.lookup(id, 'backup');
  w.ask(backup, { type: 'DELETE' }, 'deleteBackup', { resourceId: w.snapshotOf(backup).context.resourceId });
  w.send(backup, { type: 'DELETE' });
}
