/**
 * What a statechart view marks on the selected resource's chart besides its active states.
 *
 * - `eventVerdicts`, per event type (the older contract of `GET /api/resources/:id`'s `events`):
 *   an event is enabled when the chart selects a transition for it that is not a refusal (a
 *   `refuse` action means "the chart says no", so it is shown as refused, not as enabled).
 * - `transitionVerdicts`, per transition (the graph's edge ids, `<source>#<n>`): which transitions
 *   XState would select now, so that a chart colours the one line that would fire, not every line
 *   of its event. The selected transitions are XState's own objects, mapped to edge ids through
 *   `edgeIdsByTransition`, never guessed from labels.
 *
 * Eventless transitions are the chart's own business and not asked about.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { edgeIdsByTransition } from '../diagram/graph.js';
import { stateIds } from '../diagram/console-run.js';

export interface EventVerdicts {
  enabled: string[];
  refused: string[];
}

/**
 * The edges of a chart by what they would do now. An edge in none of the lists is not possible in
 * this state: its source is not active, its guard is false, or a deeper state's transition wins.
 */
export interface TransitionVerdicts {
  /** Would be taken now (its event's transition, guards evaluated, without a refusal). */
  now: string[];
  /** A refusal that would fire now: the transition selected carries a `refuse` action. */
  refusing: string[];
  /** From an active state, but a guard on its event needs the event's payload to decide. */
  unknown: string[];
}

export const NO_TRANSITIONS: TransitionVerdicts = Object.freeze({ now: [], refusing: [], unknown: [] }) as TransitionVerdicts;

interface LiveNode {
  transitions: Map<string, object[]>;
  after: { eventType: string }[];
}

function refuses(transition: { actions: unknown }): boolean {
  return (transition.actions as unknown[]).some((a) => typeof a === 'object' && a !== null && (a as { type?: unknown }).type === 'refuse');
}

/** The event types the user (or the world) may send: the chart's own, without XState's. */
function userEvents(machine: AnyStateMachine): string[] {
  return [...new Set(machine.root.events as string[])].filter((type) => !type.startsWith('xstate.') && type !== '*');
}

export function eventVerdicts(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): EventVerdicts {
  const enabled: string[] = [];
  const refused: string[] = [];
  for (const type of userEvents(machine)) {
    let selected;
    try {
      selected = machine.getTransitionData(snapshot, { type } as never);
    } catch {
      continue; // a guard that needs the event's payload: not decidable from the type alone
    }
    if (selected.length === 0) continue;
    (selected.some(refuses) ? refused : enabled).push(type);
  }
  return { enabled: enabled.sort(), refused: refused.sort() };
}

/**
 * Every transition of `machine` that `snapshot` would take now, for each user event and for each
 * delay pending in its active states (`xstate.after.*`, whose guards XState evaluates when the
 * timer fires, on the context as it is then: so as it is now, unless something else happens first).
 */
export function transitionVerdicts(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): TransitionVerdicts {
  const edgeIds = edgeIdsByTransition(machine);
  const active = [machine.id, ...stateIds(machine.id, snapshot.value)].map((id) => machine.getStateNodeById(id) as unknown as LiveNode);
  const delays = active.flatMap((node) => node.after.map((t) => t.eventType));
  const now = new Set<string>();
  const refusing = new Set<string>();
  const unknown = new Set<string>();
  for (const type of new Set([...userEvents(machine), ...delays])) {
    let selected;
    try {
      selected = machine.getTransitionData(snapshot, { type } as never);
    } catch {
      // A guard threw without the event's payload: which of the active states' candidates for
      // this event would win cannot be told, so none of them is called possible or impossible.
      for (const node of active) for (const t of node.transitions.get(type) ?? []) for (const id of edgeIds.get(t) ?? []) unknown.add(id);
      continue;
    }
    for (const t of selected) {
      const ids = edgeIds.get(t);
      if (!ids) throw new Error(`chart-state: XState selected a transition of ${machine.id} on ${type} that its graph does not have`);
      for (const id of ids) (refuses(t) ? refusing : now).add(id);
    }
  }
  return { now: [...now].sort(), refusing: [...refusing].sort(), unknown: [...unknown].sort() };
}
