/**
 * What a statechart view marks on the selected resource's chart besides its active states: the
 * events its chart would take now. An event is enabled when the chart selects a transition for it
 * that is not a refusal (a `refuse` action means "the chart says no", so it is shown as refused,
 * not as enabled). Delays and eventless transitions are the chart's own business and not listed.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';

export interface EventVerdicts {
  enabled: string[];
  refused: string[];
}

export function eventVerdicts(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): EventVerdicts {
  const enabled: string[] = [];
  const refused: string[] = [];
  for (const type of new Set(machine.root.events as string[])) {
    if (type.startsWith('xstate.') || type === '*') continue;
    let selected;
    try {
      selected = machine.getTransitionData(snapshot, { type } as never);
    } catch {
      continue; // a guard that needs the event's payload: not decidable from the type alone
    }
    if (selected.length === 0) continue;
    const refuses = selected.some((t) => (t.actions as unknown as { type?: string }[]).some((a) => typeof a === 'object' && a !== null && a.type === 'refuse'));
    (refuses ? refused : enabled).push(type);
  }
  return { enabled: enabled.sort(), refused: refused.sort() };
}
