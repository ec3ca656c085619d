/**
 * The service API's requests in the inspector's timeline: each one a row ("POST /cbr/v3/… → 200",
 * "GET … → 404 BackupService.6200"), live as it is answered, with a filter of its own. The server
 * serves a route table of this file's own, so nothing here depends on the services' tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { translator } from '../../src/api/translate.js';
import type { ServiceTable } from '../../src/api/route.js';
import { raw } from '../api/support/server.js';
import { ARTIFACTS, openInspector, type Harness } from './support.js';

const table: ServiceTable = {
  service: 'cbr',
  routes: [
    {
      operation: 'showThing', method: 'GET', path: '/v3/{project_id}/things/{thing_id}', summary: 'a record',
      handle: (req) => ({ status: 200, body: { thing: req.project.session.simulation.get(req.params.thing_id!) } }),
    },
    {
      operation: 'createThing', method: 'POST', path: '/v3/{project_id}/things', summary: 'a server',
      handle: async (req) => ({ status: 200, body: { thing: await req.perform('createServer', { name: 'api-made', os: 'linux', systemDiskGB: 40 }) } }),
    },
  ],
  unserved: [],
  translate: translator({}, (_route, e) => new ApiError(404, 'BackupService.6200', e.message)),
};

let h: Harness;

beforeAll(async () => {
  h = await openInspector('seed-000-backup-to-image', { viewport: { width: 1440, height: 900 }, serve: { tables: [table] } });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const requestRows = () => h.page.locator('[data-testid="timeline-rows"] .tl-row[data-type="request"]');

describe('the timeline\'s API requests', () => {
  it('shows each request of the default project as it is answered: method, path, status and code', async () => {
    const { page } = h;
    await page.getByTestId('console').waitFor();
    const base = h.served.url.replace(/\/$/, '');
    const made = await raw(base, 'POST', '/cbr/v3/default/things', { body: '{}' });
    expect(made.status).toBe(200);
    expect((await raw(base, 'GET', '/cbr/v3/default/things/sv-000000000000')).status).toBe(404);
    await expect.poll(() => requestRows().allTextContents(), { timeout: 10_000 }).toEqual([
      expect.stringContaining('POST /cbr/v3/default/things → 200'),
      expect.stringContaining('GET /cbr/v3/default/things/sv-000000000000 → 404 BackupService.6200'),
    ]);
    expect(await requestRows().first().locator('.type-badge').textContent()).toBe('request');
    // The command it ran comes before it, as the journal has them.
    const seqs = await page.locator('[data-testid="timeline-rows"] .tl-row[data-seq]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-type'), e.textContent ?? '']));
    const command = seqs.findIndex(([type, text]) => type === 'command' && text.includes('createServer'));
    const request = seqs.findIndex(([type]) => type === 'request');
    expect(command).toBeGreaterThanOrEqual(0);
    expect(command).toBeLessThan(request);
    await page.locator('#timeline-scroll').screenshot({ path: `${ARTIFACTS}timeline-api-requests.png` });
  }, 30_000);

  it('hides and shows them with their filter, and finds them by an id in their path', async () => {
    const { page } = h;
    await page.getByTestId('timeline-type-request').uncheck();
    await expect.poll(() => requestRows().count(), { timeout: 10_000 }).toBe(0);
    // The rest of the journal is still there.
    expect(await page.locator('[data-testid="timeline-rows"] .tl-row[data-type="command"]').count()).toBeGreaterThan(0);
    await page.getByTestId('timeline-type-request').check();
    await expect.poll(() => requestRows().count(), { timeout: 10_000 }).toBe(2);
    await page.getByTestId('timeline-filter').fill('sv-000000000000');
    await expect.poll(() => page.locator('[data-testid="timeline-rows"] .tl-row[data-seq]').evaluateAll((els) => els.map((e) => e.getAttribute('data-type'))), { timeout: 10_000 }).toEqual(['request']);
    await page.getByTestId('timeline-filter').fill('');
    expect(h.errors).toEqual([]);
  }, 30_000);
});
