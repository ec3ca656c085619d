/**
 * The selected resource: its record, its actions with the reason, rule and code of each refused
 * one ("Try anyway" sends it and shows the refusal), its snapshot and its statechart. Its detail
 * (GET /api/resources/:id) is asked for once at a time; changes meanwhile ask again once.
 * A task or a restore point is selected the same way: its record, no actions and no chart (it
 * is no actor: the statechart panel says so).
 */
import { $, h, put } from './dom.js';
import { api, ApiError } from './api.js';
import { S, isDeleted, nameOf, recordOf, requestRender } from './store.js';
import { actionKeys, statusNodes, valueText } from './format.js';
import { runAction, markStale } from './row-actions.js';
import { renderSnapshot } from './snapshot.js';
import { showChart, showChartOf, showNoChart } from './statechart.js';
import { revealRow } from './console.js';
import { ruleChip } from './rules.js';

let inFlight = false;
let again = false;

export function select(id) {
  if (S.selectedId === id) return;
  const previous = S.selectedId;
  S.selectedId = id;
  S.detail = null;
  S.detailError = null;
  S.chartOverride = null;
  requestRender({ rows: [previous, id].filter(Boolean), selection: true });
  revealRow(id);
  const kind = recordOf(id)?.kind ?? logKindOf(id);
  if (kind === 'task' || kind === 'checkpoint') showNoChart(kind);
  else if (kind) void showChart(kind, id, { refit: true });
  void refreshSelected();
  markStale();
}

/** `task` or `checkpoint` for the id of one (by the prefix the simulation gives them), else null. */
export function logKindOf(id) {
  return /^task-/.test(id ?? '') ? 'task' : /^cp-/.test(id ?? '') ? 'checkpoint' : null;
}

/**
 * Whether the page may still show `id`: a task older than the newest the page was sent is still
 * in the server's log when the log holds more than the page.
 */
function stillThere(id) {
  if (recordOf(id)) return true;
  return logKindOf(id) === 'task' && S.taskCount > S.tasks.size;
}

/** Drops a selection the world no longer has (another scenario, an expired tombstone). */
export function dropMissingSelection() {
  if (S.selectedId && !stillThere(S.selectedId)) {
    const id = S.selectedId;
    S.selectedId = null;
    S.detail = null;
    S.detailError = null;
    requestRender({ rows: [id], selection: true });
  }
}

export async function refreshSelected() {
  if (inFlight) {
    again = true;
    return;
  }
  const id = S.selectedId;
  const epoch = S.epoch;
  if (!id) return requestRender({ selection: true });
  inFlight = true;
  const travel = S.travel;
  try {
    // In the past (time travel), the resource as it was then: read only.
    const d = await api(travel ? `/api/travel/resources/${encodeURIComponent(id)}?seq=${travel.seq}` : `/api/resources/${encodeURIComponent(id)}`);
    if (id === S.selectedId && epoch === S.epoch && travel === S.travel) {
      S.detail = d;
      S.detailError = null;
      S.actions.set(id, d.actions);
      showChartOf(d);
    }
  } catch (error) {
    if (id === S.selectedId && epoch === S.epoch && travel === S.travel) {
      S.detail = null;
      S.detailError = error instanceof ApiError ? error.body : { code: 'Network', message: String(error) };
    }
  } finally {
    inFlight = false;
    requestRender({ rows: [id], selection: true });
    if (again) {
      again = false;
      void refreshSelected();
    }
  }
}

let shown = { id: undefined, detail: undefined, error: undefined, sig: '' };
let fieldsOpen = false;

export function renderSelection() {
  renderSnapshot();
  const body = $('selection-body');
  const id = S.selectedId;
  // Redrawn only when something shown changed: the open "Fields" box and the scroll stay. A new
  // answer for the same resource is compared by content (it often says the same thing again).
  if (shown.id === id && shown.detail === S.detail && shown.error === S.detailError) return;
  const sig = JSON.stringify([id, S.detail?.record, S.detail?.actions, S.detail?.value, S.detailError]);
  const same = sig === shown.sig;
  shown = { id, detail: S.detail, error: S.detailError, sig };
  if (same) return;
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
  put(
    body,
    h('div', { class: 'sel-head' }, h('span', { class: 'kind-badge', text: r.kind }), h('strong', { class: 'sel-name', text: r.name }), h('code', { class: 'small muted', text: r.id })),
    h('div', { class: 'sel-status' }, statusNodes(r)),
    logKindOf(r.id)
      ? h('p', { class: 'muted small', 'data-testid': 'selection-no-actor', text: r.kind === 'task' ? 'A task of CBR\'s task log: it follows the work it logs, and has no actions and no chart of its own.' : 'A restore point: its status follows its backups\' (each has its own actions and chart).' })
      : h('div', { class: 'sel-value small' }, h('span', { class: 'muted', text: 'state ' }), h('code', { 'data-testid': 'selection-value', text: valueText(d.value) })),
    h('h3', { text: actions.length ? 'Actions' : 'No actions' }),
    isDeleted(r) ? h('p', { class: 'muted small', text: 'Deleted: the record stays for the tombstone TTL, without actions.' }) : actionList(actions),
    fieldsBox(facts),
  );
}

function actionList(actions) {
  const keys = actionKeys(actions);
  const list = h('ul', { class: 'action-list', 'data-testid': 'selection-actions' });
  actions.forEach((a, i) => {
    const li = h('li', { class: a.allowed ? 'allowed' : 'denied', 'data-testid': `reason-${keys[i]}` });
    li.append(
      h(
        'div',
        { class: 'action-head' },
        h('span', { class: 'action-label', text: a.label }),
        h('code', { class: 'small muted', text: a.verb }),
        h('span', { class: 'spacer' }),
        S.travel
          ? h('span', { class: 'small muted', text: a.allowed ? 'allowed then' : 'refused then' })
          : a.allowed
            ? h('button', { type: 'button', class: 'small primary', 'data-testid': `run-${keys[i]}`, text: 'Run', onclick: () => runAction(a) })
            : h('button', { type: 'button', class: 'small warn', 'data-testid': `try-${keys[i]}`, title: 'Send the command anyway and see the refusal the API returns', text: 'Try anyway', onclick: () => runAction(a) }),
      ),
    );
    if (!a.allowed && a.refusal) {
      li.append(
        h(
          'div',
          { class: 'reason' },
          a.refusal.details?.rule ? ruleChip(a.refusal.details.rule, { label: `rule ${a.refusal.details.rule}`, testid: 'reason-rule' }) : h('span', { class: 'chip muted', text: 'no rule' }),
          h('code', { class: 'chip code', 'data-testid': 'reason-code', text: a.refusal.code }),
          h('div', { class: 'reason-message', 'data-testid': 'reason-message', text: a.refusal.message }),
        ),
      );
    }
    list.append(li);
  });
  return list;
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
  if (typeof value === 'string' && S.names.has(value)) return link(value);
  if (Array.isArray(value)) {
    if (!value.length) return h('span', { class: 'muted', text: '[]' });
    return value.flatMap((v, i) => [i ? ', ' : '', typeof v === 'string' && S.names.has(v) ? link(v) : String(v)]);
  }
  return h('span', { class: `v-${value === null ? 'null' : typeof value}`, text: JSON.stringify(value) });
}
