/**
 * S1: restore points (checkpoints) through the public API: `backupVault`, the checkpoint of a
 * manual backup and of a policy run, and a checkpoint's status derived from its backups.
 */
import { describe, expect, it } from 'vitest';
import { restoreSimulation, type BackupRecord, type CheckpointRecord, type Simulation } from '../../src/index.js';
import { advanceUntil, newSimulation, refusal, runningServer, statusOf } from './support.js';

/** Three running servers in one vault. */
function vaultOfThree(sim: Simulation) {
  const servers = ['web', 'app', 'db'].map((name) => runningServer(sim, { name, dataDisksGB: [] }));
  const vault = sim.createVault({ name: 'prod', kind: 'server', resourceIds: servers.map((s) => s.id) });
  return { servers, vault };
}

const checkpointOf = (sim: Simulation, id: string) => sim.get(id) as CheckpointRecord;

describe('S1: backupVault makes one restore point of the vault', () => {
  it('backs up every resource of the vault into one checkpoint, each backup naming it', () => {
    const sim = newSimulation();
    const { servers, vault } = vaultOfThree(sim);
    const cp = sim.backupVault(vault.id, { name: 'nightly', description: 'before the upgrade' });
    expect(cp).toMatchObject({ kind: 'checkpoint', name: 'nightly', description: 'before the upgrade', status: 'protecting', label: 'Creating', vaultId: vault.id, skipped: [], autoTrigger: false, policyId: null });
    expect(cp.id).toMatch(/^cp-[0-9a-f]{12}$/);
    expect(cp.backupIds).toHaveLength(3);
    const backups = cp.backupIds.map((id) => sim.get(id) as BackupRecord);
    expect(backups.map((b) => b.resourceId)).toEqual(servers.map((s) => s.id));
    for (const b of backups) expect(b).toMatchObject({ checkpointId: cp.id, name: 'nightly', autoTrigger: false });
    expect(sim.list('checkpoint').map((c) => c.id)).toContain(cp.id);
  });

  it('backs up only the resources given, and refuses one that is not in the vault', () => {
    const sim = newSimulation();
    const { servers, vault } = vaultOfThree(sim);
    const cp = sim.backupVault(vault.id, { resourceIds: [servers[1]!.id] });
    expect(cp.backupIds.map((id) => (sim.get(id) as BackupRecord).resourceId)).toEqual([servers[1]!.id]);
    const stranger = runningServer(sim, { name: 'other' });
    const error = refusal(() => sim.backupVault(vault.id, { resourceIds: [stranger.id] }));
    expect(error.code).toBe('Sim.InvalidArgument');
    expect(error.message).toContain(`${stranger.id} is not in vault ${vault.id}`);
  });

  it('lists a resource it cannot back up now in skipped, with the code a manual backup would get (P4)', () => {
    const sim = newSimulation();
    const { servers, vault } = vaultOfThree(sim);
    sim.backupServer(servers[0]!.id);
    const cp = sim.backupVault(vault.id);
    expect(cp.backupIds).toHaveLength(2);
    expect(cp.skipped).toEqual([
      { id: servers[0]!.id, kind: 'server', name: 'web', code: 'BackupService.6125', reason: expect.stringContaining('already being backed up') },
    ]);
  });

  it('refuses with BackupService.0001 and changes nothing when no resource can be backed up', () => {
    const sim = newSimulation();
    const { servers, vault } = vaultOfThree(sim);
    for (const s of servers) sim.backupServer(s.id);
    const before = sim.save({ journal: false });
    const error = refusal(() => sim.backupVault(vault.id));
    expect(error.code).toBe('BackupService.0001');
    expect(error.message).toContain('BackupService.6125');
    // Only the refusal's own journal record was added.
    const after = sim.save({ journal: false });
    expect(after.journal.seq).toBe(before.journal.seq + 1);
    expect({ ...after, journal: null }).toEqual({ ...before, journal: null });
    const empty = sim.createVault({ name: 'empty', kind: 'server' });
    expect(refusal(() => sim.backupVault(empty.id)).message).toContain('addVaultResources');
  });

  it('refuses a name the service would refuse', () => {
    const sim = newSimulation();
    const { vault } = vaultOfThree(sim);
    expect(refusal(() => sim.backupVault(vault.id, { name: 'no spaces' })).code).toBe('Sim.InvalidArgument');
    expect(refusal(() => sim.backupVault(vault.id, { name: 'x'.repeat(65) })).code).toBe('Sim.InvalidArgument');
  });

  it('can be previewed: allowed while one resource can be backed up, refused with 0001 when none can', () => {
    const sim = newSimulation();
    const { servers, vault } = vaultOfThree(sim);
    expect(sim.preview('backupVault', [vault.id])).toEqual({ allowed: true });
    for (const s of servers) sim.backupServer(s.id);
    expect(sim.preview('backupVault', [vault.id])).toMatchObject({ allowed: false, refusal: { code: 'BackupService.0001' } });
  });
});

describe('S1: every backup belongs to a restore point', () => {
  it('makes a checkpoint of one resource for a manual backup', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id, { name: 'before-upgrade' });
    const cp = checkpointOf(sim, backup.checkpointId!);
    expect(cp).toMatchObject({ backupIds: [backup.id], name: 'before-upgrade', autoTrigger: false, skipped: [] });
  });

  it('makes one checkpoint per vault for a policy run, automatic, naming its policy', () => {
    const sim = newSimulation();
    const { vault } = vaultOfThree(sim);
    const policy = sim.createPolicy({ name: 'daily', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 3 });
    sim.applyPolicy(policy.id, vault.id);
    sim.advance('1d');
    const [cp] = sim.list('checkpoint');
    expect(cp).toMatchObject({ autoTrigger: true, policyId: policy.id, vaultId: vault.id });
    expect(cp!.name).toMatch(/^autobk_[0-9a-f]{4}$/);
    expect(cp!.backupIds).toHaveLength(3);
    expect(sim.list('backup').every((b) => b.checkpointId === cp!.id)).toBe(true);
    expect(sim.get(vault.id)).toMatchObject({ lastRun: { checkpointId: cp!.id } });
  });
});

describe('S1: a checkpoint\'s status is derived from its backups', () => {
  it('is Creating while a backup is made, Available when all are, Deleting, then deleted and kept for the tombstone TTL', () => {
    const sim = newSimulation({ tombstoneTtl: '1d' });
    const { vault } = vaultOfThree(sim);
    const cp = sim.backupVault(vault.id);
    expect(checkpointOf(sim, cp.id).status).toBe('protecting');
    advanceUntil(sim, () => cp.backupIds.every((id) => statusOf(sim, id) === 'available'));
    expect(checkpointOf(sim, cp.id)).toMatchObject({ status: 'available', label: 'Available' });
    sim.deleteBackup(cp.backupIds[0]!);
    expect(checkpointOf(sim, cp.id).status).toBe('deleting');
    advanceUntil(sim, () => statusOf(sim, cp.backupIds[0]!) === 'deleted');
    expect(checkpointOf(sim, cp.id).status).toBe('available');
    for (const id of cp.backupIds.slice(1)) sim.deleteBackup(id);
    advanceUntil(sim, () => checkpointOf(sim, cp.id).status === 'deleted');
    expect(sim.list('checkpoint')).toEqual([]);
    expect(sim.list('checkpoint', { includeDeleted: true }).map((c) => c.id)).toEqual([cp.id]);
    sim.advance('1d');
    expect(refusal(() => sim.get(cp.id)).code).toBe('Sim.NotFound');
  });

  it('is Error when every backup left failed', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    sim.failNext('backup');
    const backup = sim.backupServer(server.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'error');
    expect(checkpointOf(sim, backup.checkpointId!)).toMatchObject({ status: 'error', label: 'Error' });
  });

  it('journals each change of status as a state record of kind checkpoint', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    const changes = sim.journal().filter((r) => r.type === 'state' && r.resourceId === backup.checkpointId);
    expect(changes.map((r) => (r.type === 'state' ? [r.from, r.status] : null))).toEqual([[null, 'protecting'], ['protecting', 'available']]);
  });

  it('comes back after a save and goes on', () => {
    const sim = newSimulation();
    const { vault } = vaultOfThree(sim);
    const cp = sim.backupVault(vault.id);
    const copy = restoreSimulation(sim.save());
    expect(copy.get(cp.id)).toEqual(sim.get(cp.id));
    advanceUntil(copy, () => (copy.get(cp.id) as CheckpointRecord).status === 'available');
  });
});
