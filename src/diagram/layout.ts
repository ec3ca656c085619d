/**
 * Layout of a statechart graph for the SVG renderer.
 *
 * Each compound state's children are laid out on their own with dagre, bottom-up: the children
 * first (so their sizes are known), then the parent is sized to fit its header and its children.
 * A parallel state places its regions side by side, wrapping into rows when they get too wide.
 *
 * Transitions:
 * - between two children of one compound state: routed by dagre, with their label placed by it;
 * - between states nested deeper: laid out by dagre between the children that contain their ends
 *   (so ranks and label space are right), then drawn from the source's border through the label
 *   to the target's border;
 * - between regions of a parallel state, or between a state and its own descendant: a straight
 *   line between box borders, labelled in the middle;
 * - self-loops (targetless transitions, re-entries): not drawn as curves but listed in the box of
 *   their state, one line each, so their labels never overlap.
 *
 * Text is measured with fixed per-character widths, generous enough for the common sans-serif and
 * monospace fonts, and never less than its width in DejaVu Sans (the font the figures name first
 * and the PNGs are rendered with; see fonts.ts).
 *
 * Last, labels that another path runs through or near are moved along their own edge, or the
 * other path is re-routed around them (untangle.ts).
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import { borderPoint, center, contains, segmentCrosses, type Point, type Rect } from './geometry.js';
import { measureText } from './fonts.js';
import { untangle, type RouteParts } from './untangle.js';
import { ancestry, describeState, nodeById, type StatechartEdge, type StatechartGraph, type StatechartNode } from './graph.js';

export type { Point, Rect } from './geometry.js';
export { borderPoint, segmentCrosses } from './geometry.js';

/** Font sizes, line heights and per-character widths shared with the renderer. */
export const TEXT = {
  titleSize: 13,
  titleLine: 18,
  titleChar: 8.2,
  metaSize: 11,
  metaLine: 15,
  metaChar: 6.6,
  monoSize: 10.5,
  monoLine: 14,
  monoChar: 6.5,
} as const;

const PAD_X = 10;
const PAD_TOP = 6;
const PAD_BOTTOM = 8;
const CONTENT_PAD = 18;
const REGION_GAP = 16;
const MAX_ROW_WIDTH = 1400;
const MIN_ATOMIC_WIDTH = 96;
const MIN_ATOMIC_HEIGHT = 40;
const INITIAL_DOT = 12;
const MARGIN = 16;
const LOOP_PREFIX = '↻ ';

export interface HeaderLine {
  kind: 'title' | 'meta' | 'loop';
  text: string;
  /** Baseline, relative to the top of the box. */
  y: number;
  /** For a self-loop line, the edge it shows. */
  edge?: StatechartEdge;
}

export interface StateBox extends Rect {
  id: string;
  node: StatechartNode;
  /** Title, meta and self-loop lines, in order. */
  lines: HeaderLine[];
  /** Height of the header (title, meta, self-loops); children are drawn below it. */
  headerHeight: number;
  /** True when the title is centred (leaf states); compound headers are left-aligned. */
  centered: boolean;
}

export interface EdgeRoute {
  /** Unique in the layout: `route-<n>`. */
  id: string;
  source: string;
  target: string;
  /** The transitions drawn by this route (several transitions between the same two states). */
  edges: StatechartEdge[];
  /** Absolute polyline, from the source's border to the target's border. */
  points: Point[];
  /** The label box (absolute, top-left), one line per transition. */
  label: Rect;
  routing: 'dagre' | 'lifted' | 'straight';
}

export interface InitialMarker {
  /** The compound state whose initial child this marks. */
  parent: string;
  target: string;
  dot: Point;
  points: Point[];
}

export interface StatechartLayout {
  width: number;
  height: number;
  /** Every state, parents before children. */
  boxes: StateBox[];
  routes: EdgeRoute[];
  initials: InitialMarker[];
}

/** The width in pixels of `text` set with `charWidth` per character. */
export function textWidth(text: string, charWidth: number): number {
  return [...text].length * charWidth;
}

interface RouteSpec {
  id: string;
  source: string;
  target: string;
  edges: StatechartEdge[];
  /** The compound state that lays it out, with the children of it containing the ends. */
  container: string | null;
  liftedSource: string | null;
  liftedTarget: string | null;
  labelWidth: number;
  labelHeight: number;
}

interface LocalLayout {
  width: number;
  height: number;
  headerHeight: number;
  lines: HeaderLine[];
  centered: boolean;
  /** Top-left of each child, relative to this box. */
  children: Map<string, Point>;
  /** Dagre results for routes laid out here, relative to this box. */
  routes: Map<string, { points: Point[]; label: Point }>;
  initial: { dot: Point; points: Point[] } | null;
}

export interface LayoutOptions {
  /** Direction of dagre's ranks inside each compound state: top to bottom (default) or left to right. */
  rankdir?: 'TB' | 'LR';
  /** Dagre's ranking algorithm; `network-simplex` by default. */
  ranker?: 'network-simplex' | 'tight-tree' | 'longest-path';
  /** The widest a row of parallel regions may get before the next region goes below (default 1400). */
  maxRowWidth?: number;
}

/** Lays out `graph`: boxes for every state, routes for every transition that is not a self-loop. */
export function layoutStatechart(graph: StatechartGraph, options: LayoutOptions = {}): StatechartLayout {
  const nodes = nodeById(graph);

  const loops = new Map<string, StatechartEdge[]>();
  const pairs = new Map<string, StatechartEdge[]>();
  for (const edge of graph.edges) {
    if (edge.selfLoop) {
      const list = loops.get(edge.source);
      if (list) list.push(edge);
      else loops.set(edge.source, [edge]);
      continue;
    }
    const key = `${edge.source}\u0000${edge.target}`;
    const list = pairs.get(key);
    if (list) list.push(edge);
    else pairs.set(key, [edge]);
  }

  const specs: RouteSpec[] = [];
  for (const edges of pairs.values()) {
    const first = edges[0];
    if (!first) continue;
    const { container, liftedSource, liftedTarget } = placeRoute(first.source, first.target, nodes);
    const widest = Math.max(...edges.map((e) => textWidth(e.label, TEXT.monoChar)));
    specs.push({
      id: `route-${specs.length}`,
      source: first.source,
      target: first.target,
      edges,
      container,
      liftedSource,
      liftedTarget,
      labelWidth: Math.ceil(widest + 8),
      labelHeight: edges.length * TEXT.monoLine + 6,
    });
  }
  const specsByContainer = new Map<string, RouteSpec[]>();
  for (const spec of specs) {
    if (spec.container === null || spec.liftedSource === null || spec.liftedTarget === null) continue;
    const list = specsByContainer.get(spec.container);
    if (list) list.push(spec);
    else specsByContainer.set(spec.container, [spec]);
  }

  // Bottom-up: children first, then each parent sized to fit.
  const locals = new Map<string, LocalLayout>();
  const layoutNode = (node: StatechartNode): LocalLayout => {
    for (const childId of node.children) {
      const child = nodes.get(childId);
      if (child) layoutNode(child);
    }
    const local = layoutOne(node, loops.get(node.id) ?? [], locals, nodes, specsByContainer.get(node.id) ?? [], options);
    locals.set(node.id, local);
    return local;
  };
  const rootNode = nodes.get(graph.root);
  if (!rootNode) throw new Error(`graph ${graph.id} has no root node ${graph.root}`);
  layoutNode(rootNode);

  // Top-down: absolute positions.
  const boxes: StateBox[] = [];
  const boxById = new Map<string, StateBox>();
  const initials: InitialMarker[] = [];
  const dagreRoutes = new Map<string, { points: Point[]; label: Point }>();
  const place = (node: StatechartNode, x: number, y: number): void => {
    const local = locals.get(node.id);
    if (!local) return;
    const box: StateBox = {
      id: node.id,
      node,
      x,
      y,
      width: local.width,
      height: local.height,
      lines: local.lines,
      headerHeight: local.headerHeight,
      centered: local.centered,
    };
    boxes.push(box);
    boxById.set(node.id, box);
    if (local.initial && node.initial) {
      initials.push({
        parent: node.id,
        target: node.initial,
        dot: offset(local.initial.dot, x, y),
        points: local.initial.points.map((p) => offset(p, x, y)),
      });
    }
    for (const [routeId, route] of local.routes) {
      dagreRoutes.set(routeId, { points: route.points.map((p) => offset(p, x, y)), label: offset(route.label, x, y) });
    }
    for (const childId of node.children) {
      const child = nodes.get(childId);
      const at = local.children.get(childId);
      if (child && at) place(child, x + at.x, y + at.y);
    }
  };
  place(rootNode, MARGIN, MARGIN);

  const routes: EdgeRoute[] = [];
  const parts: RouteParts[] = [];
  for (const spec of specs) {
    const from = boxById.get(spec.source);
    const to = boxById.get(spec.target);
    if (!from || !to) continue;
    const laid = dagreRoutes.get(spec.id);
    let points: Point[];
    let labelCenter: Point;
    let routing: EdgeRoute['routing'];
    if (laid && spec.liftedSource === spec.source && spec.liftedTarget === spec.target) {
      points = laid.points;
      labelCenter = laid.label;
      routing = 'dagre';
    } else if (laid) {
      // Dagre's route between the children containing the ends, extended inside them by
      // straight lines to the ends' own borders.
      labelCenter = laid.label;
      points = [...laid.points];
      const head = points[0];
      const tail = points[points.length - 1];
      if (head && spec.liftedSource !== spec.source) points.unshift(borderPoint(from, head));
      if (tail && spec.liftedTarget !== spec.target) points.push(borderPoint(to, tail));
      if (points.length < 2) points = [borderPoint(from, labelCenter), labelCenter, borderPoint(to, labelCenter)];
      routing = 'lifted';
    } else {
      points = straightLine(from, to);
      const a = points[0] ?? center(from);
      const b = points[points.length - 1] ?? center(to);
      labelCenter = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      routing = 'straight';
    }
    const blocking = obstacles(spec.source, spec.target, boxes, nodes);
    if (routing !== 'straight') points = avoidBoxes(points, from, to, blocking);
    const route: EdgeRoute = {
      id: spec.id,
      source: spec.source,
      target: spec.target,
      edges: spec.edges,
      points,
      label: {
        x: labelCenter.x - spec.labelWidth / 2,
        y: labelCenter.y - spec.labelHeight / 2,
        width: spec.labelWidth,
        height: spec.labelHeight,
      },
      routing,
    };
    routes.push(route);
    const extended = routing === 'lifted' && laid !== undefined;
    parts.push({
      route: { id: route.id, points: route.points, label: route.label, curve: routing !== 'straight' ? 'midpoints' : 'straight' },
      core: extended ? laid.points : route.points,
      blocking,
      from,
      to,
      headWithin: extended && spec.liftedSource !== spec.source && spec.liftedSource ? (boxById.get(spec.liftedSource) ?? null) : null,
      tailWithin: extended && spec.liftedTarget !== spec.target && spec.liftedTarget ? (boxById.get(spec.liftedTarget) ?? null) : null,
    });
  }
  untangle({
    routes: parts,
    boxes: boxes.map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height, headerHeight: b.headerHeight, compound: b.node.children.length > 0 })),
    paths: initials.map((m) => [m.dot, ...m.points]),
  });
  parts.forEach((p, i) => {
    const route = routes[i];
    if (!route) return;
    route.points = p.route.points;
    route.label = p.route.label;
  });

  // Everything inside a positive canvas with a margin (straight-line labels may stick out).
  let minX = 0;
  let minY = 0;
  let maxX = 0;
  let maxY = 0;
  const grow = (r: Rect): void => {
    minX = Math.min(minX, r.x - MARGIN);
    minY = Math.min(minY, r.y - MARGIN);
    maxX = Math.max(maxX, r.x + r.width + MARGIN);
    maxY = Math.max(maxY, r.y + r.height + MARGIN);
  };
  for (const box of boxes) grow(box);
  for (const route of routes) {
    grow(route.label);
    for (const p of route.points) grow({ x: p.x, y: p.y, width: 0, height: 0 });
  }
  if (minX < 0 || minY < 0) {
    const dx = -minX;
    const dy = -minY;
    for (const box of boxes) {
      box.x += dx;
      box.y += dy;
    }
    for (const route of routes) {
      route.points = route.points.map((p) => offset(p, dx, dy));
      route.label = { ...route.label, x: route.label.x + dx, y: route.label.y + dy };
    }
    for (const marker of initials) {
      marker.dot = offset(marker.dot, dx, dy);
      marker.points = marker.points.map((p) => offset(p, dx, dy));
    }
    maxX += dx;
    maxY += dy;
  }
  return { width: Math.ceil(maxX), height: Math.ceil(maxY), boxes, routes, initials };
}

/** The lines of a state's header: title, meta, and one line per self-loop. */
function headerLines(node: StatechartNode, loops: StatechartEdge[]): { lines: HeaderLine[]; height: number; width: number } {
  const lines: HeaderLine[] = [];
  let y = PAD_TOP;
  let width = 0;
  const title = node.type === 'history' ? `${node.key} (history)` : node.key;
  y += TEXT.titleLine;
  lines.push({ kind: 'title', text: title, y: y - 5 });
  const parallel = node.type === 'parallel' ? Math.max(textWidth('  parallel', TEXT.metaChar), measureText('  parallel', TEXT.metaSize)) : 0;
  width = Math.max(width, Math.max(textWidth(title, TEXT.titleChar), measureText(title, TEXT.titleSize, true)) + parallel);
  const meta = describeState(node);
  if (meta) {
    y += TEXT.metaLine;
    lines.push({ kind: 'meta', text: meta, y: y - 4 });
    width = Math.max(width, textWidth(meta, TEXT.metaChar), measureText(meta, TEXT.metaSize));
  }
  if (loops.length > 0) y += 4;
  for (const edge of loops) {
    const text = `${LOOP_PREFIX}${edge.label}`;
    y += TEXT.monoLine;
    lines.push({ kind: 'loop', text, y: y - 3.5, edge });
    width = Math.max(width, textWidth(text, TEXT.monoChar));
  }
  return { lines, height: y, width: Math.ceil(width + 2 * PAD_X) };
}

function layoutOne(
  node: StatechartNode,
  loops: StatechartEdge[],
  locals: Map<string, LocalLayout>,
  nodes: Map<string, StatechartNode>,
  specs: RouteSpec[],
  options: LayoutOptions,
): LocalLayout {
  const header = headerLines(node, loops);
  if (node.children.length === 0) {
    return {
      width: Math.max(MIN_ATOMIC_WIDTH, header.width),
      height: Math.max(MIN_ATOMIC_HEIGHT, header.height + PAD_BOTTOM),
      headerHeight: header.height,
      lines: header.lines,
      centered: true,
      children: new Map(),
      routes: new Map(),
      initial: null,
    };
  }
  const content = node.type === 'parallel' ? layoutRegions(node, locals, options.maxRowWidth ?? MAX_ROW_WIDTH) : layoutChildren(node, locals, nodes, specs, options);
  const contentWidth = content.width + 2 * CONTENT_PAD;
  const width = Math.max(header.width, contentWidth);
  const dx = CONTENT_PAD + (width - contentWidth) / 2;
  const dy = header.height + (node.type === 'parallel' ? 8 : 4);
  const shift = (p: Point): Point => offset(p, dx, dy);
  const children = new Map<string, Point>();
  for (const [id, p] of content.children) children.set(id, shift(p));
  const routes = new Map<string, { points: Point[]; label: Point }>();
  for (const [id, r] of content.routes) routes.set(id, { points: r.points.map(shift), label: shift(r.label) });
  return {
    width,
    height: dy + content.height + CONTENT_PAD,
    headerHeight: header.height,
    lines: header.lines,
    centered: false,
    children,
    routes,
    initial: content.initial ? { dot: shift(content.initial.dot), points: content.initial.points.map(shift) } : null,
  };
}

interface Content {
  width: number;
  height: number;
  children: Map<string, Point>;
  routes: Map<string, { points: Point[]; label: Point }>;
  initial: { dot: Point; points: Point[] } | null;
}

const INITIAL_NODE = '\u0000initial';

/** Dagre layout of the children of a compound state, with its initial marker and its routes. */
function layoutChildren(
  node: StatechartNode,
  locals: Map<string, LocalLayout>,
  nodes: Map<string, StatechartNode>,
  specs: RouteSpec[],
  options: LayoutOptions,
): Content {
  const g = new Graph({ multigraph: true });
  g.setGraph({
    rankdir: options.rankdir ?? 'TB',
    ranker: options.ranker ?? 'network-simplex',
    nodesep: 36,
    edgesep: 14,
    ranksep: 44,
    marginx: 0,
    marginy: 0,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const childId of node.children) {
    const local = locals.get(childId);
    if (local) g.setNode(childId, { width: local.width, height: local.height });
  }
  if (node.initial && nodes.has(node.initial)) {
    g.setNode(INITIAL_NODE, { width: INITIAL_DOT, height: INITIAL_DOT });
    g.setEdge(INITIAL_NODE, node.initial, { minlen: 1, weight: 4 }, 'initial');
  }
  for (const spec of specs) {
    if (!spec.liftedSource || !spec.liftedTarget) continue;
    g.setEdge(
      spec.liftedSource,
      spec.liftedTarget,
      { width: spec.labelWidth, height: spec.labelHeight, labelpos: 'c', minlen: 1, weight: 1 },
      spec.id,
    );
  }
  dagreLayout(g);

  // Normalise to a (0, 0) origin over nodes, labels and points.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (x0: number, y0: number, x1: number, y1: number): void => {
    minX = Math.min(minX, x0);
    minY = Math.min(minY, y0);
    maxX = Math.max(maxX, x1);
    maxY = Math.max(maxY, y1);
  };
  for (const id of g.nodes()) {
    const n = g.node(id) as { x: number; y: number; width: number; height: number };
    grow(n.x - n.width / 2, n.y - n.height / 2, n.x + n.width / 2, n.y + n.height / 2);
  }
  const routes = new Map<string, { points: Point[]; label: Point }>();
  for (const spec of specs) {
    if (!spec.liftedSource || !spec.liftedTarget) continue;
    const e = g.edge({ v: spec.liftedSource, w: spec.liftedTarget, name: spec.id }) as
      | { points?: Point[]; x?: number; y?: number; width: number; height: number }
      | undefined;
    if (!e) continue;
    const points = (e.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    const label = e.x !== undefined && e.y !== undefined ? { x: e.x, y: e.y } : midpoint(points);
    grow(label.x - spec.labelWidth / 2, label.y - spec.labelHeight / 2, label.x + spec.labelWidth / 2, label.y + spec.labelHeight / 2);
    for (const p of points) grow(p.x, p.y, p.x, p.y);
    routes.set(spec.id, { points, label });
  }
  let initial: Content['initial'] = null;
  if (g.hasNode(INITIAL_NODE) && node.initial) {
    const dot = g.node(INITIAL_NODE) as { x: number; y: number };
    const e = g.edge({ v: INITIAL_NODE, w: node.initial, name: 'initial' }) as { points?: Point[] } | undefined;
    const points = (e?.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    for (const p of points) grow(p.x, p.y, p.x, p.y);
    initial = { dot: { x: dot.x, y: dot.y }, points };
  }
  if (!Number.isFinite(minX)) {
    minX = 0;
    minY = 0;
    maxX = 0;
    maxY = 0;
  }
  const to0 = (p: Point): Point => ({ x: p.x - minX, y: p.y - minY });
  const children = new Map<string, Point>();
  for (const childId of node.children) {
    if (!g.hasNode(childId)) continue;
    const n = g.node(childId) as { x: number; y: number; width: number; height: number };
    children.set(childId, to0({ x: n.x - n.width / 2, y: n.y - n.height / 2 }));
  }
  for (const [id, r] of routes) routes.set(id, { points: r.points.map(to0), label: to0(r.label) });
  if (initial) initial = { dot: to0(initial.dot), points: initial.points.map(to0) };
  return { width: Math.ceil(maxX - minX), height: Math.ceil(maxY - minY), children, routes, initial };
}

/** The regions of a parallel state: side by side, wrapping into rows; heights equal per row. */
function layoutRegions(node: StatechartNode, locals: Map<string, LocalLayout>, maxRowWidth: number): Content {
  const regions = node.children.map((id) => ({ id, local: locals.get(id) })).filter(
    (r): r is { id: string; local: LocalLayout } => r.local !== undefined,
  );
  const rows: Array<typeof regions> = [];
  let row: typeof regions = [];
  let rowWidth = 0;
  for (const region of regions) {
    const extra = (row.length > 0 ? REGION_GAP : 0) + region.local.width;
    if (row.length > 0 && rowWidth + extra > maxRowWidth) {
      rows.push(row);
      row = [];
      rowWidth = 0;
    }
    row.push(region);
    rowWidth += row.length > 1 ? REGION_GAP + region.local.width : region.local.width;
  }
  if (row.length > 0) rows.push(row);

  const children = new Map<string, Point>();
  let y = 0;
  let width = 0;
  for (const r of rows) {
    const height = Math.max(...r.map((region) => region.local.height));
    let x = 0;
    for (const region of r) {
      region.local.height = height; // stretched; its content stays anchored at the top
      children.set(region.id, { x, y });
      x += region.local.width + REGION_GAP;
    }
    width = Math.max(width, x - REGION_GAP);
    y += height + REGION_GAP;
  }
  return { width, height: Math.max(0, y - REGION_GAP), children, routes: new Map(), initial: null };
}

/**
 * Where a transition between two different states is laid out: the lowest compound state that
 * contains both ends (one level up when an end is that state), and the children of it that
 * contain each end. `lifted*` are `null` when dagre cannot lay it out (the lowest common state is
 * parallel, or one end contains the other).
 */
function placeRoute(source: string, target: string, nodes: Map<string, StatechartNode>): Pick<RouteSpec, 'container' | 'liftedSource' | 'liftedTarget'> {
  const chain = (id: string): string[] => ancestry(id, nodes);
  const a = chain(source);
  const b = chain(target);
  let depth = 0;
  while (depth < a.length && depth < b.length && a[depth] === b[depth]) depth++;
  const common = depth > 0 ? (a[depth - 1] ?? null) : null;
  if (common === null || common === source || common === target) return { container: common, liftedSource: null, liftedTarget: null };
  if (nodes.get(common)?.type === 'parallel') return { container: common, liftedSource: null, liftedTarget: null };
  return { container: common, liftedSource: a[depth] ?? null, liftedTarget: b[depth] ?? null };
}

/** A straight line between the borders of two boxes; from inside a box to a box it contains, from its header. */
function straightLine(from: Rect, to: Rect): Point[] {
  if (contains(from, to)) return [{ x: from.x + 12, y: from.y + 24 }, { x: to.x + to.width / 2, y: to.y }];
  if (contains(to, from)) return [{ x: from.x + from.width / 2, y: from.y }, { x: to.x + 12, y: to.y + 24 }];
  return [borderPoint(from, center(to)), borderPoint(to, center(from))];
}

/**
 * The boxes a route between `source` and `target` should not cross: all but the ends, the states
 * containing them, and the states inside them.
 */
function obstacles(source: string, target: string, boxes: StateBox[], nodes: Map<string, StatechartNode>): Rect[] {
  const ancestorsOrSelf = (id: string): Set<string> => {
    const out = new Set<string>();
    for (let node = nodes.get(id); node; node = node.parent ? nodes.get(node.parent) : undefined) out.add(node.id);
    return out;
  };
  const aroundSource = ancestorsOrSelf(source);
  const aroundTarget = ancestorsOrSelf(target);
  return boxes.filter((box) => {
    if (aroundSource.has(box.id) || aroundTarget.has(box.id)) return false;
    const up = ancestorsOrSelf(box.id);
    return !up.has(source) && !up.has(target);
  });
}

/**
 * Replaces the first and the last segment of a route when it cuts through another state's box:
 * by an entry into the end's box from above/below or from the side, whichever is clear.
 */
function avoidBoxes(points: Point[], from: Rect, to: Rect, blocking: Rect[]): Point[] {
  if (points.length < 2 || blocking.length === 0) return points;
  const clear = (path: Point[]): boolean => {
    for (let i = 0; i + 1 < path.length; i++) {
      const a = path[i];
      const b = path[i + 1];
      if (a && b && blocking.some((r) => segmentCrosses(a, b, r))) return false;
    }
    return true;
  };
  let out = [...points];
  const last = out[out.length - 1];
  const beforeLast = out[out.length - 2];
  if (last && beforeLast && !clear([beforeLast, last])) {
    const entry = entries(beforeLast, to).find((candidate) => clear([beforeLast, ...candidate]));
    if (entry) out = [...out.slice(0, -1), ...entry];
  }
  const first = out[0];
  const second = out[1];
  if (first && second && !clear([first, second])) {
    const exit = entries(second, from).find((candidate) => clear([second, ...candidate]));
    if (exit) out = [...exit.reverse(), ...out.slice(1)];
  }
  return out;
}

/** Ways into `box` from `p`: straight at its centre, vertically, or horizontally (each ends on its border). */
function entries(p: Point, box: Rect): Point[][] {
  const out: Point[][] = [[borderPoint(box, p)]];
  const right = box.x + box.width;
  const bottom = box.y + box.height;
  const inset = Math.min(14, box.width / 2, box.height / 2);
  if (p.y < box.y || p.y > bottom) {
    const x = clamp(p.x, box.x + inset, right - inset);
    const y = p.y < box.y ? box.y : bottom;
    out.push(x === p.x ? [{ x, y }] : [{ x, y: p.y }, { x, y }]);
  }
  if (p.x < box.x || p.x > right) {
    const y = clamp(p.y, box.y + inset, bottom - inset);
    const x = p.x < box.x ? box.x : right;
    out.push(y === p.y ? [{ x, y }] : [{ x: p.x, y }, { x, y }]);
  }
  return out;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function offset(p: Point, dx: number, dy: number): Point {
  return { x: p.x + dx, y: p.y + dy };
}

function midpoint(points: Point[]): Point {
  if (points.length === 0) return { x: 0, y: 0 };
  const a = points[0] ?? { x: 0, y: 0 };
  const b = points[points.length - 1] ?? a;
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}
