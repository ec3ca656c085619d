/**
 * A plain JSON graph of a statechart, read from the live `StateNode` objects of an XState v5
 * machine (not from `toJSON()`, which drops `always` transitions). It is the input of the Mermaid
 * and SVG renderers, and is serialisable as is.
 */
import type { AnyStateMachine } from 'xstate';

export type StatechartNodeType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface StatechartNode {
  /** The state node's id, e.g. `backup.lifecycle.creating.snapshot` (the root's id is the machine id). */
  id: string;
  key: string;
  /** The parent's id; `null` for the root. */
  parent: string | null;
  type: StatechartNodeType;
  /** Depth below the root (the root is 0). */
  depth: number;
  /** The ids of the children, in document order. */
  children: string[];
  /** The id of the initial child of a compound state; `null` otherwise. */
  initial: string | null;
  /** True for a child of a parallel state (an orthogonal region). */
  isRegion: boolean;
  /** `meta.status`, `meta.label` and `meta.rules` when the state carries them. */
  status: string | null;
  label: string | null;
  rules: string[];
  /** The rest of the state's string-valued `meta` (e.g. `mark`). */
  metaExtra: Record<string, string>;
  /** `meta.console`: how the console diagram shows the state (see `ConsoleMeta`); `null` when unset. */
  console: ConsoleMeta | null;
}

/**
 * What a state's `meta.console` says about the console diagram (console.ts):
 * - `label`: the console's word for the state (else `meta.label`, else the visible parent's);
 * - `mark`: a line the console shows under the word (else `meta.mark`), as "Image can be created";
 * - `hidden`: the console does not show it: a state folds into its visible parent, a region of a
 *   parallel machine is left out;
 * - `lane`: the heading of a region shown as a lane of its own ("Status", "Image").
 */
export interface ConsoleMeta {
  label?: string;
  mark?: string;
  hidden?: true;
  lane?: string;
}

export type StatechartEdgeKind = 'event' | 'after' | 'always';

export interface StatechartRefusal {
  code: string;
  rule: string | null;
}

export interface StatechartEdge {
  /** Unique in the graph: `<source>#<n>`. */
  id: string;
  source: string;
  /** The target state id; the source itself for a targetless transition. */
  target: string;
  /** XState's event type: `DELETE`, `xstate.after.<delay>.<stateId>`, or `''` for `always`. */
  eventType: string;
  /** The event as shown: `DELETE`, `after snapshotPhase`, `always`. */
  event: string;
  kind: StatechartEdgeKind;
  /** The delay's name (named delays) or milliseconds, for `after` transitions. */
  delay: string | number | null;
  /** The guard as shown: `hasImage`, `!isMarkedOrAvailable`, `a && !b`; `null` when unguarded. */
  guard: string | null;
  /** The actions as shown: `linkImage`, `refuse BackupService.6204`. */
  actions: string[];
  /** The code and rule of a `refuse` action, when the transition has one. */
  refusal: StatechartRefusal | null;
  /** True when the transition has no target (refusals, `allow`, assigns). */
  targetless: boolean;
  /** True when the edge starts and ends on the same state (targetless or re-entering). */
  selfLoop: boolean;
  reenter: boolean;
  /** Position among the candidate transitions of this state for this event (first match wins). */
  order: number;
  /** The full label: `DELETE [hasImage] / refuse BackupService.6204`. */
  label: string;
}

export interface StatechartGraph {
  /** The machine id, which is also the root node's id. */
  id: string;
  root: string;
  /** Every state node, depth first in document order (the root first). */
  nodes: StatechartNode[];
  edges: StatechartEdge[];
}

/** The parts of a live state node that the graph reads. */
interface LiveTransition {
  target?: ReadonlyArray<{ id: string }> | undefined;
  actions?: readonly unknown[];
  guard?: unknown;
  eventType: string;
  reenter?: boolean;
  delay?: unknown;
}

interface LiveStateNode {
  id: string;
  key: string;
  type: StatechartNodeType;
  parent?: LiveStateNode | undefined;
  states: Record<string, LiveStateNode>;
  meta?: unknown;
  transitions: Map<string, LiveTransition[]>;
  always?: LiveTransition[] | undefined;
  after: LiveTransition[];
  initial?: { target: ReadonlyArray<{ id: string }> } | undefined;
}

const AFTER_PREFIX = 'xstate.after.';

/** Builds the graph of `machine`: every state node and every transition, self-loops included. */
export function toStatechartGraph(machine: AnyStateMachine): StatechartGraph {
  return build(machine).graph;
}

const EDGE_IDS = new WeakMap<AnyStateMachine, ReadonlyMap<object, readonly string[]>>();

/**
 * The graph's edge ids of each live transition object of `machine` (one id per target), so that
 * the transitions XState selects (`machine.getTransitionData`, which returns these very objects)
 * name their edges exactly, whatever their labels. Made once per machine.
 */
export function edgeIdsByTransition(machine: AnyStateMachine): ReadonlyMap<object, readonly string[]> {
  let ids = EDGE_IDS.get(machine);
  if (!ids) {
    ids = build(machine).edgeIds;
    EDGE_IDS.set(machine, ids);
  }
  return ids;
}

function build(machine: AnyStateMachine): { graph: StatechartGraph; edgeIds: Map<object, string[]> } {
  const root = machine.root as unknown as LiveStateNode;
  const nodes: StatechartNode[] = [];
  const edges: StatechartEdge[] = [];
  const edgeIds = new Map<object, string[]>();

  const visit = (node: LiveStateNode, depth: number): void => {
    nodes.push(toNode(node, depth));
    edges.push(...edgesOf(node, edgeIds));
    for (const child of Object.values(node.states)) visit(child, depth + 1);
  };
  visit(root, 0);

  return { graph: { id: root.id, root: root.id, nodes, edges }, edgeIds };
}

function toNode(node: LiveStateNode, depth: number): StatechartNode {
  const children = Object.values(node.states).map((child) => child.id);
  let initial: string | null = null;
  if (node.type === 'compound') {
    const target = node.initial?.target[0];
    initial = target ? target.id : null;
  }
  const meta = isRecord(node.meta) ? node.meta : {};
  const metaExtra: Record<string, string> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (key === 'status' || key === 'label' || key === 'rules' || key === 'console') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') metaExtra[key] = String(value);
  }
  return {
    id: node.id,
    key: node.key,
    parent: node.parent ? node.parent.id : null,
    type: node.type,
    depth,
    children,
    initial,
    isRegion: node.parent?.type === 'parallel',
    status: typeof meta.status === 'string' ? meta.status : null,
    label: typeof meta.label === 'string' ? meta.label : null,
    rules: Array.isArray(meta.rules) ? meta.rules.filter((r): r is string => typeof r === 'string') : [],
    metaExtra,
    console: consoleMeta(meta.console),
  };
}

function consoleMeta(value: unknown): ConsoleMeta | null {
  if (!isRecord(value)) return null;
  const out: ConsoleMeta = {};
  if (typeof value.label === 'string') out.label = value.label;
  if (typeof value.mark === 'string') out.mark = value.mark;
  if (value.hidden === true) out.hidden = true;
  if (typeof value.lane === 'string') out.lane = value.lane;
  return out;
}

function edgesOf(node: LiveStateNode, edgeIds: Map<object, string[]>): StatechartEdge[] {
  const edges: StatechartEdge[] = [];
  const seen = new Set<LiveTransition>();
  const groups: Array<[string, LiveTransition[]]> = [...node.transitions.entries()].map(([type, ts]) => [type, [...ts]]);
  // Delayed transitions are in `transitions` under their `xstate.after.*` type; read `after` too in
  // case a version keeps them apart, skipping the ones already seen.
  const after = node.after.filter((t) => !groups.some(([, ts]) => ts.includes(t)));
  for (const t of after) {
    const group = groups.find(([type]) => type === t.eventType);
    if (group) group[1].push(t);
    else groups.push([t.eventType, [t]]);
  }
  if (node.always && node.always.length > 0) groups.push(['', node.always]);

  for (const [eventType, transitions] of groups) {
    transitions.forEach((t, order) => {
      if (seen.has(t)) return;
      seen.add(t);
      const made = toEdges(node, eventType, t, order, edges.length);
      edgeIds.set(t, made.map((edge) => edge.id));
      edges.push(...made);
    });
  }
  return edges;
}

function toEdges(node: LiveStateNode, eventType: string, t: LiveTransition, order: number, index: number): StatechartEdge[] {
  const { kind, event, delay } = describeEvent(node.id, eventType, t);
  const guard = t.guard === undefined ? null : guardText(t.guard);
  const actions: string[] = [];
  let refusal: StatechartRefusal | null = null;
  for (const action of t.actions ?? []) {
    const found = refusalOf(action);
    if (found && !refusal) refusal = found;
    actions.push(actionText(action));
  }
  const label = `${event}${guard !== null ? ` [${guard}]` : ''}${actions.length > 0 ? ` / ${actions.join(', ')}` : ''}`;
  const targets = t.target && t.target.length > 0 ? t.target.map((target) => target.id) : null;
  const reenter = t.reenter === true;
  return (targets ?? [node.id]).map((target, i) => ({
    id: `${node.id}#${index + i}`,
    source: node.id,
    target,
    eventType,
    event,
    kind,
    delay,
    guard,
    actions,
    refusal,
    targetless: targets === null,
    selfLoop: target === node.id,
    reenter,
    order,
    label,
  }));
}

function describeEvent(sourceId: string, eventType: string, t: LiveTransition): { kind: StatechartEdgeKind; event: string; delay: string | number | null } {
  if (eventType === '') return { kind: 'always', event: 'always', delay: null };
  if (eventType.startsWith(AFTER_PREFIX)) {
    // `xstate.after.<delay>.<source id>`: the delay's name, or its milliseconds.
    let rest = eventType.slice(AFTER_PREFIX.length);
    const suffix = `.${sourceId}`;
    if (rest.endsWith(suffix)) rest = rest.slice(0, -suffix.length);
    else if (typeof t.delay === 'string' || typeof t.delay === 'number') rest = String(t.delay);
    const numeric = /^\d+(\.\d+)?$/.test(rest);
    const delay: string | number = numeric ? Number(rest) : rest;
    return { kind: 'after', event: numeric ? `after ${rest}ms` : `after ${rest}`, delay };
  }
  return { kind: 'event', event: eventType, delay: null };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name of a function, unless it is empty or a generic one. */
function functionName(fn: { name?: unknown }): string | null {
  const name = typeof fn.name === 'string' ? fn.name : '';
  return name && name !== 'anonymous' && name !== 'guard' && name !== 'action' ? name : null;
}

/**
 * Renders a guard: a named guard is its name; XState's `not`/`and`/`or` (functions carrying a
 * `.guards` array and a `.check`) become `!a`, `a && b`, `a || b`; `stateIn` becomes `in(#id)`;
 * `{ type, params }` its type; any other function its name or `inline`.
 */
export function guardText(guard: unknown): string {
  return renderGuard(guard, false);
}

function renderGuard(guard: unknown, nested: boolean): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function' || isRecord(guard)) {
    const g = guard as { guards?: unknown; check?: unknown; stateValue?: unknown; type?: unknown; name?: unknown };
    if (Array.isArray(g.guards)) {
      const op = combinator(g);
      const parts = g.guards.map((inner: unknown) => renderGuard(inner, true));
      if (op === 'not') {
        const inner = parts.length === 1 ? (parts[0] ?? '?') : `(${parts.join(' && ')})`;
        return `!${inner}`;
      }
      if (op === 'and' || op === 'or') {
        const text = parts.join(op === 'and' ? ' && ' : ' || ');
        return nested && parts.length > 1 ? `(${text})` : text;
      }
    }
    if (g.stateValue !== undefined) {
      const value = typeof g.stateValue === 'string' ? g.stateValue : JSON.stringify(g.stateValue);
      return `in(${value})`;
    }
    if (typeof g.type === 'string' && typeof guard !== 'function') return g.type;
    if (typeof guard === 'function') return functionName(g) ?? 'inline';
  }
  return 'inline';
}

function combinator(g: { check?: unknown; name?: unknown }): 'not' | 'and' | 'or' | null {
  const checkName = typeof g.check === 'function' ? g.check.name : '';
  if (checkName === 'checkNot' || g.name === 'not') return 'not';
  if (checkName === 'checkAnd' || g.name === 'and') return 'and';
  if (checkName === 'checkOr' || g.name === 'or') return 'or';
  return null;
}

/** A `refuse` action's params, when `action` is one. */
function refusalOf(action: unknown): StatechartRefusal | null {
  if (!isRecord(action) || action.type !== 'refuse') return null;
  const params = action.params;
  if (!isRecord(params) || typeof params.code !== 'string') return null;
  return { code: params.code, rule: typeof params.rule === 'string' ? params.rule : null };
}

/** Renders an action: its name, `refuse <code>` for a refusal, `assign` for XState built-ins. */
export function actionText(action: unknown): string {
  if (typeof action === 'string') return action;
  const refusal = refusalOf(action);
  if (refusal) return `refuse ${refusal.code}`;
  if (typeof action === 'function' || isRecord(action)) {
    const a = action as { type?: unknown; name?: unknown };
    if (typeof a.type === 'string') return a.type.startsWith('xstate.') ? a.type.slice('xstate.'.length) : a.type;
    if (typeof action === 'function') return functionName(a) ?? 'inline';
  }
  return 'inline';
}

/** Looks a node up by id. */
export function nodeById(graph: StatechartGraph): Map<string, StatechartNode> {
  return new Map(graph.nodes.map((node) => [node.id, node]));
}

/** `status · label`, then other meta (e.g. a console mark), then `rules …`. */
export function describeState(node: StatechartNode): string {
  const parts: string[] = [];
  if (node.status !== null && node.label !== null) parts.push(`${node.status} · ${node.label}`);
  else if (node.status !== null) parts.push(node.status);
  else if (node.label !== null) parts.push(node.label);
  for (const value of Object.values(node.metaExtra)) parts.push(`“${value}”`);
  if (node.rules.length > 0) parts.push(`rules ${node.rules.join(' ')}`);
  return parts.join(' · ');
}

/** The ids from the root down to `id` (inclusive): where a state sits in the chart. */
export function ancestry(id: string, nodes: Map<string, StatechartNode>): string[] {
  const out: string[] = [];
  let node = nodes.get(id);
  while (node) {
    out.unshift(node.id);
    node = node.parent ? nodes.get(node.parent) : undefined;
  }
  return out;
}
