/**
 * The teaching view (/?view=teach): one scenario step at a time for a projector at 1024×768 or
 * 1280×720, with nothing to scroll. On the left the step in large type, told in console words as
 * the published walkthrough tells it (GET /api/scenario/story), the rules it cites with their
 * statements, the steps so far, and Step / Back / Play (→ or Space, ←). On the right the resource
 * the step is about (followed from step to step; a tab picks another): its console diagram with
 * the path so far lit (teach-chart.js), the engineering chart one click away, and its console row
 * with its actions, a refused one showing the rule, the code and the message.
 *
 * It reads the same page state as the full view (store.js) and reuses its parts: the selection's
 * detail and actions, the refusal box, the statechart panel (moved in for the engineering chart).
 */
import { $, h, put, sleep } from './dom.js';
import { S, isDeleted } from './store.js';
import { select } from './selection.js';
import { stepBackScenario, stepScenario } from './scenario.js';
import { loadRules, ruleChip, ruleOf, ruleStatement } from './rules.js';
import { WEEKDAYS, actionKeys, fmtTime, statusNodes } from './format.js';
import { runAction } from './row-actions.js';
import { loadStory, narrationNodes, onStory, ruleCards, storyAt, storySteps } from './story.js';
import { recentre, setupTeachChart, showConsoleChart } from './teach-chart.js';
import { showChart, showChartOf } from './statechart.js';

export const isTeach = new URLSearchParams(location.search).get('view') === 'teach';

/** Between two steps when playing, long enough to read a step aloud. */
const PLAY_PAUSE_MS = 3500;

const T = {
  followed: -1, // the story index whose subject was last followed
  busy: false, playing: false, engineering: false, shownSig: '', openReason: null,
};

export function setupTeach() {
  document.body.classList.add('view-teach');
  $('teach').hidden = false;
  // The refusal box and the statechart panel are the full view's; the teaching view shows them in its own places.
  $('teach-refusal-slot').append($('refusal'));
  setupTeachChart();
  $('teach-step').addEventListener('click', () => void step());
  $('teach-back').addEventListener('click', () => void back());
  $('teach-play').addEventListener('click', () => setPlay(!T.playing));
  $('teach-engineering').addEventListener('click', () => setEngineering(!T.engineering));
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.closest('input, select, textarea') || target.isContentEditable)) return;
    if (event.key === 'ArrowRight' || event.key === ' ') {
      event.preventDefault();
      if (!event.repeat) void step();
    } else if (event.key === 'ArrowLeft') {
      event.preventDefault();
      if (!event.repeat) void back();
    }
  });
  onStory(() => {
    T.shownSig = '';
    renderNarration();
    follow();
  });
  void loadRules().then(() => {
    T.shownSig = '';
    renderTeach();
  });
}

async function step() {
  if (T.busy || !S.scenario || S.scenario.done || S.scenario.offScript) return null;
  T.busy = true;
  renderControls();
  try {
    return await stepScenario();
  } finally {
    T.busy = false;
    renderControls();
  }
}

async function back() {
  if (T.busy || !S.scenario || (S.scenario.position < 1 && !S.scenario.offScript)) return;
  setPlay(false);
  T.busy = true;
  renderControls();
  try {
    await stepBackScenario();
  } finally {
    T.busy = false;
    renderControls();
  }
}

function setPlay(on) {
  if (T.playing === on) return;
  T.playing = on;
  const button = $('teach-play');
  button.textContent = on ? '❚❚ Pause' : '▶ Play';
  button.setAttribute('aria-pressed', String(on));
  if (on) void playLoop();
}

async function playLoop() {
  while (T.playing) {
    const outcome = await step();
    if (!outcome || !outcome.ok || S.scenario?.done) break;
    await sleep(PLAY_PAUSE_MS);
  }
  setPlay(false);
}

function setEngineering(on) {
  T.engineering = on;
  $('teach-engineering').setAttribute('aria-pressed', String(on));
  $('teach-engineering').textContent = on ? 'Console chart' : 'Engineering chart';
  const slot = $('teach-engineering-slot');
  if (on && !slot.contains($('statechart-panel'))) slot.append($('statechart-panel'));
  slot.hidden = !on;
  $('teach-chart').hidden = on;
  $('teach-legend').hidden = on;
  const r = S.selectedId ? S.resources.get(S.selectedId) : null;
  if (on && r) void showChart(r.kind, r.id, { refit: true }).then(() => S.detail && showChartOf(S.detail));
}

/** Redraws what changed; called with the full view's render frame. */
export function renderTeach() {
  const sc = S.scenario;
  if (!sc) return;
  $('teach-title').textContent = sc.title;
  $('teach-title').title = `${sc.title} (${sc.id})`;
  if (S.now) {
    const now = Date.parse(S.now);
    $('teach-clock').textContent = `${WEEKDAYS[new Date(now).getUTCDay()]} ${fmtTime(now).slice(0, 16)} UTC`;
  }
  $('teach-position').textContent = sc.position === 0 ? `Start · ${sc.steps} steps` : `Step ${sc.position} of ${sc.steps}`;
  $('teach-position').dataset.position = String(sc.position);
  $('teach-progress-bar').style.width = `${Math.round((100 * sc.position) / Math.max(1, sc.steps))}%`;
  put($('teach-status'),
    h('span', { class: `chip ${sc.ok ? 'pass' : 'fail'}`, text: sc.ok ? 'ok' : 'failed' }),
    sc.done ? h('span', { class: 'chip', text: 'ended' }) : null,
    sc.offScript ? h('span', { class: 'chip fail', 'data-testid': 'teach-off-script', text: 'off script' }) : null);
  renderScript(sc);
  renderControls();
  void loadStory();
  renderNarration();
  renderTabs();
  renderResource();
}

function renderControls() {
  const sc = S.scenario;
  $('teach-step').disabled = !sc || sc.done || Boolean(sc.offScript) || T.busy;
  $('teach-back').disabled = !sc || (sc.position < 1 && !sc.offScript) || T.busy;
}

/** Whether the world still follows the script: resumed from the middle of a step, or changed by hand. */
function renderScript(sc) {
  const box = $('teach-script');
  const why = sc.offScript?.reason ?? sc.diverged?.message ?? null;
  box.hidden = !why;
  box.textContent = why ?? '';
}

/** Selects the resource the current step is about (once per step: a click on a tab wins until the next one). */
function follow() {
  const sc = S.scenario;
  if (!sc) return;
  const position = sc.position;
  if (T.followed === position) return;
  T.followed = position;
  T.openReason = null;
  let subject = null;
  for (let i = position; i >= 0 && !subject; i--) subject = storyAt(i)?.subject ?? null;
  if (subject && S.resources.has(subject)) select(subject);
  recentre();
  renderResource();
}

function renderNarration() {
  const sc = S.scenario;
  if (!sc) return;
  const current = storyAt(sc.position);
  const sig = JSON.stringify([sc.position, sc.id, S.world, current?.index, storySteps().length, Boolean(ruleOf('B1'))]);
  if (sig === T.shownSig) return;
  T.shownSig = sig;
  const box = $('teach-narration');
  box.dataset.index = String(sc.position);
  if (!current) {
    put(box, h('p', { class: 'story-lead', text: sc.position === 0 ? sc.narrative ?? '' : '…' }));
  } else {
    put(box, ...narrationNodes(current, { large: true }));
  }
  renderRules(current);
  const previous = storySteps().filter((s) => s.index < sc.position).reverse();
  put($('teach-previous'), previous.map((s) => h('li', { class: `teach-prev kind-${s.kind}${s.ok ? '' : ' fail'}`, 'data-index': s.index }, ...narrationNodes(s))));
}

/** The current step's rules, each with its title and statement: what a trainee reads off the screen. */
function renderRules(current) {
  put($('teach-rules'), ruleCards(current?.rules ?? [], 'teach-rule'));
}

/** A tab per resource the scenario named, and the selected one if it named it not. */
function renderTabs() {
  const sc = S.scenario;
  const last = sc?.outcomes?.[sc.outcomes.length - 1];
  const ids = [];
  for (const r of Object.values(last?.resources ?? {})) if (!ids.includes(r.id) && S.resources.has(r.id)) ids.push(r.id);
  if (S.selectedId && !ids.includes(S.selectedId) && S.resources.has(S.selectedId)) ids.push(S.selectedId);
  const sig = JSON.stringify([ids, S.selectedId, ids.map((id) => S.resources.get(id)?.label)]);
  const tabs = $('teach-tabs');
  if (tabs.dataset.sig === sig) return;
  tabs.dataset.sig = sig;
  put(tabs, ids.map((id) => {
    const r = S.resources.get(id);
    const on = id === S.selectedId;
    return h('button', {
      type: 'button', role: 'tab', class: `teach-tab${on ? ' on' : ''}${isDeleted(r) ? ' deleted' : ''}`, 'aria-selected': String(on),
      'data-testid': `teach-tab-${id}`, title: `${r.kind} ${r.name} (${id}): ${r.label}`, onclick: () => select(id),
    }, h('span', { class: 'teach-tab-kind', text: r.kind }), ' ', r.name);
  }));
}

/** The selected resource: its chart (loaded again when its record changes) and its console row. */
function renderResource() {
  const id = S.selectedId;
  const r = id ? S.resources.get(id) : null;
  if (!r) {
    put($('teach-row'), h('p', { class: 'muted', text: 'The step\'s resource appears here.' }));
    return;
  }
  const position = S.scenario?.position ?? null;
  void showConsoleChart(r.kind, r.id, { version: `${r.status}:${r.label}:${r.imageable ?? ''}:${r.imageId ?? ''}:${S.seq}` }).then(() => {
    // Says which step the chart now shows (its resource followed, its state placed): tests and screenshots wait for it.
    if (T.followed === position && S.selectedId === r.id && S.scenario?.position === position) $('teach-chart').dataset.position = String(position);
  });
  if (T.engineering && S.detail?.record?.id === id) showChartOf(S.detail);
  const d = S.detail?.record?.id === id ? S.detail : null;
  const sig = JSON.stringify([id, r, d?.actions ?? null, T.openReason, S.scenario?.position]);
  const row = $('teach-row');
  if (row.dataset.sig === sig) return;
  row.dataset.sig = sig;
  const actions = isDeleted(r) ? [] : d?.actions ?? null;
  const keys = actions ? actionKeys(actions) : [];
  // The refusal the current step met, shown at once on the action that meets it.
  const met = S.scenario?.outcomes?.find((o) => o.index === S.scenario.position)?.refusal?.code ?? null;
  const open = T.openReason ?? (actions ? keys.find((_, i) => !actions[i].allowed && actions[i].refusal?.code === met) ?? null : null);
  const buttons = actions
    ? actions.map((a, i) => h('button', {
      type: 'button', class: `action${a.allowed ? '' : ' denied'}${open === keys[i] ? ' open' : ''}`, 'data-testid': `teach-action-${keys[i]}`,
      'aria-expanded': a.allowed ? null : String(open === keys[i]),
      title: a.allowed ? `${a.label}: ${a.verb}` : `${a.label} is refused now: click for why`,
      text: a.label,
      onclick: () => {
        if (a.allowed) return void runAction(a);
        T.openReason = T.openReason === keys[i] ? null : keys[i];
        renderResource();
      },
    }))
    : [h('span', { class: 'muted', text: isDeleted(r) ? 'Deleted: no actions.' : 'Asking for its actions…' })];
  const openAction = open && actions ? actions[keys.indexOf(open)] : null;
  put(row,
    h('div', { class: 'teach-row-head' },
      h('span', { class: 'kind-badge', text: r.kind }),
      h('strong', { class: 'teach-row-name', text: r.name }),
      h('code', { class: 'muted small', text: r.id }),
      h('span', { class: 'teach-row-status', 'data-testid': 'teach-row-status' }, statusNodes(r))),
    h('div', { class: 'teach-actions', 'data-testid': 'teach-actions' }, buttons),
    openAction?.refusal ? reasonBox(openAction, open) : null);
}

/** Why an action is refused now: the rule (title and statement), the code and the message, and "Try anyway". */
function reasonBox(action, key) {
  const rf = action.refusal;
  const ruleId = rf.details?.rule ?? null;
  const rule = ruleId ? ruleOf(ruleId) : null;
  return h('div', { class: 'teach-reason', role: 'note', 'data-testid': 'teach-reason' },
    h('div', { class: 'teach-reason-head' },
      h('strong', { text: `${action.label} is refused` }),
      h('code', { class: 'chip code', 'data-testid': 'teach-reason-code', text: rf.code }),
      ruleId ? ruleChip(ruleId, { label: `rule ${ruleId}` }) : null,
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'small warn', 'data-testid': `teach-try-${key}`, title: 'Send it anyway and see the refusal the API returns', text: 'Try anyway', onclick: () => runAction(action) })),
    rule ? h('p', { class: 'teach-reason-rule' }, h('strong', { text: `${rule.title}. ` }), ruleStatement(ruleId)) : null,
    h('p', { class: 'teach-reason-message', 'data-testid': 'teach-reason-message', text: rf.message }));
}

