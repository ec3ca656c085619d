/**
 * What a run's journal says a console diagram should light: per kind of resource, the states its
 * resources were in, the transitions they took (an event followed by a change of state) and the
 * refusals they met (in the state they were in then). Pass one kind's entry to
 * `toConsoleDiagram` as its options.
 */
import type { AnyStateMachine, StateValue } from 'xstate';
import { backupMachine, diskMachine, imageMachine, policyMachine, serverMachine, vaultMachine } from '../../machines/index.js';
import type { JournalRecord } from '../sim/journal.js';
import type { ResourceKind } from '../sim/records.js';
import type { HighlightInput, MetRefusal, TakenTransition } from './console-highlight.js';
import { toStatechartGraph, type StatechartEdge } from './graph.js';

const MACHINES: Record<ResourceKind, AnyStateMachine> = {
  backup: backupMachine,
  image: imageMachine,
  server: serverMachine,
  disk: diskMachine,
  vault: vaultMachine,
  policy: policyMachine,
};

export interface RunPath {
  visitedStates: string[];
  takenTransitions: TakenTransition[];
  refusals: MetRefusal[];
}

/** The ids of the states `value` names (a machine's id is its kind), ancestors included. */
export function stateIds(kind: string, value: StateValue): string[] {
  const out: string[] = [];
  const walk = (v: StateValue, prefix: string): void => {
    if (typeof v === 'string') {
      out.push(`${prefix}.${v}`);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      out.push(`${prefix}.${key}`);
      if (child !== undefined) walk(child, `${prefix}.${key}`);
    }
  };
  walk(value, kind);
  return out;
}

/** The innermost states `value` names: one per region. */
function leaves(kind: string, value: StateValue): string[] {
  const ids = stateIds(kind, value);
  return ids.filter((id) => !ids.some((other) => other.startsWith(`${id}.`)));
}

/** Reads `records` (a run's journal, in order) into what each kind's console diagram lights. */
export function runPaths(records: Iterable<JournalRecord>): Map<ResourceKind, RunPath & HighlightInput> {
  const paths = new Map<ResourceKind, RunPath & { seen: Set<string> }>();
  const kinds = new Map<string, ResourceKind>();
  const states = new Map<string, StateValue>();
  const pending = new Map<string, string>();
  const refusing = new Map<ResourceKind, StatechartEdge[]>();
  const refusalsOf = (kind: ResourceKind): StatechartEdge[] => {
    let edges = refusing.get(kind);
    if (!edges) {
      edges = toStatechartGraph(MACHINES[kind]).edges.filter((e) => e.refusal !== null);
      refusing.set(kind, edges);
    }
    return edges;
  };
  const pathOf = (kind: ResourceKind) => {
    let path = paths.get(kind);
    if (!path) {
      path = { visitedStates: [], takenTransitions: [], refusals: [], seen: new Set() };
      paths.set(kind, path);
    }
    return path;
  };
  for (const record of records) {
    const id = record.resourceId;
    if (id === null) continue;
    if (record.type === 'event') {
      pending.set(id, record.event.type);
    } else if (record.type === 'state') {
      const kind = record.kind as ResourceKind;
      kinds.set(id, kind);
      const path = pathOf(kind);
      for (const state of stateIds(kind, record.value)) {
        if (!path.seen.has(state)) {
          path.seen.add(state);
          path.visitedStates.push(state);
        }
      }
      const before = states.get(id);
      const event = pending.get(id);
      // Any region's state may be the one the event moved: each is a candidate source.
      if (before !== undefined && event !== undefined) for (const source of leaves(kind, before)) path.takenTransitions.push({ source, event });
      states.set(id, record.value);
      pending.delete(id);
    } else if (record.type === 'refusal') {
      const kind = kinds.get(id);
      const value = states.get(id);
      if (kind === undefined || value === undefined) continue;
      // The journal names the command, not the chart's event: the code finds the transition, and
      // the state it was refused in is the one of the resource's states that transition leaves.
      const edges = refusalsOf(kind).filter((e) => e.refusal?.code === record.code);
      const candidates = leaves(kind, value);
      let state = candidates[0];
      let event = record.verb;
      for (const leaf of candidates) {
        const edge = edges.find((e) => leaf === e.source || leaf.startsWith(`${e.source}.`));
        if (edge) {
          state = leaf;
          event = edge.eventType;
          break;
        }
      }
      if (state !== undefined) pathOf(kind).refusals.push({ state, event, code: record.code });
    }
  }
  const out = new Map<ResourceKind, RunPath>();
  for (const [kind, { visitedStates, takenTransitions, refusals }] of paths) out.set(kind, { visitedStates, takenTransitions, refusals });
  return out;
}
