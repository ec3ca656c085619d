/**
 * Plane geometry shared by the layouts, the renderers and the tests: points, rectangles, the
 * polyline a drawn route really follows, and whether a path or a box gets in a label's way.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function center(r: Rect): Point {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

export function inflate(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by };
}

/** True when the insides of `a` and `b` share some area. */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/** True when the segment a–b passes through the inside of `r` (its border shrunk by a pixel). */
export function segmentCrosses(a: Point, b: Point, r: Rect): boolean {
  const x0 = r.x + 1;
  const y0 = r.y + 1;
  const x1 = r.x + r.width - 1;
  const y1 = r.y + r.height - 1;
  if (x1 <= x0 || y1 <= y0) return false;
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q > 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  return clip(-dx, a.x - x0) && clip(dx, x1 - a.x) && clip(-dy, a.y - y0) && clip(dy, y1 - a.y) && t1 > t0;
}

/** True when some segment of the polyline `path` passes through the inside of `r`. */
export function pathCrosses(path: readonly Point[], r: Rect): boolean {
  for (let i = 0; i + 1 < path.length; i++) {
    const a = path[i];
    const b = path[i + 1];
    if (a && b && segmentCrosses(a, b, r)) return true;
  }
  return false;
}

/** Where the ray from the centre of `r` towards `p` leaves `r`. */
export function borderPoint(r: Rect, p: Point): Point {
  const c = center(r);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  if (dx === 0 && dy === 0) return c;
  let w = r.width / 2;
  let h = r.height / 2;
  if (dx === 0 || Math.abs(dy) * w > Math.abs(dx) * h) {
    if (dy < 0) h = -h;
    return { x: c.x + (h * dx) / dy, y: c.y + h };
  }
  if (dx < 0) w = -w;
  return { x: c.x + w, y: c.y + (w * dy) / dx };
}

const CURVE_STEPS = 8;

/**
 * How a path is drawn through its points: straight segments; quadratic curves through the
 * midpoints of the segments (each bend's point its control point: smooth, but the curve passes
 * near the bends, not through them); or cubic curves through every point (Catmull-Rom), so that
 * a label placed on a point of the route sits on the curve.
 */
export type Curve = 'straight' | 'midpoints' | 'through';

/**
 * The polyline a renderer draws through `points` with `curve` (`true` is `midpoints`, `false`
 * `straight`), curves flattened into short segments. The SVG's `d` and the overlap checks both
 * come from the same pieces, so what is checked is what is drawn.
 */
export function drawnPath(points: readonly Point[], curve: boolean | Curve): Point[] {
  const kind: Curve = curve === true ? 'midpoints' : curve === false ? 'straight' : curve;
  if (kind === 'straight' || points.length <= 2) return points.map((p) => ({ x: p.x, y: p.y }));
  const first = points[0];
  if (!first) return [];
  const out: Point[] = [{ x: first.x, y: first.y }];
  if (kind === 'through') {
    for (const c of cubics(points)) {
      for (let step = 1; step <= CURVE_STEPS; step++) {
        const t = step / CURVE_STEPS;
        const u = 1 - t;
        out.push({
          x: u * u * u * c.from.x + 3 * u * u * t * c.c1.x + 3 * u * t * t * c.c2.x + t * t * t * c.to.x,
          y: u * u * u * c.from.y + 3 * u * u * t * c.c1.y + 3 * u * t * t * c.c2.y + t * t * t * c.to.y,
        });
      }
    }
    return out;
  }
  for (const curve of quadratics(points)) {
    for (let step = 1; step <= CURVE_STEPS; step++) {
      const t = step / CURVE_STEPS;
      const u = 1 - t;
      out.push({
        x: u * u * curve.from.x + 2 * u * t * curve.control.x + t * t * curve.to.x,
        y: u * u * curve.from.y + 2 * u * t * curve.control.y + t * t * curve.to.y,
      });
    }
  }
  return out;
}

/** The cubic pieces of a Catmull-Rom curve through every one of `points` (the ends repeated). */
export function cubics(points: readonly Point[]): Array<{ from: Point; c1: Point; c2: Point; to: Point }> {
  const out: Array<{ from: Point; c1: Point; c2: Point; to: Point }> = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const p1 = points[i]!;
    const p2 = points[i + 1]!;
    const p0 = points[i - 1] ?? p1;
    const p3 = points[i + 2] ?? p2;
    out.push({
      from: p1,
      c1: { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 },
      c2: { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 },
      to: p2,
    });
  }
  return out;
}

/** The quadratic pieces of a smoothed path through `points` (three points or more). */
export function quadratics(points: readonly Point[]): Array<{ from: Point; control: Point; to: Point }> {
  const out: Array<{ from: Point; control: Point; to: Point }> = [];
  let from = points[0];
  for (let i = 1; i < points.length - 1 && from; i++) {
    const p = points[i];
    const next = points[i + 1];
    if (!p || !next) continue;
    const to = i === points.length - 2 ? next : { x: (p.x + next.x) / 2, y: (p.y + next.y) / 2 };
    out.push({ from, control: p, to });
    from = to;
  }
  return out;
}

export function pathLength(path: readonly Point[]): number {
  let total = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    const a = path[i];
    const b = path[i + 1];
    if (a && b) total += Math.hypot(b.x - a.x, b.y - a.y);
  }
  return total;
}

/** The point at fraction `t` (0–1) of the length of `path`. */
export function pointAlong(path: readonly Point[], t: number): Point {
  const first = path[0] ?? { x: 0, y: 0 };
  let rest = pathLength(path) * Math.min(1, Math.max(0, t));
  for (let i = 0; i + 1 < path.length; i++) {
    const a = path[i];
    const b = path[i + 1];
    if (!a || !b) continue;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (rest <= length && length > 0) return { x: a.x + ((b.x - a.x) * rest) / length, y: a.y + ((b.y - a.y) * rest) / length };
    rest -= length;
  }
  const last = path[path.length - 1] ?? first;
  return { x: last.x, y: last.y };
}
