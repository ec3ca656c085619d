/**
 * State and transition coverage of a statechart, measured while the checker explores it: a state
 * is covered when some explored snapshot has it active, a transition when the chart selected it
 * for an explored event (or, for an eventless `always` transition, when its target was entered).
 */
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';

export interface CoverageReport {
  states: { covered: number; total: number; missing: string[] };
  transitions: { covered: number; total: number; missing: string[] };
}

function allNodes(node: AnyStateNode, out: AnyStateNode[] = []): AnyStateNode[] {
  out.push(node);
  for (const child of Object.values(node.states)) allNodes(child as AnyStateNode, out);
  return out;
}

export class Coverage {
  private readonly keys = new Map<object, string>();
  private readonly states = new Set<string>();
  private readonly transitions = new Set<string>();
  private readonly seenStates = new Set<string>();
  private readonly seenTransitions = new Set<string>();
  private readonly always: { node: AnyStateNode; key: string; targets: string[] }[] = [];

  /** `within`: only the states and transitions of that region (a state id, `vault.sync`). */
  constructor(readonly machine: AnyStateMachine, within?: string) {
    const inside = (node: AnyStateNode) => !within || node.id === within || node.id.startsWith(`${within}.`);
    for (const node of allNodes(machine.root).filter(inside)) {
      this.states.add(node.id);
      for (const [event, list] of node.transitions) {
        list.forEach((t, i) => {
          const key = `${node.id} ${event}#${i}${t.guard ? ` [${typeof t.guard === 'string' ? t.guard : 'guarded'}]` : ''}`;
          this.keys.set(t, key);
          this.transitions.add(key);
        });
      }
      (node.always ?? []).forEach((t, i) => {
        const key = `${node.id} always#${i}`;
        this.transitions.add(key);
        this.always.push({ node, key, targets: (t.target ?? []).map((s) => s.id) });
      });
    }
  }

  /** Records the transitions `machine` selects for `event` in `snapshot`. */
  selected(snapshot: AnyMachineSnapshot, event: { type: string }): void {
    for (const t of this.machine.getTransitionData(snapshot as never, event as never)) {
      const key = this.keys.get(t);
      if (key) this.seenTransitions.add(key);
    }
  }

  /** Records the active states of `snapshot`; for a new snapshot, the `always` transitions it took. */
  reached(snapshot: AnyMachineSnapshot, initial = false): void {
    const active = (snapshot as unknown as { _nodes: AnyStateNode[] })._nodes.map((n) => n.id);
    for (const id of active) this.seenStates.add(id);
    if (!initial) return;
    // Eventless transitions run while a snapshot is made; the one taken is the one whose target is active.
    const byNode = new Map<AnyStateNode, { node: AnyStateNode; key: string; targets: string[] }[]>();
    for (const a of this.always) byNode.set(a.node, [...(byNode.get(a.node) ?? []), a]);
    for (const list of byNode.values()) {
      const taken = list.find((a) => a.targets.every((t) => active.includes(t)));
      if (taken) {
        // The transient state it left was entered too, though no stable snapshot shows it.
        this.seenTransitions.add(taken.key);
        this.seenStates.add(taken.node.id);
      }
    }
  }

  report(): CoverageReport {
    const missing = (all: Set<string>, seen: Set<string>) => [...all].filter((k) => !seen.has(k));
    return {
      states: { covered: this.states.size - missing(this.states, this.seenStates).length, total: this.states.size, missing: missing(this.states, this.seenStates) },
      transitions: {
        covered: this.transitions.size - missing(this.transitions, this.seenTransitions).length,
        total: this.transitions.size,
        missing: missing(this.transitions, this.seenTransitions),
      },
    };
  }
}
