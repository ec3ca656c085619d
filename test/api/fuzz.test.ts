/**
 * Fuzzing the services' wire (issue 14): every route of every service table, and every operation a
 * table lists as not served, gets malformed input, one family at a time, on a real listening
 * server. The cases are made from the tables themselves (and each route's JSON Schema), so they
 * cover whatever routes the tables hold: those of `SERVICE_TABLES` on `startServer()`, and a
 * table of this file's own for each service (with an OpenStack-style route), served the same way,
 * so that every family runs even while a service's table is short.
 *
 * For each case the test checks
 * - the status: a refusal, 4xx (never 5xx, never a hang); an operation not served answers its 501
 *   (the one 5xx on purpose) or the body parser's 413/415 before it;
 * - the body: the service's error shape with a code (CBR `{error_code, error_msg}`, IMS and EVS
 *   `{error: {code, message}}`, ECS with `details`, an OpenStack-style route `{<fault>: {code,
 *   message}}`); the gateway's own refusals of a path it does not route (404 `APIGW.0101`) and of
 *   an operation not served (501) are in the service's shape. Where the body was wrong in one
 *   known place, the message names that field;
 * - nothing changed: every project's journal seq and state are as before, and no project was
 *   made (the path's project, when it is a valid one, exists before the case is sent).
 * Listeners for `uncaughtException` and `unhandledRejection` watch the whole file.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_TABLES } from '../../src/api/services.js';
import { apiRouter } from '../../src/api/router.js';
import { PROJECT_ID, Projects } from '../../src/api/projects.js';
import { ApiError, VALIDATION_CODES } from '../../src/api/errors.js';
import { translator } from '../../src/api/translate.js';
import type { Route, Service, ServiceTable, Unserved } from '../../src/api/route.js';
import { createApp } from '../../src/server/app.js';
import { Session } from '../../src/server/session.js';
import { REQUEST_TIMEOUT_MS } from '../../src/server/serve.js';
import { SCENARIOS } from '../../scenarios/index.js';
import type { SimRecord } from '../../src/sim/records.js';
import { raw as rawTcp, send, deepArrays, deepObjects, type Answer } from '../server/fuzz-helpers.js';
import { startServer } from './support/server.js';
import { example, fits, mutations } from './support/schema-mutations.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;
/** The project every case is sent to: the one with records in it. */
const PROJECT = 'default';

// ---------------------------------------------------------------------------------------------
// A table of this file's own per service: the shapes the real tables have (a nested create body
// with bounds and enums, a read by id through the on-poll clock, a delete, a query schema, a
// body whose fields are all optional, a json-patch route, OpenStack-style routes), thin handlers
// calling library verbs, so that a case the router wrongly let through would change the world.
// ---------------------------------------------------------------------------------------------

const byId = (kind: string) => (req: Parameters<Route['handle']>[0]) => req.poll(() => req.project.session.simulation.get(req.params[`${kind}_id`]!), (r) => [r]);

const fixtureTables: ServiceTable[] = [
  {
    service: 'cbr',
    routes: [
      {
        operation: 'createVault', method: 'POST', path: '/v3/{project_id}/vaults', summary: 'a vault',
        body: {
          type: 'object', required: ['vault'], additionalProperties: false,
          properties: {
            vault: {
              type: 'object', required: ['name', 'billing', 'resources'], additionalProperties: false,
              properties: {
                name: { type: 'string', minLength: 1, maxLength: 64 },
                description: { type: 'string', maxLength: 255 },
                billing: {
                  type: 'object', required: ['consistent_level', 'object_type', 'protect_type', 'size'], additionalProperties: false,
                  properties: {
                    consistent_level: { type: 'string', enum: ['crash_consistent', 'app_consistent'] },
                    object_type: { type: 'string', enum: ['server', 'disk'] },
                    protect_type: { type: 'string', enum: ['backup'] },
                    size: { type: 'integer', minimum: 1, maximum: 10_485_760 },
                  },
                },
                resources: { type: 'array', maxItems: 256, items: { type: 'object', required: ['id', 'type'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, type: { type: 'string', enum: ['OS::Nova::Server', 'OS::Cinder::Volume'] } } } },
                auto_expand: { type: 'boolean' },
              },
            },
          },
        },
        handle: async (req) => {
          const v = (req.body as { vault: { name: string; billing: { object_type: 'server' | 'disk'; size: number } } }).vault;
          return { status: 200, body: { vault: await req.perform('createVault', { name: v.name, kind: v.billing.object_type, capacityGB: v.billing.size }) } };
        },
      },
      { operation: 'showBackup', method: 'GET', path: '/v3/{project_id}/backups/{backup_id}', summary: 'a backup', handle: async (req) => ({ status: 200, body: { backup: await byId('backup')(req) } }) },
      {
        operation: 'listBackups', method: 'GET', path: '/v3/{project_id}/backups', summary: 'backups',
        query: { type: 'object', properties: { limit: { type: 'string', pattern: '^[0-9]{1,4}$' }, offset: { type: 'string', pattern: '^[0-9]{1,6}$' }, vault_id: { type: 'string', maxLength: 64 } } },
        handle: (req) => ({ status: 200, body: { backups: req.project.session.simulation.list('backup') } }),
      },
      {
        operation: 'deleteBackup', method: 'DELETE', path: '/v3/{project_id}/backups/{backup_id}', summary: 'deletes a backup',
        handle: async (req) => {
          await req.perform('deleteBackup', req.params.backup_id);
          return { status: 204 };
        },
      },
      {
        // Every field optional: a JSON `null` body is not "no body".
        operation: 'updateBackup', method: 'PUT', path: '/v3/{project_id}/backups/{backup_id}', summary: 'renames a backup',
        body: { type: 'object', additionalProperties: false, properties: { backup: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 64 } } } } },
        handle: async (req) => {
          const name = (req.body as { backup?: { name?: string } } | undefined)?.backup?.name ?? 'renamed';
          return { status: 200, body: { backup: await req.perform('updateBackup', req.params.backup_id, { name }) } };
        },
      },
    ],
    unserved: [{ operation: 'deleteVault', method: 'DELETE', path: '/v3/{project_id}/vaults/{vault_id}' }],
    translate: translator({}, (_route, e) => new ApiError(404, 'BackupService.6200', e.message)),
  },
  {
    service: 'ims',
    routes: [
      {
        operation: 'createImageFromBackup', method: 'POST', path: '/v2/cloudimages/action', summary: 'an image of a backup',
        body: {
          type: 'object', required: ['name', 'backup_id'], additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 128 }, backup_id: { type: 'string', minLength: 1, maxLength: 64 }, description: { type: 'string', maxLength: 1024 }, min_disk: { type: 'integer', minimum: 1, maximum: 1024 } },
        },
        handle: async (req) => {
          const b = req.body as { name: string; backup_id: string };
          await req.perform('createImageFromBackup', b.backup_id, { name: b.name });
          return { status: 200, body: { job_id: '0'.repeat(32) } };
        },
      },
      {
        operation: 'glanceUpdateImage', method: 'PATCH', path: '/v2/images/{image_id}', summary: 'json-patch of an image', contentTypes: ['application/openstack-images-v2.1-json-patch'],
        body: { type: 'array', maxItems: 16, items: { type: 'object', required: ['op', 'path'], additionalProperties: false, properties: { op: { type: 'string', enum: ['replace', 'add', 'remove'] }, path: { type: 'string', enum: ['/name'] }, value: { type: 'string', minLength: 1, maxLength: 128 } } } },
        handle: async (req) => ({ status: 200, body: await byId('image')(req) }),
      },
      { operation: 'showJob', method: 'GET', path: '/v1/{project_id}/jobs/{job_id}', summary: 'a job', handle: async (req) => ({ status: 200, body: await byId('job')(req) }) },
    ],
    unserved: [{ operation: 'exportImage', method: 'POST', path: '/v1/cloudimages/{image_id}/file' }],
    translate: translator({}, (_route, e) => new ApiError(404, 'IMG.0027', e.message)),
  },
  {
    service: 'ecs',
    routes: [
      {
        operation: 'createServers', method: 'POST', path: '/v1/{project_id}/cloudservers', summary: 'servers',
        body: {
          type: 'object', required: ['server'], additionalProperties: false,
          properties: {
            server: {
              type: 'object', required: ['name', 'imageRef', 'flavorRef', 'root_volume'], additionalProperties: true,
              properties: {
                name: { type: 'string', minLength: 1, maxLength: 64 }, imageRef: { type: 'string', minLength: 1 }, flavorRef: { type: 'string', minLength: 1 },
                count: { type: 'integer', minimum: 1, maximum: 500 },
                root_volume: { type: 'object', required: ['volumetype'], additionalProperties: false, properties: { volumetype: { type: 'string', enum: ['SATA', 'SAS', 'SSD', 'GPSSD'] }, size: { type: 'integer', minimum: 1, maximum: 1024 } } },
              },
            },
          },
        },
        handle: async (req) => {
          const s = (req.body as { server: { name: string } }).server;
          await req.perform('createServer', { name: s.name, os: 'linux', systemDiskGB: 40 });
          return { status: 200, body: { job_id: '0'.repeat(32) } };
        },
      },
      {
        operation: 'novaShowServer', method: 'GET', path: '/v2.1/{project_id}/servers/{server_id}', summary: 'a server, the Nova way', errorStyle: 'openstack',
        handle: async (req) => ({ status: 200, body: { server: await byId('server')(req) } }),
      },
      {
        operation: 'novaServerAction', method: 'POST', path: '/v2.1/{project_id}/servers/{server_id}/action', summary: 'os-stop, the Nova way', errorStyle: 'openstack',
        body: { type: 'object', required: ['os-stop'], additionalProperties: false, properties: { 'os-stop': { type: 'null' } } },
        handle: async (req) => {
          await req.perform('stopServer', req.params.server_id);
          return { status: 202 };
        },
      },
    ],
    unserved: [{ operation: 'resizeServer', method: 'POST', path: '/v1/{project_id}/cloudservers/{server_id}/resize' }],
    translate: translator({}, (_route, e) => new ApiError(404, 'Ecs.0114', e.message)),
  },
  {
    service: 'evs',
    routes: [
      {
        operation: 'createVolume', method: 'POST', path: '/v2/{project_id}/cloudvolumes', summary: 'a disk',
        body: {
          type: 'object', required: ['volume'], additionalProperties: false,
          properties: { volume: { type: 'object', required: ['availability_zone', 'volume_type', 'size'], additionalProperties: false, properties: { availability_zone: { type: 'string', minLength: 1, maxLength: 64 }, volume_type: { type: 'string', enum: ['SATA', 'SAS', 'SSD'] }, size: { type: 'integer', minimum: 10, maximum: 32_768 }, name: { type: 'string', maxLength: 64 } } } },
        },
        handle: async (req) => {
          const v = (req.body as { volume: { size: number; name?: string } }).volume;
          await req.perform('createDisk', { name: v.name ?? 'volume', sizeGB: v.size });
          return { status: 200, body: { job_id: '0'.repeat(32) } };
        },
      },
      { operation: 'showVolume', method: 'GET', path: '/v2/{project_id}/cloudvolumes/{volume_id}', summary: 'a disk', handle: async (req) => ({ status: 200, body: { volume: await byId('volume')(req) } }) },
      {
        operation: 'cinderShowVolume', method: 'GET', path: '/v2/{project_id}/volumes/{volume_id}', summary: 'a disk, the Cinder way', errorStyle: 'openstack',
        query: { type: 'object', additionalProperties: false, properties: { fields: { type: 'string', maxLength: 64 } } },
        handle: async (req) => ({ status: 200, body: { volume: await byId('volume')(req) } }),
      },
    ],
    unserved: [{ operation: 'extendVolume', method: 'POST', path: '/v2.1/{project_id}/cloudvolumes/{volume_id}/action' }],
    translate: translator({}, (_route, e) => new ApiError(404, 'EVS.5404', e.message)),
  },
];

// ---------------------------------------------------------------------------------------------
// The two servers
// ---------------------------------------------------------------------------------------------

interface Target {
  port: number;
  projects: Projects;
  close(): Promise<void>;
}
const targets: Partial<Record<'tables' | 'own', Target>> = {};

/** Records of every kind a path may name, in the default project, and nothing transitional left. */
async function seed(session: Session): Promise<void> {
  const sim = session.simulation;
  const server = sim.list('server')[0]!;
  const backup = (await session.perform('backupServer', [server.id])) as SimRecord;
  await session.perform('advance', ['1h']);
  await session.perform('createImageFromBackup', [backup.id, { name: 'fuzz-image' }]);
  await session.perform('createVault', [{ name: 'fuzz-vault', kind: 'server' }]);
  await session.perform('createPolicy', [{ name: 'fuzz-policy', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 3 }]);
  await session.perform('advance', ['1d']);
}

/** The server of this file's own tables: the inspector's app with the services' router, as `serve` mounts it. */
async function ownServer(): Promise<Target> {
  const session = new Session(seed000);
  const projects = new Projects(session);
  const server: Server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS / 2 }, createApp(session, undefined, { api: apiRouter({ projects, tables: fixtureTables }) }));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    projects,
    close: () => new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}

const uncaught: unknown[] = [];
const onUncaught = (error: unknown): void => void uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  const served = await startServer();
  targets.tables = { port: served.port, projects: served.projects, close: served.close };
  targets.own = await ownServer();
  for (const t of Object.values(targets)) await seed(t.projects.default.session);
}, 120_000);
afterAll(async () => {
  for (const t of Object.values(targets)) await t.close();
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

// ---------------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------------

type Family =
  | 'not JSON' | 'top-level type' | 'required fields' | 'unknown fields' | 'prototype keys' | 'types' | 'size' | 'depth'
  | 'Content-Length' | 'Content-Encoding' | 'Content-Type' | 'path parameters' | 'query';

interface Case {
  target: 'tables' | 'own';
  family: Family;
  service: Service;
  /** `POST /cbr/v3/{project_id}/vaults`. */
  route: string;
  input: string;
  served: boolean;
  style: Service | 'openstack';
  /** The operation an unserved route's 501 names. */
  operation: string;
  /** Words the refusal's message must hold. */
  names?: string;
  /** Exactly this status, when the family decides it. */
  status?: number;
  /** The project the path names (made before the case when valid). */
  project: string;
  send: (t: Target) => Promise<Answer>;
}

/** The record kind a path parameter names (`volume_id` an EVS disk), for a path that reaches a handler. */
const KIND_OF: Record<string, string> = { volume: 'disk', operation_log: 'task', copy: 'localCopy', instance: 'server' };

/** `path` with each `{name}` filled: the project, a record of its kind where the world has one, or `overrides`' raw text. */
function fill(t: Target, path: string, overrides: Record<string, string> = {}): string {
  const sim = t.projects.default.session.simulation;
  return path.replace(/\{([a-z_]+)\}/g, (_m, name: string) => {
    if (name in overrides) return overrides[name]!;
    if (name === 'project_id') return PROJECT;
    const stem = name.replace(/_id$/, '');
    const kind = KIND_OF[stem] ?? stem;
    try {
      const found = (sim.list as (k: string) => SimRecord[])(kind)[0];
      if (found) return encodeURIComponent(found.id);
    } catch {
      // no such kind: any id will do
    }
    return `sim-missing-${stem}`;
  });
}

const PATH_JUNK: [string, string][] = [
  ['a broken %-escape', '%E0%A4%A'],
  ['a lone %', '%'],
  ['%00', '%00'],
  ['..', '..'],
  ['.', '.'],
  ['%2e%2e', '%2e%2e'],
  ['an encoded slash climbing out', '..%2F..%2Fetc%2Fpasswd'],
  ['an id of 5,000 characters', 'i'.repeat(5_000)],
  ['an encoded lone surrogate', '%ED%A0%80'],
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
];

const cases: Case[] = [];

function addRoute(target: Case['target'], table: ServiceTable, r: Route | Unserved, served: boolean): void {
  const route = `${r.method} /${table.service}${r.path}`;
  const style: Case['style'] = served && (r as Route).errorStyle === 'openstack' ? 'openstack' : table.service;
  const bodySchema = served ? (r as Route).body : undefined;
  const querySchema = served ? (r as Route).query : undefined;
  const base = bodySchema ? example(bodySchema) : undefined;
  const baseText = base === undefined ? (r.method === 'GET' || r.method === 'DELETE' ? undefined : '{}') : JSON.stringify(base);
  const add = (family: Family, input: string, sendIt: (t: Target) => Promise<Answer>, extra: Partial<Case> = {}): void => {
    cases.push({ target, family, service: table.service, route, input, served, style, operation: r.operation, project: PROJECT, send: sendIt, ...extra });
  };
  const to = (o: { body?: string | Buffer; headers?: Record<string, string>; query?: string }) => (t: Target) =>
    send(t.port, { method: r.method, path: `/${table.service}${fill(t, r.path)}${o.query ?? ''}`, ...(o.body !== undefined ? { body: o.body } : {}), headers: o.headers ?? {} });

  // not JSON (any route: a body is parsed before anything else looks at it)
  for (const [name, text] of [['a cut-off object', '{"a":'], ['not JSON at all', '{not json'], ['single quotes', "{'a':1}"], ['NaN', '{"a":NaN}'], ['trailing garbage', '{}x'], ['invalid UTF-8 bytes', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])]] as const) {
    add('not JSON', name, to({ body: text }), { status: 400, names: 'JSON' });
  }
  // size: long strings, too many values, a body over the limit (64 KB)
  add('size', 'a string of 5,000 characters', to({ body: JSON.stringify({ name: 'x'.repeat(5_000) }) }), { status: 400, names: '5000 characters' });
  add('size', 'a key of 200 characters', to({ body: JSON.stringify({ ['k'.repeat(200)]: 1 }) }), { status: 400, names: '200 characters' });
  add('size', '6,000 values', to({ body: JSON.stringify({ items: Array(6_000).fill(0) }) }), { status: 400, names: 'more than' });
  add('size', 'a 70 KB body', to({ body: JSON.stringify({ name: 'x'.repeat(70_000) }) }), { status: 413 });
  // depth
  add('depth', '13 nested objects', to({ body: deepObjects(13) }), { status: 400, names: 'nests deeper' });
  add('depth', '10,000 nested arrays', to({ body: deepArrays(10_000) }), { status: 400, names: 'nests deeper' });
  add('depth', '10,000 nested objects', to({ body: deepObjects(10_000) }), { status: 400, names: 'nests deeper' });
  // transport: a Content-Length of 10^12, compressed bodies, types that are not JSON
  add('Content-Length', 'Content-Length: 10^12 with a short body', to({ body: baseText ?? '{}', headers: { 'content-length': '1000000000000' } }), { status: 413 });
  add('Content-Encoding', 'the body gzipped', to({ body: gzipSync(Buffer.from(baseText ?? '{}')), headers: { 'content-encoding': 'gzip' } }), { status: 415 });
  add('Content-Encoding', 'a gzip bomb (10 MB of zeros)', to({ body: gzipSync(Buffer.from(`{"a":"${'0'.repeat(10_000_000)}"}`)), headers: { 'content-encoding': 'gzip' } }), { status: 415 });
  add('Content-Encoding', 'an unknown encoding', to({ body: baseText ?? '{}', headers: { 'content-encoding': 'xz' } }), { status: 415 });
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '']) {
    add('Content-Type', `the body as ${JSON.stringify(type)}`, to({ body: baseText ?? '{}', headers: { 'content-type': type } }), { status: 415 });
  }
  add('Content-Type', 'a body with no Content-Type', (t) => {
    const body = baseText ?? '{}';
    return rawTcp(t.port, `${r.method} /${table.service}${fill(t, r.path)} HTTP/1.1\r\nHost: 127.0.0.1:${t.port}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }, { status: 415 });

  // path parameters: junk in each, the rest as a handler would take it (the valid body, if any)
  for (const name of [...r.path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!)) {
    for (const [what, junk] of PATH_JUNK) {
      if (name === 'project_id' && (junk === '__proto__' || junk === 'constructor')) continue; // valid project names
      const project = name === 'project_id' ? junk : PROJECT;
      add('path parameters', `${name} as ${what}`, (t) => send(t.port, { method: r.method, path: `/${table.service}${fill(t, r.path, { [name]: junk })}`, ...(baseText !== undefined ? { body: baseText } : {}) }), { project });
    }
  }

  // query: each field that takes one value, repeated 300 times (a request line within node's 16 KB
  // of headers: past it node answers 431 before any route); an unknown key where none is allowed
  if (querySchema) {
    for (const [key, prop] of Object.entries((querySchema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      const types = Array.isArray(prop.type) ? prop.type : [prop.type];
      if (types.includes('array') || prop.type === undefined) continue;
      add('query', `${key} repeated 300 times`, to({ query: `?${Array(300).fill(`${encodeURIComponent(key)}=1`).join('&')}` }), { status: 400, names: key });
    }
    if (querySchema.additionalProperties === false) add('query', 'an unknown key', to({ query: '?sim_unknown=1' }), { status: 400, names: 'sim_unknown' });
  }

  // the body's schema: the wrong type at the top, then one thing wrong at a time
  // (Only where the schema names its top type, and only from an example it accepts: a schema the
  // example maker cannot satisfy, a pattern it cannot guess, gets the families above and no more.)
  if (bodySchema && bodySchema.type !== undefined) {
    const top = [bodySchema.type].flat();
    for (const [name, text] of [['an array', '[]'], ['a string', '"text"'], ['a number', '7'], ['true', 'true'], ['null', 'null'], ['an object', '{}']] as const) {
      const kind = name === 'an array' ? 'array' : name === 'a string' ? 'string' : name === 'a number' ? 'number' : name === 'true' ? 'boolean' : name === 'null' ? 'null' : 'object';
      if (top.includes(kind) || (kind === 'number' && top.includes('integer'))) continue;
      add('top-level type', `the body is ${name}`, to({ body: text }), { status: 400, names: 'the body must be' });
    }
  }
  if (bodySchema && fits(bodySchema, base)) {
    for (const m of mutations(bodySchema, base)) {
      const family: Family = /dropped$/.test(m.input) ? 'required fields' : /"(__proto__|constructor)" key/.test(m.input) ? 'prototype keys' : /unknown key/.test(m.input) ? 'unknown fields' : /maxLength/.test(m.input) ? 'size' : 'types';
      add(family, m.input, to({ body: m.text }), { status: 400, ...(m.names ? { names: m.names } : {}) });
    }
  }
}

/**
 * An operation not served on the very path (method and pattern) of a served route, told apart
 * only by its body (ECS's `reboot` beside `os-start` on `…/cloudservers/action`): the served route
 * reads the request first, so malformed input gets its refusals; a well-formed one its 501.
 */
function shadowing(table: ServiceTable, u: Unserved): Route | undefined {
  return table.routes.find((r) => r.method === u.method && r.path === u.path);
}

for (const [target, tables] of [['tables', SERVICE_TABLES], ['own', fixtureTables]] as const) {
  for (const table of tables) {
    for (const r of table.routes) addRoute(target, table, r, true);
    for (const u of table.unserved) if (!shadowing(table, u)) addRoute(target, table, u, false);
  }
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

/** Every project's journal seq and state (without its seq), by id. */
function world(t: Target): Map<string, { seq: number; state: string }> {
  return new Map(t.projects.list().map((p) => [p.id, { seq: p.session.seq, state: p.session.stateText().replace(/"seq":\d+,/, '') }]));
}

/**
 * Nothing changed: the same projects, each in the same state. A verb a handler ran and the
 * library refused is journaled, as every refusal is (the inspector shows it live), so the journal
 * may have grown by refusal records, and by the `request` record of the request itself (every
 * answered request of the service API is journaled), and by nothing else.
 */
function expectUnchanged(t: Target, before: ReturnType<typeof world>, said: string): void {
  const after = world(t);
  expect([...after.keys()], `${said}: the projects`).toEqual([...before.keys()]);
  for (const [id, was] of before) {
    const added = t.projects.get(id).session.simulation.journal().filter((r) => r.seq > was.seq);
    expect(added.filter((r) => r.type !== 'refusal' && r.type !== 'request').map((r) => `#${r.seq} ${r.type}`), `${said}: what project ${id} journaled`).toEqual([]);
    expect(after.get(id)!.state, `${said}: project ${id}'s state`).toBe(was.state);
  }
}

const CODE = /^(Sim\.[A-Za-z]+|APIGW\.\d{4}|[A-Za-z]+\.\d{4})$/;

/** The code and message of an error body in `style`, or a failure saying what the body is instead. */
function readError(style: Case['style'], status: number, body: any): { code: string; message: string } {
  const shown = JSON.stringify(body)?.slice(0, 300);
  switch (style) {
    case 'cbr':
      expect(body, `CBR's {error_code, error_msg}, not ${shown}`).toEqual({ error_code: expect.any(String), error_msg: expect.any(String) });
      return { code: body.error_code, message: body.error_msg };
    case 'ims':
    case 'evs':
      expect(body, `{error: {code, message}}, not ${shown}`).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      return body.error;
    case 'ecs':
      expect(body, `ECS's {error: {code, message, details}}, not ${shown}`).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: [{ code: body?.error?.code, message: body?.error?.message }] } });
      return body.error;
    case 'openstack': {
      expect(body !== null && typeof body === 'object' && Object.keys(body).length === 1, `an OpenStack fault, not ${shown}`).toBe(true);
      const fault = Object.values(body)[0] as { code: number; message: string };
      expect(fault, `{<fault>: {code, message}}, not ${shown}`).toEqual({ code: status, message: expect.any(String) });
      // The service's code rides at the head of the message (openstacksdk shows only the message).
      const code = /^([^:\s]+): /.exec(fault.message)?.[1] ?? '';
      return { code, message: fault.message };
    }
  }
}

function expectRefusal(c: Case, answer: Answer): void {
  const said = `${c.route}, ${c.input}: ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, said).toBeGreaterThanOrEqual(400);
  if (!c.served) {
    // Not served: its 501 naming it, or the body parser's refusal before any route is looked at.
    expect([413, 415, 501], said).toContain(answer.status);
  } else {
    expect(answer.status, said).toBeLessThan(500);
    if (c.status !== undefined) expect(answer.status, said).toBe(c.status);
  }
  // The gateway's refusals (a path no route takes, an operation not served) and the body parser's
  // are the service's own; everything the route decides is in the route's style.
  const gateway = answer.json?.error_code === 'APIGW.0101' || answer.json?.error?.code === 'APIGW.0101' || answer.status === 501;
  const { code, message } = readError(gateway ? c.service : c.style, answer.status, answer.json);
  expect(code, said).toMatch(CODE);
  expect(message.length, said).toBeGreaterThan(20);
  if (answer.status === 501) {
    expect(code).toBe('Sim.NotImplemented');
    expect(message).toContain(c.operation);
    return;
  }
  if (c.names !== undefined && answer.status === 400 && code === VALIDATION_CODES[c.service]) expect(message, said).toContain(c.names);
  if (c.status === 400 && c.names !== undefined) expect(code, said).toBe(VALIDATION_CODES[c.service]);
}

function nameOf(c: Case): string {
  return `${c.target === 'own' ? 'own table' : 'service table'}: ${c.family}: ${c.route}, ${c.input}, is refused in ${c.style === 'openstack' ? 'the OpenStack' : `${c.service.toUpperCase()}'s`} shape and changes nothing`;
}

describe('the services\' wire under malformed input (real listening servers)', () => {
  it('has cases of every family for its own tables, and for every route of the service tables', () => {
    const families = new Set(cases.filter((c) => c.target === 'own').map((c) => c.family));
    expect([...families].sort()).toEqual(['Content-Encoding', 'Content-Length', 'Content-Type', 'depth', 'not JSON', 'path parameters', 'prototype keys', 'query', 'required fields', 'size', 'top-level type', 'types', 'unknown fields']);
    for (const table of SERVICE_TABLES) {
      for (const r of [...table.routes, ...table.unserved.filter((u) => !shadowing(table, u))]) {
        expect(cases.some((c) => c.target === 'tables' && c.route === `${r.method} /${table.service}${r.path}`), `${r.method} /${table.service}${r.path}`).toBe(true);
      }
    }
    // The example body of each own schema is one it accepts (so each mutation has one thing wrong)…
    for (const table of fixtureTables) for (const r of table.routes.filter((x) => x.body)) expect(fits(r.body!, example(r.body)), r.operation).toBe(true);
    // …and every schema of the own tables yields one-thing-wrong bodies whose refusal must name the field.
    for (const table of fixtureTables) for (const r of table.routes.filter((x) => Array.isArray(x.body?.required) || Array.isArray((x.body?.items as { required?: unknown } | undefined)?.required))) {
      expect(cases.some((c) => c.target === 'own' && c.route === `${r.method} /${table.service}${r.path}` && c.family === 'required fields' && c.names), r.operation).toBe(true);
    }
  });

  it.for(cases.map((c) => ({ ...c, name: nameOf(c) })))('$name', { timeout: 30_000 }, async (c) => {
    const t = targets[c.target]!;
    // A project a GET may make on first use is made before, so that "changes nothing" is about the case.
    if (PROJECT_ID.test(c.project) && c.project === PROJECT) t.projects.get(c.project);
    const before = world(t);
    const answer = await c.send(t);
    expectRefusal(c, answer);
    expectUnchanged(t, before, `${c.route}, ${c.input}`);
  });

  it('never threw past the routers (no uncaught exception or unhandled rejection)', () => {
    expect(uncaught).toEqual([]);
  });
});
