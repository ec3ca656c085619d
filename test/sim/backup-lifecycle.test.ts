import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../src/index.js';
import { advanceUntil, availableBackup, newSimulation, refusal, runningServer, statusOf } from './support.js';

describe('the backup lifecycle (seed 000)', () => {
  it('B1: a backup is Creating (protecting) from the moment its creation starts', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id);
    expect(backup).toMatchObject({ status: 'protecting', label: 'Creating', imageable: false, resourceId: server.id, resourceKind: 'server' });
  });

  it('B2: some time into Creating, a server backup with its system disk is marked "Image can be created"', () => {
    const sim = newSimulation({ profile: 'realistic' });
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id);
    sim.advance('1m');
    expect(sim.get(backup.id)).toMatchObject({ status: 'protecting', imageable: false });
    advanceUntil(sim, () => (sim.get(backup.id) as BackupRecord).imageable);
    expect(sim.get(backup.id)).toMatchObject({ status: 'protecting', label: 'Creating', imageable: true });
  });

  it('B2: the mark comes later for more data (the snapshot phase grows with size)', () => {
    const timeToMark = (dataGB: number) => {
      const sim = newSimulation({ profile: 'realistic' });
      const server = runningServer(sim, { dataDisksGB: [dataGB] });
      const start = sim.now();
      const backup = sim.backupServer(server.id);
      advanceUntil(sim, () => (sim.get(backup.id) as BackupRecord).imageable);
      return sim.now() - start;
    };
    expect(timeToMark(1000)).toBeGreaterThan(timeToMark(10));
  });

  it('B3: a Creating backup, marked or not, cannot restore (BackupService.2005); an Available one can', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id);
    expect(refusal(() => sim.restoreBackup(backup.id)).code).toBe('BackupService.2005');
    advanceUntil(sim, () => (sim.get(backup.id) as BackupRecord).imageable);
    expect(sim.get(backup.id).status).toBe('protecting');
    expect(refusal(() => sim.restoreBackup(backup.id)).code).toBe('BackupService.2005');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(sim.restoreBackup(backup.id)).toMatchObject({ status: 'restoring', label: 'Restoring' });
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    expect(statusOf(sim, server.id)).toBe('ACTIVE');
  });

  it('B4: Creating ends in Available, or in Error when the job fails; an Error backup cannot restore or make images', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    sim.failNext('backup');
    const failed = sim.backupServer(server.id);
    advanceUntil(sim, () => statusOf(sim, failed.id) !== 'protecting');
    expect(sim.get(failed.id)).toMatchObject({ status: 'error', label: 'Error', imageable: false });
    expect(refusal(() => sim.restoreBackup(failed.id)).code).toBe('BackupService.2005');
    expect(refusal(() => sim.createImageFromBackup(failed.id, { name: 'x' })).code).toBe('BackupService.6208');
    const ok = availableBackup(sim, server.id);
    expect(ok).toMatchObject({ status: 'available', label: 'Available' });
  });

  it('B4: an Error backup must be deleted by hand, and can be', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    sim.failNext('backup');
    const failed = sim.backupServer(server.id);
    advanceUntil(sim, () => statusOf(sim, failed.id) === 'error');
    sim.deleteBackup(failed.id);
    expect(statusOf(sim, failed.id)).toBe('deleting');
  });

  it('B5: deleting goes through Deleting, and only from Available or Error (BackupService.6201 otherwise)', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id);
    const error = refusal(() => sim.deleteBackup(backup.id));
    expect(error.code).toBe('BackupService.6201');
    expect(error.message).toMatch(/only Available or Error/);
    expect(statusOf(sim, backup.id)).toBe('protecting');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
    sim.deleteBackup(backup.id);
    expect(sim.get(backup.id)).toMatchObject({ status: 'deleting', label: 'Deleting' });
    expect(refusal(() => sim.deleteBackup(backup.id)).code).toBe('BackupService.6201');
    advanceUntil(sim, () => statusOf(sim, backup.id) === 'deleted');
    expect(refusal(() => sim.deleteBackup(backup.id)).code).toBe('Sim.AlreadyDeleted');
  });
});
