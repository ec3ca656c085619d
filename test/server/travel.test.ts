/**
 * Time travel shows the whole page (issue 11): `GET /api/travel` gives each resource's state value
 * and the record's place among the player's steps, `GET /api/travel/resources/:id` one resource
 * as `GET /api/resources/:id` shows it, from the past world; and over HTTP, Step refuses a
 * detached player and a console action says the world left the script. A real listening server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../../src/server/serve.js';
import { SCENARIOS } from '../../scenarios/index.js';
import type { StepOutcome } from '../../src/scenario/runner.js';
import { jsonApi } from './clients.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;
let served: Served;

const api = (path: string, body?: unknown) => jsonApi(served.url, path, body);

/** seed-000 loaded and played to its end, with every step's outcome (and its records) from the session. */
async function playedToEnd() {
  await api('/api/scenario/load', { id: seed000.id });
  const setup = { first: served.session.simulation.journal()[0]!.seq, last: served.session.seq };
  const outcomes: StepOutcome[] = [];
  for (let o = served.session.stepScenario(); o; o = served.session.stepScenario()) outcomes.push(o);
  const step = (index: number) => outcomes.find((o) => o.index === index)!;
  const backup = step(2).resources.backup!.id;
  return { step, backup, setup };
}

beforeAll(async () => {
  served = await serve({ scenario: seed000, port: 0 });
});
afterAll(async () => {
  await served.close();
});

describe('GET /api/travel', () => {
  it('gives each resource\'s state value then: the backup is in "Image can be created" at the record that marked it', async () => {
    const { step, backup } = await playedToEnd();
    const marked = step(6).records.at(-1)!;
    expect(marked).toMatchObject({ type: 'state', resourceId: backup });
    const past = (await api(`/api/travel?seq=${marked.seq}`)).json;
    expect(past).toMatchObject({ travelledTo: marked.seq, readOnly: true, step: 6, stepRecord: 'last', resume: 'rewind' });
    expect(past.values[backup]).toMatchObject({ lifecycle: { creating: 'imageCreatable' } });
    expect(Object.keys(past.values).sort()).toEqual(past.resources.map((r: any) => r.id).sort());
    // A record before: the backup is still taking its snapshot.
    const before = (await api(`/api/travel?seq=${step(2).records.at(-1)!.seq}`)).json;
    expect(JSON.stringify(before.values[backup])).not.toContain('imageCreatable');
  });

  it('says where a record stands among the steps and what resuming from it does to the player', async () => {
    const { step, setup } = await playedToEnd();
    const [command] = step(19).records;
    expect(command).toMatchObject({ type: 'command', verb: 'advance' });
    expect((await api(`/api/travel?seq=${command!.seq}`)).json).toMatchObject({ step: 19, stepRecord: 'inside', resume: 'offScript' });
    expect((await api(`/api/travel?seq=${setup.first}`)).json).toMatchObject({ step: 0, stepRecord: 'inside', resume: 'rewind' });
    const state = (await api('/api/state')).json;
    await api('/api/commands', { verb: 'advance', args: ['1h'] });
    expect((await api(`/api/travel?seq=${state.seq + 1}`)).json).toMatchObject({ step: seed000.steps.length, stepRecord: 'between', resume: 'rewind' });
  });

  it('answers a tombstone\'s value as null: a deleted resource keeps its record, not its chart', async () => {
    const { step, backup } = await playedToEnd();
    const end = (await api(`/api/travel?seq=${step(26).records.at(-1)!.seq}`)).json;
    const tomb = end.resources.find((r: any) => r.id === backup);
    expect(tomb.status).toBe('deleted');
    expect(end.values[backup]).toBeNull();
  });
});

describe('GET /api/travel/resources/:id', () => {
  it('shows one resource as GET /api/resources/:id does, from the world then, read only: Create Image allowed once marked, not before', async () => {
    const { step, backup } = await playedToEnd();
    const marked = step(6).records.at(-1)!.seq;
    const then = await api(`/api/travel/resources/${backup}?seq=${marked}`);
    expect(then.status).toBe(200);
    expect(Object.keys(then.json).sort()).toEqual(['actions', 'context', 'events', 'readOnly', 'record', 'seq', 'transitions', 'travelledTo', 'value']);
    expect(then.json).toMatchObject({ travelledTo: marked, readOnly: true, record: { id: backup, status: 'protecting', imageable: true }, value: { lifecycle: { creating: 'imageCreatable' } } });
    expect(then.json.actions.find((a: any) => a.label === 'Create Image')).toMatchObject({ allowed: true });

    const earlier = (await api(`/api/travel/resources/${backup}?seq=${step(2).records.at(-1)!.seq}`)).json;
    expect(earlier.record.imageable).toBe(false);
    expect(earlier.actions.find((a: any) => a.label === 'Create Image')).toMatchObject({ allowed: false, refusal: { code: 'BackupService.6208' } });

    // The same shape as the present's detail, which has moved on (the backup is deleted now).
    const now = (await api(`/api/resources/${backup}`)).json;
    expect(Object.keys(now).sort()).toEqual(['actions', 'context', 'events', 'record', 'seq', 'transitions', 'value']);
    expect(now.record.status).toBe('deleted');
  });

  it('refuses a resource that did not exist then (404), a record not held (404), and a bad seq or id (400)', async () => {
    const { backup, setup: { last: setup } } = await playedToEnd();
    const none = await api(`/api/travel/resources/${backup}?seq=${setup}`);
    expect(none.status).toBe(404);
    expect(none.json).toMatchObject({ code: 'Sim.NotFound', message: `Nothing had id "${backup}" at record #${setup}; GET /api/travel?seq=${setup} lists what there was.` });
    expect((await api(`/api/travel/resources/${backup}?seq=999999`)).json.code).toBe('Sim.NotFound');
    for (const seq of ['', 'abc', '0', '-1', '1.5', '1e309', '1&seq=2']) {
      const bad = await api(`/api/travel/resources/${backup}?seq=${seq}`);
      expect({ seq, status: bad.status, code: bad.json.code }).toEqual({ seq, status: 400, code: 'Sim.InvalidArgument' });
    }
    expect((await api(`/api/travel/resources/${backup}`)).status).toBe(400);
    const long = await api(`/api/travel/resources/${'b'.repeat(8000)}?seq=${setup}`);
    expect(long.status).toBe(400);
    expect(long.json.message).toMatch(/^id is 8000 characters long; a resource id has at most 64/);
    for (const id of ['__proto__', 'constructor', 'nope']) expect((await api(`/api/travel/resources/${id}?seq=${setup}`)).status).toBe(404);
  });
});

describe('the player over HTTP', () => {
  it('refuses Step with 409 Sim.OffScript after resuming from the middle of a step, and Back puts it on script', async () => {
    const { step } = await playedToEnd();
    const inside = step(19).records[0]!.seq;
    const forked = await api('/api/fork', { seq: inside });
    expect(forked.json.scenario.offScript).toMatchObject({ seq: inside, step: 19 });
    const refused = await api('/api/scenario/step', {});
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'Sim.OffScript', details: { seq: inside, step: 19 } });
    expect(refused.json.message).toMatch(/load the scenario again \(POST \/api\/scenario\/load\) or step Back/);
    const back = await api('/api/scenario/back', {});
    expect(back.json).toMatchObject({ position: 18, offScript: null });
    expect((await api('/api/scenario/step', {})).json).toMatchObject({ index: 19, ok: true });
  });

  it('says in the state that a console command left the script, and forgets it on a load', async () => {
    await api('/api/scenario/load', { id: seed000.id });
    const server = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'server');
    expect((await api('/api/commands', { verb: 'stopServer', args: [server.id] })).status).toBe(200);
    const diverged = (await api('/api/state')).json.scenario.diverged;
    expect(diverged).toMatchObject({ verb: 'stopServer', message: expect.stringMatching(/^The world now differs from the script: stopServer was run by hand at record #\d+; the next steps may fail\.$/) });
    expect((await api('/api/scenario/load', { id: seed000.id })).json.diverged).toBeNull();
  });
});
