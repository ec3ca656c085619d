/** The snapshot view: the selected resource's record, state value and context as a JSON tree. */
import { $, h } from './dom.js';
import { S } from './store.js';

const open = new Map(); // path → open, as the user left it
let shownSig = '';
let shownDetail;

export function renderSnapshot() {
  const body = $('snapshot-body');
  const d = S.selectedId ? S.detail : null;
  if (d === shownDetail && d) return;
  shownDetail = d;
  const sig = JSON.stringify([S.selectedId, d?.record, d?.value, d?.context]);
  if (sig === shownSig) return;
  shownSig = sig;
  if (!d) {
    $('snapshot-caption').textContent = '';
    body.replaceChildren(h('p', { class: 'muted', text: S.selectedId ? 'Loading…' : 'No resource selected.' }));
    return;
  }
  $('snapshot-caption').textContent = `${d.record.kind} ${d.record.id}`;
  const scroll = body.scrollTop;
  body.replaceChildren(node('record', d.record, 'record', 0), node('value', d.value, 'value', 0), node('context', d.context, 'context', 0));
  body.scrollTop = scroll;
}

export function forgetSnapshot() {
  shownSig = '';
  shownDetail = undefined;
}

function node(key, value, path, depth) {
  const keyNode = h('span', { class: 'j-key', text: key });
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const preview = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    const isOpen = open.has(path) ? open.get(path) : depth < 2;
    const details = h('details', { class: 'j-node', 'data-path': path, open: isOpen }, h('summary', {}, keyNode, h('span', { class: 'j-preview muted', text: ` ${preview}` })));
    details.addEventListener('toggle', () => open.set(path, details.open));
    const children = h('div', { class: 'j-children' });
    for (const [k, v] of entries) children.append(node(k, v, `${path}.${k}`, depth + 1));
    if (!entries.length) children.append(h('div', { class: 'j-leaf muted', text: Array.isArray(value) ? 'empty array' : 'empty object' }));
    details.append(children);
    return details;
  }
  const type = value === null ? 'null' : typeof value;
  return h('div', { class: 'j-leaf' }, keyNode, ': ', h('span', { class: `v-${type}`, text: JSON.stringify(value) ?? 'undefined' }));
}
