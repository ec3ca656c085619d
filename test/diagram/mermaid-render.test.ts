/**
 * The Mermaid export as Mermaid itself draws it: every machine's text rendered by the real
 * `mermaid` package (its browser bundle) in Debian's Chromium, offline, and the SVG read back. It
 * checks what a reader sees: the hierarchy kept (children inside their composite), targetless
 * transitions inside their state and not as arrows to itself, each name once, the active states
 * lit. One browser and one blank page for the whole file.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, createMachine, not, stateIn } from 'xstate';
import { nodeById, toMermaid, toStatechartGraph, type StatechartGraph, type StatechartNode } from '../../src/diagram/index.js';
import { mermaidStateIds, stateTitle } from '../../src/diagram/mermaid.js';
import { launchChromium } from '../browser/chromium.js';
import { MACHINES } from './support.js';

const MERMAID_BUNDLE = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
const PROBE = fileURLToPath(new URL('./mermaid-probe.js', import.meta.url));

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Point {
  x: number;
  y: number;
}
/** A state as drawn: a leaf's node group or a composite's cluster (its border). */
interface DrawnState {
  /** The Mermaid id. */
  id: string;
  cluster: boolean;
  classes: string[];
  box: Box;
  /** Its text, line by line: the title first. */
  lines: string[];
}
interface DrawnEdge {
  id: string;
  start: Point;
  end: Point;
  lines: string[];
}
interface Drawing {
  error: string | null;
  states: DrawnState[];
  edges: DrawnEdge[];
}

let browser: Browser;
let page: Page;
const requests: string[] = [];
const pageErrors: string[] = [];
let renders = 0;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
  // Nothing may come from the network: the bundle and the probe are inlined by addScriptTag.
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.setContent('<!doctype html><html><body><div id="host"></div></body></html>');
  await page.addScriptTag({ path: MERMAID_BUNDLE });
  await page.addScriptTag({ path: PROBE });
  await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(config: object): void } }).mermaid.initialize({ startOnLoad: false }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Renders `text` with `mermaid.render` in the page and reads the drawing back. */
async function draw(text: string): Promise<Drawing> {
  const svgId = `chart${++renders}`;
  return page.evaluate(
    ([t, id]) => (globalThis as unknown as { renderMermaid(text: string, svgId: string): Promise<Drawing> }).renderMermaid(t, id),
    [text, svgId] as const,
  );
}

/** The states a chart is in when each compound state is in its `pick`ed child (parallel: all). */
function configuration(graph: StatechartGraph, pick: (node: StatechartNode) => string | undefined): string[] {
  const nodes = nodeById(graph);
  const out: string[] = [];
  const enter = (id: string): void => {
    const node = nodes.get(id);
    if (!node) return;
    out.push(id);
    if (node.type === 'parallel') node.children.forEach(enter);
    else if (node.children.length > 0) enter(pick(node) ?? node.children[0] ?? '');
  };
  enter(graph.root);
  return out;
}

function inside(inner: Box, outer: Box, tolerance = 1): boolean {
  return (
    inner.x >= outer.x - tolerance &&
    inner.y >= outer.y - tolerance &&
    inner.x + inner.width <= outer.x + outer.width + tolerance &&
    inner.y + inner.height <= outer.y + outer.height + tolerance
  );
}

/** The innermost drawn state whose border `point` is on or in (an arrowhead stops short of it). */
function stateAt(point: Point, states: DrawnState[], reach = 8): DrawnState | undefined {
  const around = (s: DrawnState): Box => ({ x: s.box.x - reach, y: s.box.y - reach, width: s.box.width + 2 * reach, height: s.box.height + 2 * reach });
  return states
    .filter((s) => inside({ ...point, width: 0, height: 0 }, around(s), 0))
    .sort((a, b) => a.box.width * a.box.height - b.box.width * b.box.height)[0];
}

const sorted = (lines: string[]): string[] => [...lines].sort();

for (const [name, machine] of MACHINES) {
  describe(`the ${name} chart drawn by Mermaid in Chromium`, () => {
    const graph = toStatechartGraph(machine);
    const nodes = nodeById(graph);
    const ids = mermaidStateIds(graph);
    const graphIdOf = new Map([...ids].map(([graphId, mermaidId]) => [mermaidId, graphId]));
    // Lit: a configuration as deep as the chart goes, so that nested composites are lit around
    // their active child (each compound state in its child with the most states below it).
    const size = (id: string): number => 1 + (nodes.get(id)?.children ?? []).reduce((sum, child) => sum + size(child), 0);
    const deepest = (node: StatechartNode): string | undefined =>
      [...node.children].sort((a, b) => size(b) - size(a) || Number(b === node.initial) - Number(a === node.initial))[0];
    const variants = { plain: [] as string[], lit: configuration(graph, deepest) };
    const drawings = new Map<keyof typeof variants, Drawing>();
    const plain = (): Drawing => drawings.get('plain')!;
    const drawnState = (drawing: Drawing, graphId: string): DrawnState | undefined => drawing.states.find((s) => s.id === ids.get(graphId));

    beforeAll(async () => {
      for (const [variant, highlight] of Object.entries(variants) as Array<[keyof typeof variants, string[]]>) {
        drawings.set(variant, await draw(toMermaid(graph, { highlight })));
      }
    }, 30_000);

    it('renders without an error, plain and with states lit, from the page alone', () => {
      for (const [variant, drawing] of drawings) expect({ variant, error: drawing.error }).toEqual({ variant, error: null });
      expect(pageErrors).toEqual([]);
      expect(requests).toEqual([]);
    });

    it('draws every state exactly once, a composite as a cluster', () => {
      // Mermaid's own `[*]` pseudo-states aside.
      const drawn = plain().states.filter((s) => !/_(start|end)$/.test(s.id)).map((s) => graphIdOf.get(s.id) ?? `unknown ${s.id}`);
      expect(sorted(drawn)).toEqual(sorted(graph.nodes.map((n) => n.id)));
      for (const node of graph.nodes) expect({ id: node.id, cluster: drawnState(plain(), node.id)?.cluster }).toEqual({ id: node.id, cluster: node.children.length > 0 });
    });

    it('keeps each state inside the border of its parent', () => {
      for (const node of graph.nodes) {
        if (node.parent === null) continue;
        const child = drawnState(plain(), node.id)!;
        const parent = drawnState(plain(), node.parent)!;
        expect({ state: node.id, inside: inside(child.box, parent.box) }, JSON.stringify({ child: child.box, parent: parent.box })).toEqual({ state: node.id, inside: true });
      }
    });

    it('titles each state with its name once, and its status and label only where they say more', () => {
      for (const node of graph.nodes) {
        const title = drawnState(plain(), node.id)!.lines[0] ?? '';
        expect(title).toBe(stateTitle(node));
        const words = title.split(' · ').map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, ''));
        expect(new Set(words).size, title).toBe(words.length);
      }
    });

    it('lists the rules and the targetless transitions of a state inside it, one line each', () => {
      for (const node of graph.nodes) {
        const expected = [
          stateTitle(node),
          ...(node.rules.length > 0 ? [`rules ${node.rules.join(' ')}`] : []),
          ...graph.edges.filter((e) => e.source === node.id && e.targetless).map((e) => e.label),
        ];
        expect({ state: node.id, lines: drawnState(plain(), node.id)!.lines }).toEqual({ state: node.id, lines: expected });
      }
    });

    it('draws an arrow for each transition with a target and none for a targetless one', () => {
      const arrowLabels = graph.edges.filter((e) => !e.targetless).map((e) => e.label);
      expect(sorted(plain().edges.flatMap((e) => e.lines))).toEqual(sorted(arrowLabels));
      const pairs = new Set(graph.edges.filter((e) => !e.targetless).map((e) => `${e.source} ${e.target}`));
      // Besides: the chart's own initial arrow, one per compound state's initial child, one per final state.
      const pseudo = 1 + graph.nodes.filter((n) => n.initial !== null).length + graph.nodes.filter((n) => n.type === 'final').length;
      expect(plain().edges).toHaveLength(pairs.size + pseudo);
    });

    it('draws an arrow from a state back to itself only for a re-entering transition', () => {
      const drawn = plain().states.filter((s) => graphIdOf.has(s.id));
      const loops = plain()
        .edges.filter((e) => {
          const from = stateAt(e.start, drawn);
          return from !== undefined && from === stateAt(e.end, drawn);
        })
        .map((e) => ({ state: graphIdOf.get(stateAt(e.start, drawn)!.id), lines: sorted(e.lines) }));
      const reentering = [...new Set(graph.edges.filter((e) => e.selfLoop && !e.targetless).map((e) => e.source))].map((state) => ({
        state,
        lines: sorted(graph.edges.filter((e) => e.source === state && e.target === state && !e.targetless).map((e) => e.label)),
      }));
      expect(loops).toEqual(reentering);
      for (const loop of reentering) expect(graph.edges.filter((e) => e.source === loop.state && e.selfLoop && !e.targetless).every((e) => e.reenter)).toBe(true);
    });

    it('gives the innermost lit states the active class and the states around them activeParent', () => {
      for (const [variant, lit] of Object.entries(variants) as Array<[keyof typeof variants, string[]]>) {
        const drawing = drawings.get(variant)!;
        for (const node of graph.nodes) {
          const expected = !lit.includes(node.id) ? null : node.children.some((c) => lit.includes(c)) ? 'activeParent' : 'active';
          const classes = drawnState(drawing, node.id)!.classes;
          const actual = classes.includes('active') ? 'active' : classes.includes('activeParent') ? 'activeParent' : null;
          expect({ variant, state: node.id, class: actual }).toEqual({ variant, state: node.id, class: expected });
        }
      }
    });
  });
}

describe('charts that test the exporter\'s escaping, drawn by Mermaid in Chromium', () => {
  it('draws the characters the exporter escapes as themselves', async () => {
    const machine = createMachine({
      id: 'esc',
      initial: 'a',
      states: {
        a: { on: { GO: { guard: stateIn('#esc.b'), target: 'b' }, STAY: { guard: and([stateIn('#esc.b'), not(stateIn('#esc.a'))]) } } },
        b: { meta: { status: 'x;y', label: '"quoted" {braced} <b>' } },
      },
    });
    const graph = toStatechartGraph(machine);
    const drawing = await draw(toMermaid(graph));
    expect(drawing.error).toBeNull();
    const ids = mermaidStateIds(graph);
    const lines = (id: string): string[] => drawing.states.find((s) => s.id === ids.get(id))?.lines ?? [];
    expect(lines('esc.a')).toEqual(['a', 'STAY [in(#esc.b) && !in(#esc.a)]']);
    expect(lines('esc.b')).toEqual(['b · x;y · "quoted" {braced} <b>']);
    expect(drawing.edges.flatMap((e) => e.lines)).toEqual(['GO [in(#esc.b)]']);
  });

  it('draws states called start and end as states, apart from the [*] of their block', async () => {
    const machine = createMachine({ id: 'm', initial: 'start', states: { start: { on: { GO: 'end' } }, end: { type: 'final' } } });
    const graph = toStatechartGraph(machine);
    const drawing = await draw(toMermaid(graph));
    expect(drawing.error).toBeNull();
    const ids = mermaidStateIds(graph);
    for (const id of ['m.start', 'm.end']) expect(drawing.states.filter((s) => s.id === ids.get(id)).map((s) => s.lines)).toEqual([[id.slice(2)]]);
  });
});
