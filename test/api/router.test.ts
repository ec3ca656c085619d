/**
 * The service router (src/api/router.ts) over a table of its own: how every answer is shaped,
 * before any service's routes are involved. The SDK's own client is used where it matters (what
 * it reads of an error).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { apiRouter } from '../../src/api/router.js';
import { Projects } from '../../src/api/projects.js';
import { ApiError } from '../../src/api/errors.js';
import { translator } from '../../src/api/translate.js';
import type { ServiceTable } from '../../src/api/route.js';
import { Session } from '../../src/server/session.js';
import { emptyProjectScenario } from '../../src/api/projects.js';
import { hcClient, refusal, send } from './support/sdk.js';
import { raw } from './support/server.js';

const table: ServiceTable = {
  service: 'cbr',
  routes: [
    {
      operation: 'showThing', method: 'GET', path: '/v3/{project_id}/things/{thing_id}', summary: 'a record by id',
      handle: (req) => ({ status: 200, body: { thing: req.project.session.simulation.get(req.params.thing_id!), project: req.project.id } }),
    },
    {
      operation: 'createThing', method: 'POST', path: '/v3/{project_id}/things', summary: 'a server',
      body: {
        type: 'object', required: ['thing'], additionalProperties: false,
        properties: { thing: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 64 } } } },
      },
      handle: async (req) => {
        const { name } = (req.body as { thing: { name: string } }).thing;
        const server = await req.perform('createServer', { name, os: 'linux', systemDiskGB: 40 });
        return { status: 200, body: { thing: server } };
      },
    },
  ],
  unserved: [
    { operation: 'deleteThing', method: 'DELETE', path: '/v3/{project_id}/things/{thing_id}' },
    { operation: 'listThingTags', method: 'GET', path: '/v3/{project_id}/things/tags' },
  ],
  translate: translator({}, (_route, e) => new ApiError(404, 'BackupService.6200', e.message)),
};

let server: Server;
let base: string;
let projects: Projects;

beforeAll(async () => {
  projects = new Projects(new Session(emptyProjectScenario('default')));
  const app = express();
  app.use(apiRouter({ projects, tables: [table] }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('the service router', () => {
  it('gives every answer an X-Request-Id, which the SDK reports as the requestId', async () => {
    const answer = await raw(base, 'GET', '/cbr/v3/p1/things/sv-000000000000');
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const error = await refusal(hcClient(base, 'cbr'), { method: 'GET', url: '/v3/{project_id}/things/{thing_id}', pathParams: { thing_id: 'sv-000000000000' } });
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers a refusal of the simulation in the service\'s shape, with the code the SDK reads as errorCode', async () => {
    const answer = await raw(base, 'GET', '/cbr/v3/p1/things/sv-000000000000');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error_code: 'BackupService.6200', error_msg: expect.stringContaining('sv-000000000000') });
    const error = await refusal(hcClient(base, 'cbr'), { method: 'GET', url: '/v3/{project_id}/things/{thing_id}', pathParams: { thing_id: 'sv-000000000000' } });
    expect(error.httpStatusCode).toBe(404);
    expect(error.errorCode).toBe('BackupService.6200');
  });

  it('puts each project in a simulation of its own, made on first use', async () => {
    const client = hcClient(base, 'cbr', { ak: 'a', sk: 'b', projectId: 'trainee-1' });
    const made = await send(client, { method: 'POST', url: '/v3/{project_id}/things', data: { thing: { name: 'web' } } });
    const id = (made.thing as { id: string }).id;
    const shown = await send(client, { method: 'GET', url: '/v3/{project_id}/things/{thing_id}', pathParams: { thing_id: id } });
    expect(shown.project).toBe('trainee-1');
    expect((await raw(base, 'GET', `/cbr/v3/trainee-2/things/${id}`)).status).toBe(404);
    expect(projects.has('trainee-1')).toBe(true);
  });

  it('names the missing, unknown or mistyped field with the service\'s validation code, and changes nothing', async () => {
    const before = projects.get('p-valid').session.simulation.list('server').length;
    for (const [body, words] of [
      ['{}', 'lacks the mandatory field "thing"'],
      ['{"thing":{"name":"x","colour":1}}', 'unknown field "colour"'],
      ['{"thing":{"name":7}}', 'thing.name must be string'],
      ['{"thing":', 'not valid JSON'],
    ] as const) {
      const answer = await raw(base, 'POST', '/cbr/v3/p-valid/things', { body });
      expect(answer.status, body).toBe(400);
      expect(answer.body.error_code).toBe('BackupService.9900');
      expect(answer.body.error_msg).toContain(words);
    }
    expect(projects.get('p-valid').session.simulation.list('server')).toHaveLength(before);
  });

  it('refuses a body nested too deep before any schema walks it', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const answer = await raw(base, 'POST', '/cbr/v3/p1/things', { body: deep });
    expect(answer.status).toBe(400);
    expect(answer.body.error_msg).toContain('nests deeper than');
  });

  it('answers 501 naming an operation the SDK has and cbr-sim does not serve, and the gateway\'s 404 for any other path', async () => {
    const missing = await raw(base, 'DELETE', '/cbr/v3/p1/things/x');
    expect(missing.status).toBe(501);
    expect(missing.body.error_msg).toContain('deleteThing');
    const none = await raw(base, 'GET', '/cbr/v9/nothing');
    expect(none.status).toBe(404);
    expect(none.body.error_code).toBe('APIGW.0101');
  });

  it('answers the 501 of an operation whose path is more literal than a served route\'s (things/tags beside things/{thing_id})', async () => {
    const answer = await raw(base, 'GET', '/cbr/v3/p1/things/tags');
    expect(answer.status).toBe(501);
    expect(answer.body.error_msg).toContain('listThingTags');
  });

  it('refuses a path parameter that is no valid %-escape with the validation code, naming it', async () => {
    const answer = await raw(base, 'GET', '/cbr/v3/p1/things/%E0%A4%A');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error_code: 'BackupService.9900', error_msg: expect.stringContaining('thing_id') });
  });

  it('refuses a project id that is no URI segment\'s, and keeps no more projects than its limit', async () => {
    const answer = await raw(base, 'GET', `/cbr/v3/${encodeURIComponent('a b')}/things/x`);
    expect(answer.status).toBe(400);
    expect(answer.body.error_code).toBe('Sim.InvalidProject');
    const codes = new Set<string>();
    for (let i = 0; i < 70; i++) codes.add((await raw(base, 'GET', `/cbr/v3/many-${i}/things/x`)).body.error_code);
    expect(codes).toContain('Sim.ProjectLimit');
    expect(projects.list().length).toBeLessThanOrEqual(64);
  });
});
