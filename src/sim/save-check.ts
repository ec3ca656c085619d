/**
 * Checks a save completely before anything is built from it: a save comes from outside (a file,
 * a request), and a tampered one must not get as far as an actor, where a bad value fails later
 * as a TypeError, or inside XState, where it can kill the process. Three steps, each naming the
 * first bad path in a `Sim.InvalidSave`:
 *
 * 1. shape: plain JSON, not nested absurdly deep (the later steps recurse);
 * 2. the JSON Schema of the format (`save-schema.ts`), snapshots and state values included;
 * 3. the cross-references: ids and kinds, each timer against the `after` transitions its owner's
 *    current states have (derived from the machines), and the links between resources.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';
import { parseSchedule } from '../../machines/schedule.js';
import { MAX_POLICIES } from '../../machines/region.machine.js';
import { validateRetention, type RetentionRules } from '../../machines/retention.js';
import { SimulationError } from './errors.js';
import { MACHINES, phaseOfSnapshot } from './world.js';
import { finalValueProblem } from './final-value.js';
import { MAX_TIME } from './time.js';
import { PREFIX, SAVE_SCHEMA } from './save-schema.js';
import type { SavedSimulation } from './save.js';
import type { ResourceKind } from './records.js';

/** Deeper than any save `save()` writes (a journaled command's arguments are the deepest part). */
const MAX_DEPTH = 32;

export function invalidSave(path: string, why: string): SimulationError {
  return new SimulationError('Sim.InvalidSave', `This is not a simulation cbr-sim can restore: ${path ? `${path} ` : ''}${why}. Pass the object save() returned (as JSON).`, { path });
}

function pathOf(parts: readonly (string | number)[]): string {
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (i === 0 ? p : `.${p}`) : `[${JSON.stringify(p)}]`)).join('');
}

/** Step 1, iterative: only JSON values (finite numbers, plain arrays and objects), at most MAX_DEPTH deep. */
function checkShape(saved: unknown): void {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) throw invalidSave('', 'is not an object');
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: saved, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw invalidSave(pathOf(path), 'is not a finite number');
      continue;
    }
    if (typeof value !== 'object') throw invalidSave(pathOf(path), `is a ${typeof value}, which JSON cannot hold`);
    if (path.length >= MAX_DEPTH) throw invalidSave(pathOf(path), `is nested more than ${MAX_DEPTH} levels deep`);
    const proto = Object.getPrototypeOf(value);
    if (Array.isArray(value)) {
      if (proto !== Array.prototype) throw invalidSave(pathOf(path), 'is not a plain array');
      value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    } else {
      if (proto !== Object.prototype && proto !== null) throw invalidSave(pathOf(path), 'is not a plain object');
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
    }
  }
}

let schemaCheck: ValidateFunction | null = null;

function ajvMessage(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `has an unknown property ${JSON.stringify(p.additionalProperty)}`;
  if (error.keyword === 'required') return `lacks the property ${JSON.stringify(p.missingProperty)}`;
  if (error.keyword === 'enum') return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'const') return `must be ${JSON.stringify(p.allowedValue)}`;
  return error.message ?? 'is not valid';
}

/** Step 2. */
function checkSchema(saved: unknown): void {
  schemaCheck ??= new Ajv({ allErrors: false, strict: false, discriminator: true }).compile(SAVE_SCHEMA);
  if (schemaCheck(saved)) return;
  const error = schemaCheck.errors![0]!;
  const parts = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const s = saved as Partial<SavedSimulation>;
  // The format and version first, in the words a reader of an old or foreign file needs.
  if (parts[0] === 'format') throw invalidSave('', `its format is ${JSON.stringify(s.format)}, not "cbr-sim/save"`);
  if (parts[0] === 'version') throw invalidSave('', `it is version ${JSON.stringify(s.version)}; this cbr-sim reads version 1`);
  throw invalidSave(pathOf(parts), ajvMessage(error));
}

interface StateNodeLike {
  after: { eventType: string }[];
  states: Record<string, StateNodeLike>;
}

/** The delayed events pending while a machine is in `value`: one per `after` of each active state. */
function pendingAfterEvents(machine: AnyStateMachine, value: StateValue): string[] {
  const out: string[] = [];
  const visit = (node: StateNodeLike, v: StateValue | undefined) => {
    // One entry per candidate transition (a guarded `after` lists several), one timer per delay.
    for (const event of new Set(node.after.map((t) => t.eventType))) out.push(event);
    if (v === undefined) return;
    if (typeof v === 'string') visit(node.states[v]!, undefined);
    else for (const [key, child] of Object.entries(v)) visit(node.states[key]!, child);
  };
  visit(machine.root as unknown as StateNodeLike, value);
  return out.sort();
}

type Context = Record<string, unknown>;
interface Live {
  kind: ResourceKind;
  path: string;
  context: Context;
  snapshot: AnyMachineSnapshot;
}

/** Step 3. */
function checkReferences(s: SavedSimulation): void {
  const live = new Map<string, Live>();
  const now = s.clock.now;
  if (now < s.options.start) throw invalidSave('clock.now', 'is before options.start');
  if ((s.region as { context: { imageQuota: number } }).context.imageQuota !== s.options.imageQuota) {
    throw invalidSave('region.context.imageQuota', 'differs from options.imageQuota');
  }
  const policies = s.resources.filter((r) => r.kind === 'policy').length;
  if ((s.region as { context: { policies: number } }).context.policies !== policies) {
    throw invalidSave('region.context.policies', `is not the number of policies (${policies}), which the limit of 32 counts (P10)`);
  }
  if (((s.region as { value: { policies: string } }).value.policies === 'atLimit') !== (policies >= MAX_POLICIES)) {
    throw invalidSave('region.value.policies', `must be atLimit exactly when there are ${MAX_POLICIES} policies (P10)`);
  }
  s.resources.forEach((r, i) => {
    const path = `resources[${i}]`;
    const snap = r.snapshot as { value: StateValue; context: Context };
    if (!r.id.startsWith(`${PREFIX[r.kind]}-`)) throw invalidSave(`${path}.id`, `is not a ${r.kind} id (${PREFIX[r.kind]}-…)`);
    if (snap.context.id !== r.id) throw invalidSave(`${path}.snapshot.context.id`, `is not the resource's id ${r.id}`);
    if (live.has(r.id)) throw invalidSave(`${path}.id`, `${r.id} is listed twice`);
    if ((snap.context.createdAt as number) > now) throw invalidSave(`${path}.snapshot.context.createdAt`, 'is after clock.now');
    const snapshot = (MACHINES[r.kind] as AnyStateMachine).resolveState({ value: snap.value, context: snap.context });
    const phase = phaseOfSnapshot(r.kind, snapshot);
    if (r.phase !== phase) throw invalidSave(`${path}.phase`, `must be ${JSON.stringify(phase)} for state ${JSON.stringify(snap.value)}`);
    live.set(r.id, { kind: r.kind, path: `${path}.snapshot.context`, context: snap.context, snapshot });
  });

  /** `id` (at `path`) names a live resource of one of `kinds`: returns it. */
  const must = (id: unknown, kinds: ResourceKind[], path: string): Live => {
    const found = typeof id === 'string' ? live.get(id) : undefined;
    if (!found) throw invalidSave(path, `names ${JSON.stringify(id)}, which is no resource in the save`);
    if (!kinds.includes(found.kind)) throw invalidSave(path, `names ${found.kind} ${String(id)}, not a ${kinds.join(' or ')}`);
    return found;
  };
  /** `id` is null, gone, or a live resource of one of `kinds`. */
  const mayBe = (id: unknown, kinds: ResourceKind[], path: string): Live | undefined => {
    if (id === null || typeof id !== 'string' || !live.has(id)) return undefined;
    return must(id, kinds, path);
  };
  const inState = (r: Live, region: string, state: string) => r.snapshot.matches({ [region]: state } as never);

  for (const [id, r] of live) {
    const c = r.context;
    const p = r.path;
    switch (r.kind) {
      case 'server': {
        const system = must(c.systemDiskId, ['disk'], `${p}.systemDiskId`);
        if (system.context.serverId !== id || system.context.role !== 'system') throw invalidSave(`${p}.systemDiskId`, `names disk ${String(c.systemDiskId)}, which is not this server's system disk`);
        (c.dataDiskIds as string[]).forEach((d, i) => {
          if (must(d, ['disk'], `${p}.dataDiskIds[${i}]`).context.serverId !== id) throw invalidSave(`${p}.dataDiskIds[${i}]`, `names disk ${d}, which is not attached to this server`);
        });
        checkMembership(r, id, mayBe(c.vaultId, ['vault'], `${p}.vaultId`), inState(r, 'vault', 'inVault'));
        break;
      }
      case 'disk': {
        const server = mayBe(c.serverId, ['server'], `${p}.serverId`);
        if (c.serverId !== null && (!server || (server.context.systemDiskId !== id && !(server.context.dataDiskIds as string[]).includes(id)))) {
          throw invalidSave(`${p}.serverId`, `names ${String(c.serverId)}, which does not list this disk`);
        }
        checkMembership(r, id, mayBe(c.vaultId, ['vault'], `${p}.vaultId`), inState(r, 'vault', 'inVault'));
        break;
      }
      case 'vault': {
        (c.resourceIds as string[]).forEach((rid, i) => {
          const member = must(rid, [c.resourceKind === 'vmware' ? 'vm' : (c.resourceKind as ResourceKind)], `${p}.resourceIds[${i}]`);
          if (member.context.vaultId !== id) throw invalidSave(`${p}.resourceIds[${i}]`, `names ${rid}, which is not in this vault`);
        });
        const policy = mayBe(c.policyId, ['policy'], `${p}.policyId`);
        if ((c.policyId !== null) !== inState(r, 'policy', 'applied')) throw invalidSave(`${p}.policyId`, 'does not agree with the vault\'s policy state');
        if (c.policyId !== null && (!policy || !(policy.context.vaultIds as string[]).includes(id))) throw invalidSave(`${p}.policyId`, `names ${String(c.policyId)}, which is not applied to this vault`);
        checkSync(s, r, id, inState(r, 'sync', 'syncing'), (copy, path) => mayBe(copy, ['localCopy'], path));
        break;
      }
      case 'policy': {
        (c.vaultIds as string[]).forEach((v, i) => {
          if (must(v, ['vault'], `${p}.vaultIds[${i}]`).context.policyId !== id) throw invalidSave(`${p}.vaultIds[${i}]`, `names vault ${v}, whose policy is another`);
        });
        try {
          parseSchedule(c.pattern as string[], c.createdAt as number);
          validateRetention(c.retention as RetentionRules);
        } catch (error) {
          throw invalidSave(`${p}.${error instanceof Error && /retention|backups|timezone|combined/i.test(error.message) ? 'retention' : 'pattern'}`, `is not valid: ${(error as Error).message}`);
        }
        break;
      }
      case 'backup': {
        // A VMware backup keeps its VM's facts as a server backup keeps its server's (C10).
        const hasFacts = c.resourceKind === 'server' || c.resourceKind === 'vmware';
        if (hasFacts !== (c.server !== null)) throw invalidSave(`${p}.server`, `must be ${hasFacts ? 'the server\'s facts' : 'null'} for a ${String(c.resourceKind)} backup`);
        mayBe(c.resourceId, [c.resourceKind === 'vmware' ? 'vm' : (c.resourceKind as ResourceKind)], `${p}.resourceId`);
        if (c.copyId !== undefined && c.copyId !== null) mayBe(c.copyId, ['localCopy'], `${p}.copyId`);
        if (c.resourceKind === 'vmware' && (c.copyId ?? null) === null) throw invalidSave(`${p}.copyId`, 'is null for a VMware backup, which is synchronised from a local copy (V1)');
        // V2: a VMware backup arrives Available; its chart has no way into Creating.
        if (c.resourceKind === 'vmware' && inState(r, 'lifecycle', 'creating')) throw invalidSave(`${p.replace(/\.context$/, '.value')}.lifecycle`, 'is creating for a VMware backup, which is born Available (V2)');
        const vault = mayBe(c.vaultId, ['vault'], `${p}.vaultId`);
        if (vault && (c.resourceKind === 'vmware') !== (vault.context.resourceKind === 'vmware')) {
          throw invalidSave(`${p}.vaultId`, `names ${String(vault.context.resourceKind)} vault ${String(c.vaultId)}, which does not hold ${String(c.resourceKind)} backups (only a hybrid vault holds VMware ones)`);
        }
        mayBe(c.previousBackupId, ['backup'], `${p}.previousBackupId`);
        if ((c.imageId !== null) !== inState(r, 'imageLink', 'linked')) throw invalidSave(`${p}.imageId`, 'does not agree with the backup\'s image link state');
        if (c.imageId !== null && must(c.imageId, ['image'], `${p}.imageId`).context.backupId !== id) throw invalidSave(`${p}.imageId`, `names image ${String(c.imageId)}, which was made from another backup`);
        if (inState(r, 'lifecycle', 'restoring') && c.restore === null) throw invalidSave(`${p}.restore`, 'is null while the backup is restoring');
        ((c.children ?? []) as { id: string }[]).forEach((k, i) => {
          // R1: a child's id is its parent's id and its place; a disk backup has none.
          if (k.id !== `${id}-${i + 1}` || c.resourceKind === 'disk') throw invalidSave(`${p}.children[${i}].id`, `must be ${id}-${i + 1}, a disk backup of this server backup`);
        });
        if (!inState(r, 'expiry', 'forever') && (c.expiredAt ?? null) === null) throw invalidSave(`${p}.expiredAt`, 'is null while the backup has an expiry (P6)');
        if (((c.expiredAt ?? null) === null) !== ((c.expiryBatchAt ?? null) === null)) throw invalidSave(`${p}.expiryBatchAt`, 'must be set exactly when expiredAt is (P8)');
        break;
      }
      case 'vm': {
        const site = mayBe(c.siteId, ['site'], `${p}.siteId`);
        if (site && !(site.context.vmIds as string[]).includes(id)) throw invalidSave(`${p}.siteId`, `names site ${String(c.siteId)}, which does not list this VM`);
        (c.disks as { id: string }[]).forEach((d, i) => {
          if (d.id !== `${id}-${i + 1}`) throw invalidSave(`${p}.disks[${i}].id`, `must be ${id}-${i + 1}`);
        });
        checkMembership(r, id, mayBe(c.vaultId, ['vault'], `${p}.vaultId`), inState(r, 'vault', 'inVault'));
        break;
      }
      case 'site': {
        (c.vmIds as string[]).forEach((v, i) => {
          if (must(v, ['vm'], `${p}.vmIds[${i}]`).context.siteId !== id) throw invalidSave(`${p}.vmIds[${i}]`, `names VM ${v}, which is of another site`);
        });
        if ((c.ebackup === true) !== inState(r, 'ebackup', 'installed')) throw invalidSave(`${p}.ebackup`, 'does not agree with the site\'s eBackup state');
        break;
      }
      case 'localCopy': {
        mayBe(c.vmId, ['vm'], `${p}.vmId`);
        mayBe(c.siteId, ['site'], `${p}.siteId`);
        const backup = mayBe(c.backupId, ['backup'], `${p}.backupId`);
        if (backup && backup.context.copyId !== id) throw invalidSave(`${p}.backupId`, `names backup ${String(c.backupId)}, which was synchronised from another copy`);
        break;
      }
      case 'image': {
        if ((c.backupId === null) !== inState(r, 'sourceBackup', 'none')) throw invalidSave(`${p}.backupId`, 'does not agree with the image\'s source backup state');
        const backup = mayBe(c.backupId, ['backup'], `${p}.backupId`);
        const waiting = c.backupId !== null && s.pendingImages.some(([b, img]) => b === c.backupId && img === id);
        if (c.backupId !== null && !inState(r, 'sourceBackup', 'gone') && !waiting && backup?.context.imageId !== id) {
          throw invalidSave(`${p}.backupId`, `names ${String(c.backupId)}, which is not this image's backup`);
        }
        break;
      }
    }
  }

  // Timers: exactly the `after` transitions each owner's current states have pending.
  const seqs = new Set<number>();
  const byOwner = new Map<string, string[]>();
  s.timers.forEach((t, i) => {
    const p = `timers[${i}]`;
    must(t.owner, Object.keys(MACHINES) as ResourceKind[], `${p}.owner`);
    if (seqs.has(t.seq)) throw invalidSave(`${p}.seq`, `${t.seq} is used twice`);
    if (t.seq >= s.clock.nextSeq) throw invalidSave(`${p}.seq`, 'is not below clock.nextSeq');
    if (t.deadline < now || t.deadline > MAX_TIME) throw invalidSave(`${p}.deadline`, 'is before clock.now or after the last date JavaScript can hold');
    if (t.id !== t.event.type) throw invalidSave(`${p}.id`, 'is not the event\'s type');
    seqs.add(t.seq);
    byOwner.set(t.owner, [...(byOwner.get(t.owner) ?? []), t.event.type]);
  });
  for (const [id, r] of live) {
    const expected = pendingAfterEvents(MACHINES[r.kind] as AnyStateMachine, r.snapshot.value);
    const saved = (byOwner.get(id) ?? []).sort();
    if (JSON.stringify(expected) !== JSON.stringify(saved)) {
      const missing = expected.find((e) => !saved.includes(e));
      throw invalidSave('timers', missing
        ? `lack the timer ${missing} that ${r.kind} ${id} has pending in state ${JSON.stringify(r.snapshot.value)}`
        : `hold a timer of ${r.kind} ${id} that its state ${JSON.stringify(r.snapshot.value)} does not have (or one twice)`);
    }
  }

  // Tombstones, and the world's own indexes.
  const gone = new Set<string>();
  s.tombstones.forEach(([id, record, expiresAt, value], i) => {
    if (record.id !== id) throw invalidSave(`tombstones[${i}][1].id`, `is not ${id}`);
    if (value !== undefined) {
      const problem = finalValueProblem(MACHINES[record.kind] as AnyStateMachine, value);
      if (problem) throw invalidSave(`tombstones[${i}][3]`, `is no final state value of a ${record.kind}: ${problem}`);
    }
    if (live.has(id) || gone.has(id)) throw invalidSave(`tombstones[${i}][0]`, `${id} is also live or listed twice`);
    if (!id.startsWith(`${PREFIX[record.kind]}-`)) throw invalidSave(`tombstones[${i}][1].kind`, `does not fit the id ${id}`);
    if (expiresAt <= now) throw invalidSave(`tombstones[${i}][2]`, 'has expired (a save holds none)');
    gone.add(id);
  });
  const listed = new Map<string, string>();
  s.backupsByResource.forEach(([resourceId, list], i) => {
    list.forEach((b, j) => {
      const backup = must(b, ['backup'], `backupsByResource[${i}][1][${j}]`);
      if (backup.context.resourceId !== resourceId || listed.has(b)) throw invalidSave(`backupsByResource[${i}][1][${j}]`, `${b} is not a backup of ${resourceId}, or is listed twice`);
      listed.set(b, resourceId);
    });
  });
  for (const [id, r] of live) if (r.kind === 'backup' && !listed.has(id)) throw invalidSave('backupsByResource', `do not list backup ${id}`);
  s.pendingImages.forEach(([backupId, imageId], i) => {
    must(backupId, ['backup'], `pendingImages[${i}][0]`);
    if (must(imageId, ['image'], `pendingImages[${i}][1]`).context.backupId !== backupId) throw invalidSave(`pendingImages[${i}][1]`, `names image ${imageId}, which waits for another backup`);
  });
  for (const kind of ['server', 'disk'] as const) {
    const vaultId = s.defaultVaults[kind];
    if (vaultId !== undefined && must(vaultId, ['vault'], `defaultVaults.${kind}`).context.resourceKind !== kind) throw invalidSave(`defaultVaults.${kind}`, `names a vault that is not for ${kind}s`);
  }

  // The journal: in sequence, none after the last seq or the clock.
  let last = 0;
  s.journal.records.forEach((r, i) => {
    if (r.seq <= last || r.seq > s.journal.seq) throw invalidSave(`journal.records[${i}].seq`, 'is out of sequence');
    if (r.at > now) throw invalidSave(`journal.records[${i}].at`, 'is after clock.now');
    last = r.seq;
  });
}

/**
 * V1: a vault's running sync and its state agree, and name the vault's running sync task (S2):
 * a sync without its task would end into nothing, a task without its sync would never end.
 */
function checkSync(s: SavedSimulation, r: Live, id: string, syncing: boolean, copy: (id: unknown, path: string) => unknown): void {
  const sync = (r.context.sync ?? null) as { taskId: string; copyIds: string[]; failed: { copyId: string }[] } | null;
  const p = `${r.path}.sync`;
  if ((sync !== null) !== syncing) throw invalidSave(p, `must be ${syncing ? 'the running sync' : 'null'} while the vault's sync state is ${syncing ? 'syncing' : 'idle'}`);
  const running = (s.tasks?.running ?? []).find(([key]) => key === `sync:${id}`)?.[1] ?? null;
  if (sync === null) {
    if (running !== null) throw invalidSave('tasks.running', `hold the sync task ${running} of vault ${id}, which is not syncing`);
    return;
  }
  const task = s.tasks?.entries.find((t) => t.id === sync.taskId);
  if (!task || task.operationType !== 'sync' || task.vaultId !== id) throw invalidSave(`${p}.taskId`, `names ${JSON.stringify(sync.taskId)}, which is no sync task of this vault in the save`);
  if (running !== sync.taskId) throw invalidSave(`${p}.taskId`, `names task ${sync.taskId}, which is not the vault's running sync task`);
  // A copy may have expired (and gone) since the sync started: it then counts as failed.
  sync.copyIds.forEach((c, i) => copy(c, `${p}.copyIds[${i}]`));
  sync.failed.forEach((f, i) => copy(f.copyId, `${p}.failed[${i}].copyId`));
}

/** A server or disk and its vault agree: in the vault's list, and in state `inVault`, or neither. */
function checkMembership(r: Live, id: string, vault: Live | undefined, inVault: boolean): void {
  const vaultId = r.context.vaultId;
  if ((vaultId !== null) !== inVault) throw invalidSave(`${r.path}.vaultId`, 'does not agree with the resource\'s vault state');
  if (vaultId !== null && (!vault || !(vault.context.resourceIds as string[]).includes(id))) throw invalidSave(`${r.path}.vaultId`, `names ${String(vaultId)}, which does not list this ${r.kind}`);
}

/** Throws `Sim.InvalidSave` naming the first bad path, or returns: the save can be restored. */
export function checkSave(saved: unknown): asserts saved is SavedSimulation {
  checkShape(saved);
  checkSchema(saved);
  checkReferences(saved as SavedSimulation);
}
