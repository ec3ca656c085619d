/**
 * The SVG of a console diagram: a standalone, accessible document (`role="img"`, `<title>` and
 * `<desc>`), presentation attributes only, DejaVu Sans, every element a reader sees carrying a
 * class that says what it is and whether it is lit (`lit`) or refused (`refused`); for a live
 * resource, the state it is in now (`current`, a dark thick border, a strong fill and a dot before
 * its word, readable on a projector) and the arrow of its last step (`last`, thicker and darker
 * than the rest of its path). Each state's group names its console state (`data-state`) and lane
 * (`data-lane`); the current state a page centres on has `data-focus="true"`.
 */
import type { ArrowShape, ConsoleLayout, StateShape, TextLine } from './console-layout.js';
import { measureText, SANS_FAMILY } from './fonts.js';
import { cubics, type Point } from './geometry.js';

const COLOR = {
  background: '#ffffff',
  ink: '#263238',
  muted: '#546e7a',
  frame: '#b0bec5',
  stroke: '#78909c',
  edge: '#78909c',
  litFill: '#fff1b8',
  litStroke: '#d48806',
  litEdge: '#d46b08',
  litText: '#873800',
  currentFill: '#ffd666',
  currentStroke: '#612500',
  lastEdge: '#873800',
  refused: '#a8071a',
  labelBackground: '#ffffff',
} as const;

export function consoleSvg(layout: ConsoleLayout, kind: string, description: string): string {
  const p = `${kind}-console`;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-labelledby="${p}-title ${p}-desc" font-family="${attr(SANS_FAMILY)}" font-size="14" class="console-diagram" data-kind="${attr(kind)}">`,
  );
  out.push(`<title id="${p}-title">${text(layout.title.text)}</title>`);
  out.push(`<desc id="${p}-desc">${text(description)}</desc>`);
  out.push('<defs>');
  out.push(arrowMarker(`${p}-arrow`, COLOR.edge));
  out.push(arrowMarker(`${p}-arrow-lit`, COLOR.litEdge));
  if (layout.arrows.some((a) => a.last) || layout.legend.some((l) => l.kind === 'last')) out.push(arrowMarker(`${p}-arrow-last`, COLOR.lastEdge, 12));
  out.push('</defs>');
  out.push(`<rect x="0" y="0" width="${layout.width}" height="${layout.height}" fill="${COLOR.background}"/>`);
  const t = layout.title;
  out.push(`<text class="diagram-title" x="${n(t.box.x)}" y="${n(t.box.y + t.line.y)}" font-size="${t.line.size}" font-weight="bold" fill="${COLOR.ink}">${text(t.text)}</text>`);

  out.push('<g class="lanes">');
  for (const lane of layout.lanes) {
    if (!lane.framed) continue;
    out.push(`  <g class="lane" data-lane="${attr(lane.lane.id)}">`);
    out.push(`    <rect x="${n(lane.x)}" y="${n(lane.y)}" width="${n(lane.width)}" height="${n(lane.height)}" rx="10" ry="10" fill="none" stroke="${COLOR.frame}" stroke-width="1.2" stroke-dasharray="6 4"/>`);
    if (lane.title && lane.titleBox) {
      out.push(`    <text class="lane-title" x="${n(lane.titleBox.x + 4)}" y="${n(lane.titleBox.y + lane.title.y)}" font-size="${lane.title.size}" font-weight="bold" fill="${COLOR.muted}">${text(lane.title.text)}</text>`);
    }
    out.push('  </g>');
  }
  out.push('</g>');

  // Paths under everything they connect, labels above every path.
  out.push('<g class="arrows">');
  for (const arrow of layout.arrows) out.push(`  ${arrowPath(arrow, p)}`);
  out.push('</g>');

  out.push('<g class="states">');
  for (const start of layout.starts) {
    out.push(`  <circle class="start" data-lane="${attr(start.lane)}" cx="${n(start.x + start.width / 2)}" cy="${n(start.y + start.height / 2)}" r="6" fill="${COLOR.ink}"/>`);
  }
  for (const shape of layout.states) {
    const s = shape.state;
    const classes = ['console-state', s.final ? 'final' : 'plain-state'];
    if (shape.lit) classes.push('lit');
    if (shape.current) classes.push('current');
    const focus = shape.focus ? ' data-focus="true"' : '';
    out.push(`  <g id="${p}-${attr(idPart(s.id))}" class="${classes.join(' ')}" data-state="${attr(s.id)}" data-lane="${attr(s.lane)}"${focus} data-members="${attr(s.members.join(' '))}">`);
    if (s.final) {
      const cx = shape.x + shape.width / 2;
      const cy = shape.y + 13;
      const stroke = shape.current ? COLOR.currentStroke : shape.lit ? COLOR.litStroke : COLOR.ink;
      const fill = shape.current ? COLOR.currentFill : shape.lit ? COLOR.litFill : COLOR.background;
      out.push(`    <circle cx="${n(cx)}" cy="${n(cy)}" r="12" fill="${fill}" stroke="${stroke}" stroke-width="${shape.current ? 4 : shape.lit ? 2.8 : 1.6}"/>`);
      out.push(`    <circle cx="${n(cx)}" cy="${n(cy)}" r="7" fill="${stroke}"/>`);
      for (const line of shape.lines) out.push(`    ${textLine(line, cx, shape.y, 'middle', shape.current)}`);
    } else {
      const fill = shape.current ? COLOR.currentFill : shape.lit ? COLOR.litFill : COLOR.background;
      const stroke = shape.current ? COLOR.currentStroke : shape.lit ? COLOR.litStroke : COLOR.stroke;
      out.push(
        `    <rect class="state-box" x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.width)}" height="${n(shape.height)}" rx="9" ry="9" fill="${fill}" stroke="${stroke}" stroke-width="${shape.current ? 4.5 : shape.lit ? 2.8 : 1.4}"/>`,
      );
      if (shape.current) out.push(`    ${nowDot(shape)}`);
      for (const line of shape.lines) out.push(`    ${textLine(line, shape.x + shape.width / 2, shape.y, 'middle', shape.current)}`);
    }
    out.push('  </g>');
  }
  out.push('</g>');

  out.push('<g class="arrow-labels">');
  for (const arrow of layout.arrows) {
    if (!arrow.label) continue;
    const l = arrow.label;
    out.push(`  <g class="arrow-label${arrow.lit ? ' lit' : ''}${arrow.last ? ' last' : ''}${arrow.refused ? ' refused' : ''}" data-arrow="${attr(arrow.id)}">`);
    out.push(`    <rect x="${n(l.x)}" y="${n(l.y)}" width="${n(l.width)}" height="${n(l.height)}" rx="4" ry="4" fill="${COLOR.labelBackground}" fill-opacity="0.95" stroke="${arrow.refused ? COLOR.refused : '#cfd8dc'}" stroke-width="0.8"/>`);
    for (const line of l.lines) out.push(`    ${textLine(line, l.x + l.width / 2, l.y, 'middle')}`);
    out.push('  </g>');
  }
  out.push('</g>');

  if (layout.legend.length > 0) {
    out.push('<g class="legend">');
    for (const item of layout.legend) {
      const cy = item.y + item.height / 2;
      out.push(`  <g class="legend-item legend-${item.kind}">`);
      if (item.kind === 'current') {
        out.push(`    <rect x="${n(item.x)}" y="${n(cy - 8)}" width="30" height="16" rx="4" ry="4" fill="${COLOR.currentFill}" stroke="${COLOR.currentStroke}" stroke-width="3.5"/>`);
        out.push(`    <circle cx="${n(item.x + 9)}" cy="${n(cy)}" r="3.5" fill="${COLOR.currentStroke}"/>`);
      } else if (item.kind === 'last') {
        out.push(`    <path d="M ${n(item.x)} ${n(cy)} L ${n(item.x + 30)} ${n(cy)}" fill="none" stroke="${COLOR.lastEdge}" stroke-width="5" marker-end="url(#${p}-arrow-last)"/>`);
      } else if (item.kind === 'lit') {
        out.push(`    <rect x="${n(item.x)}" y="${n(cy - 8)}" width="30" height="16" rx="4" ry="4" fill="${COLOR.litFill}" stroke="${COLOR.litStroke}" stroke-width="2.4"/>`);
      } else if (item.kind === 'plain') {
        out.push(`    <rect x="${n(item.x)}" y="${n(cy - 8)}" width="30" height="16" rx="4" ry="4" fill="${COLOR.background}" stroke="${COLOR.stroke}" stroke-width="1.4"/>`);
      } else {
        out.push(`    <text x="${n(item.x + 15)}" y="${n(cy + 5)}" text-anchor="middle" font-size="16" font-weight="bold" fill="${COLOR.refused}">✕</text>`);
      }
      out.push(`    <text x="${n(item.x + 38)}" y="${n(cy + 5)}" font-size="14" fill="${COLOR.ink}">${text(item.text)}</text>`);
      out.push('  </g>');
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function arrowPath(arrow: ArrowShape, p: string): string {
  const classes = [arrow.kind === 'start' ? 'start-arrow' : 'arrow'];
  if (arrow.lit) classes.push('lit');
  if (arrow.last) classes.push('last');
  if (arrow.refused) classes.push('refused');
  const stroke = arrow.last ? COLOR.lastEdge : arrow.lit ? COLOR.litEdge : COLOR.edge;
  const width = arrow.last ? 5 : arrow.lit ? 3 : 1.5;
  const marker = arrow.last ? `${p}-arrow-last` : arrow.lit ? `${p}-arrow-lit` : `${p}-arrow`;
  return `<path class="${classes.join(' ')}" data-arrow="${attr(arrow.id)}" data-source="${attr(arrow.source)}" data-target="${attr(arrow.target)}" d="${pathData(arrow.points)}" fill="none" stroke="${stroke}" stroke-width="${width}" marker-end="url(#${marker})"/>`;
}

/** The dot before a current state's word (its first line). */
function nowDot(shape: StateShape): string {
  const title = shape.lines[0]!;
  const left = shape.x + shape.width / 2 - measureText(title.text, title.size, title.bold) / 2;
  return `<circle class="now-dot" cx="${n(Math.max(shape.x + 7, left - 9))}" cy="${n(shape.y + title.y - title.size * 0.35)}" r="4.5" fill="${COLOR.currentStroke}"/>`;
}

function textLine(line: TextLine, x: number, top: number, anchor: 'middle' | 'start', current = false): string {
  const color =
    line.role === 'refused'
      ? COLOR.refused
      : current && (line.role === 'title' || line.role === 'caption')
        ? COLOR.currentStroke
        : line.lit && (line.role === 'arrow' || line.role === 'title')
        ? COLOR.litText
        : line.role === 'mark' || line.role === 'loop' || line.role === 'caption'
          ? COLOR.muted
          : COLOR.ink;
  const weight = line.bold ? ' font-weight="bold"' : '';
  const classes = [`text-${line.role}`];
  if (line.lit) classes.push('lit');
  return `<text class="${classes.join(' ')}" x="${n(x)}" y="${n(top + line.y)}" text-anchor="${anchor}" font-size="${line.size}"${weight} fill="${color}">${text(line.text)}</text>`;
}

function arrowMarker(id: string, color: string, size = 9): string {
  return `<marker id="${attr(id)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="${size}" markerHeight="${size}" markerUnits="userSpaceOnUse" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="${color}"/></marker>`;
}

/** The curves `drawnPath(points, 'through')` flattens (so the overlap checks see what is drawn). */
function pathData(points: Point[]): string {
  const first = points[0];
  if (!first) return '';
  let d = `M ${n(first.x)} ${n(first.y)}`;
  if (points.length <= 2) {
    for (const q of points.slice(1)) d += ` L ${n(q.x)} ${n(q.y)}`;
    return d;
  }
  for (const { c1, c2, to } of cubics(points)) d += ` C ${n(c1.x)} ${n(c1.y)} ${n(c2.x)} ${n(c2.y)} ${n(to.x)} ${n(to.y)}`;
  return d;
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
