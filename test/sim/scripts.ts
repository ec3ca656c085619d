import type { Simulation } from '../../src/index.js';

/**
 * A busy mixed workload driven by a seeded choice of commands: servers, disks, manual and
 * scheduled backups, images, provisioning, deletions, failures and clock advances. Refusals are
 * part of it. Returns a list of step functions so that runs can be cut anywhere.
 */
export function workload(seed: number, steps = 60): ((sim: Simulation) => void)[] {
  let state = seed >>> 0;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(rand() * items.length)];
  const tryIt = (f: () => unknown) => {
    try {
      f();
    } catch {
      // refusals are part of the workload
    }
  };
  const out: ((sim: Simulation) => void)[] = [
    (sim) => {
      const s = sim.createServer({ name: 'seed', os: 'linux', systemDiskGB: 40, dataDisksGB: [50] });
      const v = sim.createVault({ name: 'v', kind: 'server', resourceIds: [s.id] });
      const p = sim.createPolicy({ name: 'p', pattern: ['FREQ=DAILY;BYHOUR=3;BYMINUTE=0', 'FREQ=WEEKLY;BYDAY=SA;BYHOUR=15'], maxBackups: 3 });
      sim.applyPolicy(p.id, v.id);
    },
  ];
  for (let i = 0; i < steps; i++) {
    const r = rand();
    out.push((sim) => {
      const servers = sim.list('server').map((s) => s.id);
      const backups = sim.list('backup').map((b) => b.id);
      const images = sim.list('image').map((b) => b.id);
      if (r < 0.1) tryIt(() => sim.createServer({ name: `s${i}`, os: rand() < 0.5 ? 'linux' : 'windows', systemDiskGB: 20 + Math.floor(rand() * 40), initTool: rand() < 0.8 }));
      else if (r < 0.25) tryIt(() => sim.backupServer(pick(servers) ?? 'none'));
      else if (r < 0.35) tryIt(() => sim.createImageFromBackup(pick(backups) ?? 'none', { name: `i${i}` }));
      else if (r < 0.42) tryIt(() => sim.provisionServers(pick(images) ?? 'none', { count: 1 + Math.floor(rand() * 3) }));
      else if (r < 0.5) tryIt(() => sim.deleteBackup(pick(backups) ?? 'none'));
      else if (r < 0.55) tryIt(() => sim.deleteImage(pick(images) ?? 'none', { deleteBackup: rand() < 0.5 }));
      else if (r < 0.6) tryIt(() => sim.failNext(pick(['backup', 'image', 'provision', 'restore'] as const)!));
      else if (r < 0.65) tryIt(() => sim.restoreBackup(pick(backups) ?? 'none'));
      else if (r < 0.68) tryIt(() => sim.deleteServer(pick(servers) ?? 'none'));
      else if (r < 0.72) tryIt(() => sim.createImageFromServer(pick(servers) ?? 'none', { name: `f${i}`, kind: 'full-ecs' }));
      else sim.advance(Math.floor(rand() * 6 * 3_600_000));
    });
  }
  return out;
}
