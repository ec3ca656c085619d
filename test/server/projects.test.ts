/**
 * The inspector over projects (issue 14 §2 "Projects"): each request of the page names its project
 * with `?project=` (none is the default project, the world `serve` started with), `/live?project=`
 * streams that project's records, `GET /api/projects` lists them and `POST /api/projects/:id/reset`
 * takes one back to its start. Everything through HTTP and WebSockets, as the page talks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { liveTab, type LiveTab } from './clients.js';
import { raw, startServer } from '../api/support/server.js';
import { MAX_PROJECTS } from '../../src/api/projects.js';
import type { Served } from '../../src/server/serve.js';

type Server = Served & { base: string };

const get = (s: Server, path: string) => raw(s.base, 'GET', path);
const post = (s: Server, path: string, body?: unknown) => raw(s.base, 'POST', path, body === undefined ? {} : { body: JSON.stringify(body) });
const createServerIn = async (s: Server, project: string, name: string): Promise<string> => {
  const answer = await post(s, `/api/commands?project=${project}`, { verb: 'createServer', args: [{ name, os: 'linux', systemDiskGB: 40 }] });
  expect(answer.status).toBe(200);
  return answer.body.result.id as string;
};
const names = async (s: Server, project?: string): Promise<string[]> => {
  const state = await get(s, project === undefined ? '/api/state' : `/api/state?project=${project}`);
  expect(state.status).toBe(200);
  return (state.body.resources as { kind: string; name: string }[]).filter((r) => r.kind === 'server').map((r) => r.name);
};

describe('the inspector shows one project at a time', () => {
  let s: Server;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s?.close());

  it('lists the default project first, with its clock, time and resources', async () => {
    const { status, body } = await get(s, '/api/projects');
    expect(status).toBe(200);
    const [first] = body.projects;
    expect(first).toEqual({
      id: 'default', default: true, clock: { mode: 'on-poll', speed: 1 },
      now: new Date(s.session.simulation.now()).toISOString(),
      resources: expect.any(Number),
    });
    // The walkthrough's setup, every resource alive (nothing is deleted in it yet).
    expect(first.resources).toBeGreaterThan(0);
    expect(first.resources).toBe((await get(s, '/api/state')).body.resources.length);
  });

  it('makes a project the page names, empty, and lists it after the default one', async () => {
    expect(await names(s, 'trainee-1')).toEqual([]);
    const { body } = await get(s, '/api/projects');
    expect(body.projects.map((p: { id: string }) => p.id)).toEqual(['default', 'trainee-1']);
    expect(body.projects[1]).toMatchObject({ id: 'trainee-1', default: false, resources: 0, clock: { mode: 'on-poll', speed: 1 } });
  });

  it('runs each command in the project its request names, and shows each world apart', async () => {
    await createServerIn(s, 'trainee-a', 'only-in-a');
    await createServerIn(s, 'trainee-b', 'only-in-b');
    expect(await names(s, 'trainee-a')).toEqual(['only-in-a']);
    expect(await names(s, 'trainee-b')).toEqual(['only-in-b']);
    const inDefault = await names(s);
    expect(inDefault).not.toContain('only-in-a');
    expect(inDefault).not.toContain('only-in-b');
    expect(await names(s, 'default')).toEqual(inDefault);
    // A server comes with its system disk and the job that made it: every one of them is counted.
    const listed = (await get(s, '/api/projects')).body.projects as { id: string; resources: number }[];
    const shown = (await get(s, '/api/state?project=trainee-a')).body.resources as unknown[];
    expect(listed.find((p) => p.id === 'trainee-a')!.resources).toBe(shown.length);
    expect(listed.find((p) => p.id === 'trainee-b')!.resources).toBe(shown.length);
  });

  it('answers every inspector route of a project from its own world: the journal, a resource, the timers, a scenario load', async () => {
    const id = await createServerIn(s, 'trainee-c', 'only-in-c');
    expect((await get(s, `/api/resources/${id}?project=trainee-c`)).body.record.name).toBe('only-in-c');
    // Ids are drawn in each world alike: the default project may have one of the same id, not this server.
    const inDefault = await get(s, `/api/resources/${id}`);
    expect(inDefault.status === 404 || inDefault.body.record.name !== 'only-in-c').toBe(true);
    const journal = (await get(s, '/api/journal?project=trainee-c')).body.records as { verb?: string }[];
    expect(journal.some((r) => r.verb === 'createServer')).toBe(true);
    // The timers of the server being built (its job's among them), those of no other world.
    const ids = new Set(((await get(s, '/api/state?project=trainee-c')).body.resources as { id: string }[]).map((r) => r.id));
    const timers = (await get(s, '/api/timers?project=trainee-c')).body;
    expect(timers.total).toBeGreaterThan(0);
    expect(timers.timers.every((t: { resourceId: string }) => ids.has(t.resourceId))).toBe(true);
    expect((await get(s, '/api/timers')).body.timers).not.toEqual(timers.timers);
    const before = (await get(s, '/api/state')).body.scenario.id;
    expect((await post(s, '/api/scenario/load?project=trainee-c', { id: 'i7-backup-with-image-cannot-be-deleted' })).status).toBe(200);
    expect((await get(s, '/api/state?project=trainee-c')).body.scenario.id).toBe('i7-backup-with-image-cannot-be-deleted');
    expect((await get(s, '/api/state')).body.scenario.id).toBe(before);
  });

  it('refuses a malformed project id, or two, and makes nothing', async () => {
    const before = (await get(s, '/api/projects')).body.projects.length;
    const bad = await get(s, '/api/state?project=no%20spaces');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'Sim.InvalidProject', message: expect.stringContaining('"no spaces"') });
    const two = await get(s, '/api/state?project=a&project=b');
    expect(two.status).toBe(400);
    expect(two.body.code).toBe('Sim.InvalidProject');
    expect((await get(s, '/api/projects')).body.projects.length).toBe(before);
  });

  it('answers no CORS preflight on the projects\' routes: the JSON 404 of every unknown route', async () => {
    for (const path of ['/api/projects', '/api/projects/default/reset', '/api/state?project=trainee-1']) {
      const answer = await raw(s.base, 'OPTIONS', path, { headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
      expect(answer.status, path).toBe(404);
      expect(answer.body.code).toBe('Sim.NotFound');
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('serves the page itself whatever project it names', async () => {
    const page = await fetch(`${s.base}/?project=trainee-1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('cbr-sim inspector');
  });
});

describe('/live?project=', () => {
  let s: Server;
  let a: LiveTab;
  let plain: LiveTab;
  beforeAll(async () => {
    s = await startServer();
    a = await liveTab(s.base, '/live?project=live-a');
    plain = await liveTab(s.base);
  });
  afterAll(async () => {
    a?.ws.close();
    plain?.ws.close();
    await s?.close();
  });

  const commandsIn = (tab: LiveTab): string[] => tab.messages
    .filter((m) => m.type === 'records')
    .flatMap((m) => m.records as { type: string; verb?: string; args?: { name?: string }[] }[])
    .filter((r) => r.type === 'command' && r.verb === 'createServer')
    .map((r) => r.args?.[0]?.name ?? '');

  it('greets with that project\'s world', async () => {
    const hello = await a.until((m) => m.type === 'hello');
    expect(hello.world).toBe(s.projects.find('live-a')!.session.world);
    expect(hello.world).not.toBe(s.session.world);
  });

  it('streams the records of its project, and none of another', async () => {
    await createServerIn(s, 'live-b', 'in-b');
    await createServerIn(s, 'live-a', 'in-a');
    await createServerIn(s, 'default', 'in-default');
    await a.until((m) => m.type === 'records' && m.records.some((r: { verb?: string }) => r.verb === 'createServer'));
    await plain.until((m) => m.type === 'records' && m.records.some((r: { args?: { name?: string }[] }) => r.args?.[0]?.name === 'in-default'));
    expect(commandsIn(a)).toEqual(['in-a']);
    expect(commandsIn(plain)).toEqual(['in-default']);
  });

  it('catches up from its project\'s journal', async () => {
    a.ws.send(JSON.stringify({ type: 'catchup', after: 0 }));
    const page = await a.until((m) => m.type === 'records' && m.state !== undefined && m.records.length > 0 && m.records[0].seq === 1);
    expect(page.world).toBe(s.projects.find('live-a')!.session.world);
  });

  it('refuses a socket that names a malformed project', async () => {
    const ws = new WebSocket(`${s.base.replace('http', 'ws')}/live?project=${encodeURIComponent('no/slashes')}`);
    ws.on('error', () => {}); // the refusal itself, reported as the status below
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(400);
  });
});

describe('POST /api/projects/:id/reset', () => {
  let s: Server;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s?.close());

  it('takes the default project back to its scenario\'s start, a new world for its tabs', async () => {
    const start = (await get(s, '/api/state')).body;
    expect((await post(s, '/api/scenario/step')).status).toBe(200);
    expect((await post(s, '/api/scenario/step')).status).toBe(200);
    await createServerIn(s, 'default', 'extra');
    const tab = await liveTab(s.base);
    try {
      const answer = await post(s, '/api/projects/default/reset');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: 'default', default: true, now: start.now });
      const reset = await tab.until((m) => m.type === 'reset');
      expect(reset.reason).toBe('project default reset');
      const after = (await get(s, '/api/state')).body;
      expect(after.world).toBe(reset.world);
      expect(after.world).not.toBe(start.world);
      expect(after.scenario.position).toBe(start.scenario.position);
      expect(after.resources.map((r: { id: string }) => r.id)).toEqual(start.resources.map((r: { id: string }) => r.id));
    } finally {
      tab.ws.close();
    }
  });

  it('empties any other project again, and leaves the others alone', async () => {
    await createServerIn(s, 'trainee-r', 'web');
    await createServerIn(s, 'trainee-s', 'db');
    await post(s, '/api/commands?project=trainee-r', { verb: 'advance', args: ['1d'] });
    const started = s.projects.find('trainee-s')!.session.simulation.now();
    const answer = await post(s, '/api/projects/trainee-r/reset');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 'trainee-r', resources: 0, now: new Date(started).toISOString() });
    expect(await names(s, 'trainee-r')).toEqual([]);
    expect(await names(s, 'trainee-s')).toEqual(['db']);
  });

  it('answers 404 for a project there is not, and makes none', async () => {
    const answer = await post(s, '/api/projects/nobody/reset');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'Sim.NotFound', message: expect.stringContaining('GET /api/projects') });
    expect(s.projects.has('nobody')).toBe(false);
  });
});

describe('the bound on projects', () => {
  let s: Server;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s?.close());

  it(`makes no more than ${MAX_PROJECTS} projects from the page`, async () => {
    for (let i = 1; i < MAX_PROJECTS; i++) expect((await get(s, `/api/timers?project=p${i}`)).status).toBe(200);
    const over = await get(s, '/api/state?project=one-too-many');
    expect(over.status).toBe(403);
    expect(over.body.code).toBe('Sim.ProjectLimit');
    expect((await get(s, '/api/projects')).body.projects).toHaveLength(MAX_PROJECTS);
  }, 60_000);
});
