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
import { layoutStatechart, textWidth, TEXT, type EdgeRoute, type LayoutOptions, type Point, type StateBox, type StatechartLayout } from './layout.js';

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
  /**
   * What each transition would do now (edge ids, as `GET /api/resources/:id` answers them in
   * `transitions`): a label taken now is green, a refusal that fires now red, one whose guard needs
   * the event's data neutral, any other grey (not possible in this state); a path takes the colour
   * of its labels (green if any is, else red if any, else grey). Without it, no line is judged.
   */
  verdicts?: SvgVerdicts;
  /** Adds a legend of the colours under the chart. */
  legend?: boolean;
  /** A layout computed before (e.g. to render several highlights of one machine); computed when omitted. */
  layout?: StatechartLayout;
  /** Options of the layout computed when `layout` is omitted. */
  layoutOptions?: LayoutOptions;
}

export interface SvgVerdicts {
  now: readonly string[];
  refusing: readonly string[];
  unknown: readonly string[];
}

type Verdict = 'now' | 'refusing' | 'impossible' | 'unknown';

/** The class the inspector's stylesheet knows each verdict by (`enabled`, `refused-now` are older). */
const VERDICT_CLASS: Record<Verdict, string> = { now: 'enabled', refusing: 'refused-now', impossible: 'impossible', unknown: 'unknown' };

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
  last: '#1d39c4',
  now: '#237804',
  impossible: '#90a4ae',
  labelBackground: '#ffffff',
} as const;

/** How far a path or label not possible in this state fades. */
const FADED = 0.45;
const LEGEND_ROW = 18;
const LEGEND_PAD = 10;

/** Returns the SVG document of `graph`. */
export function toSvg(graph: StatechartGraph, options: SvgOptions = {}): string {
  const layout = options.layout ?? layoutStatechart(graph, options.layoutOptions);
  const highlight = litStates(graph, options.highlight ?? []);
  const isLast = (edge: StatechartEdge): boolean => matchesTransition(edge, options.lastTransition);
  const verdictOf = verdictLookup(options.verdicts);
  const prefix = idPart(graph.id);
  const arrow = `${prefix}-arrow`;
  const arrowLast = `${prefix}-arrow-last`;
  const arrowNow = `${prefix}-arrow-now`;
  const arrowRefusing = `${prefix}-arrow-refusing`;
  const legend = options.legend ? legendOf(layout.width) : null;
  const width = layout.width;
  const height = layout.height + (legend?.height ?? 0);

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${attr(SANS)}" font-size="${TEXT.metaSize}" class="statechart" data-machine="${attr(graph.id)}">`,
  );
  out.push(`<title>${text(`${graph.id} statechart`)}</title>`);
  out.push('<defs>');
  out.push(marker(arrow, COLOR.edge));
  out.push(marker(arrowLast, COLOR.last));
  if (verdictOf || legend) {
    out.push(marker(arrowNow, COLOR.now));
    out.push(marker(arrowRefusing, COLOR.refusal));
  }
  out.push('</defs>');
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="${COLOR.background}"/>`);

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
        const look = edge ? labelLook(edge, isLast(edge), verdictOf) : { classes: '', color: COLOR.ink, weight: '', extra: '' };
        const data = edge ? ` data-edge="${attr(edge.id)}" data-event="${attr(edge.eventType)}"` : '';
        out.push(
          `${inner}<text class="self-loop${look.classes}"${data}${look.extra} x="${n(box.x + 10)}" y="${n(y)}" font-family="${attr(MONO)}" font-size="${TEXT.monoSize}" fill="${look.color}"${look.weight}>${text(line.text)}</text>`,
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
    const verdict = verdictOf ? pathVerdict(route.edges.map(verdictOf)) : null;
    let classes = last ? ' last' : '';
    let stroke: string = COLOR.edge;
    let strokeWidth = 1.3;
    let end = arrow;
    let extra = '';
    if (verdict) {
      classes += ` ${VERDICT_CLASS[verdict]}`;
      extra = ` data-verdict="${verdict}"`;
      if (verdict === 'now') [stroke, strokeWidth, end] = [COLOR.now, 2, arrowNow];
      else if (verdict === 'refusing') [stroke, strokeWidth, end] = [COLOR.refusal, 2, arrowRefusing];
      else if (verdict === 'impossible' && !last) extra += ` opacity="${FADED}"`;
    }
    if (last) [stroke, strokeWidth, end] = [COLOR.last, 2.6, arrowLast];
    out.push(
      `  <path id="${prefix}-${route.id}" class="transition${classes}" data-source="${attr(route.source)}" data-target="${attr(route.target)}"${extra} d="${pathData(route.points, route.routing !== 'straight')}" fill="none" stroke="${stroke}" stroke-width="${strokeWidth}"${dash} marker-end="url(#${end})"/>`,
    );
  }
  out.push('</g>');
  out.push('<g class="transition-labels">');
  for (const route of layout.routes) out.push(...labelOf(route, isLast, verdictOf));
  out.push('</g>');
  if (legend) out.push(...legend.draw(layout.height, { now: arrowNow, refusing: arrowRefusing, last: arrowLast, impossible: arrow }));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function labelOf(route: EdgeRoute, isLast: (edge: StatechartEdge) => boolean, verdictOf: VerdictOf | null): string[] {
  const { x, y, width, height } = route.label;
  const out = [`  <g class="transition-label" data-route="${attr(route.id)}">`];
  out.push(`    <rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" rx="3" ry="3" fill="${COLOR.labelBackground}" fill-opacity="0.92" stroke="#cfd8dc" stroke-width="0.6"/>`);
  route.edges.forEach((edge, i) => {
    const look = labelLook(edge, isLast(edge), verdictOf);
    const baseline = y + 3 + (i + 1) * TEXT.monoLine - 3.5;
    out.push(
      `    <text class="edge-label${look.classes}" data-edge="${attr(edge.id)}" data-event="${attr(edge.eventType)}"${look.extra} x="${n(x + width / 2)}" y="${n(baseline)}" text-anchor="middle" font-family="${attr(MONO)}" font-size="${TEXT.monoSize}" fill="${look.color}"${look.weight}>${text(edge.label)}</text>`,
    );
  });
  out.push('  </g>');
  return out;
}

type VerdictOf = (edge: StatechartEdge) => Verdict;

function verdictLookup(verdicts: SvgVerdicts | undefined): VerdictOf | null {
  if (!verdicts) return null;
  const now = new Set(verdicts.now);
  const refusing = new Set(verdicts.refusing);
  const unknown = new Set(verdicts.unknown);
  return (edge) => (now.has(edge.id) ? 'now' : refusing.has(edge.id) ? 'refusing' : unknown.has(edge.id) ? 'unknown' : 'impossible');
}

/** A path is green if any of its labels is taken now, else red if any refuses now, else unknown if any is, else grey. */
function pathVerdict(verdicts: Verdict[]): Verdict {
  for (const v of ['now', 'refusing', 'unknown'] as const) if (verdicts.includes(v)) return v;
  return 'impossible';
}

/**
 * A label line's classes, colour and weight. Unjudged (no verdicts): a refusal is red, as the
 * chart's own notation. Judged: the colour says what the line would do now; the last taken wins.
 */
function labelLook(edge: StatechartEdge, last: boolean, verdictOf: VerdictOf | null): { classes: string; color: string; weight: string; extra: string } {
  const bold = ' font-weight="bold"';
  if (!verdictOf) {
    return { classes: last ? ' last' : '', color: last ? COLOR.last : edge.refusal ? COLOR.refusal : COLOR.ink, weight: last ? bold : '', extra: '' };
  }
  const verdict = verdictOf(edge);
  const classes = `${last ? ' last' : ''} ${VERDICT_CLASS[verdict]}`;
  const extra = ` data-verdict="${verdict}"`;
  if (last) return { classes, color: COLOR.last, weight: bold, extra };
  if (verdict === 'now') return { classes, color: COLOR.now, weight: bold, extra };
  if (verdict === 'refusing') return { classes, color: COLOR.refusal, weight: bold, extra };
  if (verdict === 'impossible') return { classes, color: COLOR.impossible, weight: '', extra };
  return { classes, color: COLOR.ink, weight: '', extra };
}

interface LegendItem {
  key: string;
  text: string;
  width: number;
}

/** The legend band under a chart `width` wide: its height, and how to draw it at `top`. */
function legendOf(width: number): { height: number; draw: (top: number, arrows: Record<'now' | 'refusing' | 'last' | 'impossible', string>) => string[] } {
  const SWATCH = 26;
  const items: LegendItem[] = [
    { key: 'active', text: 'active state' },
    { key: 'now', text: 'taken now' },
    { key: 'refusing', text: 'refusal now' },
    { key: 'impossible', text: 'not possible now' },
    { key: 'last', text: 'last taken' },
  ].map((item) => ({ ...item, width: SWATCH + 6 + textWidth(item.text, TEXT.metaChar) + 18 }));
  const rows: { item: LegendItem; x: number; row: number }[] = [];
  let x = LEGEND_PAD;
  let row = 0;
  for (const item of items) {
    if (x > LEGEND_PAD && x + item.width > width - LEGEND_PAD) [x, row] = [LEGEND_PAD, row + 1];
    rows.push({ item, x, row });
    x += item.width;
  }
  const height = (row + 1) * LEGEND_ROW + LEGEND_PAD * 2;
  const draw = (top: number, arrows: Record<'now' | 'refusing' | 'last' | 'impossible', string>): string[] => {
    const out = [`<g class="legend">`];
    out.push(`  <line x1="0" y1="${n(top + 0.5)}" x2="${n(width)}" y2="${n(top + 0.5)}" stroke="#cfd8dc" stroke-width="1"/>`);
    for (const { item, x: left, row: r } of rows) {
      const mid = top + LEGEND_PAD + r * LEGEND_ROW + LEGEND_ROW / 2;
      out.push(`  <g class="legend-item" data-verdict="${item.key}">`);
      if (item.key === 'active') {
        out.push(`    <rect x="${n(left)}" y="${n(mid - 6)}" width="${SWATCH}" height="12" rx="3" ry="3" fill="${COLOR.activeFill}" stroke="${COLOR.activeStroke}" stroke-width="2"/>`);
      } else {
        const key = item.key as 'now' | 'refusing' | 'last' | 'impossible';
        const color = key === 'now' ? COLOR.now : key === 'refusing' ? COLOR.refusal : key === 'last' ? COLOR.last : COLOR.edge;
        const fade = key === 'impossible' ? ` opacity="${FADED}"` : '';
        out.push(`    <path d="M ${n(left)} ${n(mid)} L ${n(left + SWATCH)} ${n(mid)}" fill="none" stroke="${color}" stroke-width="${key === 'last' ? 2.6 : 2}"${fade} marker-end="url(#${arrows[key]})"/>`);
      }
      const color = item.key === 'now' ? COLOR.now : item.key === 'refusing' ? COLOR.refusal : item.key === 'last' ? COLOR.last : item.key === 'impossible' ? COLOR.impossible : COLOR.ink;
      out.push(`    <text x="${n(left + SWATCH + 6)}" y="${n(mid + 4)}" font-size="${TEXT.metaSize}" fill="${color}">${text(item.text)}</text>`);
      out.push('  </g>');
    }
    out.push('</g>');
    return out;
  };
  return { height, draw };
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
