/**
 * The player's story (GET /api/scenario/story): each step it has run, told in console words as the
 * published walkthrough tells it. Loaded again when the player moves; the teaching view shows it
 * in large type, the full view's player beside each step.
 */
import { h } from './dom.js';
import { api } from './api.js';
import { S } from './store.js';
import { fmtTime } from './format.js';
import { inlineNodes } from './inline.js';
import { ruleChip, ruleOf, ruleStatement } from './rules.js';

const story = { steps: [], key: '', token: 0 };
const listeners = new Set();

/** Told (once per new story) when the steps are loaded. */
export function onStory(fn) {
  listeners.add(fn);
}

/** Asks for the story when the player moved since it was loaded. */
export async function loadStory() {
  const sc = S.scenario;
  if (!sc) return;
  const key = `${S.world}:${sc.id}:${sc.outcomes.length}`;
  if (key === story.key) return;
  story.key = key;
  const token = ++story.token;
  let answer;
  try {
    answer = await api('/api/scenario/story');
  } catch (error) {
    console.warn('the story could not be loaded', error);
    story.key = '';
    return;
  }
  if (token !== story.token) return;
  story.steps = answer.steps;
  for (const fn of listeners) fn();
}

export function storySteps() {
  return story.steps;
}

export function storyAt(index) {
  return story.steps.find((s) => s.index === index) ?? null;
}

const KIND_LABEL = { setup: 'At the start', note: 'Note', action: 'Step', check: 'Check' };

/** A story step's words: its heading, then what the reader does and what comes of it (or the note). */
export function narrationNodes(s, { large = false } = {}) {
  const heading = s.kind === 'action' || s.kind === 'check' ? `${KIND_LABEL[s.kind]} ${s.number ?? ''}`.trim() : KIND_LABEL[s.kind];
  const head = h('div', { class: 'story-kind' },
    h('span', { class: `story-kind-label kind-${s.kind}`, text: heading }),
    large ? h('span', { class: 'muted story-at', text: fmtTime(Date.parse(s.at)).slice(11, 16) }) : null,
    s.ok ? null : h('span', { class: 'chip fail', text: 'not as the script expects' }));
  const out = [head];
  if (s.kind === 'action' || s.kind === 'check') {
    if (s.kind === 'action' || large) out.push(h('p', { class: 'story-action' }, inlineNodes(s.action)));
    if (s.result.length) out.push(h('p', { class: `story-result${s.kind === 'check' ? ' checked' : ''}` }, s.kind === 'check' ? h('span', { class: 'story-check', text: '✓ ' }) : null, inlineNodes(s.result)));
  } else {
    out.push(h('p', { class: s.kind === 'setup' ? 'story-lead' : 'story-note' }, inlineNodes(s.text)));
  }
  return out;
}

/** The rules a step cites, each with its title and statement. */
export function ruleCards(ids, testid = 'story-rule') {
  return ids.map((id) => {
    const rule = ruleOf(id);
    return h('div', { class: 'story-rule', 'data-rule': id, 'data-testid': `${testid}-${id}` },
      ruleChip(id),
      rule ? h('strong', { class: 'story-rule-title', text: rule.title }) : null,
      rule ? h('span', { class: 'story-rule-statement' }, ' ', ruleStatement(id)) : null);
  });
}
