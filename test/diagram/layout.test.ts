/**
 * The layout behind the SVG: nested boxes that fit, transitions that do not cut through other
 * states, and labels that do not overlap each other or the states.
 */
import { describe, expect, it } from 'vitest';
import { backupMachine, policyMachine, serverMachine } from '../../machines/index.js';
import { borderPoint, layoutStatechart, textWidth, TEXT, toStatechartGraph, type Rect } from '../../src/diagram/index.js';
import { segmentCrosses } from '../../src/diagram/layout.js';
import { drawnPath, inflate, pathCrosses } from '../../src/diagram/geometry.js';
import { LABEL_CLEARANCE } from '../../src/diagram/untangle.js';
import type { EdgeRoute } from '../../src/diagram/index.js';
import { MACHINES } from './support.js';

const drawn = (route: EdgeRoute) => drawnPath(route.points, route.routing !== 'straight');
const labelOf = (route: EdgeRoute): string => route.edges.map((e) => e.label).join(' | ');
const overlap = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (outer: Rect, inner: Rect): boolean =>
  inner.x >= outer.x - 0.01 &&
  inner.y >= outer.y - 0.01 &&
  inner.x + inner.width <= outer.x + outer.width + 0.01 &&
  inner.y + inner.height <= outer.y + outer.height + 0.01;

describe('the layout of every machine', () => {
  for (const [name, machine] of MACHINES) {
    describe(`of the ${name} machine`, () => {
      const graph = toStatechartGraph(machine);
      const layout = layoutStatechart(graph);
      const byId = new Map(layout.boxes.map((b) => [b.id, b]));
      const canvas = { x: 0, y: 0, width: layout.width, height: layout.height };

      it('has one box per state, inside the canvas, each child below its parent header and inside its parent', () => {
        expect(layout.boxes.map((b) => b.id).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
        for (const box of layout.boxes) {
          expect(inside(canvas, box), box.id).toBe(true);
          const parent = box.node.parent ? byId.get(box.node.parent) : undefined;
          if (!parent) continue;
          expect(inside(parent, box), box.id).toBe(true);
          expect(box.y, box.id).toBeGreaterThanOrEqual(parent.y + parent.headerHeight);
        }
      });

      it('never overlaps two sibling states', () => {
        for (const a of layout.boxes) {
          for (const b of layout.boxes) {
            if (a.id < b.id && a.node.parent === b.node.parent) expect(overlap(a, b), `${a.id} / ${b.id}`).toBe(false);
          }
        }
      });

      it('makes every box wide enough for its lines of text', () => {
        for (const box of layout.boxes) {
          for (const line of box.lines) {
            const char = line.kind === 'title' ? TEXT.titleChar : line.kind === 'meta' ? TEXT.metaChar : TEXT.monoChar;
            expect(textWidth(line.text, char), `${box.id}: ${line.text}`).toBeLessThanOrEqual(box.width);
          }
        }
      });

      it('keeps transition labels apart from each other and off the states they are not inside', () => {
        for (const route of layout.routes) {
          expect(inside(canvas, route.label), route.id).toBe(true);
          for (const box of layout.boxes) {
            if (!inside(box, route.label)) expect(overlap(box, route.label), `${route.id} over ${box.id}`).toBe(false);
          }
          for (const other of layout.routes) {
            if (other.id < route.id) expect(overlap(other.label, route.label), `${other.id} / ${route.id}`).toBe(false);
          }
        }
      });

      it(`keeps every other path, and the initial markers, ${LABEL_CLEARANCE} px away from each transition label`, () => {
        for (const route of layout.routes) {
          const zone = inflate(route.label, LABEL_CLEARANCE);
          for (const other of layout.routes) {
            if (other !== route) expect(pathCrosses(drawn(other), zone), `${labelOf(route)} crossed by ${other.source} -> ${other.target}`).toBe(false);
          }
          for (const marker of layout.initials) expect(pathCrosses([marker.dot, ...marker.points], zone), `${labelOf(route)} / initial ${marker.target}`).toBe(false);
        }
      });

      it('keeps labels at least a clearance apart and puts each on its own path, as drawn', () => {
        for (const route of layout.routes) {
          expect(pathCrosses(drawn(route), inflate(route.label, -2)), `${labelOf(route)} off its path`).toBe(true);
          for (const other of layout.routes) {
            if (other.id < route.id) expect(overlap(inflate(other.label, LABEL_CLEARANCE / 2), inflate(route.label, LABEL_CLEARANCE / 2)), `${labelOf(other)} / ${labelOf(route)}`).toBe(false);
          }
        }
      });

      it('routes transitions between different parents without cutting through other states', () => {
        const chain = (id: string): Set<string> => {
          const out = new Set<string>();
          for (let box = byId.get(id); box; box = box.node.parent ? byId.get(box.node.parent) : undefined) out.add(box.id);
          return out;
        };
        for (const route of layout.routes) {
          expect(route.points.length, route.id).toBeGreaterThanOrEqual(2);
          const allowed = new Set([...chain(route.source), ...chain(route.target)]);
          const blocking = layout.boxes.filter((b) => !allowed.has(b.id) && !chain(b.id).has(route.source) && !chain(b.id).has(route.target));
          for (let i = 0; i + 1 < route.points.length; i++) {
            for (const box of blocking) {
              expect(segmentCrosses(route.points[i]!, route.points[i + 1]!, box), `${route.source} -> ${route.target} through ${box.id}`).toBe(false);
            }
          }
        }
      });

      it('starts and ends every transition on the border of its states', () => {
        const onBorder = (r: Rect, p: { x: number; y: number }): boolean => {
          const near = (a: number, b: number): boolean => Math.abs(a - b) < 1.5;
          const withinX = p.x >= r.x - 1.5 && p.x <= r.x + r.width + 1.5;
          const withinY = p.y >= r.y - 1.5 && p.y <= r.y + r.height + 1.5;
          return (withinX && (near(p.y, r.y) || near(p.y, r.y + r.height))) || (withinY && (near(p.x, r.x) || near(p.x, r.x + r.width)));
        };
        for (const route of layout.routes) {
          expect(onBorder(byId.get(route.source)!, route.points[0]!), `${route.id} start`).toBe(true);
          expect(onBorder(byId.get(route.target)!, route.points[route.points.length - 1]!), `${route.id} end`).toBe(true);
        }
      });
    });
  }
});

describe('the label collisions the issue named', () => {
  const routeOf = (layout: ReturnType<typeof layoutStatechart>, label: string): EdgeRoute => {
    const route = layout.routes.find((r) => r.edges.some((e) => e.label === label));
    if (!route) throw new Error(`no route labelled ${label}`);
    return route;
  };
  const crossing = (layout: ReturnType<typeof layoutStatechart>, route: EdgeRoute): string[] =>
    layout.routes.filter((o) => o !== route && pathCrosses(drawn(o), inflate(route.label, LABEL_CLEARANCE))).map((o) => `${o.source} -> ${o.target}`);

  it('server: `after provisionJob [jobFails]` sits on BUILD -> ERROR, and no other edge runs through it', () => {
    const layout = layoutStatechart(toStatechartGraph(serverMachine));
    const route = routeOf(layout, 'after provisionJob [jobFails]');
    expect([route.source, route.target]).toEqual(['server.lifecycle.BUILD', 'server.lifecycle.ERROR']);
    expect(pathCrosses(drawn(route), route.label)).toBe(true);
    expect(crossing(layout, route)).toEqual([]);
  });

  it('policy: the ENABLE edge keeps off the DISSOCIATE label', () => {
    const layout = layoutStatechart(toStatechartGraph(policyMachine));
    const route = routeOf(layout, 'DISSOCIATE [isLastVault] / removeVault, disarmSchedule');
    expect(crossing(layout, route)).toEqual([]);
  });

  it('backup: each `after dataTransfer` label is on its own edge, and the other edges keep off it', () => {
    const layout = layoutStatechart(toStatechartGraph(backupMachine));
    const routes = layout.routes.filter((r) => r.edges.some((e) => e.event === 'after dataTransfer'));
    expect(routes).toHaveLength(4);
    for (const route of routes) {
      expect(pathCrosses(drawn(route), route.label), route.source).toBe(true);
      expect(crossing(layout, route), `${route.source} -> ${route.target}`).toEqual([]);
    }
  });
});

describe('the layout of parallel states', () => {
  it('puts regions side by side when they fit in a row, with equal heights', () => {
    const layout = layoutStatechart(toStatechartGraph(backupMachine), { maxRowWidth: 4000 });
    const regions = ['backup.lifecycle', 'backup.imageLink', 'backup.succession'].map((id) => layout.boxes.find((b) => b.id === id)!);
    expect(new Set(regions.map((r) => r.y)).size).toBe(1);
    expect(new Set(regions.map((r) => r.height)).size).toBe(1);
    expect(regions[0]!.x + regions[0]!.width).toBeLessThan(regions[1]!.x);
    expect(regions[1]!.x + regions[1]!.width).toBeLessThan(regions[2]!.x);
  });

  it('gives the regions of one row the same top and height by default too', () => {
    for (const [name, machine] of MACHINES) {
      const layout = layoutStatechart(toStatechartGraph(machine));
      const regions = layout.boxes.filter((b) => b.node.isRegion);
      for (const a of regions) {
        for (const b of regions) {
          if (a.node.parent === b.node.parent && a.y === b.y) expect(a.height, `${name}: ${a.id} / ${b.id}`).toBe(b.height);
        }
      }
    }
  });

  it('stacks regions in rows when they would be wider than the row limit', () => {
    const layout = layoutStatechart(toStatechartGraph(serverMachine), { maxRowWidth: 400 });
    const regions = ['server.lifecycle', 'server.protection', 'server.vault'].map((id) => layout.boxes.find((b) => b.id === id)!);
    expect(regions[0]!.y + regions[0]!.height).toBeLessThan(regions[1]!.y);
    expect(regions[1]!.y + regions[1]!.height).toBeLessThan(regions[2]!.y);
  });

  it('can lay the children of each state out left to right', () => {
    const layout = layoutStatechart(toStatechartGraph(backupMachine), { rankdir: 'LR' });
    const snapshot = layout.boxes.find((b) => b.id === 'backup.lifecycle.creating.snapshot')!;
    const transferring = layout.boxes.find((b) => b.id === 'backup.lifecycle.creating.transferring')!;
    expect(transferring.x).toBeGreaterThan(snapshot.x + snapshot.width);
  });
});

describe('geometry helpers', () => {
  it('find where a ray from the centre leaves a box', () => {
    const r = { x: 0, y: 0, width: 100, height: 50 };
    expect(borderPoint(r, { x: 50, y: -100 })).toEqual({ x: 50, y: 0 });
    expect(borderPoint(r, { x: 300, y: 25 })).toEqual({ x: 100, y: 25 });
  });

  it('tell whether a segment cuts through a box', () => {
    const r = { x: 0, y: 0, width: 100, height: 50 };
    expect(segmentCrosses({ x: -10, y: 25 }, { x: 110, y: 25 }, r)).toBe(true);
    expect(segmentCrosses({ x: -10, y: 60 }, { x: 110, y: 60 }, r)).toBe(false);
    expect(segmentCrosses({ x: 50, y: -20 }, { x: 50, y: 0 }, r)).toBe(false);
  });
});
