/**
 * The statechart view. Each kind's chart is drawn once by the server (GET /api/diagram/:kind, laid
 * out from the machine's definition) and kept; the selected resource is then shown on it by
 * classes alone: its active states (`active`, the innermost ones `active-leaf`), the transition
 * it took last (`last`, from the journal's event and state records) and, per transition (the
 * detail's `transitions`, by edge id), what each line would do now: taken (`enabled`, green), a
 * refusal that fires (`refused-now`, red), not possible in this state (`impossible`, grey), or
 * decided by the event's data (`unknown`, neutral); each also says so in `data-verdict`. A path
 * takes the colour of its labels. A state change costs a few class flips, not a new drawing.
 * It opens at a zoom where the chart's smallest text is at least 9 px on screen. Pan with the
 * mouse, zoom with the wheel or the buttons.
 */
import { $ } from './dom.js';
import { attachPanZoom } from './pan-zoom.js';
import { withProject } from './project.js';
import { S, nameOf } from './store.js';
import { eventLabel } from './format.js';

const texts = new Map(); // kind → SVG text (no highlight)
const chart = {
  kind: null, resource: null, svg: null, states: new Map(), labels: [], paths: [], width: 0, height: 0, token: 0, minFont: 10,
  value: null, active: new Set(), verdicts: null, last: null, lastEvent: null, valueSeq: 0,
};
/** The smallest text the chart opens with, in screen pixels. */
const READABLE_PX = 9;
const VERDICT_CLASSES = { now: 'enabled', refusing: 'refused-now', impossible: 'impossible', unknown: 'unknown' };
const view = { x: 0, y: 0, k: 1, userMoved: false };

/** Shows the chart of `kind`, for `resource` (or none): loads it once, then keeps it. */
export async function showChart(kind, resource, { refit = false } = {}) {
  const token = ++chart.token;
  let text = texts.get(kind);
  if (!text) {
    try {
      const res = await fetch(withProject(`/api/diagram/${encodeURIComponent(kind)}`));
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
    chart.active = new Set();
    chart.last = null;
    chart.lastEvent = null;
    chart.valueSeq = 0;
    chart.verdicts = null;
    apply();
  }
  $('statechart-kind').value = kind;
  $('statechart-panel').dataset.kind = kind;
  $('statechart-panel').dataset.resource = resource ?? '';
  caption();
  if (refit || !sameResource) view.userMoved = false;
  if (!view.userMoved) autoView();
}

/**
 * A task or a restore point is selected: it is no actor, and has no chart of its own (a task's
 * status follows the backup, restore or deletion it logs; a restore point's, its backups').
 */
export function showNoChart(kind) {
  chart.token++;
  Object.assign(chart, { kind: null, resource: null, svg: null, states: new Map(), labels: [], paths: [], value: null, active: new Set(), verdicts: null, last: null, lastEvent: null, valueSeq: 0 });
  $('statechart-wrapper').replaceChildren();
  const empty = $('statechart-empty');
  empty.textContent = kind === 'task'
    ? 'A task has no statechart of its own: its status follows the backup, restore or deletion it logs (select that resource to see its chart).'
    : 'A restore point has no statechart of its own: its status follows its backups\' (select one of them to see its chart).';
  empty.hidden = false;
  $('statechart-panel').dataset.kind = '';
  $('statechart-panel').dataset.resource = '';
  $('statechart-caption').textContent = `${kind === 'task' ? 'task' : 'restore point'} · no chart`;
}

/** The selected resource's detail arrived: its state and the events its chart takes now. */
export function showChartOf(detail) {
  if (S.chartOverride) return;
  const { kind, id } = detail.record;
  if (kind === 'task' || kind === 'checkpoint') return showNoChart(kind);
  if (chart.kind !== kind || chart.resource !== id) void showChart(kind, id).then(() => showChartOf(detail));
  else {
    // A detail answered before the last state record the chart took live is stale (the fetch
    // raced a step): its value would take the chart back and lose the transition last taken. The
    // newer detail that record asked for follows.
    if (!S.travel && typeof detail.seq === 'number' && detail.seq < chart.valueSeq) return;
    const moved = JSON.stringify(detail.value) !== JSON.stringify(chart.value);
    if (moved) setValue(detail.value);
    chart.verdicts = verdictsOf(detail.transitions, detail.value);
    apply();
    if (moved) follow();
  }
}

/** The detail's `transitions` as sets, with the state value they were judged in. */
function verdictsOf(transitions, value) {
  if (!transitions) return null;
  return {
    now: new Set(transitions.now ?? []), refusing: new Set(transitions.refusing ?? []), unknown: new Set(transitions.unknown ?? []),
    value: JSON.stringify(value ?? null),
  };
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
      chart.valueSeq = r.seq ?? chart.valueSeq;
      changed = true;
    }
  }
  if (changed) {
    // What the old state would take says nothing of the new one: no line judged until asked again.
    chart.verdicts = null;
    apply();
    follow();
  }
}

function setValue(value, event = null) {
  const before = chart.active;
  const judged = chart.verdicts && chart.verdicts.value === JSON.stringify(chart.value ?? null) ? chart.verdicts : null;
  chart.value = value;
  chart.active = activeIds(chart.kind, value);
  chart.last = event && before.size ? lastTaken(event, before, chart.active, judged) : null;
}

/**
 * The edges `event` took from the states `before` to the states `after`: of its lines whose source
 * was active and whose target is, the ones the chart said it would take (when it was asked in
 * the state before), and of those the deepest source's (XState takes the innermost state's).
 */
function lastTaken(event, before, after, judged) {
  let found = chart.labels.filter((l) => l.event === event && before.has(l.source) && after.has(l.target));
  if (judged) {
    const taken = found.filter((l) => judged.now.has(l.id));
    if (taken.length) found = taken;
  }
  // Per region of a parallel state, the innermost source wins: drop a line whose source is an
  // ancestor of another found line's source.
  found = found.filter((l) => !found.some((o) => o.source.startsWith(`${l.source}.`)));
  return { event, ids: new Set(found.map((l) => l.id)) };
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
  // Every transition's label line (one per edge id) with its source and target state ids, and
  // every path with the labels it carries.
  chart.labels = [];
  chart.paths = [];
  const prefix = svg.dataset.machine ?? kind;
  for (const group of svg.querySelectorAll('g.transition-label')) {
    const path = svg.getElementById(`${prefix}-${group.dataset.route}`);
    if (!path) continue;
    const labels = [...group.querySelectorAll('[data-edge]')].map((el) => ({
      id: el.dataset.edge, event: el.dataset.event, source: path.dataset.source, target: path.dataset.target, el,
    }));
    chart.labels.push(...labels);
    chart.paths.push({ el: path, labels });
  }
  for (const loop of svg.querySelectorAll('text.self-loop[data-edge]')) {
    const state = loop.closest('g.state')?.id.replace(/^state-/, '');
    if (state) chart.labels.push({ id: loop.dataset.edge, event: loop.dataset.event, source: state, target: state, el: loop });
  }
  // The smallest text of the drawing, in its own units: what the opening zoom keeps readable.
  const sizes = [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size') ?? svg.getAttribute('font-size'))).filter((v) => v > 0);
  chart.minFont = sizes.length ? Math.min(...sizes) : 10;
  $('statechart-wrapper').replaceChildren(svg);
  $('statechart-empty').hidden = true;
}

/** Puts the classes on: active states, the last transition, what each transition would do now. */
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
  const judged = chart.resource ? chart.verdicts : null;
  const lastIds = chart.resource && chart.last ? chart.last.ids : new Set();
  const verdictOf = (id) => (!judged ? null : judged.now.has(id) ? 'now' : judged.refusing.has(id) ? 'refusing' : judged.unknown.has(id) ? 'unknown' : 'impossible');
  for (const label of chart.labels) {
    label.verdict = verdictOf(label.id);
    mark(label.el, label.verdict, lastIds.has(label.id));
  }
  for (const path of chart.paths) {
    const vs = path.labels.map((l) => l.verdict);
    const verdict = !judged ? null : ['now', 'refusing', 'unknown'].find((v) => vs.includes(v)) ?? 'impossible';
    mark(path.el, verdict, path.labels.some((l) => lastIds.has(l.id)));
  }
  caption();
}

/** One label or path: its verdict's class and `data-verdict` (none when unjudged), and `last`. */
function mark(el, verdict, isLast) {
  if (el.classList.contains('last') !== isLast) el.classList.toggle('last', isLast);
  for (const [v, cls] of Object.entries(VERDICT_CLASSES)) {
    const on = verdict === v;
    if (el.classList.contains(cls) !== on) el.classList.toggle(cls, on);
  }
  if (verdict) {
    if (el.dataset.verdict !== verdict) el.dataset.verdict = verdict;
  } else if (el.dataset.verdict !== undefined) delete el.dataset.verdict;
}

/** Keeps the active states in view, unless the user has panned or zoomed. */
function follow() {
  if (!view.userMoved) autoView();
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
  const res = await fetch(withProject(`/api/diagram/${encodeURIComponent(chart.kind)}?${query}`));
  return { text: await res.text(), name: `${chart.kind}${chart.resource ? `-${chart.resource}` : ''}.${format === 'mermaid' ? 'mmd' : 'svg'}` };
}

// --- pan and zoom -----------------------------------------------------------------------------

function applyView() {
  $('statechart-wrapper').style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
}

function viewportSize() {
  const vp = $('statechart-viewport');
  return { cw: vp.clientWidth || 600, ch: vp.clientHeight || 400 };
}

/** The scale that shows the whole chart. */
function fitScale() {
  const { cw, ch } = viewportSize();
  return Math.min(cw / chart.width, ch / chart.height) * 0.96;
}

/** The least scale at which the chart's smallest text is READABLE_PX on screen. */
function readableScale() {
  return (READABLE_PX / chart.minFont) * 1.001;
}

function fitDiagram() {
  const { cw, ch } = viewportSize();
  const k = fitScale();
  Object.assign(view, { k, x: (cw - chart.width * k) / 2, y: (ch - chart.height * k) / 2 });
  applyView();
  return true;
}

/**
 * The view a chart opens with (and follows its resource with): the whole chart when its text stays
 * readable so, else the active states at a readable scale, else its top left corner (where it starts).
 */
function autoView() {
  if (!chart.svg) return;
  if (fitScale() >= readableScale()) return void fitDiagram();
  if (focusActive()) return;
  Object.assign(view, { k: readableScale(), x: 8, y: 8 });
  applyView();
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
  const { cw, ch } = viewportSize();
  const pad = 40;
  const fitK = (u) => Math.min(cw / (u.x2 - u.x1 + pad * 2), ch / (u.y2 - u.y1 + pad * 2));
  const readable = readableScale();
  const chosen = candidates.find((u) => fitK(u) >= readable) ?? candidates[candidates.length - 1];
  const k = Math.max(readable, Math.min(Math.max(1.2, readable), fitK(chosen)));
  Object.assign(view, { k, x: cw / 2 - ((chosen.x1 + chosen.x2) / 2) * k, y: ch / 2 - ((chosen.y1 + chosen.y2) / 2) * k });
  applyView();
  return true;
}

export function setupStatechart() {
  const { zoomAtCentre: center } = attachPanZoom($('statechart-viewport'), { view, apply: applyView, active: () => Boolean(chart.svg) });
  $('zoom-in').addEventListener('click', () => center(1.25));
  $('zoom-out').addEventListener('click', () => center(0.8));
  $('zoom-fit').addEventListener('click', () => {
    view.userMoved = true;
    fitDiagram();
  });
  $('zoom-active').addEventListener('click', () => {
    view.userMoved = false;
    focusActive() || autoView();
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
