/**
 * Vaults and limits (P10, cloud-facts §5.4–5.5) through the public API: 32 backup policies
 * (`BackupService.6001`) and `deletePolicy`; a scheduled run into a full vault (`BackupService.6114`,
 * no backup, `lastRun` on the vault and the policy); auto-expansion (`autoExpand`, `updateVault`).
 * The tests named "today:" each failed on the code before P10 (issue 9 §3).
 */
import { describe, expect, it } from 'vitest';
import { restoreSimulation, type PolicyRecord, type VaultRecord } from '../../src/index.js';
import { advanceUntil, availableBackup, newSimulation, refusal, runningServer, statusOf } from './support.js';

const DAILY_2AM = 'FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0';

/** A 140 GB server (40 + 100) in a vault of `capacityGB`, with a daily policy applied. */
function scheduled(capacityGB: number, o: { autoExpand?: boolean } = {}) {
  const sim = newSimulation();
  const server = runningServer(sim);
  const vault = sim.createVault({ name: 'vault', kind: 'server', resourceIds: [server.id], capacityGB, ...o });
  const policy = sim.createPolicy({ name: 'daily', pattern: [DAILY_2AM] });
  sim.applyPolicy(policy.id, vault.id);
  return { sim, server, vault, policy };
}

describe('P10: at most 32 backup policies', () => {
  it('today: a 33rd policy was accepted; now BackupService.6001, which changes nothing', () => {
    const sim = newSimulation();
    for (let i = 1; i <= 32; i++) sim.createPolicy({ name: `p${i}`, pattern: [DAILY_2AM] });
    const before = sim.list('policy').length;
    const error = refusal(() => sim.createPolicy({ name: 'p33', pattern: [DAILY_2AM] }));
    expect(error.code).toBe('BackupService.6001');
    expect(error.details.rule).toBe('P10');
    expect(error.message).toContain('32 backup policies');
    expect(error.message).toContain('deletePolicy');
    expect(sim.list('policy')).toHaveLength(before);
    expect(sim.journal().at(-1)).toMatchObject({ type: 'refusal', verb: 'createPolicy', code: 'BackupService.6001' });
  });

  it('deletePolicy frees a place, leaves a tombstone, and dissociates the policy from its vaults', () => {
    const { sim, vault, policy } = scheduled(1000);
    for (let i = 2; i <= 32; i++) sim.createPolicy({ name: `p${i}`, pattern: [DAILY_2AM] });
    expect(refusal(() => sim.createPolicy({ name: 'one more', pattern: [DAILY_2AM] })).code).toBe('BackupService.6001');
    sim.deletePolicy(policy.id);
    expect(sim.get(policy.id)).toMatchObject({ status: 'deleted', label: 'Deleted' });
    expect(sim.list('policy').map((p) => p.id)).not.toContain(policy.id);
    expect((sim.get(vault.id) as VaultRecord).policyId).toBeNull();
    expect(refusal(() => sim.deletePolicy(policy.id)).code).toBe('Sim.AlreadyDeleted');
    expect(sim.createPolicy({ name: 'one more', pattern: [DAILY_2AM] }).status).toBe('enabled');
  });

  it('a deleted policy runs no more; the backups it made stay', () => {
    const { sim, policy } = scheduled(1000);
    sim.advance('2d');
    expect(sim.list('backup')).toHaveLength(2);
    sim.deletePolicy(policy.id);
    sim.advance('3d');
    expect(sim.list('backup')).toHaveLength(2);
  });

  it('a saved world keeps its count: a restored one refuses the 33rd policy too', () => {
    const sim = newSimulation();
    for (let i = 1; i <= 32; i++) sim.createPolicy({ name: `p${i}`, pattern: [DAILY_2AM] });
    const copy = restoreSimulation(JSON.parse(JSON.stringify(sim.save())));
    expect(refusal(() => copy.createPolicy({ name: 'p33', pattern: [DAILY_2AM] })).code).toBe('BackupService.6001');
    const tampered = JSON.parse(JSON.stringify(sim.save()));
    tampered.region.context.policies = 3;
    expect(refusal(() => restoreSimulation(tampered)).message).toContain('region.context.policies');
  });
});

describe('P10: a scheduled run into a full vault', () => {
  it('today: the failure was only a note; now it is on the vault and the policy (lastRun), with 6114, and no backup is made', () => {
    const { sim, server, vault, policy } = scheduled(150);
    sim.advance('1d');
    const first = sim.list('backup');
    expect(first).toHaveLength(1);
    expect((sim.get(vault.id) as VaultRecord).lastRun).toMatchObject({ status: 'success', policyId: policy.id, backupIds: [first[0]!.id], failures: [] });
    sim.advance('1d');
    expect(sim.list('backup')).toHaveLength(1);
    const v = sim.get(vault.id) as VaultRecord;
    expect(v.usedGB).toBe(140);
    expect(v.lastRun).toEqual({
      at: '2026-01-06T02:00:00.000Z', policyId: policy.id, status: 'failed', backupIds: [], skippedIds: [],
      failures: [{ resourceId: server.id, code: 'BackupService.6114' }], checkpointId: null,
    });
    expect((sim.get(policy.id) as PolicyRecord).lastRun).toEqual({
      at: '2026-01-06T02:00:00.000Z', status: 'failed', backups: 0, skipped: 0, failed: 1, codes: ['BackupService.6114'],
    });
    const note = sim.journal().filter((r) => r.type === 'note' && r.note === 'run-failed').at(-1);
    expect(note).toMatchObject({ resourceId: server.id, details: { policyId: policy.id, code: 'BackupService.6114', rule: 'P10' } });
    expect(note && 'message' in note ? note.message : '').toContain(`Vault ${vault.id} has too little space left (140 of 150 GB used) and 140 GB more do not fit (P10)`);
  });

  it('a manual backup into a full vault is refused with 6114, with a way out that works (updateVault)', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const vault = sim.createVault({ name: 'vault', kind: 'server', resourceIds: [server.id], capacityGB: 150 });
    availableBackup(sim, server.id);
    const error = refusal(() => sim.backupServer(server.id));
    expect(error.code).toBe('BackupService.6114');
    expect(error.message).toContain(`updateVault("${vault.id}", { capacityGB: 280 })`);
    sim.updateVault(vault.id, { capacityGB: 280 });
    expect(sim.backupServer(server.id).status).toBe('protecting');
  });

  it('a run over several vaults is partial when one is full, and the policy counts both', () => {
    const sim = newSimulation();
    const a = runningServer(sim);
    const b = runningServer(sim);
    const small = sim.createVault({ name: 'small', kind: 'server', resourceIds: [a.id], capacityGB: 100 });
    const large = sim.createVault({ name: 'large', kind: 'server', resourceIds: [b.id], capacityGB: 1000 });
    const policy = sim.createPolicy({ name: 'daily', pattern: [DAILY_2AM] });
    sim.applyPolicy(policy.id, small.id);
    sim.applyPolicy(policy.id, large.id);
    sim.advance('1d');
    expect((sim.get(small.id) as VaultRecord).lastRun?.status).toBe('failed');
    expect((sim.get(large.id) as VaultRecord).lastRun?.status).toBe('success');
    expect((sim.get(policy.id) as PolicyRecord).lastRun).toMatchObject({ status: 'partial', backups: 1, failed: 1, codes: ['BackupService.6114'] });
  });
});

describe('P10: auto-expansion', () => {
  it('grows a vault that would become full to 1.25 × its capacity, so the scheduled backup is made', () => {
    const { sim, vault } = scheduled(150, { autoExpand: true });
    expect((sim.get(vault.id) as VaultRecord).autoExpand).toBe(true);
    sim.advance('2d');
    expect(sim.list('backup')).toHaveLength(2);
    // 140 GB fit in 150; 280 would not: 150 → 188 → 235 → 294.
    expect(sim.get(vault.id)).toMatchObject({ usedGB: 280, capacityGB: 294, lastRun: { status: 'success' } });
  });

  it('enabling it when the vault is already full does not help (cloud-facts §5.5); more capacity does', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const vault = sim.createVault({ name: 'vault', kind: 'server', resourceIds: [server.id], capacityGB: 140 });
    availableBackup(sim, server.id);
    expect(sim.updateVault(vault.id, { autoExpand: true })).toMatchObject({ autoExpand: true, capacityGB: 140, usedGB: 140 });
    const error = refusal(() => sim.backupServer(server.id));
    expect(error.code).toBe('BackupService.6114');
    expect(error.message).toContain('auto-expansion was enabled after it was full, which does not help');
    sim.updateVault(vault.id, { capacityGB: 141 }); // then 141 → 177 → 222 → 278 → 348 for 280 GB
    const backup = sim.backupServer(server.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(sim.get(vault.id)).toMatchObject({ usedGB: 280, capacityGB: 348 });
  });

  it('updateVault refuses what the service refuses, naming what would work, and changes nothing', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const vault = sim.createVault({ name: 'vault', kind: 'server', resourceIds: [server.id], capacityGB: 200 });
    const before = sim.save();
    expect(refusal(() => sim.updateVault(vault.id, { capacityGB: 100 })).message).toMatch(/has 200 GB, and a vault.s capacity only grows \(by at least 1 GB\); give capacityGB from 201/);
    expect(refusal(() => sim.updateVault(vault.id, {})).message).toMatch(/changes must set capacityGB, autoExpand or name/);
    expect(refusal(() => sim.updateVault(vault.id, { name: '' })).code).toBe('Sim.InvalidArgument');
    expect(refusal(() => sim.updateVault(vault.id, { autoExpand: 'yes' as never })).code).toBe('Sim.InvalidArgument');
    expect(refusal(() => sim.createVault({ name: 'x', kind: 'server', autoExpand: true })).message).toMatch(/autoExpand needs a capacityGB/);
    expect({ ...sim.save(), journal: null }).toEqual({ ...before, journal: null });
  });

  it('updateVault renames a vault (PUT /v3/{project_id}/vaults/{id}), its backups keeping their vault', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const vault = sim.createVault({ name: 'vault', kind: 'server', resourceIds: [server.id], capacityGB: 200 });
    const backup = availableBackup(sim, server.id);
    expect(sim.updateVault(vault.id, { name: 'vault-web' })).toMatchObject({ name: 'vault-web', capacityGB: 200 });
    expect(sim.get(vault.id).name).toBe('vault-web');
    expect(sim.get(backup.id)).toMatchObject({ vaultId: vault.id });
    expect(restoreSimulation(sim.save()).get(vault.id).name).toBe('vault-web');
  });

  it('the default vault of a resource backed up outside any vault has no capacity to change (the real service has none)', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    const error = refusal(() => sim.updateVault(backup.vaultId, { capacityGB: 500 }));
    expect(error.code).toBe('Sim.InvalidArgument');
    expect(error.message).toContain('the real service has no default vault');
  });

  it('keeps autoExpand and lastRun across save and restore', () => {
    const { sim, vault, policy } = scheduled(150, { autoExpand: true });
    sim.advance('1d');
    const copy = restoreSimulation(JSON.parse(JSON.stringify(sim.save())));
    expect(copy.get(vault.id)).toEqual(sim.get(vault.id));
    expect(copy.get(policy.id)).toEqual(sim.get(policy.id));
  });
});
