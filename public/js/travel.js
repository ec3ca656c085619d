/**
 * Time travel: the whole page shows the world as it was at a journal record (the server replays
 * it from its checkpoints): the console with each resource as it was (the "Image can be created"
 * mark included), the selected resource's actions, chart and snapshot as they were, the clock at
 * that instant, the player's step marked; all read only, under a banner with "Back to now" and
 * "Resume from here" (which forks the simulation from that point for every tab).
 *
 * While the page looks at the past, the live batches still reach the timeline, but not the
 * state: "Back to now" reads the present again whole.
 */
import { $, h, put } from './dom.js';
import { api } from './api.js';
import { S, requestRender, setLogs } from './store.js';
import { fmtTime, WEEKDAYS } from './format.js';
import { showCommandError } from './notices.js';
import { refreshSelected } from './selection.js';

let token = 0;
let reload = null; // set by live.js: reads the present again

export function onBackToNow(fn) {
  reload = fn;
}

export async function travelTo(seq) {
  const mine = ++token;
  let past;
  try {
    past = await api(`/api/travel?seq=${seq}`);
  } catch (error) {
    if (mine !== token) return;
    showBanner(seq, null, String(error?.message ?? error));
    return;
  }
  if (mine !== token) return;
  S.travel = { seq, now: past.now, step: past.step ?? null, stepEnd: past.stepEnd ?? null, values: past.values ?? {} };
  S.now = past.now;
  S.nextTimer = past.nextTimer;
  S.resources = new Map(past.resources.map((r) => [r.id, r]));
  for (const r of past.resources) S.names.set(r.id, r.name);
  setLogs(past);
  S.actions.clear();
  S.detail = null;
  document.body.classList.add('travelling');
  showBanner(seq, past, null);
  requestRender({ all: true, header: true, scenario: true, selection: true });
  void refreshSelected();
}

/** Leaves the past: the page reads the present again. */
export function backToNow() {
  token++;
  if (!S.travel) return;
  S.travel = null;
  document.body.classList.remove('travelling');
  $('travel').hidden = true;
  requestRender({ all: true, header: true, scenario: true, selection: true });
  void reload?.();
}

/** Forgets the past without reading anything (a new world replaces both). */
export function forgetTravel() {
  token++;
  S.travel = null;
  document.body.classList.remove('travelling');
  $('travel').hidden = true;
}

function showBanner(seq, past, error) {
  const box = $('travel');
  const at = past ? Date.parse(past.now) : NaN;
  put(box,
    h('div', { class: 'travel-head' },
      h('strong', { 'data-testid': 'travel-title', text: error ? `Record #${seq} cannot be shown` : `Read only: the world at record #${seq}` }),
      past ? h('span', { class: 'travel-when', text: ` · ${WEEKDAYS[new Date(at).getUTCDay()]} ${fmtTime(at)} UTC` }) : null,
      past?.step !== undefined && past?.step !== null ? h('span', { class: 'travel-when', 'data-testid': 'travel-step', text: ` · scenario step ${past.step}${past.stepRecord === 'inside' ? ' (in the middle of it)' : ''}` }) : null),
    error ? h('p', { class: 'travel-error', text: error }) : null,
    h('div', { class: 'travel-actions' },
      past ? h('button', {
        type: 'button', 'data-testid': 'travel-resume', text: 'Resume from here',
        title: past?.resume === 'offScript'
          ? `Replace the world, for every tab, with the world at this record: the middle of step ${past.step}, so the player goes off script (Back puts it on again)`
          : `Replace the world, for every tab, with the world at this record; the player goes back to step ${past?.step ?? 0}`,
        onclick: async () => {
          try {
            await api('/api/fork', { method: 'POST', body: { seq } });
            // The server's `reset` reloads every tab, this one included (live.js).
          } catch (error) {
            showCommandError(error, 'fork', [seq]);
          }
        },
      }) : null,
      h('button', { type: 'button', class: 'primary', 'data-testid': 'travel-close', text: 'Back to now', onclick: backToNow })));
  box.hidden = false;
}
