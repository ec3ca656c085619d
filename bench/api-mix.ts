/**
 * The request mix of `npm run bench -- --api` (api.ts): what 50 SDK-like clients ask the service
 * API for, and with which ids. A client's sequence of requests follows from its seed and the
 * seeded world alone (it learns nothing from answers), so the baseline's clients send the very
 * same requests as cbr-sim's.
 */
import { rng } from './rng.js';

/**
 * The workload, in per cent of requests: SDK clients mostly poll (a waiter polls a backup or a job
 * until it ends), list now and then, and create little: each creation is followed by many polls.
 */
export const MIX = {
  /** GET /cbr/v3/{project_id}/backups/{backup_id}: one of the project's backups. */
  backup: 50,
  /** GET /ecs/v1/{project_id}/jobs/{job_id}: a server's creation job. */
  job_ecs: 10,
  /** GET /evs/v1/{project_id}/jobs/{job_id}: a disk's creation job. */
  job_evs: 10,
  /** GET /ims/v1/{project_id}/jobs/{job_id}: an image's creation job. */
  job_ims: 10,
  /** GET /cbr/v3/{project_id}/backups?limit=50&offset=…: the client pages through the backups. */
  list: 17,
  /** POST /cbr/v3/{project_id}/checkpoints: one server of a vault backed up now. */
  checkpoint: 2,
  /** POST /ims/v1/cloudimages/wholeimages/action: a full-ECS image of an Available server backup. */
  image: 1,
} as const;
export type Kind = keyof typeof MIX;
export const KINDS = Object.keys(MIX) as Kind[];
/** The kinds that only read: their p99 has its own target. */
export const READS: readonly Kind[] = ['backup', 'job_ecs', 'job_evs', 'job_ims', 'list'];

export const CLIENTS = 50;
/** The benchmark's project: an id of the form the console shows. */
export const BENCH_PROJECT = '0b5e7c1a9d2f4e6b8a3c5d7e9f1a2b4c';
export const LIST_LIMIT = 50;
/** The backups the project holds before the clock starts (at least). */
export const PROJECT_BACKUPS = 1_000;
/** Backups that get an image while seeding, so that IMS has finished jobs to poll. */
export const SEEDED_IMAGES = 20;
/** Disks made while seeding, so that EVS has finished jobs to poll. */
export const SEEDED_DISKS = 20;
/** Servers that hold the project's backups (each gets PROJECT_BACKUPS / READ_SERVERS of them). */
export const READ_SERVERS = 100;
/**
 * The pools of one-time ids (a server backed up now stays Creating under `--clock manual`, and a
 * backup makes one full-ECS image, I5) are sized for this many requests per second: beyond it, a
 * client whose share of a pool is used up polls a backup instead, and the report says how often.
 */
export const POOL_RATE = 1_600;

/** What the seeded world holds (api-child.ts prints it): every id a client may name. */
export interface SeededWorld {
  projectId: string;
  /** The project's server backups, all Available. */
  backups: string[];
  jobs: { ecs: string[]; evs: string[]; ims: string[] };
  /** Servers in vaults, none backed up yet: each takes one `checkpoint`. */
  checkpointPool: { vaultId: string; serverId: string }[];
  /** Available server backups without an image: each takes one `image`. */
  imagePool: string[];
}

/** How many one-time ids the run needs of each pool: share × POOL_RATE × seconds, rounded up. */
export function poolSizes(seconds: number): { checkpoint: number; image: number } {
  const of = (kind: 'checkpoint' | 'image') => Math.ceil((MIX[kind] / 100) * POOL_RATE * seconds);
  return { checkpoint: of('checkpoint'), image: of('image') };
}

export interface Op {
  kind: Kind;
  method: 'GET' | 'POST';
  /** The path below the server's root, `{project_id}` filled, as the SDK sends it. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** The kind whose band of the mix `r` (0 ≤ r < 100) falls in. */
export function kindAt(r: number): Kind {
  for (const k of KINDS) {
    r -= MIX[k];
    if (r < 0) return k;
  }
  return KINDS[0]!;
}

export class ApiClient {
  private readonly random: () => number;
  private page = 0;
  private readonly used = { checkpoint: 0, image: 0 };
  /** Requests of a pool's kind sent as a backup poll instead, its share of the pool being used up. */
  readonly exhausted = { checkpoint: 0, image: 0 };

  /**
   * `wrap`: a pool used up starts again from its first id (the baseline, which changes nothing and
   * so can take the same requests on for ever); otherwise the client polls a backup instead.
   */
  constructor(readonly index: number, private readonly world: SeededWorld, private readonly wrap: boolean) {
    this.random = rng(0xa91 + index * 7919);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  /** The client's n-th id of a pool: its own slice (every CLIENTS-th id), so that no two clients share one. */
  private fromPool<T>(pool: readonly T[], kind: 'checkpoint' | 'image'): T | undefined {
    const n = this.used[kind]++;
    const slice = Math.floor((pool.length - this.index + CLIENTS - 1) / CLIENTS);
    if (slice <= 0) return undefined;
    if (n >= slice && !this.wrap) return undefined;
    return pool[this.index + (n % slice) * CLIENTS];
  }

  next(): Op {
    return this.opFor(kindAt(this.random() * 100));
  }

  opFor(kind: Kind): Op {
    const w = this.world;
    const pid = w.projectId;
    switch (kind) {
      case 'backup':
        return { kind, method: 'GET', path: `/cbr/v3/${pid}/backups/${this.pick(w.backups)}` };
      case 'job_ecs':
        return { kind, method: 'GET', path: `/ecs/v1/${pid}/jobs/${this.pick(w.jobs.ecs)}` };
      case 'job_evs':
        return { kind, method: 'GET', path: `/evs/v1/${pid}/jobs/${this.pick(w.jobs.evs)}` };
      case 'job_ims':
        return { kind, method: 'GET', path: `/ims/v1/${pid}/jobs/${this.pick(w.jobs.ims)}` };
      case 'list': {
        const pages = Math.max(1, Math.ceil(w.backups.length / LIST_LIMIT));
        const offset = (this.page++ % pages) * LIST_LIMIT;
        return { kind, method: 'GET', path: `/cbr/v3/${pid}/backups`, query: { limit: String(LIST_LIMIT), offset: String(offset) } };
      }
      case 'checkpoint': {
        const item = this.fromPool(w.checkpointPool, 'checkpoint');
        if (!item) return this.instead('checkpoint');
        return {
          kind, method: 'POST', path: `/cbr/v3/${pid}/checkpoints`,
          body: { checkpoint: { vault_id: item.vaultId, parameters: { resources: [item.serverId], name: `bench-c${this.index + 1}-${this.used.checkpoint}` } } },
        };
      }
      case 'image': {
        const backupId = this.fromPool(w.imagePool, 'image');
        if (!backupId) return this.instead('image');
        return { kind, method: 'POST', path: '/ims/v1/cloudimages/wholeimages/action', body: { name: `bench-c${this.index + 1}-i${this.used.image}`, backup_id: backupId, whole_image_type: 'CBR' } };
      }
    }
  }

  private instead(kind: 'checkpoint' | 'image'): Op {
    this.exhausted[kind]++;
    return this.opFor('backup');
  }
}

/**
 * The kind of a request from its method and path (the baseline answers by it): the mix's paths
 * only; null for anything else.
 */
export function kindOf(method: string, path: string): Kind | null {
  const p = path.split('?')[0]!;
  if (method === 'GET') {
    if (/^\/cbr\/v3\/[^/]+\/backups\/[^/]+$/.test(p)) return 'backup';
    if (/^\/cbr\/v3\/[^/]+\/backups$/.test(p)) return 'list';
    const job = /^\/(ecs|evs|ims)\/v1\/[^/]+\/jobs\/[^/]+$/.exec(p);
    if (job) return `job_${job[1]}` as Kind;
  }
  if (method === 'POST') {
    if (/^\/cbr\/v3\/[^/]+\/checkpoints$/.test(p)) return 'checkpoint';
    if (p === '/ims/v1/cloudimages/wholeimages/action') return 'image';
  }
  return null;
}
