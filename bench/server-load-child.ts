/**
 * The server side of `npm run bench -- --server-load` (server-load.ts), run in a child process so
 * that its RSS is its own and the clients' work does not share its event loop:
 *
 * - `node dist/bench/server-load-child.js inspector`: the inspector's server, exactly as
 *   `cbr-sim serve --port 0` starts it (the seed-000 walkthrough loaded);
 * - `node dist/bench/server-load-child.js baseline '{"state":1234,…}'`: a bare express server
 *   (JSON body parser, nothing else) answering every request with a fixed JSON body of the given
 *   size, chosen by the request's `x-bench-kind` header.
 *
 * Either prints one line `{"url":"http://127.0.0.1:<port>/"}` when it listens, and exits when its
 * stdin closes (so it never outlives the benchmark).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { serve } from '../src/server/serve.js';
import { SCENARIOS } from '../scenarios/index.js';

/** A JSON document of exactly `bytes` bytes (at least `{}`). */
export function fixedJson(bytes: number): string {
  const pad = Math.max(0, Math.round(bytes) - '{"pad":""}'.length);
  return pad > 0 || bytes >= 10 ? `{"pad":"${'x'.repeat(pad)}"}` : '{}';
}

async function start(mode: string | undefined, sizes: string | undefined): Promise<string> {
  if (mode === 'inspector') {
    const served = await serve({ scenario: SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!, port: 0 });
    return served.url;
  }
  if (mode === 'baseline') {
    const bodies = new Map(Object.entries(JSON.parse(sizes ?? '{}') as Record<string, number>).map(([kind, n]) => [kind, fixedJson(n)]));
    const fallback = fixedJson(100);
    const app = express();
    app.disable('x-powered-by');
    app.use(express.json({ limit: '1mb' }));
    app.use((req, res) => {
      res.type('application/json').send(bodies.get(req.get('x-bench-kind') ?? '') ?? fallback);
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }
  throw new Error(`server-load-child: the mode is inspector or baseline; got ${JSON.stringify(mode)}`);
}

const url = await start(process.argv[2], process.argv[3]);
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
