/**
 * The scenario player: choose a scenario, step forward, step back (the server replays the scenario
 * to the step before), run to the end; each step's narration, changes and expectation are shown
 * passing or failing.
 */
import { $, h, nextFrame, put } from './dom.js';
import { api, ApiError } from './api.js';
import { S } from './store.js';
import { fmtTime } from './format.js';
import { flash, hideRefusal, showCommandError } from './notices.js';
import { setPlaying } from './clock.js';
import { reloadState } from './live.js';
import { ruleChip } from './rules.js';
import { loadStory, narrationNodes, onStory, ruleCards, storyAt } from './story.js';

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
  for (const s of S.scenarios) (s.walkthrough ? walk : rules).append(h('option', { value: s.id, title: `${s.title} · rules ${s.rules.join(', ')}`, text: s.title }));
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
  if (outcomesScenario !== sc.id || sc.outcomes.length < outcomeNodes.size || [...outcomeNodes.keys()].some((i) => i >= sc.outcomes.length)) {
    clearOutcomes();
    outcomesScenario = sc.id;
    if (S.scenarios.length) $('scenario-select').value = sc.id;
  }
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
  $('scenario-step').disabled = sc.done || S.running || Boolean(sc.offScript);
  $('scenario-step').title = sc.offScript ? 'Off script: step Back or load the scenario again' : 'Run the next step';
  // Whether the world still follows the script (resumed from the middle of a step, or changed by hand).
  const why = sc.offScript?.reason ?? sc.diverged?.message ?? null;
  $('scenario-script').hidden = !why;
  $('scenario-script').textContent = why ?? '';
  // Off script, Back is the way back onto it, even from the first step.
  $('scenario-back').disabled = (sc.position < 1 && !sc.offScript) || S.running;
  for (const o of sc.outcomes) addOutcome(o);
  markCurrent(sc.position);
  // Time travel: the step the record travelled to belongs to.
  for (const [i, li] of outcomeNodes) li.classList.toggle('travel-at', S.travel?.step === i);
  void loadStory();
}

/** The current step's item: its rules with their statements, and the class that marks it. */
let currentIndex = -1;
function markCurrent(position) {
  if (position === currentIndex && outcomeNodes.get(position)?.classList.contains('current')) return;
  outcomeNodes.get(currentIndex)?.classList.remove('current');
  outcomeNodes.get(currentIndex)?.querySelector('.story-rules')?.remove();
  currentIndex = position;
  const li = outcomeNodes.get(position);
  if (!li) return;
  li.classList.add('current');
  const rules = storyAt(position)?.rules ?? [];
  if (rules.length) li.append(h('div', { class: 'story-rules', 'data-testid': 'scenario-step-rules' }, ruleCards(rules, 'scenario-rule-card')));
}

/** Each step's words in the console's terms, when the story arrives. */
function fillStories() {
  for (const [index, li] of outcomeNodes) {
    const box = li.querySelector('.o-story');
    const told = storyAt(index);
    if (!box || !told || box.dataset.told === '1') continue;
    box.dataset.told = '1';
    put(box, ...narrationNodes(told));
    li.querySelector('.o-desc.narration')?.remove();
  }
  const position = S.scenario?.position ?? -1;
  currentIndex = -2;
  markCurrent(position);
}
onStory(fillStories);

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
    h('div', { class: 'o-story', 'data-testid': 'outcome-story' }),
    h('div', { class: o.kind === 'say' ? 'o-desc narration' : 'o-desc o-engineering', text: o.description }),
  );
  const told = storyAt(o.index);
  if (told) {
    const box = li.querySelector('.o-story');
    box.dataset.told = '1';
    put(box, ...narrationNodes(told));
    // A note is told once: its words are the description.
    if (o.kind === 'say') li.querySelector('.o-desc')?.remove();
  }
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

export async function stepScenario() {
  try {
    const outcome = await api('/api/scenario/step', { method: 'POST' });
    if (outcome?.paused) flash('The step was paused halfway; press Step to finish it.');
    else if (outcome) {
      // What an earlier command was refused is no longer the news.
      hideRefusal();
      addOutcome(outcome);
    }
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

export async function stepBackScenario() {
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
    hideRefusal();
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
    hideRefusal();
  } catch (error) {
    showCommandError(error, 'scenario/load', [file.name]);
  }
}

export function setupScenario() {
  $('scenario-file').addEventListener('change', (event) => uploadScenario(event.target));
  $('scenario-load').addEventListener('click', loadScenario);
  $('scenario-step').addEventListener('click', stepScenario);
  $('scenario-back').addEventListener('click', stepBackScenario);
  $('scenario-run').addEventListener('click', runScenario);
}
