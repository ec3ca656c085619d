/**
 * The parts of `npm run bench -- --api` that can be checked without timing anything: the request
 * mix and its pools, the percentile arithmetic, the signer (its signatures are the ones cbr-sim's
 * verifier accepts), the baseline app and the seeded world. No figure here depends on speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeyAuthenticator } from '../../src/api/auth.js';
import { ApiError } from '../../src/api/errors.js';
import { Projects } from '../../src/api/projects.js';
import { Session } from '../../src/server/session.js';
import { emptyProjectScenario } from '../../src/api/projects.js';
import {
  ApiClient, BENCH_PROJECT, CLIENTS, KINDS, MIX, POOL_RATE, kindAt, kindOf, poolSizes, type Kind, type Op, type SeededWorld,
} from '../../bench/api-mix.js';
import { signOp, type Key } from '../../bench/api-sign.js';
import { errorLabel, median, percentile, roundStats, type Sample } from '../../bench/api-stats.js';
import { baselineApp, fixedJson } from '../../bench/api-baseline.js';
import { seedProject } from '../../bench/api-seed.js';
import { benchKeys, parseApiArgs } from '../../bench/api.js';

const world: SeededWorld = {
  projectId: BENCH_PROJECT,
  backups: Array.from({ length: 120 }, (_, i) => `bk-${i}`),
  jobs: { ecs: ['job-e1', 'job-e2'], evs: ['job-v1'], ims: ['job-i1'] },
  checkpointPool: Array.from({ length: 2 * CLIENTS }, (_, i) => ({ vaultId: `vault-${i % 3}`, serverId: `ecs-${i}` })),
  imagePool: Array.from({ length: CLIENTS }, (_, i) => `bk-img-${i}`),
};

function ops(client: ApiClient, n: number): Op[] {
  return Array.from({ length: n }, () => client.next());
}

describe('the request mix', () => {
  it('adds up to 100 per cent, and each band of it is its kind', () => {
    expect(Object.values(MIX).reduce((a, b) => a + b, 0)).toBe(100);
    expect(kindAt(0)).toBe('backup');
    expect(kindAt(MIX.backup - 0.001)).toBe('backup');
    expect(kindAt(MIX.backup)).toBe('job_ecs');
    expect(kindAt(99.999)).toBe('image');
  });

  it('draws each kind about as often as its share', () => {
    const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
    const n = 4_000;
    for (let i = 0; i < CLIENTS; i++) for (const op of ops(new ApiClient(i, world, true), n / CLIENTS)) counts[op.kind]++;
    for (const k of KINDS) expect(Math.abs(counts[k] / n * 100 - MIX[k]), k).toBeLessThan(2.5);
    expect(counts.image).toBeGreaterThan(0);
  });

  it('gives a client the same requests in cbr-sim\'s rounds and the baseline\'s while its pools last', () => {
    const sim = ops(new ApiClient(7, world, false), 60);
    const base = ops(new ApiClient(7, world, true), 60);
    expect(base).toEqual(sim);
    expect(ops(new ApiClient(8, world, false), 60)).not.toEqual(sim);
  });

  it('never gives two clients the same server to back up or the same backup to make an image of', () => {
    const taken = { checkpoint: [] as string[], image: [] as string[] };
    for (let i = 0; i < CLIENTS; i++) {
      const c = new ApiClient(i, world, false);
      for (let n = 0; n < 2; n++) taken.checkpoint.push((c.opFor('checkpoint').body as { checkpoint: { parameters: { resources: string[] } } }).checkpoint.parameters.resources[0]!);
      taken.image.push((c.opFor('image').body as { backup_id: string }).backup_id);
    }
    expect(new Set(taken.checkpoint).size).toBe(2 * CLIENTS);
    expect(new Set(taken.image).size).toBe(CLIENTS);
  });

  it('polls a backup instead once a client\'s share of a pool is used up, and says so; the baseline starts the pool again', () => {
    const sim = new ApiClient(0, world, false);
    sim.opFor('image');
    const instead = sim.opFor('image');
    expect(instead.kind).toBe('backup');
    expect(instead.method).toBe('GET');
    expect(sim.exhausted.image).toBe(1);
    const base = new ApiClient(0, world, true);
    const first = base.opFor('image');
    expect(base.opFor('image')).toEqual({ ...first, body: { ...(first.body as object), name: 'bench-c1-i2' } });
    expect(base.exhausted.image).toBe(0);
  });

  it('names a request\'s kind from its method and path, for every kind, and no other path', () => {
    const c = new ApiClient(3, world, true);
    for (const k of KINDS) {
      const op = c.opFor(k);
      expect(kindOf(op.method, op.query ? `${op.path}?limit=50` : op.path)).toBe(k);
    }
    expect(kindOf('DELETE', `/cbr/v3/${BENCH_PROJECT}/backups/bk-1`)).toBeNull();
    expect(kindOf('GET', '/cbr/v3/p/vaults')).toBeNull();
  });

  it('pages through the backups, LIST_LIMIT at a time, and starts again after the last page', () => {
    const c = new ApiClient(0, world, true);
    const offsets = Array.from({ length: 4 }, () => c.opFor('list').query!.offset);
    expect(offsets).toEqual(['0', '50', '100', '0']);
  });

  it('sizes the pools for POOL_RATE requests per second', () => {
    expect(poolSizes(60)).toEqual({ checkpoint: Math.ceil(0.02 * POOL_RATE * 60), image: Math.ceil(0.01 * POOL_RATE * 60) });
  });
});

describe('the arithmetic', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the nearest-rank percentile', () => {
    expect(percentile(oneToHundred, 0.5)).toBe(50);
    expect(percentile(oneToHundred, 0.99)).toBe(99);
    expect(percentile(oneToHundred, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('takes the median of the rounds, the mean of the middle two for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1400, 1000])).toBe(1200);
    expect(median([])).toBeNull();
  });

  it('counts a round\'s answers that are not 2xx by status and code, and reads apart from creations', () => {
    const samples: Sample[] = [
      ...oneToHundred.map((ms): Sample => ({ kind: 'backup', ms, status: 200, bytes: 1900 })),
      { kind: 'checkpoint', ms: 900, status: 400, bytes: 120, label: errorLabel(400, '{"error_code":"BackupService.0001","error_msg":"…"}') },
      { kind: 'image', ms: 5, status: 0, bytes: 0, label: errorLabel(0, '', 'ECONNRESET') },
    ];
    const r = roundStats('cbr-sim', samples, 2, { start: 100, end: 110, peak: 120 });
    expect(r.requests_per_s).toBe(51);
    expect(r.errors).toEqual({ '400 BackupService.0001': 1, 'network: ECONNRESET': 1 });
    expect(r.reads_p99_ms).toBe(99);
    expect(r.p99_ms).toBe(100);
    expect(r.kinds.backup.median_bytes).toBe(1900);
    expect(r.kinds.checkpoint.median_bytes).toBeNull();
  });

  it('labels an answer by its status alone when its body names no code', () => {
    expect(errorLabel(204, '')).toBeUndefined();
    expect(errorLabel(502, 'Bad gateway')).toBe('502');
    expect(errorLabel(404, '{"error":{"code":"IMG.0027","message":"…"}}')).toBe('404 IMG.0027');
  });
});

describe('the signer and the baseline', () => {
  const keys = benchKeys();
  const auth = new KeyAuthenticator({ keys: keys.map((k) => ({ ...k, projects: [BENCH_PROJECT] })), tokens: [] });
  const origin = 'http://127.0.0.1:4820';

  /** The request as the server's verifier reads it: lower-case headers, the target as sent. */
  function received(op: Op, key: Key, tamper?: (headers: Record<string, string>) => void): { req: IncomingMessage; body: Buffer } {
    const signed = signOp(op, origin, BENCH_PROJECT, key);
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    tamper?.(headers);
    return { req: { method: op.method, url: signed.target, headers } as unknown as IncomingMessage, body: signed.body ?? Buffer.alloc(0) };
  }

  it('signs every kind of request so that cbr-sim\'s verifier accepts it, for the key\'s project', () => {
    const c = new ApiClient(1, world, true);
    for (const k of KINDS) {
      const { req, body } = received(c.opFor(k), keys[1]!);
      expect(auth.check(req, body)).toEqual({ projects: [BENCH_PROJECT], project: BENCH_PROJECT });
    }
  });

  it('signs what it sends: a body changed after signing, another key\'s name or another query is refused with APIGW.0301', () => {
    const c = new ApiClient(2, world, true);
    const post = received(c.opFor('checkpoint'), keys[2]!);
    const changed = Buffer.from(post.body.toString('utf8').replace('bench-c3', 'bench-c4'));
    const refusal = (f: () => unknown) => { try { f(); } catch (e) { return e; } return null; };
    const e = refusal(() => auth.check(post.req, changed)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code]).toEqual([401, 'APIGW.0301']);
    const other = received(c.opFor('backup'), keys[2]!, (h) => { h.authorization = h.authorization!.replace(keys[2]!.ak, keys[3]!.ak); });
    expect((refusal(() => auth.check(other.req, Buffer.alloc(0))) as ApiError).code).toBe('APIGW.0301');
    const list = received(c.opFor('list'), keys[2]!);
    (list.req as { url: string }).url = list.req.url!.replace('offset=', 'offset=1');
    expect((refusal(() => auth.check(list.req, Buffer.alloc(0))) as ApiError).code).toBe('APIGW.0301');
  });

  it('writes a stored body of exactly the size asked for', () => {
    for (const n of [0, 2, 10, 11, 296, 95_491]) {
      const text = fixedJson(n);
      expect(() => JSON.parse(text)).not.toThrow();
      if (n >= 10) expect(Buffer.byteLength(text)).toBe(n);
    }
  });

  describe('the baseline app', () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      server = createServer(baselineApp(auth, { backup: 1919, list: 5000 }));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    function send(op: Op, key: Key): Promise<{ status: number; bytes: number; text: string }> {
      const signed = signOp(op, `http://127.0.0.1:${port}`, BENCH_PROJECT, key);
      return new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method: op.method, path: signed.target, headers: signed.headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks).length, text: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        req.end(signed.body);
      });
    }

    it('answers a signed request of the mix with the stored body of its kind\'s size', async () => {
      const c = new ApiClient(4, world, true);
      expect(await send(c.opFor('backup'), keys[4]!)).toMatchObject({ status: 200, bytes: 1919 });
      expect(await send(c.opFor('list'), keys[4]!)).toMatchObject({ status: 200, bytes: 5000 });
      expect(await send(c.opFor('checkpoint'), keys[4]!)).toMatchObject({ status: 200, bytes: 100 });
    });

    it('refuses a request signed with a secret the keys file does not have, as cbr-sim does', async () => {
      const a = await send(new ApiClient(5, world, true).opFor('backup'), { ak: keys[5]!.ak, sk: 'not-the-secret' });
      expect(a.status).toBe(401);
      expect(JSON.parse(a.text)).toMatchObject({ error_code: 'APIGW.0301' });
    });
  });
});

describe('the seeded world', () => {
  it('holds Available backups, finished jobs of each service, and pools no request has used', async () => {
    const projects = new Projects(new Session(emptyProjectScenario('default')));
    const project = projects.get(BENCH_PROJECT);
    const w = await seedProject(project, { backups: 9, checkpointPool: 3, readServers: 3, images: 2, disks: 2 });
    const sim = project.session.simulation;
    expect(w.backups).toHaveLength(9);
    expect(w.backups.map((id) => sim.get(id).status)).toEqual(Array(9).fill('available'));
    expect([w.jobs.ecs.length, w.jobs.evs.length, w.jobs.ims.length]).toEqual([3, 2, 2]);
    for (const id of [...w.jobs.ecs, ...w.jobs.evs, ...w.jobs.ims]) expect(sim.get(id).status).toBe('SUCCESS');
    // The image pool: every backup but the two that got an image while seeding.
    expect(w.imagePool).toHaveLength(7);
    for (const id of w.imagePool) expect(sim.get(id)).toMatchObject({ kind: 'backup', imageId: null });
    expect(w.checkpointPool).toHaveLength(3);
    const backedUp = new Set(sim.list('backup').map((b) => b.resourceId));
    for (const { vaultId, serverId } of w.checkpointPool) {
      expect(sim.get(serverId)).toMatchObject({ kind: 'server', vaultId });
      expect(backedUp.has(serverId)).toBe(false);
    }
  }, 120_000);
});

describe('the command line', () => {
  it('takes --seconds and --rounds as positive whole numbers, and refuses anything else by name', () => {
    expect(parseApiArgs(['--api', '--seconds', '5', '--rounds=3', '--json'])).toEqual({ seconds: 5, rounds: 3, json: true });
    expect(parseApiArgs(['--api'])).toEqual({ seconds: 60, rounds: 2, json: false });
    expect(parseApiArgs(['--api', '--help'])).toBeNull();
    expect(() => parseApiArgs(['--api', '--seconds', '0'])).toThrow(/--seconds must be a positive whole number/);
    expect(() => parseApiArgs(['--api', '--rounds'])).toThrow(/--rounds needs a value/);
    expect(() => parseApiArgs(['--api', '--servers', '5'])).toThrow(/unknown option --servers/);
  });
});
