/**
 * Whether a state value is one a resource's chart can end in: a complete value of the machine
 * (as XState writes it) that names a final state. A tombstone keeps such a value so the charts
 * can light where a deleted resource ended; a save holding one is checked with this too, since a
 * save comes from outside.
 */
import type { AnyStateMachine, StateValue } from 'xstate';

interface Node {
  key: string;
  type: string;
  states: Record<string, Node>;
}

const isLeaf = (node: Node): boolean => Object.keys(node.states).length === 0;

/** Null when `value` is a complete state value of `machine` naming a final state; else what is wrong. */
export function finalValueProblem(machine: AnyStateMachine, value: unknown): string | null {
  let final = false;
  const own = (o: object, key: string): boolean => Object.hasOwn(o, key);
  const walk = (node: Node, v: unknown, path: string): string | null => {
    if (node.type === 'final') final = true;
    if (isLeaf(node)) return v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0) ? null : `${path} is a leaf state but has a value`;
    if (node.type === 'parallel') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${path} is parallel: its value must be an object of its regions`;
      const keys = Object.keys(node.states);
      const extra = Object.keys(v).find((k) => !own(node.states, k));
      if (extra !== undefined) return `${path} has no region ${JSON.stringify(extra)}`;
      for (const key of keys) {
        if (!own(v, key)) return `${path} lacks its region ${JSON.stringify(key)}`;
        const problem = walk(node.states[key]!, (v as Record<string, unknown>)[key], `${path}.${key}`);
        if (problem) return problem;
      }
      return null;
    }
    if (typeof v === 'string') {
      if (!own(node.states, v)) return `${path} has no state ${JSON.stringify(v)}`;
      const child = node.states[v]!;
      if (!isLeaf(child)) return `${path}.${v} has states of its own: name one`;
      return walk(child, undefined, `${path}.${v}`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length !== 1) return `${path} must name one of its states`;
    const [key] = Object.keys(v) as [string];
    if (!own(node.states, key)) return `${path} has no state ${JSON.stringify(key)}`;
    return walk(node.states[key]!, (v as Record<string, unknown>)[key], `${path}.${key}`);
  };
  const problem = walk(machine.root as unknown as Node, value, machine.id);
  if (problem) return problem;
  return final ? null : 'names no final state';
}

/** Whether `value` names a final state of `machine` (see `finalValueProblem`). */
export function namesFinalState(machine: AnyStateMachine, value: StateValue): boolean {
  return finalValueProblem(machine, value) === null;
}
