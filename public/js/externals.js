/** External actors: any XState v5 app pointed at ws://…/inspect with @statelyai/inspect. */
import { $, h } from './dom.js';
import { valueText } from './format.js';

const externals = new Map(); // sessionId → { machine, name, value, event, count, tr }

export function onExternal(event) {
  if (!event || typeof event.sessionId !== 'string') return;
  let actor = externals.get(event.sessionId);
  if (!actor) {
    actor = { machine: null, name: null, value: null, event: null, count: 0, tr: h('tr', { 'data-testid': `external-${event.sessionId}` }) };
    externals.set(event.sessionId, actor);
    $('external-body').append(actor.tr);
  }
  actor.count++;
  if (event.type === '@xstate.actor') {
    actor.name = event.name ?? actor.name;
    if (typeof event.definition === 'string') {
      try {
        actor.machine = JSON.parse(event.definition)?.id ?? actor.machine;
      } catch {
        // not JSON: the name stays
      }
    } else if (event.definition && typeof event.definition === 'object') actor.machine = event.definition.id ?? actor.machine;
  }
  if ((event.type === '@xstate.actor' || event.type === '@xstate.snapshot') && event.snapshot && 'value' in event.snapshot) actor.value = event.snapshot.value;
  if (event.type === '@xstate.event' || event.type === '@xstate.snapshot') actor.event = event.event?.type || actor.event;
  actor.tr.replaceChildren(
    h('td', {}, h('code', { class: 'small', title: event.sessionId, text: event.sessionId })),
    h('td', { text: actor.machine ?? actor.name ?? '—' }),
    h('td', {}, h('code', { 'data-testid': 'external-value', text: actor.value === null ? '—' : valueText(actor.value) })),
    h('td', { class: 'small muted', text: `${actor.event ?? '—'} (${actor.count})` }),
  );
  $('external-empty').hidden = true;
  $('external').classList.remove('empty');
}
