/** Vaults and backup policies: where backups go, and when they are made and deleted (C5). */
import { getInitialSnapshot } from 'xstate';
import { MAX_VAULT_GB, vaultMachine, type VaultResourceKind } from '../../../machines/vault.machine.js';
import { parseSchedule, ScheduleError } from '../../../machines/schedule.js';
import { RETENTION_FIELDS, RetentionError, validateRetention, type RetentionRules } from '../../../machines/retention.js';
import type { PolicyChanges } from '../../../machines/policy.machine.js';
import type { EntryOf, World } from '../world.js';
import { RESOURCE_TYPES, type PolicyRecord, type VaultRecord } from '../records.js';
import { invalidArgument } from '../errors.js';
import { shown } from '../bound.js';
import { bool, integer, oneOf, options, stringList, text } from '../validate.js';

type Protectable = EntryOf['server'] | EntryOf['disk'] | EntryOf['vm'];

/** The entry kind a vault of `kind` protects: a hybrid vault protects on-premises VMware VMs (C10). */
const MEMBER_KIND = { server: 'server', disk: 'disk', vmware: 'vm' } as const;

/** Checks that `ids` may join `vault`, and returns their entries. */
function joinable(w: World, verb: string, vault: EntryOf['vault'] | null, kind: VaultResourceKind, vaultId: string, ids: string[]): Protectable[] {
  const resources = ids.map((id) => w.lookup(id, MEMBER_KIND[kind], 'resourceIds') as Protectable);
  for (const r of resources) w.ask(r, { type: 'ADD_TO_VAULT', vaultId }, verb);
  if (vault) w.ask(vault, { type: 'ADD_RESOURCES', ids }, verb);
  return resources;
}

function join(w: World, vault: EntryOf['vault'], resources: Protectable[]): void {
  if (resources.length === 0) return;
  w.send(vault, { type: 'ADD_RESOURCES', ids: resources.map((r) => r.id) });
  for (const r of resources) w.send(r, { type: 'ADD_TO_VAULT', vaultId: vault.id });
}

/**
 * A vault. `capacityGB: null` is the simulator's default vault for resources backed up outside any
 * vault: it expands without limit. The real service has no default vault.
 */
export function spawnVault(w: World, name: string, kind: VaultResourceKind, capacityGB: number | null, autoExpand = false): EntryOf['vault'] {
  const id = w.newId('vault');
  return w.spawn('vault', id, { id, name, createdAt: w.now(), resourceKind: kind, capacityGB, autoExpand });
}

export function createVault(w: World, o: unknown): VaultRecord {
  const verb = 'createVault';
  const opts = options(verb, o, ['name', 'kind', 'resourceIds', 'capacityGB', 'autoExpand']);
  const name = text(verb, 'name', opts.name);
  // `vmware`: a hybrid cloud backup vault (`vault.hybrid.server.normal`) for on-premises VMs (C10).
  const kind = oneOf(verb, 'kind', opts.kind, ['server', 'disk', 'vmware'] as const);
  const ids = stringList(verb, 'resourceIds', opts.resourceIds, []);
  const capacityGB = opts.capacityGB === undefined ? null : integer(verb, 'capacityGB', opts.capacityGB, 10, MAX_VAULT_GB);
  const autoExpand = bool(verb, 'autoExpand', opts.autoExpand, false);
  if (autoExpand && capacityGB === null) {
    throw invalidArgument(`${verb}: autoExpand needs a capacityGB to grow from, for example { capacityGB: 100, autoExpand: true }`);
  }
  // Ask a vault that does not exist yet: its initial snapshot answers for it (6100).
  const draft = getInitialSnapshot(vaultMachine, { id: '(new)', name, createdAt: w.now(), resourceKind: kind, capacityGB, autoExpand });
  const resources = joinable(w, verb, null, kind, '(new)', ids);
  w.askDraft('vault', draft, { type: 'ADD_RESOURCES', ids }, verb);
  const vault = spawnVault(w, name, kind, capacityGB, autoExpand);
  join(w, vault, resources);
  return w.record(vault) as VaultRecord;
}

/**
 * P10: a larger capacity (at least 1 GB more; a vault never shrinks) and auto-expansion on or off.
 * Enabling auto-expansion on a vault that is already full changes nothing until space is freed or
 * the capacity grows (cloud-facts §5.5). `name` renames it.
 */
export function updateVault(w: World, vaultId: unknown, changes: unknown): VaultRecord {
  const verb = 'updateVault';
  const vault = w.lookup(vaultId, 'vault');
  const opts = options(verb, changes, ['capacityGB', 'autoExpand', 'name'], 'changes');
  if (opts.capacityGB === undefined && opts.autoExpand === undefined && opts.name === undefined) {
    throw invalidArgument(`${verb}: changes must set capacityGB, autoExpand or name, for example { capacityGB: 200 }, { autoExpand: true } or { name: 'vault-web' }`);
  }
  const name = opts.name === undefined ? undefined : text(verb, 'name', opts.name);
  const c = w.snapshotOf(vault).context;
  // A rename alone is for any vault (PUT /v3/{project_id}/vaults/{id} with vault.name).
  if (c.capacityGB === null && (opts.capacityGB !== undefined || opts.autoExpand !== undefined)) {
    throw invalidArgument(
      `${verb}: vault ${vault.id} is the simulator's default vault, which has no fixed capacity and expands without limit (the real service has no default vault); create a vault with capacityGB to size it`,
      { id: vault.id },
    );
  }
  const event: { type: 'UPDATE'; capacityGB?: number; autoExpand?: boolean; name?: string } = { type: 'UPDATE', ...(name === undefined ? {} : { name }) };
  if (opts.capacityGB !== undefined && c.capacityGB !== null) {
    const least = Math.min(MAX_VAULT_GB, c.capacityGB + 1);
    if (c.capacityGB >= MAX_VAULT_GB) throw invalidArgument(`${verb}: vault ${vault.id} already has the largest capacity, ${MAX_VAULT_GB} GB; put more resources in another vault`, { id: vault.id });
    if (typeof opts.capacityGB === 'number' && opts.capacityGB <= c.capacityGB) {
      throw invalidArgument(`${verb}: vault ${vault.id} has ${c.capacityGB} GB, and a vault's capacity only grows (by at least 1 GB); give capacityGB from ${least} to ${MAX_VAULT_GB}, or delete backups to make room`, { id: vault.id });
    }
    event.capacityGB = integer(verb, 'capacityGB', opts.capacityGB, least, MAX_VAULT_GB);
  }
  if (opts.autoExpand !== undefined) event.autoExpand = bool(verb, 'autoExpand', opts.autoExpand, c.autoExpand);
  w.ask(vault, event, verb);
  w.send(vault, event);
  return w.record(vault) as VaultRecord;
}

export function addVaultResources(w: World, vaultId: unknown, ids: unknown): VaultRecord {
  const verb = 'addVaultResources';
  const vault = w.lookup(vaultId, 'vault');
  const list = stringList(verb, 'ids', ids);
  if (list.length === 0) throw invalidArgument(`${verb}: ids must list at least one server, disk or (hybrid vault) VM id`);
  const resources = joinable(w, verb, vault, w.snapshotOf(vault).context.resourceKind, vault.id, list);
  join(w, vault, resources);
  return w.record(vault) as VaultRecord;
}

export function removeVaultResources(w: World, vaultId: unknown, ids: unknown): VaultRecord {
  const verb = 'removeVaultResources';
  const vault = w.lookup(vaultId, 'vault');
  const list = stringList(verb, 'ids', ids);
  const held = w.snapshotOf(vault).context.resourceIds;
  const stranger = list.find((id) => !held.includes(id));
  if (stranger) throw invalidArgument(`${verb}: ${stranger} is not in vault ${vault.id}; it holds ${held.join(', ') || 'nothing'}`, { id: stranger });
  w.send(vault, { type: 'REMOVE_RESOURCES', ids: list });
  const vaultName = w.snapshotOf(vault).context.name;
  for (const id of list) {
    const r = w.entries.get(id);
    if (r && (r.kind === 'server' || r.kind === 'disk' || r.kind === 'vm')) w.send(r, { type: 'REMOVE_FROM_VAULT' });
    // S2: a removal is a task of its own, done at once (its backups stay: C3).
    w.tasks.settle({
      operationType: 'remove_resource', resourceId: id, resourceName: w.nameOf(id),
      resourceType: r?.kind === 'server' || r?.kind === 'disk' ? RESOURCE_TYPES[r.kind] : r?.kind === 'vm' ? RESOURCE_TYPES.vmware : null, vaultId: vault.id, vaultName,
    }, 'SUCCEED');
  }
  return w.record(vault) as VaultRecord;
}

const POLICY_KEYS = ['name', 'enabled', 'pattern', ...RETENTION_FIELDS] as const;

function retentionOf(verb: string, opts: Record<string, unknown>, base: RetentionRules): RetentionRules {
  const rules: RetentionRules = { ...base };
  for (const field of RETENTION_FIELDS) {
    if (!(field in opts)) continue;
    const value = opts[field];
    if (value === null) delete rules[field];
    else (rules as Record<string, unknown>)[field] = value;
  }
  try {
    validateRetention(rules);
  } catch (error) {
    if (error instanceof RetentionError) throw invalidArgument(`${verb}: ${error.message}`);
    throw error;
  }
  return rules;
}

function patternOf(verb: string, value: unknown, anchor: number): string[] {
  if (!Array.isArray(value) || value.some((p) => typeof p !== 'string')) {
    throw invalidArgument(`${verb}: pattern must be an array of RRULE strings, for example ["FREQ=DAILY;BYHOUR=2;BYMINUTE=0"]; got ${shown(value)}`);
  }
  try {
    parseSchedule(value as string[], anchor);
  } catch (error) {
    if (error instanceof ScheduleError) throw invalidArgument(`${verb}: pattern: ${error.message}`);
    throw error;
  }
  return [...(value as string[])];
}

export function createPolicy(w: World, o: unknown): PolicyRecord {
  const verb = 'createPolicy';
  const opts = options(verb, o, POLICY_KEYS);
  const name = text(verb, 'name', opts.name);
  const enabled = bool(verb, 'enabled', opts.enabled, true);
  const pattern = patternOf(verb, opts.pattern, w.now());
  const retention = retentionOf(verb, opts, {});
  w.askRegion({ type: 'CREATE_POLICY' }, verb);
  const id = w.newId('pol');
  const entry = w.spawn('policy', id, { id, name, createdAt: w.now(), enabled, pattern, retention });
  w.sendRegion({ type: 'CREATE_POLICY' });
  return w.record(entry) as PolicyRecord;
}

/**
 * `DELETE /v3/{project_id}/policies/{id}`: the policy is dissociated from every vault it is
 * applied to (their backups stay, and no longer run or are deleted by it) and counts no more
 * against the 32 (P10). A backup it started runs on; expiry already fixed on a backup (P6) stays.
 */
export function deletePolicy(w: World, policyId: unknown): void {
  const policy = w.lookup(policyId, 'policy');
  for (const vaultId of w.snapshotOf(policy).context.vaultIds) {
    const vault = w.entries.get(vaultId);
    if (vault?.kind === 'vault' && w.snapshotOf(vault).context.policyId === policy.id) w.send(vault, { type: 'DISSOCIATE_POLICY' });
  }
  w.retire(policy);
  w.sendRegion({ type: 'DELETE_POLICY' });
}

export function updatePolicy(w: World, id: unknown, changes: unknown): PolicyRecord {
  const verb = 'updatePolicy';
  const policy = w.lookup(id, 'policy');
  const opts = options(verb, changes, POLICY_KEYS, 'changes');
  const c = w.snapshotOf(policy).context;
  const update: PolicyChanges = {};
  if ('name' in opts) update.name = text(verb, 'name', opts.name);
  if ('pattern' in opts) update.pattern = patternOf(verb, opts.pattern, c.createdAt);
  if (RETENTION_FIELDS.some((f) => f in opts)) update.retention = retentionOf(verb, opts, c.retention);
  const enabled = 'enabled' in opts ? bool(verb, 'enabled', opts.enabled, c.enabled) : c.enabled;
  if (Object.keys(update).length > 0) w.send(policy, { type: 'UPDATE', changes: update, now: w.now() });
  if (enabled !== c.enabled) w.send(policy, enabled ? { type: 'ENABLE', now: w.now() } : { type: 'DISABLE' });
  return w.record(policy) as PolicyRecord;
}

export function applyPolicy(w: World, policyId: unknown, vaultId: unknown): VaultRecord {
  const verb = 'applyPolicy';
  const policy = w.lookup(policyId, 'policy');
  const vault = w.lookup(vaultId, 'vault');
  w.ask(vault, { type: 'APPLY_POLICY', policyId: policy.id }, verb, { policyId: w.snapshotOf(vault).context.policyId });
  w.send(vault, { type: 'APPLY_POLICY', policyId: policy.id });
  w.send(policy, { type: 'APPLY', vaultId: vault.id, now: w.now() });
  return w.record(vault) as VaultRecord;
}

export function dissociatePolicy(w: World, vaultId: unknown): VaultRecord {
  const vault = w.lookup(vaultId, 'vault');
  const policyId = w.snapshotOf(vault).context.policyId;
  w.ask(vault, { type: 'DISSOCIATE_POLICY' }, 'dissociatePolicy');
  w.send(vault, { type: 'DISSOCIATE_POLICY' });
  const policy = policyId ? w.entries.get(policyId) : undefined;
  if (policy?.kind === 'policy') w.send(policy, { type: 'DISSOCIATE', vaultId: vault.id });
  return w.record(vault) as VaultRecord;
}

/**
 * Deleting a vault deletes every backup in it (cloud-facts §2.1), even one that has an image: the
 * image then has no backup left (`Ecs.0034`). Refused while a backup in it is still busy (B5).
 */
export function deleteVault(w: World, vaultId: unknown): void {
  const verb = 'deleteVault';
  const vault = w.lookup(vaultId, 'vault');
  // Not while it synchronises backups from on premises (V1).
  w.ask(vault, { type: 'VAULT_DELETE' }, verb);
  const backups = [...w.entries.values()].filter(
    (e): e is EntryOf['backup'] => e.kind === 'backup' && w.snapshotOf(e).context.vaultId === vault.id,
  );
  for (const b of backups) w.ask(b, { type: 'VAULT_DELETED' }, verb);
  const c = w.snapshotOf(vault).context;
  const policy = c.policyId ? w.entries.get(c.policyId) : undefined;
  if (policy?.kind === 'policy') w.send(policy, { type: 'DISSOCIATE', vaultId: vault.id });
  for (const id of c.resourceIds) {
    const r = w.entries.get(id);
    if (r && (r.kind === 'server' || r.kind === 'disk' || r.kind === 'vm')) w.send(r, { type: 'REMOVE_FROM_VAULT' });
  }
  // S2: the vault's deletion is a task that ends when its last backup is deleted, each of them a
  // deletion task of its own; a vault without backups is deleted at once.
  const subject = { operationType: 'vault_delete' as const, vaultId: vault.id, vaultName: c.name };
  if (backups.length === 0) w.tasks.settle(subject, 'SUCCEED');
  else {
    const task = w.tasks.start(subject, vault.id, w.timings.deleteBackupMs);
    task.waitingFor = backups.length;
    for (const b of backups) w.deletionCauses.set(b.id, { cause: 'vault', vaultTaskId: task.id });
  }
  for (const b of backups) w.send(b, { type: 'VAULT_DELETED' });
  // Retired before it stops being a default vault: an empty vault's first change is the
  // retirement, which a dry run (`World.dryRun`) stops at.
  w.retire(vault);
  for (const kind of ['server', 'disk'] as const) if (w.defaultVaults[kind] === vault.id) delete w.defaultVaults[kind];
}
