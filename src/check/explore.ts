/**
 * Exploration with `xstate/graph`: every reachable state of a model (an ActorLogic whose
 * transitions call the real charts), every transition between them, and the shortest event path to
 * each state, so that a violated rule comes with the steps that lead to it.
 */
import { getAdjacencyMap } from 'xstate/graph';
import type { ActorLogic, EventObject } from 'xstate';

/** The snapshot shape xstate/graph expects of any logic. */
export interface ModelState {
  status: 'active';
  output: undefined;
  error: undefined;
}

type Adjacency<S, E> = Record<string, { state: S; transitions: Record<string, { event: E; state: S }> }>;

export interface Edge<S, E> {
  from: S;
  event: E;
  to: S;
}

export interface Exploration<S, E> {
  states: Map<string, S>;
  edges: Edge<S, E>[];
  /** The shortest event path from the root to each state. */
  pathTo: (key: string) => E[];
}

/** An ActorLogic for xstate/graph from a pure step function. */
export function modelLogic<S extends ModelState, E extends EventObject>(root: S, step: (state: S, event: E) => S): ActorLogic<S, E> {
  return {
    config: {},
    transition: (state: S, event: E) => step(state, event),
    getInitialSnapshot: () => root,
    getPersistedSnapshot: (s: S) => s,
  } as unknown as ActorLogic<S, E>;
}

export function explore<S extends ModelState, E extends EventObject>(
  root: S,
  step: (state: S, event: E) => S,
  events: (state: S) => readonly E[],
  serialize: (state: S) => string,
  limit = 200_000,
): Exploration<S, E> {
  const adjacency = getAdjacencyMap(modelLogic(root, step), { events, serializeState: serialize, limit }) as unknown as Adjacency<S, E>;
  const states = new Map<string, S>();
  const edges: Edge<S, E>[] = [];
  for (const [key, value] of Object.entries(adjacency)) {
    states.set(key, value.state);
    for (const t of Object.values(value.transitions)) edges.push({ from: value.state, event: t.event, to: t.state });
  }
  // Breadth-first from the root gives each state its shortest path.
  const parent = new Map<string, { from: string; event: E } | null>([[serialize(root), null]]);
  const queue = [serialize(root)];
  while (queue.length) {
    const key = queue.shift()!;
    for (const t of Object.values(adjacency[key]?.transitions ?? {})) {
      const next = serialize(t.state);
      if (parent.has(next)) continue;
      parent.set(next, { from: key, event: t.event });
      queue.push(next);
    }
  }
  const pathTo = (key: string): E[] => {
    const path: E[] = [];
    for (let p = parent.get(key); p; p = parent.get(p.from)) path.unshift(p.event);
    return path;
  };
  return { states, edges, pathTo };
}
