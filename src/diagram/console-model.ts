/**
 * The console's view of a statechart: the states a console user sees and the arrows between them
 * in plain words, derived from the machine definition (its `meta` and its transitions), never
 * drawn by hand.
 *
 * - A **lane** is a region of a parallel machine (or the whole of any other machine), unless its
 *   `meta.console.hidden`; a lane with `meta.console.lane` gets that heading.
 * - A **console state** is a state with a console word (`meta.console.label`, `meta.label`) or a
 *   console mark (`meta.console.mark`, `meta.mark`). Any other state, or one marked
 *   `console.hidden`, folds into its nearest console-state ancestor: the backup's `snapshot` and
 *   `transferring` are both "Creating". Console states of one lane with the same word and mark are
 *   one (an image's `queued` and `saving` are both "Creating"). A state with no such ancestor is a
 *   passing one (a policy's `resolving`, a backup's `arriving`): its `always` transitions start the
 *   lane, the one without a condition first (a backup starts Creating; a synchronised VMware
 *   backup arrives Available, V2).
 * - An **arrow** joins two console states of one lane; each of its lines is one thing that moves
 *   the resource along it, in the words of console-words.ts ("Delete", "after about 4 min, for a
 *   server backup with its system disk"). Moves within one console state are not drawn; a
 *   recurring `after` that re-enters its state is listed inside it ("backs up at each scheduled
 *   time"). Refusals are not arrows: the diagram shows those a walkthrough met (console.ts).
 */
import type { AnyStateMachine } from 'xstate';
import type { ResourceKind } from '../sim/records.js';
import { delayWords, eventWords, guardWords, type DelayContext } from './console-words.js';
import { toStatechartGraph, type StatechartEdge, type StatechartGraph, type StatechartNode } from './graph.js';

export interface ConsoleLine {
  text: string;
  /** The transitions of the chart this line stands for. */
  edges: StatechartEdge[];
}

export interface ConsoleState {
  /** The id of the first chart state it stands for (e.g. `backup.lifecycle.creating`). */
  id: string;
  lane: string;
  /** The console's word: "Creating". */
  title: string;
  /** The console's mark under the word: "Image can be created"; null when none. */
  mark: string | null;
  /** A final state: the resource is gone (drawn as an end point with its word as caption). */
  final: boolean;
  /** Every chart state that shows as this console state. */
  members: string[];
  /** Recurring activity, listed inside the state. */
  loops: ConsoleLine[];
}

export interface ConsoleArrow {
  /** `<source>→<target>`, unique in the model. */
  id: string;
  lane: string;
  source: string;
  target: string;
  lines: ConsoleLine[];
}

export interface ConsoleLane {
  /** The id of the region (or of the machine, for a machine without regions). */
  id: string;
  /** Its heading; null when the machine shows one lane only or the region has none. */
  title: string | null;
  states: ConsoleState[];
  /** Where the lane starts: console states, each with the words of the condition (often none). */
  starts: Array<{ target: string; line: ConsoleLine }>;
}

export interface ConsoleModel {
  kind: ResourceKind;
  graph: StatechartGraph;
  lanes: ConsoleLane[];
  arrows: ConsoleArrow[];
  /** The console state a chart state shows as; null for hidden lanes, regions, the root, passing states. */
  consoleOf(stateId: string): ConsoleState | null;
  /** Events, guards and delays the word tables have no entry for (the tests keep this empty). */
  missingWords: string[];
}

/** Reads the console view of `machine` (a chart of a resource of `kind`). */
export function toConsoleModel(kind: ResourceKind, machine: AnyStateMachine, delays: DelayContext = {}): ConsoleModel {
  const graph = toStatechartGraph(machine);
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const root = nodes.get(graph.root);
  if (!root) throw new Error(`${graph.id} has no root`);
  const missing = new Set<string>();

  const laneNodes = root.type === 'parallel' ? root.children.map((id) => nodes.get(id)).filter((n): n is StatechartNode => n !== undefined) : [root];
  const visibleLanes = laneNodes.filter((n) => n.console?.hidden !== true);
  const laneOf = new Map<string, string>();
  const walk = (node: StatechartNode, lane: string): void => {
    laneOf.set(node.id, lane);
    for (const child of node.children) {
      const c = nodes.get(child);
      if (c) walk(c, lane);
    }
  };
  for (const lane of visibleLanes) walk(lane, lane.id);

  // The console state each chart state shows as, found from the top of each lane down.
  const owner = new Map<string, ConsoleState | null>();
  const byKey = new Map<string, ConsoleState>();
  const lanes: ConsoleLane[] = [];
  const showsItself = (node: StatechartNode): boolean =>
    node.console?.hidden !== true && (node.console?.label !== undefined || node.label !== null || node.console?.mark !== undefined || node.metaExtra.mark !== undefined);
  for (const laneNode of visibleLanes) {
    const lane: ConsoleLane = {
      id: laneNode.id,
      title: visibleLanes.length > 1 ? (laneNode.console?.lane ?? laneNode.key) : null,
      states: [],
      starts: [],
    };
    lanes.push(lane);
    const visit = (node: StatechartNode, inherited: ConsoleState | null): void => {
      let mine = inherited;
      if (node !== laneNode && showsItself(node)) {
        const title = node.console?.label ?? node.label ?? inherited?.title ?? node.key;
        const mark = node.console?.mark ?? node.metaExtra.mark ?? null;
        const key = `${lane.id}\u0000${title}\u0000${mark ?? ''}`;
        let state = byKey.get(key);
        if (!state) {
          state = { id: node.id, lane: lane.id, title, mark, final: node.type === 'final', members: [], loops: [] };
          byKey.set(key, state);
          lane.states.push(state);
        }
        mine = state;
      }
      if (node !== laneNode) {
        owner.set(node.id, mine);
        mine?.members.push(node.id);
      }
      for (const child of node.children) {
        const c = nodes.get(child);
        if (c) visit(c, mine);
      }
    };
    visit(laneNode, null);
  }
  const consoleOf = (id: string): ConsoleState | null => owner.get(id) ?? null;

  /** The state a transition into `id` comes to rest in: down the initial children. */
  const entered = (id: string): string => {
    let node = nodes.get(id);
    while (node && node.type === 'compound' && node.initial) node = nodes.get(node.initial);
    return node?.id ?? id;
  };
  const isWithin = (id: string, ancestor: string): boolean => {
    for (let n = nodes.get(id); n; n = n.parent ? nodes.get(n.parent) : undefined) if (n.id === ancestor) return true;
    return false;
  };

  const lineText = (edge: StatechartEdge, negated: string[]): string | null => {
    let event: string | null;
    if (edge.kind === 'after') {
      const words = typeof edge.delay === 'string' ? delayWords(kind, edge.delay, delays) : undefined;
      if (words === undefined) missing.add(`delay ${String(edge.delay)}`);
      event = words ?? `after ${String(edge.delay)}`;
    } else if (edge.kind === 'always') {
      event = '';
    } else {
      const words = eventWords(kind, edge.eventType);
      if (words === undefined) missing.add(`event ${edge.eventType}`);
      if (words === null) return null;
      event = words ?? edge.eventType;
    }
    let condition = '';
    const guard = edge.guard ?? (negated.length === 1 ? `!${negated[0]}` : null);
    if (guard !== null) {
      const words = guardWords(kind, guard);
      if (words === undefined && edge.guard !== null) missing.add(`guard ${guard}`);
      condition = words ?? '';
    }
    return [event, condition].filter((part) => part !== '').join(', ');
  };

  const arrows = new Map<string, ConsoleArrow>();
  const addLine = (lines: ConsoleLine[], text: string, edge: StatechartEdge): void => {
    const line = lines.find((l) => l.text === text);
    if (line) line.edges.push(edge);
    else lines.push({ text, edges: [edge] });
  };
  // The guards of the candidates before each transition (for the words of a passing state's fallback).
  const earlierGuards = (edge: StatechartEdge): string[] =>
    graph.edges.filter((e) => e.source === edge.source && e.eventType === edge.eventType && e.order < edge.order && e.guard !== null).map((e) => e.guard as string);

  for (const edge of graph.edges) {
    if (edge.refusal || edge.targetless) continue;
    const lane = laneOf.get(edge.source);
    if (!lane || laneOf.get(edge.target) !== lane) continue;
    const target = consoleOf(entered(edge.target));
    if (!target) continue;
    const laneModel = lanes.find((l) => l.id === lane);
    const source = consoleOf(edge.source);
    if (!source && edge.source !== lane) {
      // A passing state: where its way out leads is where the lane starts.
      if (laneModel && isPassingStart(edge.source, lane)) {
        const text = lineText(edge, edge.guard === null ? earlierGuards(edge) : []);
        if (text !== null) laneModel.starts.push({ target: target.id, line: { text, edges: [edge] } });
      }
      continue;
    }
    // A transition of a state applies in every console state inside it too (unless a deeper one handles the event).
    const sources = new Set<ConsoleState>();
    if (source) sources.add(source);
    for (const state of laneModel?.states ?? []) {
      if (state === source) continue;
      if (!state.members.some((m) => m !== edge.source && isWithin(m, edge.source))) continue;
      const overridden = state.members.some((m) => graph.edges.some((e) => e.source === m && e.eventType === edge.eventType && m !== edge.source));
      if (!overridden) sources.add(state);
    }
    for (const from of sources) {
      if (from === target) {
        if (edge.kind === 'after' && edge.reenter) {
          const text = lineText(edge, []);
          if (text) addLine(from.loops, text, edge);
        }
        continue;
      }
      const text = lineText(edge, []);
      if (text === null) continue;
      const id = `${from.id}→${target.id}`;
      let arrow = arrows.get(id);
      if (!arrow) {
        arrow = { id, lane, source: from.id, target: target.id, lines: [] };
        arrows.set(id, arrow);
      }
      addLine(arrow.lines, text, edge);
    }
  }

  function isPassingStart(id: string, lane: string): boolean {
    // Passing states reached from the lane's start (down its initial children), not from elsewhere.
    let node = nodes.get(lane);
    while (node && node.initial) {
      if (node.initial === id) return true;
      node = nodes.get(node.initial);
    }
    return false;
  }

  for (const lane of lanes) {
    // The ordinary way in first, the one with no condition (a backup CBR makes: Creating); the
    // ways in a condition words after it (a VMware backup a sync registers: Available, V2). A
    // lane whose every way in has words (a policy: enabled or not) keeps the chart's order.
    lane.starts.sort((a, b) => Number(a.line.text !== '') - Number(b.line.text !== ''));
    if (lane.starts.length > 0) continue;
    const first = consoleOf(entered(lane.id));
    if (first) lane.starts.push({ target: first.id, line: { text: '', edges: [] } });
  }

  return { kind, graph, lanes, arrows: [...arrows.values()], consoleOf, missingWords: [...missing] };
}
