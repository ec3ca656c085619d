/**
 * The cbr-sim inspector: a plain ES module, no framework, no dependency, no build step.
 *
 * One world lives on the server; this page mirrors it. `/live` (WebSocket) streams journal
 * records: each batch is appended to the timeline and schedules a (debounced) refresh of
 * GET /api/state, of the selected resource (GET /api/resources/:id) and, throttled, of every
 * row's actions. A `reset` message (a scenario was loaded) reloads everything.
 *
 * CSP: script-src 'self', style-src 'self'. Nothing here writes inline style attributes through
 * markup; the only styling from script is `element.style.transform` (CSSOM), which CSP allows.
 */

// ---------------------------------------------------------------------------------------------
// Constants and state
// ---------------------------------------------------------------------------------------------

const KINDS = ['server', 'disk', 'vault', 'policy', 'backup', 'image'];
const KIND_TITLES = { server: 'Servers (ECS)', disk: 'Disks (EVS)', vault: 'Vaults', policy: 'Policies', backup: 'Backups', image: 'Images' };
const RECORD_TYPES = ['command', 'refusal', 'event', 'state', 'note'];
const TIMELINE_DOM_MAX = 2000; // rows kept in the DOM
const RECORDS_MEMORY_MAX = 50_000; // records kept in memory (the server retains as many)
const JOURNAL_PAGE = 10_000;
const PLAY_TICK_MS = 200;

const S = {
  epoch: 0, // bumped on every reset: answers from an older epoch are dropped
  state: null, // last GET /api/state
  names: new Map(), // id → name (kept for the whole epoch, deleted resources included)
  kinds: new Map(), // id → kind
  actions: new Map(), // id → actions from GET /api/resources/:id
  selectedId: null,
  detail: null, // last GET /api/resources/:selectedId
  detailError: null,
  records: [], // journal records, by seq
  seen: new Set(),
  lastSeq: 0,
  playing: false,
  running: false, // scenario "run to end"
  scenarios: [],
  chartOverride: null, // a chart kind picked by hand, other than the selected resource's
};

const $ = (id) => document.getElementById(id);

/** Creates an element: `h('td', { class: 'x', 'data-testid': 'y', title: 'z' }, child, 'text')`. */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'hidden' || key === 'disabled' || key === 'open') node[key] = Boolean(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** replaceChildren without the null/false holes of conditional children. */
function put(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, { method = 'GET', body, signal } = {}) {
  const init = { method, headers: { accept: 'application/json' }, signal };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) throw new ApiError(res.status, json && typeof json === 'object' ? json : { code: `HTTP.${res.status}`, message: text || res.statusText, details: {} });
  return json;
}

const command = (verb, args) => api('/api/commands', { method: 'POST', body: { verb, args } });

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

const isDeleted = (r) => r.status === 'deleted' || r.status === 'DELETED';
const fmtTime = (ms) => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 19).replace('T', ' ') : '—');
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function fmtSpan(ms) {
  if (ms <= 0) return 'now';
  const parts = [];
  let rest = ms;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]]) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

function tone(r) {
  const l = String(r.label ?? '').toLowerCase();
  if (l === 'deleted') return 'off';
  if (/error|faulty|failed/.test(l)) return 'bad';
  if (/creating|deleting|restoring|queued|saving/.test(l)) return 'busy';
  if (/stopped|disabled/.test(l)) return 'idle';
  return 'ok';
}

/** `{ lifecycle: { creating: 'snapshot' }, imageLink: 'none' }` → `lifecycle.creating.snapshot · imageLink.none`. */
function valueText(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  const out = [];
  const walk = (v, prefix) => {
    if (typeof v === 'string') out.push(prefix ? `${prefix}.${v}` : v);
    else if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (!keys.length && prefix) out.push(prefix);
      for (const k of keys) walk(v[k], prefix ? `${prefix}.${k}` : k);
    }
  };
  walk(value, '');
  return out.join(' · ');
}

function short(text, max = 140) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const nameOf = (id) => (id && S.names.get(id)) || null;

/** Status cell content: console label · API status, and the "Image can be created" mark. */
function statusNodes(r) {
  const nodes = [h('span', { class: 'status-pair' }, h('span', { class: `status-label tone-${tone(r)}`, text: r.label }), h('span', { class: 'status-sep', text: ' · ' }), h('code', { class: 'status-api', text: r.status }))];
  if (r.kind === 'backup' && r.imageable && r.status === 'protecting') {
    nodes.push(' ', h('span', { class: 'mark', 'data-testid': 'imageable-mark', title: 'The console marks this backup: an image can be created from it (B2, I1)', text: 'Image can be created' }));
  }
  if (r.kind === 'image' && r.azRestricted) nodes.push(' ', h('span', { class: 'mark mark-warn', title: `Usable only in ${r.az} until its backup is Available (I10)`, text: `only ${r.az}` }));
  return nodes;
}

function summary(r) {
  const ref = (id) => (id ? nameOf(id) ?? id : '—');
  switch (r.kind) {
    case 'server':
      return `${r.os} · ${r.az} · ${r.dataDiskIds.length} data disk${r.dataDiskIds.length === 1 ? '' : 's'}${r.initTool ? '' : ' · no init tool'}${r.optimized ? '' : ' · not optimized'}${r.sourceImageId ? ` · from ${ref(r.sourceImageId)}` : ''}`;
    case 'disk':
      return `${r.role} · ${r.sizeGB} GB · ${r.serverId ? `on ${ref(r.serverId)}` : 'unattached'}`;
    case 'vault':
      return `${r.resourceKind} · ${r.usedGB}${r.capacityGB === null ? '' : `/${r.capacityGB}`} GB · ${r.resourceIds.length} resource${r.resourceIds.length === 1 ? '' : 's'}${r.policyId ? ` · policy ${ref(r.policyId)}` : ''}`;
    case 'policy':
      return `${r.pattern.join(', ') || 'no pattern'}${r.maxBackups !== null ? ` · keep ${r.maxBackups}` : ''}${r.retentionDays !== null ? ` · ${r.retentionDays} d` : ''}${r.nextRunAt ? ` · next ${fmtTime(Date.parse(r.nextRunAt))}` : ''}`;
    case 'backup':
      return `${r.resourceKind} ${ref(r.resourceId)} · ${r.sizeGB} GB · ${r.autoTrigger ? 'auto' : 'manual'}${r.containsSystemDisk ? '' : ' · no system disk'}${r.imageId ? ` · image ${ref(r.imageId)}` : ''}`;
    case 'image':
      return `${r.imageKind} · ${r.sizeGB} GB · ${r.az}${r.backupId ? ` · from ${ref(r.backupId)}` : ''}`;
    default:
      return '';
  }
}

/** data-testid suffixes for actions: the first of a verb is `verb`, the next ones `verb-2`, `verb-3`. */
function actionKeys(actions) {
  const count = new Map();
  return actions.map((a) => {
    const n = (count.get(a.verb) ?? 0) + 1;
    count.set(a.verb, n);
    return n === 1 ? a.verb : `${a.verb}-${n}`;
  });
}

function refusalTooltip(refusal) {
  if (!refusal) return '';
  const rule = refusal.details?.rule ? `Rule ${refusal.details.rule} · ` : '';
  return `${rule}${refusal.code}: ${refusal.message}`;
}

// ---------------------------------------------------------------------------------------------
// Refresh pipeline
// ---------------------------------------------------------------------------------------------

let refreshTimer = null;
let refreshing = false;
let refreshAgain = false;

function scheduleRefresh(delay = 100) {
  if (refreshTimer !== null) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refresh();
  }, delay);
}

async function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  const epoch = S.epoch;
  try {
    const state = await api('/api/state');
    if (epoch !== S.epoch) return;
    S.state = state;
    const learned = [];
    for (const r of state.resources) {
      if (!S.names.has(r.id)) learned.push(r.id);
      S.names.set(r.id, r.name);
      S.kinds.set(r.id, r.kind);
    }
    if (learned.length) nameTimelineRows(learned);
    // A selection the world no longer has (another scenario, an expired tombstone) is dropped.
    if (S.selectedId && !state.resources.some((r) => r.id === S.selectedId)) {
      S.selectedId = null;
      S.detail = null;
      S.detailError = null;
    }
    renderHeader();
    renderConsole();
    renderScenario();
    await refreshSelected();
    void refreshActions();
  } catch (error) {
    console.warn('refresh failed', error);
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      scheduleRefresh(0);
    }
  }
}

// Every row's actions: one GET /api/resources/:id per live resource, at most 4 at a time, one
// round at a time, not more often than every 250 ms (1 s while playing), none while the live
// connection is down or the clock plays faster than ×3600.
let actionsBusy = false;
let actionsDirty = false;
let actionsLast = 0;
let actionsTimer = null;
let actionsAbort = null; // aborts a round of the world a reset replaced

const playingFast = () => S.playing && Number($('clock-speed').value) > 3600;

let liveIdsCache = { state: null, ids: new Set() };
/** Ids of the resources of the latest state that are not deleted. */
function liveIds() {
  if (liveIdsCache.state !== S.state) liveIdsCache = { state: S.state, ids: new Set((S.state?.resources ?? []).filter((r) => !isDeleted(r)).map((r) => r.id)) };
  return liveIdsCache.ids;
}

async function refreshActions() {
  if (actionsBusy) {
    actionsDirty = true;
    return;
  }
  // Playing faster than an hour a second, any action list is stale at once, and resources come
  // and go (tombstones expire) between two requests: the rows keep theirs until the pause.
  if (playingFast() || ws?.readyState !== WebSocket.OPEN) {
    actionsDirty = true;
    return;
  }
  const wait = (S.playing ? 1000 : 250) - (Date.now() - actionsLast);
  if (wait > 0) {
    if (actionsTimer === null) {
      actionsTimer = setTimeout(() => {
        actionsTimer = null;
        void refreshActions();
      }, wait);
    }
    return;
  }
  if (!S.state) return;
  actionsBusy = true;
  actionsDirty = false;
  actionsLast = Date.now();
  const epoch = S.epoch;
  const abort = new AbortController();
  actionsAbort = abort;
  try {
    const queue = S.state.resources.filter((r) => !isDeleted(r) && r.id !== S.selectedId);
    const worker = async () => {
      for (let r = queue.shift(); r && epoch === S.epoch && !playingFast(); r = queue.shift()) {
        if (!liveIds().has(r.id)) continue;
        try {
          const d = await api(`/api/resources/${encodeURIComponent(r.id)}`, { signal: abort.signal });
          if (epoch === S.epoch) S.actions.set(r.id, d.actions);
        } catch {
          if (epoch === S.epoch) S.actions.delete(r.id);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    if (epoch === S.epoch) renderConsole();
  } finally {
    actionsBusy = false;
    if (actionsDirty) void refreshActions();
  }
}

async function refreshSelected() {
  const id = S.selectedId;
  const epoch = S.epoch;
  if (!id) {
    renderSelection();
    renderSnapshot();
    return;
  }
  try {
    const d = await api(`/api/resources/${encodeURIComponent(id)}`);
    if (id !== S.selectedId || epoch !== S.epoch) return;
    S.detail = d;
    S.detailError = null;
    S.actions.set(id, d.actions);
  } catch (error) {
    if (id !== S.selectedId || epoch !== S.epoch) return;
    S.detail = null;
    S.detailError = error instanceof ApiError ? error.body : { code: 'Network', message: String(error) };
  }
  renderSelection();
  renderSnapshot();
  renderConsole();
  const kind = S.detail?.record.kind ?? S.kinds.get(id);
  if (kind && !S.chartOverride) void showDiagram(kind, id, JSON.stringify(S.detail?.value ?? null));
}

function select(id) {
  if (S.selectedId === id) return;
  S.selectedId = id;
  S.detail = null;
  S.detailError = null;
  S.chartOverride = null;
  diagramView.userMoved = false;
  renderConsole();
  renderSelection();
  void refreshSelected();
}

// ---------------------------------------------------------------------------------------------
// Header and clock
// ---------------------------------------------------------------------------------------------

function renderHeader() {
  const st = S.state;
  if (!st) return;
  const now = Date.parse(st.now);
  $('scenario-title').textContent = st.scenario.title;
  $('scenario-title').title = st.scenario.id;
  $('clock-now').textContent = `${WEEKDAYS[new Date(now).getUTCDay()]} ${fmtTime(now)} UTC`;
  $('clock-now').dataset.iso = st.now;
  if (st.nextTimer) {
    const next = Date.parse(st.nextTimer);
    $('clock-next').textContent = `next timer: ${fmtTime(next)} (in ${fmtSpan(next - now)})`;
  } else $('clock-next').textContent = 'next timer: none pending';
  $('next-timer').disabled = !st.nextTimer;
  document.title = `${st.scenario.title} · cbr-sim inspector`;
}

async function advance(duration) {
  try {
    await command('advance', [duration]);
  } catch (error) {
    showCommandError(error, 'advance', [duration]);
  }
  scheduleRefresh(0);
}

async function advanceToNextTimer() {
  let st;
  try {
    st = await api('/api/state'); // fresh: the shown state may be a refresh behind
  } catch (error) {
    showCommandError(error, 'advance', ['next timer']);
    return;
  }
  if (!st.nextTimer) return;
  await advance(Math.max(0, Date.parse(st.nextTimer) - Date.parse(st.now)));
}

async function playLoop() {
  while (S.playing) {
    const started = performance.now();
    const speed = Number($('clock-speed').value) || 1;
    try {
      await command('advance', [Math.round(speed * PLAY_TICK_MS)]);
    } catch (error) {
      showCommandError(error, 'advance', [Math.round(speed * PLAY_TICK_MS)]);
      setPlaying(false);
      break;
    }
    // One advance at a time, and a frame for the page between two: the clock never outruns it.
    await nextFrame();
    await sleep(Math.max(0, PLAY_TICK_MS - (performance.now() - started)));
  }
}

function setPlaying(on) {
  if (S.playing === on) return;
  S.playing = on;
  const button = $('clock-play');
  button.textContent = on ? '❚❚ Pause' : '▶ Play';
  button.setAttribute('aria-pressed', String(on));
  button.classList.toggle('active', on);
  $('console-panel').classList.toggle('actions-paused', on && playingFast());
  if (on) void playLoop();
  else void refreshActions();
}

// ---------------------------------------------------------------------------------------------
// Console
// ---------------------------------------------------------------------------------------------

const consoleGroups = new Map(); // kind → { section, count, tbody, empty }
const consoleRows = new Map(); // id → { tr, sig }

function buildConsole() {
  const body = $('console-body');
  for (const kind of KINDS) {
    const count = h('span', { class: 'count muted' });
    const tbody = h('tbody');
    const empty = h('p', { class: 'muted small empty', text: `No ${KIND_TITLES[kind].toLowerCase()}.` });
    const table = h(
      'table',
      { class: 'grid console-table' },
      h('thead', {}, h('tr', {}, h('th', { class: 'c-name', text: 'Name' }), h('th', { class: 'c-id', text: 'ID' }), h('th', { class: 'c-status', text: 'Status' }), h('th', { class: 'c-actions', text: 'Actions' }))),
      tbody,
    );
    const section = h('section', { class: 'kind-group', 'data-testid': `console-${kind}` }, h('h3', {}, KIND_TITLES[kind], ' ', count), empty, table);
    body.append(section);
    consoleGroups.set(kind, { section, count, tbody, table, empty });
  }
}

function renderConsole() {
  const st = S.state;
  if (!st) return;
  const showDeleted = $('show-deleted').checked;
  const byKind = new Map(KINDS.map((k) => [k, []]));
  for (const r of st.resources) if (showDeleted || !isDeleted(r)) byKind.get(r.kind)?.push(r);
  const present = new Set();
  for (const kind of KINDS) {
    const group = consoleGroups.get(kind);
    const list = byKind.get(kind);
    const live = list.filter((r) => !isDeleted(r)).length;
    group.count.textContent = list.length === live ? `(${live})` : `(${live} + ${list.length - live} deleted)`;
    group.empty.hidden = list.length > 0;
    group.table.hidden = list.length === 0;
    list.forEach((r, i) => {
      present.add(r.id);
      const actions = isDeleted(r) ? [] : S.actions.get(r.id);
      const sig = JSON.stringify([r, actions ?? null, S.selectedId === r.id, summary(r)]);
      let row = consoleRows.get(r.id);
      if (!row) {
        row = { tr: h('tr', { 'data-testid': `row-${r.id}`, 'data-id': r.id, 'data-kind': r.kind, tabindex: 0 }), sig: '' };
        row.tr.addEventListener('click', () => select(r.id));
        row.tr.addEventListener('keydown', (event) => {
          if (event.target === row.tr && (event.key === 'Enter' || event.key === ' ')) {
            event.preventDefault();
            select(r.id);
          }
        });
        consoleRows.set(r.id, row);
      }
      if (row.sig !== sig) {
        row.sig = sig;
        fillRow(row.tr, r, actions);
      }
      if (group.tbody.children[i] !== row.tr) group.tbody.insertBefore(row.tr, group.tbody.children[i] ?? null);
    });
  }
  for (const [id, row] of consoleRows) {
    if (!present.has(id)) {
      row.tr.remove();
      consoleRows.delete(id);
    }
  }
}

function fillRow(tr, r, actions) {
  tr.className = [isDeleted(r) ? 'deleted' : '', S.selectedId === r.id ? 'selected' : ''].join(' ').trim();
  tr.setAttribute('aria-selected', String(S.selectedId === r.id));
  const cells = [
    h('td', { class: 'c-name' }, h('div', { class: 'name', text: r.name }), h('div', { class: 'info small muted', text: summary(r) })),
    h('td', { class: 'c-id' }, h('code', { text: r.id })),
    h('td', { class: 'c-status', 'data-testid': 'status' }, statusNodes(r)),
    h('td', { class: 'c-actions' }, h('div', { class: 'actions-wrap' }, actionButtons(r, actions))),
  ];
  tr.replaceChildren(...cells);
}

function actionButtons(r, actions) {
  if (isDeleted(r)) return [];
  if (!actions) return [h('span', { class: 'muted small', text: '…' })];
  const keys = actionKeys(actions);
  return actions.map((a, i) =>
    h('button', {
      type: 'button',
      class: `action small${a.allowed ? '' : ' denied'}`,
      'data-testid': `action-${keys[i]}`,
      'data-verb': a.verb,
      disabled: !a.allowed,
      title: a.allowed ? `${a.verb}(${short(JSON.stringify(a.args).slice(1, -1), 80)})` : refusalTooltip(a.refusal),
      text: a.label,
      onclick: (event) => {
        event.stopPropagation();
        select(r.id);
        void runAction(a);
      },
    }),
  );
}

async function runAction(action) {
  try {
    const { result } = await command(action.verb, action.args);
    hideRefusal();
    flash(`${action.label}: ${resultText(result)}`);
  } catch (error) {
    showCommandError(error, action.verb, action.args);
  }
  scheduleRefresh(0);
}

function resultText(result) {
  if (result === null || result === undefined) return 'done';
  if (Array.isArray(result)) return `${result.length} resource${result.length === 1 ? '' : 's'}${result.length ? ` (${result.map((x) => x.id ?? '').join(', ')})` : ''}`;
  if (typeof result === 'object' && result.id) return `${result.id}${result.status ? ` ${result.status}` : ''}`;
  return short(JSON.stringify(result), 100);
}

// ---------------------------------------------------------------------------------------------
// Refusal box and notices
// ---------------------------------------------------------------------------------------------

function showCommandError(error, verb, args) {
  const body = error instanceof ApiError ? error.body : { code: 'Network', message: String(error?.message ?? error), details: {} };
  const status = error instanceof ApiError ? error.status : null;
  const box = $('refusal');
  const rule = body?.details?.rule;
  put(
    box,
    h(
      'div',
      { class: 'refusal-head' },
      h('strong', { text: 'Refused' }),
      h('code', { class: 'refusal-code', 'data-testid': 'refusal-code', text: body?.code ?? '?' }),
      rule ? h('span', { class: 'chip rule', 'data-testid': 'refusal-rule', text: `rule ${rule}` }) : null,
      status ? h('span', { class: 'muted small', text: `HTTP ${status}` }) : null,
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'small ghost', 'data-testid': 'refusal-close', title: 'Dismiss', text: '×', onclick: hideRefusal }),
    ),
    h('div', { class: 'refusal-message', 'data-testid': 'refusal-message', text: body?.message ?? '' }),
    h('div', { class: 'refusal-call small muted' }, h('code', { text: `${verb}(${short(JSON.stringify(args ?? []).slice(1, -1), 120)})` })),
    body?.details && Object.keys(body.details).length ? h('details', { class: 'small' }, h('summary', { text: 'details' }), h('pre', { text: JSON.stringify(body.details, null, 2) })) : null,
  );
  box.hidden = false;
  $('selection-scroll').scrollTop = 0;
  box.classList.remove('pulse');
  void box.offsetWidth; // restart the animation
  box.classList.add('pulse');
}

function hideRefusal() {
  $('refusal').hidden = true;
}

let flashTimer = null;
function flash(text) {
  let note = $('flash');
  if (!note) {
    note = h('div', { id: 'flash', class: 'flash', 'data-testid': 'command-status', role: 'status' });
    document.body.append(note);
  }
  note.textContent = text;
  note.classList.add('show');
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => note.classList.remove('show'), 2500);
}

// ---------------------------------------------------------------------------------------------
// Selected resource (side panel)
// ---------------------------------------------------------------------------------------------

let selectionSig = '';
let fieldsOpen = false;

function renderSelection() {
  const body = $('selection-body');
  const id = S.selectedId;
  // Re-rendered only when something shown changed: the open "Fields" box and the scroll stay.
  const sig = JSON.stringify([id, S.detail, S.detailError, [...S.names]]);
  if (sig === selectionSig) return;
  selectionSig = sig;
  if (!id) {
    body.replaceChildren(h('p', { class: 'muted', text: 'Click a row of the console to see its actions, why some are refused, its statechart and its snapshot.' }));
    return;
  }
  if (S.detailError) {
    body.replaceChildren(h('p', { class: 'muted' }, h('code', { text: id }), ': ', h('code', { text: S.detailError.code }), ' ', S.detailError.message));
    return;
  }
  const d = S.detail;
  if (!d) {
    body.replaceChildren(h('p', { class: 'muted', text: `Loading ${id}…` }));
    return;
  }
  const r = d.record;
  const facts = h('dl', { class: 'facts' });
  for (const [key, value] of Object.entries(r)) {
    if (['id', 'kind', 'name', 'status', 'label'].includes(key)) continue;
    facts.append(h('dt', { text: key }), h('dd', {}, factValue(value)));
  }
  const actions = d.actions ?? [];
  const keys = actionKeys(actions);
  const list = h('ul', { class: 'action-list', 'data-testid': 'selection-actions' });
  actions.forEach((a, i) => {
    const li = h('li', { class: a.allowed ? 'allowed' : 'denied', 'data-testid': `reason-${keys[i]}` });
    const head = h(
      'div',
      { class: 'action-head' },
      h('span', { class: 'action-label', text: a.label }),
      h('code', { class: 'small muted', text: a.verb }),
      h('span', { class: 'spacer' }),
      a.allowed
        ? h('button', { type: 'button', class: 'small primary', 'data-testid': `run-${keys[i]}`, text: 'Run', onclick: () => runAction(a) })
        : h('button', { type: 'button', class: 'small warn', 'data-testid': `try-${keys[i]}`, title: 'Send the command anyway and see the refusal the API returns', text: 'Try anyway', onclick: () => runAction(a) }),
    );
    li.append(head);
    if (!a.allowed && a.refusal) {
      li.append(
        h(
          'div',
          { class: 'reason' },
          a.refusal.details?.rule ? h('span', { class: 'chip rule', 'data-testid': 'reason-rule', text: `rule ${a.refusal.details.rule}` }) : h('span', { class: 'chip muted', text: 'no rule' }),
          h('code', { class: 'chip code', 'data-testid': 'reason-code', text: a.refusal.code }),
          h('div', { class: 'reason-message', 'data-testid': 'reason-message', text: a.refusal.message }),
        ),
      );
    }
    list.append(li);
  });
  put(
    body,
    h('div', { class: 'sel-head' }, h('span', { class: 'kind-badge', text: r.kind }), h('strong', { class: 'sel-name', text: r.name }), h('code', { class: 'small muted', text: r.id })),
    h('div', { class: 'sel-status' }, statusNodes(r)),
    h('div', { class: 'sel-value small' }, h('span', { class: 'muted', text: 'state ' }), h('code', { 'data-testid': 'selection-value', text: valueText(d.value) })),
    h('h3', { text: actions.length ? 'Actions' : 'No actions' }),
    isDeleted(r) ? h('p', { class: 'muted small', text: 'Deleted: the record stays for the tombstone TTL, without actions.' }) : list,
    fieldsBox(facts),
  );
}

function fieldsBox(facts) {
  const box = h('details', { class: 'facts-box', open: fieldsOpen }, h('summary', { text: 'Fields' }), facts);
  box.addEventListener('toggle', () => {
    fieldsOpen = box.open;
  });
  return box;
}

function factValue(value) {
  const link = (id) => h('button', { type: 'button', class: 'link', title: `Select ${id}`, text: nameOf(id) ? `${nameOf(id)} (${id})` : id, onclick: () => select(id) });
  if (typeof value === 'string' && S.kinds.has(value)) return link(value);
  if (Array.isArray(value)) {
    if (!value.length) return h('span', { class: 'muted', text: '[]' });
    return value.flatMap((v, i) => [i ? ', ' : '', typeof v === 'string' && S.kinds.has(v) ? link(v) : String(v)]);
  }
  return h('span', { class: `v-${value === null ? 'null' : typeof value}`, text: JSON.stringify(value) });
}

// ---------------------------------------------------------------------------------------------
// Snapshot (JSON tree)
// ---------------------------------------------------------------------------------------------

const treeOpen = new Map(); // path → open (set by the user)
let snapshotSig = '';

function renderSnapshot() {
  const body = $('snapshot-body');
  const d = S.selectedId ? S.detail : null;
  const sig = JSON.stringify([S.selectedId, d]);
  if (sig === snapshotSig) return;
  snapshotSig = sig;
  if (!d) {
    $('snapshot-caption').textContent = '';
    body.replaceChildren(h('p', { class: 'muted', text: S.selectedId ? 'Loading…' : 'No resource selected.' }));
    return;
  }
  $('snapshot-caption').textContent = `${d.record.kind} ${d.record.id}`;
  const scroll = body.scrollTop;
  body.replaceChildren(jsonNode('record', d.record, 'record', 0), jsonNode('value', d.value, 'value', 0), jsonNode('context', d.context, 'context', 0));
  body.scrollTop = scroll;
}

function jsonNode(key, value, path, depth) {
  const keyNode = h('span', { class: 'j-key', text: key });
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const preview = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    const open = treeOpen.has(path) ? treeOpen.get(path) : depth < 2;
    const details = h('details', { class: 'j-node', 'data-path': path, open }, h('summary', {}, keyNode, h('span', { class: 'j-preview muted', text: ` ${preview}` })));
    details.addEventListener('toggle', () => treeOpen.set(path, details.open));
    const children = h('div', { class: 'j-children' });
    for (const [k, v] of entries) children.append(jsonNode(k, v, `${path}.${k}`, depth + 1));
    if (!entries.length) children.append(h('div', { class: 'j-leaf muted', text: Array.isArray(value) ? 'empty array' : 'empty object' }));
    details.append(children);
    return details;
  }
  const type = value === null ? 'null' : typeof value;
  return h('div', { class: 'j-leaf' }, keyNode, ': ', h('span', { class: `v-${type}`, text: JSON.stringify(value) ?? 'undefined' }));
}

// ---------------------------------------------------------------------------------------------
// Statechart: fetched SVG, pan and zoom
// ---------------------------------------------------------------------------------------------

const diagram = { kind: null, resource: null, sig: null, text: null, width: 0, height: 0, token: 0 };
const diagramView = { x: 0, y: 0, k: 1, userMoved: false };

async function showDiagram(kind, resource, sig) {
  if (diagram.kind === kind && diagram.resource === resource && diagram.sig === sig) return;
  const token = ++diagram.token;
  const url = `/api/diagram/${encodeURIComponent(kind)}${resource ? `?resource=${encodeURIComponent(resource)}` : ''}`;
  let text;
  try {
    const res = await fetch(url);
    text = await res.text();
    if (!res.ok) throw new Error(text);
  } catch (error) {
    if (token === diagram.token) $('statechart-caption').textContent = `could not load the ${kind} chart`;
    console.warn(error);
    return;
  }
  if (token !== diagram.token) return;
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName.toLowerCase() !== 'svg' || doc.querySelector('parsererror')) return;
  const node = document.importNode(svg, true);
  const sameChart = diagram.kind === kind && diagram.resource === resource;
  Object.assign(diagram, { kind, resource, sig, text, width: Number(svg.getAttribute('width')) || 800, height: Number(svg.getAttribute('height')) || 600 });
  $('statechart-wrapper').replaceChildren(node);
  $('statechart-empty').hidden = true;
  $('statechart-kind').value = kind;
  const active = node.querySelectorAll('g.state.active').length;
  $('statechart-caption').textContent = resource ? `${kind} · ${nameOf(resource) ?? resource}${active ? '' : ' (no active state)'}` : `${kind} (no resource)`;
  $('statechart-panel').dataset.kind = kind;
  $('statechart-panel').dataset.resource = resource ?? '';
  if (!sameChart || !diagramView.userMoved) focusActive() || fitDiagram();
  else applyView();
}

function applyView() {
  $('statechart-wrapper').style.transform = `translate(${diagramView.x}px, ${diagramView.y}px) scale(${diagramView.k})`;
}

function fitDiagram() {
  const vp = $('statechart-viewport');
  const cw = vp.clientWidth || 600;
  const ch = vp.clientHeight || 400;
  const k = Math.min(cw / diagram.width, ch / diagram.height) * 0.96;
  diagramView.k = k;
  diagramView.x = (cw - diagram.width * k) / 2;
  diagramView.y = (ch - diagram.height * k) / 2;
  applyView();
  return true;
}

/**
 * Zooms to the active states: all the innermost ones when they fit at a readable scale, else the
 * first one with its parent, else the first one alone. False when no state is active.
 */
function focusActive() {
  const svg = $('statechart-wrapper').querySelector('svg');
  if (!svg) return false;
  const active = [...svg.querySelectorAll('g.state.active')];
  const leaves = active.filter((g) => !g.querySelector('g.state.active'));
  if (!leaves.length) return false;
  const bbox = (g) => g.querySelector(':scope > rect.state-box')?.getBBox() ?? null;
  const union = (gs) => {
    const bs = gs.map(bbox).filter(Boolean);
    if (!bs.length) return null;
    const x1 = Math.min(...bs.map((b) => b.x));
    const y1 = Math.min(...bs.map((b) => b.y));
    const x2 = Math.max(...bs.map((b) => b.x + b.width));
    const y2 = Math.max(...bs.map((b) => b.y + b.height));
    return { x1, y1, x2, y2 };
  };
  const first = leaves[0];
  const parent = first.parentElement?.closest('g.state.active');
  const candidates = [union(leaves), parent && !parent.classList.contains('root') ? union([parent]) : null, union([first])].filter(Boolean);
  const vp = $('statechart-viewport');
  const cw = vp.clientWidth || 600;
  const ch = vp.clientHeight || 400;
  const pad = 40;
  const fitK = (u) => Math.min(cw / (u.x2 - u.x1 + pad * 2), ch / (u.y2 - u.y1 + pad * 2));
  const READABLE = 0.6;
  const chosen = candidates.find((u) => fitK(u) >= READABLE) ?? candidates[candidates.length - 1];
  const k = Math.max(READABLE, Math.min(1.2, fitK(chosen)));
  diagramView.k = k;
  diagramView.x = cw / 2 - ((chosen.x1 + chosen.x2) / 2) * k;
  diagramView.y = ch / 2 - ((chosen.y1 + chosen.y2) / 2) * k;
  applyView();
  return true;
}

function zoomAt(px, py, factor) {
  const k = Math.min(6, Math.max(0.05, diagramView.k * factor));
  const ratio = k / diagramView.k;
  diagramView.x = px - (px - diagramView.x) * ratio;
  diagramView.y = py - (py - diagramView.y) * ratio;
  diagramView.k = k;
  diagramView.userMoved = true;
  applyView();
}

function setupPanZoom() {
  const vp = $('statechart-viewport');
  vp.addEventListener(
    'wheel',
    (event) => {
      if (!diagram.text) return;
      event.preventDefault();
      const rect = vp.getBoundingClientRect();
      const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      zoomAt(event.clientX - rect.left, event.clientY - rect.top, Math.exp(-delta * 0.0015));
    },
    { passive: false },
  );
  let drag = null;
  vp.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !diagram.text) return;
    drag = { id: event.pointerId, sx: event.clientX, sy: event.clientY, x: diagramView.x, y: diagramView.y };
    vp.setPointerCapture(event.pointerId);
    vp.classList.add('dragging');
  });
  vp.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    diagramView.x = drag.x + event.clientX - drag.sx;
    diagramView.y = drag.y + event.clientY - drag.sy;
    diagramView.userMoved = true;
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
    diagramView.userMoved = true;
    fitDiagram();
  });
  $('zoom-active').addEventListener('click', () => {
    diagramView.userMoved = false;
    focusActive() || fitDiagram();
  });
  $('statechart-kind').addEventListener('change', () => {
    const kind = $('statechart-kind').value;
    const selectedKind = S.selectedId ? S.kinds.get(S.selectedId) : null;
    diagramView.userMoved = false;
    S.chartOverride = selectedKind === kind ? null : kind;
    if (selectedKind === kind) void showDiagram(kind, S.selectedId, JSON.stringify(S.detail?.value ?? null));
    else void showDiagram(kind, null, 'none');
  });
}

// ---------------------------------------------------------------------------------------------
// Timeline
// ---------------------------------------------------------------------------------------------

const TL = { matched: 0, filter: '', types: new Set(RECORD_TYPES), queue: [], flushTimer: null, stick: true };

function matches(rec) {
  if (!TL.types.has(rec.type)) return false;
  if (!TL.filter) return true;
  if (!rec.resourceId) return false;
  const f = TL.filter;
  return rec.resourceId.toLowerCase().includes(f) || (nameOf(rec.resourceId) ?? '').toLowerCase().includes(f);
}

function describe(rec) {
  switch (rec.type) {
    case 'command': {
      const r = rec.result;
      if (rec.verb === 'advance' && r && typeof r === 'object' && r.from && r.to) {
        const arg = rec.args?.[0];
        return `advance ${typeof arg === 'number' ? fmtSpan(arg) : arg} → ${fmtTime(Date.parse(r.to))}`;
      }
      return `${rec.verb}(${short(JSON.stringify(rec.args ?? []).slice(1, -1), 90)}) → ${resultText(r)}`;
    }
    case 'refusal':
      return `${rec.verb} refused: ${rec.code} — ${rec.message}`;
    case 'event': {
      const type = rec.event?.type ?? '?';
      const after = /^xstate\.after\.([^.]+)\./.exec(type);
      const shown = after ? `after ${after[1]}` : type;
      const from = rec.source && rec.source !== 'world' ? ` from ${nameOf(rec.source) ?? rec.source}` : rec.source === 'world' ? ' from the world' : '';
      return `${shown}${from}`;
    }
    case 'state': {
      const change = rec.from === null ? `→ ${rec.status}` : rec.from === rec.status ? `${rec.status}` : `${rec.from} → ${rec.status}`;
      return `${change} (${rec.label}) · ${valueText(rec.value)}`;
    }
    case 'note':
      return `${rec.note}: ${rec.message}`;
    default:
      return short(JSON.stringify(rec), 160);
  }
}

function resourceCell(id) {
  if (!id) return h('span', { class: 'muted', text: '—' });
  const name = nameOf(id);
  return h('button', { type: 'button', class: `link${name ? '' : ' unnamed'}`, title: `${name ? `${name} · ` : ''}${id} (click to select)`, text: name ?? id, onclick: () => select(id) });
}

/** Rows written before their resource's name was known get it now. */
function nameTimelineRows(ids) {
  for (const id of ids) {
    for (const tr of $('timeline-body').querySelectorAll(`.tl-row[data-res="${CSS.escape(id)}"]`)) {
      const cell = tr.querySelector('.c-res');
      if (cell?.querySelector('.unnamed')) cell.replaceChildren(resourceCell(id));
    }
  }
}

function timelineRow(rec) {
  const what = describe(rec);
  return h(
    'div',
    { class: `tl-row t-${rec.type}`, role: 'row', 'data-seq': rec.seq, 'data-type': rec.type, 'data-res': rec.resourceId ?? '' },
    h('span', { class: 'c-seq muted' }, h('button', {
      type: 'button', class: 'link travel', 'data-testid': `travel-${rec.seq}`,
      title: `See the world as it was at record #${rec.seq} (time travel)`, text: String(rec.seq), onclick: () => travelTo(rec.seq),
    })),
    h('span', { class: 'c-time', text: fmtTime(rec.at) }),
    h('span', { class: 'c-res' }, resourceCell(rec.resourceId)),
    h('span', { class: 'c-type' }, h('span', { class: `type-badge type-${rec.type}`, text: rec.type })),
    h('span', { class: 'c-what', title: rec.type === 'event' ? rec.event?.type ?? '' : what, text: what }),
  );
}

function renderTimelineFull() {
  TL.queue = [];
  const body = $('timeline-body');
  const matched = S.records.filter(matches);
  TL.matched = matched.length;
  const frag = document.createDocumentFragment();
  for (const rec of matched.slice(-TIMELINE_DOM_MAX)) frag.append(timelineRow(rec));
  body.replaceChildren(frag);
  updateTimelineCounts();
  TL.stick = true;
  followTimeline();
}

/** Live records are written to the DOM at most every 80 ms (250 ms while playing), in one go: one layout, not one per batch. */
function queueTimeline(records) {
  for (const r of records) TL.queue.push(r);
  if (TL.flushTimer === null) TL.flushTimer = setTimeout(flushTimeline, S.playing ? 250 : 80);
}

function flushTimeline() {
  TL.flushTimer = null;
  const records = TL.queue;
  TL.queue = [];
  const body = $('timeline-body');
  const matched = records.filter(matches);
  if (!matched.length) return updateTimelineCounts();
  TL.matched += matched.length;
  // Only the last rows live in the DOM; the earlier ones are counted.
  const rows = matched.slice(-TIMELINE_DOM_MAX).map(timelineRow);
  const surplus = body.childElementCount + rows.length - TIMELINE_DOM_MAX;
  if (surplus >= body.childElementCount) body.replaceChildren();
  else if (surplus > 0) {
    const range = document.createRange();
    range.setStartBefore(body.firstElementChild);
    range.setEndAfter(body.children[surplus - 1]);
    range.deleteContents();
  }
  body.append(...rows);
  updateTimelineCounts();
  followTimeline();
}

function updateTimelineCounts() {
  const shown = $('timeline-body').childElementCount;
  const hidden = Math.max(0, TL.matched - shown);
  const hiddenNode = $('timeline-hidden');
  hiddenNode.hidden = hidden === 0;
  hiddenNode.textContent = hidden ? `${hidden.toLocaleString('en')} earlier matching record${hidden === 1 ? '' : 's'} not shown (the last ${TIMELINE_DOM_MAX.toLocaleString('en')} are)` : '';
  hiddenNode.dataset.hidden = String(hidden);
  $('timeline-count').textContent = `${shown.toLocaleString('en')} shown · ${TL.matched.toLocaleString('en')} matching · ${S.records.length.toLocaleString('en')} records (last seq ${S.lastSeq})`;
}

/** Keeps the newest row in view while "follow" is on and the user has not scrolled up. */
function followTimeline() {
  if (!$('timeline-follow').checked || !TL.stick) return;
  const scroller = $('timeline-scroll');
  scroller.scrollTop = scroller.scrollHeight;
}

/** Adds records (from a page of the journal or a live batch), each once, in seq order. */
function ingest(records) {
  if (!Array.isArray(records) || !records.length) return;
  let outOfOrder = false;
  const fresh = [];
  for (const r of records) {
    if (S.seen.has(r.seq)) continue;
    S.seen.add(r.seq);
    if (r.seq < S.lastSeq) outOfOrder = true;
    S.lastSeq = Math.max(S.lastSeq, r.seq);
    fresh.push(r);
  }
  if (!fresh.length) return;
  for (const r of fresh) S.records.push(r);
  if (outOfOrder) S.records.sort((a, b) => a.seq - b.seq);
  let trimmed = false;
  if (S.records.length > RECORDS_MEMORY_MAX + 5000) {
    for (const r of S.records.splice(0, S.records.length - RECORDS_MEMORY_MAX)) S.seen.delete(r.seq);
    trimmed = true;
  }
  if (outOfOrder || trimmed) renderTimelineFull();
  else queueTimeline(fresh);
}

async function loadJournal(epoch) {
  for (;;) {
    const { records } = await api(`/api/journal?after=${S.lastSeq}&limit=${JOURNAL_PAGE}`);
    if (epoch !== S.epoch) return;
    ingest(records);
    if (records.length < JOURNAL_PAGE) return;
  }
}

function setupTimeline() {
  let timer = null;
  $('timeline-filter').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      TL.filter = $('timeline-filter').value.trim().toLowerCase();
      renderTimelineFull();
    }, 150);
  });
  for (const box of $('timeline-types').querySelectorAll('input[type=checkbox]')) {
    box.addEventListener('change', () => {
      if (box.checked) TL.types.add(box.value);
      else TL.types.delete(box.value);
      renderTimelineFull();
    });
  }
  $('timeline-follow').addEventListener('change', () => {
    TL.stick = true;
    followTimeline();
  });
  const scroller = $('timeline-scroll');
  scroller.addEventListener('scroll', () => {
    TL.stick = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
  }, { passive: true });
}

// ---------------------------------------------------------------------------------------------
// Scenario player
// ---------------------------------------------------------------------------------------------

const outcomeNodes = new Map(); // index → li
let outcomesScenario = null;

async function loadScenarioList() {
  try {
    S.scenarios = await api('/api/scenarios');
  } catch (error) {
    console.warn(error);
    return;
  }
  const select = $('scenario-select');
  const walk = h('optgroup', { label: 'Walkthroughs' });
  const rules = h('optgroup', { label: 'By rule' });
  for (const s of S.scenarios) {
    (s.walkthrough ? walk : rules).append(h('option', { value: s.id, title: s.title, text: `${s.title} (${s.rules.join(', ')})` }));
  }
  select.replaceChildren(walk, rules);
  if (S.state) select.value = S.state.scenario.id;
}

function renderScenario() {
  const sc = S.state?.scenario;
  if (!sc) return;
  if (outcomesScenario !== sc.id || sc.outcomes.length < outcomeNodes.size) {
    outcomesScenario = sc.id;
    outcomeNodes.clear();
    $('scenario-outcomes').replaceChildren();
    if (S.scenarios.length) $('scenario-select').value = sc.id;
  }
  $('scenario-narrative').textContent = sc.narrative ?? '';
  $('scenario-narrative').title = sc.narrative ?? '';
  const status = $('scenario-status');
  put(
    status,
    h('span', { text: `step ${sc.position} of ${sc.steps}` }),
    h('span', { class: `chip ${sc.ok ? 'pass' : 'fail'}`, text: sc.ok ? 'ok' : 'failed' }),
    sc.done ? h('span', { class: 'chip', text: 'ended' }) : null,
  );
  $('scenario-position').textContent = `rules ${sc.rules.join(', ')}`;
  status.dataset.done = String(sc.done);
  status.dataset.ok = String(sc.ok);
  $('scenario-step').disabled = sc.done || S.running;
  for (const o of sc.outcomes) addOutcome(o);
}

function addOutcome(o) {
  if (outcomeNodes.has(o.index)) return;
  const li = h(
    'li',
    { class: `outcome ${o.ok ? 'pass' : 'fail'} kind-${o.kind}`, 'data-testid': `outcome-${o.index}`, 'data-index': o.index },
    h('div', { class: 'outcome-head' }, h('span', { class: 'o-index', text: `#${o.index}` }), h('span', { class: `o-kind kind-${o.kind}`, text: o.kind }), h('span', { class: 'spacer' }), h('span', { class: 'o-at muted small', text: fmtTime(Date.parse(o.at)) }), h('span', { class: `o-ok ${o.ok ? 'pass' : 'fail'}`, text: o.ok ? '✓' : '✗' })),
    h('div', { class: o.kind === 'say' ? 'o-desc narration' : 'o-desc', text: o.description }),
  );
  if (o.refusal) li.append(h('div', { class: 'o-refusal' }, h('code', { class: 'chip code', 'data-testid': 'outcome-refusal-code', text: o.refusal.code }), ' ', h('span', { text: o.refusal.message })));
  if (o.failure) {
    li.append(
      h(
        'div',
        { class: 'o-failure' },
        h('div', { text: o.failure.message }),
        h('div', { class: 'small' }, 'expected ', h('code', { text: JSON.stringify(o.failure.expected) }), ', actual ', h('code', { text: JSON.stringify(o.failure.actual) })),
      ),
    );
  }
  if (o.changes?.length) {
    li.append(
      h(
        'ul',
        { class: 'o-changes small' },
        o.changes.map((c) => h('li', {}, h('strong', { text: c.name }), ` ${c.from ? `${c.from.label} (${c.from.status})` : 'new'} → ${c.to.label} (${c.to.status})`)),
      ),
    );
  }
  outcomeNodes.set(o.index, li);
  const list = $('scenario-outcomes');
  const after = [...list.children].find((n) => Number(n.dataset.index) > o.index);
  list.insertBefore(li, after ?? null);
  list.scrollTop = list.scrollHeight;
}

async function stepScenario() {
  try {
    const outcome = await api('/api/scenario/step', { method: 'POST' });
    if (S.state && outcome) {
      addOutcome(outcome);
      scheduleRefresh(0);
    }
    return outcome;
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      flash(error.body?.message ?? 'The scenario has ended.');
      scheduleRefresh(0);
      return null;
    }
    showCommandError(error, 'scenario/step', []);
    return null;
  }
}

async function runScenario() {
  if (S.running) {
    S.running = false;
    return;
  }
  S.running = true;
  $('scenario-run').textContent = '■ Stop';
  $('scenario-step').disabled = true;
  try {
    while (S.running) {
      const outcome = await stepScenario();
      // The last step ends the run: no extra request that would only answer 400.
      if (!outcome || !outcome.ok || (S.state && outcome.index >= S.state.scenario.steps)) break;
      await nextFrame();
    }
  } finally {
    S.running = false;
    $('scenario-run').textContent = 'Run to end';
    scheduleRefresh(0);
  }
}

async function loadScenario() {
  const id = $('scenario-select').value;
  if (!id) return;
  setPlaying(false);
  S.running = false;
  // Nothing of the old world may be asked for once the new one exists.
  S.epoch++;
  actionsAbort?.abort();
  try {
    await api('/api/scenario/load', { method: 'POST', body: { id } });
  } catch (error) {
    showCommandError(error, 'scenario/load', [id]);
    return;
  }
  await resetAll(`scenario ${id} loaded`);
}

// ---------------------------------------------------------------------------------------------
// External actors (@statelyai/inspect via /inspect)
// ---------------------------------------------------------------------------------------------

const externals = new Map(); // sessionId → { sessionId, machine, name, value, event, count, tr }

function onExternal(event) {
  if (!event || typeof event.sessionId !== 'string') return;
  let actor = externals.get(event.sessionId);
  if (!actor) {
    actor = { sessionId: event.sessionId, machine: null, name: null, value: null, event: null, count: 0, tr: h('tr', { 'data-testid': `external-${event.sessionId}` }) };
    externals.set(event.sessionId, actor);
    $('external-body').append(actor.tr);
  }
  actor.count++;
  if (event.type === '@xstate.actor') {
    actor.name = event.name ?? actor.name;
    if (typeof event.definition === 'string') {
      try {
        actor.machine = JSON.parse(event.definition)?.id ?? actor.machine;
      } catch {
        /* not JSON: keep the name */
      }
    } else if (event.definition && typeof event.definition === 'object') actor.machine = event.definition.id ?? actor.machine;
  }
  if ((event.type === '@xstate.actor' || event.type === '@xstate.snapshot') && event.snapshot && 'value' in event.snapshot) actor.value = event.snapshot.value;
  if (event.type === '@xstate.event' || event.type === '@xstate.snapshot') actor.event = event.event?.type || actor.event;
  actor.tr.replaceChildren(
    h('td', {}, h('code', { class: 'small', title: event.sessionId, text: event.sessionId })),
    h('td', { text: actor.machine ?? actor.name ?? '—' }),
    h('td', {}, h('code', { 'data-testid': 'external-value', text: actor.value === null ? '—' : valueText(actor.value) })),
    h('td', { class: 'small muted', text: `${actor.event ?? '—'} (${actor.count})` }),
  );
  $('external-empty').hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, class: 'hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

function exportSvg() {
  if (!diagram.text) {
    flash('No diagram to export yet: select a resource or a chart.');
    return;
  }
  const name = `${diagram.kind}${diagram.resource ? `-${diagram.resource}` : ''}.svg`;
  download(new Blob([diagram.text], { type: 'image/svg+xml' }), name);
  $('export-status').textContent = `saved ${name}`;
  flash(`Saved ${name}`);
}

async function exportMermaid() {
  if (!diagram.kind) {
    flash('No diagram to export yet: select a resource or a chart.');
    return;
  }
  const query = diagram.resource ? `&resource=${encodeURIComponent(diagram.resource)}` : '';
  const res = await fetch(`/api/diagram/${encodeURIComponent(diagram.kind)}?format=mermaid${query}`);
  const name = `${diagram.kind}${diagram.resource ? `-${diagram.resource}` : ''}.mmd`;
  download(new Blob([await res.text()], { type: 'text/plain' }), name);
  $('export-status').textContent = `saved ${name}`;
  flash(`Saved ${name}`);
}

async function exportJournal() {
  const status = $('export-status');
  status.textContent = 'reading the journal…';
  flash(status.textContent);
  const lines = [];
  let after = 0;
  try {
    for (;;) {
      const { records } = await api(`/api/journal?after=${after}&limit=${JOURNAL_PAGE}`);
      for (const r of records) lines.push(JSON.stringify(r));
      if (records.length < JOURNAL_PAGE) break;
      after = records[records.length - 1].seq;
      status.textContent = `reading the journal… ${lines.length.toLocaleString('en')}`;
    }
  } catch (error) {
    status.textContent = `failed: ${error.message}`;
    flash(`Journal export ${status.textContent}`);
    return;
  }
  const name = `cbr-sim-journal-${S.state?.scenario.id ?? 'session'}.jsonl`;
  download(new Blob([lines.join('\n') + (lines.length ? '\n' : '')], { type: 'application/x-ndjson' }), name);
  status.textContent = `saved ${name} (${lines.length.toLocaleString('en')} records)`;
  flash(status.textContent);
}

// ---------------------------------------------------------------------------------------------
// Live connection
// ---------------------------------------------------------------------------------------------

let ws = null;
let backoff = 500;

function setLive(state, text) {
  const node = $('live-status');
  node.dataset.state = state;
  node.textContent = text;
}

function connectLive() {
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/live`;
  setLive('connecting', 'connecting…');
  let socket;
  try {
    socket = new WebSocket(url);
  } catch {
    return retryLive();
  }
  ws = socket;
  socket.addEventListener('open', () => {
    backoff = 500;
    setLive('live', 'live');
  });
  socket.addEventListener('message', (message) => {
    let msg;
    try {
      msg = JSON.parse(message.data);
    } catch {
      return;
    }
    switch (msg.type) {
      case 'hello':
        if (msg.seq < S.lastSeq) void resetAll('the server has a new world');
        else {
          socket.send(JSON.stringify({ type: 'catchup', after: S.lastSeq }));
          scheduleRefresh(0);
        }
        break;
      case 'records':
        ingest(msg.records);
        if (msg.records?.length >= JOURNAL_PAGE) socket.send(JSON.stringify({ type: 'catchup', after: S.lastSeq }));
        scheduleRefresh(100);
        break;
      case 'reset':
        void resetAll(msg.reason);
        break;
      case 'external':
        onExternal(msg.event);
        break;
      default:
        break;
    }
  });
  socket.addEventListener('close', () => {
    if (ws === socket) retryLive();
  });
}

function retryLive() {
  setLive('down', `reconnecting in ${Math.round(backoff / 100) / 10} s…`);
  setTimeout(connectLive, backoff);
  backoff = Math.min(backoff * 2, 10_000);
}

let resetting = null;
async function resetAll(reason) {
  S.epoch++;
  actionsAbort?.abort();
  const epoch = S.epoch;
  setPlaying(false);
  S.records = [];
  S.seen.clear();
  S.lastSeq = 0;
  S.actions.clear();
  S.detail = null;
  S.names.clear();
  S.kinds.clear();
  TL.matched = 0;
  TL.queue = [];
  $('timeline-body').replaceChildren();
  outcomeNodes.clear();
  outcomesScenario = null;
  $('scenario-outcomes').replaceChildren();
  Object.assign(diagram, { sig: null });
  snapshotSig = '';
  if (reason) flash(`Reloaded: ${reason}`);
  const run = (async () => {
    try {
      await refresh();
      if (epoch !== S.epoch) return;
      await loadJournal(epoch);
      // The selected resource may not exist in the new world.
      if (S.selectedId && !S.kinds.has(S.selectedId)) {
        S.selectedId = null;
        renderConsole();
        renderSelection();
        renderSnapshot();
      }
      if (S.scenarios.length && S.state) $('scenario-select').value = S.state.scenario.id;
    } catch (error) {
      console.warn('reload failed', error);
    }
  })();
  resetting = run;
  await run;
  if (resetting === run) resetting = null;
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

function wire() {
  for (const button of document.querySelectorAll('[data-advance]')) button.addEventListener('click', () => advance(button.dataset.advance));
  $('next-timer').addEventListener('click', () => advanceToNextTimer());
  $('clock-play').addEventListener('click', () => setPlaying(!S.playing));
  $('show-deleted').addEventListener('change', renderConsole);
  $('clock-speed').addEventListener('change', () => {
    $('console-panel').classList.toggle('actions-paused', playingFast());
    if (!playingFast()) void refreshActions();
  });
  $('scenario-load').addEventListener('click', loadScenario);
  $('scenario-step').addEventListener('click', stepScenario);
  $('scenario-run').addEventListener('click', runScenario);
  $('export-svg').addEventListener('click', exportSvg);
  $('export-mermaid').addEventListener('click', exportMermaid);
  $('export-journal').addEventListener('click', exportJournal);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hideRefusal();
  });
  setupPanZoom();
  setupTimeline();
}

async function start() {
  buildConsole();
  wire();
  updateTimelineCounts();
  await resetAll(null);
  await loadScenarioList();
  connectLive();
  // With nothing selected, show the backup chart (the one the README is about).
  if (!S.selectedId) {
    const firstBackup = S.state?.resources.find((r) => r.kind === 'backup' && !isDeleted(r));
    if (firstBackup) select(firstBackup.id);
    else void showDiagram('backup', null, 'none');
  }
}

void start();


// --- time travel ------------------------------------------------------------------------------

/** Shows the world as it was at journal record `seq` (read only), with "resume from here". */
async function travelTo(seq) {
  const box = document.getElementById('travel');
  let past;
  try {
    past = await api(`/api/travel?seq=${seq}`);
  } catch (error) {
    box.replaceChildren(h('p', { class: 'travel-error', text: String(error?.message ?? error) }));
    box.hidden = false;
    return;
  }
  const rows = past.resources.map((r) =>
    h('tr', { 'data-testid': `travel-row-${r.id}` },
      h('td', { text: r.name }), h('td', { class: 'muted', text: r.kind }), h('td', { text: `${r.label} · ${r.status}` })));
  box.replaceChildren(
    h('div', { class: 'travel-head' },
      h('strong', { text: `The world at record #${seq}` }),
      h('span', { class: 'muted', text: ` ${past.now.replace('T', ' ').slice(0, 19)} UTC · read only` })),
    h('table', { class: 'travel-table' }, h('tbody', {}, ...rows)),
    h('div', { class: 'travel-actions' },
      h('button', {
        type: 'button', 'data-testid': 'travel-resume', text: 'Resume from here',
        title: 'Replace the world, for every tab, with the world as it was at this record',
        onclick: async () => {
          await api('/api/fork', { method: 'POST', body: { seq } });
          box.hidden = true;
        },
      }),
      h('button', { type: 'button', 'data-testid': 'travel-close', text: 'Close', onclick: () => { box.hidden = true; } })),
  );
  box.hidden = false;
}
