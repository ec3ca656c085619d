/**
 * The header's project picker: the projects of the server (GET /api/projects), the one this page
 * shows selected. Choosing another opens the page on it (`/?project=<id>`): one project at a time,
 * each tab its own. The list is asked for again when the picker is opened, so projects the
 * service API made since appear in it.
 */
import { $, h, put } from './dom.js';
import { api } from './api.js';
import { PROJECT, pageOf } from './project.js';

const current = PROJECT ?? 'default';

async function fill() {
  let projects;
  try {
    ({ projects } = await api('/api/projects'));
  } catch (error) {
    console.warn('the projects could not be listed', error);
    return;
  }
  const select = $('project-select');
  // The page's own project first, should the list no longer have it (it always should).
  if (!projects.some((p) => p.id === current)) projects.unshift({ id: current, resources: 0, clock: null });
  // The same projects as shown: the options are left alone (an open list is not redrawn under the pointer).
  const ids = projects.map((p) => p.id).join('\n');
  if (select.dataset.ids === ids) return;
  select.dataset.ids = ids;
  put(select, projects.map((p) => h('option', {
    value: p.id,
    text: p.id,
    title: `${p.resources} resource${p.resources === 1 ? '' : 's'}${p.clock ? `, clock ${p.clock.mode}` : ''}`,
  })));
  select.value = current;
}

export function setupProjectPicker() {
  const select = $('project-select');
  // Until the list arrives, the page's own project alone.
  put(select, h('option', { value: current, text: current }));
  select.value = current;
  select.addEventListener('change', () => {
    if (select.value !== current) location.assign(pageOf(select.value));
  });
  select.addEventListener('focus', () => void fill());
  // The views' links keep the project: the teaching view of this project, and back.
  const teach = new URLSearchParams({ view: 'teach' });
  if (PROJECT) teach.set('project', PROJECT);
  $('view-teach').setAttribute('href', `?${teach}`);
  $('view-full').setAttribute('href', PROJECT ? `?${new URLSearchParams({ project: PROJECT })}` : '?');
  void fill();
}
