/**
 * Requests of the service API are journaled in their project (`request` records, the inspector's
 * timeline): what was asked and answered, changing nothing; time travel, saves and the ring of
 * the journal take them like any record. The server is `serve()` with a route table of this
 * file's own, so that nothing here depends on the services' tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { translator } from '../../src/api/translate.js';
import { KeyAuthenticator } from '../../src/api/auth.js';
import type { ServiceTable } from '../../src/api/route.js';
import { Journal, type JournalRecord, type RequestRecord } from '../../src/sim/journal.js';
import { createSimulation, restoreSimulation } from '../../src/sim/simulation.js';
import { raw, startServer } from '../api/support/server.js';

const table: ServiceTable = {
  service: 'cbr',
  routes: [
    {
      operation: 'showThing', method: 'GET', path: '/v3/{project_id}/things/{thing_id}', summary: 'a record',
      handle: (req) => ({ status: 200, body: { thing: req.project.session.simulation.get(req.params.thing_id!) } }),
    },
    {
      operation: 'createThing', method: 'POST', path: '/v3/{project_id}/things', summary: 'a server',
      handle: async (req) => ({ status: 200, body: { thing: await req.perform('createServer', { name: (req.body as { name: string }).name, os: 'linux', systemDiskGB: 40 }) } }),
    },
  ],
  unserved: [],
  translate: translator({}, (_route, e) => new ApiError(404, 'BackupService.6200', e.message)),
};

let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer({ tables: [table] });
});
afterAll(() => server.close());

const requests = (records: readonly { type: string }[]) => records.filter((r): r is RequestRecord => r.type === 'request');

describe('the journal of the service API\'s requests', () => {
  it('journals each answered request in its project, with what was asked and answered, after what it did', async () => {
    const made = await raw(server.base, 'POST', '/cbr/v3/trainee-1/things', { body: '{"name":"web"}' });
    expect(made.status).toBe(200);
    const missing = await raw(server.base, 'GET', '/cbr/v3/trainee-1/things/sv-000000000000?fields=all');
    expect(missing.status).toBe(404);
    const journal = server.projects.get('trainee-1').session.simulation.journal();
    const [created, refused] = requests(journal);
    expect(created).toMatchObject({ type: 'request', resourceId: null, service: 'cbr', operation: 'createThing', method: 'POST', path: '/cbr/v3/trainee-1/things', status: 200, code: null, project: 'trainee-1' });
    expect(refused).toMatchObject({ operation: 'showThing', method: 'GET', path: '/cbr/v3/trainee-1/things/sv-000000000000', status: 404, code: 'BackupService.6200' });
    // After the command it ran and what that caused, as the timeline reads them.
    const command = journal.find((r) => r.type === 'command' && r.verb === 'createServer')!;
    expect(command.seq).toBeLessThan(created!.seq);
    // Only in its own project: the default one saw none of them.
    expect(requests(server.session.simulation.journal())).toEqual([]);
  });

  it('changes nothing, and time travel replays around it: every record keeps its seq', async () => {
    const project = server.projects.get('trainee-2');
    const session = project.session;
    await raw(server.base, 'POST', '/cbr/v3/trainee-2/things', { body: '{"name":"a"}' });
    const id = (await raw(server.base, 'POST', '/cbr/v3/trainee-2/things', { body: '{"name":"b"}' })).body.thing.id as string;
    for (let i = 0; i < 3; i++) await raw(server.base, 'GET', `/cbr/v3/trainee-2/things/${id}`);
    session.command('createDisk', [{ name: 'after the requests', sizeGB: 10 }]);
    const journal = session.simulation.journal();
    const noted = requests(journal);
    expect(noted).toHaveLength(5);
    // Reads journaled and nothing else: the same world as before them, bar the records.
    const world = () => {
      const { journal: _journal, ...rest } = session.simulation.save({ journal: false });
      return rest;
    };
    const before = world();
    const seq = session.seq;
    await raw(server.base, 'GET', `/cbr/v3/trainee-2/things/${id}`);
    expect(session.seq).toBe(seq + 1);
    expect(world()).toEqual(before);
    // The world at a record after the requests, and at a request itself, replayed from the start.
    const last = journal.at(-1)!;
    const past = session.worldAt(last.seq);
    const named = (sim: typeof past) => sim.list('disk').map((d) => d.name).filter((n) => n === 'after the requests');
    expect(named(past)).toEqual(['after the requests']);
    expect(past.journal().find((r) => r.seq === last.seq)).toEqual(last);
    const atRequest = session.worldAt(noted[2]!.seq);
    expect(atRequest.list('server').map((s) => s.name)).toEqual(['a', 'b']);
    expect(named(atRequest)).toEqual([]);
    expect(requests(atRequest.journal()).map((r) => r.seq)).toEqual(noted.slice(0, 3).map((r) => r.seq));
  });

  it('keeps request records in a save, which restores', async () => {
    await raw(server.base, 'POST', '/cbr/v3/trainee-3/things', { body: '{"name":"kept"}' });
    const saved = server.projects.get('trainee-3').session.simulation.save();
    const again = restoreSimulation(JSON.parse(JSON.stringify(saved)));
    expect(requests(again.journal())).toHaveLength(1);
    expect(requests(again.journal())[0]!.operation).toBe('createThing');
  });

  it('puts request records back in a replay right after the record before them, whatever writes it', () => {
    const request = (seq: number): JournalRecord => ({ type: 'request', seq, at: 0, resourceId: null, service: 'cbr', operation: null, method: 'GET', path: '/cbr/', status: 404, code: 'APIGW.0101', project: 'p' });
    const replay = new Journal({}, () => 0);
    replay.putBack([request(1), request(3), request(4), request(6)]);
    expect(replay.seq).toBe(1); // the first follows the start at once
    const note = { type: 'note', resourceId: null, note: 'retention', message: 'a timer fired' } as const;
    replay.append(note);
    expect(replay.records().map((r) => `${r.seq}:${r.type}`)).toEqual(['1:request', '2:note', '3:request', '4:request']);
    replay.append(note);
    replay.append(note);
    expect(replay.records().map((r) => `${r.seq}:${r.type}`).slice(4)).toEqual(['5:note', '6:request', '7:note']);
  });

  it('counts request records against the journal\'s ring like any record', () => {
    const sim = createSimulation({ journal: { limit: 5 } });
    for (let i = 0; i < 12; i++) sim.noteRequest({ service: 'ims', operation: 'glanceListImages', method: 'GET', path: '/ims/v2/images', status: 200, code: null, project: 'p' });
    expect(sim.journal()).toHaveLength(5);
    expect(sim.journal().at(-1)!.seq).toBe(12);
  });
});

describe('the journal of refused credentials', () => {
  let verified: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    verified = await startServer({ tables: [table], auth: new KeyAuthenticator({ keys: [], tokens: [{ token: 'sim-token', projects: ['default'] }] }) });
  });
  afterAll(() => verified.close());

  it('journals a refused credential in the project the path names, when it exists, and makes none for it', async () => {
    expect((await raw(verified.base, 'POST', '/cbr/v3/default/things', { body: '{"name":"x"}', headers: { 'x-auth-token': 'forged' } })).status).toBe(401);
    expect(requests(verified.session.simulation.journal()).at(-1)).toMatchObject({ status: 401, code: 'APIGW.0301', operation: 'createThing', project: 'default' });
    expect((await raw(verified.base, 'GET', '/cbr/v3/nobody/things/x', { headers: { 'x-auth-token': 'forged' } })).status).toBe(401);
    expect(verified.projects.has('nobody')).toBe(false);
  });
});
