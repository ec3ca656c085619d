/**
 * S2: CBR's task log through the public API: a task per backup, restore, deletion (by hand, by
 * retention, with the vault), vault deletion and resource removal; progress with the clock; skipped
 * and failed tasks; bounded retention.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, restoreSimulation, TASK_KEPT_MS, type Simulation, type TaskRecord } from '../../src/index.js';
import { advanceUntil, availableBackup, newSimulation, refusal, runningServer, statusOf } from './support.js';

const tasksOf = (sim: Simulation, resourceId?: string) => sim.list('task', resourceId === undefined ? {} : { resourceId });
const taskOf = (sim: Simulation, id: string) => sim.get(id) as TaskRecord;

describe('S2: a backup is a task', () => {
  it('runs while the backup is Creating, its progress moving with the clock, and succeeds when it is Available', () => {
    const sim = createSimulation({ profile: 'realistic' });
    const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40 });
    sim.advance('2m');
    const backup = sim.backupServer(server.id);
    const [task] = tasksOf(sim, server.id).filter((t) => t.operationType === 'backup');
    expect(task).toMatchObject({
      kind: 'task', status: 'running', label: 'Running', progress: 0, resourceId: server.id, resourceName: 'web', resourceType: 'OS::Nova::Server',
      backupId: backup.id, backupName: backup.name, checkpointId: backup.checkpointId, vaultId: backup.vaultId, endedAt: null, errorInfo: null,
    });
    expect(task!.id).toMatch(/^task-[0-9a-f]{12}$/);
    const seen: number[] = [];
    while (statusOf(sim, backup.id) === 'protecting') {
      seen.push(taskOf(sim, task!.id).progress);
      sim.advance('1m');
    }
    // Not only 0 and 100: it climbs step by step, never reaching 100 before the end.
    expect(new Set(seen).size).toBeGreaterThan(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(Math.max(...seen)).toBeLessThan(100);
    expect(taskOf(sim, task!.id)).toMatchObject({ status: 'success', label: 'Successful', progress: 100 });
    expect(taskOf(sim, task!.id).endedAt).not.toBeNull();
  });

  it('fails with the code when the backup job fails (failure injection)', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    sim.failNext('backup');
    const backup = sim.backupServer(server.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'error');
    const [task] = tasksOf(sim, server.id);
    expect(task).toMatchObject({ status: 'failed', errorInfo: { code: 'Sim.BackupFailed' } });
    expect(task!.progress).toBeLessThan(100);
  });

  it('is skipped with its reason when a scheduled run finds the previous backup still running (P4)', () => {
    const sim = createSimulation({ profile: 'realistic', start: '2026-01-04T23:00:00Z' });
    const big = sim.createServer({ name: 'big', os: 'linux', systemDiskGB: 40, dataDisksGB: [200] });
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [big.id] });
    const policy = sim.createPolicy({ name: 'twice', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=0,1;BYMINUTE=0'] });
    sim.applyPolicy(policy.id, vault.id);
    sim.advance('150m');
    const skipped = sim.list('task', { status: 'skipped' });
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({
      operationType: 'backup', resourceId: big.id, policyId: policy.id, progress: 0, label: 'Skipped',
      errorInfo: { code: 'BackupService.6125' },
    });
    expect(skipped[0]!.startedAt).toBe('2026-01-05T01:00:00.000Z');
    expect(skipped[0]!.endedAt).toBe(skipped[0]!.startedAt);
  });

  it('fails with BackupService.6114 when a scheduled run meets a full vault (P10)', () => {
    const sim = newSimulation();
    const server = runningServer(sim, { dataDisksGB: [] });
    const vault = sim.createVault({ name: 'small', kind: 'server', resourceIds: [server.id], capacityGB: 50 });
    const policy = sim.createPolicy({ name: 'daily', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'] });
    sim.applyPolicy(policy.id, vault.id);
    sim.advance('2d');
    expect(sim.list('task', { status: 'failed' })[0]).toMatchObject({ policyId: policy.id, errorInfo: { code: 'BackupService.6114' } });
  });
});

describe('S2: restores, deletions, vault deletions and removals are tasks', () => {
  it('a restore task runs until the restore ends, naming its target', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    sim.restoreBackup(backup.id);
    const [task] = sim.list('task', { operationType: 'restore' });
    expect(task).toMatchObject({ status: 'running', backupId: backup.id, targetId: server.id, resourceId: server.id });
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(taskOf(sim, task!.id).status).toBe('success');
  });

  it('a failed restore is a failed task', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    sim.failNext('restore');
    sim.restoreBackup(backup.id);
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(sim.list('task', { operationType: 'restore' })[0]).toMatchObject({ status: 'failed', errorInfo: { code: 'Sim.RestoreFailed' } });
  });

  it('a deletion by hand is a delete task without a policy; one by retention names the policy', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const byHand = availableBackup(sim, server.id);
    sim.deleteBackup(byHand.id);
    advanceUntil(sim, () => statusOf(sim, byHand.id) === 'deleted');
    expect(sim.list('task', { operationType: 'delete' })).toEqual([
      expect.objectContaining({ status: 'success', backupId: byHand.id, policyId: null, resourceId: server.id }),
    ]);

    const vault = sim.get(byHand.vaultId);
    const policy = sim.createPolicy({ name: 'keep1', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 1 });
    sim.applyPolicy(policy.id, vault.id);
    sim.advance('3d');
    const retention = sim.list('task', { operationType: 'delete' }).filter((t) => t.policyId === policy.id);
    expect(retention.length).toBeGreaterThanOrEqual(1);
    expect(retention.every((t) => t.status === 'success')).toBe(true);
  });

  it('deleting a vault is one vault_delete task that ends when its last backup is deleted, each backup a delete task', () => {
    const sim = newSimulation();
    const a = runningServer(sim, { name: 'a' });
    const b = runningServer(sim, { name: 'b' });
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [a.id, b.id] });
    const cp = sim.backupVault(vault.id);
    advanceUntil(sim, () => cp.backupIds.every((id) => statusOf(sim, id) === 'available'));
    sim.deleteVault(vault.id);
    const [vaultTask] = sim.list('task', { operationType: 'vault_delete' });
    expect(vaultTask).toMatchObject({ status: 'running', vaultId: vault.id, vaultName: 'v', resourceId: null });
    advanceUntil(sim, () => cp.backupIds.every((id) => statusOf(sim, id) === 'deleted'));
    expect(taskOf(sim, vaultTask!.id).status).toBe('success');
    expect(sim.list('task', { operationType: 'delete', status: 'success' }).map((t) => t.backupId).sort()).toEqual([...cp.backupIds].sort());
  });

  it('removing a resource from a vault is a remove_resource task done at once', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [server.id] });
    sim.removeVaultResources(vault.id, [server.id]);
    expect(sim.list('task', { operationType: 'remove_resource' })).toEqual([
      expect.objectContaining({ status: 'success', progress: 100, resourceId: server.id, vaultId: vault.id }),
    ]);
  });
});

describe('S2: the task log', () => {
  it('filters by operation type, status and resource, and refuses a filter it does not know', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const other = runningServer(sim, { name: 'other' });
    sim.backupServer(server.id);
    sim.backupServer(other.id);
    expect(sim.list('task', { resourceId: other.id }).map((t) => t.resourceName)).toEqual(['other']);
    expect(sim.list('task', { status: ['running', 'skipped'] })).toHaveLength(2);
    expect(refusal(() => sim.list('task', { operationType: 'replication' })).message).toContain("'backup', 'restore', 'delete', 'vault_delete', 'remove_resource', 'sync'");
    expect(refusal(() => sim.list('task', { status: 'done' })).code).toBe('Sim.InvalidArgument');
    expect(refusal(() => sim.list('backup', { operationType: 'backup' })).message).toContain('filter tasks');
  });

  it('journals each task\'s status as state records of kind task', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = availableBackup(sim, server.id);
    const [task] = tasksOf(sim, server.id);
    const states = sim.journal().filter((r) => r.type === 'state' && r.resourceId === task!.id);
    expect(states.map((r) => (r.type === 'state' ? [r.kind, r.from, r.status] : null))).toEqual([['task', null, 'running'], ['task', 'running', 'success']]);
    expect(backup.status).toBe('available');
  });

  it(`forgets a task ${TASK_KEPT_MS / 86_400_000} days after it ended, and comes back after a save`, () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    availableBackup(sim, server.id);
    const [task] = tasksOf(sim, server.id);
    const copy = restoreSimulation(sim.save());
    expect(copy.get(task!.id)).toEqual(sim.get(task!.id));
    sim.advance('29d');
    expect(taskOf(sim, task!.id).status).toBe('success');
    sim.advance('2d');
    expect(refusal(() => sim.get(task!.id)).code).toBe('Sim.NotFound');
  });

  it('keeps the log flat over a long fleet run: the tasks kept stay bounded by a month of work', () => {
    const sim = newSimulation();
    const servers = Array.from({ length: 5 }, (_, i) => runningServer(sim, { name: `s${i}`, dataDisksGB: [] }));
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: servers.map((s) => s.id) });
    const policy = sim.createPolicy({ name: 'daily', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 2 });
    sim.applyPolicy(policy.id, vault.id);
    sim.advance('40d');
    const afterForty = sim.list('task').length;
    sim.advance('80d');
    // 5 backups and 5 deletions a day, kept 30 days after they end (+ a day's margin).
    expect(sim.list('task').length).toBeLessThanOrEqual(5 * 2 * 31);
    expect(sim.list('task').length).toBe(afterForty);
  });
});
