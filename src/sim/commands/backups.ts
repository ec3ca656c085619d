/**
 * Backups: manual and scheduled ones (C1, C5), restores (B3, C7), disks from backups (C7) and
 * deletion (B5, I7, P5). Scheduled runs and retention are routed here from the policy chart.
 */
import { getInitialSnapshot } from 'xstate';
import { backupMachine, backupStatus, restoreProblems, type BackupChild, type BackupInput, type BackupSnapshot, type RestoreDisk } from '../../../machines/backup.machine.js';
import type { PolicyEmitted } from '../../../machines/policy.machine.js';
import type { RunStatus, VaultRun } from '../../../machines/vault.machine.js';
import { expiryBatchAt, expiryOf, type RetentionCandidate, type RetentionRules } from '../../../machines/retention.js';
import type { EntryOf, World } from '../world.js';
import { RESOURCE_TYPES, childId, parentIdOf, type BackupRecord, type CheckpointRecord, type DiskRecord, type SkippedResource } from '../records.js';
import { SimulationError, invalidArgument } from '../errors.js';
import { backupTiming } from '../timings.js';
import { bool, options, stringList, text } from '../validate.js';
import { shown } from '../bound.js';
import { diskSize, sourceAz, spawnDisk } from './compute.js';
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
  o: { auto: boolean; name?: string | undefined; excludeDiskIds?: string[]; vaultId?: string },
): BackupPlan | null {
  const event = o.auto ? ({ type: 'SCHEDULED_BACKUP' } as const) : ({ type: 'BACKUP_START' } as const);
  const actions = w.ask(resource, event, verb);
  if (actions.includes('skipRun')) return null;

  let sizeGB: number;
  let containsSystemDisk = false;
  let systemDisk = false;
  let children: BackupChild[] = [];
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
    // R1: one disk backup per disk, system disk first (ids are given when the backup starts).
    const ordered = system ? [system, ...included.filter((d) => d !== system)] : included;
    children = ordered.map((d) => ({ id: '', diskId: d.id, sizeGB: sizeOf(d), systemDisk: d === system }));
  } else {
    sizeGB = w.snapshotOf(resource).context.sizeGB;
    systemDisk = w.snapshotOf(resource).context.role === 'system';
  }

  const context = resource.actor.getSnapshot().context;
  // A resource in no vault joins the one named (C12: a full-ECS image's), else the default vault.
  const vaultId = context.vaultId ?? o.vaultId ?? (resource.kind === 'server' ? w.defaultVaults.server : w.defaultVaults.disk) ?? null;
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
      systemDisk,
      children,
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

/**
 * S1: the restore point a run of backups goes into. Its id is its first backup's (`cp-` and the
 * same hex), given when that backup starts, so that making a checkpoint draws no id of its own.
 */
export interface CheckpointDraft {
  id: string | null;
  policyId: string | null;
}

export const newDraft = (policyId: string | null = null): CheckpointDraft => ({ id: null, policyId });

/**
 * Starts the planned backup: the resource joins a vault if it had none, then the backup starts,
 * in the restore point `draft` (S1), with its task (S2).
 */
export function startBackup(w: World, plan: BackupPlan, draft: CheckpointDraft): EntryOf['backup'] {
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
  const children = (plan.input.children ?? []).map((c, i) => ({ ...c, id: childId(id, i) }));
  draft.id ??= `cp-${id.slice(3)}`;
  const backup = w.spawn('backup', id, { ...plan.input, children, id, name, vaultId: vault.id, willFail: w.takeFailure('backup'), checkpointId: draft.id });
  const { timing } = plan.input;
  // Spelled out, not spread from `taskSubject`: this runs for every backup of a fleet.
  w.tasks.start({
    operationType: 'backup', resourceId: resource.id, resourceName: w.snapshotOf(resource).context.name, resourceType: RESOURCE_TYPES[resource.kind],
    backupId: id, backupName: name, checkpointId: draft.id, policyId: draft.policyId, vaultId: vault.id, vaultName: w.snapshotOf(vault).context.name,
    targetId: null,
  }, id, timing.snapshotPhaseMs + timing.dataTransferMs);
  w.send(resource, plan.event);
  w.send(vault, { type: 'RESERVE', gb: plan.input.sizeGB });
  const previous = plan.input.previousBackupId ? w.entries.get(plan.input.previousBackupId) : undefined;
  if (previous?.kind === 'backup') w.send(previous, { type: 'NEXT_STARTED' });
  const list = w.backupsByResource.get(resource.id);
  if (list) list.push(id);
  else w.backupsByResource.set(resource.id, [id]);
  return backup;
}

/** S2: the resource part of a backup task. */
function taskSubject(w: World, resource: Protectable) {
  return {
    operationType: 'backup' as const, resourceId: resource.id, resourceName: w.snapshotOf(resource).context.name,
    resourceType: RESOURCE_TYPES[resource.kind],
  };
}

/** S1: the restore point of the backups just started into `draft`. */
function makeCheckpoint(
  w: World, draft: CheckpointDraft, vaultId: string, backupIds: string[], o: { name: string; description?: string | null; skipped?: SkippedResource[]; autoTrigger: boolean },
) {
  if (draft.id === null) throw new Error('a checkpoint has a backup');
  return w.checkpoints.create({
    id: draft.id, name: o.name, description: o.description ?? null, vaultId, backupIds, skipped: o.skipped ?? [],
    createdAt: w.now(), autoTrigger: o.autoTrigger, policyId: draft.policyId,
  });
}

/** S1: a manual backup of one server or disk is a restore point of that one resource. */
export function backUpAlone(w: World, plan: BackupPlan): EntryOf['backup'] {
  const draft = newDraft();
  const backup = startBackup(w, plan, draft);
  const c = w.snapshotOf(backup).context;
  makeCheckpoint(w, draft, c.vaultId, [backup.id], { name: c.name, autoTrigger: false });
  return backup;
}

/**
 * Why `resource` cannot be backed up now: the refusal a manual backup would get (P4's skip of a
 * scheduled run says no code of its own; this is the one the service would give). The charts
 * refuse a manual backup wherever they skip a scheduled one, so there always is one.
 */
function whyNot(w: World, resource: Protectable): { code: string; message: string } {
  try {
    w.ask(resource, { type: 'BACKUP_START' }, 'backupVault');
  } catch (error) {
    if (error instanceof SimulationError) return { code: error.code, message: error.message };
    throw error;
  }
  // Every state where a scheduled run skips (`skipRun`) refuses a manual backup too (protection.ts).
  throw new Error(`${resource.kind} ${resource.id}: a scheduled run skipped it, but a manual backup would be allowed`);
}

/** S1, S2: a resource a checkpoint could not back up, with its task (skipped, or failed for a full vault: P10). */
function skip(w: World, resource: Protectable, why: { code: string; message: string }, vault: EntryOf['vault'], policyId: string | null): SkippedResource {
  const name = w.snapshotOf(resource).context.name;
  w.tasks.settle(
    { ...taskSubject(w, resource), policyId, vaultId: vault.id, vaultName: w.snapshotOf(vault).context.name },
    why.code === 'BackupService.6114' ? 'FAIL' : 'SKIP', why,
  );
  return { id: resource.id, kind: resource.kind, name, code: why.code, reason: why.message };
}

/** `createCheckpoint`'s name: 1–64 letters, digits, `_` and `-` (rest-api.md §2.3). */
function checkpointName(verb: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw invalidArgument(`${verb}: name must be 1 to 64 letters, digits, _ or -; got ${shown(value)}`);
  }
  return value;
}

/**
 * S1: backs up a vault now (`POST /v3/{project_id}/checkpoints`): one restore point holding one
 * backup per resource given (default: every resource of the vault) that can be backed up now; the
 * others are listed in `skipped` with the code a manual backup of it would get, each with a task
 * (S2). When none can be, nothing is made: `BackupService.0001`.
 */
export function backupVault(w: World, vaultId: unknown, o?: unknown): CheckpointRecord {
  const verb = 'backupVault';
  const vault = w.lookup(vaultId, 'vault');
  const opts = options(verb, o, ['resourceIds', 'name', 'description']);
  const name = opts.name === undefined ? undefined : checkpointName(verb, opts.name);
  if (opts.description !== undefined && (typeof opts.description !== 'string' || opts.description.length > 255)) {
    throw invalidArgument(`${verb}: description must be a string of at most 255 characters; got ${shown(opts.description)}`);
  }
  const description = (opts.description as string | undefined) ?? null;
  if (w.snapshotOf(vault).context.resourceKind === 'vmware') {
    throw invalidArgument(
      `${verb}: vault ${vault.id} is a hybrid vault: CBR does not back its VMware VMs up; eBackup does, on premises (backupVmOnPrem), and a sync brings the copies in (syncBackups or syncVault, V1)`,
      { vaultId: vault.id },
    );
  }
  const held = w.snapshotOf(vault).context.resourceIds;
  const ids = stringList(verb, 'resourceIds', opts.resourceIds, held);
  const stranger = ids.find((id) => !held.includes(id));
  if (stranger) throw invalidArgument(`${verb}: ${stranger} is not in vault ${vault.id}; it holds ${held.join(', ') || 'nothing'}`, { id: stranger });
  const resources = ids.map((id) => w.entries.get(id)).filter((r): r is Protectable => r?.kind === 'server' || r?.kind === 'disk');
  const draft = newDraft();
  const backupIds: string[] = [];
  const refused: { resource: Protectable; why: { code: string; message: string } }[] = [];
  for (const resource of resources) {
    let plan: BackupPlan;
    try {
      plan = planBackup(w, verb, resource, { auto: false, name })!;
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      refused.push({ resource, why: { code: error.code, message: error.message } });
      continue;
    }
    backupIds.push(startBackup(w, plan, draft).id);
  }
  if (backupIds.length === 0) {
    const reasons = refused.map((r) => `${r.resource.id} (${r.why.code})`).join(', ');
    throw new SimulationError(
      'BackupService.0001',
      `${verb}: no resource of vault ${vault.id} can be backed up now${reasons ? `: ${reasons}` : ': it holds none'}; nothing was changed. ` +
        (resources.length ? 'Wait for the running backups or restores to end (advance the clock), or free space in the vault.' : 'Add servers or disks to it first (addVaultResources).'),
      { vaultId: vault.id, refused: refused.map((r) => ({ id: r.resource.id, code: r.why.code })) },
    );
  }
  const skipped = refused.map((r) => skip(w, r.resource, r.why, vault, null));
  const checkpoint = makeCheckpoint(w, draft, vault.id, backupIds, { name: name ?? `manualbk_${draft.id!.slice(-4)}`, description, skipped, autoTrigger: false });
  return w.checkpoints.record(checkpoint);
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
  return w.record(backUpAlone(w, plan)) as BackupRecord;
}

export function backupDisk(w: World, diskId: unknown, o?: unknown): BackupRecord {
  const verb = 'backupDisk';
  const disk = w.lookup(diskId, 'disk');
  const plan = planBackup(w, verb, disk, { auto: false, name: backupOptions(verb, o, ['name']).name })!;
  return w.record(backUpAlone(w, plan)) as BackupRecord;
}

/**
 * P1: a policy's scheduled run backs up every resource of its vaults; P4 skips busy ones. A backup
 * the run cannot make (a full vault: `BackupService.6114`, P10) is journaled with its code and
 * makes no backup. The outcome is left on each vault and on the policy (`lastRun`, P10).
 */
export function runPolicy(w: World, event: Extract<PolicyEmitted, { type: 'run' }>): void {
  const policy = w.entries.get(event.policyId);
  if (policy?.kind !== 'policy') return;
  const vaultIds = w.snapshotOf(policy).context.vaultIds;
  w.note({ resourceId: policy.id, note: 'run-started', message: `Policy ${policy.id} runs for vaults ${vaultIds.join(', ')}.` });
  const total = { backups: 0, skipped: 0, failed: 0, codes: new Set<string>() };
  for (const vaultId of vaultIds) {
    const vault = w.entries.get(vaultId);
    if (vault?.kind !== 'vault') continue;
    const run: VaultRun = { at: w.now(), policyId: policy.id, status: 'success', backupIds: [], skippedIds: [], failures: [], checkpointId: null };
    // S1: the run is one restore point of the vault, made by the policy.
    const draft = newDraft(policy.id);
    const skipped: SkippedResource[] = [];
    for (const resourceId of w.snapshotOf(vault).context.resourceIds) {
      const resource = w.entries.get(resourceId) as Protectable | undefined;
      if (!resource) continue;
      try {
        const plan = planBackup(w, 'scheduledBackup', resource, { auto: true });
        if (plan) run.backupIds.push(startBackup(w, plan, draft).id);
        else {
          run.skippedIds.push(resourceId);
          w.note({
            resourceId, note: 'run-skipped',
            message: `Policy ${policy.id} skipped ${resourceId}: its previous backup is still running or it cannot be backed up now (P4).`,
            details: { policyId: policy.id, rule: 'P4' },
          });
          skipped.push(skip(w, resource, whyNot(w, resource), vault, policy.id));
        }
      } catch (error) {
        if (!(error instanceof SimulationError)) throw error;
        run.failures.push({ resourceId, code: error.code });
        const rule = error.code === 'BackupService.6114' ? { rule: 'P10' } : {};
        w.note({ resourceId, note: 'run-failed', message: error.message, details: { policyId: policy.id, code: error.code, ...rule } });
        skipped.push(skip(w, resource, { code: error.code, message: error.message }, vault, policy.id));
      }
    }
    if (run.backupIds.length > 0) {
      makeCheckpoint(w, draft, vault.id, run.backupIds, { name: `autobk_${draft.id!.slice(-4)}`, skipped, autoTrigger: true });
      run.checkpointId = draft.id;
    }
    run.status = runStatus(run.backupIds.length, run.skippedIds.length, run.failures.length);
    total.backups += run.backupIds.length;
    total.skipped += run.skippedIds.length;
    total.failed += run.failures.length;
    for (const f of run.failures) total.codes.add(f.code);
    w.send(vault, { type: 'RUN_ENDED', run });
  }
  const status = runStatus(total.backups, total.skipped, total.failed);
  w.send(policy, { type: 'RUN_ENDED', run: { at: w.now(), status, backups: total.backups, skipped: total.skipped, failed: total.failed, codes: [...total.codes] } });
}

/** A run failed when it made nothing and could not back something up; skipped when it only skipped (P4). */
function runStatus(backups: number, skipped: number, failed: number): RunStatus {
  if (failed > 0) return backups > 0 ? 'partial' : 'failed';
  return skipped > 0 && backups === 0 ? 'skipped' : 'success';
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

/**
 * A backup entry and, for a child id (R1), the child: children are no actors, their parent is.
 * Any other id is looked up as usual.
 */
function lookupBackup(w: World, id: unknown, argument = 'backupId'): { backup: EntryOf['backup']; child: BackupChild | null } {
  const parentId = typeof id === 'string' ? parentIdOf(id) : null;
  if (parentId === null) return { backup: w.lookup(id, 'backup', argument), child: null };
  const backup = w.lookup(parentId, 'backup', argument);
  const child = (w.snapshotOf(backup).context.children ?? []).find((c) => c.id === id);
  if (!child) {
    throw new SimulationError('Sim.NotFound', `Backup ${parentId} has no disk backup ${String(id)}; get(${JSON.stringify(parentId)}).children lists them.`, { id, parentId });
  }
  return { backup, child };
}

interface Mapping {
  backupId: string;
  diskId: string;
}

function mappingsOf(verb: string, value: unknown): Mapping[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length > 256) throw invalidArgument(`${verb}: mappings must be a list of { backupId, diskId } (at most 256)`);
  return value.map((m, i) => {
    const o = options(verb, m, ['backupId', 'diskId'], `mappings[${i}]`);
    return { backupId: text(verb, `mappings[${i}].backupId`, o.backupId), diskId: text(verb, `mappings[${i}].diskId`, o.diskId) };
  });
}

/**
 * R3: which disk of `server` each disk backup goes onto: the `mappings`, or else the system-disk
 * backup onto the system disk and the data-disk backups onto the data disks in order. A disk
 * backup left without one has `diskId: null` (the chart refuses it).
 */
function planDisks(w: World, verb: string, server: EntryOf['server'], sources: BackupChild[], mappings: Mapping[] | null): RestoreDisk[] {
  const sc = w.snapshotOf(server).context;
  const own = [sc.systemDiskId, ...sc.dataDiskIds];
  const target = new Map<string, string>();
  if (mappings) {
    const seen = new Set<string>();
    for (const m of mappings) {
      if (!sources.some((c) => c.id === m.backupId)) {
        throw invalidArgument(`${verb}: mappings name ${m.backupId}, which is not a disk backup of this backup; its disk backups are ${sources.map((c) => c.id).join(', ')}`);
      }
      if (!own.includes(m.diskId)) throw invalidArgument(`${verb}: disk ${m.diskId} is not attached to server ${server.id}; its disks are ${own.join(', ')}`);
      if (target.has(m.backupId) || seen.has(m.diskId)) throw invalidArgument(`${verb}: mappings name ${target.has(m.backupId) ? m.backupId : m.diskId} twice`);
      target.set(m.backupId, m.diskId);
      seen.add(m.diskId);
    }
  } else {
    const data = [...sc.dataDiskIds];
    for (const c of sources) {
      const diskId = c.systemDisk ? sc.systemDiskId : data.shift();
      if (diskId !== undefined) target.set(c.id, diskId);
    }
  }
  return sources.map((c) => restoreDisk(w, c, target.get(c.id) ?? null));
}

function restoreDisk(w: World, source: BackupChild, diskId: string | null): RestoreDisk {
  const disk = diskId ? (w.entries.get(diskId) as EntryOf['disk'] | undefined) : undefined;
  const dc = disk ? w.snapshotOf(disk).context : null;
  return { backupId: source.id, sizeGB: source.sizeGB, systemDisk: source.systemDisk, diskId: dc ? diskId : null, diskGB: dc?.sizeGB ?? null, ontoSystemDisk: dc?.role === 'system' };
}

/**
 * Restores a backup (B3, C7) onto its resource or `targetId`. A server backup restores disk by disk
 * (R3) and powers the server off for the restore and on afterwards unless `powerOn: false` (R2);
 * the server and the disks it restores are locked until the restore ends. A child (R1) restores
 * its one disk.
 */
export function restoreBackup(w: World, backupId: unknown, o?: unknown): BackupRecord {
  const verb = 'restoreBackup';
  const { backup, child } = lookupBackup(w, backupId);
  const opts = options(verb, o, ['targetId', 'powerOn', 'mappings']);
  const powerOn = bool(verb, 'powerOn', opts.powerOn, true);
  const mappings = mappingsOf(verb, opts.mappings);
  const c = w.snapshotOf(backup).context;
  const facts = { resourceId: c.resourceId };
  w.ask(backup, { type: 'RESTORE', targetId: '(target)', willFail: false }, verb, facts);
  // V3: a VMware backup goes onto an ECS (a disk of one, for one of its disk backups).
  const vmware = c.resourceKind === 'vmware';
  const kind = child ? 'disk' : vmware ? 'server' : (c.resourceKind as 'server' | 'disk');
  const sourceId = child ? child.diskId : c.resourceId;
  if (vmware && opts.targetId === undefined) {
    const system = c.children.find((d) => d.systemDisk);
    const data = c.children.filter((d) => !d.systemDisk).map((d) => Math.ceil(d.sizeGB));
    throw invalidArgument(
      `${verb}: backup ${backup.id} is a VMware backup of on-premises VM ${c.resourceId}, which is restored onto an ECS, not back on premises (V3): ` +
        `create an ECS whose disks match first, for example createServer({ name, os: '${c.server?.os ?? 'linux'}', systemDiskGB: ${Math.ceil(system?.sizeGB ?? 40)}${data.length ? `, dataDisksGB: [${data.join(', ')}]` : ''} }), ` +
        `then restoreBackup(${JSON.stringify(backup.id)}, { targetId })`,
      { id: backup.id },
    );
  }
  if (opts.targetId === undefined && !w.entries.has(sourceId)) {
    throw new SimulationError(
      'Sim.AlreadyDeleted',
      `The ${kind} ${sourceId} that backup ${child?.id ?? backup.id} was made of is deleted; pass targetId to restore onto another ${kind} (C3).`,
      { id: sourceId, backupId: child?.id ?? backup.id },
    );
  }
  const target = w.lookup(opts.targetId ?? sourceId, kind, 'targetId') as Protectable;
  if (mappings && target.kind !== 'server') throw invalidArgument(`${verb}: mappings are for restoring a server backup onto a server; ${target.id} is a disk`);
  const endsAt = w.now() + c.timing.restoreMs;
  const start = { type: 'RESTORE_START' as const, backupId: child?.id ?? backup.id, endsAt };
  // The target first (R4 Faulty, 2010 already restoring, 2002 being backed up), then its disks.
  w.ask(target, start, verb);
  let disks: RestoreDisk[];
  if (target.kind === 'server') {
    disks = planDisks(w, verb, target, child ? [child] : (c.children ?? []), mappings);
  } else {
    const source = child ?? { id: backup.id, diskId: c.resourceId, sizeGB: c.sizeGB, systemDisk: c.systemDisk ?? false };
    disks = [restoreDisk(w, source, target.id)];
  }
  const locked = disks.flatMap((d) => (d.diskId && d.diskId !== target.id ? [w.entries.get(d.diskId) as EntryOf['disk']] : []));
  for (const disk of locked) w.ask(disk, start, verb);
  const problems = {
    missingDisk: restoreProblems.targetMissing(disks), systemTarget: restoreProblems.dataOntoSystemDisk(disks), smallTarget: restoreProblems.targetTooSmall(disks),
  };
  const event = { type: 'RESTORE' as const, targetId: target.id, willFail: false, powerOn, disks };
  w.ask(backup, event, verb, { ...facts, ...problems, targetId: target.id });
  w.send(backup, { ...event, willFail: w.takeFailure('restore') });
  w.send(target, start);
  for (const disk of locked) w.send(disk, start);
  // S2: the restore's task, ended by the backup's chart when `restoring` ends.
  w.tasks.start({
    operationType: 'restore', resourceId: sourceId, resourceName: w.nameOf(sourceId), resourceType: vmware ? RESOURCE_TYPES.vmware : RESOURCE_TYPES[kind],
    backupId: child?.id ?? backup.id, backupName: child ? `${c.name}/${child.diskId}` : c.name, checkpointId: c.checkpointId ?? null,
    vaultId: c.vaultId, vaultName: w.nameOf(c.vaultId), targetId: target.id,
  }, backup.id, c.timing.restoreMs);
  return w.record(backup) as BackupRecord;
}

/**
 * C7: a new disk from a disk backup, or from one disk backup (child, R1) of a server backup. The
 * disk is in the backup's AZ (`az`, when given, must be that one) and as large as the backup, or
 * larger (`sizeGB`), never smaller (EVS `createVolume`, rest-api.md §5).
 */
export function createDiskFromBackup(w: World, backupId: unknown, o?: unknown): DiskRecord {
  const verb = 'createDiskFromBackup';
  const { backup, child } = lookupBackup(w, backupId);
  const opts = options(verb, o, ['name', 'sizeGB', 'az']);
  const name = text(verb, 'name', opts.name);
  const event = child ? { type: 'CREATE_DISK' as const, childId: child.id } : { type: 'CREATE_DISK' as const };
  w.ask(backup, event, verb);
  const c = w.snapshotOf(backup).context;
  const id = child?.id ?? backup.id;
  const az = sourceAz(verb, opts.az, c.az, `backup ${id}`);
  const sizeGB = diskSize(verb, opts.sizeGB, Math.ceil(child?.sizeGB ?? c.sizeGB), { kind: 'backup', id });
  w.send(backup, event);
  return spawnDisk(w, { name, sizeGB, az, sourceBackupId: id });
}

/**
 * `POST /v3/{project_id}/backups/{id}/members`: shares an Available server backup with other
 * projects (only server backups are shared; a VMware backup is not, V4). Sharing a project twice
 * changes nothing.
 */
export function shareBackup(w: World, backupId: unknown, o: unknown): BackupRecord {
  const verb = 'shareBackup';
  const backup = w.lookup(backupId, 'backup');
  const opts = options(verb, o, ['projectIds']);
  const projectIds = stringList(verb, 'projectIds', opts.projectIds);
  if (projectIds.length === 0 || projectIds.length > 10) throw invalidArgument(`${verb}: projectIds must list 1 to 10 project ids to share the backup with`);
  const event = { type: 'SHARE' as const, projectIds };
  w.ask(backup, event, verb);
  w.send(backup, event);
  return w.record(backup) as BackupRecord;
}

/** No backup is ever exported (C9): the chart refuses, and says what to do instead (V4 for VMware). */
export function exportBackup(w: World, backupId: unknown): void {
  const backup = w.lookup(backupId, 'backup');
  w.ask(backup, { type: 'EXPORT' }, 'exportBackup');
  throw new Error('exportBackup: the backup chart allowed EXPORT, which it never does');
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
  deleteByHand(w, backup);
}

/** S2: a deletion by hand (its task names no policy), as opposed to retention's. */
export function deleteByHand(w: World, backup: EntryOf['backup']): void {
  w.changing('deletionCause');
  w.deletionCauses.set(backup.id, { cause: 'hand' });
  w.send(backup, { type: 'DELETE' });
}
