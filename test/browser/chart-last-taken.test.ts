/**
 * The chart's "last taken" mark in a real browser, when the page's requests race the world: the
 * selected resource's detail that was answered before a step must not take the chart back to the
 * state before it, nor lose the transition the live records showed it take.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MACHINES } from '../../src/sim/world.js';
import { toStatechartGraph } from '../../src/diagram/index.js';
import { openInspector, stepScenario, stepUntilBackup, type Harness, type ListedBackup } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await openInspector();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const stepUntil = (done: (b: ListedBackup) => boolean) => stepUntilBackup(h, done);

const activeStates = () => h.page.locator('[data-testid="statechart"] g.state.active').evaluateAll((els) => els.map((e) => e.id));
const lastTaken = () => h.page.locator('[data-testid="statechart"] text.last[data-edge]').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')));

describe('the chart\'s last-taken mark', () => {
  it('keeps the transition into Deleted when a detail answered while the backup was Deleting arrives after it', async () => {
    const { page } = h;
    const b = await stepUntil((x) => x.status === 'available' && x.imageId === null);
    await page.getByTestId(`row-${b.id}`).click();
    await expect.poll(() => page.getByTestId('selection-value').textContent(), { timeout: 10_000 }).toContain('lifecycle.available');

    // The next detail the page asks for is answered at once (the world as it is then) but handed
    // to the page only after the following step has been shown live.
    let asked!: () => void;
    const requested = new Promise<void>((resolve) => (asked = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    await page.route(/\/api\/resources\//, async (route) => {
      if (!first) return route.continue();
      first = false;
      const response = await route.fetch();
      asked();
      await held;
      await route.fulfill({ response });
    });

    await stepScenario(h); // deleteBackup: Deleting
    await requested;
    await stepUntil((x) => x.status === 'deleted');
    await expect.poll(activeStates, { timeout: 10_000 }).toContain('state-backup.lifecycle.deleted');
    release();

    // The stale detail (Deleting) came, then the fresh one (Deleted): the chart shows Deleted and
    // still marks the line it took there.
    await expect.poll(() => page.getByTestId('selection-value').textContent(), { timeout: 10_000 }).toContain('lifecycle.deleted');
    const intoDeleted = toStatechartGraph(MACHINES.backup).edges.filter((e) => e.target === 'backup.lifecycle.deleted').map((e) => e.id);
    await expect.poll(lastTaken, { timeout: 5_000 }).not.toEqual([]);
    for (const id of await lastTaken()) expect(intoDeleted).toContain(id);
    expect(await activeStates()).toContain('state-backup.lifecycle.deleted');
    expect(await activeStates()).not.toContain('state-backup.lifecycle.deleting');
    expect(h.errors).toEqual([]);
  }, 90_000);
});
