/**
 * The statechart view. Each kind's chart is drawn once by the server (GET /api/diagram/:kind, laid
 * out from the machine's definition) and kept; the selected resource is then shown on it by
 * classes alone: its active states (`active`, the innermost ones `active-leaf`), the transition
 * it took last (`last`, from the journal's event and state records) and the events its chart
 * would take now (`enabled`) or refuse (`refused-now`). A state change costs a few class flips,
 * not a new drawing. Pan with the mouse, zoom with the wheel or the buttons.
 */
import { $ } from './dom.js';
import { S, nameOf } from './store.js';
import { eventLabel } from './format.js';

const texts = new Map(); // kind → SVG text (no highlight)
const chart = {
  kind: null, resource: null, svg: null, states: new Map(), edges: [], width: 0, height: 0, token: 0,
  value: null, active: new Set(), events: { enabled: [], refused: [] }, last: null, lastEvent: null,
};
const view = { x: 0, y: 0, k: 1, userMoved: false };

/** Shows the chart of `kind`, for `resource` (or none): loads it once, then keeps it. */
export async function showChart(kind, resource, { refit = false } = {}) {
  const token = ++chart.token;
  let text = texts.get(kind);
  if (!text) {
    try {
      const res = await fetch(`/api/diagram/${encodeURIComponent(kind)}`);
      text = await res.text();
      if (!res.ok) throw new Error(text);
    } catch (error) {
      if (token === chart.token) $('statechart-caption').textContent = `could not load the ${kind} chart`;
      console.warn(error);
      return;
    }
    texts.set(kind, text);
  }
  if (token !== chart.token) return;
  const sameResource = chart.kind === kind && chart.resource === resource;
  if (chart.kind !== kind || !chart.svg) mount(kind, text);
  if (!sameResource) {
    chart.resource = resource;
    chart.value = null;
    chart.last = null;
    chart.lastEvent = null;
    chart.events = { enabled: [], refused: [] };
    apply();
  }
  $('statechart-kind').value = kind;
  $('statechart-panel').dataset.kind = kind;
  $('statechart-panel').dataset.resource = resource ?? '';
  caption();
  if (refit || !sameResource) view.userMoved = false;
  if (!view.userMoved) focusActive() || fitDiagram();
}

/** The selected resource's detail arrived: its state and the events its chart takes now. */
export function showChartOf(detail) {
  if (S.chartOverride) return;
  const { kind, id } = detail.record;
  if (chart.kind !== kind || chart.resource !== id) void showChart(kind, id).then(() => showChartOf(detail));
  else {
    const moved = JSON.stringify(detail.value) !== JSON.stringify(chart.value);
    if (moved) setValue(detail.value);
    chart.events = detail.events ?? { enabled: [], refused: [] };
    apply();
    if (moved) follow();
  }
}

/** Live records: the shown resource's state changes move its highlight at once. */
export function chartRecords(records) {
  const id = chart.resource;
  if (!id || S.travel) return;
  let changed = false;
  for (const r of records) {
    if (r.resourceId !== id) continue;
    if (r.type === 'event') chart.lastEvent = r.event?.type ?? null;
    else if (r.type === 'state') {
      setValue(r.value, chart.lastEvent);
      changed = true;
    }
  }
  if (changed) {
    // The events enabled in the old state may not be in the new one: none shown until asked again.
    chart.events = { enabled: [], refused: [] };
    apply();
    follow();
  }
}

function setValue(value, event = null) {
  const before = chart.active;
  chart.value = value;
  chart.active = activeIds(chart.kind, value);
  chart.last = event && before.size ? { event, from: before, to: chart.active } : null;
}

function activeIds(machineId, value) {
  const out = new Set();
  if (value === null || value === undefined) return out;
  out.add(machineId);
  const walk = (v, prefix) => {
    if (typeof v === 'string') return void out.add(`${prefix}.${v}`);
    for (const [key, child] of Object.entries(v)) {
      out.add(`${prefix}.${key}`);
      if (child !== undefined && child !== null) walk(child, `${prefix}.${key}`);
    }
  };
  walk(value, machineId);
  return out;
}

function mount(kind, text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName.toLowerCase() !== 'svg' || doc.querySelector('parsererror')) return;
  const svg = document.importNode(root, true);
  chart.kind = kind;
  chart.svg = svg;
  chart.active = new Set();
  chart.width = Number(svg.getAttribute('width')) || 800;
  chart.height = Number(svg.getAttribute('height')) || 600;
  chart.states = new Map([...svg.querySelectorAll('g.state')].map((g) => [g.id.replace(/^state-/, ''), g]));
  // Every transition's label(s) and path, with its source and target state ids.
  chart.edges = [];
  const prefix = svg.dataset.machine ?? kind;
  for (const group of svg.querySelectorAll('g.transition-label')) {
    const path = svg.getElementById(`${prefix}-${group.dataset.route}`);
    if (!path) continue;
    for (const label of group.querySelectorAll('[data-event]')) {
      chart.edges.push({ event: label.dataset.event, source: path.dataset.source, target: path.dataset.target, els: [label, path] });
    }
  }
  for (const loop of svg.querySelectorAll('text.self-loop[data-event]')) {
    const state = loop.closest('g.state')?.id.replace(/^state-/, '');
    if (state) chart.edges.push({ event: loop.dataset.event, source: state, target: state, els: [loop] });
  }
  $('statechart-wrapper').replaceChildren(svg);
  $('statechart-empty').hidden = true;
}

/** Puts the classes on: active states, the last transition, the enabled and refused events. */
function apply() {
  if (!chart.svg) return;
  const active = chart.resource ? chart.active : new Set();
  for (const [id, g] of chart.states) {
    const on = active.has(id);
    if (g.classList.contains('active') !== on) g.classList.toggle('active', on);
  }
  for (const [id, g] of chart.states) {
    const leaf = active.has(id) && !g.querySelector(':scope > g.state.active');
    if (g.classList.contains('active-leaf') !== leaf) g.classList.toggle('active-leaf', leaf);
  }
  const enabled = new Set(chart.events.enabled);
  const refused = new Set(chart.events.refused);
  const last = chart.last;
  for (const edge of chart.edges) {
    const from = active.has(edge.source);
    const isLast = Boolean(last && edge.event === last.event && last.from.has(edge.source) && last.to.has(edge.target));
    for (const el of edge.els) {
      if (el.classList.contains('last') !== isLast) el.classList.toggle('last', isLast);
      const on = from && enabled.has(edge.event);
      if (el.classList.contains('enabled') !== on) el.classList.toggle('enabled', on);
      const no = from && refused.has(edge.event);
      if (el.classList.contains('refused-now') !== no) el.classList.toggle('refused-now', no);
    }
  }
  caption();
}

/** Keeps the active states in view, unless the user has panned or zoomed. */
function follow() {
  if (!view.userMoved) focusActive() || fitDiagram();
}

function caption() {
  const n = chart.resource ? chart.active.size : 0;
  $('statechart-caption').textContent = chart.resource
    ? `${chart.kind} · ${nameOf(chart.resource) ?? chart.resource}${n ? '' : ' (no active state)'}${chart.last ? ` · last: ${eventLabel(chart.last.event)}` : ''}`
    : `${chart.kind ?? ''} (no resource)`;
}

/** The SVG to export: the server draws it with the shown resource's states lit. */
export async function chartForExport(format) {
  if (!chart.kind) return null;
  const query = new URLSearchParams({ format });
  if (chart.resource) query.set('resource', chart.resource);
  const res = await fetch(`/api/diagram/${encodeURIComponent(chart.kind)}?${query}`);
  return { text: await res.text(), name: `${chart.kind}${chart.resource ? `-${chart.resource}` : ''}.${format === 'mermaid' ? 'mmd' : 'svg'}` };
}

// --- pan and zoom -----------------------------------------------------------------------------

function applyView() {
  $('statechart-wrapper').style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
}

function fitDiagram() {
  const vp = $('statechart-viewport');
  const cw = vp.clientWidth || 600;
  const ch = vp.clientHeight || 400;
  const k = Math.min(cw / chart.width, ch / chart.height) * 0.96;
  Object.assign(view, { k, x: (cw - chart.width * k) / 2, y: (ch - chart.height * k) / 2 });
  applyView();
  return true;
}

/**
 * Zooms to the active states: all the innermost ones when they fit at a readable scale, else the
 * first one with its parent, else the first one alone. False when no state is active.
 */
function focusActive() {
  const svg = chart.svg;
  if (!svg) return false;
  const leaves = [...svg.querySelectorAll('g.state.active-leaf')];
  if (!leaves.length) return false;
  const bbox = (g) => g.querySelector(':scope > rect.state-box')?.getBBox() ?? null;
  const union = (gs) => {
    const bs = gs.map(bbox).filter(Boolean);
    if (!bs.length) return null;
    return { x1: Math.min(...bs.map((b) => b.x)), y1: Math.min(...bs.map((b) => b.y)), x2: Math.max(...bs.map((b) => b.x + b.width)), y2: Math.max(...bs.map((b) => b.y + b.height)) };
  };
  const first = leaves[0];
  const parent = first.parentElement?.closest('g.state.active');
  const candidates = [union(leaves), parent && !parent.classList.contains('root') ? union([parent]) : null, union([first])].filter(Boolean);
  if (!candidates.length) return false;
  const vp = $('statechart-viewport');
  const cw = vp.clientWidth || 600;
  const ch = vp.clientHeight || 400;
  const pad = 40;
  const fitK = (u) => Math.min(cw / (u.x2 - u.x1 + pad * 2), ch / (u.y2 - u.y1 + pad * 2));
  const READABLE = 0.6;
  const chosen = candidates.find((u) => fitK(u) >= READABLE) ?? candidates[candidates.length - 1];
  const k = Math.max(READABLE, Math.min(1.2, fitK(chosen)));
  Object.assign(view, { k, x: cw / 2 - ((chosen.x1 + chosen.x2) / 2) * k, y: ch / 2 - ((chosen.y1 + chosen.y2) / 2) * k });
  applyView();
  return true;
}

function zoomAt(px, py, factor) {
  const k = Math.min(6, Math.max(0.05, view.k * factor));
  const ratio = k / view.k;
  Object.assign(view, { x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio, k, userMoved: true });
  applyView();
}

export function setupStatechart() {
  const vp = $('statechart-viewport');
  vp.addEventListener('wheel', (event) => {
    if (!chart.svg) return;
    event.preventDefault();
    const rect = vp.getBoundingClientRect();
    const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    zoomAt(event.clientX - rect.left, event.clientY - rect.top, Math.exp(-delta * 0.0015));
  }, { passive: false });
  let drag = null;
  vp.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !chart.svg) return;
    drag = { id: event.pointerId, sx: event.clientX, sy: event.clientY, x: view.x, y: view.y };
    vp.setPointerCapture(event.pointerId);
    vp.classList.add('dragging');
  });
  vp.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    Object.assign(view, { x: drag.x + event.clientX - drag.sx, y: drag.y + event.clientY - drag.sy, userMoved: true });
    applyView();
  });
  const end = (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    drag = null;
    vp.classList.remove('dragging');
  };
  vp.addEventListener('pointerup', end);
  vp.addEventListener('pointercancel', end);
  const center = (factor) => zoomAt(vp.clientWidth / 2, vp.clientHeight / 2, factor);
  $('zoom-in').addEventListener('click', () => center(1.25));
  $('zoom-out').addEventListener('click', () => center(0.8));
  $('zoom-fit').addEventListener('click', () => {
    view.userMoved = true;
    fitDiagram();
  });
  $('zoom-active').addEventListener('click', () => {
    view.userMoved = false;
    focusActive() || fitDiagram();
  });
  $('statechart-kind').addEventListener('change', () => {
    const kind = $('statechart-kind').value;
    const selected = S.selectedId ? S.resources.get(S.selectedId) : null;
    S.chartOverride = selected?.kind === kind ? null : kind;
    if (selected?.kind === kind) {
      void showChart(kind, selected.id, { refit: true }).then(() => S.detail && showChartOf(S.detail));
    } else void showChart(kind, null, { refit: true });
  });
}
