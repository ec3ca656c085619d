/**
 * The scenario player: choose a scenario, step forward, step back (the server replays the scenario
 * to the step before), run to the end; each step's narration, changes and expectation are shown
 * passing or failing.
 */
import { $, h, nextFrame, put } from './dom.js';
import { api, ApiError } from './api.js';
import { S } from './store.js';
import { fmtTime } from './format.js';
import { flash, showCommandError } from './notices.js';
import { setPlaying } from './clock.js';
import { reloadState } from './live.js';
import { ruleChip } from './rules.js';

const outcomeNodes = new Map(); // index → li
let outcomesScenario = null;

export async function loadScenarioList() {
  try {
    S.scenarios = await api('/api/scenarios');
  } catch (error) {
    console.warn(error);
    return;
  }
  const walk = h('optgroup', { label: 'Walkthroughs' });
  const rules = h('optgroup', { label: 'By rule' });
  for (const s of S.scenarios) (s.walkthrough ? walk : rules).append(h('option', { value: s.id, title: s.title, text: `${s.title} (${s.rules.join(', ')})` }));
  $('scenario-select').replaceChildren(walk, rules);
  if (S.scenario) $('scenario-select').value = S.scenario.id;
}

export function clearOutcomes() {
  outcomeNodes.clear();
  outcomesScenario = null;
  $('scenario-outcomes').replaceChildren();
}

export function renderScenario() {
  const sc = S.scenario;
  if (!sc) return;
  // Another scenario, or the same one stepped back: the list starts again.
  if (outcomesScenario !== sc.id || sc.outcomes.length < outcomeNodes.size) {
    clearOutcomes();
    outcomesScenario = sc.id;
    if (S.scenarios.length) $('scenario-select').value = sc.id;
  }
  $('scenario-narrative').textContent = sc.narrative ?? '';
  $('scenario-narrative').title = sc.narrative ?? '';
  const status = $('scenario-status');
  put(
    status,
    h('span', { 'data-testid': 'scenario-position', text: `step ${sc.position} of ${sc.steps}` }),
    h('span', { class: `chip ${sc.ok ? 'pass' : 'fail'}`, text: sc.ok ? 'ok' : 'failed' }),
    sc.done ? h('span', { class: 'chip', text: 'ended' }) : null,
  );
  renderRulesLine(sc.rules);
  status.dataset.done = String(sc.done);
  status.dataset.ok = String(sc.ok);
  status.dataset.position = String(sc.position);
  $('scenario-step').disabled = sc.done || S.running;
  $('scenario-back').disabled = sc.position < 1 || S.running;
  for (const o of sc.outcomes) addOutcome(o);
}

/** The scenario's rules as chips; redrawn only when they change, so an open rule stays anchored. */
let shownRules = null;
function renderRulesLine(ids) {
  const key = ids.join(' ');
  if (key === shownRules) return;
  shownRules = key;
  put($('scenario-rules'), h('span', { text: 'rules ' }), ids.map((id) => ruleChip(id, { testid: `scenario-rule-${id}` })));
}

function addOutcome(o) {
  if (outcomeNodes.has(o.index)) return;
  const li = h(
    'li',
    { class: `outcome ${o.ok ? 'pass' : 'fail'} kind-${o.kind}`, 'data-testid': `outcome-${o.index}`, 'data-index': o.index },
    h('div', { class: 'outcome-head' }, h('span', { class: 'o-index', text: `#${o.index}` }), h('span', { class: `o-kind kind-${o.kind}`, text: o.kind }), h('span', { class: 'spacer' }), h('span', { class: 'o-at muted small', text: fmtTime(Date.parse(o.at)) }), h('span', { class: `o-ok ${o.ok ? 'pass' : 'fail'}`, text: o.ok ? '✓' : '✗' })),
    h('div', { class: o.kind === 'say' ? 'o-desc narration' : 'o-desc', text: o.description }),
  );
  if (o.refusal) li.append(h('div', { class: 'o-refusal' }, h('code', { class: 'chip code', 'data-testid': 'outcome-refusal-code', text: o.refusal.code }), ' ', h('span', { text: o.refusal.message })));
  if (o.failure) {
    li.append(h('div', { class: 'o-failure' }, h('div', { text: o.failure.message }), h('div', { class: 'small' }, 'expected ', h('code', { text: JSON.stringify(o.failure.expected) }), ', actual ', h('code', { text: JSON.stringify(o.failure.actual) }))));
  }
  if (o.changes?.length) {
    li.append(h('ul', { class: 'o-changes small' }, o.changes.map((c) => h('li', {}, h('strong', { text: c.name }), ` ${c.from ? `${c.from.label} (${c.from.status})` : 'new'} → ${c.to.label} (${c.to.status})`))));
  }
  outcomeNodes.set(o.index, li);
  const list = $('scenario-outcomes');
  const after = [...list.children].find((n) => Number(n.dataset.index) > o.index);
  list.insertBefore(li, after ?? null);
  list.scrollTop = list.scrollHeight;
}

async function stepScenario() {
  try {
    const outcome = await api('/api/scenario/step', { method: 'POST' });
    if (outcome?.paused) flash('The step was paused halfway; press Step to finish it.');
    else if (outcome) addOutcome(outcome);
    await reloadState();
    return outcome;
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      flash(error.body?.message ?? 'The scenario has ended.');
      await reloadState();
      return null;
    }
    showCommandError(error, 'scenario/step', []);
    return null;
  }
}

async function stepBack() {
  setPlaying(false);
  try {
    await api('/api/scenario/back', { method: 'POST' });
  } catch (error) {
    showCommandError(error, 'scenario/back', []);
  }
  // The server sends `reset` (a new world, the scenario replayed): the page reloads from it.
}

async function runScenario() {
  if (S.running) {
    S.running = false;
    return;
  }
  S.running = true;
  $('scenario-run').textContent = '■ Stop';
  $('scenario-step').disabled = true;
  try {
    while (S.running) {
      const outcome = await stepScenario();
      // The last step ends the run: no extra request that would only answer 400.
      if (!outcome || !outcome.ok || (S.scenario && outcome.index >= S.scenario.steps)) break;
      await nextFrame();
    }
  } finally {
    S.running = false;
    $('scenario-run').textContent = 'Run to end';
    await reloadState();
  }
}

async function loadScenario() {
  const id = $('scenario-select').value;
  if (!id) return;
  setPlaying(false);
  S.running = false;
  try {
    await api('/api/scenario/load', { method: 'POST', body: { id } });
  } catch (error) {
    showCommandError(error, 'scenario/load', [id]);
  }
  // The server's `reset` reloads every tab, this one included.
}

/** A scenario file of the trainer's own: sent as content, validated by the server like `cbr-sim run <file>`. */
async function uploadScenario(input) {
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  setPlaying(false);
  S.running = false;
  try {
    const content = await file.text();
    await api('/api/scenario/load', { method: 'POST', body: { content, format: /\.json$/i.test(file.name) ? 'json' : 'yaml' } });
  } catch (error) {
    showCommandError(error, 'scenario/load', [file.name]);
  }
}

export function setupScenario() {
  $('scenario-file').addEventListener('change', (event) => uploadScenario(event.target));
  $('scenario-load').addEventListener('click', loadScenario);
  $('scenario-step').addEventListener('click', stepScenario);
  $('scenario-back').addEventListener('click', stepBack);
  $('scenario-run').addEventListener('click', runScenario);
}
