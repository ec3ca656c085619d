/**
 * Time travel: the world as it was at a journal record (read only, from the server's checkpoints
 * and replay), and "Resume from here", which forks the simulation from that point for every tab.
 */
import { $, h } from './dom.js';
import { api } from './api.js';
import { showCommandError } from './notices.js';

export async function travelTo(seq) {
  const box = $('travel');
  let past;
  try {
    past = await api(`/api/travel?seq=${seq}`);
  } catch (error) {
    box.replaceChildren(h('p', { class: 'travel-error', text: String(error?.message ?? error) }));
    box.hidden = false;
    return;
  }
  const rows = past.resources.map((r) =>
    h('tr', { 'data-testid': `travel-row-${r.id}` }, h('td', { text: r.name }), h('td', { class: 'muted', text: r.kind }), h('td', { text: `${r.label} · ${r.status}` })));
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
          try {
            await api('/api/fork', { method: 'POST', body: { seq } });
            box.hidden = true;
          } catch (error) {
            showCommandError(error, 'fork', [seq]);
          }
        },
      }),
      h('button', { type: 'button', 'data-testid': 'travel-close', text: 'Close', onclick: () => { box.hidden = true; } })),
  );
  box.hidden = false;
}
