/**
 * A standalone SVG document of a statechart: nested rounded boxes for states (dashed for the
 * regions of a parallel state), `status · label` from meta, self-loops listed inside their state,
 * transitions as paths with arrowheads and labels, initial-state markers, and highlighting.
 *
 * The document references nothing outside itself: presentation attributes only (no stylesheet,
 * no web fonts: DejaVu Sans, then local fallbacks), arrowheads in its own `<defs>`.
 */
import type { StatechartEdge, StatechartGraph } from './graph.js';
import { MONO_FAMILY, SANS_FAMILY } from './fonts.js';
import { quadratics } from './geometry.js';
import { layoutStatechart, TEXT, type EdgeRoute, type LayoutOptions, type Point, type StateBox, type StatechartLayout } from './layout.js';

export interface SvgTransition {
  source: string;
  target: string;
  /** The event type (`DELETE`, `xstate.after.snapshotPhase.backup…`) or as shown (`after snapshotPhase`). */
  event: string;
}

export interface SvgOptions {
  /**
   * The states a run passed through: any of their ids, ancestors included or not (e.g. every id a
   * snapshot's value names). Only the innermost of them are lit (class `active`, a distinct fill
   * and border): never the root, never a region of a parallel state (always active while the
   * machine runs), nor a compound state whose visited children are lit instead.
   */
  highlight?: string[];
  /** The transition taken last: its path and label line get class `last` and a distinct colour. */
  lastTransition?: SvgTransition;
  /** A layout computed before (e.g. to render several highlights of one machine); computed when omitted. */
  layout?: StatechartLayout;
  /** Options of the layout computed when `layout` is omitted. */
  layoutOptions?: LayoutOptions;
}

const SANS = SANS_FAMILY;
const MONO = MONO_FAMILY;

const COLOR = {
  background: '#ffffff',
  ink: '#263238',
  muted: '#607d8b',
  stroke: '#546e7a',
  edge: '#455a64',
  refusal: '#a8071a',
  activeFill: '#fff1b8',
  activeStroke: '#d48806',
  last: '#d4380d',
  labelBackground: '#ffffff',
} as const;

/** Returns the SVG document of `graph`. */
export function toSvg(graph: StatechartGraph, options: SvgOptions = {}): string {
  const layout = options.layout ?? layoutStatechart(graph, options.layoutOptions);
  const highlight = litStates(graph, options.highlight ?? []);
  const isLast = (edge: StatechartEdge): boolean => matchesTransition(edge, options.lastTransition);
  const prefix = idPart(graph.id);
  const arrow = `${prefix}-arrow`;
  const arrowLast = `${prefix}-arrow-last`;

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${attr(SANS)}" font-size="${TEXT.metaSize}" class="statechart" data-machine="${attr(graph.id)}">`,
  );
  out.push(`<title>${text(`${graph.id} statechart`)}</title>`);
  out.push('<defs>');
  out.push(marker(arrow, COLOR.edge));
  out.push(marker(arrowLast, COLOR.last));
  out.push('</defs>');
  out.push(`<rect x="0" y="0" width="${layout.width}" height="${layout.height}" fill="${COLOR.background}"/>`);

  // States, nested as groups like the chart (parents drawn under their children).
  const children = new Map<string | null, StateBox[]>();
  for (const box of layout.boxes) {
    const parent = box.node.parent;
    const list = children.get(parent);
    if (list) list.push(box);
    else children.set(parent, [box]);
  }
  const drawState = (box: StateBox, indent: string): void => {
    const node = box.node;
    const active = highlight.has(box.id);
    // `active-leaf` is kept for stylesheets that used it: every lit state is innermost now.
    const activeLeaf = active;
    const classes = ['state', `state-${node.type}`];
    if (node.isRegion) classes.push('region');
    if (node.parent === null) classes.push('root');
    if (active) classes.push('active');
    if (activeLeaf) classes.push('active-leaf');
    out.push(`${indent}<g id="state-${attr(box.id)}" class="${classes.join(' ')}" data-key="${attr(node.key)}">`);
    const inner = `${indent}  `;
    const leaf = node.children.length === 0;
    const fill = activeLeaf ? COLOR.activeFill : leaf ? '#ffffff' : node.isRegion ? '#fbfcfe' : node.depth % 2 === 0 ? '#f3f6f9' : '#e9eff5';
    const stroke = active ? COLOR.activeStroke : node.isRegion ? '#78909c' : COLOR.stroke;
    const width = active ? 2.5 : node.parent === null ? 1.6 : 1.2;
    const dash = node.isRegion ? ' stroke-dasharray="6 4"' : '';
    const rx = leaf ? 8 : 12;
    out.push(
      `${inner}<rect class="state-box" x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${rx}" ry="${rx}" fill="${fill}" stroke="${stroke}" stroke-width="${width}"${dash}/>`,
    );
    if (node.type === 'final') {
      out.push(
        `${inner}<rect class="final-border" x="${n(box.x + 3.5)}" y="${n(box.y + 3.5)}" width="${n(box.width - 7)}" height="${n(box.height - 7)}" rx="${rx - 3}" ry="${rx - 3}" fill="none" stroke="${stroke}" stroke-width="1"/>`,
      );
    }
    if (!leaf && box.lines.length > 0) {
      // A thin rule under a compound state's header.
      const y = box.y + box.headerHeight + 2;
      out.push(`${inner}<line x1="${n(box.x)}" y1="${n(y)}" x2="${n(box.x + box.width)}" y2="${n(y)}" stroke="${stroke}" stroke-width="0.6" stroke-opacity="0.5"${dash}/>`);
    }
    for (const line of box.lines) {
      const y = box.y + line.y;
      if (line.kind === 'title') {
        const x = box.centered ? box.x + box.width / 2 : box.x + 10;
        const anchor = box.centered ? 'middle' : 'start';
        const style = node.isRegion ? ' font-style="italic"' : '';
        out.push(
          `${inner}<text class="state-title" x="${n(x)}" y="${n(y)}" text-anchor="${anchor}" font-size="${TEXT.titleSize}" font-weight="bold" fill="${COLOR.ink}"${style}>${text(line.text)}</text>`,
        );
        if (node.type === 'parallel') {
          out.push(
            `${inner}<text class="state-type" x="${n(box.x + box.width - 10)}" y="${n(y)}" text-anchor="end" font-size="${TEXT.metaSize}" font-style="italic" fill="${COLOR.muted}">parallel</text>`,
          );
        }
      } else if (line.kind === 'meta') {
        const x = box.centered ? box.x + box.width / 2 : box.x + 10;
        const anchor = box.centered ? 'middle' : 'start';
        out.push(`${inner}<text class="state-meta" x="${n(x)}" y="${n(y)}" text-anchor="${anchor}" font-size="${TEXT.metaSize}" fill="${COLOR.muted}">${text(line.text)}</text>`);
      } else {
        const edge = line.edge;
        const last = edge !== undefined && isLast(edge);
        const color = last ? COLOR.last : edge?.refusal ? COLOR.refusal : COLOR.ink;
        const weight = last ? ' font-weight="bold"' : '';
        const data = edge ? ` data-edge="${attr(edge.id)}" data-event="${attr(edge.eventType)}"` : '';
        out.push(
          `${inner}<text class="self-loop${last ? ' last' : ''}"${data} x="${n(box.x + 10)}" y="${n(y)}" font-family="${attr(MONO)}" font-size="${TEXT.monoSize}" fill="${color}"${weight}>${text(line.text)}</text>`,
        );
      }
    }
    for (const child of children.get(box.id) ?? []) drawState(child, inner);
    out.push(`${indent}</g>`);
  };
  out.push('<g class="states">');
  for (const box of children.get(null) ?? []) drawState(box, '  ');
  out.push('</g>');

  out.push('<g class="initial-markers">');
  for (const marker of layout.initials) {
    out.push(`  <g class="initial" data-parent="${attr(marker.parent)}" data-target="${attr(marker.target)}">`);
    out.push(`    <circle cx="${n(marker.dot.x)}" cy="${n(marker.dot.y)}" r="5" fill="${COLOR.ink}"/>`);
    if (marker.points.length >= 2) {
      out.push(`    <path d="${pathData(marker.points, true)}" fill="none" stroke="${COLOR.ink}" stroke-width="1.3" marker-end="url(#${arrow})"/>`);
    }
    out.push('  </g>');
  }
  out.push('</g>');

  // Paths first, then every label above every path.
  out.push('<g class="transitions">');
  for (const route of layout.routes) {
    const last = route.edges.some(isLast);
    const kinds = new Set(route.edges.map((e) => e.kind));
    const dash = kinds.size === 1 && kinds.has('after') ? ' stroke-dasharray="6 3"' : kinds.size === 1 && kinds.has('always') ? ' stroke-dasharray="2 3"' : '';
    out.push(
      `  <path id="${prefix}-${route.id}" class="transition${last ? ' last' : ''}" data-source="${attr(route.source)}" data-target="${attr(route.target)}" d="${pathData(route.points, route.routing !== 'straight')}" fill="none" stroke="${last ? COLOR.last : COLOR.edge}" stroke-width="${last ? 2.6 : 1.3}"${dash} marker-end="url(#${last ? arrowLast : arrow})"/>`,
    );
  }
  out.push('</g>');
  out.push('<g class="transition-labels">');
  for (const route of layout.routes) out.push(...labelOf(route, isLast));
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function labelOf(route: EdgeRoute, isLast: (edge: StatechartEdge) => boolean): string[] {
  const { x, y, width, height } = route.label;
  const out = [`  <g class="transition-label" data-route="${attr(route.id)}">`];
  out.push(`    <rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" rx="3" ry="3" fill="${COLOR.labelBackground}" fill-opacity="0.92" stroke="#cfd8dc" stroke-width="0.6"/>`);
  route.edges.forEach((edge, i) => {
    const last = isLast(edge);
    const color = last ? COLOR.last : edge.refusal ? COLOR.refusal : COLOR.ink;
    const weight = last ? ' font-weight="bold"' : '';
    const baseline = y + 3 + (i + 1) * TEXT.monoLine - 3.5;
    out.push(
      `    <text class="edge-label${last ? ' last' : ''}" data-edge="${attr(edge.id)}" data-event="${attr(edge.eventType)}" x="${n(x + width / 2)}" y="${n(baseline)}" text-anchor="middle" font-family="${attr(MONO)}" font-size="${TEXT.monoSize}" fill="${color}"${weight}>${text(edge.label)}</text>`,
    );
  });
  out.push('  </g>');
  return out;
}

function matchesTransition(edge: StatechartEdge, last: SvgTransition | undefined): boolean {
  if (!last) return false;
  if (edge.source !== last.source || edge.target !== last.target) return false;
  return last.event === edge.eventType || last.event === edge.event;
}

function marker(id: string, color: string): string {
  return `<marker id="${attr(id)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="${color}"/></marker>`;
}

/** A path through `points`: smoothed with quadratic curves through the midpoints when `smooth` (see `drawnPath`). */
function pathData(points: Point[], smooth: boolean): string {
  const first = points[0];
  if (!first) return '';
  let d = `M ${n(first.x)} ${n(first.y)}`;
  if (!smooth || points.length <= 2) {
    for (const p of points.slice(1)) d += ` L ${n(p.x)} ${n(p.y)}`;
    return d;
  }
  for (const { control, to } of quadratics(points)) d += ` Q ${n(control.x)} ${n(control.y)} ${n(to.x)} ${n(to.y)}`;
  return d;
}

/**
 * The states of `highlight` drawn lit: those with no highlighted descendant, less the root and
 * the regions of parallel states.
 */
export function litStates(graph: StatechartGraph, highlight: readonly string[]): Set<string> {
  const given = new Set(highlight);
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const hasGivenDescendant = new Set<string>();
  for (const id of given) {
    for (let node = nodes.get(id); node?.parent; node = nodes.get(node.parent)) hasGivenDescendant.add(node.parent);
  }
  const lit = new Set<string>();
  for (const id of given) {
    const node = nodes.get(id);
    if (!node || node.parent === null || node.isRegion || hasGivenDescendant.has(id)) continue;
    lit.add(id);
  }
  return lit;
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function idPart(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_');
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
