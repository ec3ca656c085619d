import { expect } from 'vitest';
import {
  createSimulation, restoreSimulation, SimulationError, type AnyRecord, type BackupRecord, type LocalCopyRecord, type SavedSimulation, type Simulation,
  type SimulationOptions, type TaskRecord, type Verdict,
} from '../../src/index.js';

/** The SimulationError a refused command throws; fails the test when it does not throw one. */
export function refusal(command: () => unknown): SimulationError {
  try {
    command();
  } catch (error) {
    if (error instanceof SimulationError) return error;
    throw error;
  }
  expect.fail('the command was expected to be refused');
}

/** Advances to each next timer until `done` holds (or nothing is pending). */
export function advanceUntil(sim: Simulation, done: () => boolean, limit = 10_000): void {
  for (let i = 0; i < limit && !done(); i++) {
    const next = sim.nextTimer();
    if (next === null) break;
    sim.advance(next - sim.now());
  }
  expect(done()).toBe(true);
}

export function statusOf(sim: Simulation, id: string): string {
  return sim.get(id).status;
}

export function newSimulation(options: SimulationOptions = {}): Simulation {
  return createSimulation({ profile: 'instant', ...options });
}

/** A running Linux server with Cloud-Init, optimized, 40 GB system disk and one 100 GB data disk. */
export function runningServer(sim: Simulation, o: Partial<Parameters<Simulation['createServer']>[0]> = {}) {
  const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40, dataDisksGB: [100], ...o });
  advanceUntil(sim, () => statusOf(sim, server.id) === 'ACTIVE');
  return server;
}

export function markedBackup(sim: Simulation, serverId: string): BackupRecord {
  const backup = sim.backupServer(serverId);
  advanceUntil(sim, () => (sim.get(backup.id) as BackupRecord).imageable);
  return sim.get(backup.id) as BackupRecord;
}

export function availableBackup(sim: Simulation, serverId: string): BackupRecord {
  const backup = sim.backupServer(serverId);
  advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
  return sim.get(backup.id) as BackupRecord;
}

/** Everything observable of a simulation: to compare two runs. */
export function observable(sim: Simulation): { records: AnyRecord[]; now: number } {
  const kinds = ['server', 'disk', 'vault', 'policy', 'backup', 'image'] as const;
  return { records: kinds.flatMap((k) => sim.list(k, { includeDeleted: true })), now: sim.now() };
}

/**
 * What a command would do, found the slow way: run it for real, through the Simulation's own verb,
 * on a copy of the world (`saved`, restored). The oracle for `Simulation.preview`.
 */
export function verdictOnACopy(saved: SavedSimulation, verb: string, args: readonly unknown[]): Verdict {
  const copy = restoreSimulation(saved);
  try {
    (copy as unknown as Record<string, (...a: unknown[]) => unknown>)[verb]!(...args);
    return { allowed: true };
  } catch (error) {
    if (!(error instanceof SimulationError)) throw error;
    return { allowed: false, refusal: { code: error.code, message: error.message, details: error.details } };
  }
}

/** C10: site dc1 with eBackup, VM erp01 (Linux, 40 + 100 GB) in the hybrid vault hv1. */
export function onPremWorld(sim: Simulation) {
  const site = sim.createSite({ name: 'dc1', ebackup: true });
  const vm = sim.createVm(site.id, { name: 'erp01', os: 'linux', disksGB: [40, 100] });
  const vault = sim.createVault({ name: 'hv1', kind: 'vmware' });
  sim.addVaultResources(vault.id, [vm.id]);
  return { site, vm, vault };
}

/** A local copy of `vmId` that eBackup has made on premises and uploaded. */
export function uploadedCopy(sim: Simulation, vmId: string): LocalCopyRecord {
  const copy = sim.backupVmOnPrem(vmId);
  advanceUntil(sim, () => statusOf(sim, copy.id) === 'uploaded');
  return sim.get(copy.id) as LocalCopyRecord;
}

/** `onPremWorld` with one copy of erp01 synchronised: its sync task, ended, and the VMware backup it made. */
export function syncedVmwareBackup(sim: Simulation) {
  const world = onPremWorld(sim);
  const copy = uploadedCopy(sim, world.vm.id);
  const task = sim.syncBackups(world.vault.id, { copyIds: [copy.id] });
  advanceUntil(sim, () => statusOf(sim, task.id) !== 'running');
  const backup = sim.list('backup').find((b) => b.copyId === copy.id)!;
  return { ...world, copy, task: sim.get(task.id) as TaskRecord, backup };
}
