/**
 * The vault chart: at most 256 resources (6100), capacity (6114) or automatic expansion, at most
 * one backup policy (C5), none on a hybrid vault (6136, V4), and a hybrid vault's synchronisation
 * of on-premises backups (V1: 7300, 7302).
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, getInitialSnapshot } from 'xstate';
import {
  MAX_VAULT_GB,
  MAX_VAULT_RESOURCES,
  expandedCapacity,
  vaultMachine,
  type VaultEmitted,
  type VaultInput,
  type VaultRun,
  type VaultSnapshot,
  type VaultSync,
} from '../../machines/vault.machine.js';
import { MONDAY, allowed, at, drive, ignored, itHasARowForEveryDeclaredRefusal, moves, refused, respond, runTable, stays, timer, type Row, type SeenAction } from './support.js';

function input(over: Partial<VaultInput> = {}): VaultInput {
  return { id: 'vault-1', name: 'servers', createdAt: MONDAY, resourceKind: 'server', capacityGB: 100, ...over };
}

const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `srv-${from + i}`);

/** A vault holding `resources` servers with `usedGB` reserved. */
function vault(resources = 0, usedGB = 0, over: Partial<VaultInput> = {}): VaultSnapshot {
  let s = getInitialSnapshot(vaultMachine, input(over));
  if (resources > 0) s = drive(vaultMachine, s, { type: 'ADD_RESOURCES', ids: ids(resources) });
  if (usedGB > 0) s = drive(vaultMachine, s, { type: 'RESERVE', gb: usedGB });
  return s;
}

/** The simulator's default vault: no fixed capacity (the real service has no default vault). */
const DEFAULT_VAULT: Partial<VaultInput> = { capacityGB: null };
/** A 100 GB vault with auto-expansion (P10). */
const AUTO_EXPAND: Partial<VaultInput> = { capacityGB: 100, autoExpand: true };
const withPolicy = (s: VaultSnapshot) => drive(vaultMachine, s, { type: 'APPLY_POLICY', policyId: 'pol-1' });

const covered = new Set<string>();
const cover = (keys: Set<string>) => keys.forEach((k) => covered.add(k));

describe('vault resources: at most 256 servers or disks (BackupService.6100)', () => {
  it('starts empty, below the limit, with space, no policy and no sync', () => {
    const s = vault();
    expect(s.value).toEqual({ resources: 'belowLimit', capacity: 'hasSpace', policy: 'none', sync: 'idle' });
    expect(s.context).toMatchObject({ resourceIds: [], usedGB: 0, policyId: null, sync: null });
    expect(MAX_VAULT_RESOURCES).toBe(256);
  });

  const add = (n: number, from = 1000) => ({ type: 'ADD_RESOURCES', ids: ids(n, from) }) as const;
  const rows: Row<typeof vaultMachine>[] = [
    ['an empty vault, given one resource', vault(), add(1), stays()],
    ['an empty vault, given 255 resources', vault(), add(255), stays()],
    ['an empty vault, given 256 resources at once', vault(), add(256), moves('atLimit')],
    ['an empty vault, given 257 resources at once', vault(), add(257), refused('BackupService.6100')],
    ['a vault with 255 resources, given one more', vault(255), add(1), moves('atLimit')],
    ['a vault with 255 resources, given two more', vault(255), add(2), refused('BackupService.6100')],
    ['a full vault of 256 resources, given one more', vault(256), add(1), refused('BackupService.6100')],
    ['a full vault of 256 resources, losing one', vault(256), { type: 'REMOVE_RESOURCES', ids: ['srv-1'] }, moves('belowLimit')],
    ['a vault with 3 resources, losing one', vault(3), { type: 'REMOVE_RESOURCES', ids: ['srv-2'] }, stays()],
  ];
  cover(runTable(vaultMachine, rows, 'resources'));

  it('lists the resources it holds, and drops removed ones', () => {
    const s = drive(vaultMachine, vault(3), { type: 'REMOVE_RESOURCES', ids: ['srv-2'] });
    expect(s.context.resourceIds).toEqual(['srv-1', 'srv-3']);
  });

  it('accepts one more resource once one is removed from a full vault', () => {
    const s = drive(vaultMachine, vault(256), { type: 'REMOVE_RESOURCES', ids: ['srv-7'] });
    const r = respond(vaultMachine, s, { type: 'ADD_RESOURCES', ids: ['srv-999'] });
    expect(r.refusal).toBeUndefined();
    expect(r.snapshot.context.resourceIds).toHaveLength(256);
    expect(respond(vaultMachine, r.snapshot, { type: 'ADD_RESOURCES', ids: ['srv-1000'] }).refusal).toEqual({ code: 'BackupService.6100' });
  });
});

describe('vault capacity (BackupService.6114) and automatic expansion', () => {
  const reserve = (gb: number) => ({ type: 'RESERVE', gb }) as const;
  const release = (gb: number) => ({ type: 'RELEASE', gb }) as const;
  const rows: Row<typeof vaultMachine>[] = [
    ['an empty 100 GB vault, reserving 40 GB', vault(), reserve(40), stays()],
    ['an empty 100 GB vault, reserving exactly 100 GB', vault(), reserve(100), moves('full')],
    ['an empty 100 GB vault, reserving 101 GB', vault(), reserve(101), refused('BackupService.6114', 'P10')],
    ['a 100 GB vault with 60 GB used, reserving 40 GB', vault(0, 60), reserve(40), moves('full')],
    ['a 100 GB vault with 60 GB used, reserving 41 GB', vault(0, 60), reserve(41), refused('BackupService.6114', 'P10')],
    ['a full 100 GB vault, reserving 1 GB', vault(0, 100), reserve(1), refused('BackupService.6114', 'P10')],
    ['a full 100 GB vault, releasing 10 GB', vault(0, 100), release(10), moves('hasSpace')],
    ['a 100 GB vault with 60 GB used, releasing 10 GB', vault(0, 60), release(10), stays()],
    ['a default vault (no capacity), reserving 1 000 000 GB', vault(0, 0, DEFAULT_VAULT), reserve(1_000_000), stays()],
    ['a default vault holding 5 000 000 GB, reserving 10 485 760 GB more', vault(0, 5_000_000, DEFAULT_VAULT), reserve(10_485_760), stays()],
    ['a 100 GB auto-expanding vault with 60 GB used, reserving 41 GB (P10: grows to 125 GB)', vault(0, 60, AUTO_EXPAND), reserve(41), stays()],
    ['a 100 GB auto-expanding vault, reserving exactly 100 GB (P10: grows instead of filling)', vault(0, 0, AUTO_EXPAND), reserve(100), stays()],
    ['an auto-expanding vault, reserving more than the largest vault (P10)', vault(0, 0, AUTO_EXPAND), reserve(MAX_VAULT_GB + 1), refused('BackupService.6114', 'P10')],
    ['an auto-expanding vault, reserving exactly the largest vault', vault(0, 0, AUTO_EXPAND), reserve(MAX_VAULT_GB), moves('full')],
    ['a full 100 GB vault, when auto-expansion is enabled (P10: changes nothing)', vault(0, 100), { type: 'UPDATE', autoExpand: true }, stays()],
    ['a full 100 GB vault, given 150 GB of capacity', vault(0, 100), { type: 'UPDATE', capacityGB: 150 }, moves('hasSpace')],
    ['a 100 GB vault with space, given 150 GB of capacity', vault(0, 60), { type: 'UPDATE', capacityGB: 150 }, stays()],
  ];
  cover(runTable(vaultMachine, rows, 'capacity'));

  it('adds up reservations and releases, never below zero', () => {
    let s = drive(vaultMachine, vault(), reserve(30), reserve(25));
    expect(s.context.usedGB).toBe(55);
    s = drive(vaultMachine, s, release(15));
    expect(s.context.usedGB).toBe(40);
    s = drive(vaultMachine, s, release(1_000));
    expect(s.context.usedGB).toBe(0);
  });

  it('keeps sums of tenths of a GB exact', () => {
    const s = drive(vaultMachine, vault(0, 0, DEFAULT_VAULT), reserve(0.1), reserve(0.2), reserve(0.3));
    expect(s.context.usedGB).toBe(0.6);
    expect(drive(vaultMachine, s, release(0.1)).context.usedGB).toBe(0.5);
  });

  it('fills a whole-GB vault exactly with tenth-of-a-GB reservations', () => {
    const s = drive(vaultMachine, vault(0, 0, { capacityGB: 10 }), reserve(9.7), reserve(0.2));
    const r = respond(vaultMachine, s, reserve(0.1));
    expect(r.refusal).toBeUndefined();
    expect(r.snapshot.value).toMatchObject({ capacity: 'full' });
    expect(r.snapshot.context.usedGB).toBe(10);
  });

  it('is never full when it is a default vault (capacityGB null), however much it holds', () => {
    let s = vault(0, 0, DEFAULT_VAULT);
    for (let i = 0; i < 100; i++) {
      const r = respond(vaultMachine, s, reserve(100_000));
      expect(r.refusal).toBeUndefined();
      expect(r.snapshot.value).toMatchObject({ capacity: 'hasSpace' });
      s = r.snapshot;
    }
    expect(s.context.usedGB).toBe(10_000_000);
  });
});

describe('vault auto-expansion (P10)', () => {
  const reserve = (gb: number) => ({ type: 'RESERVE', gb }) as const;

  it('grows to 1.25 × its capacity when a backup would fill it, as often as the backup needs', () => {
    const once = drive(vaultMachine, vault(0, 60, AUTO_EXPAND), reserve(41));
    expect(once.context).toMatchObject({ capacityGB: 125, usedGB: 101 });
    const twice = drive(vaultMachine, vault(0, 60, AUTO_EXPAND), reserve(70));
    expect(twice.context).toMatchObject({ capacityGB: 157, usedGB: 130 });
    expect(expandedCapacity(100, 99)).toBe(100);
    expect(expandedCapacity(10, 10)).toBe(13);
    expect(expandedCapacity(MAX_VAULT_GB - 1, MAX_VAULT_GB)).toBe(MAX_VAULT_GB);
  });

  it('does not grow without autoExpand, and keeps its capacity when it fills exactly', () => {
    const s = drive(vaultMachine, vault(0, 60), reserve(40));
    expect(s.context).toMatchObject({ capacityGB: 100, usedGB: 100, autoExpand: false });
  });

  it('does not help a vault that was full when it was enabled: only space or capacity does (cloud-facts §5.5)', () => {
    const full = drive(vaultMachine, vault(0, 100), { type: 'UPDATE', autoExpand: true });
    expect(full.context.autoExpand).toBe(true);
    expect(respond(vaultMachine, full, reserve(1)).refusal).toEqual({ code: 'BackupService.6114', rule: 'P10' });
    const freed = drive(vaultMachine, full, { type: 'RELEASE', gb: 1 });
    const grown = drive(vaultMachine, freed, reserve(10));
    expect(grown.context).toMatchObject({ capacityGB: 125, usedGB: 109 });
  });

  it('keeps the last scheduled run of its policy (lastRun)', () => {
    const run: VaultRun = { at: MONDAY, policyId: 'pol-1', status: 'failed', backupIds: [], skippedIds: [], failures: [{ resourceId: 'srv-1', code: 'BackupService.6114' }] };
    const s = drive(vaultMachine, withPolicy(vault()), { type: 'RUN_ENDED', run });
    expect(s.context.lastRun).toEqual(run);
  });
});

describe('vault policy: at most one (C5)', () => {
  const rows: Row<typeof vaultMachine>[] = [
    ['a vault without a policy', vault(), { type: 'APPLY_POLICY', policyId: 'pol-1' }, moves('applied')],
    ['a vault with a policy, given a second one', withPolicy(vault()), { type: 'APPLY_POLICY', policyId: 'pol-2' }, refused('Sim.InvalidState')],
    ['a vault with a policy', withPolicy(vault()), { type: 'DISSOCIATE_POLICY' }, moves('none')],
    ['a vault without a policy', vault(), { type: 'DISSOCIATE_POLICY' }, refused('Sim.InvalidState')],
  ];
  cover(runTable(vaultMachine, rows, 'policy'));

  it('records its policy, and forgets it when dissociated', () => {
    const s = withPolicy(vault());
    expect(s.context.policyId).toBe('pol-1');
    const none = drive(vaultMachine, s, { type: 'DISSOCIATE_POLICY' });
    expect(none.context.policyId).toBeNull();
    expect(drive(vaultMachine, none, { type: 'APPLY_POLICY', policyId: 'pol-2' }).context.policyId).toBe('pol-2');
  });

  it('does nothing with an event it does not declare', () => {
    const r = respond(vaultMachine, vault(), { type: 'NOT_A_VAULT_EVENT' } as never);
    expect(r.allActions).toEqual([]);
    expect(r.snapshot.value).toEqual(vault().value);
  });
});

/** A hybrid vault (C10): it protects on-premises VMware VMs (`vault.hybrid.server.normal`). */
const HYBRID: Partial<VaultInput> = { resourceKind: 'vmware', name: 'on-prem', capacityGB: 500 };

/** The batch a sync of `copyIds` carries (its task, how long it runs, the copies that failed at once). */
function batch(copyIds: string[], over: Partial<VaultSync> = {}): VaultSync {
  return { taskId: 'task-1', copyIds, wholeVault: false, ms: 30_000 + 10_000 * copyIds.length, failed: [], ...over };
}
const syncStart = (sync: VaultSync = batch(['copy-1'])) => ({ type: 'SYNC_START', sync }) as const;
const syncing = (s: VaultSnapshot, sync: VaultSync = batch(['copy-1'])) => drive(vaultMachine, s, syncStart(sync));
const SYNC_RUN = timer(vaultMachine, 'syncRun', 'vault.sync.syncing');

/** The events a step emits (XState's `xstate.emit` actions). */
function emitted(actions: SeenAction[]): VaultEmitted[] {
  return actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: VaultEmitted }).event);
}

describe('a hybrid vault takes no backup policy (V4)', () => {
  const rows: Row<typeof vaultMachine>[] = [
    ['a hybrid vault (V4: eBackup schedules and keeps VMware backups)', vault(0, 0, HYBRID), { type: 'APPLY_POLICY', policyId: 'pol-1' }, refused('BackupService.6136', 'V4')],
    ['a hybrid vault while it synchronises (V4)', syncing(vault(0, 0, HYBRID)), { type: 'APPLY_POLICY', policyId: 'pol-1' }, refused('BackupService.6136', 'V4')],
    ['a hybrid vault without a policy', vault(0, 0, HYBRID), { type: 'DISSOCIATE_POLICY' }, refused('Sim.InvalidState')],
    ['a disk vault (only hybrid vaults refuse a policy)', vault(0, 0, { resourceKind: 'disk' }), { type: 'APPLY_POLICY', policyId: 'pol-1' }, moves('applied')],
  ];
  cover(runTable(vaultMachine, rows, 'policy'));

  it('keeps no policy id after a refused policy', () => {
    const r = respond(vaultMachine, vault(0, 0, HYBRID), { type: 'APPLY_POLICY', policyId: 'pol-1' });
    expect(r.snapshot.context.policyId).toBeNull();
  });
});

describe('vault sync: a hybrid vault synchronises on-premises backups, one sync at a time (V1)', () => {
  const rows: Row<typeof vaultMachine>[] = [
    ['an idle hybrid vault, given a batch of one copy', vault(0, 0, HYBRID), syncStart(), moves('syncing')],
    ['an idle hybrid vault, given a batch that is all import failures', vault(0, 0, HYBRID), syncStart(batch([], { failed: [{ copyId: 'copy-9', code: 'BackupService.1006', message: 'not uploaded' }] })), moves('syncing')],
    ['an idle server vault (V1: only a hybrid vault synchronises)', vault(), syncStart(), refused('BackupService.7300', 'V1')],
    ['an idle disk vault (V1)', vault(0, 0, { resourceKind: 'disk' }), syncStart(), refused('BackupService.7300', 'V1')],
    ['a default server vault (V1)', vault(0, 0, DEFAULT_VAULT), syncStart(), refused('BackupService.7300', 'V1')],
    ['a hybrid vault already synchronising (V1: one at a time)', syncing(vault(0, 0, HYBRID)), syncStart(batch(['copy-2'], { taskId: 'task-2' })), refused('BackupService.7302', 'V1')],
    ['a hybrid vault synchronising, when its sync has run', syncing(vault(0, 0, HYBRID)), SYNC_RUN, moves('idle')],
    ['an idle hybrid vault, when a sync delay fires', vault(0, 0, HYBRID), SYNC_RUN, ignored],
    // deleting a vault is asked of the sync region: not while a sync runs
    ['an idle hybrid vault, asked to be deleted', vault(0, 0, HYBRID), { type: 'VAULT_DELETE' }, allowed],
    ['an idle server vault, asked to be deleted', vault(), { type: 'VAULT_DELETE' }, allowed],
    ['a hybrid vault synchronising, asked to be deleted (V1)', syncing(vault(0, 0, HYBRID)), { type: 'VAULT_DELETE' }, refused('BackupService.7302', 'V1')],
    ['a hybrid vault whose sync has ended, asked to be deleted', drive(vaultMachine, syncing(vault(0, 0, HYBRID)), SYNC_RUN), { type: 'VAULT_DELETE' }, allowed],
    ['a hybrid vault whose sync has ended, given another batch', drive(vaultMachine, syncing(vault(0, 0, HYBRID)), SYNC_RUN), syncStart(batch(['copy-2'], { taskId: 'task-2' })), moves('syncing')],
  ];
  cover(runTable(vaultMachine, rows, 'sync'));

  it('holds the batch it runs while syncing, and forgets it when the sync ends', () => {
    const sync = batch(['copy-1', 'copy-2'], { wholeVault: true });
    const s = syncing(vault(0, 0, HYBRID), sync);
    expect(s.context.sync).toEqual(sync);
    expect(drive(vaultMachine, s, SYNC_RUN).context.sync).toBeNull();
  });

  it('emits syncEnded with its vault id and the batch it ran when the sync has run, and nothing else', () => {
    const sync = batch(['copy-1', 'copy-2'], { failed: [{ copyId: 'copy-3', code: 'BackupService.1006', message: 'still uploading' }] });
    const r = respond(vaultMachine, syncing(vault(0, 0, HYBRID), sync), SYNC_RUN);
    expect(emitted(r.actions)).toEqual([{ type: 'syncEnded', vaultId: 'vault-1', sync }]);
    expect(r.actions.map((a) => a.type)).toEqual(['xstate.emit']);
  });

  it('emits nothing when a sync starts or is refused', () => {
    expect(emitted(respond(vaultMachine, vault(0, 0, HYBRID), syncStart()).actions)).toEqual([]);
    expect(emitted(respond(vaultMachine, syncing(vault(0, 0, HYBRID)), syncStart()).actions)).toEqual([]);
  });

  it('runs for the batch’s ms on a simulated clock, then emits syncEnded once', () => {
    const clock = new SimulatedClock();
    const actor = createActor(vaultMachine, { input: input(HYBRID), clock }).start();
    const ended: VaultEmitted[] = [];
    actor.on('syncEnded', (e) => ended.push(e));
    const sync = batch(['copy-1']);
    actor.send(syncStart(sync));
    clock.increment(sync.ms - 1);
    expect(at(actor.getSnapshot(), 'sync')).toBe('syncing');
    expect(ended).toEqual([]);
    clock.increment(1);
    expect(at(actor.getSnapshot(), 'sync')).toBe('idle');
    expect(ended).toEqual([{ type: 'syncEnded', vaultId: 'vault-1', sync }]);
    clock.increment(sync.ms);
    expect(ended).toHaveLength(1);
    actor.stop();
  });

  it('keeps its other regions working while it synchronises (resources, capacity)', () => {
    let s = syncing(vault(0, 0, HYBRID));
    s = drive(vaultMachine, s, { type: 'ADD_RESOURCES', ids: ['vm-1'] }, { type: 'RESERVE', gb: 140 });
    expect(s.value).toEqual({ resources: 'belowLimit', capacity: 'hasSpace', policy: 'none', sync: 'syncing' });
    expect(s.context).toMatchObject({ resourceIds: ['vm-1'], usedGB: 140 });
  });

  it('names V1 and C10 on its syncing state', () => {
    expect(vaultMachine.getStateNodeById('vault.sync.syncing').meta).toMatchObject({ rules: ['V1', 'C10'] });
  });
});

describe('vault refusals', () => {
  itHasARowForEveryDeclaredRefusal(vaultMachine, covered);

  it('keeps regions independent: a refused reservation leaves resources and policy alone', () => {
    const s = withPolicy(vault(256, 100));
    const r = respond(vaultMachine, s, { type: 'RESERVE', gb: 1 });
    expect(r.refusal).toEqual({ code: 'BackupService.6114', rule: 'P10' });
    expect(r.snapshot.value).toEqual({ resources: 'atLimit', capacity: 'full', policy: 'applied', sync: 'idle' });
  });
});
