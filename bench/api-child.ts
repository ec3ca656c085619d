/**
 * The server side of `npm run bench -- --api` (api.ts), run in a child process so that its RSS is
 * its own and the clients' work does not share its event loop:
 *
 * - `node dist/bench/api-child.js cbr-sim <keys file> '{"backups":…,"checkpointPool":…}'`: the
 *   server as `cbr-sim serve --port 0 --auth verify --keys <file> --clock manual` starts it (the
 *   seed-000 walkthrough in the default project), then the benchmark's project seeded through its
 *   session (api-seed.ts) before it answers anything;
 * - `node dist/bench/api-child.js baseline <keys file> '{"backup":1234,…}'`: the bare express app
 *   of api-baseline.ts, answering each kind with a stored body of the given size.
 *
 * Either prints one line `{"url":"http://127.0.0.1:<port>", "world":…}` when it listens, and exits
 * when its stdin closes (so it never outlives the benchmark).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '../src/server/serve.js';
import { KeyAuthenticator } from '../src/api/auth.js';
import { loadKeysFile } from '../src/api/keys.js';
import { SCENARIOS } from '../scenarios/index.js';
import { baselineApp } from './api-baseline.js';
import { seedProject, type SeedSizes } from './api-seed.js';
import { BENCH_PROJECT, type SeededWorld } from './api-mix.js';

async function start(mode: string | undefined, keys: string | undefined, options: string | undefined): Promise<{ url: string; world: SeededWorld | null }> {
  if (keys === undefined) throw new Error('api-child: give the keys file after the mode');
  const auth = new KeyAuthenticator(loadKeysFile(keys));
  if (mode === 'cbr-sim') {
    const served = await serve({ scenario: SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!, port: 0, auth, clock: { mode: 'manual' } });
    const world = await seedProject(served.projects.get(BENCH_PROJECT), JSON.parse(options ?? '{}') as SeedSizes);
    return { url: served.url.replace(/\/$/, ''), world };
  }
  if (mode === 'baseline') {
    const server = createServer(baselineApp(auth, JSON.parse(options ?? '{}') as Record<string, number>));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, world: null };
  }
  throw new Error(`api-child: the mode is cbr-sim or baseline; got ${JSON.stringify(mode)}`);
}

const started = await start(process.argv[2], process.argv[3], process.argv[4]);
process.stdout.write(`${JSON.stringify(started)}\n`);
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
