/**
 * The inspector's server under hostile input and load (issue 8, section 1): each test is the
 * regression test of one defect, against a real listening server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { liveTab, type LiveTab } from './clients.js';
import { connect as tcp } from 'node:net';
import { serve, type Served } from '../../src/server/serve.js';
import { Session } from '../../src/server/session.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { JOURNAL_PAGE_BYTES } from '../../src/server/limits.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;
let served: Served;

async function api(path: string, init?: { method?: string; body?: unknown; raw?: string; type?: string; headers?: Record<string, string> }, at: Served = served) {
  const res = await fetch(new URL(path, at.url), {
    method: init?.method ?? (init?.body !== undefined || init?.raw !== undefined ? 'POST' : 'GET'),
    headers: { 'content-type': init?.type ?? 'application/json', ...init?.headers },
    ...(init?.raw !== undefined ? { body: init.raw } : init?.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json, text };
}
const command = (verb: string, ...args: unknown[]) => api('/api/commands', { body: { verb, args } });

const tab = (at: Served = served): Promise<LiveTab> => liveTab(at.url);

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** A fleet under a daily policy: a long advance has thousands of timers to fire. */
async function fleet(servers: number, at: Served = served): Promise<void> {
  await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } }, at);
  const ids: string[] = [];
  for (let i = 0; i < servers; i++) ids.push((await api('/api/commands', { body: { verb: 'createServer', args: [{ name: `s${i}`, os: 'linux', systemDiskGB: 40 }] } }, at)).json.result.id);
  const vault = (await api('/api/commands', { body: { verb: 'createVault', args: [{ name: 'v', kind: 'server', resourceIds: ids }] } }, at)).json.result;
  const policy = (await api('/api/commands', { body: { verb: 'createPolicy', args: [{ name: 'hourly', pattern: ['FREQ=DAILY;BYHOUR=0,6,12,18;BYMINUTE=0'], maxBackups: 3 }] } }, at)).json.result;
  await api('/api/commands', { body: { verb: 'applyPolicy', args: [policy.id, vault.id] } }, at);
}

beforeAll(async () => {
  served = await serve({ scenario: seed000, port: 0 });
});
afterAll(async () => {
  await served.close();
});

describe('hostile input', () => {
  it('refuses command arguments nested 10,000 deep, and the journal and every tab go on being served (defect 1)', async () => {
    const live = await tab();
    await live.until((m) => m.type === 'hello');
    const deep = await command('createServer', { a: nested(10_000) });
    expect(deep.status).toBe(400);
    expect(deep.json.code).toBe('Sim.InvalidArgument');
    expect(deep.json.message).toMatch(/nests deeper than \d+ levels/);
    for (const verb of ['advance', 'stopServer', 'deleteServer']) {
      const answer = await command(verb, nested(10_000));
      expect({ verb, status: answer.status, code: answer.json.code }).toEqual({ verb, status: 400, code: 'Sim.InvalidArgument' });
    }
    const server = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'server');
    await command('stopServer', server.id);
    const batch = await live.until((m) => m.type === 'records' && m.records.some((r: any) => r.verb === 'stopServer'));
    expect(batch.state.resources.find((r: any) => r.id === server.id).status).toBe('SHUTOFF');
    expect((await api('/api/journal?after=0&limit=10000')).status).toBe(200);
    live.ws.close();
  });

  it('passes no /inspect event on that nests deeper than the limit, and the tabs keep working (defect 2)', async () => {
    const live = await tab();
    await live.until((m) => m.type === 'hello');
    const sender = new WebSocket(new URL('/inspect', served.url.replace('http', 'ws')));
    await new Promise((r) => sender.once('open', r));
    const answer = new Promise<any>((r) => sender.once('message', (d) => r(JSON.parse(String(d)))));
    sender.send(JSON.stringify({ type: '@xstate.snapshot', sessionId: 'x:1', snapshot: { value: nested(10_000) } }));
    expect((await answer).message).toMatch(/nests deeper than \d+ levels/);
    sender.send(JSON.stringify({ type: '@xstate.snapshot', sessionId: 'x:1', snapshot: { value: 'fine' } }));
    const external = await live.until((m) => m.type === 'external');
    expect(external.event.snapshot.value).toBe('fine');
    expect(live.messages.filter((m) => m.type === 'external')).toHaveLength(1);
    expect((await api('/api/state')).status).toBe(200);
    sender.close();
    live.ws.close();
  });

  it('looks charts up by their own names only: constructor, __proto__ and toString name no chart (defect 7)', async () => {
    for (const kind of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const answer = await api(`/api/diagram/${kind}`);
      expect({ kind, status: answer.status, code: answer.json?.code }).toEqual({ kind, status: 404, code: 'Sim.NotFound' });
    }
    expect((await api('/api/diagram/backup')).status).toBe(200);
  });

  it('answers a client\'s malformed request with a 4xx and a code that names the mistake, not a server error (defect 8)', async () => {
    const cases: [string, Parameters<typeof api>[1], number, string][] = [
      ['invalid JSON', { raw: '{"verb":' }, 400, 'Sim.InvalidJson'],
      ['a body that is not JSON', { raw: 'verb=advance', type: 'text/plain' }, 415, 'Sim.UnsupportedMediaType'],
      ['a form', { raw: 'verb=advance', type: 'application/x-www-form-urlencoded' }, 415, 'Sim.UnsupportedMediaType'],
      ['a body over the limit', { raw: JSON.stringify({ verb: 'advance', args: ['x'.repeat(70_000)] }) }, 413, 'Sim.BodyTooLarge'],
      ['a compressed body', { raw: '{}', headers: { 'content-encoding': 'gzip' } }, 415, 'Sim.UnsupportedMediaType'],
      ['an unknown charset', { raw: '{}', type: 'application/json; charset=koi8-r' }, 415, 'Sim.UnsupportedMediaType'],
    ];
    for (const [what, init, status, code] of cases) {
      const answer = await api('/api/commands', init);
      expect({ what, status: answer.status, code: answer.json?.code }).toEqual({ what, status, code });
    }
    expect((await api('/api/state')).status).toBe(200);
  });
});

describe('readers that do not read', () => {
  it('holds a bounded amount for a connection that pipelines requests without reading the answers, and serves the others (defect 9)', async () => {
    const session = served.session;
    for (let i = 0; i < 300; i++) session.command('createServer', [{ name: `q${i}`, os: 'linux', systemDiskGB: 40, dataDisksGB: [10] }]);
    const url = new URL(served.url);
    const socket = tcp({ host: url.hostname, port: Number(url.port) });
    await new Promise((r) => socket.once('connect', r));
    socket.pause(); // reads nothing
    globalThis.gc?.();
    const heap = process.memoryUsage().heapUsed;
    const request = `GET /api/journal?after=0&limit=10000 HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`;
    for (let i = 0; i < 600; i++) socket.write(request);
    // However long it waits, the server holds no more than its limit for this client.
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 50));
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(64 * 1024 * 1024);
    expect((await api('/api/state')).status).toBe(200);
    socket.destroy();
  });

  it('stops serving a tab that asks to catch up again and again without reading (defect 9)', async () => {
    const slow = await serve({ scenario: seed000, port: 0, liveBufferLimit: 64 * 1024 });
    try {
      for (let i = 0; i < 30; i++) slow.session.command('createServer', [{ name: `s${i}`, os: 'linux', systemDiskGB: 40 }]);
      const ws = new WebSocket(new URL('/live', slow.url.replace('http', 'ws')));
      await new Promise((r) => ws.once('open', r));
      const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause();
      const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
      for (let i = 0; i < 400; i++) ws.send(JSON.stringify({ type: 'catchup', after: 0 }));
      socket.resume();
      expect(await closed).toBe(1008);
      expect((await api('/api/state', undefined, slow)).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it('pages the journal within a byte budget, and the pages follow on without a gap (defect 10)', async () => {
    const session = served.session;
    for (let i = 0; i < 400; i++) session.command('createServer', [{ name: `p${i}`, os: 'linux', systemDiskGB: 40, dataDisksGB: [10, 20] }]);
    session.command('advance', ['1h']);
    let after = 0;
    let pages = 0;
    let seen = 0;
    for (;;) {
      const page = await api(`/api/journal?after=${after}&limit=10000`);
      expect(page.text.length).toBeLessThanOrEqual(JOURNAL_PAGE_BYTES + 1024);
      expect(page.json.records[0].seq).toBe(after === 0 ? session.simulation.journal()[0]!.seq : after + 1);
      seen += page.json.records.length;
      pages++;
      after = page.json.last;
      if (!page.json.more) break;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toBe(session.simulation.journal().length);
  });
});

describe('long work', () => {
  it('runs a long advance in slices: reads are answered meanwhile, commands wait with Sim.Busy, and a pause ends it where it stands (defect 4)', async () => {
    await fleet(30);
    const live = await tab();
    await live.until((m) => m.type === 'hello');
    const advancing = command('advance', '3650d');
    const progress = await live.until((m) => m.type === 'progress' && m.progress.state === 'running');
    expect(progress.progress.operation).toBe('advance');
    const state = await api('/api/state');
    expect(state.status).toBe(200);
    expect(state.json.busy).toBe('advance');
    const refused = await command('createServer', { name: 'late', os: 'linux', systemDiskGB: 40 });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('Sim.Busy');
    expect(refused.json.message).toMatch(/is running .* pause it/);
    expect((await api('/api/pause', { method: 'POST' })).json).toEqual({ paused: true });
    const answer = await advancing;
    expect(answer.status).toBe(200);
    expect(answer.json.result.paused).toBe(true);
    const now = (await api('/api/state')).json.now;
    expect(Date.parse(now)).toBeLessThan(Date.parse(answer.json.result.to));
    // The pause is in the journal, and the world at that record is the world that was paused.
    const records = served.session.simulation.journal();
    const note = records.filter((r) => r.type === 'note' && r.note === 'advance-paused').at(-1)!;
    expect(note).toBeDefined();
    const past = await api(`/api/travel?seq=${note.seq}`);
    expect(past.json.now).toBe(now);
    expect(past.json.resources).toEqual((await api('/api/state')).json.resources);
    expect((await command('advance', '1h')).status).toBe(200);
    live.ws.close();
  }, 60_000);

  it('answers time travels one at a time, the same record again from what it kept, and refuses more than its queue (defect 12)', async () => {
    await fleet(10);
    await command('advance', '3d');
    const journal = served.session.simulation.journal();
    const seq = journal.at(-5)!.seq;
    const same = await Promise.all(Array.from({ length: 20 }, () => api(`/api/travel?seq=${seq}`)));
    expect(same.every((a) => a.status === 200 && a.text === same[0]!.text)).toBe(true);
    const many = await Promise.all(journal.slice(-40).map((r) => api(`/api/travel?seq=${r.seq}`)));
    const busy = many.filter((a) => a.status === 409);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.json.code).toBe('Sim.Busy');
    expect(many.filter((a) => a.status === 200).length).toBeGreaterThan(0);
  }, 60_000);

  it('resumes from an advance\'s own record with the advance done (defect 13)', async () => {
    await api('/api/scenario/load', { body: { id: 'i7-backup-with-image-cannot-be-deleted' } });
    expect((await api('/api/state')).json.nextTimer).toBeNull();
    const before = Date.parse((await api('/api/state')).json.now);
    await command('advance', '1h');
    const own = served.session.simulation.journal().filter((r) => r.type === 'command' && r.verb === 'advance').at(-1)!;
    const forked = await api('/api/fork', { body: { seq: own.seq } });
    expect(forked.status).toBe(200);
    expect(Date.parse(forked.json.now)).toBe(before + 3_600_000);
  });
});

describe('memory and work per client', () => {
  it('takes a checkpoint for time travel every 10,000 records, not after every command (defect 11)', () => {
    const session = new Session(seed000);
    for (let i = 0; i < 300; i++) session.command('createServer', [{ name: `c${i}`, os: 'linux', systemDiskGB: 40 }]);
    const checkpoints = (session as unknown as { checkpoints: unknown[] }).checkpoints;
    expect(checkpoints).toHaveLength(1);
    // …and time travel still replays to any of those records exactly.
    const record = session.simulation.journal().at(-1)!;
    expect(session.worldAt(record.seq).list('server')).toEqual(session.simulation.list('server'));
  });

  it('takes no checkpoint for the service API\'s requests, which a replay puts back for nothing: 12,000 polls and a command later there is still one', () => {
    const session = new Session(seed000);
    for (let i = 0; i < 12_000; i++) {
      session.simulation.noteRequest({ service: 'cbr', operation: 'showBackup', method: 'GET', path: `/cbr/v3/p/backups/bk-${i}`, status: 200, code: null, project: 'default' });
    }
    session.command('createServer', [{ name: 'after-the-polls', os: 'linux', systemDiskGB: 40 }]);
    const checkpoints = (session as unknown as { checkpoints: unknown[] }).checkpoints;
    expect(checkpoints).toHaveLength(1);
    // …and time travel still reaches the records after the polls.
    const record = session.simulation.journal().at(-1)!;
    expect(session.worldAt(record.seq).list('server')).toEqual(session.simulation.list('server'));
  });

  it('answers the state from texts it keeps while resources are unchanged, the same state as it would build anew', () => {
    const session = new Session(seed000);
    while (session.stepScenario());
    for (let i = 0; i < 20; i++) session.command('createServer', [{ name: `t${i}`, os: 'linux', systemDiskGB: 40 }]);
    session.command('advance', ['1h']);
    const gone = session.simulation.list('server').at(-1)!;
    session.command('deleteServer', [gone.id]);
    expect(JSON.parse(session.stateText())).toEqual(session.state());
    session.command('stopServer', [session.simulation.list('server').at(-1)!.id]);
    expect(JSON.parse(session.stateText())).toEqual(session.state());
    // A step that only narrates writes no journal record, and still moves the player on.
    const narrated = new Session(SCENARIOS.find((s) => s.steps[0] && 'say' in s.steps[0])!);
    const before = narrated.stateText();
    narrated.stepScenario();
    expect(JSON.parse(narrated.stateText()).scenario.position).toBe(JSON.parse(before).scenario.position + 1);
  });

  it('tags the state, and answers 304 to a client that already has it, until the world changes', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    const first = await fetch(new URL('/api/state', served.url));
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await fetch(new URL('/api/state', served.url), { headers: { 'if-none-match': etag } })).status).toBe(304);
    await command('advance', '1m');
    const changed = await fetch(new URL('/api/state', served.url), { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('serialises each live message once, whatever the number of tabs (defect 15)', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    const tabs = await Promise.all(Array.from({ length: 20 }, () => tab()));
    await Promise.all(tabs.map((t) => t.until((m) => m.type === 'hello')));
    const original = JSON.stringify;
    let stringified = 0;
    JSON.stringify = ((...args: Parameters<typeof JSON.stringify>) => {
      stringified++;
      return original(...args);
    }) as typeof JSON.stringify;
    try {
      served.session.command('advance', ['1m']);
      await Promise.all(tabs.map((t) => t.until((m) => m.type === 'records' && m.records.some((r: any) => r.verb === 'advance'))));
    } finally {
      JSON.stringify = original;
    }
    // One text for the twenty tabs (and a few for the records' own summaries), not one per tab.
    expect(stringified).toBeLessThan(10);
    for (const t of tabs) t.ws.close();
  });
});
