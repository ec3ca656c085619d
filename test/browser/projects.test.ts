/**
 * The inspector on one project at a time, in Debian Chromium: `/?project=trainee-1` shows that
 * project's world (live too), the header's picker lists the projects and switches the page to
 * another, and the header stays one line at 1024 px with the picker in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openInspector, serverApi, type Harness } from './support.js';

let h: Harness;

const consoleText = () => h.page.getByTestId('console').textContent();

beforeAll(async () => {
  h = await openInspector('seed-000-backup-to-image', { path: '/?project=trainee-1', viewport: { width: 1024, height: 768 } });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('the inspector on a project', () => {
  it('shows the project the address names, empty at first, not the default world', async () => {
    const { page } = h;
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
    await expect.poll(() => page.getByTestId('scenario-title').textContent(), { timeout: 10_000 }).toBe('Project trainee-1');
    expect(await consoleText()).not.toContain('web-01');
    expect(await page.getByTestId('project-select').inputValue()).toBe('trainee-1');
  }, 30_000);

  it('shows what is made in that project as it is made, and nothing made in another', async () => {
    await serverApi(h, '/api/commands?project=trainee-1', { verb: 'createServer', args: [{ name: 'trainee-web', os: 'linux', systemDiskGB: 40 }] });
    await serverApi(h, '/api/commands', { verb: 'createServer', args: [{ name: 'default-only', os: 'linux', systemDiskGB: 40 }] });
    await expect.poll(consoleText, { timeout: 10_000 }).toContain('trainee-web');
    // The default project's server was made before this one was shown: had it come, it would be here.
    expect(await consoleText()).not.toContain('default-only');
  }, 30_000);

  it('moves that project\'s clock from the header, and no other', async () => {
    const { page } = h;
    const before = (await serverApi(h, '/api/projects')).projects as { id: string; now: string }[];
    await page.getByTestId('advance-1d').click();
    await expect.poll(async () => ((await serverApi(h, '/api/projects')).projects as { id: string; now: string }[]).find((p) => p.id === 'trainee-1')!.now, { timeout: 10_000 })
      .toBe(new Date(Date.parse(before.find((p) => p.id === 'trainee-1')!.now) + 86_400_000).toISOString());
    const after = (await serverApi(h, '/api/projects')).projects as { id: string; now: string }[];
    expect(after.find((p) => p.id === 'default')!.now).toBe(before.find((p) => p.id === 'default')!.now);
  }, 30_000);

  it('keeps the header on one line at 1024 px with the picker in it, and the teaching view\'s link on the project', async () => {
    const { page } = h;
    const box = await page.getByTestId('header').boundingBox();
    expect(box!.height).toBeLessThanOrEqual(50);
    const picker = await page.getByTestId('project-select').boundingBox();
    expect(picker!.y + picker!.height).toBeLessThanOrEqual(box!.y + box!.height);
    expect(await page.getByTestId('view-switch').getAttribute('href')).toBe('?view=teach&project=trainee-1');
    await page.screenshot({ path: `${ARTIFACTS}projects-header.png`, clip: { x: 0, y: 0, width: 1024, height: box!.height } });
  }, 30_000);

  it('lists the projects in the picker, and switching opens the page on the one chosen', async () => {
    const { page } = h;
    // Made by a service client meanwhile: listed once the picker is opened again.
    await serverApi(h, '/api/state?project=trainee-2');
    await page.getByTestId('project-select').focus();
    await expect.poll(() => page.getByTestId('project-select').locator('option').allTextContents(), { timeout: 10_000 }).toEqual(['default', 'trainee-1', 'trainee-2']);
    await page.getByTestId('project-select').selectOption('default');
    await page.waitForURL((url) => url.search === '', { timeout: 10_000 });
    await expect.poll(consoleText, { timeout: 10_000 }).toContain('web-01');
    expect(await consoleText()).toContain('default-only');
    expect(await consoleText()).not.toContain('trainee-web');
    expect(await page.getByTestId('project-select').inputValue()).toBe('default');
    await page.getByTestId('project-select').selectOption('trainee-2');
    await page.waitForURL((url) => url.search === '?project=trainee-2', { timeout: 10_000 });
    await expect.poll(() => page.getByTestId('scenario-title').textContent(), { timeout: 10_000 }).toBe('Project trainee-2');
  }, 60_000);

  it('opens the teaching view on the project, and goes back to the full view on it', async () => {
    const { page } = h;
    await page.getByTestId('view-switch').click();
    await page.waitForURL((url) => url.search === '?view=teach&project=trainee-2', { timeout: 10_000 });
    await expect.poll(() => page.getByTestId('teach-title').textContent(), { timeout: 10_000 }).toBe('Project trainee-2');
    expect(await page.getByTestId('view-full').getAttribute('href')).toBe('?project=trainee-2');
    expect(h.outside).toEqual([]);
    expect(h.errors).toEqual([]);
  }, 30_000);
});
