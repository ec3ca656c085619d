/**
 * Who may talk to the server (issue 8 §2): other origins, DNS rebinding, --host, the headers.
 * Every test runs a real listening server, started through serve() or through `cbr-sim serve`'s main().
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { WebSocket } from 'ws';
import { serve, type Served } from '../../src/server/serve.js';
import { CSP } from '../../src/server/app.js';
import { SCENARIOS } from '../../scenarios/index.js';
import type { Io } from '../../src/cli/main.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;

interface Answer { status: number; headers: IncomingHttpHeaders; json: any; text: string }

/** One HTTP request to 127.0.0.1:port with exactly these headers (Host included: fetch would not send ours). */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: unknown, address = '127.0.0.1'): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: address, port, method, path,
      headers: { host: `127.0.0.1:${port}`, ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}), ...headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: any = null;
        try {
          json = JSON.parse(text);
        } catch {
          // a page, an SVG
        }
        resolve({ status: res.statusCode!, headers: res.headers, json, text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A WebSocket upgrade with these headers: opened (and its first message), or refused with a status and body. */
function upgrade(port: number, path: string, headers: Record<string, string> = {}, address = '127.0.0.1'): Promise<{ opened: boolean; first?: any; status?: number; headers?: IncomingHttpHeaders; json?: any; closed?: boolean }> {
  return new Promise((resolve, reject) => {
    const { origin, ...rest } = headers;
    const ws = new WebSocket(`ws://${address}:${port}${path}`, { ...(origin !== undefined ? { origin } : {}), headers: rest });
    ws.on('open', () => {
      if (path === '/inspect') {
        ws.close();
        resolve({ opened: true });
      }
    });
    ws.on('message', (data) => {
      ws.close();
      resolve({ opened: true, first: JSON.parse(String(data)) });
    });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      // The server destroys the socket after its answer: no WebSocket is left behind.
      res.socket.on('close', () => resolve({ opened: false, status: res.statusCode!, headers: res.headers, json: JSON.parse(text), closed: true }));
    });
    ws.on('error', reject);
  });
}

const evil = 'http://evil.example';
let served: Served;
let port: number;
const state = async () => (await send(port, 'GET', '/api/state')).text;
const clock = (headers: Record<string, string>) => send(port, 'POST', '/api/commands', headers, { verb: 'advance', args: ['1m'] });

beforeAll(async () => {
  served = await serve({ scenario: seed000, port: 0, allowedHosts: ['inspector.lan', 'Other.LAN'] });
  port = served.port;
});
afterAll(async () => {
  await served.close();
});

describe('other origins', () => {
  it('refuses a state-changing request from another origin with 403 Sim.ForbiddenOrigin, changing nothing; its own origin and no Origin are accepted', async () => {
    const before = await state();
    for (const origin of [evil, `http://evil.example:${port}`, 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`]) {
      const refused = await clock({ origin });
      expect(refused.status, origin).toBe(403);
      expect(refused.json).toEqual({ code: 'Sim.ForbiddenOrigin', message: expect.any(String), details: { origin, allowed: expect.arrayContaining([`http://127.0.0.1:${port}`]) } });
      expect(refused.json.message).toContain(origin);
      expect(refused.json.message).toContain(`http://127.0.0.1:${port}/`);
      expect(refused.json.message).toContain('--allowed-host');
    }
    // Other state-changing routes too, and before the body is even read.
    expect((await send(port, 'POST', '/api/fork', { origin: evil }, { seq: 1 })).status).toBe(403);
    expect((await send(port, 'POST', '/api/scenario/step', { origin: evil })).status).toBe(403);
    expect((await send(port, 'POST', '/api/commands', { origin: evil, 'content-type': 'application/json' }, 'not { json')).json.code).toBe('Sim.ForbiddenOrigin');
    expect(await state()).toBe(before);

    for (const headers of <Record<string, string>[]>[{ origin: `http://127.0.0.1:${port}` }, { origin: `http://localhost:${port}` }, { origin: `http://[::1]:${port}` }, { origin: `http://inspector.lan:${port}` }, {}]) {
      const accepted = await clock(headers);
      expect(accepted.status, JSON.stringify(headers)).toBe(200);
    }
    expect(JSON.parse(await state()).now).not.toBe(JSON.parse(before).now);
  });

  it('refuses /live and /inspect upgrades from another origin with an HTTP 403 and a JSON body, and closes the socket', async () => {
    for (const path of ['/live', '/inspect']) {
      const refused = await upgrade(port, path, { origin: evil });
      expect(refused.opened).toBe(false);
      expect(refused.status).toBe(403);
      expect(refused.closed).toBe(true);
      expect(refused.headers!['content-type']).toMatch(/^application\/json/);
      expect(refused.json).toMatchObject({ code: 'Sim.ForbiddenOrigin', details: { origin: evil } });
      expect(refused.json.message).toContain(`open the WebSocket ${path}`);
    }
    // The page's own origin and Node clients (no Origin) still connect.
    expect(await upgrade(port, '/live', { origin: `http://127.0.0.1:${port}` })).toMatchObject({ opened: true, first: { type: 'hello' } });
    expect(await upgrade(port, '/live')).toMatchObject({ opened: true, first: { type: 'hello' } });
    expect(await upgrade(port, '/inspect', { origin: `http://localhost:${port}` })).toMatchObject({ opened: true });
  });

  it('lets a foreign page read nothing either: reads need no Origin check, but carry Cross-Origin-Resource-Policy', async () => {
    const read = await send(port, 'GET', '/api/journal', { origin: evil });
    expect(read.status).toBe(200);
    expect(read.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('DNS rebinding', () => {
  const rebind = () => `rebind.evil.example:${port}`;

  it('refuses a request whose Host is not a name of the server, even with a matching Origin: POST changes nothing, GET reads nothing', async () => {
    const before = await state();
    const post = await clock({ host: rebind(), origin: `http://${rebind()}` });
    expect(post.status).toBe(403);
    expect(post.json).toEqual({ code: 'Sim.ForbiddenHost', message: expect.any(String), details: { host: rebind(), allowed: expect.arrayContaining([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) } });
    expect(post.json.message).toContain(rebind());
    expect(post.json.message).toContain(`http://127.0.0.1:${port}/`);
    expect(post.json.message).toContain('--allowed-host NAME');
    expect(await state()).toBe(before);

    for (const path of ['/api/journal', '/api/state', '/', '/api/diagram/backup']) {
      const get = await send(port, 'GET', path, { host: rebind() });
      expect(get.status, path).toBe(403);
      expect(get.json.code).toBe('Sim.ForbiddenHost');
      expect(get.text).not.toContain('"records"');
    }
    // A name of the server on another port is no name of this server.
    expect((await send(port, 'GET', '/api/state', { host: `127.0.0.1:${port + 1}` })).status).toBe(403);
  });

  it('refuses a rebinding Host on the /live and /inspect upgrades', async () => {
    for (const path of ['/live', '/inspect']) {
      const refused = await upgrade(port, path, { host: rebind(), origin: `http://${rebind()}` });
      expect(refused).toMatchObject({ opened: false, status: 403, closed: true, json: { code: 'Sim.ForbiddenHost', details: { host: rebind() } } });
    }
  });

  it('accepts its own names and those given as allowedHosts (--allowed-host), in any case, and no other name', async () => {
    expect((await send(port, 'GET', '/api/journal?limit=1', { host: `unlisted.lan:${port}` })).status).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `inspector.lan:${port}`, `other.lan:${port}`, `INSPECTOR.lan:${port}`]) {
      const answer = await send(port, 'GET', '/api/journal?limit=1', { host });
      expect(answer.status, host).toBe(200);
    }
    const post = await clock({ host: `inspector.lan:${port}`, origin: `http://inspector.lan:${port}` });
    expect(post.status).toBe(200);
    expect(await upgrade(port, '/live', { host: `other.lan:${port}`, origin: `http://other.lan:${port}` })).toMatchObject({ opened: true });
  });

  it('on every interface (0.0.0.0) accepts the machine\'s own addresses, and still refuses other names', async () => {
    const everywhere = await serve({ scenario: seed000, port: 0, host: '0.0.0.0' });
    try {
      const own = Object.values(networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4').map((a) => a!.address);
      for (const address of own) {
        expect((await send(everywhere.port, 'GET', '/api/journal?limit=1', { host: `${address}:${everywhere.port}` }, undefined, address)).status, address).toBe(200);
      }
      expect((await send(everywhere.port, 'GET', '/api/journal?limit=1', { host: `0.0.0.0:${everywhere.port}` })).status).toBe(200);
      expect((await send(everywhere.port, 'GET', '/api/journal?limit=1', { host: `rebind.evil.example:${everywhere.port}` })).status).toBe(403);
      expect((await send(everywhere.port, 'GET', '/api/journal?limit=1', { host: `192.0.2.77:${everywhere.port}` })).status).toBe(403);
    } finally {
      await everywhere.close();
    }
  });
});

describe('headers', () => {
  it('sends Referrer-Policy: no-referrer, Cross-Origin-Resource-Policy: same-origin and the CSP on every response, refusals and errors included', async () => {
    const answers = [
      await send(port, 'GET', '/'),
      await send(port, 'GET', '/js/live.js'),
      await send(port, 'GET', '/api/state'),
      await send(port, 'GET', '/api/nowhere'),
      await send(port, 'POST', '/api/commands', {}, { verb: 'toast' }),
      await send(port, 'GET', '/api/state', { host: `rebind.evil.example:${port}` }),
      await clock({ origin: evil }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 404, 400, 403, 403]);
    const refusedUpgrade = await upgrade(port, '/live', { origin: evil });
    for (const headers of [...answers.map((a) => a.headers), refusedUpgrade.headers!]) {
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(headers['content-security-policy']).toBe(CSP);
      expect(headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('cbr-sim serve --host and --allowed-host', () => {
  let main: (argv: string[], io: Io) => Promise<number>;
  // `cbr-sim serve` stopped by a signal makes sure the process ends a second later (process.exit):
  // here the process is the test's, so that exit is caught, until the last one is due.
  let exit: MockInstance;
  let lastStop = 0;
  beforeAll(async () => {
    exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    // main.ts runs itself on import with the process's arguments (none here: it prints the help).
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      ({ main } = await import('../../src/cli/main.js'));
    } finally {
      process.stdout.write = write;
    }
  });

  afterAll(async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, lastStop + 1_500 - Date.now())));
    exit.mockRestore();
  });

  /** Runs `cbr-sim serve …` until it prints its URL or exits, whichever comes first (3 s at most). */
  async function startServe(...args: string[]) {
    let out = '';
    let err = '';
    const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), tty: false, nextStep: async () => {} };
    const signals = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    const running = main(['serve', '--port', '0', ...args], io);
    let code: number | undefined;
    void running.then((c) => (code = c));
    for (let waited = 0; waited < 3000 && code === undefined && !/http:\/\/\S+:\d+\//.test(out); waited += 20) await new Promise((r) => setTimeout(r, 20));
    const url = /(http:\/\/\S+:(\d+)\/)/.exec(out);
    return {
      code, out, err, url: url?.[1], port: url ? Number(url[2]) : 0,
      stop: async () => {
        if (code === undefined) {
          lastStop = Date.now();
          process.emit('SIGTERM', 'SIGTERM');
          await running;
        }
        for (const name of ['SIGINT', 'SIGTERM'] as const) {
          for (const l of process.listeners(name)) if (!signals[name].includes(l)) process.removeListener(name, l);
        }
      },
    };
  }

  it('listens on 127.0.0.2 without a warning (127.0.0.0/8 is loopback), and still warns for every interface', async () => {
    const run = await startServe('--host', '127.0.0.2');
    try {
      expect(run.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/);
      expect(run.err).toBe('');
      expect((await send(run.port, 'GET', '/api/journal?limit=1', { host: `127.0.0.2:${run.port}` }, undefined, '127.0.0.2')).status).toBe(200);
    } finally {
      await run.stop();
    }
    const everywhere = await startServe('--host', '0.0.0.0');
    try {
      expect(everywhere.url).toBeDefined();
      expect(everywhere.err).toMatch(/warning: listening on 0\.0\.0\.0 exposes the inspector beyond this machine/);
    } finally {
      await everywhere.stop();
    }
  });

  it('refuses an empty --host with exit code 2 and says why, instead of listening on every interface', async () => {
    for (const args of [['--host', ''], ['--host='], ['--host', '  ']]) {
      const run = await startServe(...args);
      try {
        expect(run.url, args.join(' ')).toBeUndefined();
        expect(run.code).toBe(2);
        expect(run.err).toMatch(/cbr-sim serve: --host needs an address or name to listen on; got an empty one/);
      } finally {
        await run.stop();
      }
    }
  });

  it('accepts the names given with --allowed-host (repeated or comma separated) and refuses others', async () => {
    const run = await startServe('--allowed-host', 'inspector.lan,box.lan', '--allowed-host=third.lan');
    try {
      expect(run.code).toBeUndefined();
      for (const name of ['inspector.lan', 'box.lan', 'third.lan', '127.0.0.1']) {
        expect((await send(run.port, 'POST', '/api/commands', { host: `${name}:${run.port}`, origin: `http://${name}:${run.port}` }, { verb: 'advance', args: ['1m'] })).status, name).toBe(200);
      }
      expect((await send(run.port, 'GET', '/api/state', { host: `fourth.lan:${run.port}` })).status).toBe(403);
    } finally {
      await run.stop();
    }
    const bad = await startServe('--allowed-host', 'http://inspector.lan:80/');
    await bad.stop();
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--allowed-host takes host names or addresses/);
  });
});
