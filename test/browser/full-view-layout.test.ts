import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInspector, type Harness } from './support.js';

/** Where the full view puts things on a 1024 px screen (the header, the chart, Step). */
async function layout(h: Harness) {
  return h.page.evaluate(`(() => {
    const box = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height }; };
    return {
      header: box('[data-testid="header"]'),
      chart: box('[data-testid="statechart-viewport"]'),
      step: box('[data-testid="scenario-step"]'),
      chartHead: box('#statechart-panel .panel-head'),
      innerHeight: innerHeight,
    };
  })()`) as Promise<Record<'header' | 'chart' | 'step' | 'chartHead', { top: number; bottom: number; left: number; right: number; height: number }> & { innerHeight: number }>;
}

describe('the full view on a 1024×768 screen', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openInspector('seed-000-backup-to-image', { viewport: { width: 1024, height: 768 } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('keeps the header on one line and shows the chart beside the player, Step and the chart on screen together', async () => {
    await h.page.getByTestId('scenario-step').waitFor();
    await h.page.getByTestId('scenario-step').click();
    await h.page.getByTestId('scenario-step').click();
    await expect.poll(() => h.page.getByTestId('scenario-status').getAttribute('data-position'), { timeout: 10_000 }).toBe('2');
    const state = await (await fetch(new URL('/api/state', h.served.url))).json() as { resources: { kind: string; id: string }[] };
    await h.page.getByTestId(`row-${state.resources.find((r) => r.kind === 'backup')!.id}`).click();
    await expect.poll(() => h.page.getByTestId('statechart-caption').textContent(), { timeout: 10_000 }).toContain('web-01-backup');
    const l = await layout(h);
    expect(l.header.height).toBeLessThanOrEqual(50);
    // Side by side, both in the first screenful.
    expect(l.chart.right).toBeLessThanOrEqual(l.step.left);
    expect(l.step.bottom).toBeLessThanOrEqual(l.innerHeight);
    expect(l.chart.top).toBeLessThan(l.innerHeight / 2);
    // The chart's toolbar is one line, however long its caption.
    expect(l.chartHead.height).toBeLessThanOrEqual(44);
  }, 30_000);
});
