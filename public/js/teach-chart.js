/**
 * The teaching view's chart: the selected resource's console-level diagram, drawn by the server
 * with the path it took so far lit and the state it is in now marked (GET /api/diagram/:kind
 * ?view=console&resource=), shown at a size a projector can read: the whole diagram when its
 * smallest text stays at least READABLE_PX on screen, else at that size, centred on the state the
 * resource is in now (the lane whose state changed last). Drag to pan, wheel to zoom; the next
 * step or another resource centres it again.
 */
import { $ } from './dom.js';
import { attachPanZoom } from './pan-zoom.js';
import { withProject } from './project.js';

/** The smallest text on screen, in CSS pixels: what the teaching view promises a projector. */
export const READABLE_PX = 12.5;

const chart = { key: '', kind: null, resource: null, seq: null, svg: null, width: 0, height: 0, minFont: 14, token: 0 };
const view = { x: 0, y: 0, k: 1, userMoved: false };

/**
 * Shows the console diagram of resource `id` of `kind` (as of journal record `seq` when given),
 * loaded again when `version` changes (the resource's record changed).
 */
export async function showConsoleChart(kind, id, { seq = null, version = '' } = {}) {
  const key = `${kind}:${id}:${seq ?? ''}:${version}`;
  if (key === chart.key) return;
  const sameResource = chart.resource === id && chart.kind === kind;
  chart.key = key;
  const token = ++chart.token;
  const query = new URLSearchParams({ view: 'console', resource: id });
  if (seq !== null) query.set('seq', String(seq));
  let text;
  try {
    const res = await fetch(withProject(`/api/diagram/${encodeURIComponent(kind)}?${query}`));
    text = await res.text();
    if (!res.ok) throw new Error(text);
  } catch (error) {
    if (token === chart.token) {
      chart.key = '';
      $('teach-chart-wrapper').replaceChildren();
    }
    console.warn('the console diagram could not be loaded', error);
    return;
  }
  if (token !== chart.token) return;
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName.toLowerCase() !== 'svg' || doc.querySelector('parsererror')) return;
  const svg = document.importNode(root, true);
  Object.assign(chart, { kind, resource: id, seq, svg });
  chart.width = Number(svg.getAttribute('width')) || 800;
  chart.height = Number(svg.getAttribute('height')) || 600;
  const wrapper = $('teach-chart-wrapper');
  wrapper.replaceChildren(svg);
  wrapper.dataset.kind = kind;
  wrapper.dataset.resource = id;
  chart.minFont = smallestFont(svg);
  if (!sameResource) view.userMoved = false;
  if (!view.userMoved) place();
}

/** Centres the chart again (a new step). */
export function recentre() {
  view.userMoved = false;
  if (chart.svg) place();
}

/** The smallest font size the diagram draws text at (SVG units). */
function smallestFont(svg) {
  let min = Infinity;
  for (const t of svg.querySelectorAll('text')) {
    const size = Number.parseFloat(t.getAttribute('font-size') ?? t.closest('[font-size]')?.getAttribute('font-size') ?? '14');
    if (Number.isFinite(size) && size > 0) min = Math.min(min, size);
  }
  return Number.isFinite(min) ? min : 14;
}

function place() {
  const vp = $('teach-chart');
  const cw = vp.clientWidth || 600;
  const ch = vp.clientHeight || 400;
  const readable = READABLE_PX / chart.minFont;
  const fit = Math.min(cw / chart.width, ch / chart.height) * 0.97;
  if (fit >= readable) {
    Object.assign(view, { k: fit, x: (cw - chart.width * fit) / 2, y: (ch - chart.height * fit) / 2 });
  } else {
    const k = readable;
    const focus = focusBox();
    const cx = focus ? focus.x + focus.width / 2 : chart.width / 2;
    const cy = focus ? focus.y + focus.height / 2 : chart.height / 2;
    Object.assign(view, { k, x: clamp(cw / 2 - cx * k, cw - chart.width * k, 0), y: clamp(ch / 2 - cy * k, ch - chart.height * k, 0) });
  }
  apply();
}

/** The box of the state to centre on: the lane whose state changed last, else any current state. */
function focusBox() {
  const svg = chart.svg;
  const group = svg.querySelector('g[data-focus]') ?? svg.querySelector('g.current') ?? svg.querySelector('g.lit');
  if (!group) return null;
  const shape = group.querySelector('rect, circle') ?? group;
  try {
    return shape.getBBox();
  } catch {
    return null;
  }
}

const clamp = (v, lo, hi) => (lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));

function apply() {
  $('teach-chart-wrapper').style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
}

export function setupTeachChart() {
  const vp = $('teach-chart');
  // Never below the readable size: a projector's audience cannot zoom.
  attachPanZoom(vp, { view, apply, active: () => Boolean(chart.svg), minK: () => READABLE_PX / chart.minFont, maxK: () => 4 });
  new ResizeObserver(() => {
    if (chart.svg && !view.userMoved) place();
  }).observe(vp);
}
