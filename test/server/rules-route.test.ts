/** GET /api/rules: the rule catalogue, as the inspector's page reads it, from a real listening server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../../src/server/serve.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { CSP } from '../../src/server/app.js';
import { RULES } from '../../src/rules/catalogue.js';

let served: Served;

beforeAll(async () => {
  served = await serve({ scenario: SCENARIOS.find((s) => s.id === 'i7-backup-with-image-cannot-be-deleted')!, port: 0 });
});
afterAll(async () => {
  await served.close();
});

const get = (path: string, init?: RequestInit) => fetch(new URL(path, served.url), init);

describe('GET /api/rules', () => {
  it('answers the whole catalogue as JSON, with the headers every answer carries', async () => {
    const res = await get('/api/rules');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const rules = (await res.json()) as { id: string; title: string; statement: string; codes: string[]; modelled: boolean }[];
    expect(rules).toEqual(JSON.parse(JSON.stringify(RULES)));
    expect(rules.find((r) => r.id === 'I7')).toMatchObject({ title: 'Delete the Image Before the Backup', codes: ['BackupService.6204'], modelled: true });
  });

  it('is the same whatever the world does, and is only read', async () => {
    const before = await (await get('/api/rules')).text();
    await get('/api/commands', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verb: 'advance', args: ['1d'] }) });
    expect(await (await get('/api/rules')).text()).toBe(before);
    const post = await get('/api/rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(404);
    expect(await post.json()).toMatchObject({ code: 'Sim.NotFound', message: 'No route POST /api/rules.' });
  });
});
