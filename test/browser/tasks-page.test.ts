import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openInspector, serverApi, serverCommand, type Harness } from './support.js';

let h: Harness;

const api = (path: string, body?: unknown) => serverApi(h, path, body);
const command = (verb: string, ...args: unknown[]) => serverCommand(h, verb, ...args);

/** The progress bars' values of the Tasks table, top (newest) first. */
const progressValues = () => h.page.locator('[data-testid="tasks-table"] [data-testid="task-progress"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-valuenow'))));

let web: { id: string };
let db: { id: string; jobId: string };
let vault: { id: string };

beforeAll(async () => {
  h = await openInspector();
  const state = await api('/api/state');
  web = state.resources.find((r: any) => r.kind === 'server');
  db = await command('createServer', { name: 'db-01', os: 'linux', systemDiskGB: 40 });
  vault = await command('createVault', { name: 'vault-web', kind: 'server', resourceIds: [web.id] });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('the inspector\'s Tasks page, restore points and jobs', () => {
  it('backs a vault up from its row (Back Up Now), and the Tasks page shows the running backup with a progress bar that moves as the clock does', async () => {
    const { page } = h;
    await page.getByTestId(`row-${vault.id}`).waitFor();
    const backUp = page.getByTestId(`row-${vault.id}`).getByTestId('action-backupVault');
    await expect.poll(() => backUp.isEnabled(), { timeout: 10_000 }).toBe(true);
    await backUp.click();
    await page.getByTestId('console-tab-tasks').click();
    const table = page.getByTestId('tasks-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    const row = table.locator('tbody tr').first();
    expect(await row.getByTestId('task-type').textContent()).toBe('Backup');
    expect(await row.getByTestId('status').textContent()).toContain('Running');
    expect(await row.textContent()).toContain('web-01');
    const [before] = await progressValues();
    // Ten minutes of a backup of 140 GB: it moves, and it still runs.
    await page.getByTestId('advance-10m').click();
    await expect.poll(async () => (await progressValues())[0], { timeout: 10_000 }).toBeGreaterThan(before!);
    const [after] = await progressValues();
    expect(after).toBeLessThan(100);
    expect(await row.getByTestId('status').textContent()).toContain('Running');
    await page.screenshot({ path: `${ARTIFACTS}tasks-page.png` });
  }, 60_000);

  it('is not redrawn while its tab is hidden, and shows the progress as it is now when the tab is opened', async () => {
    const { page } = h;
    await page.getByTestId('console-tab-tasks').click();
    const [before] = await progressValues();
    await page.getByTestId('console-tab-resources').click();
    const shown = await page.getByTestId('clock').textContent();
    await page.getByTestId('advance-1m').click();
    // The batch has reached the page (the clock it shows moved); the hidden bar stayed where it was.
    await expect.poll(() => page.getByTestId('clock').textContent(), { timeout: 10_000 }).not.toBe(shown);
    expect((await progressValues())[0]).toBe(before);
    await page.getByTestId('console-tab-tasks').click();
    await expect.poll(async () => (await progressValues())[0], { timeout: 10_000 }).toBeGreaterThan(before!);
  }, 30_000);

  it('shows a skipped task\'s code and message, a failed one\'s, newest first, and filters them by status and type', async () => {
    const { page } = h;
    // web-01's backup still runs: a Back Up Now of both servers skips it and backs db-01 up.
    await command('addVaultResources', vault.id, [db.id]);
    const checkpoint = await command('backupVault', vault.id);
    expect(checkpoint.skipped.map((s: any) => s.code)).toEqual(['BackupService.6125']);
    await command('failNext', 'backup');
    await command('advance', '2h');
    await command('backupVault', vault.id, { resourceIds: [db.id] });
    await command('advance', '3h');
    const table = page.getByTestId('tasks-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(4);
    // Newest first: the failed backup of db-01 (once the advance's batch has come), then the skipped one of web-01.
    const first = table.locator('tbody tr').nth(0);
    await expect.poll(() => first.getByTestId('status').textContent(), { timeout: 10_000 }).toContain('Failed');
    expect(await first.getByTestId('task-error-code').textContent()).toBe('Sim.BackupFailed');
    const skipped = table.locator('tbody tr', { hasText: 'Skipped' });
    expect(await skipped.getByTestId('task-error-code').textContent()).toBe('BackupService.6125');
    expect(await skipped.getByTestId('task-error-message').textContent()).toMatch(/already being backed up/);
    expect(await skipped.textContent()).toContain('web-01');
    await page.getByTestId('tasks-status').selectOption('failed');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('tasks-count').textContent()).toMatch(/1 shown · 4/);
    await page.getByTestId('tasks-status').selectOption('');
    await page.getByTestId('tasks-type').selectOption('restore');
    await expect.poll(() => page.getByTestId('tasks-table').isHidden()).toBe(true);
    await page.getByTestId('tasks-type').selectOption('');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
  }, 60_000);

  it('selects a task: its record in the selection panel, and no chart (a task is no actor)', async () => {
    const { page } = h;
    const row = page.getByTestId('tasks-table').locator('tbody tr', { hasText: 'Skipped' });
    const id = await row.getAttribute('data-id');
    await row.click();
    await expect.poll(() => page.getByTestId('selection').textContent(), { timeout: 10_000 }).toContain(id!);
    expect(await page.getByTestId('selection').locator('.kind-badge').textContent()).toBe('task');
    expect(await page.getByTestId('selection-no-actor').count()).toBe(1);
    expect(await page.getByTestId('statechart-caption').textContent()).toMatch(/task · no chart/);
    expect(await page.locator('#statechart-wrapper svg').count()).toBe(0);
    expect(h.errors).toEqual([]);
  }, 30_000);

  it('lists the restore points with their vault, backups and skipped resources, and selects one', async () => {
    const { page } = h;
    await page.getByTestId('console-tab-checkpoints').click();
    const table = page.getByTestId('checkpoints-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(3);
    const withSkip = table.locator('tbody tr', { has: page.getByTestId('checkpoint-skipped') });
    expect(await withSkip.getByTestId('checkpoint-skipped').textContent()).toContain('BackupService.6125');
    expect(await withSkip.getByTestId('checkpoint-backups').textContent()).toBe('1');
    expect(await withSkip.textContent()).toContain('vault-web');
    const id = await withSkip.getAttribute('data-id');
    await withSkip.click();
    await expect.poll(() => page.getByTestId('selection').locator('.kind-badge').textContent(), { timeout: 10_000 }).toBe('checkpoint');
    expect(await page.locator('#snapshot-caption').textContent()).toBe(`checkpoint ${id}`);
    expect(await page.getByTestId('statechart-caption').textContent()).toMatch(/restore point · no chart/);
  }, 30_000);

  it('lists the jobs, and selecting one draws the job chart with its state lit', async () => {
    const { page } = h;
    await page.getByTestId('console-tab-jobs').click();
    const row = page.getByTestId(`row-${db.jobId}`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toMatch(/ECS · server db-01 · 1 sub-job/);
    await row.click();
    await expect.poll(() => page.getByTestId('statechart').getAttribute('data-kind'), { timeout: 10_000 }).toBe('job');
    await expect.poll(() => page.locator('[data-testid="statechart"] g.active').evaluateAll((els) => els.map((e) => e.id)), { timeout: 10_000 }).toContain('state-job.SUCCESS');
    await expect.poll(() => page.getByTestId('selection').locator('.kind-badge').textContent(), { timeout: 10_000 }).toBe('job');
  }, 30_000);

  it('filters the timeline to the tasks\' records', async () => {
    const { page } = h;
    await page.getByTestId('timeline-kind').selectOption('task');
    const rows = page.locator('[data-testid="timeline-rows"] .tl-row');
    await expect.poll(async () => {
      const res = await rows.evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { res?: string } }).dataset.res ?? ''));
      return res.length > 0 && res.every((id) => id.startsWith('task-'));
    }, { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('timeline-count').textContent()).toMatch(/^[1-9]\d* matching/);
    await page.getByTestId('timeline-kind').selectOption('');
    await expect.poll(async () => (await rows.evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { res?: string } }).dataset.res ?? ''))).some((id) => !id.startsWith('task-'))).toBe(true);
    expect(h.errors).toEqual([]);
    expect(h.outside).toEqual([]);
  }, 30_000);
});
