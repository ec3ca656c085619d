/** Diagrams of the statecharts, drawn offline from the machine definitions. */
export {
  toStatechartGraph,
  describeState,
  guardText,
  actionText,
  nodeById,
  type StatechartGraph,
  type StatechartNode,
  type StatechartNodeType,
  type StatechartEdge,
  type StatechartEdgeKind,
  type StatechartRefusal,
} from './graph.js';
export { toMermaid, type MermaidOptions } from './mermaid.js';
export {
  layoutStatechart,
  borderPoint,
  textWidth,
  TEXT,
  type StatechartLayout,
  type LayoutOptions,
  type StateBox,
  type EdgeRoute,
  type InitialMarker,
  type HeaderLine,
  type Point,
  type Rect,
} from './layout.js';
export { toSvg, type SvgOptions, type SvgTransition } from './svg.js';
