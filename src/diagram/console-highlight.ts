/**
 * What a walkthrough lights on a console diagram, from what its run passed through, given in the
 * engineering chart's terms (state ids, event types, refusal codes): the console states it
 * visited, the arrows (and the lines of them) it took, and the refusals it met, each placed on
 * the arrow of the refused command when the state has one, else on a note of its own. For one
 * live resource, also where it is now, its last step, and the lane a page should centre on.
 */
import type { ConsoleArrow, ConsoleLine, ConsoleModel, ConsoleState } from './console-model.js';
import { eventWords, refusalWords } from './console-words.js';
import type { StatechartEdge, StatechartNode } from './graph.js';

export interface TakenTransition {
  /** The state the run was in (any of its active states' ids, e.g. the lifecycle leaf). */
  source: string;
  /** The event type (`DELETE`, `xstate.after.snapshotPhase.backup.lifecycle.creating.snapshot`) or as the chart shows it (`after snapshotPhase`). */
  event: string;
  /** The state it went to, when known: picks among guarded alternatives. */
  target?: string;
}

export interface MetRefusal {
  /** The state the resource was in (any of its active states' ids). */
  state: string;
  /** The refused event type (`DELETE`); a refusal code names the transition when this does not. */
  event: string;
  code: string;
}

export interface HighlightInput {
  visitedStates?: readonly string[];
  takenTransitions?: readonly TakenTransition[];
  refusals?: readonly MetRefusal[];
  /** The states a resource is in now (any of its active states' ids, as `stateIds` names a snapshot's value). */
  currentStates?: readonly string[];
  /**
   * The states the run's resources began in (their first state records', as `runPaths` reads
   * them): the lane starts they came in by are lit. Without it, a start is lit when the run visited
   * where it leads, and of a lane's several ways in only the one it visited first: a backup that
   * went Creating → Available did not come in by a VMware backup's way into Available.
   */
  startStates?: readonly string[];
}

/** A refusal as drawn: on an arrow (a line under its command) or on a note beside its state. */
export interface PlacedRefusal {
  state: string;
  event: string;
  code: string;
  /** The command in the console's words: "Delete". */
  command: string;
  /** What to do instead: "delete the image first". */
  words: string;
  /** The arrow it is marked on, or null for a note. */
  arrow: string | null;
}

export interface Highlight {
  states: Set<string>;
  arrows: Set<string>;
  lines: Set<ConsoleLine>;
  /** `<lane>><target>` of the lane starts the run began at. */
  starts: Set<string>;
  refusals: PlacedRefusal[];
  /** The console states the resource is in now (also in `states`). */
  current: Set<string>;
  /** A live resource's (`currentStates` given): the arrow of the last transition taken that the diagram shows; else the start of the focus lane, when it is lit. */
  last: { arrow: string } | { start: string } | null;
  /**
   * The current console state of the lane whose state changed last (the lane of `last`, else the
   * first lane; any current state when that lane has none): where a page centres its view. Null
   * when nothing is current.
   */
  focus: string | null;
  /** Input the diagram could not show: ids of no console state, transitions or refusals it cannot place. */
  unplaced: string[];
}

/** An empty highlight, but for `refusals`: what a live view's layout depends on (see console.ts). */
export function refusalsOnly(highlight: Highlight): Highlight {
  return { states: new Set(), arrows: new Set(), lines: new Set(), starts: new Set(), refusals: highlight.refusals, current: new Set(), last: null, focus: null, unplaced: [] };
}

export function resolveHighlight(model: ConsoleModel, input: HighlightInput): Highlight {
  const nodes = new Map(model.graph.nodes.map((n) => [n.id, n]));
  const ancestors = (id: string): StatechartNode[] => {
    const out: StatechartNode[] = [];
    for (let n = nodes.get(id); n; n = n.parent ? nodes.get(n.parent) : undefined) out.push(n);
    return out;
  };
  const isWithin = (id: string, ancestor: string): boolean => ancestors(id).some((n) => n.id === ancestor);
  const out: Highlight = { states: new Set(), arrows: new Set(), lines: new Set(), starts: new Set(), refusals: [], current: new Set(), last: null, focus: null, unplaced: [] };

  // The innermost ids only (a snapshot names every ancestor of its states too).
  const consoleStates = (ids: readonly string[], what: string): ConsoleState[] => {
    const given = new Set(ids);
    const found: ConsoleState[] = [];
    for (const id of given) {
      if (!nodes.has(id)) {
        out.unplaced.push(`${what} ${id}`);
        continue;
      }
      const inner = [...given].some((other) => other !== id && isWithin(other, id) && model.consoleOf(other) !== model.consoleOf(id));
      if (inner) continue;
      const state = model.consoleOf(id);
      if (state && !found.includes(state)) found.push(state);
    }
    return found;
  };
  for (const state of consoleStates(input.visitedStates ?? [], 'state')) out.states.add(state.id);
  const current = consoleStates(input.currentStates ?? [], 'current state');
  for (const state of current) {
    out.current.add(state.id);
    out.states.add(state.id);
  }

  let lastArrow: ConsoleArrow | null = null;
  for (const taken of input.takenTransitions ?? []) {
    const edge = takenEdge(model, taken, isWithin, out.states);
    if (!edge) {
      if (!nodes.has(taken.source) || !model.graph.edges.some((e) => e.eventType === taken.event || e.event === taken.event)) {
        out.unplaced.push(`transition ${taken.event} from ${taken.source}`);
      }
      continue;
    }
    // A move the console does not show (inside one console state, or in a hidden lane) lights nothing.
    const line = lineOf(model.arrows, edge, model.consoleOf(taken.source));
    if (line) {
      out.arrows.add(line.arrow.id);
      out.lines.add(line.line);
      out.states.add(line.arrow.source);
      out.states.add(line.arrow.target);
      lastArrow = line.arrow;
    }
  }

  const began = input.startStates === undefined ? null : new Set(input.startStates.map((id) => model.consoleOf(id)?.id).filter((id) => id !== undefined));
  const visitedOrder = (input.visitedStates ?? []).map((id) => model.consoleOf(id)?.id);
  for (const lane of model.lanes) {
    const ways = lane.starts.filter((start) => out.states.has(start.target) && (began === null || began.has(start.target)));
    const first = (start: (typeof ways)[number]): number => {
      const at = visitedOrder.indexOf(start.target);
      return at < 0 ? Infinity : at;
    };
    const lit = began !== null || ways.length < 2 ? ways : [ways.reduce((a, b) => (first(b) < first(a) ? b : a))];
    for (const start of lit) out.starts.add(`${lane.id}>${start.target}`);
  }

  // A live resource's last step, and where the view centres: the lane the last step was in, else
  // the first lane. A walkthrough's figure has no last step.
  const focusLane = lastArrow?.lane ?? model.lanes[0]?.id;
  out.focus = (current.find((s) => s.lane === focusLane) ?? current[0])?.id ?? null;
  if (input.currentStates !== undefined) {
    if (lastArrow) out.last = { arrow: lastArrow.id };
    else {
      // Nothing shown taken yet: its last step was coming into being, at its lane's start.
      const start = model.lanes.find((l) => l.id === focusLane)?.starts.find((s) => out.starts.has(`${focusLane}>${s.target}`));
      if (start) out.last = { start: `${focusLane}>${start.target}` };
    }
  }

  const seen = new Set<string>();
  for (const met of input.refusals ?? []) {
    const placed = placeRefusal(model, met, isWithin);
    if (!placed) {
      out.unplaced.push(`refusal ${met.code} of ${met.event} in ${met.state}`);
      continue;
    }
    const key = `${placed.state}\u0000${placed.arrow ?? placed.command}\u0000${placed.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.refusals.push(placed);
  }
  return out;
}

/** The edge a taken transition went along: from its state or an ancestor, by event; the visited target first. */
function takenEdge(
  model: ConsoleModel,
  taken: TakenTransition,
  isWithin: (id: string, ancestor: string) => boolean,
  lit: Set<string>,
): StatechartEdge | null {
  const candidates = model.graph.edges.filter(
    (e) =>
      !e.refusal &&
      !e.targetless &&
      (e.eventType === taken.event || e.event === taken.event) &&
      (isWithin(taken.source, e.source) || isWithin(e.source, taken.source)),
  );
  const target = taken.target;
  const chosen = target !== undefined
    ? candidates.filter((e) => e.target === target || isWithin(target, e.target) || model.consoleOf(e.target) === model.consoleOf(target))
    : candidates;
  const consoleTarget = (e: StatechartEdge): string | undefined => model.consoleOf(e.target)?.id ?? enteredConsole(model, e.target);
  const preferred = chosen.filter((e) => {
    const t = consoleTarget(e);
    return t !== undefined && lit.has(t);
  });
  return (preferred[0] ?? chosen[0]) ?? null;
}

function enteredConsole(model: ConsoleModel, id: string): string | undefined {
  const nodes = new Map(model.graph.nodes.map((n) => [n.id, n]));
  let node = nodes.get(id);
  while (node && node.type === 'compound' && node.initial) node = nodes.get(node.initial);
  return node ? model.consoleOf(node.id)?.id : undefined;
}

/** The arrow line that stands for `edge`, leaving `from` (the state the run was in) when it can. */
function lineOf(arrows: ConsoleArrow[], edge: StatechartEdge, from: ConsoleState | null): { arrow: ConsoleArrow; line: ConsoleLine } | null {
  let found: { arrow: ConsoleArrow; line: ConsoleLine } | null = null;
  for (const arrow of arrows) {
    for (const line of arrow.lines) {
      if (!line.edges.includes(edge)) continue;
      if (from && arrow.source === from.id) return { arrow, line };
      found ??= { arrow, line };
    }
  }
  return found;
}

/**
 * Where a met refusal shows: at the console state of the refusing transition's state, or of the
 * state given when that is inside it (the backup's "Creating · Image can be created" for a
 * refusal all of `creating` makes), or of the state given when the transition's is not shown; on
 * the arrow of the refused command from there when there is one.
 */
function placeRefusal(model: ConsoleModel, met: MetRefusal, isWithin: (id: string, ancestor: string) => boolean): PlacedRefusal | null {
  const byCode = model.graph.edges.filter((e) => e.refusal?.code === met.code);
  const byEvent = byCode.filter((e) => e.eventType === met.event);
  const pool = byEvent.length > 0 ? byEvent : byCode;
  const edge =
    pool.find((e) => isWithin(met.state, e.source)) ??
    pool.find((e) => isWithin(e.source, met.state)) ??
    pool.find((e) => model.consoleOf(e.source) !== null) ??
    pool[0] ??
    null;
  const given = model.consoleOf(met.state);
  const own = edge ? model.consoleOf(edge.source) : null;
  const state = own && given && edge && given.lane === own.lane && isWithin(met.state, edge.source) ? given : (own ?? given);
  if (!state) return null;
  const event = edge?.eventType ?? met.event;
  const command = eventWords(model.kind, event) ?? event;
  const words = refusalWords(model.kind, event, met.code, edge?.refusal?.rule ?? null, state.mark ? `${state.title} (${state.mark})` : state.title);
  const arrow = model.arrows.find((a) => a.source === state.id && a.lines.some((l) => l.edges.some((e) => e.eventType === event && e.kind === 'event')));
  return { state: state.id, event, code: met.code, command, words, arrow: arrow?.id ?? null };
}
