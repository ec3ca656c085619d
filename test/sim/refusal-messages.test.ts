/**
 * Issue 9 §5, "every refusal tells the truth": every refusal the charts declare, in every state of
 * its chart where it fires, has its own message (never the generic fallback), names the resource,
 * and promises no state the resource can no longer reach. Nothing here is a hand-kept list of
 * refusals or of reachable states: the refusals are read from the charts (`machine.root`), the
 * states are explored with xstate/graph (the check's `explore`), and what a state can still reach
 * is walked from the charts' own transitions. A refusal another engineer adds is checked too.
 *
 * Then each of the messages that did not tell the truth before, through the real Simulation.
 */
import { describe, expect, it } from 'vitest';
import { getInitialSnapshot, transition, type AnyMachineSnapshot, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { MACHINES } from '../../src/sim/world.js';
import { regionMachine } from '../../machines/region.machine.js';
import type { RefuseParams } from '../../machines/refusal.js';
import { explore, type ModelState } from '../../src/check/explore.js';
import { BACKUP_VARIANTS } from '../../src/check/backup-image.js';
import { fallbackMessage, refusalError, type RefusalFacts } from '../../src/sim/errors.js';
import { backupRecord, diskRecord, imageRecord, localCopyRecord, serverRecord, siteRecord, vaultRecord, vmRecord } from '../../src/sim/records.js';
import { createSimulation, type Simulation } from '../../src/index.js';
import { advanceUntil, refusal, statusOf } from './support.js';

// --- the charts' refusals ------------------------------------------------------------------------

type Kind = keyof typeof MACHINES | 'region';
const CHARTS: Record<Kind, AnyStateMachine> = { ...MACHINES, region: regionMachine } as Record<Kind, AnyStateMachine>;

interface Declared {
  kind: Kind;
  node: AnyStateNode;
  event: string;
  transition: object;
  params: RefuseParams;
}

function allNodes(node: AnyStateNode, out: AnyStateNode[] = []): AnyStateNode[] {
  out.push(node);
  for (const child of Object.values(node.states)) allNodes(child as AnyStateNode, out);
  return out;
}

function refuseOf(t: { actions: readonly unknown[] }): RefuseParams | null {
  for (const a of t.actions) {
    if (typeof a === 'object' && a !== null && (a as { type?: unknown }).type === 'refuse') return (a as { params: RefuseParams }).params;
  }
  return null;
}

/** Every transition of every chart whose action is `refuse`. */
function declaredRefusals(): Declared[] {
  const out: Declared[] = [];
  for (const [kind, machine] of Object.entries(CHARTS) as [Kind, AnyStateMachine][]) {
    for (const node of allNodes(machine.root)) {
      for (const [event, list] of node.transitions) {
        for (const t of list) {
          const params = refuseOf(t as never);
          if (params) out.push({ kind, node, event, transition: t, params });
        }
      }
    }
  }
  return out;
}

// --- what a state can still reach, from the charts' transitions ----------------------------------

/** The nodes active once `target` is entered: it, its ancestors, and its initial descendants. */
function enter(target: AnyStateNode, out: Set<AnyStateNode>): void {
  for (let n: AnyStateNode | undefined = target; n && !out.has(n); n = n.parent) out.add(n);
  out.add(target);
  if (target.type === 'parallel') for (const c of Object.values(target.states)) enter(c as AnyStateNode, out);
  if (target.type === 'compound') for (const c of target.initial?.target ?? []) enter(c as AnyStateNode, out);
}

/** Every state node some sequence of the chart's transitions (any event, any guard) can reach. */
function reachable(snapshot: AnyMachineSnapshot): Set<AnyStateNode> {
  const seen = new Set<AnyStateNode>((snapshot as unknown as { _nodes: AnyStateNode[] })._nodes);
  const queue = [...seen];
  while (queue.length) {
    const node = queue.shift()!;
    const lists = [...node.transitions.values(), node.always ?? []];
    for (const list of lists) {
      for (const t of list) {
        for (const target of t.target ?? []) {
          const entered = new Set<AnyStateNode>();
          enter(target as AnyStateNode, entered);
          for (const n of entered) if (!seen.has(n)) (seen.add(n), queue.push(n));
        }
      }
    }
  }
  return seen;
}

/**
 * The states a message promises the resource itself will reach: "wait until it is Available",
 * "once it is Normal or Failed", "until the mark appears" (a state whose meta has a mark).
 */
function promises(message: string, kind: string): { labels: string[]; mark: boolean } {
  const labels: string[] = [];
  const subject = `(?:it|the ${kind})`;
  const re = new RegExp(`\\b(?:until|once|when) ${subject} is ((?:[A-Z][\\w-]*)(?:(?:, | or )[A-Z][\\w-]*)*)`, 'g');
  for (const m of message.matchAll(re)) labels.push(...m[1]!.split(/, | or /));
  return { labels, mark: /until the mark appears/.test(message) };
}

// --- exploring each chart ------------------------------------------------------------------------

const BASE_SERVER = {
  id: 'ecs-1', name: 'web', createdAt: 0, os: 'linux', initTool: true, optimized: true, az: 'eu-de-01',
  systemDiskId: 'evs-1', dataDiskIds: ['evs-2'], sourceImageId: null, timing: { provisionMs: 90_000 }, willFail: false,
};
const BASE_DISK = {
  id: 'evs-1', name: 'web-system', createdAt: 0, sizeGB: 40, az: 'eu-de-01', role: 'system', serverId: 'ecs-1',
  sourceBackupId: null, sourceImageId: null, timing: { createMs: 30_000, deleteMs: 10_000 },
};
const BASE_BACKUP = {
  id: 'bk-1', name: 'manualbk_0001', createdAt: 0, resourceId: 'ecs-1', resourceKind: 'server', vaultId: 'vault-1', az: 'eu-de-01',
  sizeGB: 140, containsSystemDisk: true, autoTrigger: true, previousBackupId: null,
  server: { os: 'linux', initTool: true, optimized: true, systemDiskGB: 40, dataDisksGB: [100] },
  timing: { snapshotPhaseMs: 240_000, dataTransferMs: 980_000, restoreMs: 600_000, deleteMs: 60_000 }, willFail: false,
};
const BASE_IMAGE = {
  id: 'img-1', name: 'web-image', createdAt: 0, imageKind: 'full-ecs', sizeGB: 84, backupId: 'bk-1', backupStatus: 'creating', az: 'eu-de-01',
  os: 'linux', initTool: true, optimized: true, systemDiskGB: 40, dataDisksGB: [100], timing: { imageJobMs: 60_000 }, willFail: false,
};
const lone = (imageKind: string) => ({ imageKind, backupId: null, backupStatus: 'none', dataDisksGB: imageKind === 'data-disk' ? [20] : [], systemDiskGB: imageKind === 'data-disk' ? null : 20 });

/** The inputs each chart is explored from: every guard on the input gets both answers. */
const INPUTS: Record<Kind, Record<string, unknown>[]> = {
  server: [{}, { willFail: true }, { initTool: false, optimized: false }].map((v) => ({ ...BASE_SERVER, ...v })),
  disk: [{}, { role: 'data', id: 'evs-2' }, { role: 'data', id: 'evs-3', serverId: null }].map((v) => ({ ...BASE_DISK, ...v })),
  backup: Object.values(BACKUP_VARIANTS).map((v) => ({ ...BASE_BACKUP, ...v })),
  image: [{}, { backupStatus: 'available' }, lone('system-disk'), lone('data-disk')].flatMap((v) => [false, true].map((willFail) => ({ ...BASE_IMAGE, ...v, willFail }))),
  vault: [{ capacityGB: 100 }, { capacityGB: null }, { capacityGB: 100, autoExpand: true }, { capacityGB: 100, resourceKind: 'vmware' }]
    .map((v) => ({ id: 'vault-1', name: 'web-vault', createdAt: 0, resourceKind: 'server', ...v })),
  policy: [],
  site: [false, true].map((ebackup) => ({ id: 'site-1', name: 'dc1', createdAt: 0, ebackup })),
  vm: [{ vsphereVersion: '7.0', vsphereSupported: true }, { vsphereVersion: '5.5', vsphereSupported: false }].map((v) => ({
    id: 'vm-1', name: 'erp01', createdAt: 0, siteId: 'site-1', os: 'linux', disks: [{ id: 'vm-1-1', sizeGB: 40, systemDisk: true }], ...v,
  })),
  localCopy: [{
    id: 'copy-1', name: 'erp01_ebk_0001', createdAt: 0, vmId: 'vm-1', siteId: 'site-1', os: 'linux', disks: [{ id: 'vm-1-1', sizeGB: 40, systemDisk: true }],
    sizeGB: 40, timing: { localBackupMs: 1_100_000, uploadMs: 1_320_000 },
  }],
  // A job refuses nothing (refusals are the commands' synchronous errors): no input to explore.
  job: [],
  region: [{ name: 'eu-de', imageQuota: 2 }],
};

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** The payloads each event is sent with, so that guards on the event get both answers. */
const PAYLOADS: Record<string, Record<string, unknown>[]> = {
  ADD_TO_VAULT: [{ vaultId: 'vault-1' }, { vaultId: 'vault-2' }],
  ATTACH: [{ serverId: 'ecs-2', serverAz: 'eu-de-01' }, { serverId: 'ecs-3', serverAz: 'eu-de-02' }],
  ATTACH_DISK: [{ diskId: 'evs-9' }],
  DETACH_DISK: [{ diskId: 'evs-9' }],
  CREATE_IMAGE: [{ imageId: 'img-1', imageKind: 'full-ecs' }, { imageId: 'img-1', imageKind: 'system-disk' }],
  RESTORE: [{ targetId: 'ecs-1', willFail: false }],
  RESTORE_START: [{ backupId: 'bk-1', endsAt: 1 }],
  PROVISION: [{ count: 1, az: 'eu-de-01' }, { count: 1, az: 'eu-de-02' }, { count: 101, az: 'eu-de-01' }],
  DELETE: [{ deleteBackup: false }, { deleteBackup: true }],
  ADD_RESOURCES: [{ ids: ids('ecs', 128) }, { ids: ids('ecs-x', 257) }],
  REMOVE_RESOURCES: [{ ids: ids('ecs', 128) }],
  RESERVE: [{ gb: 40 }, { gb: 70 }],
  RELEASE: [{ gb: 40 }],
  APPLY_POLICY: [{ policyId: 'pol-1' }],
  UPDATE: [{ initTool: true, optimized: true }, { autoExpand: true }, { capacityGB: 150 }],
  RUN_ENDED: [{ run: { at: 0, policyId: 'pol-1', status: 'failed', backupIds: [], skippedIds: [], failures: [{ resourceId: 'ecs-1', code: 'BackupService.6114' }] } }],
  RENAME: [{ name: 'renamed' }],
  SHARE: [{ projectIds: ['project-2'] }],
  SYNC_START: [{ sync: { taskId: 'task-1', copyIds: ['copy-1'], wholeVault: false, ms: 30_000, failed: [] } }],
  SYNCED: [{ backupId: 'bk-2' }],
  VM_ADDED: [{ vmId: 'vm-1' }],
  VM_REMOVED: [{ vmId: 'vm-1' }],
};

/** The verbs that send each chart's event (the world's commands); a new event is its own verb. */
const VERBS: Partial<Record<Kind, Record<string, string[]>>> = {
  server: {
    STOP: ['stopServer'], START: ['startServer'], DELETE: ['deleteServer'], CREATE_IMAGE: ['createImageFromServer'], ATTACH_DISK: ['attachDisk'],
    DETACH_DISK: ['detachDisk'], UPDATE: ['updateServer'], BACKUP_START: ['backupServer', 'createImageFromServer'], RESTORE_START: ['restoreBackup'],
    ADD_TO_VAULT: ['createVault', 'addVaultResources', 'backupServer'],
  },
  disk: {
    ATTACH: ['attachDisk'], DETACH: ['detachDisk'], DELETE: ['deleteDisk'], CREATE_IMAGE: ['createImageFromDisk'], BACKUP_START: ['backupDisk'],
    RESTORE_START: ['restoreBackup'], ADD_TO_VAULT: ['createVault', 'addVaultResources', 'backupDisk'],
  },
  backup: {
    CREATE_IMAGE: ['createImageFromBackup', 'createImageFromServer'], DELETE: ['deleteBackup', 'deleteImage'], VAULT_DELETED: ['deleteVault'],
    RESTORE: ['restoreBackup'], CREATE_DISK: ['createDiskFromBackup'], RENAME: ['updateBackup'], SHARE: ['shareBackup'], EXPORT: ['exportBackup'],
  },
  image: { PROVISION: ['provisionServers'], CREATE_DISK: ['createDiskFromImage'], EXPORT: ['exportImage'], UPDATE: ['updateImage'], DELETE: ['deleteImage'] },
  vault: {
    ADD_RESOURCES: ['createVault', 'addVaultResources', 'backupServer'], RESERVE: ['backupServer', 'backupDisk'],
    APPLY_POLICY: ['applyPolicy'], DISSOCIATE_POLICY: ['dissociatePolicy'], UPDATE: ['updateVault'],
    SYNC_START: ['syncBackups', 'syncVault'], VAULT_DELETE: ['deleteVault'],
  },
  site: { INSTALL_EBACKUP: ['installEbackup'], BACKUP_VM: ['backupVmOnPrem'] },
  vm: { BACKUP_START: ['backupVmOnPrem'], ADD_TO_VAULT: ['createVault', 'addVaultResources'], DELETE: ['deleteVm'] },
  localCopy: { SYNC: ['syncBackups'], EXPIRE: ['expireLocalCopy'] },
  region: { RESERVE_IMAGE: ['createImageFromBackup', 'createImageFromServer', 'createImageFromDisk', 'importImage'], CREATE_POLICY: ['createPolicy'] },
};

/** Verbs that ask a resource not made yet (the world's draft, id `(new)`), so only its first state. */
const DRAFT: Partial<Record<Kind, string[]>> = { backup: ['createImageFromServer'], vault: ['createVault'] };

const RECORDS: Partial<Record<Kind, (s: never) => object>> = {
  server: serverRecord, disk: diskRecord, backup: backupRecord, image: imageRecord, vault: vaultRecord,
  site: siteRecord, vm: vmRecord, localCopy: localCopyRecord,
};

interface State extends ModelState {
  snapshot: AnyMachineSnapshot;
}

function eventsOf(machine: AnyStateMachine): { type: string; [k: string]: unknown }[] {
  return machine.events
    .filter((type) => !type.startsWith('xstate.') || type.startsWith('xstate.after.'))
    .flatMap((type) => (PAYLOADS[type] ?? [{}]).map((p) => ({ ...p, type })));
}

function serialize(s: State): string {
  const c = { ...(s.snapshot.context as Record<string, unknown>) };
  delete c.provisioned;
  delete c.exports;
  // Lists that grow with repeated events (a disk attached twice): what matters is which ids.
  for (const [k, v] of Object.entries(c)) if (Array.isArray(v) && k !== 'resourceIds') c[k] = [...new Set(v.map((x) => JSON.stringify(x)))].sort();
  if (Array.isArray(c.resourceIds)) c.resourceIds = c.resourceIds.length;
  if (c.capacityGB === null) c.usedGB = 0; // grows without end in a vault that expands
  if (c.autoExpand === true) [c.capacityGB, c.usedGB] = [c.usedGB === c.capacityGB, 0]; // so does an auto-expanding one (P10)
  return JSON.stringify([s.snapshot.value, c]);
}

/** Every reachable snapshot of `kind`'s chart, from each of its inputs. */
function explored(kind: Kind): { snapshot: AnyMachineSnapshot; initial: boolean }[] {
  const machine = CHARTS[kind];
  const events = eventsOf(machine);
  const out: { snapshot: AnyMachineSnapshot; initial: boolean }[] = [];
  for (const input of INPUTS[kind]) {
    const first = getInitialSnapshot(machine, input as never) as AnyMachineSnapshot;
    const root: State = { status: 'active', output: undefined, error: undefined, snapshot: first };
    const step = (s: State, event: { type: string }): State => {
      try {
        const [next] = transition(machine, s.snapshot, event as never);
        return next.status === 'active' || next.status === 'done' ? { ...s, snapshot: next as AnyMachineSnapshot } : s;
      } catch {
        return s; // an event this input's chart cannot take with this payload
      }
    };
    const x = explore(root, step, () => events as never, serialize, 20_000);
    for (const s of x.states.values()) out.push({ snapshot: s.snapshot, initial: s.snapshot === first });
  }
  return out;
}

function missingTools(server: unknown): string | undefined {
  const s = server as { os: string; initTool: boolean; optimized: boolean } | null;
  if (!s) return undefined;
  const m = [!s.initTool ? (s.os === 'windows' ? 'Cloudbase-Init' : 'Cloud-Init') : '', !s.optimized ? 'optimization' : ''].filter(Boolean);
  return m.length ? m.join(' and ') : undefined;
}

/** The facts the world gives a refusal message of `kind` in `snapshot` (see `World.factsOf`). */
function factsOf(kind: Kind, snapshot: AnyMachineSnapshot, verb: string, event: { type: string }, draft: boolean): RefusalFacts {
  const c = snapshot.context as Record<string, unknown>;
  if (kind === 'region') {
    return { verb, kind, id: String(c.name), label: '', status: '', imageQuota: c.imageQuota, policies: c.policies, event: event.type, request: event };
  }
  const record = RECORDS[kind]!(snapshot as never) as Record<string, unknown>;
  const extra: Record<string, unknown> = {
    timing: c.timing, event: event.type, request: event,
    ...(kind === 'backup' ? { resourceId: c.resourceId, missing: missingTools(c.server) } : {}),
    ...(kind === 'image' ? { imageKind: c.imageKind, imageAz: c.az, backupId: c.backupId } : {}),
    ...('gb' in event ? { gb: event.gb } : {}),
  };
  const id = draft ? '(new)' : String(record.id);
  return { ...record, ...extra, verb, kind, id, label: String(record.label) };
}

interface Problem {
  refusal: string;
  state: string;
  verb: string;
  message: string;
  problem: string;
}

function problemsOf(facts: RefusalFacts, message: string, snapshot: AnyMachineSnapshot): string[] {
  const out: string[] = [];
  if (message === fallbackMessage(facts) || /is not possible now/.test(message)) out.push('uses the generic fallback');
  if (facts.id === '(new)') {
    if (message.includes('(new)')) out.push('names a resource "(new)"');
    if (!message.includes(String(facts.name)) && !message.includes(String(facts.resourceId))) out.push('names neither the new resource nor its source');
  } else if (!message.includes(facts.id)) out.push(`does not name ${facts.id}`);
  if (/\bundefined\b|\bnull\b|\[object /.test(message)) out.push('shows a missing fact');
  const promised = promises(message, facts.kind);
  const reach = reachable(snapshot);
  for (const label of promised.labels) {
    if (![...reach].some((n) => (n.meta as { label?: string } | undefined)?.label === label)) out.push(`promises "${label}", which this state cannot reach`);
  }
  if (promised.mark && ![...reach].some((n) => (n.meta as { mark?: string } | undefined)?.mark)) out.push('promises a mark this state cannot reach');
  return out;
}

describe('every refusal the charts declare (issue 9 §5)', () => {
  const declared = declaredRefusals();

  it('is found in the charts, the new ones of other work included', () => {
    const codes = new Set(declared.map((d) => d.params.code));
    for (const code of ['BackupService.6208', 'BackupService.6201', 'Ecs.0032', 'IMG.0126', 'IMG.0136', 'Sim.InvalidState', 'Sim.InvalidArgument']) {
      expect(codes, code).toContain(code);
    }
  });

  it('names the resource, is never the generic fallback, and promises only states its chart can still reach, in every state where it fires', () => {
    const problems: Problem[] = [];
    const checked = new Set<object>();
    const seenNode = new Set<AnyStateNode>();
    for (const kind of Object.keys(CHARTS) as Kind[]) {
      const mine = declared.filter((d) => d.kind === kind);
      if (mine.length === 0) continue;
      expect(INPUTS[kind].length, `inputs to explore the ${kind} chart from`).toBeGreaterThan(0);
      const machine = CHARTS[kind];
      const states = explored(kind);
      const events = eventsOf(machine);
      const check = (d: Declared, snapshot: AnyMachineSnapshot, initial: boolean, event: { type: string }, params: RefuseParams) => {
        for (const verb of VERBS[kind]?.[d.event] ?? [d.event]) {
          const draft = DRAFT[kind]?.includes(verb) ?? false;
          if (draft && !initial) continue;
          // The world asks the draft of a full-ECS image's backup only for I3 and I4 (C12).
          if (draft && kind === 'backup' && params.code === 'BackupService.6208') continue;
          // ... and that backup is the server's: a VMware backup is never a draft (it is synchronised, V2).
          if (draft && kind === 'backup' && (snapshot.context as { resourceKind?: string }).resourceKind === 'vmware') continue;
          const facts = factsOf(kind, snapshot, verb, event, draft);
          const message = refusalError(params, facts).message;
          for (const problem of problemsOf(facts, message, snapshot)) {
            problems.push({ refusal: `${params.code}${params.rule ? `:${params.rule}` : ''} ${d.node.id} ${d.event}`, state: JSON.stringify(snapshot.value), verb, message, problem });
          }
        }
      };
      // Where it fires: the chart selects the refusing transition for the event, guards and all.
      for (const { snapshot, initial } of states) {
        for (const n of (snapshot as unknown as { _nodes: AnyStateNode[] })._nodes) seenNode.add(n);
        for (const event of events) {
          let selected: readonly { actions: readonly unknown[] }[];
          try {
            selected = machine.getTransitionData(snapshot as never, event as never) as never;
          } catch {
            continue;
          }
          for (const t of selected) {
            const d = mine.find((x) => x.transition === t);
            if (!d) continue;
            checked.add(d.transition);
            check(d, snapshot, initial, event, d.params);
          }
        }
      }
      // A refusal whose guard no explored input satisfied: checked wherever its state is active.
      for (const d of mine.filter((x) => !checked.has(x.transition))) {
        const where = states.filter((s) => (s.snapshot as unknown as { _nodes: AnyStateNode[] })._nodes.includes(d.node));
        for (const { snapshot, initial } of where) check(d, snapshot, initial, { type: d.event, ...(PAYLOADS[d.event]?.[0] ?? {}) }, d.params);
        if (where.length > 0) checked.add(d.transition);
      }
    }
    const unchecked = declared.filter((d) => !checked.has(d.transition)).map((d) => `${d.params.code} ${d.node.id} ${d.event}`);
    expect(unchecked, 'refusals declared in states no exploration reached').toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000); // it explores every chart from every input: seconds, more on a loaded machine
});

// --- what happened before, through the real Simulation -------------------------------------------

function realistic(): Simulation {
  return createSimulation({ seed: 9 });
}

function running(sim: Simulation, o: Partial<Parameters<Simulation['createServer']>[0]> = {}) {
  const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40, dataDisksGB: [100], ...o });
  advanceUntil(sim, () => statusOf(sim, server.id) === 'ACTIVE');
  return server;
}

function availableBackup(sim: Simulation, serverId: string) {
  const backup = sim.backupServer(serverId);
  advanceUntil(sim, () => statusOf(sim, backup.id) !== 'protecting');
  return backup;
}

const GENERIC = /is not possible now/;

describe('messages that promised what cannot happen (issue 9 §5)', () => {
  it('6208 for an Error backup does not say to wait for the mark or for Available', () => {
    const sim = realistic();
    const web = running(sim);
    sim.failNext('backup');
    const backup = availableBackup(sim, web.id);
    expect(statusOf(sim, backup.id)).toBe('error');
    const e = refusal(() => sim.createImageFromBackup(backup.id, { name: 'img' }));
    expect(e.code).toBe('BackupService.6208');
    expect(e.message).not.toMatch(/until the mark appears|until it is Available|until the backup is Available/);
    expect(e.message).toMatch(/Back the server up again/);
  });

  it('6208, 6201 and 2005 for a Deleting backup do not say to wait until it is Available', () => {
    const sim = realistic();
    const web = running(sim);
    const backup = availableBackup(sim, web.id);
    sim.deleteBackup(backup.id);
    expect(statusOf(sim, backup.id)).toBe('deleting');
    const image = refusal(() => sim.createImageFromBackup(backup.id, { name: 'img' }));
    expect(image.code).toBe('BackupService.6208');
    expect(image.message).not.toMatch(/until the mark appears|Available/);
    const again = refusal(() => sim.deleteBackup(backup.id));
    expect(again.code).toBe('BackupService.6201');
    expect(again.message).not.toMatch(/until it is Available/);
    expect(again.message).toMatch(/already being deleted/);
    const restore = refusal(() => sim.restoreBackup(backup.id));
    expect(restore.code).toBe('BackupService.2005');
    expect(restore.message).not.toMatch(/until it is Available/);
    expect(restore.message).toMatch(/another Available backup/);
  });

  it('Ecs.0032, C9 and C11 for a Failed image do not say to wait until it is Normal', () => {
    const sim = realistic();
    sim.failNext('image', 2);
    const system = sim.importImage({ name: 'sys', kind: 'system-disk', sizeGB: 20 });
    const data = sim.importImage({ name: 'data', kind: 'data-disk', sizeGB: 20 });
    advanceUntil(sim, () => statusOf(sim, system.id) === 'killed' && statusOf(sim, data.id) === 'killed');
    for (const [code, run] of [
      ['Ecs.0032', () => sim.provisionServers(system.id, { count: 1 })],
      ['Sim.InvalidState', () => sim.exportImage(system.id)],
      ['Sim.InvalidState', () => sim.createDiskFromImage(data.id, { name: 'd' })],
    ] as const) {
      const e = refusal(run);
      expect(e.code).toBe(code);
      expect(e.message).not.toMatch(/until it is Normal/);
      expect(e.message).toMatch(/Failed.*Delete it and create the image again/);
    }
  });

  it('6201 from deleteVault names the vault', () => {
    const sim = realistic();
    const web = running(sim);
    const backup = sim.backupServer(web.id);
    const vaultId = backup.vaultId;
    const e = refusal(() => sim.deleteVault(vaultId));
    expect(e.code).toBe('BackupService.6201');
    expect(e.message).toContain(`Vault ${vaultId}`);
    expect(e.message).toContain(backup.id);
  });

  it('Ecs.0034 names a next step', () => {
    const sim = realistic();
    const web = running(sim);
    const backup = availableBackup(sim, web.id);
    const image = sim.createImageFromBackup(backup.id, { name: 'img' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    sim.deleteVault(backup.vaultId);
    advanceUntil(sim, () => sim.list('backup').length === 0);
    const e = refusal(() => sim.provisionServers(image.id, { count: 1 }));
    expect(e.code).toBe('Ecs.0034');
    expect(e.message).toMatch(/Delete the image and make a new full-ECS image/);
  });

  it('Sim.PrerequisiteNotMet from createImageFromServer does not speak of a backup that does not exist, and says how to install', () => {
    const sim = realistic();
    const web = running(sim, { initTool: false });
    const e = refusal(() => sim.createImageFromServer(web.id, { name: 'img', kind: 'full-ecs' }));
    expect(e.code).toBe('Sim.PrerequisiteNotMet');
    expect(e.message).not.toMatch(/backed up|\(new\)/);
    expect(e.message).toContain(`updateServer('${web.id}', { initTool: true })`);
  });

  it('6100 from createVault with 257 ids does not name a vault "(new)"', () => {
    const sim = realistic();
    const servers = Array.from({ length: 257 }, (_, i) => sim.createServer({ name: `s${i}`, os: 'linux', systemDiskGB: 10 }).id);
    const e = refusal(() => sim.createVault({ name: 'big', kind: 'server', resourceIds: servers }));
    expect(e.code).toBe('BackupService.6100');
    expect(e.message).not.toContain('(new)');
    expect(e.message).toMatch(/"big" was given 257/);
  });
});

describe('refusals that used the generic fallback (issue 9 §5)', () => {
  it('each names its reason and a next step', () => {
    const sim = realistic();
    const web = running(sim);
    const other = running(sim, { name: 'other', az: 'eu-de-02' });
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [web.id] });
    const policy = sim.createPolicy({ name: 'p', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'] });
    const cases: [string, () => unknown, RegExp][] = [
      ['a resource already in this vault', () => sim.addVaultResources(vault.id, [web.id]), /already in vault .*nothing to add/],
      ['attaching a disk from another AZ', () => {
        const disk = sim.createDisk({ name: 'd', sizeGB: 10 });
        advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
        return sim.attachDisk(disk.id, other.id);
      }, /in eu-de-01, and server .* is in eu-de-02/],
      ['detaching a system disk', () => sim.detachDisk(web.systemDiskId), /system disk .* cannot be detached/],
      ['dissociating when there is none', () => sim.dissociatePolicy(vault.id), /has no policy/],
      ['applying a policy to a vault that has one', () => (sim.applyPolicy(policy.id, vault.id), sim.applyPolicy(policy.id, vault.id)), /dissociate it first/],
      ['deleting an in-use disk', () => sim.deleteDisk(web.dataDiskIds[0]!), /In-use, attached to server .*detach it first/],
      ['deleting a server still being built', () => sim.deleteServer(sim.createServer({ name: 'new', os: 'linux', systemDiskGB: 10 }).id), /still being built; wait until it is built \(about 90 s/],
      ['restoring onto a Faulty server', () => {
        const backup = availableBackup(sim, web.id);
        const image = sim.importImage({ name: 'sys', kind: 'system-disk', sizeGB: 40 });
        advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
        sim.failNext('provision');
        const [faulty] = sim.provisionServers(image.id, { count: 1 });
        advanceUntil(sim, () => statusOf(sim, faulty!.id) === 'ERROR');
        return sim.restoreBackup(backup.id, { targetId: faulty!.id });
      }, /Faulty/],
    ];
    for (const [what, run, reason] of cases) {
      const e = refusal(run);
      expect(e.message, what).not.toMatch(GENERIC);
      expect(e.message, what).toMatch(reason);
    }
  });

  it('7101, 7003 and IMG.0126 name the remedy', () => {
    const sim = realistic();
    const server = sim.createServer({ name: 'new', os: 'linux', systemDiskGB: 10 });
    const e7101 = refusal(() => sim.backupServer(server.id));
    expect(e7101.code).toBe('BackupService.7101');
    expect(e7101.message).toMatch(/wait until it is built \(about 90 s after it was created\)/);
    const disk = sim.createDisk({ name: 'd', sizeGB: 10 });
    const e7003 = refusal(() => sim.backupDisk(disk.id));
    expect(e7003.code).toBe('BackupService.7003');
    expect(e7003.message).toMatch(/wait until it is created \(about 30 s/);
    const img = refusal(() => sim.createImageFromServer(server.id, { name: 'i', kind: 'system-disk' }));
    expect(img.code).toBe('IMG.0126');
    expect(img.message).toMatch(/wait until it is built/);
  });
});

describe('full-ECS images of a server answer with IMS codes (issue 9 §4)', () => {
  it('IMG.0126 for a server not Running or Stopped, IMG.0136 for one being backed up', () => {
    const sim = realistic();
    const building = sim.createServer({ name: 'new', os: 'linux', systemDiskGB: 10 });
    expect(refusal(() => sim.createImageFromServer(building.id, { name: 'i', kind: 'full-ecs' })).code).toBe('IMG.0126');
    const web = running(sim);
    sim.backupServer(web.id);
    const busy = refusal(() => sim.createImageFromServer(web.id, { name: 'i', kind: 'full-ecs' }));
    expect(busy.code).toBe('IMG.0136');
    expect(busy.message).toMatch(/wait until that backup ends/);
    // A system-disk image does not back the server up: it is not refused.
    expect(sim.createImageFromServer(web.id, { name: 's', kind: 'system-disk' }).imageKind).toBe('system-disk');
  });
});

describe('updateServer and updateBackup (issue 9 §4)', () => {
  it('updateServer lets a trainee follow the I4 advice', () => {
    const sim = realistic();
    const web = running(sim, { initTool: false, optimized: false });
    const old = availableBackup(sim, web.id);
    const e = refusal(() => sim.createImageFromBackup(old.id, { name: 'img' }));
    expect(e.code).toBe('Sim.PrerequisiteNotMet');
    expect(e.message).toContain(`updateServer('${web.id}', { initTool: true, optimized: true })`);
    const updated = sim.updateServer(web.id, { initTool: true, optimized: true });
    expect(updated).toMatchObject({ initTool: true, optimized: true });
    // The old backup keeps what the server was then; a new one can make the image.
    expect(refusal(() => sim.createImageFromBackup(old.id, { name: 'img' })).code).toBe('Sim.PrerequisiteNotMet');
    const fresh = availableBackup(sim, web.id);
    expect(sim.createImageFromBackup(fresh.id, { name: 'img' }).imageKind).toBe('full-ecs');
  });

  it('updateServer is refused, with a next step, for a Stopped server and one being built; bad changes are invalid arguments', () => {
    const sim = realistic();
    const web = running(sim, { initTool: false });
    sim.stopServer(web.id);
    const stopped = refusal(() => sim.updateServer(web.id, { initTool: true }));
    expect(stopped.code).toBe('Sim.InvalidState');
    expect(stopped.message).toMatch(/start it \(startServer\), then updateServer/);
    expect(sim.get(web.id)).toMatchObject({ initTool: false });
    const building = sim.createServer({ name: 'new', os: 'linux', systemDiskGB: 10 });
    expect(refusal(() => sim.updateServer(building.id, { initTool: true })).message).toMatch(/wait until it is built/);
    expect(refusal(() => sim.updateServer(web.id, {})).code).toBe('Sim.InvalidArgument');
    expect(refusal(() => sim.updateServer(web.id, { initTool: 'yes' } as never)).code).toBe('Sim.InvalidArgument');
    expect(sim.preview('updateServer', [web.id, { initTool: true }])).toMatchObject({ allowed: false, refusal: { code: 'Sim.InvalidState' } });
  });

  it('updateBackup renames a backup, journaled, and refuses a bad name', () => {
    const sim = realistic();
    const web = running(sim);
    const backup = sim.backupServer(web.id);
    expect(sim.updateBackup(backup.id, { name: 'before-upgrade' }).name).toBe('before-upgrade');
    expect(sim.get(backup.id)).toMatchObject({ name: 'before-upgrade', status: 'protecting' });
    expect(sim.journal().some((r) => r.type === 'command' && r.verb === 'updateBackup')).toBe(true);
    expect(refusal(() => sim.updateBackup(backup.id, { name: '' })).code).toBe('Sim.InvalidArgument');
    expect(refusal(() => sim.updateBackup(backup.id, {} as never)).code).toBe('Sim.InvalidArgument');
    expect(sim.preview('updateBackup', [backup.id, { name: 'x' }])).toEqual({ allowed: true });
  });
});
