/**
 * The vault chart: at most 256 resources (6100), capacity (6114) or automatic expansion, at most
 * one backup policy (C5).
 */
import { describe, expect, it } from 'vitest';
import { getInitialSnapshot } from 'xstate';
import { MAX_VAULT_RESOURCES, vaultMachine, type VaultInput, type VaultSnapshot } from '../../machines/vault.machine.js';
import { MONDAY, drive, itHasARowForEveryDeclaredRefusal, moves, refused, respond, runTable, stays, type Row } from './support.js';

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

const AUTO_EXPAND: Partial<VaultInput> = { capacityGB: null };
const withPolicy = (s: VaultSnapshot) => drive(vaultMachine, s, { type: 'APPLY_POLICY', policyId: 'pol-1' });

const covered = new Set<string>();
const cover = (keys: Set<string>) => keys.forEach((k) => covered.add(k));

describe('vault resources: at most 256 servers or disks (BackupService.6100)', () => {
  it('starts empty, below the limit, with space and no policy', () => {
    const s = vault();
    expect(s.value).toEqual({ resources: 'belowLimit', capacity: 'hasSpace', policy: 'none' });
    expect(s.context).toMatchObject({ resourceIds: [], usedGB: 0, policyId: null });
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
    ['an empty 100 GB vault, reserving 101 GB', vault(), reserve(101), refused('BackupService.6114')],
    ['a 100 GB vault with 60 GB used, reserving 40 GB', vault(0, 60), reserve(40), moves('full')],
    ['a 100 GB vault with 60 GB used, reserving 41 GB', vault(0, 60), reserve(41), refused('BackupService.6114')],
    ['a full 100 GB vault, reserving 1 GB', vault(0, 100), reserve(1), refused('BackupService.6114')],
    ['a full 100 GB vault, releasing 10 GB', vault(0, 100), release(10), moves('hasSpace')],
    ['a 100 GB vault with 60 GB used, releasing 10 GB', vault(0, 60), release(10), stays()],
    ['an auto-expanding vault, reserving 1 000 000 GB', vault(0, 0, AUTO_EXPAND), reserve(1_000_000), stays()],
    ['an auto-expanding vault holding 5 000 000 GB, reserving 10 485 760 GB more', vault(0, 5_000_000, AUTO_EXPAND), reserve(10_485_760), stays()],
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
    const s = drive(vaultMachine, vault(0, 0, AUTO_EXPAND), reserve(0.1), reserve(0.2), reserve(0.3));
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

  it('is never full when it expands automatically (capacityGB null), however much it holds', () => {
    let s = vault(0, 0, AUTO_EXPAND);
    for (let i = 0; i < 100; i++) {
      const r = respond(vaultMachine, s, reserve(100_000));
      expect(r.refusal).toBeUndefined();
      expect(r.snapshot.value).toMatchObject({ capacity: 'hasSpace' });
      s = r.snapshot;
    }
    expect(s.context.usedGB).toBe(10_000_000);
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

describe('vault refusals', () => {
  itHasARowForEveryDeclaredRefusal(vaultMachine, covered);

  it('keeps regions independent: a refused reservation leaves resources and policy alone', () => {
    const s = withPolicy(vault(256, 100));
    const r = respond(vaultMachine, s, { type: 'RESERVE', gb: 1 });
    expect(r.refusal).toEqual({ code: 'BackupService.6114' });
    expect(r.snapshot.value).toEqual({ resources: 'atLimit', capacity: 'full', policy: 'applied' });
  });
});
