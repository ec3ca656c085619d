/**
 * Where the figures are drawn and rasterised, in one place. A page shows each kind of resource as
 * the console-level diagram (src/diagram/console.ts: the states a console user sees, the
 * walkthrough's path lit, the refusals it met marked, a legend) and links the full engineering
 * statechart (states visited lit) as a file beside it. Every SVG figure gets a PNG beside it
 * (src/diagram/png.ts, resvg with DejaVu Sans), because Sphinx's LaTeX builder takes no SVG.
 */
import { toConsoleDiagram, type ConsoleDiagram } from '../diagram/console.js';
import type { HighlightInput } from '../diagram/console-highlight.js';
import { toStatechartGraph, toSvg } from '../diagram/index.js';
import { toPng } from '../diagram/png.js';
import type { ResourceKind } from '../sim/records.js';
import { MACHINES } from '../sim/world.js';

export interface FigureRendering {
  /** The console-level diagram of a kind of resource, with a walkthrough's path lit. */
  consoleDiagram(kind: ResourceKind, path: HighlightInput & { sizeGB?: number }): ConsoleDiagram;
  /** The engineering statechart of a kind of resource as an SVG document, the states in `highlight` lit. */
  statechartSvg(kind: ResourceKind, highlight: readonly string[]): string;
  /** The PNG of an SVG document. */
  toPng(svg: string): Buffer | null;
}

/** Many pages light the same states of the same chart: each distinct SVG is rasterised once per process. */
const pngs = new Map<string, Buffer>();

export const figureRendering: FigureRendering = {
  consoleDiagram: (kind, path) => toConsoleDiagram(kind, MACHINES[kind], path),
  statechartSvg: (kind, highlight) => toSvg(toStatechartGraph(MACHINES[kind]), { highlight: [...highlight] }),
  toPng(svg) {
    let png = pngs.get(svg);
    if (!png) {
      png = toPng(svg);
      pngs.set(svg, png);
    }
    return png;
  },
};
