/**
 * Mermaid `stateDiagram-v2` text of a statechart graph: composite states, parallel regions
 * separated by `--`, `[*]` initial arrows, final states, edge labels and `classDef` highlighting.
 *
 * Mermaid cannot draw every cross-hierarchy transition well; each transition is declared in the
 * block of the lowest state that contains both its ends, which is what its parser expects.
 */
import { ancestry, describeState, nodeById, type StatechartEdge, type StatechartGraph, type StatechartNode } from './graph.js';

export interface MermaidOptions {
  /** State ids to draw with the `active` class. */
  highlight?: string[];
  /** Layout direction of the top level; Mermaid's default (top to bottom) when omitted. */
  direction?: 'TB' | 'LR' | 'BT' | 'RL';
}

const ACTIVE_CLASS = 'classDef active fill:#fff1b8,stroke:#d48806,stroke-width:3px,color:#1f1f1f,font-weight:bold';

/** Returns the Mermaid source of `graph`. */
export function toMermaid(graph: StatechartGraph, options: MermaidOptions = {}): string {
  const nodes = nodeById(graph);
  const ids = mermaidIds(graph.nodes);
  const mid = (id: string): string => ids.get(id) ?? sanitize(id);

  // Transitions grouped by the block they are declared in (`null` = top level), then merged per
  // (source, target) pair so that parallel edges and self-loops show one multi-line label.
  const byContainer = new Map<string | null, Map<string, StatechartEdge[]>>();
  for (const edge of graph.edges) {
    const container = edgeContainer(edge, nodes);
    let pairs = byContainer.get(container);
    if (!pairs) byContainer.set(container, (pairs = new Map()));
    const pairKey = `${edge.source}\u0000${edge.target}`;
    const list = pairs.get(pairKey);
    if (list) list.push(edge);
    else pairs.set(pairKey, [edge]);
  }

  const lines: string[] = ['stateDiagram-v2'];
  if (options.direction) lines.push(`  direction ${options.direction}`);
  lines.push(`  ${ACTIVE_CLASS}`);

  const relations = (container: string | null, indent: string): void => {
    const pairs = byContainer.get(container);
    if (!pairs) return;
    for (const edges of pairs.values()) {
      const first = edges[0];
      if (!first) continue;
      const label = edges.map((e) => escapeLabel(e.label)).join('<br/>');
      lines.push(`${indent}${mid(first.source)} --> ${mid(first.target)} : ${label}`);
    }
  };

  const emit = (node: StatechartNode, indent: string): void => {
    const id = mid(node.id);
    const title = escapeName(stateTitle(node, node.children.length > 0));
    if (node.children.length === 0) {
      lines.push(`${indent}state "${title}" as ${id}`);
      const description = describeState(node);
      if (description) lines.push(`${indent}${id} : ${escapeLabel(description)}`);
      return;
    }
    lines.push(`${indent}state "${title}" as ${id} {`);
    const inner = `${indent}  `;
    if (node.type === 'parallel') {
      node.children.forEach((childId, i) => {
        const child = nodes.get(childId);
        if (!child) return;
        if (i > 0) lines.push(`${inner}--`);
        emit(child, inner);
      });
    } else {
      if (node.initial) lines.push(`${inner}[*] --> ${mid(node.initial)}`);
      for (const childId of node.children) {
        const child = nodes.get(childId);
        if (child) emit(child, inner);
      }
      for (const childId of node.children) {
        const child = nodes.get(childId);
        if (child?.type === 'final') lines.push(`${inner}${mid(child.id)} --> [*]`);
      }
      relations(node.id, inner);
    }
    lines.push(`${indent}}`);
  };

  const root = nodes.get(graph.root);
  if (root) {
    lines.push(`  [*] --> ${mid(root.id)}`);
    emit(root, '  ');
  }
  relations(null, '  ');

  const highlight = (options.highlight ?? []).filter((id) => nodes.has(id)).map(mid);
  if (highlight.length > 0) lines.push(`  class ${highlight.join(',')} active`);
  return `${lines.join('\n')}\n`;
}

/**
 * The id of the block a transition is declared in: the lowest state containing both ends, one
 * level up when an end is that state itself, and above a parallel state (Mermaid has no place for
 * a transition between regions). `null` is the top level.
 */
function edgeContainer(edge: StatechartEdge, nodes: Map<string, StatechartNode>): string | null {
  const chain = (id: string): string[] => ancestry(id, nodes);
  const a = chain(edge.source);
  const b = chain(edge.target);
  let common: string | null = null;
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) common = a[i] ?? null;
  if (common === null) return null;
  let container: string | null = common === edge.source || common === edge.target ? (nodes.get(common)?.parent ?? null) : common;
  while (container !== null && nodes.get(container)?.type === 'parallel') container = nodes.get(container)?.parent ?? null;
  return container;
}

/** The title of a state: its key, and for a composite its status and label. */
function stateTitle(node: StatechartNode, composite: boolean): string {
  if (!composite) return node.key;
  const description = describeState(node);
  return description ? `${node.key} · ${description}` : node.key;
}

function mermaidIds(nodes: StatechartNode[]): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const node of nodes) {
    const base = sanitize(node.id);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    out.set(node.id, id);
  }
  return out;
}

function sanitize(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(clean) ? clean : `s_${clean}`;
}

/** Mermaid entity codes for the characters its state grammar would read. */
const ENTITIES: Record<string, string> = {
  '#': '#35;',
  ';': '#59;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '{': '#123;',
  '}': '#125;',
  '"': '#quot;',
};

function escapeLabel(text: string): string {
  return text.replace(/[#;&<>{}]/g, (c) => ENTITIES[c] ?? c).replace(/\n/g, ' ');
}

function escapeName(text: string): string {
  return text.replace(/[#;&<>{}"]/g, (c) => ENTITIES[c] ?? c).replace(/\n/g, ' ');
}
