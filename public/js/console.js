/**
 * The console view: one table per kind of resource, rows like the CBR console's (name, id, label
 * and API status, per-row actions), paged like the console's tables (25 rows a page), so a fleet
 * of thousands costs the page a screenful of rows. Rows are kept, not rebuilt: a redraw refills
 * only the rows whose record, actions or selection changed.
 *
 * Five tabs: the resources; on premises (C10: the sites, their VMware VMs and eBackup's local
 * copies; the hybrid vaults are vaults, listed with the others); the restore points and the Tasks
 * page (tasks-page.js: no resources, no actors); the IMS, ECS and EVS jobs (actors of the job
 * chart, shown like a resource).
 */
import { $, h } from './dom.js';
import { S, dirty, isDeleted, requestRender } from './store.js';
import { actionKeys, refusalTooltip, short, statusNodes, summary } from './format.js';
import { select } from './selection.js';
import { observeRow, runAction, unobserveRow } from './row-actions.js';
import { buildTasksPage, renderTasksPage } from './tasks-page.js';

const KINDS = ['server', 'disk', 'vault', 'policy', 'backup', 'image', 'job', 'site', 'vm', 'localCopy'];
const KIND_TITLES = {
  server: 'Servers (ECS)', disk: 'Disks (EVS)', vault: 'Vaults', policy: 'Policies', backup: 'Backups', image: 'Images', job: 'Jobs (IMS, ECS, EVS)',
  site: 'Sites', vm: 'VMware VMs', localCopy: 'Local copies (eBackup)',
};
/** What an empty table says, where its title lower-cased would not read well or a way in helps. */
const EMPTY_TEXTS = {
  site: 'No sites: createSite makes one (a scenario\'s createSite step, or the library).',
  vm: 'No VMware VMs: Add VM on a site makes one.',
  localCopy: 'No local copies: Back Up on a VM makes one (eBackup, on premises).',
};
const TABS = [
  { name: 'resources', title: 'Resources' }, { name: 'onprem', title: 'On premises' }, { name: 'checkpoints', title: 'Restore points' },
  { name: 'tasks', title: 'Tasks' }, { name: 'jobs', title: 'Jobs' },
];
/** The tab each kind of record is listed in. */
const TAB_OF = { job: 'jobs', task: 'tasks', checkpoint: 'checkpoints', site: 'onprem', vm: 'onprem', localCopy: 'onprem' };
const tabs = new Map(); // name → { button, pane }
let currentTab = 'resources';

/** Shows one tab of the console (`resources`, `onprem`, `checkpoints`, `tasks`, `jobs`). */
export function showTab(name) {
  if (!tabs.has(name)) return;
  currentTab = name;
  for (const [n, t] of tabs) {
    t.pane.hidden = n !== name;
    t.button.setAttribute('aria-selected', String(n === name));
    t.button.classList.toggle('active', n === name);
  }
  flushLogs();
}

/**
 * What the Tasks and Restore points tables still have to redraw. A hidden one is not redrawn as
 * the clock runs (a fleet changes its tasks every batch): it is, once, when its tab is shown.
 */
const pendingLogs = { taskDirty: false, checkpointDirty: false };

function flushLogs() {
  const taskDirty = pendingLogs.taskDirty && currentTab === 'tasks';
  const checkpointDirty = pendingLogs.checkpointDirty && currentTab === 'checkpoints';
  if (taskDirty) pendingLogs.taskDirty = false;
  if (checkpointDirty) pendingLogs.checkpointDirty = false;
  if (taskDirty || checkpointDirty) renderTasksPage({ taskDirty, checkpointDirty });
}

function buildTabs(body) {
  const bar = h('div', { class: 'console-tabs', role: 'tablist', 'aria-label': 'Console pages' });
  for (const { name, title } of TABS) {
    const button = h('button', { type: 'button', role: 'tab', class: 'tab', id: `console-tab-${name}`, 'data-testid': `console-tab-${name}`, text: title, onclick: () => showTab(name) });
    const pane = h('div', { role: 'tabpanel', class: 'console-pane', 'data-testid': `console-pane-${name}`, 'aria-labelledby': `console-tab-${name}` });
    bar.append(button);
    tabs.set(name, { button, pane });
  }
  body.append(bar, ...[...tabs.values()].map((t) => t.pane));
  showTab(currentTab);
}
const PAGE_SIZE = 25;

const groups = new Map(); // kind → { section, count, tbody, table, empty, pager, page }
const rows = new Map(); // id → { tr, sig }

export function buildConsole() {
  const body = $('console-body');
  buildTabs(body);
  buildTasksPage(tabs.get('tasks').pane, tabs.get('checkpoints').pane);
  for (const kind of KINDS) {
    const count = h('span', { class: 'count muted' });
    const tbody = h('tbody');
    const empty = h('p', { class: 'muted small empty', text: EMPTY_TEXTS[kind] ?? `No ${KIND_TITLES[kind].toLowerCase()}.` });
    const table = h(
      'table',
      { class: 'grid console-table' },
      h('thead', {}, h('tr', {}, h('th', { class: 'c-name', text: 'Name' }), h('th', { class: 'c-id', text: 'ID' }), h('th', { class: 'c-status', text: 'Status' }), h('th', { class: 'c-actions', text: 'Actions' }))),
      tbody,
    );
    const group = { count, tbody, table, empty, page: 0, pages: 1 };
    const turn = (delta) => {
      group.page = Math.min(group.pages - 1, Math.max(0, group.page + delta));
      requestRender({ kinds: [kind] });
    };
    group.label = h('span', { class: 'small muted', 'data-testid': `page-${kind}` });
    group.pager = h('span', { class: 'pager', hidden: true },
      h('button', { type: 'button', class: 'small ghost', 'data-testid': `page-prev-${kind}`, title: 'Previous page', text: '‹', onclick: () => turn(-1) }),
      group.label,
      h('button', { type: 'button', class: 'small ghost', 'data-testid': `page-next-${kind}`, title: 'Next page', text: '›', onclick: () => turn(1) }));
    group.section = h('section', { class: 'kind-group', 'data-testid': `console-${kind}` }, h('h3', {}, KIND_TITLES[kind], ' ', count, ' ', group.pager), empty, table);
    tabs.get(TAB_OF[kind] ?? 'resources').pane.append(group.section);
    groups.set(kind, group);
  }
}

const shown = (r) => r && (!isDeleted(r) || $('show-deleted').checked);

/** Shows the tab and the page of the console that has `id` on it (a record selected from elsewhere). */
export function revealRow(id) {
  const log = S.tasks.get(id) ?? S.checkpoints.get(id);
  if (log) {
    showTab(TAB_OF[log.kind]);
    renderTasksPage({ taskDirty: log.kind === 'task', checkpointDirty: log.kind === 'checkpoint', reveal: id });
    return;
  }
  const r = S.resources.get(id);
  if (!shown(r)) return;
  showTab(TAB_OF[r.kind] ?? 'resources');
  const list = [...S.resources.values()].filter((x) => x.kind === r.kind && shown(x));
  const group = groups.get(r.kind);
  const page = Math.floor(list.indexOf(r) / PAGE_SIZE);
  if (page >= 0 && page !== group.page) {
    group.page = page;
    requestRender({ kinds: [r.kind] });
  }
}

/** Redraws the tables of the kinds that something dirty belongs to. */
export function renderConsole() {
  // A new selection redraws the log tables too (its row is marked).
  const logsDirty = dirty.all || dirty.selection || [...dirty.rows].some((id) => S.tasks.has(id) || S.checkpoints.has(id));
  pendingLogs.taskDirty ||= logsDirty || dirty.kinds.has('task');
  pendingLogs.checkpointDirty ||= logsDirty || dirty.kinds.has('checkpoint');
  flushLogs();
  const kinds = new Set(dirty.all ? KINDS : dirty.kinds);
  for (const id of dirty.rows) {
    const kind = S.resources.get(id)?.kind ?? rows.get(id)?.tr.dataset.kind;
    if (kind) kinds.add(kind);
  }
  if (!kinds.size) return;
  const lists = new Map(KINDS.map((k) => [k, []]));
  const counts = new Map(KINDS.map((k) => [k, { live: 0, deleted: 0 }]));
  for (const r of S.resources.values()) {
    const c = counts.get(r.kind);
    if (!c) continue;
    if (isDeleted(r)) c.deleted++;
    else c.live++;
    if (kinds.has(r.kind) && shown(r)) lists.get(r.kind).push(r);
  }
  const showDeleted = $('show-deleted').checked;
  for (const kind of KINDS) {
    const group = groups.get(kind);
    const { live, deleted } = counts.get(kind);
    const d = showDeleted ? deleted : 0;
    group.count.textContent = d ? `(${live} + ${d} deleted)` : `(${live})`;
    group.empty.hidden = live + d > 0;
    group.table.hidden = live + d === 0;
    if (kinds.has(kind)) renderPage(group, lists.get(kind));
  }
}

function renderPage(group, list) {
  group.pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
  group.page = Math.min(group.page, group.pages - 1);
  group.pager.hidden = group.pages === 1;
  group.label.textContent = `page ${group.page + 1} of ${group.pages}`;
  const page = list.slice(group.page * PAGE_SIZE, (group.page + 1) * PAGE_SIZE);
  const keep = new Set(page.map((r) => r.id));
  for (const tr of [...group.tbody.children]) if (!keep.has(tr.dataset.id)) remove(tr.dataset.id);
  page.forEach((r, i) => {
    const row = upsert(r, group);
    if (group.tbody.children[i] !== row.tr) group.tbody.insertBefore(row.tr, group.tbody.children[i] ?? null);
  });
}

function upsert(r, group) {
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
    group.tbody.append(tr);
    observeRow(tr);
  }
  const actions = isDeleted(r) ? [] : S.actions.get(r.id);
  const sig = JSON.stringify([r, actions ?? null, S.selectedId === r.id, summary(r), S.travel?.seq ?? null]);
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
  if (S.travel) return [h('span', { class: 'muted small', title: 'Time travel: the world as it was, read only', text: 'read only' })];
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
