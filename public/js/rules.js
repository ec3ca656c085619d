/**
 * Rule chips: wherever the page names a rule (a refusal, a refused action's reason, the scenario's
 * rules), the ID is a chip that carries the rule's title and statement as its tooltip and, on a
 * click or Enter, opens a small dialog with the rule's ID, title, statement and codes (Escape or
 * a click elsewhere closes it). The catalogue comes once from GET /api/rules.
 */
import { h, put } from './dom.js';
import { api } from './api.js';

const rules = new Map(); // id → rule, once loaded
let loading = null;
let failed = false;

/** Asks for the catalogue once; chips drawn before it arrives get their tooltips then. */
export function loadRules() {
  loading ??= api('/api/rules')
    .then((list) => {
      for (const rule of list) rules.set(rule.id, rule);
    })
    .catch((error) => {
      failed = true;
      console.warn('the rule catalogue could not be loaded', error);
    })
    .finally(() => {
      for (const chip of document.querySelectorAll('.chip.rule[data-rule]')) chip.title = tooltipOf(chip.dataset.rule);
    });
  return loading;
}

const plain = (text) => text.replace(/`([^`]*)`/g, '$1');

/** The rule `id` of the catalogue (undefined until it is loaded, or when it has no such rule). */
export function ruleOf(id) {
  return rules.get(id);
}

/** A rule's statement with its backtick code spans as <code>, for text on the page. */
export function ruleStatement(id) {
  const rule = rules.get(id);
  return rule ? richText(rule.statement) : [];
}

function tooltipOf(id) {
  const rule = rules.get(id);
  if (rule) return `${rule.id} · ${rule.title}: ${plain(rule.statement)}${rule.modelled ? '' : ' (not modelled yet)'}`;
  if (failed) return `Rule ${id} (the rule catalogue could not be loaded)`;
  if (!loading || rules.size === 0) return `Rule ${id}`;
  return `Rule ${id} is not in the rule catalogue`;
}

/**
 * A chip for rule `id`, reading `label` (default the ID). A span, not a button, so that it sits in
 * running text and tables like the other chips; role, tabindex and the key handler make it one.
 */
export function ruleChip(id, { label = id, testid } = {}) {
  const chip = h('span', {
    class: 'chip rule',
    role: 'button',
    tabindex: '0',
    'aria-haspopup': 'dialog',
    'aria-expanded': 'false',
    'data-rule': id,
    'data-testid': testid,
    title: tooltipOf(id),
    text: label,
  });
  chip.addEventListener('click', (event) => {
    event.stopPropagation();
    toggle(chip);
  });
  chip.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    toggle(chip);
  });
  return chip;
}

// --- the dialog -----------------------------------------------------------------------------------

let dialog = null;
let openedBy = null;

function ensureDialog() {
  if (dialog) return dialog;
  dialog = h('div', { id: 'rule-dialog', class: 'rule-dialog', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'rule-dialog-title', tabindex: '-1', 'data-testid': 'rule-dialog', hidden: true });
  dialog.addEventListener('click', (event) => event.stopPropagation());
  document.body.append(dialog);
  // Escape closes the dialog first; the refusal box (main.js) only at the next Escape. Capture
  // phase, so that it runs before main.js's handler on the document.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !dialog.hidden) {
      event.stopImmediatePropagation();
      closeRule();
    }
  }, true);
  document.addEventListener('click', () => {
    if (!dialog.hidden) closeRule({ refocus: false });
  });
  return dialog;
}

/** Catalogue text with its backtick code spans as <code>. */
function richText(text) {
  return text.split('`').map((run, i) => (i % 2 ? h('code', { text: run }) : run));
}

function fill(id) {
  const rule = rules.get(id);
  const close = h('button', { type: 'button', class: 'small ghost', 'aria-label': 'Close', title: 'Close (Escape)', text: '×', onclick: () => closeRule() });
  if (!rule) {
    put(dialog,
      h('div', { class: 'rule-dialog-head' }, h('strong', { id: 'rule-dialog-title', text: `Rule ${id}` }), h('span', { class: 'spacer' }), close),
      h('p', { 'data-testid': 'rule-dialog-statement', text: failed ? 'The rule catalogue could not be loaded; cbr-sim rules prints it.' : `${id} is not in the rule catalogue; cbr-sim rules lists the rules there are.` }));
    return;
  }
  put(dialog,
    h('div', { class: 'rule-dialog-head' },
      h('span', { class: 'chip rule', text: rule.id }),
      h('strong', { id: 'rule-dialog-title', 'data-testid': 'rule-dialog-title', text: rule.title }),
      rule.invariant ? h('span', { class: 'chip', title: 'Asserted in every reachable state by cbr-sim check', text: '∀' }) : null,
      h('span', { class: 'spacer' }),
      close),
    h('p', { class: 'rule-dialog-statement', 'data-testid': 'rule-dialog-statement' }, richText(rule.statement)),
    rule.modelled ? null : h('p', { class: 'small muted', text: 'Not modelled yet: the simulator does not reproduce this rule.' }),
    h('div', { class: 'small' }, h('span', { class: 'muted', text: 'codes ' }), rule.codes.length ? rule.codes.map((c) => h('code', { class: 'chip code', text: c })) : h('span', { class: 'muted', text: 'none' })),
  );
}

/** Puts the dialog under its chip, inside the window. */
function place(chip) {
  const at = chip.getBoundingClientRect();
  const width = Math.min(380, window.innerWidth - 16);
  dialog.style.width = `${width}px`;
  dialog.style.left = `${Math.max(8, Math.min(at.left, window.innerWidth - width - 8))}px`;
  const below = at.bottom + 6;
  const height = dialog.offsetHeight;
  dialog.style.top = `${below + height > window.innerHeight - 8 ? Math.max(8, at.top - height - 6) : below}px`;
}

function toggle(chip) {
  if (openedBy === chip && !dialog.hidden) closeRule();
  else void openRule(chip);
}

export async function openRule(chip) {
  ensureDialog();
  if (openedBy && openedBy !== chip) openedBy.setAttribute('aria-expanded', 'false');
  openedBy = chip;
  chip.setAttribute('aria-expanded', 'true');
  chip.setAttribute('aria-controls', 'rule-dialog');
  await loadRules();
  if (openedBy !== chip) return;
  fill(chip.dataset.rule);
  dialog.hidden = false;
  place(chip);
  dialog.focus();
}

export function closeRule({ refocus = true } = {}) {
  if (!dialog || dialog.hidden) return;
  dialog.hidden = true;
  const chip = openedBy;
  openedBy = null;
  if (!chip) return;
  chip.setAttribute('aria-expanded', 'false');
  // Back to the chip that opened it, when the page has not redrawn it away meanwhile.
  if (refocus && chip.isConnected) chip.focus();
}
