/** The refusal box (an error exactly as the API returned it) and the short status flash. */
import { $, h, put } from './dom.js';
import { ApiError } from './api.js';
import { short } from './format.js';
import { ruleChip } from './rules.js';

export function showCommandError(error, verb, args) {
  const body = error instanceof ApiError ? error.body : { code: 'Network', message: String(error?.message ?? error), details: {} };
  const status = error instanceof ApiError ? error.status : null;
  const box = $('refusal');
  const rule = body?.details?.rule;
  put(
    box,
    h(
      'div',
      { class: 'refusal-head' },
      h('strong', { text: 'Refused' }),
      h('code', { class: 'refusal-code', 'data-testid': 'refusal-code', text: body?.code ?? '?' }),
      rule ? ruleChip(rule, { label: `rule ${rule}`, testid: 'refusal-rule' }) : null,
      status ? h('span', { class: 'muted small', text: `HTTP ${status}` }) : null,
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'small ghost', 'data-testid': 'refusal-close', title: 'Dismiss', text: '×', onclick: hideRefusal }),
    ),
    h('div', { class: 'refusal-message', 'data-testid': 'refusal-message', text: body?.message ?? '' }),
    h('div', { class: 'refusal-call small muted' }, h('code', { text: `${verb}(${short(JSON.stringify(args ?? []).slice(1, -1), 120)})` })),
    body?.details && Object.keys(body.details).length ? h('details', { class: 'small' }, h('summary', { text: 'details' }), h('pre', { text: JSON.stringify(body.details, null, 2) })) : null,
  );
  box.hidden = false;
  // A refusal supersedes whatever the flash said ("Reloaded: …"): it is the news now.
  hideFlash();
  $('selection-scroll').scrollTop = 0;
  box.classList.remove('pulse');
  void box.offsetWidth; // restarts the animation
  box.classList.add('pulse');
}

export function hideRefusal() {
  $('refusal').hidden = true;
}

let flashTimer = null;

export function hideFlash() {
  clearTimeout(flashTimer);
  $('flash')?.classList.remove('show');
}

export function flash(text) {
  let note = $('flash');
  if (!note) {
    note = h('div', { id: 'flash', class: 'flash', 'data-testid': 'command-status', role: 'status' });
    document.body.append(note);
  }
  note.textContent = text;
  note.classList.add('show');
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => note.classList.remove('show'), 2500);
}
