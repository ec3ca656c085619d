/**
 * The inspector's statechart in a real browser: each transition line is coloured by what it would
 * do now (the refusal that fires red and not struck through, the line it beats grey), a legend
 * says so, a deleted backup's final state stays lit, and the chart opens with readable text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MACHINES } from '../../src/sim/world.js';
import { toStatechartGraph } from '../../src/diagram/index.js';
import { ARTIFACTS, openInspector, stepUntilBackup, type Harness, type ListedBackup } from './support.js';

let h: Harness;

/** The few DOM calls the page functions below make (the tests compile without the DOM library). */
interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  getBoundingClientRect(): { height: number };
  getBBox(): { height: number };
  querySelectorAll(selector: string): Iterable<El>;
}
interface Browser {
  getComputedStyle(el: El): { fill: string; stroke: string; textDecorationLine: string; fontSize: string };
  document: { getElementById(id: string): El | null };
}

beforeAll(async () => {
  h = await openInspector();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const graph = toStatechartGraph(MACHINES.backup);
const AVAILABLE = 'backup.lifecycle.available';
const edgeId = (guard: string | null): string => graph.edges.find((e) => e.source === AVAILABLE && e.eventType === 'DELETE' && e.guard === guard)!.id;
const REFUSAL_OF_AN_IMAGE = edgeId('hasImage'); // DELETE [hasImage] / refuse BackupService.6204
const DELETING = edgeId(null); // DELETE → deleting

/** Steps the loaded scenario until `done` holds of its backup. */
const stepUntil = (done: (b: ListedBackup) => boolean) => stepUntilBackup(h, done);

/** The computed look of the chart's line of edge `id`. */
function lineOf(id: string) {
  return h.page.locator(`[data-testid="statechart"] [data-edge="${id}"]`).evaluate((node) => {
    const el = node as unknown as El;
    const style = (globalThis as unknown as Browser).getComputedStyle(el);
    return { verdict: el.getAttribute('data-verdict'), fill: style.fill, decoration: style.textDecorationLine, text: el.textContent };
  });
}

/** The smallest text of the chart as drawn on screen, in pixels. */
function smallestTextPx(): Promise<number> {
  return h.page.locator('[data-testid="statechart"] svg').evaluate((svg) => {
    let min = Infinity;
    for (const t of (svg as unknown as El).querySelectorAll('text')) {
      const box = t.getBBox();
      const rect = t.getBoundingClientRect();
      if (!box.height || !rect.height) continue;
      min = Math.min(min, parseFloat((globalThis as unknown as Browser).getComputedStyle(t).fontSize) * (rect.height / box.height));
    }
    return min;
  });
}

const activeStates = () => h.page.locator('[data-testid="statechart"] g.state.active').evaluateAll((els) => els.map((e) => e.id));

describe('the statechart\'s colours in a real browser', () => {
  it('opens with its smallest text at least 9 px on screen', async () => {
    const { page } = h;
    await page.locator('[data-testid="statechart"] svg').waitFor();
    await expect.poll(smallestTextPx, { timeout: 10_000 }).toBeGreaterThanOrEqual(9);
    expect(h.errors).toEqual([]);
  }, 30_000);

  it('draws the refusal that would fire red and not struck through, the DELETE it beats grey, with a legend', async () => {
    const { page } = h;
    const b = await stepUntil((x) => x.status === 'available' && x.imageId !== null);
    await page.getByTestId(`row-${b.id}`).click();
    await expect.poll(async () => (await lineOf(REFUSAL_OF_AN_IMAGE)).verdict, { timeout: 10_000 }).toBe('refusing');
    const refusal = await lineOf(REFUSAL_OF_AN_IMAGE);
    expect(refusal.text).toContain('BackupService.6204');
    expect(refusal.fill).toBe('rgb(168, 7, 26)');
    expect(refusal.decoration).not.toContain('line-through');
    const deleting = await lineOf(DELETING);
    expect(deleting.verdict).toBe('impossible');
    expect(deleting.fill).toBe('rgb(144, 164, 174)');
    // Every path takes its labels' colour: green if any is taken now, else red if any refuses, else grey.
    const paths = await page.locator('[data-testid="statechart"] g.transition-label').evaluateAll((groups) => groups.map((node) => {
      const g = node as unknown as El;
      const browser = globalThis as unknown as Browser;
      const path = browser.document.getElementById(`backup-${g.dataset.route}`)!;
      return { path: path.getAttribute('data-verdict'), stroke: browser.getComputedStyle(path).stroke, labels: [...g.querySelectorAll('[data-edge]')].map((l) => l.getAttribute('data-verdict')) };
    }));
    expect(paths.length).toBeGreaterThan(10);
    for (const p of paths) expect(p.path, JSON.stringify(p)).toBe(['now', 'refusing', 'unknown'].find((v) => p.labels.includes(v)) ?? 'impossible');
    const intoDeleting = paths.find((p) => p.labels.includes('now') && p.path === 'now')!;
    expect(intoDeleting.stroke).toBe('rgb(35, 120, 4)');
    const legend = page.getByTestId('chart-legend');
    expect(await legend.isVisible()).toBe(true);
    for (const words of ['taken now', 'refusal now', 'not possible now', 'last taken']) expect(await legend.textContent()).toContain(words);
    expect(await smallestTextPx()).toBeGreaterThanOrEqual(9);
    await page.screenshot({ path: `${ARTIFACTS}chart-colours.png` });
  }, 60_000);

  it('draws the unguarded DELETE green once the image is gone, and the refusal of an image grey', async () => {
    const b = await stepUntil((x) => x.imageId === null);
    expect(b.status).toBe('available');
    await expect.poll(async () => (await lineOf(DELETING)).verdict, { timeout: 10_000 }).toBe('now');
    expect((await lineOf(DELETING)).fill).toBe('rgb(35, 120, 4)');
    expect((await lineOf(REFUSAL_OF_AN_IMAGE)).verdict).toBe('impossible');
  }, 60_000);

  it('keeps a deleted backup\'s final state lit, marks the transition it took there, and stays readable', async () => {
    const { page } = h;
    const b = await stepUntil((x) => x.status === 'deleted');
    // The detail of the tombstone (its state included) has arrived: the chart then lights the
    // final state it ended in, not nothing.
    await expect.poll(() => page.getByTestId('selection-value').textContent(), { timeout: 10_000 }).toContain('lifecycle.deleted');
    await expect.poll(activeStates, { timeout: 10_000 }).toContain('state-backup.lifecycle.deleted');
    const last = await page.locator('[data-testid="statechart"] text.last[data-edge]').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')));
    const intoDeleted = graph.edges.filter((e) => e.target === 'backup.lifecycle.deleted').map((e) => e.id);
    expect(last.length).toBeGreaterThan(0);
    for (const id of last) expect(intoDeleted).toContain(id);
    expect(await smallestTextPx()).toBeGreaterThanOrEqual(9);
    // The SVG export of this backup lights it too.
    const svg = await (await fetch(new URL(`/api/diagram/backup?resource=${b.id}`, h.served.url))).text();
    expect(svg).toMatch(/<g id="state-backup\.lifecycle\.deleted" class="[^"]*\bactive\b/);
    expect(h.errors).toEqual([]);
  }, 60_000);
});
