/**
 * The form of an action that needs more than an id (a VM's name, OS and disks; the ECS a VMware
 * backup is restored onto): a modal dialog of the fields the server sent with the action
 * (src/server/actions.ts `FormField`), filled with the defaults its verdict was previewed with.
 * It answers the args to send, or null when cancelled; the command's own refusal still says what
 * is wrong with what was typed.
 */
import { h } from './dom.js';

let dialog = null;

function fieldInput(field, i) {
  const id = `action-field-${i}`;
  const testid = `form-${field.key ?? `arg${field.arg}`}`;
  if (field.input === 'select') {
    return h('select', { id, 'data-testid': testid }, (field.options ?? []).map((o) => h('option', { value: o.value, text: o.label, selected: o.value === field.value })));
  }
  const value = Array.isArray(field.value) ? field.value.join(', ') : field.value;
  return h('input', { id, type: 'text', 'data-testid': testid, value, autocomplete: 'off', spellcheck: 'false', ...(field.input === 'numbers' ? { inputmode: 'numeric', placeholder: 'e.g. 40, 100' } : {}) });
}

/** `"40, 100"` → `[40, 100]`; a word that is no number is sent as it is (the command names it). */
function numbers(text) {
  return text.split(/[\s,]+/).filter(Boolean).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

/** The args of `action` with what the form holds put in. */
function argsOf(action, inputs) {
  const args = structuredClone(action.args);
  action.form.forEach((field, i) => {
    let value = field.input === 'numbers' ? numbers(inputs[i].value) : inputs[i].value;
    if (field.list) value = [value];
    if (field.key === undefined) args[field.arg] = value;
    else args[field.arg] = { ...(args[field.arg] ?? {}), [field.key]: value };
  });
  return args;
}

/** Asks for the fields of `action`: the args to send, or null when cancelled. */
export function askActionForm(action) {
  dialog?.remove();
  return new Promise((resolve) => {
    const inputs = action.form.map(fieldInput);
    let answer = null;
    const form = h('form', { method: 'dialog', class: 'action-form' },
      h('h3', {}, action.label, ' ', h('code', { class: 'small muted', text: action.verb })),
      action.form.map((field, i) => h('label', { class: 'form-row', for: `action-field-${i}` }, h('span', { class: 'small', text: field.label }), inputs[i])),
      h('div', { class: 'form-buttons' },
        h('button', { type: 'button', class: 'small ghost', 'data-testid': 'form-cancel', text: 'Cancel', onclick: () => dialog.close() }),
        h('button', { type: 'submit', class: 'small primary', 'data-testid': 'form-submit', text: action.label })));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      answer = argsOf(action, inputs);
      dialog.close();
    });
    dialog = h('dialog', { class: 'action-dialog', 'data-testid': 'action-form', 'aria-label': action.label }, form);
    dialog.addEventListener('close', () => {
      dialog.remove();
      dialog = null;
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    inputs[0]?.focus();
  });
}
