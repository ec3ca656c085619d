/**
 * What cbr-sim serves of each service (src/api/coverage.ts): the list made from the route tables,
 * `GET /api/coverage`, and the README's table, which must be the one the tables make.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COVERAGE_MARKERS, coverage, coverageMarkdown, markedSection, NOT_SERVED, operations, withSection } from '../../src/api/coverage.js';
import { SERVICE_TABLES } from '../../src/api/services.js';
import { ApiError } from '../../src/api/errors.js';
import { translator } from '../../src/api/translate.js';
import type { ServiceTable } from '../../src/api/route.js';
import { raw, startServer } from './support/server.js';
import { send } from '../server/fuzz-helpers.js';

const ok = () => ({ status: 200 });
const tables: ServiceTable[] = [
  {
    service: 'cbr',
    routes: [
      { operation: 'showBackup', method: 'GET', path: '/v3/{project_id}/backups/{backup_id}', summary: 'A backup by id.', handle: ok },
      { operation: 'deleteBackup', method: 'DELETE', path: '/v3/{project_id}/backups/{backup_id}', summary: 'Deletes a backup | its children\ntoo.', handle: ok },
    ],
    unserved: [{ operation: 'deleteVault', method: 'DELETE', path: '/v3/{project_id}/vaults/{vault_id}' }],
    translate: translator({}, (_r, e) => new ApiError(404, 'BackupService.6200', e.message)),
  },
  {
    service: 'ecs',
    routes: [{ operation: 'novaShowServer', method: 'GET', path: '/v2.1/{project_id}/servers/{server_id}', summary: 'A server, the Nova way.', errorStyle: 'openstack', handle: ok }],
    unserved: [],
    translate: translator({}, (_r, e) => new ApiError(404, 'Ecs.0114', e.message)),
  },
];

describe('the coverage of the route tables', () => {
  it('lists each route with its prefix, served, then each operation not served', () => {
    expect(operations(tables)).toEqual([
      { service: 'cbr', operation: 'showBackup', method: 'GET', path: '/cbr/v3/{project_id}/backups/{backup_id}', summary: 'A backup by id.', served: true },
      { service: 'cbr', operation: 'deleteBackup', method: 'DELETE', path: '/cbr/v3/{project_id}/backups/{backup_id}', summary: 'Deletes a backup | its children\ntoo.', served: true },
      { service: 'cbr', operation: 'deleteVault', method: 'DELETE', path: '/cbr/v3/{project_id}/vaults/{vault_id}', summary: NOT_SERVED, served: false },
      { service: 'ecs', operation: 'novaShowServer', method: 'GET', path: '/ecs/v2.1/{project_id}/servers/{server_id}', summary: 'A server, the Nova way.', served: true, errorStyle: 'openstack' },
    ]);
  });

  it('counts what each service serves and does not', () => {
    expect(coverage(tables).services).toEqual({ cbr: { served: 2, unserved: 1 }, ecs: { served: 1, unserved: 0 } });
    const all = coverage();
    expect(Object.keys(all.services)).toEqual(SERVICE_TABLES.map((t) => t.service));
    for (const t of SERVICE_TABLES) expect(all.services[t.service]).toEqual({ served: t.routes.length, unserved: t.unserved.length });
    expect(all.operations).toHaveLength(SERVICE_TABLES.reduce((n, t) => n + t.routes.length + t.unserved.length, 0));
  });

  it('makes a Markdown table of the routes served, a cell\'s | and line breaks escaped, and names the operations answered 501', () => {
    const md = coverageMarkdown(tables);
    const lines = md.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '| service | operation | method and path | what it does |',
      '| --- | --- | --- | --- |',
      '| CBR | `showBackup` | `GET /cbr/v3/{project_id}/backups/{backup_id}` | A backup by id. |',
      '| CBR | `deleteBackup` | `DELETE /cbr/v3/{project_id}/backups/{backup_id}` | Deletes a backup \\| its children too. |',
      '| ECS | `novaShowServer` | `GET /ecs/v2.1/{project_id}/servers/{server_id}` | A server, the Nova way. (OpenStack error bodies) |',
    ]);
    expect(md).toContain('CBR 2 served, 1 answered 501; ECS 1 served, 0 answered 501.');
    expect(md).toContain('Answered 501 by CBR (the SDK has them, cbr-sim does not serve them yet): `deleteVault`.');
    expect(md).not.toContain('Answered 501 by ECS');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('finds the section between the markers, and none when a marker is missing', () => {
    const text = `# T\n\n${COVERAGE_MARKERS.start}\nold\n${COVERAGE_MARKERS.end}\nafter\n`;
    expect(markedSection(text)).toBe('old\n');
    expect(withSection(text, 'new\n')).toBe(`# T\n\n${COVERAGE_MARKERS.start}\nnew\n${COVERAGE_MARKERS.end}\nafter\n`);
    expect(markedSection('# T\n\nno table here\n')).toBeNull();
    expect(markedSection(`${COVERAGE_MARKERS.end}\n${COVERAGE_MARKERS.start}\n`)).toBeNull();
    expect(withSection(`only ${COVERAGE_MARKERS.start}`, 'new\n')).toBeNull();
  });
});

describe('the README', () => {
  it('has the coverage table the route tables make (node scripts/coverage-table.mjs --write brings it up to date)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = markedSection(readme);
    expect(section, `README.md needs the markers ${COVERAGE_MARKERS.start} and ${COVERAGE_MARKERS.end} around its coverage table`).not.toBeNull();
    expect(section, 'the README\'s coverage table is not the route tables\'; run node scripts/coverage-table.mjs --write').toBe(coverageMarkdown());
  });
});

describe('GET /api/coverage', () => {
  let served: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    served = await startServer();
  });
  afterAll(() => served.close());

  it('answers the coverage of the tables the server serves', async () => {
    const answer = await raw(served.base, 'GET', '/api/coverage');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(coverage(SERVICE_TABLES))));
    expect(Object.keys(answer.body.services)).toEqual(['cbr', 'ims', 'ecs', 'evs']);
  });

  it('lists exactly the operations the router serves: each served one is routed, each other one answers its 501', async () => {
    const { body } = await raw(served.base, 'GET', '/api/coverage');
    const operations = body.operations as { method: string; path: string; served: boolean; operation: string }[];
    // An operation not served on the very path of a served one (ECS's reboot beside os-start) is
    // told apart by its body: the served route reads a malformed one first.
    const shadowed = (o: { method: string; path: string; served: boolean }): boolean => !o.served && operations.some((x) => x.served && x.method === o.method && x.path === o.path);
    for (const o of operations) {
      const path = o.path.replace(/\{project_id\}/g, 'default').replace(/\{[a-z_]+\}/g, 'sim-missing-1');
      // A body that is not JSON: refused by a route (400), or the 501 of an operation not served; never the gateway's 404.
      const answer = await send(served.port, { method: o.method, path, body: '{not json' });
      if (o.served) expect([400, 413, 415], `${o.method} ${o.path}`).toContain(answer.status);
      else if (shadowed(o)) expect(answer.status, `${o.method} ${o.path}`).toBe(400);
      else expect(answer.status, `${o.method} ${o.path}`).toBe(501);
    }
    const none = await raw(served.base, 'GET', '/cbr/v9/nothing-here');
    expect(none.status).toBe(404);
  });
});
