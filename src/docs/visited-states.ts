/** The states of each chart a run passed through, for the figures that light them. */
import type { AnyStateMachine, StateValue } from 'xstate';
import type { StepOutcome } from '../scenario/runner.js';
import type { ResourceKind } from '../sim/records.js';
import { MACHINES } from '../sim/world.js';
import { stateIds } from '../diagram/console-run.js';

/** The ids of every state active in `value` (a state value of `machine`), the root and ancestors included. */
export function activeStateIds(machine: AnyStateMachine, value: StateValue): string[] {
  return [machine.id, ...stateIds(machine.id, value)];
}

/** The states each kind of resource passed through in a run, from the journal's state records. */
export function visitedStates(outcomes: readonly StepOutcome[]): Map<ResourceKind, Set<string>> {
  const visited = new Map<ResourceKind, Set<string>>();
  for (const o of outcomes) {
    for (const r of o.records) {
      // Tasks and restore points journal states too, but have no chart of their own to light.
      if (r.type !== 'state' || !Object.hasOwn(MACHINES, r.kind)) continue;
      const kind = r.kind as ResourceKind;
      const set = visited.get(kind) ?? new Set<string>();
      for (const id of activeStateIds(MACHINES[kind], r.value)) set.add(id);
      visited.set(kind, set);
    }
  }
  return visited;
}
