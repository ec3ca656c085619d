// Runs in the teaching view's page (teaching-view.test.ts): what a projector shows after a step.
// Plain JavaScript because the project's TypeScript has no DOM library; the test types the result.
(() => {
  /** @param {Element | null} el */
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top, left: r.left, bottom: r.bottom, right: r.right, width: r.width, height: r.height };
  };
  const chart = document.querySelector('[data-testid="teach-chart"]');
  // The state the resource is in now: the one the view centres on.
  const current = chart.querySelector('svg g[data-focus]') ?? chart.querySelector('svg g.current');
  let smallest = Infinity;
  for (const t of chart.querySelectorAll('svg text')) {
    const ctm = t.getScreenCTM();
    const size = Number.parseFloat(getComputedStyle(t).fontSize);
    if (ctm && size) smallest = Math.min(smallest, size * Math.hypot(ctm.a, ctm.b));
  }
  return {
    position: Number(document.querySelector('[data-testid="teach-position"]').getAttribute('data-position')),
    // The step the chart was last placed for (teach.js): measured only once it is this step's.
    chartPosition: Number(chart.getAttribute('data-position') ?? -1),
    scrollHeight: document.documentElement.scrollHeight,
    innerHeight: window.innerHeight,
    innerWidth: window.innerWidth,
    narration: box(document.querySelector('[data-testid="teach-narration"]')),
    step: box(document.querySelector('[data-testid="teach-step"]')),
    chart: box(chart),
    current: box(current),
    smallestLabel: smallest,
  };
})();
