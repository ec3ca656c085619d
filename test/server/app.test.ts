import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { serve, type Served } from '../../src/server/serve.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { CSP } from '../../src/server/app.js';
import { httpStatusOf } from '../../src/server/http-status.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;
let served: Served;

async function api(path: string, init?: { method?: string; body?: unknown; raw?: string }) {
  const res = await fetch(new URL(path, served.url), {
    method: init?.method ?? (init?.body !== undefined || init?.raw !== undefined ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json' },
    ...(init?.raw !== undefined ? { body: init.raw } : init?.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (an SVG, a page)
  }
  return { status: res.status, json, text, headers: res.headers };
}

const command = (verb: string, ...args: unknown[]) => api('/api/commands', { body: { verb, args } });

function connect(path = '/live'): Promise<{ ws: WebSocket; messages: any[]; next: (type: string) => Promise<any> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(new URL(path, served.url.replace('http', 'ws')));
    const messages: any[] = [];
    const waiting: { type: string; resolve: (m: any) => void }[] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      messages.push(m);
      for (const w of waiting.filter((x) => x.type === m.type)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(m);
      }
    });
    ws.on('open', () => resolve({
      ws, messages,
      next: (type) => new Promise((r) => {
        const seen = messages.find((m) => m.type === type && !m.__taken);
        if (seen) {
          seen.__taken = true;
          r(seen);
        } else waiting.push({ type, resolve: (m) => { m.__taken = true; r(m); } });
      }),
    }));
    ws.on('error', reject);
  });
}

beforeAll(async () => {
  served = await serve({ scenario: seed000, port: 0 });
});
afterAll(async () => {
  await served.close();
});

describe('the inspector server (a real listening server)', () => {
  it('listens on 127.0.0.1 and sends a Content-Security-Policy that allows only self', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const state = await api('/api/state');
    expect(state.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).toMatch(/default-src 'self'/);
  });

  it('serves the state of the one world, with the seed-000 walkthrough loaded', async () => {
    const { status, json } = await api('/api/state');
    expect(status).toBe(200);
    expect(json.scenario).toMatchObject({ id: 'seed-000-backup-to-image', position: 0, done: false });
    expect(json.resources.find((r: any) => r.kind === 'server')).toMatchObject({ name: 'web-01', status: 'ACTIVE' });
  });

  it('runs commands and answers refusals with the code and the status the service documents', async () => {
    const server = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'server');
    const backup = await command('backupServer', server.id);
    expect(backup.status).toBe(200);
    expect(backup.json.result).toMatchObject({ kind: 'backup', status: 'protecting' });
    const early = await command('createImageFromBackup', backup.json.result.id, { name: 'x' });
    expect(early.status).toBe(500);
    expect(early.json).toMatchObject({ code: 'BackupService.6208', details: { rule: 'I1' } });
    const busy = await command('deleteBackup', backup.json.result.id);
    expect(busy.status).toBe(400);
    expect(busy.json.code).toBe('BackupService.6201');
    expect((await command('deleteBackup', 'bk-nothing')).status).toBe(404);
    expect((await command('advance', '1h')).json).toEqual({ result: { from: '2026-01-05T00:01:30.000Z', to: '2026-01-05T01:01:30.000Z', at: '2026-01-05T01:01:30.000Z', paused: false } });
  });

  it('maps every code through one table', () => {
    expect([httpStatusOf('BackupService.6204'), httpStatusOf('BackupService.6209'), httpStatusOf('IMG.0015'), httpStatusOf('Ecs.0032')]).toEqual([400, 500, 400, 400]);
    expect([httpStatusOf('Sim.NotFound'), httpStatusOf('Sim.AlreadyDeleted'), httpStatusOf('Sim.InvalidArgument')]).toEqual([404, 404, 400]);
  });

  it('lists the actions of a resource, and why a forbidden one is refused', async () => {
    const backup = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'backup' && r.status === 'available');
    const image = await command('createImageFromBackup', backup.id, { name: 'img' });
    expect(image.status).toBe(200);
    const { json } = await api(`/api/resources/${backup.id}`);
    const del = json.actions.find((a: any) => a.verb === 'deleteBackup');
    expect(del).toMatchObject({ allowed: false, refusal: { code: 'BackupService.6204', details: { rule: 'I7' } } });
    expect(json.value).toMatchObject({ imageLink: 'linked' });
    const again = await command('deleteBackup', backup.id);
    expect(again.json).toEqual({ code: del.refusal.code, message: del.refusal.message, details: del.refusal.details });
    expect((await api('/api/resources/nope')).status).toBe(404);
  });

  it('draws the selected resource\'s statechart with its active states lit', async () => {
    const backup = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'backup');
    const svg = await api(`/api/diagram/backup?resource=${backup.id}`);
    expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(svg.text).toMatch(/id="state-backup\.imageLink\.linked"[^>]*class="[^"]*active/);
    expect((await api('/api/diagram/toaster')).status).toBe(404);
  });

  it('answers bad input with a clear error and keeps serving', async () => {
    const cases = [
      await api('/api/commands', { raw: '{not json' }),
      await api('/api/commands', { body: [] }),
      await api('/api/commands', { body: { verb: 'rm -rf' } }),
      await api('/api/commands', { body: { verb: 'advance', args: 'soon' } }),
      await api('/api/commands', { body: { verb: 'advance', args: [], extra: 1 } }),
      await api('/api/commands', { raw: JSON.stringify({ verb: 'advance', args: ['x'.repeat(70_000)] }) }),
      await api('/api/journal?after=-1'),
      await api('/api/nothing-here'),
    ];
    expect(cases.map((c) => c.status)).toEqual([400, 400, 400, 400, 400, 413, 400, 404]);
    for (const c of cases) expect(c.json).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect((await api('/api/state')).status).toBe(200);
  });

  it('plays the loaded scenario step by step', async () => {
    expect((await api('/api/scenario/load', { body: { id: 'i7-backup-with-image-cannot-be-deleted' } })).json).toMatchObject({ position: 0 });
    const first = await api('/api/scenario/step', { method: 'POST' });
    expect(first.json).toMatchObject({ index: 1, kind: 'do', ok: true });
    expect((await api('/api/scenario/load', { body: { id: 'nope' } })).status).toBe(404);
  });

  it('streams journal records to every tab, and a reconnecting tab catches up', async () => {
    const tabs = await Promise.all([connect(), connect(), connect()]);
    const hello = await tabs[0]!.next('hello');
    const server = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'server' && r.status === 'ACTIVE');
    await command('stopServer', server.id);
    const batches = await Promise.all(tabs.map((t) => t.next('records')));
    for (const b of batches) expect(b.records.some((r: any) => r.type === 'command' && r.verb === 'stopServer')).toBe(true);
    const late = await connect();
    late.ws.send(JSON.stringify({ type: 'catchup', after: hello.seq }));
    const caught = await late.next('records');
    expect(caught.records[0].seq).toBe(hello.seq + 1);
    late.ws.send('nonsense');
    expect((await late.next('error')).message).toMatch(/catchup/);
    for (const t of [...tabs, late]) t.ws.close();
  });

  it('shows an external XState v5 app, inspected with @statelyai/inspect, as its own actors', async () => {
    const { createWebSocketInspector } = await import('@statelyai/inspect');
    const { createActor, createMachine } = await import('xstate');
    const tab = await connect();
    const inspector = createWebSocketInspector({ url: served.url.replace('http', 'ws') + 'inspect' });
    const toggle = createMachine({ id: 'toggle', initial: 'off', states: { off: { on: { T: 'on' } }, on: {} } });
    const actor = createActor(toggle, { inspect: inspector.inspect }).start();
    actor.send({ type: 'T' });
    const external = await tab.next('external');
    expect(['@xstate.actor', '@xstate.event', '@xstate.snapshot']).toContain(external.event.type);
    await new Promise((r) => setTimeout(r, 200));
    const snapshots = tab.messages.filter((m) => m.type === 'external' && m.event.type === '@xstate.snapshot');
    expect(snapshots.some((m) => JSON.stringify(m.event.snapshot).includes('"on"'))).toBe(true);
    inspector.stop();
    tab.ws.close();
  });

  it('closes a socket that sends an oversized message, with the WebSocket code for it, and keeps serving the others', async () => {
    const other = await connect();
    const big = await connect('/inspect');
    const closed = new Promise<number>((r) => big.ws.once('close', (code) => r(code)));
    big.ws.send(JSON.stringify({ type: '@xstate.event', sessionId: 'x', pad: 'x'.repeat(70_000) }));
    expect(await closed).toBe(1009);
    other.ws.send(JSON.stringify({ type: 'catchup', after: 0 }));
    expect((await other.next('records')).records.length).toBeGreaterThan(0);
    other.ws.close();
  });

  it('rejects a malformed inspection message without dropping the connection', async () => {
    const raw = await connect('/inspect');
    raw.ws.send('{"type":"@xstate.snapshot"}');
    expect((await raw.next('error')).message).toMatch(/sessionId/);
    raw.ws.close();
  });
});

describe('time travel and fork', () => {
  it('shows the world as it was at a journal record, read only, and resumes from there for every tab', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    const server = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'server');
    const before = (await api('/api/state')).json.seq;
    const backup = (await command('backupServer', server.id)).json.result;
    await command('advance', '2h');
    expect((await api('/api/state')).json.resources.find((r: any) => r.id === backup.id).status).toBe('available');

    const past = await api(`/api/travel?seq=${before}`);
    expect(past.json).toMatchObject({ travelledTo: before, readOnly: true });
    expect(past.json.resources.some((r: any) => r.id === backup.id)).toBe(false);
    const created = (await api(`/api/journal?after=${before}&limit=50`)).json.records.find((r: any) => r.type === 'state' && r.resourceId === backup.id);
    const during = await api(`/api/travel?seq=${created.seq}`);
    expect(during.json.resources.find((r: any) => r.id === backup.id).status).toBe('protecting');
    expect((await api('/api/state')).json.resources.find((r: any) => r.id === backup.id).status).toBe('available');

    const tab = await connect();
    const forked = await api('/api/fork', { body: { seq: created.seq } });
    expect(forked.json.resources.find((r: any) => r.id === backup.id).status).toBe('protecting');
    expect((await tab.next('reset')).reason).toMatch(/resumed from record/);
    const after = await api(`/api/journal?after=${created.seq}&limit=1000`);
    expect(after.json.records.some((r: any) => r.type === 'note' && r.note === 'forked')).toBe(true);
    expect((await command('advance', '2h')).status).toBe(200);
    expect((await api('/api/state')).json.resources.find((r: any) => r.id === backup.id).status).toBe('available');
    expect((await api('/api/travel?seq=999999')).status).toBe(404);
    expect((await api('/api/fork', { body: { seq: 'x' } })).status).toBe(400);
    tab.ws.close();
  });
});

describe('the live state deltas', () => {
  it('send with every batch the clock and the current record of each resource it names', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    const tab = await connect();
    const hello = await tab.next('hello');
    expect(hello.world).toBe((await api('/api/state')).json.world);
    const server = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'server' && r.status === 'ACTIVE');
    await command('stopServer', server.id);
    const batch = await tab.next('records');
    expect(batch.world).toBe(hello.world);
    expect(batch.state.resources.find((r: any) => r.id === server.id)).toMatchObject({ status: 'SHUTOFF' });
    expect(batch.state.now).toBe((await api('/api/state')).json.now);
    tab.ws.close();
  });

  it('send the clock an advance moved to, even when no timer fell due', async () => {
    await api('/api/scenario/load', { body: { id: 'i7-backup-with-image-cannot-be-deleted' } });
    const tab = await connect();
    await tab.next('hello');
    await command('advance', '1m');
    const batch = await tab.next('records');
    expect(batch.state.now).toBe((await api('/api/state')).json.now);
    tab.ws.close();
  });

  it('name a new world on every load, so a tab knows its copy is stale', async () => {
    const tab = await connect();
    const hello = await tab.next('hello');
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    const reset = await tab.next('reset');
    expect(reset.world).not.toBe(hello.world);
    expect((await api('/api/state')).json.world).toBe(reset.world);
    tab.ws.close();
  });

  it('stop sending batches to a tab that does not read them, and tell it to catch up once it does', async () => {
    const slow = await serve({ scenario: seed000, port: 0, liveBufferLimit: 16 * 1024 });
    try {
      const ws = new WebSocket(new URL('/live', slow.url.replace('http', 'ws')));
      const messages: any[] = [];
      ws.on('message', (data) => messages.push(JSON.parse(String(data))));
      await new Promise((r) => ws.once('open', r));
      await new Promise((r) => setTimeout(r, 100));
      (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
      const { session } = slow;
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) ids.push((session.command('createServer', [{ name: `s${i}`, os: 'linux', systemDiskGB: 40 }]) as { id: string }).id);
      const vault = session.command('createVault', [{ name: 'v', kind: 'server', resourceIds: ids }]) as { id: string };
      const policy = session.command('createPolicy', [{ name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 3 }]) as { id: string };
      session.command('applyPolicy', [policy.id, vault.id]);
      for (let day = 0; day < 40; day++) {
        session.command('advance', ['1d']);
        await new Promise((r) => setImmediate(r));
      }
      const rss = process.memoryUsage().rss;
      (ws as unknown as { _socket: { resume(): void } })._socket.resume();
      await expect.poll(() => messages.some((m) => m.type === 'hello' && m.behind === true), { timeout: 10_000 }).toBe(true);
      const received = messages.filter((m) => m.type === 'records').reduce((n, m) => n + m.records.length, 0);
      expect(received).toBeLessThan(session.seq);
      expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
      ws.close();
    } finally {
      await slow.close();
    }
  }, 60_000);
});

describe('the console and statechart routes', () => {
  it('answer the actions of many rows at once, and name the ids that do not exist', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    const { resources } = (await api('/api/state')).json;
    const ids = resources.map((r: any) => r.id);
    const answer = await api('/api/actions', { body: { ids: [...ids, 'bk-nope'] } });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json.actions).sort()).toEqual([...ids].sort());
    expect(answer.json.missing).toEqual(['bk-nope']);
    const server = resources.find((r: any) => r.kind === 'server');
    expect(answer.json.actions[server.id].map((a: any) => a.verb)).toContain('backupServer');
    expect((await api('/api/actions', { body: { ids: 'all' } })).status).toBe(400);
    expect((await api('/api/actions', { body: { ids: Array.from({ length: 201 }, (_, i) => `x${i}`) } })).status).toBe(400);
  });

  it('tell which events the selected resource\'s chart would take now and which it would refuse', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    let imaged;
    for (let i = 0; i < 30 && !imaged; i++) {
      await api('/api/scenario/step', { method: 'POST' });
      imaged = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'backup' && r.imageId && r.status === 'available');
    }
    const detail = (await api(`/api/resources/${imaged.id}`)).json;
    expect(detail.events.refused).toContain('DELETE');
    expect(detail.events.enabled).not.toContain('DELETE');
  });

  it('tell which transitions (edge ids of the chart) the selected resource would take or refuse now', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    let imaged;
    for (let i = 0; i < 30 && !imaged; i++) {
      await api('/api/scenario/step', { method: 'POST' });
      imaged = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'backup' && r.imageId && r.status === 'available');
    }
    const { transitions } = (await api(`/api/resources/${imaged.id}`)).json;
    expect(Object.keys(transitions).sort()).toEqual(['now', 'refusing', 'unknown']);
    const svg = (await api('/api/diagram/backup')).text;
    const lineOf = (id: string) => new RegExp(`data-edge="${id.replace(/[.#]/g, (c) => `\\${c}`)}"[^>]*>([^<]*)<`).exec(svg)?.[1] ?? '';
    expect(transitions.refusing.map(lineOf)).toContain('↻ DELETE [hasImage] / refuse BackupService.6204');
    expect([...transitions.now, ...transitions.refusing].map(lineOf)).not.toContain('DELETE');
    // Its SVG export colours them so, with a legend.
    const exported = (await api(`/api/diagram/backup?resource=${imaged.id}`)).text;
    expect(exported).toMatch(/data-verdict="refusing"[^>]*>↻ DELETE \[hasImage\] \/ refuse BackupService.6204</);
    expect(exported).toContain('class="legend"');
  });

  it('answer a deleted backup with the final state it ended in, and light it in its SVG export', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    let gone;
    for (let i = 0; i < 40 && !gone; i++) {
      await api('/api/scenario/step', { method: 'POST' });
      gone = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'backup' && r.status === 'deleted');
    }
    const detail = (await api(`/api/resources/${gone.id}`)).json;
    expect(detail.value).toMatchObject({ lifecycle: 'deleted' });
    expect(detail.transitions).toEqual({ now: [], refusing: [], unknown: [] });
    expect(detail.events).toEqual({ enabled: [], refused: [] });
    const svg = (await api(`/api/diagram/backup?resource=${gone.id}`)).text;
    expect(svg).toMatch(/<g id="state-backup\.lifecycle\.deleted" class="[^"]*\bactive\b/);
    expect((await api(`/api/diagram/backup?resource=${gone.id}&format=mermaid`)).text).toMatch(/^  class [^\n]*lifecycle_deleted[^\n]* active$/m);
  });

  it('list the pending timers, soonest first, with whose they are and what they will send', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    const server = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'server' && r.status === 'ACTIVE');
    const backup = (await command('backupServer', server.id)).json.result;
    const timers = (await api('/api/timers?limit=5')).json;
    expect(timers.total).toBeGreaterThan(0);
    expect(timers.timers[0]).toMatchObject({ resourceId: backup.id, event: 'xstate.after.snapshotPhase.backup.lifecycle.creating.snapshot' });
    // …and in the words a trainer reads, beside the chart's event.
    const name = (await api(`/api/resources/${backup.id}`)).json.record.name;
    expect(timers.timers[0].words).toBe(`backup ${name}: snapshot phase ends: marked “Image can be created”`);
    expect(timers.timers.every((t: any) => typeof t.words === 'string' && !t.words.includes('xstate'))).toBe(true);
    const ats = timers.timers.map((t: any) => Date.parse(t.at));
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    expect(Date.parse(timers.timers[0].at)).toBe(Date.parse((await api('/api/state')).json.nextTimer));
    expect((await api('/api/timers?limit=0')).status).toBe(400);
  });

  it('step the scenario back by replaying it to the step before', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    expect((await api('/api/scenario/back', { method: 'POST' })).status).toBe(400);
    for (let i = 0; i < 3; i++) await api('/api/scenario/step', { method: 'POST' });
    const three = (await api('/api/state')).json;
    await api('/api/scenario/step', { method: 'POST' });
    const back = await api('/api/scenario/back', { method: 'POST' });
    expect(back.json).toMatchObject({ position: 3 });
    const again = (await api('/api/state')).json;
    expect(again.now).toBe(three.now);
    expect(again.resources).toEqual(three.resources);
  });
});

describe('uploading a scenario', () => {
  const YAML = `id: uploaded
title: An uploaded scenario
narrative: It backs up a server.
rules: [B1]
setup:
  servers:
    - as: web
steps:
  - do: backupServer
    server: web
    as: b1
`;

  it('loads a scenario sent as content, validated like a file, for every tab', async () => {
    const tab = await connect();
    await tab.next('hello');
    const loaded = await api('/api/scenario/load', { body: { content: YAML, format: 'yaml' } });
    expect(loaded.status).toBe(200);
    expect(loaded.json).toMatchObject({ id: 'uploaded', position: 0, steps: 1 });
    expect((await tab.next('reset')).reason).toMatch(/uploaded/);
    expect((await api('/api/scenario/step', { method: 'POST' })).json).toMatchObject({ index: 1, ok: true });
    tab.ws.close();
  });

  it('refuses a malformed one with the problem named, and keeps the world it had', async () => {
    const before = (await api('/api/state')).json;
    const bad = await api('/api/scenario/load', { body: { content: YAML.replace('do: backupServer', 'do: backupEverything'), format: 'yaml' } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/backupEverything/);
    expect((await api('/api/scenario/load', { body: { content: 42 } })).status).toBe(400);
    expect((await api('/api/scenario/load', { body: { content: YAML, format: 'toml' } })).status).toBe(400);
    const after = (await api('/api/state')).json;
    expect(after.world).toBe(before.world);
    expect(after.resources).toEqual(before.resources);
  });
});

describe('commands with arguments of every wrong kind', () => {
  it('are refused with a 4xx and a code, never a server error, and the server keeps serving', async () => {
    await api('/api/scenario/load', { body: { id: 'seed-000-backup-to-image' } });
    const { COMMAND_VERBS } = await import('../../src/server/session.js');
    const wrong = [null, -1, '', true, {}, [], [1], 'ecs-nope', { name: 7 }, { count: 1e9 }, 1e308];
    const answers: { verb: string; args: unknown[]; status: number; code: string }[] = [];
    for (const verb of COMMAND_VERBS) {
      for (const a of wrong) {
        const res = await command(verb, a);
        answers.push({ verb, args: [a], status: res.status, code: res.json?.code });
      }
    }
    const serverErrors = answers.filter((a) => a.status >= 500 && !/^BackupService\.62(0[7-9]|1[0-4])$/.test(a.code));
    expect(serverErrors).toEqual([]);
    expect(answers.filter((a) => a.status >= 400).every((a) => typeof a.code === 'string')).toBe(true);
    expect((await api('/api/state')).status).toBe(200);
  });
});
