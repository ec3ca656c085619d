/**
 * The console's Tasks page (CBR's task log, S2) and its Restore points list (S1): one row per task,
 * newest first, with its type in the console's words, its status, a progress bar that moves with
 * the clock (the server sends the running tasks again on every batch and progress message), the
 * resource it works on, when it started and ended, and the error of a failed or skipped one;
 * filtered by status and type. The server sends the newest 500 tasks: the page says so when there
 * are more. A sync task (V1) says how many backups it synchronised, deleted and failed to.
 * Restore points list their vault, backups and the resources they skipped, with codes.
 */
import { $, h } from './dom.js';
import { S, TASKS_KEPT, nameOf, requestRender } from './store.js';
import { fmtTime, statusNodes } from './format.js';
import { pagedTable } from './paged-table.js';
import { select } from './selection.js';

/** The task's operationType as the console's Tasks page names it. */
export const TASK_TYPES = { backup: 'Backup', restore: 'Restore', delete: 'Delete backup', vault_delete: 'Delete vault', remove_resource: 'Remove resource', sync: 'Synchronize' };
const TASK_STATUSES = { waiting: 'Waiting', running: 'Running', success: 'Successful', failed: 'Failed', skipped: 'Skipped', timeout: 'Timed out' };

const numbers = new Intl.NumberFormat('en');
const time = (iso) => (iso ? fmtTime(Date.parse(iso)) : '—');

/** A button that selects `id` (named when the page knows its name), or a dash. */
function idLink(id, name = nameOf(id)) {
  if (!id) return h('span', { class: 'muted', text: '—' });
  return h('span', { class: 'ref' },
    h('button', { type: 'button', class: 'link', title: `Select ${id}`, text: name ?? id, onclick: () => select(id) }),
    name ? h('div', {}, h('code', { class: 'small muted', text: id })) : null);
}

function progressBar(value) {
  const fill = h('span', { class: 'progress-fill' });
  fill.style.width = `${value}%`;
  return h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': value, 'data-testid': 'task-progress', title: `${value} %` },
    fill, h('span', { class: 'progress-text', text: `${value} %` }));
}

function errorCell(t) {
  if (!t.errorInfo) return h('span', { class: 'muted', text: '—' });
  return h('div', { 'data-testid': 'task-error' },
    h('code', { class: 'chip code', 'data-testid': 'task-error-code', text: t.errorInfo.code }),
    h('div', { class: 'small', 'data-testid': 'task-error-message', text: t.errorInfo.message }));
}

/** V1: a sync task's counters (`extra_info.sync`): backups synchronised, deleted, failed. */
function syncCounters(t) {
  if (t.operationType !== 'sync') return null;
  const n = (key, word, title) => h('span', { 'data-testid': `task-${key}`, title: `${key}: ${title}` }, `${word} `, h('strong', { text: String(t[key] ?? 0) }));
  return h('div', { class: 'task-sync small muted', 'data-testid': 'task-sync' },
    n('syncBackupNum', 'synchronised', 'local copies registered as backups'), ' · ',
    n('deleteBackupNum', 'deleted', 'backups deleted because their local copy expired'), ' · ',
    n('errSyncBackupNum', 'failed', 'local copies that could not be synchronised'));
}

const tasks = pagedTable({
  kind: 'task', testid: 'tasks-table', emptyText: 'No tasks match.',
  columns: [
    { key: 'type', title: 'Task' }, { key: 'status', title: 'Status' }, { key: 'progress', title: 'Progress' },
    { key: 'resource', title: 'Resource' }, { key: 'started', title: 'Started' }, { key: 'ended', title: 'Ended' }, { key: 'error', title: 'Error' },
  ],
  fill: (t) => [
    [h('div', { class: 'name', 'data-testid': 'task-type', text: TASK_TYPES[t.operationType] ?? t.operationType }), h('code', { class: 'small muted', text: t.id }), syncCounters(t)],
    h('span', { 'data-testid': 'status' }, statusNodes(t)),
    progressBar(t.progress),
    t.resourceId ? idLink(t.resourceId, t.resourceName ?? nameOf(t.resourceId)) : idLink(t.vaultId, t.vaultName ?? nameOf(t.vaultId)),
    h('span', { class: 'small', text: time(t.startedAt) }),
    h('span', { class: 'small', text: time(t.endedAt) }),
    errorCell(t),
  ],
});

const checkpoints = pagedTable({
  kind: 'checkpoint', testid: 'checkpoints-table', emptyText: 'No restore points: Back Up Now on a vault, or a policy\'s run, makes one.',
  columns: [
    { key: 'name', title: 'Name' }, { key: 'status', title: 'Status' }, { key: 'vault', title: 'Vault' },
    { key: 'backups', title: 'Backups' }, { key: 'skipped', title: 'Skipped' }, { key: 'created', title: 'Created' },
  ],
  fill: (c) => [
    [h('div', { class: 'name', text: c.name }), h('code', { class: 'small muted', text: c.id }), h('div', { class: 'small muted', text: c.autoTrigger ? `policy run${c.policyId ? ` of ${nameOf(c.policyId) ?? c.policyId}` : ''}` : 'Back Up Now' })],
    h('span', { 'data-testid': 'status' }, statusNodes(c)),
    idLink(c.vaultId),
    h('span', { 'data-testid': 'checkpoint-backups', text: String(c.backupIds.length) }),
    c.skipped.length
      ? h('ul', { class: 'skipped', 'data-testid': 'checkpoint-skipped' }, c.skipped.map((s) => h('li', { title: s.reason }, h('code', { class: 'chip code', text: s.code }), ' ', s.name)))
      : h('span', { class: 'muted', text: '—' }),
    h('span', { class: 'small', text: time(c.createdAt) }),
  ],
});

let built = false;

/** The Tasks and Restore points panes' contents, into the console's tabs (console.js). */
export function buildTasksPage(tasksPane, checkpointsPane) {
  const statusSelect = h('select', { class: 'small', 'data-testid': 'tasks-status', 'aria-label': 'Status' },
    h('option', { value: '', text: 'All statuses' }), Object.entries(TASK_STATUSES).map(([v, t]) => h('option', { value: v, text: t })));
  const typeSelect = h('select', { class: 'small', 'data-testid': 'tasks-type', 'aria-label': 'Task type' },
    h('option', { value: '', text: 'All types' }), Object.entries(TASK_TYPES).map(([v, t]) => h('option', { value: v, text: t })));
  for (const s of [statusSelect, typeSelect]) s.addEventListener('change', () => requestRender({ kinds: ['task'] }));
  tasksPane.append(
    h('h3', {}, 'Tasks ', h('span', { id: 'tasks-count', class: 'count muted', 'data-testid': 'tasks-count' }), ' ', tasks.nodes[0]),
    h('div', { class: 'log-filters' }, statusSelect, typeSelect),
    tasks.nodes[1], tasks.nodes[2],
  );
  checkpointsPane.append(
    h('h3', {}, 'Restore points ', h('span', { id: 'checkpoints-count', class: 'count muted', 'data-testid': 'checkpoints-count' }), ' ', checkpoints.nodes[0]),
    checkpoints.nodes[1], checkpoints.nodes[2],
  );
  built = true;
}

/** Redraws the tables something dirty was in; `reveal` shows the page with that id on it. */
export function renderTasksPage({ taskDirty, checkpointDirty, reveal = null }) {
  if (!built) return;
  if (taskDirty) {
    const status = $('console-body').querySelector('[data-testid=tasks-status]').value;
    const type = $('console-body').querySelector('[data-testid=tasks-type]').value;
    const all = [...S.tasks.values()].reverse();
    const list = all.filter((t) => (!status || t.status === status) && (!type || t.operationType === type));
    const n = S.taskCount;
    const filtered = list.length === all.length ? '' : `${numbers.format(list.length)} shown · `;
    $('tasks-count').textContent = n > all.length
      ? `(${filtered}showing the newest ${numbers.format(Math.min(all.length, TASKS_KEPT))} of ${numbers.format(n)})`
      : `(${filtered}${numbers.format(n)})`;
    tasks.render(list, { reveal });
  }
  if (checkpointDirty) {
    const showDeleted = $('show-deleted').checked;
    const all = [...S.checkpoints.values()].reverse();
    const list = all.filter((c) => showDeleted || c.status !== 'deleted');
    const n = S.checkpointCount;
    $('checkpoints-count').textContent = n > all.length ? `(showing the newest ${numbers.format(all.length)} of ${numbers.format(n)})` : `(${numbers.format(list.length)})`;
    checkpoints.render(list, { reveal });
  }
}
