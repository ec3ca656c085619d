import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInspector, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await openInspector('seed-000-backup-to-image', { viewport: { width: 1440, height: 900 } });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('the inspector\'s notices', () => {
  it('clears a refused upload\'s notice when a valid upload supersedes it', async () => {
    const { page } = h;
    await page.getByTestId('console').waitFor();
    await page.getByTestId('scenario-file').setInputFiles({ name: 'bad.yaml', mimeType: 'text/yaml', buffer: Buffer.from('id: bad\ntitle: 3\n') });
    const refusal = page.getByTestId('refusal');
    await expect.poll(() => refusal.isVisible(), { timeout: 10_000 }).toBe(true);
    const good = ['id: my-own', 'title: My own scenario', 'narrative: One server, one backup.', 'rules: [B1]', 'setup:', '  servers:', '    - as: app', 'steps:', '  - do: backupServer', '    server: app', '    as: b1', ''].join('\n');
    await page.getByTestId('scenario-file').setInputFiles({ name: 'good.yaml', mimeType: 'text/yaml', buffer: Buffer.from(good) });
    await expect.poll(() => page.getByTestId('scenario-title').textContent(), { timeout: 10_000 }).toBe('My own scenario');
    expect(await refusal.isVisible()).toBe(false);
  }, 30_000);

  it('says the world now differs from the script when a console action runs before Step', async () => {
    const { page } = h;
    await page.getByTestId('scenario-select').selectOption('seed-000-backup-to-image');
    await page.getByTestId('scenario-load').click();
    await expect.poll(() => page.getByTestId('scenario-title').textContent(), { timeout: 10_000 }).toBe('Using a backup to create an image');
    const server = (await (await fetch(new URL('/api/state', h.served.url))).json() as { resources: { kind: string; id: string }[] }).resources.find((r) => r.kind === 'server')!;
    await page.getByTestId(`row-${server.id}`).getByTestId('action-backupServer').click();
    const script = page.getByTestId('scenario-script');
    await expect.poll(() => script.textContent(), { timeout: 10_000 }).toMatch(/differs from the script: backupServer was run by hand/);
    // Loading the scenario again puts the world back on its script.
    await page.getByTestId('scenario-load').click();
    await expect.poll(() => script.isHidden(), { timeout: 10_000 }).toBe(true);
  }, 30_000);

  it('clears a refusal when the next step runs', async () => {
    const { page } = h;
    const server = (await (await fetch(new URL('/api/state', h.served.url))).json() as { resources: { kind: string; id: string }[] }).resources.find((r) => r.kind === 'server')!;
    await page.getByTestId(`row-${server.id}`).click();
    await page.getByTestId('try-startServer').click();
    const refusal = page.getByTestId('refusal');
    await expect.poll(() => refusal.isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('scenario-step').click();
    await expect.poll(() => refusal.isVisible(), { timeout: 10_000 }).toBe(false);
  }, 30_000);
});
