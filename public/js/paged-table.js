/**
 * A console table of records that are no resources (tasks, restore points): paged like the
 * console's (25 rows a page), each row selectable by click or Enter; a row is filled again only
 * when what it shows changed, so a progress bar that moves costs its own row.
 */
import { h } from './dom.js';
import { S, requestRender } from './store.js';
import { select } from './selection.js';

export const PAGE_SIZE = 25;

/**
 * `columns`: [{ key, title }]; `fill(r)`: the row's cells (one per column); `kind`: what
 * requestRender({ kinds }) names it by; `testid`: the table's own.
 */
export function pagedTable({ kind, columns, fill, testid, emptyText }) {
  const tbody = h('tbody');
  const label = h('span', { class: 'small muted', 'data-testid': `page-${kind}` });
  const t = { page: 0, pages: 1, rows: new Map() };
  const turn = (delta) => {
    t.page = Math.min(t.pages - 1, Math.max(0, t.page + delta));
    requestRender({ kinds: [kind] });
  };
  const pager = h('span', { class: 'pager', hidden: true },
    h('button', { type: 'button', class: 'small ghost', 'data-testid': `page-prev-${kind}`, title: 'Previous page', text: '‹', onclick: () => turn(-1) }),
    label,
    h('button', { type: 'button', class: 'small ghost', 'data-testid': `page-next-${kind}`, title: 'Next page', text: '›', onclick: () => turn(1) }));
  const table = h('table', { class: `grid console-table log-table log-${kind}`, 'data-testid': testid },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: `c-${c.key}`, text: c.title })))), tbody);
  const empty = h('p', { class: 'muted small empty', text: emptyText });

  /** Shows `list` (in the order to show), the page that has `id` on it when given. */
  function render(list, { reveal = null } = {}) {
    t.pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
    if (reveal) {
      const at = list.findIndex((r) => r.id === reveal);
      if (at >= 0) t.page = Math.floor(at / PAGE_SIZE);
    }
    t.page = Math.min(t.page, t.pages - 1);
    pager.hidden = t.pages === 1;
    label.textContent = `page ${t.page + 1} of ${t.pages}`;
    empty.hidden = list.length > 0;
    table.hidden = list.length === 0;
    const page = list.slice(t.page * PAGE_SIZE, (t.page + 1) * PAGE_SIZE);
    const keep = new Set(page.map((r) => r.id));
    for (const [id, row] of t.rows) if (!keep.has(id)) {
      row.tr.remove();
      t.rows.delete(id);
    }
    page.forEach((r, i) => {
      let row = t.rows.get(r.id);
      if (!row) {
        const tr = h('tr', { 'data-testid': `row-${r.id}`, 'data-id': r.id, 'data-kind': r.kind, tabindex: 0 });
        tr.addEventListener('click', (event) => {
          if (!event.target.closest('button')) select(r.id);
        });
        tr.addEventListener('keydown', (event) => {
          if (event.target === tr && (event.key === 'Enter' || event.key === ' ')) {
            event.preventDefault();
            select(r.id);
          }
        });
        row = { tr, sig: '' };
        t.rows.set(r.id, row);
      }
      const selected = S.selectedId === r.id;
      const sig = JSON.stringify([r, selected, S.names.size]);
      if (row.sig !== sig) {
        row.sig = sig;
        row.tr.className = selected ? 'selected' : '';
        row.tr.setAttribute('aria-selected', String(selected));
        row.tr.replaceChildren(...fill(r).map((cell, c) => h('td', { class: `c-${columns[c].key}` }, cell)));
      }
      if (tbody.children[i] !== row.tr) tbody.insertBefore(row.tr, tbody.children[i] ?? null);
    });
  }

  return { nodes: [pager, empty, table], render, has: (id) => t.rows.has(id) };
}
