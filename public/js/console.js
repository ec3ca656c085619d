/**
 * The console view: one table per kind of resource, rows like the CBR console's (name, id, label
 * and API status, per-row actions). Rows are kept, not rebuilt: a frame redraws only the rows the
 * last batches touched, and a new resource's row is appended to its table.
 */
import { $, h } from './dom.js';
import { S, dirty, isDeleted } from './store.js';
import { actionKeys, refusalTooltip, short, statusNodes, summary } from './format.js';
import { select } from './selection.js';
import { observeRow, runAction, unobserveRow } from './row-actions.js';

export const KINDS = ['server', 'disk', 'vault', 'policy', 'backup', 'image'];
const KIND_TITLES = { server: 'Servers (ECS)', disk: 'Disks (EVS)', vault: 'Vaults', policy: 'Policies', backup: 'Backups', image: 'Images' };

const groups = new Map(); // kind → { section, count, tbody, table, empty }
const rows = new Map(); // id → { tr, sig }

export function buildConsole() {
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
    groups.set(kind, { section, count, tbody, table, empty });
  }
}

const shown = (r) => r && (!isDeleted(r) || $('show-deleted').checked);

/** Redraws what is dirty: every row after a reset (`dirty.all`), else only the touched ones. */
export function renderConsole() {
  if (dirty.all) {
    const present = new Set();
    const position = new Map(KINDS.map((k) => [k, 0]));
    for (const r of S.resources.values()) {
      if (!shown(r)) continue;
      present.add(r.id);
      const row = upsert(r);
      const group = groups.get(r.kind);
      const i = position.get(r.kind);
      position.set(r.kind, i + 1);
      if (group.tbody.children[i] !== row.tr) group.tbody.insertBefore(row.tr, group.tbody.children[i] ?? null);
    }
    for (const id of [...rows.keys()]) if (!present.has(id)) remove(id);
  } else {
    for (const id of dirty.rows) {
      const r = S.resources.get(id);
      if (shown(r)) upsert(r);
      else remove(id);
    }
  }
  if (dirty.all || dirty.rows.size) renderCounts();
}

function renderCounts() {
  const live = new Map(KINDS.map((k) => [k, 0]));
  const deleted = new Map(KINDS.map((k) => [k, 0]));
  for (const r of S.resources.values()) (isDeleted(r) ? deleted : live).set(r.kind, ((isDeleted(r) ? deleted : live).get(r.kind) ?? 0) + 1);
  const showDeleted = $('show-deleted').checked;
  for (const kind of KINDS) {
    const group = groups.get(kind);
    const n = live.get(kind);
    const d = showDeleted ? deleted.get(kind) : 0;
    group.count.textContent = d ? `(${n} + ${d} deleted)` : `(${n})`;
    group.empty.hidden = n + d > 0;
    group.table.hidden = n + d === 0;
  }
}

function upsert(r) {
  let row = rows.get(r.id);
  if (!row) {
    const tr = h('tr', { 'data-testid': `row-${r.id}`, 'data-id': r.id, 'data-kind': r.kind, tabindex: 0 });
    tr.addEventListener('click', () => select(r.id));
    tr.addEventListener('keydown', (event) => {
      if (event.target === tr && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        select(r.id);
      }
    });
    row = { tr, sig: '' };
    rows.set(r.id, row);
    groups.get(r.kind).tbody.append(tr);
    observeRow(tr, r.id);
  }
  const actions = isDeleted(r) ? [] : S.actions.get(r.id);
  const sig = JSON.stringify([r, actions ?? null, S.selectedId === r.id, summary(r)]);
  if (row.sig !== sig) {
    row.sig = sig;
    fill(row.tr, r, actions);
  }
  return row;
}

function remove(id) {
  const row = rows.get(id);
  if (!row) return;
  unobserveRow(row.tr);
  row.tr.remove();
  rows.delete(id);
}

function fill(tr, r, actions) {
  tr.className = [isDeleted(r) ? 'deleted' : '', S.selectedId === r.id ? 'selected' : ''].join(' ').trim();
  tr.setAttribute('aria-selected', String(S.selectedId === r.id));
  tr.replaceChildren(
    h('td', { class: 'c-name' }, h('div', { class: 'name', text: r.name }), h('div', { class: 'info small muted', text: summary(r) })),
    h('td', { class: 'c-id' }, h('code', { text: r.id })),
    h('td', { class: 'c-status', 'data-testid': 'status' }, statusNodes(r)),
    h('td', { class: 'c-actions' }, h('div', { class: 'actions-wrap' }, actionButtons(r, actions))),
  );
}

function actionButtons(r, actions) {
  if (isDeleted(r)) return [];
  if (!actions) return [h('span', { class: 'muted small', title: 'The actions are asked for when the row is on screen', text: '…' })];
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
