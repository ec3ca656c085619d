/**
 * A deleted resource's tombstone keeps the final state its chart ended in (so a chart can light
 * it), across saves and restores; a save that names anything else there is refused.
 */
import { describe, expect, it } from 'vitest';
import { restoreSimulation, SimulationError, type SavedSimulation } from '../../src/index.js';
import { advanceUntil, newSimulation, statusOf } from './support.js';

function deletedBackup() {
  const sim = newSimulation();
  const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40 });
  advanceUntil(sim, () => statusOf(sim, server.id) === 'ACTIVE');
  const backup = sim.backupServer(server.id);
  advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
  sim.deleteBackup(backup.id);
  advanceUntil(sim, () => statusOf(sim, backup.id) === 'deleted');
  return { sim, backup, server };
}

function refusal(saved: unknown): SimulationError | null {
  try {
    restoreSimulation(saved as SavedSimulation);
  } catch (error) {
    if (error instanceof SimulationError) return error;
    throw error;
  }
  return null;
}

describe('a tombstone', () => {
  it('keeps the final state a deleted backup ended in', () => {
    const { sim, backup } = deletedBackup();
    expect(sim.world.entries.has(backup.id)).toBe(false);
    expect(sim.world.tombstoneValue(backup.id)).toMatchObject({ lifecycle: 'deleted' });
  });

  it('keeps a deleted server\'s DELETED state', () => {
    const { sim, server } = deletedBackup();
    sim.deleteServer(server.id);
    advanceUntil(sim, () => statusOf(sim, server.id) === 'DELETED');
    expect(JSON.stringify(sim.world.tombstoneValue(server.id))).toContain('"DELETED"');
  });

  it('keeps no state for a vault, which is retired in a live state rather than a final one', () => {
    const sim = newSimulation();
    const vault = sim.createVault({ name: 'v', kind: 'disk' });
    sim.deleteVault(vault.id);
    expect(sim.get(vault.id).status).toBe('deleted');
    expect(sim.world.tombstoneValue(vault.id)).toBeNull();
  });

  it('keeps its final state across a save and a restore', () => {
    const { sim, backup } = deletedBackup();
    const saved = JSON.parse(JSON.stringify(sim.save())) as SavedSimulation;
    expect(saved.tombstones.find(([id]) => id === backup.id)?.[3]).toMatchObject({ lifecycle: 'deleted' });
    const restored = restoreSimulation(saved);
    expect(restored.world.tombstoneValue(backup.id)).toEqual(sim.world.tombstoneValue(backup.id));
    expect(restored.save()).toEqual(saved);
  });

  it('restores from a save that has no final state in its tombstones (as older saves do)', () => {
    const { sim, backup } = deletedBackup();
    const saved = sim.save();
    saved.tombstones = saved.tombstones.map(([id, record, expiresAt]) => [id, record, expiresAt]);
    const restored = restoreSimulation(saved);
    expect(restored.get(backup.id).status).toBe('deleted');
    expect(restored.world.tombstoneValue(backup.id)).toBeNull();
  });

  it.each([
    ['a live state', (v: Record<string, unknown>) => ({ ...v, lifecycle: 'available' })],
    ['a state the chart does not have', (v: Record<string, unknown>) => ({ ...v, lifecycle: 'gone' })],
    ['a region too many', (v: Record<string, unknown>) => ({ ...v, extra: 'x' })],
    ['a region too few', (v: Record<string, unknown>) => ({ lifecycle: v.lifecycle })],
    ['a bare string', () => 'deleted'],
    ['a number', () => 7],
    ['an array', () => ['deleted']],
    ['a __proto__ key', (v: Record<string, unknown>) => JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(v).slice(1)}`)],
  ])('is refused in a save when its state is %s', (_name, change) => {
    const { sim, backup } = deletedBackup();
    const saved = JSON.parse(JSON.stringify(sim.save())) as SavedSimulation;
    const at = saved.tombstones.findIndex(([id]) => id === backup.id);
    const [id, record, expiresAt, value] = saved.tombstones[at]!;
    (saved.tombstones as unknown[])[at] = [id, record, expiresAt, change(value as Record<string, unknown>)];
    const error = refusal(saved);
    expect(error?.code).toBe('Sim.InvalidSave');
    expect(error?.message).toContain('tombstones[');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
