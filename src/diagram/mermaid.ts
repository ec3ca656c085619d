/**
 * Mermaid `stateDiagram-v2` text of a statechart graph: composite states, parallel regions
 * separated by `--`, `[*]` initial arrows, final states, transition labels and highlighting.
 *
 * What Mermaid (v11–12, dagre layout) does with the text, and why the export is shaped around it:
 *
 * - A state belongs to the block it was last mentioned in: every statement inside `state X { … }`
 *   that names a state, a transition included, makes it a child of `X`, but statements at the top
 *   level leave the parent alone. So the whole hierarchy is declared first and every transition
 *   after it at the top level; a transition between states of different composites then cannot
 *   pull a state out of its parent. Only the `[*]` arrows stay in their blocks, because `[*]`
 *   means the initial (or final) pseudo-state of the block it is written in.
 * - A targetless transition (a refusal, an `allow`, an assign) neither exits nor enters its state,
 *   and an arrow from a state to itself says it does both; such transitions are listed inside their
 *   state instead, one line each, as UML lists internal transitions (`EVENT [guard] / action`). A
 *   leaf state gets them as description lines (`X : …`), drawn under its name in its own box. A
 *   composite may not have descriptions (Mermaid throws) and a `note` is no help: Mermaid wraps
 *   the note in a group of its own at the top level, outside the composite's parent. So they
 *   become further lines of the composite's title. A re-entering transition (`reenter: true`) does
 *   exit and enter again, and stays an arrow to itself.
 * - `classDef` is declared only when a `class` statement uses it.
 */
import { nodeById, type StatechartEdge, type StatechartGraph, type StatechartNode } from './graph.js';

export interface MermaidOptions {
  /**
   * Ids of the active states, ancestors included, as `activeStateIds` gives them (the same list
   * `toSvg` takes). The innermost ones get the `active` class; their ancestors `activeParent`,
   * an outline only, so that a lit parallel root does not paint every region over.
   */
  highlight?: string[];
  /** Layout direction of the top level; Mermaid's default (top to bottom) when omitted. */
  direction?: 'TB' | 'LR' | 'BT' | 'RL';
}

/** The classes of highlighted states, and their styles. */
export const MERMAID_CLASSES = {
  active: 'fill:#fff1b8,stroke:#d48806,stroke-width:3px,color:#1f1f1f,font-weight:bold',
  activeParent: 'stroke:#d48806,stroke-width:2px',
} as const;

/** Returns the Mermaid source of `graph`. */
export function toMermaid(graph: StatechartGraph, options: MermaidOptions = {}): string {
  const nodes = nodeById(graph);
  const ids = mermaidStateIds(graph);
  const mid = (id: string): string => ids.get(id) ?? sanitize(id);

  // Targetless transitions are listed in their state; the others are arrows, merged per
  // (source, target) pair so that parallel transitions show one arrow with a line each.
  const internal = new Map<string, StatechartEdge[]>();
  const arrows = new Map<string, StatechartEdge[]>();
  for (const edge of graph.edges) {
    if (edge.targetless) push(internal, edge.source, edge);
    else push(arrows, `${edge.source}\u0000${edge.target}`, edge);
  }
  /** The lines listed inside a state: its rules, then its internal transitions. */
  const inside = (node: StatechartNode): string[] => [
    ...(node.rules.length > 0 ? [`rules ${node.rules.join(' ')}`] : []),
    ...(internal.get(node.id) ?? []).map((edge) => edge.label),
  ];

  const lines: string[] = ['stateDiagram-v2'];
  if (options.direction) lines.push(`  direction ${options.direction}`);

  const emit = (node: StatechartNode, indent: string): void => {
    const id = mid(node.id);
    const title = escapeName(stateTitle(node));
    if (node.children.length === 0) {
      lines.push(`${indent}state "${title}" as ${id}`);
      for (const line of inside(node)) lines.push(`${indent}${id} : ${escapeLabel(line)}`);
      return;
    }
    // Mermaid's composite titles take `<br/>`: the lines a leaf would have as descriptions.
    const heading = [title, ...inside(node).map(escapeLabel)].join('<br/>');
    lines.push(`${indent}state "${heading}" as ${id} {`);
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
    }
    lines.push(`${indent}}`);
  };

  const root = nodes.get(graph.root);
  if (root) {
    lines.push(`  [*] --> ${mid(root.id)}`);
    emit(root, '  ');
  }
  // Every transition at the top level, after every state is declared (see the module comment).
  for (const edges of arrows.values()) {
    const first = edges[0];
    if (!first) continue;
    const label = edges.map((e) => escapeLabel(e.label)).join('<br/>');
    lines.push(`  ${mid(first.source)} --> ${mid(first.target)} : ${label}`);
  }

  const lit = new Set((options.highlight ?? []).filter((id) => nodes.has(id)));
  const innermost = [...lit].filter((id) => !(nodes.get(id)?.children ?? []).some((child) => lit.has(child)));
  const outer = [...lit].filter((id) => !innermost.includes(id));
  for (const [name, ids] of [['active', innermost], ['activeParent', outer]] as const) {
    if (ids.length === 0) continue;
    lines.push(`  classDef ${name} ${MERMAID_CLASSES[name]}`);
    lines.push(`  class ${ids.map(mid).join(',')} ${name}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The Mermaid id of every state: its XState id with the characters Mermaid's grammar would read
 * replaced, unique in the chart, and never ending in `_start` or `_end`, which Mermaid gives the
 * `[*]` pseudo-states of the block `<id>`.
 */
export function mermaidStateIds(graph: StatechartGraph): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const node of graph.nodes) {
    let base = sanitize(node.id);
    if (/_(start|end)$/.test(base)) base = `${base}_state`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    out.set(node.id, id);
  }
  return out;
}

/**
 * The title of a state: its key, then its API status and console label (and marks), each only
 * when it says something the words before it do not: `ACTIVE · Running`, `creating · protecting`,
 * but `available` for a state whose status and label are both "available".
 */
export function stateTitle(node: StatechartNode): string {
  const parts = [node.key];
  const said = new Set([plain(node.key)]);
  const names = [node.status, node.label].filter((name): name is string => name !== null);
  for (const name of names) {
    if (said.has(plain(name))) continue;
    said.add(plain(name));
    parts.push(name);
  }
  for (const mark of Object.values(node.metaExtra)) parts.push(`“${mark}”`);
  return parts.join(' · ');
}

/** A name as compared for repetition: `inUse`, `in-use` and `In-use` are one name. */
function plain(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
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
