import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, openInspector, type Harness } from './support.js';

/** What a projector shows after a step: where things are, whether anything scrolls, the chart's smallest text. */
interface Screen {
  position: number;
  chartPosition: number;
  scrollHeight: number;
  innerHeight: number;
  innerWidth: number;
  narration: DOMRectLike;
  step: DOMRectLike;
  chart: DOMRectLike;
  current: DOMRectLike | null;
  smallestLabel: number;
}
interface DOMRectLike { top: number; left: number; bottom: number; right: number; width: number; height: number }

const PROBE = readFileSync(fileURLToPath(new URL('./teach-probe.js', import.meta.url)), 'utf8');

async function screen(page: Page): Promise<Screen> {
  return page.evaluate(PROBE) as Promise<Screen>;
}

const inside = (inner: DOMRectLike, outer: { top: number; left: number; bottom: number; right: number }) =>
  inner.width > 0 && inner.height > 0 && inner.top >= outer.top - 1 && inner.left >= outer.left - 1 && inner.bottom <= outer.bottom + 1 && inner.right <= outer.right + 1;

for (const [width, height] of [[1024, 768], [1280, 720]] as const) {
  describe(`the teaching view on a ${width}×${height} projector`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await openInspector('seed-000-backup-to-image', { viewport: { width, height }, path: '/?view=teach' });
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });

    it('plays the seed-000 walkthrough with the keyboard, the narration, Step and the chart with its lit state always on screen, nothing scrolled', async () => {
      const { page } = h;
      await page.getByTestId('teach-narration').waitFor();
      const steps = 27;
      for (let i = 1; i <= steps; i++) {
        await page.keyboard.press(i % 2 ? 'ArrowRight' : ' ');
        await expect.poll(async () => (await screen(page)).position, { timeout: 15_000 }).toBe(i);
        // The step's words and its chart arrive after the step: wait for both to settle.
        await expect.poll(() => page.getByTestId('teach-narration').getAttribute('data-index'), { timeout: 10_000 }).toBe(String(i));
        await expect.poll(async () => {
          const s = await screen(page);
          return s.chartPosition === i && s.current !== null;
        }, { timeout: 10_000 }).toBe(true);
        const s = await screen(page);
        const viewport = { top: 0, left: 0, bottom: s.innerHeight, right: s.innerWidth };
        expect(s.scrollHeight, `step ${i}: the page scrolls`).toBeLessThanOrEqual(s.innerHeight);
        expect(inside(s.narration, viewport), `step ${i}: narration on screen`).toBe(true);
        expect(inside(s.step, viewport), `step ${i}: Step on screen`).toBe(true);
        expect(inside(s.chart, viewport), `step ${i}: chart on screen`).toBe(true);
        expect(inside(s.current!, s.chart), `step ${i}: the lit state inside the chart`).toBe(true);
        expect(s.smallestLabel, `step ${i}: the chart's smallest label`).toBeGreaterThanOrEqual(12);
        if (i === 22 || i === 6 || i === steps) await page.screenshot({ path: `${ARTIFACTS}teach-${width}x${height}-step-${i}.png` });
      }
      expect(await page.getByTestId('teach-step').isDisabled()).toBe(true);
      expect(h.outside).toEqual([]);
      expect(h.errors).toEqual([]);
    }, 240_000);

    it('goes back a step with ←', async () => {
      const { page } = h;
      const before = (await screen(page)).position;
      await page.keyboard.press('ArrowLeft');
      await expect.poll(async () => (await screen(page)).position, { timeout: 15_000 }).toBe(before - 1);
    }, 30_000);
  });
}

describe('the teaching view at the refused delete (I7)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openInspector('seed-000-backup-to-image', { viewport: { width: 1024, height: 768 }, path: '/?view=teach' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('shows the backup\'s refused Delete with the rule\'s statement, the code and the message', async () => {
    const { page } = h;
    await page.getByTestId('teach-narration').waitFor();
    for (let i = 1; i <= 22; i++) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.getByTestId('teach-position').getAttribute('data-position'), { timeout: 15_000 }).toBe(String(i));
    }
    await expect.poll(() => page.getByTestId('teach-narration').textContent(), { timeout: 10_000 }).toContain('BackupService.6204');
    await expect.poll(() => page.getByTestId('teach-rule-I7').textContent(), { timeout: 10_000 }).toMatch(/image/i);
    const reason = page.getByTestId('teach-reason');
    await expect.poll(() => reason.textContent(), { timeout: 10_000 }).toContain('BackupService.6204');
    expect(await reason.textContent()).toMatch(/delete image img-\w+ first/);
    mkdirSync(new URL('../../docs/', import.meta.url).pathname, { recursive: true });
    const shot = `${ARTIFACTS}teach-1024x768-refused-delete.png`;
    await page.screenshot({ path: shot });
    // The README's screenshot is this one, when asked for (README_SCREENSHOT=1 npx vitest run test/browser/teaching-view.test.ts).
    if (process.env.README_SCREENSHOT === '1') copyFileSync(shot, new URL('../../docs/teaching-view.png', import.meta.url).pathname);
  }, 120_000);
});
