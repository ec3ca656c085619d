/** Diagrams of the statecharts, drawn offline from the machine definitions. */
export {
  toStatechartGraph,
  edgeIdsByTransition,
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
  type ConsoleMeta,
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
export { toSvg, type SvgOptions, type SvgTransition, type SvgVerdicts } from './svg.js';
export {
  toConsoleDiagram,
  type ConsoleDiagram,
  type ConsoleDiagramOptions,
  type ConsoleBox,
  type ConsolePath,
  type MetRefusal,
  type TakenTransition,
} from './console.js';
export { toConsoleModel, type ConsoleModel, type ConsoleState, type ConsoleArrow, type ConsoleLane, type ConsoleLine } from './console-model.js';
export {
  EVENT_WORDS,
  GUARD_WORDS,
  REFUSAL_WORDS,
  eventWords,
  guardWords,
  refusalWords,
  delayWords,
  aboutDuration,
  type DelayContext,
} from './console-words.js';
export { runPaths, resourcePath, stateIds, type RunPath, type ResourcePath } from './console-run.js';
export { ConsoleCache } from './console-cache.js';
// The PNG renderer (./png.js) loads resvg's native module: import it from there when needed.
