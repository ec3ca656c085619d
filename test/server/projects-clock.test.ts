/**
 * Each project's clock (issue 14 §2 "Time", src/api/clock.ts) through HTTP: `POST
 * /api/projects/:id/clock { mode?, speed?, advance? }`, and what a service read does under each
 * mode. The service read is a tiny route of this file's own (the services' tables are filled
 * elsewhere), mounted as `serve` mounts the real ones: a read of one record through `req.poll`.
 * Nothing is timed: the wall clock's tests wait for the clock to move, never for how long it took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { raw, startServer } from '../api/support/server.js';
import { apiRouter } from '../../src/api/router.js';
import { ApiError } from '../../src/api/errors.js';
import { translator } from '../../src/api/translate.js';
import { Projects, type ClockMode } from '../../src/api/projects.js';
import type { ServiceTable } from '../../src/api/route.js';
import { createApp } from '../../src/server/app.js';
import { Session } from '../../src/server/session.js';
import { SCENARIOS } from '../../scenarios/index.js';
import type { NoteRecord } from '../../src/sim/journal.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;
const DAY = 86_400_000;

/** A service read of one record, as the services' show routes read: through the project's clock. */
const table: ServiceTable = {
  service: 'cbr',
  routes: [{
    operation: 'showThing', method: 'GET', path: '/v3/{project_id}/things/{thing_id}', summary: 'a record by id, polled',
    handle: async (req) => {
      const sim = req.project.session.simulation;
      const record = await req.poll(() => sim.get(req.params.thing_id!), (r) => [r]);
      return { status: 200, body: { status: record.status, now: new Date(sim.now()).toISOString() } };
    },
  }],
  unserved: [],
  translate: translator({}, (_route, e) => new ApiError(404, 'BackupService.6200', e.message)),
};

interface Harness {
  base: string;
  projects: Projects;
  close: () => Promise<void>;
}

/** The inspector and the tiny service route over projects, as `serve` puts them together. */
async function start(clock?: { mode: ClockMode; speed: number }): Promise<Harness> {
  const session = new Session(seed000);
  const projects = new Projects(session, clock);
  const server: Server = createServer(createApp(session, undefined, { api: apiRouter({ projects, tables: [table] }), projects }));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    projects,
    close: async () => {
      projects.pauseAll();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

const turn = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a project\'s clock', () => {
  let h: Harness;
  const get = (path: string) => raw(h.base, 'GET', path);
  const post = (path: string, body?: unknown) => raw(h.base, 'POST', path, body === undefined ? {} : { body: JSON.stringify(body) });
  const clock = (id: string, body?: unknown) => post(`/api/projects/${id}/clock`, body);
  const nowOf = async (id: string): Promise<number> => Date.parse(((await get('/api/projects')).body.projects as { id: string; now: string }[]).find((p) => p.id === id)!.now);
  /** A server of the project, Creating (BUILD) for a while on realistic timings. */
  const building = async (id: string): Promise<string> => {
    const made = await post(`/api/commands?project=${id}`, { verb: 'createServer', args: [{ name: 'web', os: 'linux', systemDiskGB: 40 }] });
    expect(made.status).toBe(200);
    return made.body.result.id as string;
  };
  const read = (project: string, id: string) => get(`/cbr/v3/${project}/things/${id}`);

  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h?.close());

  it('answers its mode, speed and time, and changes nothing, for an empty body', async () => {
    await building('asked');
    const before = await nowOf('asked');
    const answer = await clock('asked');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ id: 'asked', now: new Date(before).toISOString(), clock: { mode: 'on-poll', speed: 1 } });
    expect(await nowOf('asked')).toBe(before);
  });

  it('on-poll: a service read of a record being made first moves the clock to its next timer', async () => {
    const id = await building('polled');
    const before = await nowOf('polled');
    const shown = await read('polled', id);
    expect(shown.status).toBe(200);
    expect(Date.parse(shown.body.now)).toBeGreaterThan(before);
  });

  it('manual: a service read leaves the clock where it is; the clock route and the inspector move it', async () => {
    const id = await building('by-hand');
    expect((await clock('by-hand', { mode: 'manual' })).body.clock).toEqual({ mode: 'manual', speed: 1 });
    const before = await nowOf('by-hand');
    for (let i = 0; i < 3; i++) {
      const shown = await read('by-hand', id);
      expect(shown.body).toEqual({ status: 'BUILD', now: new Date(before).toISOString() });
    }
    const advanced = await clock('by-hand', { advance: '10d' });
    expect(advanced.status).toBe(200);
    expect(advanced.body).toEqual({ id: 'by-hand', now: new Date(before + 10 * DAY).toISOString(), clock: { mode: 'manual', speed: 1 } });
    expect((await read('by-hand', id)).body.status).toBe('ACTIVE');
    expect((await post('/api/commands?project=by-hand', { verb: 'advance', args: ['1h'] })).status).toBe(200);
    expect(await nowOf('by-hand')).toBe(before + 10 * DAY + 3_600_000);
  });

  it('advances by milliseconds too, in any mode, and only the project named', async () => {
    await building('ms');
    const other = await nowOf('polled');
    const before = await nowOf('ms');
    expect((await clock('ms', { advance: 90_000 })).body.now).toBe(new Date(before + 90_000).toISOString());
    expect(await nowOf('polled')).toBe(other);
  });

  it('wall: follows the wall clock at its speed, plays on after a command, and is held by the inspector\'s Pause until a service request', async () => {
    const id = await building('walled');
    const project = h.projects.find('walled')!;
    const set = await clock('walled', { mode: 'wall', speed: 1_000_000 });
    expect(set.status).toBe(200);
    expect(set.body.clock).toEqual({ mode: 'wall', speed: 1_000_000 });
    const before = await nowOf('walled');
    while ((await nowOf('walled')) <= before) await turn();
    // Days pass in wall seconds: the server being built is built with no read at all.
    while (project.session.simulation.get(id).status === 'BUILD') await turn();

    expect((await post('/api/commands?project=walled', { verb: 'createVault', args: [{ name: 'v', kind: 'server', resourceIds: [id] }] })).status).toBe(200);
    const afterCommand = await nowOf('walled');
    while ((await nowOf('walled')) <= afterCommand) await turn();

    expect((await post('/api/pause?project=walled')).body.paused).toBe(true);
    const held = await nowOf('walled');
    expect((await get('/api/state?project=walled')).status).toBe(200);
    await turn(50);
    expect(await nowOf('walled')).toBe(held);
    expect((await get('/api/projects')).body.projects.find((p: { id: string }) => p.id === 'walled').clock.mode).toBe('wall');

    expect((await read('walled', id)).status).toBe(200);
    while ((await nowOf('walled')) <= held) await turn();
  }, 60_000);

  it('wall: a new speed re-paces the play; leaving wall ends it where it stands, journaled', async () => {
    await building('slowed');
    const project = h.projects.find('slowed')!;
    await clock('slowed', { mode: 'wall', speed: 1_000_000 });
    expect(project.session.playingNow?.speed).toBe(1_000_000);
    await clock('slowed', { speed: 3600 });
    expect(project.session.playingNow?.speed).toBe(3600);
    const stopped = await clock('slowed', { mode: 'manual' });
    expect(stopped.body.clock).toEqual({ mode: 'manual', speed: 3600 });
    expect(project.session.playingNow).toBeNull();
    const ended = project.session.simulation.journal().filter((r): r is NoteRecord => r.type === 'note' && r.note === 'played').at(-1);
    expect(ended?.details?.ended).toBe('paused');
    const held = await nowOf('slowed');
    await turn(50);
    expect(await nowOf('slowed')).toBe(held);
  }, 60_000);

  it('wall: plays on from the start of a project reset', async () => {
    await building('restarted');
    const project = h.projects.find('restarted')!;
    await clock('restarted', { mode: 'wall', speed: 1_000_000 });
    const reset = await post('/api/projects/restarted/reset');
    expect(reset.status).toBe(200);
    expect(reset.body.resources).toBe(0);
    const from = Date.parse(reset.body.now);
    expect(project.session.playingNow?.speed).toBe(1_000_000);
    while ((await nowOf('restarted')) <= from) await turn();
  }, 60_000);

  it('refuses what is not a clock, naming the field, and changes nothing', async () => {
    await building('strict');
    await clock('strict', { mode: 'manual' });
    const before = await nowOf('strict');
    const cases: [unknown, RegExp][] = [
      [{ mode: 'fast' }, /mode must be equal to one of the allowed values/],
      [{ speed: 0 }, /speed must be >= 1/],
      [{ speed: 2_000_000 }, /speed must be <= 1000000/],
      [{ advance: 'soon' }, /advance must match pattern/],
      [{ advance: -5 }, /advance must be >= 0/],
      [{ mode: 'wall', tempo: 2 }, /Unknown key "tempo"/],
      [[], /a JSON object is expected/],
    ];
    for (const [body, problem] of cases) {
      const answer = await clock('strict', body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'Sim.InvalidArgument', message: expect.stringMatching(problem) });
      expect(answer.body.message).toContain('the body is { mode?, speed?, advance? }');
    }
    expect((await clock('strict')).body.clock).toEqual({ mode: 'manual', speed: 1 });
    expect(await nowOf('strict')).toBe(before);
  });

  it('answers 404 for a project there is not, and makes none', async () => {
    const answer = await clock('nobody', { mode: 'manual' });
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('Sim.NotFound');
    expect(h.projects.has('nobody')).toBe(false);
  });
});

describe('serve({ clock })', () => {
  it('sets every project\'s first mode', async () => {
    const s = await startServer({ clock: { mode: 'manual' } });
    try {
      await raw(s.base, 'GET', '/api/state?project=later');
      const listed = (await raw(s.base, 'GET', '/api/projects')).body.projects as { id: string; clock: unknown }[];
      expect(listed.map((p) => [p.id, p.clock])).toEqual([['default', { mode: 'manual', speed: 1 }], ['later', { mode: 'manual', speed: 1 }]]);
    } finally {
      await s.close();
    }
  });

  it('with wall, plays every project\'s clock from the start, and stops them all when the server stops', async () => {
    const s = await startServer({ clock: { mode: 'wall', speed: 1_000_000 } });
    await raw(s.base, 'GET', '/api/state?project=later');
    const later = s.projects.find('later')!;
    expect(s.session.playingNow?.speed).toBe(1_000_000);
    expect(later.session.playingNow?.speed).toBe(1_000_000);
    const from = later.session.simulation.now();
    while (later.session.simulation.now() <= from) await turn();
    await s.close();
    expect(s.session.playingNow).toBeNull();
    expect(later.session.playingNow).toBeNull();
  }, 60_000);
});
