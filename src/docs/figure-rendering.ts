/**
 * ┌──────────────────────────────────────────────────────────────────────────────────────────┐
 * │ THE ONE PLACE WHERE FIGURES ARE DRAWN AND RASTERISED: the lead plugs in here.            │
 * │                                                                                          │
 * │ statechartSvg: today the engineering statechart (`toSvg(toStatechartGraph(…))`, states   │
 * │   visited lit). Swap in the console-level diagram of src/diagram/console.ts.             │
 * │ toPng: today @resvg/resvg-js called directly (a dependency of the package), so that the  │
 * │   LaTeX builder, which takes no SVG, finds a PNG beside every SVG. Swap in               │
 * │   src/diagram/png.ts. Returning null writes no PNG: the Sphinx LaTeX test then fails,    │
 * │   naming each figure that has no image LaTeX can use.                                    │
 * └──────────────────────────────────────────────────────────────────────────────────────────┘
 */
import { Resvg } from '@resvg/resvg-js';
import { toStatechartGraph, toSvg } from '../diagram/index.js';
import type { ResourceKind } from '../sim/records.js';
import { MACHINES } from '../sim/world.js';

export interface FigureRendering {
  /** The statechart of a kind of resource as an SVG document, the states in `highlight` lit. */
  statechartSvg(kind: ResourceKind, highlight: readonly string[]): string;
  /** The PNG of an SVG document, or null when there is no rasteriser. */
  toPng(svg: string): Buffer | null;
}

/** Many pages light the same states of the same chart: each distinct SVG is rasterised once per process. */
const pngs = new Map<string, Buffer>();

export const figureRendering: FigureRendering = {
  statechartSvg: (kind, highlight) => toSvg(toStatechartGraph(MACHINES[kind]), { highlight: [...highlight] }),
  toPng(svg) {
    let png = pngs.get(svg);
    if (!png) {
      png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
      pngs.set(svg, png);
    }
    return png;
  },
};
