/**
 * The world of `npm run bench -- --api`, made before the clock starts, through the project's own
 * session (journaled like any command): servers in vaults, their backups Available (the clock is
 * advanced past their creation), a few disks and images whose jobs have ended, and the one-time
 * pools the creating requests take from (api-mix.ts).
 *
 * The project's image quota is raised to 100,000 [decision]: the default 50 (I12) would refuse
 * the run's full-ECS images after the fiftieth, and the benchmark measures the serving, not the quota.
 */
import type { Project } from '../src/api/projects.js';
import { emptyProjectScenario } from '../src/api/projects.js';
import type { BackupRecord, DiskRecord, ImageRecord, ServerRecord, VaultRecord } from '../src/sim/records.js';
import { READ_SERVERS, SEEDED_DISKS, SEEDED_IMAGES, type SeededWorld } from './api-mix.js';

export interface SeedSizes {
  /** Server backups the project holds (all Available); SEEDED_IMAGES of them get an image. */
  backups: number;
  /** Servers in vaults left without a backup, one per checkpoint the run may create. */
  checkpointPool: number;
  readServers?: number;
  images?: number;
  disks?: number;
}

/** Vaults hold at most this many servers here (a checkpoint of one names it among them). */
const VAULT_SERVERS = 200;
const VAULT_GB = 1_000_000;
/** The image quota of the benchmark's project (see above). */
export const BENCH_IMAGE_QUOTA = 100_000;

export async function seedProject(project: Project, o: SeedSizes): Promise<SeededWorld> {
  const readServers = o.readServers ?? READ_SERVERS;
  const images = Math.min(o.images ?? SEEDED_IMAGES, o.backups);
  const disks = o.disks ?? SEEDED_DISKS;
  const session = project.session;
  session.load({ ...emptyProjectScenario(project.id), setup: { profile: 'realistic', seed: 14, imageQuota: BENCH_IMAGE_QUOTA } }, 'the --api benchmark\'s world');
  const perform = async <T>(verb: string, ...args: unknown[]) => (await session.perform(verb, args)) as T;
  const servers = async (prefix: string, n: number) => {
    const out: ServerRecord[] = [];
    for (let i = 0; i < n; i++) out.push(await perform<ServerRecord>('createServer', { name: `${prefix}${i + 1}`, os: 'linux', systemDiskGB: 40 }));
    return out;
  };
  const readers = await servers('bench-r', readServers);
  const pool = await servers('bench-p', o.checkpointPool);
  const made: DiskRecord[] = [];
  for (let i = 0; i < disks; i++) made.push(await perform<DiskRecord>('createDisk', { name: `bench-d${i + 1}`, sizeGB: 10 }));
  await perform('advance', '10m');

  const vaultsOf = async (prefix: string, members: ServerRecord[]) => {
    const vaults: VaultRecord[] = [];
    for (let i = 0; i < members.length; i += VAULT_SERVERS) {
      vaults.push(await perform<VaultRecord>('createVault', { name: `${prefix}${vaults.length + 1}`, kind: 'server', resourceIds: members.slice(i, i + VAULT_SERVERS).map((s) => s.id), capacityGB: VAULT_GB }));
    }
    return vaults;
  };
  await vaultsOf('bench-read-', readers);
  const poolVaults = await vaultsOf('bench-pool-', pool);

  // Each reader backed up in turn, the clock run past each round's backups.
  let made_ = 0;
  while (made_ < o.backups) {
    for (const s of readers.slice(0, o.backups - made_)) {
      await perform('backupServer', s.id);
      made_++;
    }
    await perform('advance', '2h');
  }
  const sim = session.simulation;
  const backups = sim.list('backup');
  const notAvailable = backups.find((b) => b.status !== 'available');
  if (notAvailable) throw new Error(`seeding: backup ${notAvailable.id} is ${notAvailable.status} after the clock ran; expected every backup Available`);

  const imaged: ImageRecord[] = [];
  for (const b of backups.slice(0, images)) imaged.push(await perform<ImageRecord>('createImageFromBackup', b.id, { name: `bench-image-${imaged.length + 1}` }));
  for (let i = 0; i < 24 && imaged.some((im) => sim.get(im.id).status !== 'active'); i++) await perform('advance', '1h');
  const stuck = imaged.find((im) => sim.get(im.id).status !== 'active');
  if (stuck) throw new Error(`seeding: image ${stuck.id} is ${sim.get(stuck.id).status} a day after it was asked for`);

  const withImage = new Set(imaged.map((im) => (sim.get(im.id) as ImageRecord).backupId));
  const vaultOf = new Map(poolVaults.flatMap((v) => v.resourceIds.map((id) => [id, v.id] as const)));
  return {
    projectId: project.id,
    backups: backups.map((b) => b.id),
    jobs: {
      ecs: readers.map((s) => s.jobId!).filter(Boolean),
      evs: made.map((d) => d.jobId!).filter(Boolean),
      ims: imaged.map((im) => im.jobId!).filter(Boolean),
    },
    checkpointPool: pool.map((s) => ({ vaultId: vaultOf.get(s.id)!, serverId: s.id })),
    imagePool: (sim.list('backup') as BackupRecord[]).filter((b) => b.status === 'available' && b.imageId === null && !withImage.has(b.id)).map((b) => b.id),
  };
}
