/**
 * Keeps the labels of a laid-out chart readable: no label on another transition's path or within
 * a few pixels of it, none on another label, none half over a state.
 *
 * Dagre places each label on its own edge, but only among the edges of one compound state: a
 * route drawn from deeper states, or between regions, can still run through a label, and two
 * edges can cross right between their labels, so that a reader cannot tell which is whose. Two
 * moves fix that, tried in this order for each label in conflict:
 *
 * 1. slide the label along its own path to the nearest place that is clear (it stays on its edge,
 *    so it still reads as that edge's label);
 * 2. re-route the part of the other path that is not dagre's (the stretch inside a compound state,
 *    from its border to the deeper state) around the label, with square bends.
 */
import { contains, drawnPath, inflate, type Curve, overlaps, pathCrosses, pathLength, pointAlong, segmentCrosses, type Point, type Rect } from './geometry.js';

/** How far, in pixels, another path or label stays from a label. */
export const LABEL_CLEARANCE = 8;

export interface RoutedLabel {
  id: string;
  points: Point[];
  label: Rect;
  /** How the path is drawn through its points. */
  curve: Curve;
}

export interface RouteParts {
  route: RoutedLabel;
  /** The points laid out by dagre (the rest are extensions into deeper states). */
  core: Point[];
  /** The boxes its path must not cut through. */
  blocking: Rect[];
  from: Rect;
  to: Rect;
  /** The compound state the head extension runs in (from `from` to the core); null when there is none. */
  headWithin: Rect | null;
  tailWithin: Rect | null;
}

export interface Scene {
  routes: RouteParts[];
  /** Every state box, with the height of its header (no label may cover a header). */
  boxes: Array<Rect & { headerHeight: number; compound: boolean }>;
  /** Other paths labels must keep off (initial-state markers). */
  paths: Point[][];
}

/** The places along its own path a label tries, nearest the middle first. */
const ALONG = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.2, 0.8, 0.14, 0.86];

const drawn = (route: RoutedLabel): Point[] => drawnPath(route.points, route.curve);

/** How many things get in the way of `label` (the label of `own`). */
export function labelConflicts(own: RoutedLabel, label: Rect, scene: Scene): number {
  // Off its own path, a label reads as no edge's, or as another's.
  let count = pathCrosses(drawn(own), inflate(label, -2)) ? 0 : 1;
  const zone = inflate(label, LABEL_CLEARANCE);
  for (const { route } of scene.routes) {
    if (route === own) continue;
    if (pathCrosses(drawn(route), zone)) count++;
    if (overlaps(inflate(route.label, LABEL_CLEARANCE / 2), inflate(label, LABEL_CLEARANCE / 2))) count++;
  }
  for (const path of scene.paths) if (pathCrosses(path, zone)) count++;
  for (const box of scene.boxes) {
    if (!contains(box, label)) {
      if (overlaps(box, inflate(label, 2))) count++;
    } else if (box.compound && overlaps({ x: box.x, y: box.y, width: box.width, height: box.headerHeight + 4 }, label)) {
      count++;
    }
  }
  return count;
}

/** How many labels other than its own, and blocking boxes, the path `points` of `parts` gets in the way of. */
function pathConflicts(parts: RouteParts, points: Point[], scene: Scene): number {
  const path = drawnPath(points, parts.route.curve);
  let count = 0;
  for (const { route } of scene.routes) {
    if (route !== parts.route && pathCrosses(path, inflate(route.label, LABEL_CLEARANCE))) count++;
  }
  for (const box of parts.blocking) if (pathCrosses(path, box)) count += 10;
  return count;
}

function labelAt(label: Rect, at: Point): Rect {
  return { x: at.x - label.width / 2, y: at.y - label.height / 2, width: label.width, height: label.height };
}

/** A label centred on `at`, then shifted sideways or up and down with `at` still inside it. */
function labelsAround(label: Rect, at: Point): Rect[] {
  const dx = Math.max(0, label.width / 2 - 14);
  const dy = Math.max(0, label.height / 2 - 4);
  const centred = labelAt(label, at);
  const out = [centred];
  for (const [x, y] of [[dx, 0], [-dx, 0], [0, dy], [0, -dy]] as const) {
    if (x !== 0 || y !== 0) out.push({ ...centred, x: centred.x + x, y: centred.y + y });
  }
  return out;
}

/** Moves labels and re-routes extensions until no label is in conflict, or nothing more helps. */
export function untangle(scene: Scene): void {
  for (let pass = 0; pass < 4; pass++) {
    let changed = false;
    for (const parts of scene.routes) {
      const route = parts.route;
      let conflicts = labelConflicts(route, route.label, scene);
      if (conflicts === 0) continue;
      const own = drawn(route);
      search: for (const t of ALONG) {
        for (const candidate of labelsAround(route.label, pointAlong(own, t))) {
          // Off-centre places must still have the path run through the label.
          if (!pathCrosses(own, inflate(candidate, -2))) continue;
          const found = labelConflicts(route, candidate, scene);
          if (found < conflicts) {
            route.label = candidate;
            conflicts = found;
            changed = true;
            if (found === 0) break search;
          }
        }
      }
      if (conflicts === 0) continue;
      for (const other of scene.routes) {
        if (other === parts || !pathCrosses(drawn(other.route), inflate(route.label, LABEL_CLEARANCE))) continue;
        if (reroute(other, scene)) changed = true;
      }
    }
    if (!changed) break;
  }
}

/**
 * Re-routes the ends of `parts` when that gets its path out of the way of more labels; true when
 * it did. An end that is an extension into a deeper state may take any square-bent way inside
 * that state; an end laid out by dagre may change only its last segment, into another side of
 * the box.
 */
function reroute(parts: RouteParts, scene: Scene): boolean {
  const points = parts.route.points;
  const first = parts.core[0];
  const last = parts.core[parts.core.length - 1];
  if (!first || !last) return false;
  let headEnd = points.indexOf(first);
  let tailStart = points.lastIndexOf(last);
  if (headEnd < 0 || tailStart < 0 || tailStart < headEnd) return false;
  const heads: Point[][] = [];
  const tails: Point[][] = [];
  if (parts.headWithin) {
    heads.push(points.slice(0, headEnd), ...ways(first, parts.from, parts.headWithin).map((w) => w.reverse()));
  } else if (tailStart - headEnd >= 2 && headEnd === 0) {
    // Dagre's own first segment: leave from another side instead.
    headEnd = 1;
    const next = points[1];
    heads.push(points.slice(0, 1));
    if (next) heads.push(...sideWays(next, parts.from).map((w) => w.reverse()));
  } else {
    heads.push(points.slice(0, headEnd));
  }
  if (parts.tailWithin) {
    tails.push(points.slice(tailStart + 1), ...ways(last, parts.to, parts.tailWithin));
  } else if (tailStart - headEnd >= 2 && tailStart === points.length - 1) {
    tailStart -= 1;
    const before = points[tailStart];
    tails.push(points.slice(tailStart + 1));
    if (before) tails.push(...sideWays(before, parts.to));
  } else {
    tails.push(points.slice(tailStart + 1));
  }
  if (heads.length === 1 && tails.length === 1) return false;
  const middle = points.slice(headEnd, tailStart + 1);

  const current = pathConflicts(parts, points, scene);
  let best = points;
  let bestConflicts = current;
  let bestLength = Infinity;
  for (const head of heads) {
    for (const tail of tails) {
      const candidate = [...head, ...middle, ...tail];
      // Its own label must stay on it, and it must not cut through its own ends.
      if (!pathCrosses(drawnPath(candidate, parts.route.curve), inflate(parts.route.label, -2))) continue;
      if (cutsThrough(candidate, parts.from, true) || cutsThrough(candidate, parts.to, false)) continue;
      const conflicts = pathConflicts(parts, candidate, scene);
      if (conflicts >= current) continue;
      const length = pathLength(candidate);
      if (conflicts < bestConflicts || (conflicts === bestConflicts && length < bestLength)) {
        best = candidate;
        bestConflicts = conflicts;
        bestLength = length;
      }
    }
  }
  if (best === points) return false;
  parts.route.points = best;
  return true;
}

/** From `p` (outside `box`) onto a side of it: straight, or with one square bend; the points after `p`. */
function sideWays(p: Point, box: Rect): Point[][] {
  const out: Point[][] = [];
  const right = box.x + box.width;
  const bottom = box.y + box.height;
  for (const f of [0.5, 0.3, 0.7, 0.15, 0.85]) {
    const y = box.y + box.height * f;
    const x = box.x + box.width * f;
    if (p.x < box.x) out.push(sharpen([p, { x: p.x, y }, { x: box.x, y }]).slice(1));
    if (p.x > right) out.push(sharpen([p, { x: p.x, y }, { x: right, y }]).slice(1));
    if (p.y < box.y) out.push(sharpen([p, { x, y: p.y }, { x, y: box.y }]).slice(1));
    if (p.y > bottom) out.push(sharpen([p, { x, y: p.y }, { x, y: bottom }]).slice(1));
  }
  return out.map((way) => way.filter((q, i) => i === 0 || q.x !== way[i - 1]?.x || q.y !== way[i - 1]?.y));
}

/** True when a segment of `points` other than the one leaving (or reaching) `box` enters it. */
function cutsThrough(points: Point[], box: Rect, leaving: boolean): boolean {
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (!a || !b) continue;
    if (segmentCrosses(a, b, box)) return true;
    // The segment touching the box at its end is fine only at that end.
    if (leaving && i > 0 && onBorder(box, a)) return true;
    if (!leaving && i + 2 < points.length && onBorder(box, b)) return true;
  }
  return false;
}

function onBorder(r: Rect, p: Point): boolean {
  const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.5;
  const inX = p.x >= r.x - 0.5 && p.x <= r.x + r.width + 0.5;
  const inY = p.y >= r.y - 0.5 && p.y <= r.y + r.height + 0.5;
  return (inX && (near(p.y, r.y) || near(p.y, r.y + r.height))) || (inY && (near(p.x, r.x) || near(p.x, r.x + r.width)));
}

/**
 * Ways from `p` into `box` that stay inside `within`: onto each side of the box at a few places,
 * straight or with one or two square bends (corners kept sharp, so a smoothed path does not cut
 * them), each ending on the box's border. Each is the list of points after `p`.
 */
function ways(from: Point, box: Rect, within: Rect): Point[][] {
  const inner = inflate(within, -6);
  // The core ends on the border of `within`: step inside first, so no stretch runs along it.
  const p = stepInside(from, within, 14);
  const right = box.x + box.width;
  const bottom = box.y + box.height;
  const out: Point[][] = [];
  const fractions = [0.5, 0.25, 0.75, 0.1, 0.9];
  const xs = [inner.x, inner.x + inner.width, box.x - 16, right + 16];
  const ys = [inner.y, inner.y + inner.height, box.y - 16, bottom + 16];
  for (const f of fractions) {
    const onLeft = { x: box.x, y: box.y + box.height * f };
    const onRight = { x: right, y: box.y + box.height * f };
    const onTop = { x: box.x + box.width * f, y: box.y };
    const onBottom = { x: box.x + box.width * f, y: bottom };
    for (const [end, outside] of [
      [onLeft, { x: box.x - 12, y: onLeft.y }],
      [onRight, { x: right + 12, y: onRight.y }],
      [onTop, { x: onTop.x, y: box.y - 12 }],
      [onBottom, { x: onBottom.x, y: bottom + 12 }],
    ] as const) {
      const horizontal = end.y === outside.y;
      // One bend: along p's row or column, then straight in.
      out.push(sharpen([from, p, horizontal ? { x: p.x, y: end.y } : { x: end.x, y: p.y }, end]).slice(1));
      // Two bends, through a channel beside the box or along the inside of `within`.
      for (const c of horizontal ? xs : ys) {
        const via = horizontal ? [{ x: c, y: p.y }, { x: c, y: end.y }] : [{ x: p.x, y: c }, { x: end.x, y: c }];
        out.push(sharpen([from, p, ...via, end]).slice(1));
      }
    }
  }
  return out.filter((way) => way.every((q) => contains(inflate(within, 0.5), { x: q.x, y: q.y, width: 0, height: 0 })));
}

/** `p` (on the border of `r`) moved `by` pixels into `r`, away from the side it is on. */
function stepInside(p: Point, r: Rect, by: number): Point {
  const sides = [
    { d: Math.abs(p.y - r.y), q: { x: p.x, y: p.y + by } },
    { d: Math.abs(p.y - (r.y + r.height)), q: { x: p.x, y: p.y - by } },
    { d: Math.abs(p.x - r.x), q: { x: p.x + by, y: p.y } },
    { d: Math.abs(p.x - (r.x + r.width)), q: { x: p.x - by, y: p.y } },
  ];
  sides.sort((a, b) => a.d - b.d);
  return sides[0]?.q ?? p;
}

const CORNER = 10;

/** Adds a point on each side of every bend, CORNER px away, so smoothing rounds only the corner itself. */
function sharpen(points: Point[]): Point[] {
  const out: Point[] = [];
  points.forEach((p, i) => {
    const prev = points[i - 1];
    const next = points[i + 1];
    if (!prev || !next) {
      out.push(p);
      return;
    }
    const towards = (q: Point): Point => {
      const length = Math.hypot(q.x - p.x, q.y - p.y);
      const d = Math.min(CORNER, length / 3);
      return length === 0 ? p : { x: p.x + ((q.x - p.x) * d) / length, y: p.y + ((q.y - p.y) * d) / length };
    };
    out.push(towards(prev), p, towards(next));
  });
  return out;
}
