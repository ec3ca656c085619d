/**
 * `cbr-sim serve --data <file>` across restarts (issue 8 §3), as a user runs it: the real CLI in a
 * child process, stopped with SIGTERM, SIGINT and SIGKILL, then started again on the same file.
 * Nothing here is timed: the tests wait for what the server says (its startup line, its file),
 * never for a fixed while.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
// The package as built once before every test file (test/global-setup.ts).
const bin = join(root, 'dist', 'src', 'cli', 'main.js');

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

/** Starts `cbr-sim serve --port 0 …` in `dir`; resolves once it says where it listens. */
function start(dir: string, ...args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      const url = /cbr-sim inspector: (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stdout: () => stdout, stderr: () => stderr, exited });
    });
    void exited.then(({ code, signal }) => reject(new Error(`cbr-sim serve ended (${code ?? signal}) before listening:\n${stdout}\n${stderr}`)));
  });
}

/** Sends `signal` and waits for the process to end (generously: a busy shared machine). */
async function stop(server: Running, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cbr-sim serve did not end within 20 s of ${signal}`)), 20_000);
  });
  try {
    return await Promise.race([server.exited, bound]);
  } finally {
    clearTimeout(timer);
  }
}

async function call(server: Running, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(new URL(path, server.url), {
    method,
    ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) } : {}),
  });
  return { status: response.status, body: await response.json() };
}

async function command(server: Running, verb: string, ...args: unknown[]): Promise<any> {
  const { status, body } = await call(server, 'POST', '/api/commands', { verb, args });
  expect({ verb, status, body: status === 200 ? 'ok' : body }).toEqual({ verb, status: 200, body: 'ok' });
  return body.result;
}

async function state(server: Running): Promise<any> {
  return (await call(server, 'GET', '/api/state')).body;
}

async function journal(server: Running): Promise<any[]> {
  const records: any[] = [];
  for (let after = 0; ;) {
    const page = (await call(server, 'GET', `/api/journal?after=${after}&limit=10000`)).body;
    records.push(...page.records);
    if (!page.more) return records;
    after = page.last;
  }
}

async function step(server: Running): Promise<any> {
  const { status, body } = await call(server, 'POST', '/api/scenario/step');
  expect(status).toBe(200);
  return body;
}

/** What a restart must give back: the world and where the player stands (not the world's id, new in every process). */
function kept(s: any) {
  return { now: s.now, seq: s.seq, nextTimer: s.nextTimer, resources: s.resources, position: s.scenario.position, id: s.scenario.id, done: s.scenario.done, outcomes: s.scenario.outcomes };
}

interface DataFileText {
  format: string;
  version: number;
  savedAt: string;
  session: { position: { next: number }; outcomes: unknown[]; world: { clock: { now: number }; journal: { seq: number; records: { seq: number }[] }; resources: { id: string; snapshot: unknown }[] } };
}

function readData(path: string): DataFileText {
  return JSON.parse(readFileSync(path, 'utf8')) as DataFileText;
}

/** Waits until the data file exists and `ready` holds for what it holds (it is renamed in whole, so it always parses). */
async function fileWhen(path: string, ready: (data: DataFileText) => boolean): Promise<DataFileText> {
  for (;;) {
    if (existsSync(path)) {
      const data = readData(path);
      if (ready(data)) return data;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const server = (name: string) => ({ name, os: 'linux', systemDiskGB: 40 });
let dir = '';

describe('cbr-sim serve --data keeps the world across restarts', () => {

  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`writes the world on ${signal} and gives it back on start: resources, clock, journal, and the scenario player goes on`, async () => {
      dir = mkdtempSync(join(tmpdir(), 'cbr-data-'));
      const file = join(dir, 'class.json');
      const first = await start(dir, '--data', 'class.json');
      expect(first.stdout()).toContain('world kept in class.json');
      const created = await command(first, 'createServer', server('web-2'));
      await command(first, 'advance', '1h');
      await command(first, 'backupServer', created.id);
      const stepped = await step(first);
      expect(stepped.index).toBe(1);
      const before = await state(first);
      const records = await journal(first);
      expect(await stop(first, signal)).toEqual({ code: 0, signal: null });
      expect(first.stderr()).toBe('');
      expect(readData(file)).toMatchObject({ format: 'cbr-sim/serve-data', version: 1 });
      expect(readdirSync(dir).sort()).toEqual(['class.json']); // no temporary file left behind

      const second = await start(dir, '--data', 'class.json');
      expect(second.stdout()).toMatch(/world restored from class\.json, written \d{4}-\d\d-\d\dT/);
      expect(second.stderr()).toBe('');
      const after = await state(second);
      expect(kept(after)).toEqual(kept(before));
      expect(after.resources.map((r: { id: string }) => r.id)).toContain(created.id);
      const again = await journal(second);
      expect(again.length).toBeGreaterThan(0);
      expect(again).toEqual(records.slice(-again.length));
      expect(again.at(-1)).toEqual(records.at(-1));
      // The player goes on with the step after the one it had played.
      const next = await step(second);
      expect(next.index).toBe(stepped.index + 1);
      expect(await stop(second, 'SIGTERM')).toEqual({ code: 0, signal: null });
    }, 120_000);
  }

  it('after kill -9, comes back as the last write left it: the changes before it, at most the last interval lost', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cbr-data-'));
    const file = join(dir, 'class.json');
    const first = await start(dir, '--data', file);
    const early = await command(first, 'createServer', server('early'));
    await command(first, 'advance', '1h');
    const written = await state(first);
    // Waits for the write that follows these changes (at most DATA_INTERVAL_MS after them).
    const data = await fileWhen(file, (d) => d.session.world.journal.seq >= written.seq);
    const late = await command(first, 'createServer', server('late'));
    await command(first, 'advance', '1h');
    const killed = await state(first);
    const killedAt = Date.now();
    expect(await stop(first, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const left = readData(file); // whole: the last complete write

    const second = await start(dir, '--data', file);
    expect(second.stdout()).toContain('world restored from');
    expect(second.stderr()).toBe('');
    const after = await state(second);
    expect(after.seq).toBe(left.session.world.journal.seq);
    expect(after.now).toBe(iso(left.session.world.clock.now));
    const ids = after.resources.map((r: { id: string }) => r.id);
    expect(ids).toContain(early.id);
    expect(after.seq).toBeGreaterThanOrEqual(written.seq);
    expect(after.seq).toBeLessThanOrEqual(killed.seq);
    if (after.seq === written.seq) expect(kept(after)).toEqual(kept(written));
    if (after.seq === killed.seq) expect(kept(after)).toEqual(kept(killed));
    console.log(`[data-file] kill -9 ${killedAt - Date.parse(left.savedAt)} ms after the last write (savedAt ${left.savedAt}; first seen write ${data.savedAt}): `
      + `lost ${killed.seq - after.seq} journal records and ${(Date.parse(killed.now) - Date.parse(after.now)) / 60_000} simulated minutes; `
      + `the later changes (server ${late.id}) ${ids.includes(late.id) ? 'were' : 'were not'} kept`);
    expect(await stop(second, 'SIGTERM')).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('after kill -9 in the middle of a long advance, even during a write, starts again from a whole write', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cbr-data-'));
    const file = join(dir, 'class.json');
    const first = await start(dir, '--data', file);
    const ids: string[] = [];
    for (const i of [0, 1, 2]) ids.push((await command(first, 'createServer', server(`s${i}`))).id);
    const vault = await command(first, 'createVault', { name: 'v', kind: 'server', resourceIds: ids });
    const policy = await command(first, 'createPolicy', { name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 2 });
    await command(first, 'applyPolicy', policy.id, vault.id);
    const from = Date.parse((await state(first)).now);
    // Years of nightly backups: it runs a slice at a time, answered when it ends (or never: killed).
    const advancing = call(first, 'POST', '/api/commands', { verb: 'advance', args: ['3650d'] }).catch(() => null);
    // A write made inside the advance, then kill -9 the moment the next write begins (its temporary file appears).
    const inside = await fileWhen(file, (d) => d.session.world.clock.now > from);
    const temporary = /^\.class\.json\.tmp$/;
    let duringWrite = false;
    let lastSeen: any = null;
    await new Promise<void>((resolve) => {
      const watcher = watch(dir, (_event, name) => {
        if (!name || !temporary.test(name) || !existsSync(join(dir, name))) return;
        first.child.kill('SIGKILL');
        duringWrite = true;
        watcher.close();
        resolve();
      });
      // What the server said last, for what was lost (reads are answered between slices).
      void (async () => {
        while (!duringWrite) {
          const s = await call(first, 'GET', '/api/state').catch(() => null);
          if (s && !duringWrite) lastSeen = s.body;
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
    });
    expect(await stop(first, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await advancing).toBeNull(); // the connection was cut, no answer
    const left = readData(file);
    expect(left).toMatchObject({ format: 'cbr-sim/serve-data', version: 1 });
    expect(left.session.world.clock.now).toBeGreaterThanOrEqual(inside.session.world.clock.now);
    const tornLeft = readdirSync(dir).filter((n) => temporary.test(n));

    const second = await start(dir, '--data', file);
    expect(second.stdout()).toContain('world restored from');
    expect(second.stderr()).toBe('');
    const after = await state(second);
    expect(after.busy).toBeNull();
    expect(after.now).toBe(iso(left.session.world.clock.now));
    expect(after.seq).toBe(left.session.world.journal.seq);
    expect(after.resources.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(ids));
    // It goes on: a command on the restored world.
    await command(second, 'advance', '1d');
    console.log(`[data-file] kill -9 inside advance 3650d${tornLeft.length ? ', during a write (its temporary file left behind)' : ''}: restored at ${after.now} (seq ${after.seq}); `
      + (lastSeen ? `last seen before the kill ${lastSeen.now} (seq ${lastSeen.seq}): lost at least ${lastSeen.seq - after.seq} records and ${(Date.parse(lastSeen.now) - Date.parse(after.now)) / 86_400_000} simulated days; ` : '')
      + `file ${readFileSync(file).length} bytes, written ${left.savedAt}`);
    expect(await stop(second, 'SIGTERM')).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('stopped by SIGTERM in the middle of a long advance, writes where the advance was paused, its pause journaled', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cbr-data-'));
    const file = join(dir, 'class.json');
    const first = await start(dir, '--data', file);
    const ids: string[] = [];
    for (const i of [0, 1, 2]) ids.push((await command(first, 'createServer', server(`s${i}`))).id);
    const vault = await command(first, 'createVault', { name: 'v', kind: 'server', resourceIds: ids });
    const policy = await command(first, 'createPolicy', { name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 2 });
    await command(first, 'applyPolicy', policy.id, vault.id);
    const from = (await state(first)).now;
    const advancing = call(first, 'POST', '/api/commands', { verb: 'advance', args: ['3650d'] }).catch(() => null);
    for (;;) {
      const s = await state(first);
      if (s.busy === 'advance' && s.now !== from) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await stop(first, 'SIGTERM')).toEqual({ code: 0, signal: null });
    const answer = await advancing;
    const left = readData(file);

    const second = await start(dir, '--data', file);
    expect(second.stderr()).toBe('');
    const after = await state(second);
    expect(after.now).toBe(iso(left.session.world.clock.now));
    if (answer?.status === 200) expect(answer.body.result).toMatchObject({ paused: true, at: after.now });
    const records = await journal(second);
    expect(records.at(-1)).toMatchObject({ type: 'note', note: 'advance-paused' });
    expect(await stop(second, 'SIGTERM')).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('stopped in the middle of a play, by SIGTERM or kill -9, starts again with no play running: the play closed where the file left it', async () => {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      dir = mkdtempSync(join(tmpdir(), 'cbr-data-'));
      const file = join(dir, 'class.json');
      const first = await start(dir, '--data', file);
      await command(first, 'createServer', server('s0'));
      const from = (await state(first)).now;
      expect((await call(first, 'POST', '/api/play', { speed: 86400 })).status).toBe(200);
      // A write made while the play ran: its record is in the file, and the clock moved on from it.
      const during = await fileWhen(file, (d) => d.session.world.clock.now > Date.parse(from) && (d.session.world.journal.records as { verb?: string }[]).some((r) => r.verb === 'play'));
      expect(during.session.world.clock.now).toBeGreaterThan(Date.parse(from));
      expect(await stop(first, signal)).toEqual(signal === 'SIGTERM' ? { code: 0, signal: null } : { code: null, signal: 'SIGKILL' });
      const left = readData(file);

      const second = await start(dir, '--data', file);
      expect(second.stderr()).toBe('');
      const after = await state(second);
      expect(after.playing).toBeNull();
      expect(after.now).toBe(iso(left.session.world.clock.now));
      const records = await journal(second);
      // SIGTERM pauses the play before the last write; kill -9 leaves it open, and the restart closes it.
      expect(records.at(-1)).toMatchObject({ type: 'note', note: 'played', details: { ended: signal === 'SIGTERM' ? 'paused' : 'restart', to: after.now } });
      expect(records.filter((r) => r.type === 'command' && r.verb === 'play')).toHaveLength(1);
      expect((await state(second)).now).toBe(after.now);
      expect(await stop(second, 'SIGTERM')).toEqual({ code: 0, signal: null });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('stopped in the middle of a scenario step, starts again from before that step (never from a file it cannot read)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cbr-data-'));
    const file = join(dir, 'class.json');
    const scenario = {
      id: 'long-step', title: 'A long step', narrative: 'Years of nightly backups in one step.', rules: ['P1'],
      setup: { servers: [{ as: 'a' }, { as: 'b' }, { as: 'c' }], vaults: [{ as: 'v', kind: 'server', resources: ['a', 'b', 'c'] }], policies: [{ as: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 2, apply: ['v'] }] },
      steps: [{ say: 'Ten years pass.' }, { advance: '3650d' }, { say: 'Done.' }],
    };
    const first = await start(dir, '--data', file);
    const loaded = await call(first, 'POST', '/api/scenario/load', { content: JSON.stringify(scenario), format: 'json' });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect((await step(first)).index).toBe(1);
    const extra = await command(first, 'createServer', server('extra'));
    const before = await state(first);
    const stepping = call(first, 'POST', '/api/scenario/step').catch(() => null);
    // Until the long step is under way, and the clock has moved inside it.
    for (;;) {
      const s = await state(first);
      if (s.busy === 'step' && s.now !== before.now) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await stop(first, 'SIGTERM')).toEqual({ code: 0, signal: null });
    await stepping;

    const second = await start(dir, '--data', file);
    expect(second.stderr()).toBe('');
    expect(second.stdout()).toContain('world restored from');
    const after = await state(second);
    expect(kept(after)).toEqual(kept(before));
    expect(after.resources.map((r: { id: string }) => r.id)).toContain(extra.id);
    expect(readdirSync(dir).filter((n) => n.includes('.corrupt-'))).toEqual([]);
    expect(await stop(second, 'SIGTERM')).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('sets a file it cannot restore aside with its bytes, says so on stderr, and starts a new world', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cbr-data-'));
    const file = join(dir, 'class.json');
    // A real file first, to tamper with.
    const writer = await start(dir, '--data', file);
    await command(writer, 'createServer', server('web-2'));
    expect(await stop(writer, 'SIGTERM')).toEqual({ code: 0, signal: null });
    const good = readData(file);
    const tampered = structuredClone(good);
    tampered.session.world.resources[0]!.snapshot = null;

    const cases: [string, string, RegExp][] = [
      ['not JSON', '{"format": "cbr-sim/serve-data", "vers', /cannot be restored: .*JSON/],
      ['another format', JSON.stringify({ format: 'something-else', version: 1, session: {} }), /cannot be restored: its format is "something-else", not "cbr-sim\/serve-data"/],
      ['a tampered world', JSON.stringify(tampered), /cannot be restored: .*resources\[0\]/],
    ];
    for (const [what, bytes, why] of cases) {
      writeFileSync(file, bytes);
      for (const n of readdirSync(dir)) if (n.includes('.corrupt-')) rmSync(join(dir, n));
      const s = await start(dir, '--data', file);
      expect(s.stdout(), what).toContain('world kept in');
      expect(s.stdout(), what).not.toContain('restored');
      const warning = s.stderr();
      expect(warning, what).toMatch(why);
      const keptAs = /it was kept as (\S+), and a new world is started/.exec(warning)?.[1];
      expect(keptAs, `${what}: ${warning}`).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')}\\.corrupt-`));
      expect(readFileSync(keptAs!, 'utf8'), what).toBe(bytes);
      // A new world, with the scenario set up and nothing of the file's.
      const fresh = await state(s);
      expect(fresh.resources.some((r: { name: string }) => r.name === 'web-2'), what).toBe(false);
      expect(fresh.scenario.position, what).toBe(0);
      // What is written to the path now is the new world; the corrupt bytes stay where they were kept.
      await command(s, 'advance', '1h');
      expect(await stop(s, 'SIGTERM'), what).toEqual({ code: 0, signal: null });
      expect(readData(file).format, what).toBe('cbr-sim/serve-data');
      expect(readFileSync(file, 'utf8'), what).not.toBe(bytes);
      expect(readFileSync(keptAs!, 'utf8'), what).toBe(bytes);
    }
  }, 180_000);

  it('says, without --data, that the world is not kept; and refuses an empty --data', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cbr-data-'));
    const s = await start(dir);
    expect(s.stdout()).toContain('the world is not kept when the server stops (--data keeps it)');
    // How it ends is test/server/signals.test.ts's business (SIGTERM without --data); here, that
    // it leaves nothing behind.
    await stop(s, 'SIGTERM');
    expect(readdirSync(dir)).toEqual([]);
    for (const empty of ['', '  ']) {
      const result = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--data', empty], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('--data needs a file name');
      expect(result.stdout).toBe('');
    }
  }, 120_000);
});
