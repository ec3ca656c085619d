/**
 * Layout of a console diagram: each lane laid out top to bottom by dagre (console states, the
 * start dot, arrows with their labels, refusal notes beside their states), labels kept clear of
 * other paths (untangle.ts), then the lanes side by side when they fit the width a page gives a
 * figure, stacked when they do not, under the title and above the legend.
 *
 * Sizes are chosen for a page: a figure at most MAX_WIDTH px wide, with no text under 14 px, reads
 * at 12 px or more when a theme scales it to 800 px.
 *
 * A live resource's view (the inspector's) is laid out so that it does not move as the resource
 * goes along: every arrow line is measured as if lit (bold), nothing else lit is laid out, and
 * `relightConsole` then lights what the resource did on a copy; only a refusal met, which adds
 * words, makes a new layout. `lanes: 'row'` keeps the lanes side by side, their current states
 * level rather than a figure's height apart; lanes too many for one row that reads at 12 px on a
 * 1024 px screen (a vault's four) go in a grid, as few rows as will do, as many lanes in each.
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { ConsoleArrow, ConsoleLane, ConsoleLine, ConsoleModel, ConsoleState } from './console-model.js';
import type { Highlight, PlacedRefusal } from './console-highlight.js';
import { measureText, wrapText } from './fonts.js';
import { drawnPath, type Point, type Rect } from './geometry.js';
import { labelConflicts, untangle, type RouteParts, type Scene } from './untangle.js';

export const CONSOLE_TEXT = {
  title: 18,
  state: 16,
  small: 14,
  line: 19,
} as const;

/** The widest a figure gets before its lanes are stacked (see the comment above). */
export const MAX_WIDTH = 900;
/**
 * The widest a row of lanes gets when it can: its 14 px text is 12 px on screen when the row is
 * scaled to a 1024 px wide screen, with room to spare for the page around it.
 */
const ROW_MAX_WIDTH = 1150;
/** The width a page shows a figure at without scaling it (the 800 px). */
const PAGE_WIDTH = 800;
const MARGIN = 20;
const LANE_GAP = 24;
const LANE_PAD = 16;
const STATE_PAD_X = 16;
const DOT = 14;
const FINAL = 26;
const MIN_STATE_WIDTH = 120;

export interface TextLine {
  text: string;
  size: number;
  bold: boolean;
  /** How it is drawn: a word, the mark under it, an arrow's line, a refusal. */
  role: 'title' | 'mark' | 'loop' | 'arrow' | 'refused' | 'caption' | 'lane' | 'legend';
  lit: boolean;
  /** Baseline, relative to the top of its box. */
  y: number;
  /** The arrow line it is (a part of, when wrapped): lit when the highlight lights that line. */
  source?: ConsoleLine;
}

export interface StateShape extends Rect {
  state: ConsoleState;
  lit: boolean;
  /** The resource is in it now (a live view). */
  current: boolean;
  /** The current state a page centres on (see `Highlight.focus`). */
  focus: boolean;
  lines: TextLine[];
}

export interface LabelShape extends Rect {
  lines: TextLine[];
}

export interface ArrowShape {
  id: string;
  kind: 'arrow' | 'start';
  source: string;
  target: string;
  points: Point[];
  lit: boolean;
  /** The last step the resource took (a live view). */
  last: boolean;
  refused: boolean;
  label: LabelShape | null;
}

export interface LaneShape extends Rect {
  lane: ConsoleLane;
  title: TextLine | null;
  titleBox: Rect | null;
  /** A frame is drawn when the machine shows more than one lane. */
  framed: boolean;
}

export interface LegendItem extends Rect {
  kind: 'current' | 'lit' | 'last' | 'refused' | 'plain';
  text: string;
}

/** What the legend says: a walkthrough's three styles (docs), or a live resource's five, in a trainer's words. */
export type LegendKind = 'walkthrough' | 'live';

const LEGENDS: Record<LegendKind, Array<{ kind: LegendItem['kind']; text: string }>> = {
  walkthrough: [
    { kind: 'lit', text: 'this walkthrough' },
    { kind: 'refused', text: 'refused here' },
    { kind: 'plain', text: 'not taken' },
  ],
  live: [
    { kind: 'current', text: 'now' },
    { kind: 'lit', text: 'so far' },
    { kind: 'last', text: 'last step' },
    { kind: 'refused', text: 'refused here' },
    { kind: 'plain', text: 'not yet / not taken' },
  ],
};

export interface ConsoleLayoutOptions {
  /** Measure every arrow line as bold (lit), so that lighting one later moves nothing. */
  measureBold?: boolean;
  /** `auto`: lanes side by side, packed in rows or stacked, whichever fits a page best; `row`: side by side. */
  lanes?: 'auto' | 'row';
}

export interface ConsoleLayout {
  width: number;
  height: number;
  /** Labels left in the way of something (0 but for a machine no fit can lay out cleanly). */
  conflicts: number;
  title: { text: string; box: Rect; line: TextLine };
  lanes: LaneShape[];
  states: StateShape[];
  starts: Array<Rect & { lane: string }>;
  arrows: ArrowShape[];
  legend: LegendItem[];
}

const lineOf = (text: string, size: number, bold: boolean, role: TextLine['role'], lit: boolean, y: number): TextLine => ({ text, size, bold, role, lit, y });

interface Part {
  text: string;
  size: number;
  bold: boolean;
  role: TextLine['role'];
  lit: boolean;
  /** Measured (and wrapped) as bold whatever `bold` says. */
  measureBold?: boolean;
  source?: ConsoleLine;
}

/** The lines of a label, wrapped, with baselines; and the size of its box. */
function stack(parts: Part[], maxWidth: number, padX: number, padY: number): { lines: TextLine[]; width: number; height: number } {
  const lines: TextLine[] = [];
  let y = padY;
  let width = 0;
  for (const part of parts) {
    const bold = part.bold || part.measureBold === true;
    for (const text of wrapText(part.text, part.size, maxWidth, bold)) {
      y += CONSOLE_TEXT.line;
      const line = lineOf(text, part.size, part.bold, part.role, part.lit, y - 5);
      if (part.source) line.source = part.source;
      lines.push(line);
      width = Math.max(width, measureText(text, part.size, bold));
    }
  }
  return { lines, width: Math.ceil(width + 2 * padX), height: Math.ceil(y + padY) };
}

interface LaneLocal {
  width: number;
  height: number;
  /** Labels untangle could not get clear of everything. */
  conflicts: number;
  states: StateShape[];
  starts: Array<Rect & { lane: string }>;
  arrows: ArrowShape[];
}

export function layoutConsole(model: ConsoleModel, highlight: Highlight, title: string, legend: LegendKind | null, options: ConsoleLayoutOptions = {}): ConsoleLayout {
  // Every fit and arrangement of lanes. Of those with no label in the way of anything: the
  // shortest that a page shows at its own size (PAGE_WIDTH), else the narrowest within MAX_WIDTH;
  // failing that, the one with the fewest conflicts, then the narrowest. In a row, the shortest
  // with no conflict, else the one with the fewest.
  const layouts: ConsoleLayout[] = [];
  const n = model.lanes.length;
  // In a row, also the lanes in a grid (two rows of two, of a vault's four): when one row of them
  // is too wide for its text to read at 12 px on a 1024 px screen, fewer lanes a row keep it legible.
  const grids: Arrangement[] = [];
  for (let rows = 2; rows < n; rows++) {
    const perRow = Math.ceil(n / rows);
    if (!grids.some((g) => typeof g === 'object' && g.perRow === perRow)) grids.push({ perRow });
  }
  const arrangements: Arrangement[] = n === 1 ? ['across'] : options.lanes === 'row' ? ['across', ...grids] : ['across', 'packed', 'stacked'];
  const layoutsOf = new Map<Arrangement, ConsoleLayout[]>(arrangements.map((a) => [a, []]));
  for (const fit of FITS) {
    const locals = model.lanes.map((lane) => layoutLane(model, lane, highlight, fit, options.measureBold === true));
    for (const arrangement of arrangements) {
      const laid = arrange(model, locals, title, legend, arrangement);
      layouts.push(laid);
      layoutsOf.get(arrangement)!.push(laid);
    }
  }
  const narrowest = (list: ConsoleLayout[]): ConsoleLayout => list.reduce((a, b) => (b.width < a.width || (b.width === a.width && b.height < a.height) ? b : a));
  const shortest = (list: ConsoleLayout[]): ConsoleLayout => list.reduce((a, b) => (b.height < a.height || (b.height === a.height && b.width < a.width) ? b : a));
  const good = layouts.filter((l) => l.conflicts === 0);
  if (options.lanes === 'row' && n > 1) {
    // One row if it fits the screen, else the grid with the most lanes a row that does.
    for (const arrangement of arrangements) {
      const screen = layoutsOf.get(arrangement)!.filter((l) => l.conflicts === 0 && l.width <= ROW_MAX_WIDTH);
      if (screen.length > 0) return shortest(screen);
    }
    if (good.length > 0) return narrowest(good);
    const fewest = Math.min(...layouts.map((l) => l.conflicts));
    return narrowest(layouts.filter((l) => l.conflicts === fewest));
  }
  const unscaled = good.filter((l) => l.width <= PAGE_WIDTH);
  if (unscaled.length > 0) return shortest(unscaled);
  const within = good.filter((l) => l.width <= MAX_WIDTH);
  if (within.length > 0) return narrowest(within);
  const fewest = Math.min(...layouts.map((l) => l.conflicts));
  const least = layouts.filter((l) => l.conflicts === fewest);
  const fitting = least.filter((l) => l.width <= MAX_WIDTH);
  return narrowest(fitting.length > 0 ? fitting : least);
}

/** Lanes in one row, in rows filled up to MAX_WIDTH, one under the other, or `perRow` a row. */
type Arrangement = 'across' | 'packed' | 'stacked' | { perRow: number };

function arrange(model: ConsoleModel, locals: LaneLocal[], title: string, legend: LegendKind | null, arrangement: Arrangement): ConsoleLayout {
  const framed = model.lanes.length > 1;
  const headerHeight = (lane: ConsoleLane): number => (framed && lane.title ? CONSOLE_TEXT.line + 10 : 0);
  const laneSize = (local: LaneLocal, lane: ConsoleLane) => ({
    width: local.width + (framed ? 2 * LANE_PAD : 0),
    height: local.height + headerHeight(lane) + (framed ? 2 * LANE_PAD : 0),
  });
  const sizes = locals.map((local, i) => laneSize(local, model.lanes[i]!));
  const titleWidth = measureText(title, CONSOLE_TEXT.title, true);

  const titleBox: Rect = { x: MARGIN, y: MARGIN, width: Math.ceil(titleWidth), height: CONSOLE_TEXT.line + 6 };
  let x = MARGIN;
  let y = titleBox.y + titleBox.height + 14;
  const out: ConsoleLayout = {
    width: 0,
    height: 0,
    conflicts: locals.reduce((sum, l) => sum + l.conflicts, 0),
    title: { text: title, box: titleBox, line: lineOf(title, CONSOLE_TEXT.title, true, 'title', false, CONSOLE_TEXT.line) },
    lanes: [],
    states: [],
    starts: [],
    arrows: [],
    legend: [],
  };
  // Rows of lanes; the lanes of a row share its top and height.
  const rows: number[][] = [];
  for (let i = 0; i < sizes.length; i++) {
    const row = rows[rows.length - 1];
    const rowWidth = row ? row.reduce((sum, j) => sum + sizes[j]!.width + LANE_GAP, 0) : 0;
    const fits =
      row !== undefined &&
      (arrangement === 'across' ||
        (arrangement === 'packed' && 2 * MARGIN + rowWidth + sizes[i]!.width <= MAX_WIDTH) ||
        (typeof arrangement === 'object' && row.length < arrangement.perRow));
    if (fits) row.push(i);
    else rows.push([i]);
  }
  let right = titleBox.x + titleBox.width;
  let bottom = y;
  for (const row of rows) {
    const rowHeight = Math.max(...row.map((i) => sizes[i]!.height));
    x = MARGIN;
    for (const i of row) {
      const lane = model.lanes[i]!;
      const local = locals[i]!;
      const size = sizes[i]!;
      const box: LaneShape = { lane, x, y, width: size.width, height: rowHeight, title: null, titleBox: null, framed };
      if (framed && lane.title) {
        box.title = lineOf(lane.title, CONSOLE_TEXT.small, true, 'lane', false, CONSOLE_TEXT.line);
        box.titleBox = { x: x + LANE_PAD - 4, y: y + 6, width: Math.ceil(measureText(lane.title, CONSOLE_TEXT.small, true)) + 8, height: CONSOLE_TEXT.line + 4 };
      }
      const dx = x + (framed ? LANE_PAD : 0) + (size.width - (framed ? 2 * LANE_PAD : 0) - local.width) / 2;
      const dy = y + headerHeight(lane) + (framed ? LANE_PAD : 0);
      const move = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
      const shift = <T extends Rect>(r: T): T => ({ ...r, x: r.x + dx, y: r.y + dy });
      out.lanes.push(box);
      out.states.push(...local.states.map(shift));
      out.starts.push(...local.starts.map(shift));
      out.arrows.push(...local.arrows.map((a) => ({ ...a, points: a.points.map(move), label: a.label ? shift(a.label) : null })));
      right = Math.max(right, x + size.width);
      bottom = Math.max(bottom, y + rowHeight);
      x += size.width + LANE_GAP;
    }
    y += rowHeight + LANE_GAP;
  }

  let width = Math.max(right + MARGIN, MARGIN * 2 + titleWidth);
  let legendBottom = bottom;
  if (legend) {
    const items = LEGENDS[legend];
    let lx = MARGIN;
    let ly = bottom + 18;
    for (const item of items) {
      const itemWidth = 40 + Math.ceil(measureText(item.text, CONSOLE_TEXT.small));
      if (lx > MARGIN && lx + itemWidth > Math.max(width, 0) - MARGIN) {
        lx = MARGIN;
        ly += CONSOLE_TEXT.line + 10;
      }
      out.legend.push({ kind: item.kind, text: item.text, x: lx, y: ly, width: itemWidth, height: CONSOLE_TEXT.line + 4 });
      lx += itemWidth + 24;
    }
    legendBottom = Math.max(...out.legend.map((l) => l.y + l.height));
    width = Math.max(width, ...out.legend.map((l) => l.x + l.width + MARGIN));
  }
  out.width = Math.ceil(width);
  out.height = Math.ceil(legendBottom + MARGIN);
  // Centre the lanes (and what is in them) under a wider title or legend.
  const extra = out.width - (right + MARGIN);
  if (extra > 1) {
    const dx = extra / 2;
    for (const lane of out.lanes) {
      lane.x += dx;
      if (lane.titleBox) lane.titleBox.x += dx;
    }
    for (const s of out.states) s.x += dx;
    for (const s of out.starts) s.x += dx;
    for (const a of out.arrows) {
      a.points = a.points.map((p) => ({ x: p.x + dx, y: p.y }));
      if (a.label) a.label.x += dx;
    }
  }
  return out;
}

/**
 * A state's box: its word, its mark, what recurs in it, and the refusals met in it whose command
 * has no arrow from it (a refusal of a command that has one is marked on that arrow instead).
 */
function stateShape(state: ConsoleState, lit: boolean, refusals: PlacedRefusal[], maxWidth: number): { width: number; height: number; lines: TextLine[] } {
  if (state.final) {
    const caption = lineOf(state.title, CONSOLE_TEXT.small, false, 'caption', lit, FINAL + 4 + CONSOLE_TEXT.line - 5);
    return { width: Math.ceil(Math.max(FINAL, measureText(state.title, CONSOLE_TEXT.small)) + 4), height: FINAL + 4 + CONSOLE_TEXT.line, lines: [caption] };
  }
  const parts: Part[] = [{ text: state.title, size: CONSOLE_TEXT.state, bold: true, role: 'title', lit }];
  if (state.mark) parts.push({ text: state.mark, size: CONSOLE_TEXT.small, bold: false, role: 'mark', lit });
  for (const loop of state.loops) parts.push({ text: `↻ ${loop.text}`, size: CONSOLE_TEXT.small, bold: false, role: 'loop', lit: false });
  for (const refusal of refusals) parts.push({ text: `✕ ${refusal.command}: ${refusal.words}`, size: CONSOLE_TEXT.small, bold: false, role: 'refused', lit: false });
  // The console's word and mark are never broken: the box is at least as wide as they are.
  const own = Math.max(measureText(state.title, CONSOLE_TEXT.state, true), state.mark ? measureText(state.mark, CONSOLE_TEXT.small) : 0);
  const s = stack(parts, Math.max(maxWidth, Math.ceil(own)), STATE_PAD_X, 8);
  return { width: Math.max(MIN_STATE_WIDTH, s.width), height: Math.max(44, s.height), lines: s.lines };
}

function arrowLabel(arrow: ConsoleArrow | null, text: string | null, highlight: Highlight, maxWidth: number, measureBold: boolean): { width: number; height: number; lines: TextLine[] } | null {
  const parts: Part[] = [];
  if (arrow) {
    for (const line of arrow.lines) parts.push({ text: line.text, size: CONSOLE_TEXT.small, bold: highlight.lines.has(line), role: 'arrow', lit: highlight.lines.has(line), measureBold, source: line });
    for (const refusal of highlight.refusals.filter((r) => r.arrow === arrow.id)) {
      parts.push({ text: `✕ refused: ${refusal.words}`, size: CONSOLE_TEXT.small, bold: false, role: 'refused', lit: false });
    }
  } else if (text) {
    parts.push({ text, size: CONSOLE_TEXT.small, bold: false, role: 'arrow', lit: false });
  }
  if (parts.length === 0) return null;
  return stack(parts, maxWidth, 6, 3);
}

const INITIAL = 'start:';

/**
 * How a lane is laid out: the widest a label's text and a state's text get, the gaps between
 * states side by side and between ranks.
 */
interface Fit {
  label: number;
  state: number;
  nodesep: number;
  ranksep: number;
}

/** From roomy to tight; the roomier ranks give labels more places off other paths. */
const FITS: readonly Fit[] = [
  { label: 230, state: 220, nodesep: 30, ranksep: 34 },
  { label: 190, state: 220, nodesep: 30, ranksep: 34 },
  { label: 190, state: 220, nodesep: 30, ranksep: 50 },
  { label: 160, state: 200, nodesep: 22, ranksep: 34 },
  { label: 160, state: 200, nodesep: 22, ranksep: 50 },
  { label: 130, state: 170, nodesep: 16, ranksep: 34 },
  { label: 130, state: 170, nodesep: 16, ranksep: 50 },
  { label: 110, state: 150, nodesep: 12, ranksep: 40 },
];

function layoutLane(model: ConsoleModel, lane: ConsoleLane, highlight: Highlight, fit: Fit, measureBold: boolean): LaneLocal {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: fit.nodesep, edgesep: 14, ranksep: fit.ranksep, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const shapes = new Map<string, { width: number; height: number; lines: TextLine[] }>();
  for (const state of lane.states) {
    const shape = stateShape(state, highlight.states.has(state.id), highlight.refusals.filter((r) => r.arrow === null && r.state === state.id), fit.state);
    shapes.set(state.id, shape);
    g.setNode(state.id, { width: shape.width, height: shape.height });
  }
  const startId = `${INITIAL}${lane.id}`;
  g.setNode(startId, { width: DOT, height: DOT });
  // Beside an ordinary way in (no condition), a way in under a condition has a dot of its own,
  // which dagre sets just above where it leads: a synchronised VMware backup's short arrow into
  // Available, not one round the whole lane from the dot above Creating (V2).
  const ordinary = lane.starts.some((s) => s.line.text === '');
  const dotOf = (i: number): string => (ordinary && i > 0 && lane.starts[i]!.line.text !== '' ? `${startId}:${i}` : startId);
  const dots = [...new Set(lane.starts.map((_, i) => dotOf(i)))];
  for (const dot of dots) if (dot !== startId) g.setNode(dot, { width: DOT, height: DOT });

  /** `node`: the dagre node the arrow leaves (a start's own dot); `source` the console's. */
  type EdgeSpec = { id: string; kind: ArrowShape['kind']; source: string; node: string; target: string; label: { width: number; height: number; lines: TextLine[] } | null; lit: boolean; refused: boolean };
  const specs: EdgeSpec[] = [];
  lane.starts.forEach((start, i) => {
    const label = arrowLabel(null, start.line.text || null, highlight, fit.label, measureBold);
    specs.push({ id: `start-${i}`, kind: 'start', source: startId, node: dotOf(i), target: start.target, label, lit: highlight.starts.has(`${lane.id}>${start.target}`), refused: false });
  });
  for (const arrow of model.arrows.filter((a) => a.lane === lane.id)) {
    const refused = highlight.refusals.some((r) => r.arrow === arrow.id);
    specs.push({ id: arrow.id, kind: 'arrow', source: arrow.source, node: arrow.source, target: arrow.target, label: arrowLabel(arrow, null, highlight, fit.label, measureBold), lit: highlight.arrows.has(arrow.id), refused });
  }
  for (const spec of specs) {
    g.setEdge(spec.node, spec.target, spec.label ? { width: spec.label.width, height: spec.label.height, labelpos: 'c', minlen: 1 } : { minlen: 1 }, spec.id);
  }
  dagreLayout(g);

  const box = (id: string): Rect => {
    const n = g.node(id) as { x: number; y: number; width: number; height: number };
    return { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height };
  };
  const states: StateShape[] = lane.states.map((state) => {
    const shape = shapes.get(state.id)!;
    return { ...box(state.id), state, lit: highlight.states.has(state.id), current: false, focus: false, lines: shape.lines };
  });
  const starts = dots.map((dot) => ({ ...box(dot), lane: lane.id }));
  const nodeOf = new Map(specs.map((spec) => [spec.id, spec.node]));
  const arrows: ArrowShape[] = specs.map((spec) => {
    const e = g.edge({ v: spec.node, w: spec.target, name: spec.id }) as { points?: Point[]; x?: number; y?: number };
    const points = (e.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    let label: LabelShape | null = null;
    if (spec.label && e.x !== undefined && e.y !== undefined) {
      label = { x: e.x - spec.label.width / 2, y: e.y - spec.label.height / 2, width: spec.label.width, height: spec.label.height, lines: spec.label.lines };
    }
    return { id: spec.id, kind: spec.kind, source: spec.source, target: spec.target, points, lit: spec.lit, last: false, refused: spec.refused, label };
  });

  // Labels off other paths (untangle moves labels along their arrows, or re-routes an arrow's ends).
  const boxes = [...states, ...starts];
  const boxOf = (id: string): Rect => box(id);
  const labelled = arrows.filter((a) => a.label !== null);
  const parts: RouteParts[] = labelled.map((a) => ({
    route: { id: a.id, points: a.points, label: a.label!, curve: 'through' },
    core: a.points,
    blocking: boxes.filter((b) => !sameRect(b, boxOf(nodeOf.get(a.id)!)) && !sameRect(b, boxOf(a.target))),
    from: boxOf(nodeOf.get(a.id)!),
    to: boxOf(a.target),
    headWithin: null,
    tailWithin: null,
  }));
  const scene: Scene = {
    routes: parts,
    boxes: boxes.map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height, headerHeight: 0, compound: false })),
    paths: arrows.filter((a) => a.label === null).map((a) => drawnPath(a.points, 'through')),
  };
  untangle(scene);
  labelled.forEach((a, i) => {
    const routed = parts[i]!.route;
    a.points = routed.points;
    a.label = { ...a.label!, x: routed.label.x, y: routed.label.y };
  });
  const conflicts = parts.filter((p) => labelConflicts(p.route, p.route.label, scene) > 0).length;

  // Normalise to a (0, 0) origin.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (r: Rect): void => {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  };
  for (const b of boxes) grow(b);
  for (const a of arrows) {
    if (a.label) grow(a.label);
    for (const p of a.points) grow({ x: p.x, y: p.y, width: 0, height: 0 });
  }
  const dx = -minX;
  const dy = -minY;
  const shift = <T extends Rect>(r: T): T => ({ ...r, x: r.x + dx, y: r.y + dy });
  return {
    width: Math.ceil(maxX - minX),
    height: Math.ceil(maxY - minY),
    conflicts,
    states: states.map(shift),
    starts: starts.map(shift),
    arrows: arrows.map((a) => ({ ...a, points: a.points.map((p) => ({ x: p.x + dx, y: p.y + dy })), label: a.label ? shift(a.label) : null })),
  };
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/**
 * `layout` (laid out for `highlight`'s refusals, `measureBold`) lit as `highlight` says: what the
 * resource visited, the lines and arrows it took, where it is now, its last step. A copy: a cached
 * layout stays as it was.
 */
export function relightConsole(layout: ConsoleLayout, highlight: Highlight): ConsoleLayout {
  const startKey = (a: ArrowShape): string => `${a.source.slice(INITIAL.length)}>${a.target}`;
  const last = highlight.last;
  return {
    ...layout,
    states: layout.states.map((s) => {
      const lit = highlight.states.has(s.state.id);
      // A state's word and mark are lit with it; what recurs in it and the refusals in it are not.
      const lines = s.lines.map((l) => (l.role === 'title' || l.role === 'mark' || l.role === 'caption' ? { ...l, lit } : l));
      return { ...s, lit, current: highlight.current.has(s.state.id), focus: highlight.focus === s.state.id, lines };
    }),
    arrows: layout.arrows.map((a) => {
      const start = a.kind === 'start';
      const lit = start ? highlight.starts.has(startKey(a)) : highlight.arrows.has(a.id);
      const isLast = last !== null && ('arrow' in last ? !start && last.arrow === a.id : start && last.start === startKey(a));
      const label = a.label
        ? { ...a.label, lines: a.label.lines.map((l) => (l.source ? { ...l, lit: highlight.lines.has(l.source), bold: highlight.lines.has(l.source) } : l)) }
        : null;
      return { ...a, lit, last: isLast, label };
    }),
  };
}
