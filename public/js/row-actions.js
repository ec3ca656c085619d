/**
 * Row actions, asked for only where they are seen: the rows on screen (an IntersectionObserver
 * keeps the set) and the selected one, in one POST /api/actions per round. A round runs when
 * something changed, at most every 250 ms (1 s while the clock plays), one at a time.
 */
import { $ } from './dom.js';
import { api, command } from './api.js';
import { S, isDeleted, requestRender } from './store.js';
import { flash, hideRefusal, showCommandError } from './notices.js';
import { resultText } from './format.js';
import { askActionForm } from './action-form.js';

const visible = new Set();
let observer = null;
let stale = false;
let busy = false;
let last = 0;
let timer = null;

function io() {
  observer ??= new IntersectionObserver((entries) => {
    let appeared = false;
    for (const e of entries) {
      const id = e.target.dataset.id;
      if (e.isIntersecting) {
        if (!visible.has(id)) appeared = true;
        visible.add(id);
      } else visible.delete(id);
    }
    if (appeared) markStale();
  }, { root: $('console-body'), rootMargin: '200px 0px' });
  return observer;
}

export function observeRow(tr) {
  io().observe(tr);
}

export function unobserveRow(tr) {
  io().unobserve(tr);
  visible.delete(tr.dataset.id);
}

/** The world changed: the actions shown may be out of date. */
export function markStale() {
  stale = true;
  schedule();
}

function schedule() {
  if (busy || timer !== null) return;
  const wait = Math.max(0, (S.playing ? 1000 : 250) - (Date.now() - last));
  timer = setTimeout(() => {
    timer = null;
    void round();
  }, wait);
}

async function round() {
  if (!stale || busy) return;
  // In the past (time travel) nothing can be done: the rows show what they were, without actions.
  if (S.travel) return;
  const ids = [...visible].filter((id) => {
    const r = S.resources.get(id);
    return r && !isDeleted(r);
  });
  if (S.selectedId && S.resources.has(S.selectedId) && !ids.includes(S.selectedId)) ids.push(S.selectedId);
  stale = false;
  if (!ids.length) return;
  busy = true;
  last = Date.now();
  const epoch = S.epoch;
  try {
    const { actions, missing } = await api('/api/actions', { method: 'POST', body: { ids: ids.slice(0, 200) } });
    if (epoch !== S.epoch) return;
    for (const [id, list] of Object.entries(actions)) S.actions.set(id, list);
    for (const id of missing) S.actions.delete(id);
    requestRender({ rows: ids });
  } catch (error) {
    console.warn('row actions failed', error);
  } finally {
    busy = false;
    if (stale) schedule();
  }
}

let reloadWhole = null;
/** live.js hands over its reload of the whole state (kept apart to avoid an import cycle). */
export function onDiverge(fn) {
  reloadWhole = fn;
}

/** Runs a row's action; one with a form (src/server/actions.ts) asks for its fields first. */
export async function runAction(action) {
  let args = action.args;
  if (action.form?.length) {
    args = await askActionForm(action);
    if (args === null) return;
  }
  try {
    const { result } = await command(action.verb, args);
    hideRefusal();
    flash(`${action.label}: ${resultText(result)}`);
    // The first console action during a scenario makes the world differ from its script: the
    // state says so (scenario.diverged), and the player shows it.
    const sc = S.scenario;
    if (sc && !sc.done && !sc.diverged && !sc.offScript) await reloadWhole?.();
  } catch (error) {
    showCommandError(error, action.verb, args);
  }
}
