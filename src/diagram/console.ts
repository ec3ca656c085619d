/**
 * Console-level diagrams: a resource's statuses as a console user sees them, for a user guide.
 *
 *   toConsoleDiagram('backup', backupMachine, {
 *     visitedStates: ['backup.lifecycle.creating.snapshot', 'backup.lifecycle.creating.imageCreatable', …],
 *     takenTransitions: [{ source: 'backup.lifecycle.creating.snapshot', event: 'after snapshotPhase' }, …],
 *     refusals: [{ state: 'backup.lifecycle.available', event: 'DELETE', code: 'BackupService.6204' }],
 *   })
 *
 * The states, words and arrows come from the machine (console-model.ts, console-words.ts); the
 * walkthrough's path is lit (states and the arrows and lines it took), the refusals it met are
 * marked on their arrows (or inside their state when no arrow of that command leaves it), and a
 * legend says so. Input ids are the engineering chart's: what a run visited can be passed as is.
 *
 * The teaching view of one live resource passes `currentStates` too (`resourcePath` in
 * console-run.ts reads all of it from the journal): the states it is in now are marked `current`,
 * the arrow of its last step `last`, the current state of the lane that changed last `data-focus`,
 * and the legend, always drawn, says what each style means in a trainer's words. Its layout does
 * not move as the resource goes along (console-layout.ts), so a `cache` can keep it: the server
 * answers most requests without laying anything out.
 */
import type { AnyStateMachine } from 'xstate';
import type { ResourceKind } from '../sim/records.js';
import type { ConsoleCache } from './console-cache.js';
import { refusalsOnly, resolveHighlight, type Highlight, type HighlightInput, type PlacedRefusal } from './console-highlight.js';
import { layoutConsole, relightConsole, type ArrowShape, type ConsoleLayout } from './console-layout.js';
import { toConsoleModel, type ConsoleModel } from './console-model.js';
import { consoleSvg } from './console-svg.js';
import type { DelayContext } from './console-words.js';
import { drawnPath, type Point, type Rect } from './geometry.js';

export type { MetRefusal, TakenTransition } from './console-highlight.js';

export interface ConsoleDiagramOptions extends HighlightInput, DelayContext {
  /** The figure's title; "<Kind> statuses in the <service> console" when omitted. */
  title?: string;
  /** `row`: lanes side by side, whatever the width (a live view that centres on its current states); `auto` by default. */
  lanes?: 'auto' | 'row';
  /** Keeps models and live views' layouts between calls (a server's: see console-cache.ts). */
  cache?: ConsoleCache;
}

/** A rectangle a reader sees, in SVG pixels: what it is, and its text. */
export interface ConsoleBox extends Rect {
  kind: 'title' | 'lane' | 'lane-title' | 'state' | 'start' | 'label' | 'legend';
  /** The console state id (states), the arrow id (labels), the lane id (lanes), or the text. */
  id: string;
  text: string[];
  lit: boolean;
  refused: boolean;
  /** A state the resource is in now. */
  current: boolean;
}

/** A path a reader sees: an arrow of the layout, its polyline as drawn (curves flattened). */
export type ConsolePath = Omit<ArrowShape, 'label'>;

export interface ConsoleDiagram {
  svg: string;
  width: number;
  height: number;
  title: string;
  /** What the figure shows in a few sentences: its `<desc>`, and alt text for a page. */
  description: string;
  boxes: ConsoleBox[];
  paths: ConsolePath[];
  /** The console states and arrows lit, by id. */
  lit: { states: string[]; arrows: string[] };
  /** The console states the resource is in now (a live view; [] otherwise). */
  current: string[];
  /** The current state a page centres on: of the lane whose state changed last. */
  focus: string | null;
  /** The arrow of the last step (its id; `start:<lane>` for a lane's start), or null. */
  last: string | null;
  refusals: PlacedRefusal[];
  /** Input that names nothing the diagram shows (unknown ids, transitions inside one console state). */
  unplaced: string[];
}

const SERVICE: Record<ResourceKind, string> = {
  backup: 'Backup statuses in the CBR console',
  image: 'Image statuses in the IMS console',
  server: 'ECS statuses in the console',
  disk: 'EVS disk statuses in the console',
  vault: 'A CBR vault in the console',
  policy: 'A backup policy in the CBR console',
  job: 'An IMS, ECS or EVS job, as its API reports it',
  site: 'An on-premises site with eBackup',
  vm: 'A VMware VM on premises',
  localCopy: 'An eBackup local backup copy, on premises',
};

/** The console diagram of a resource of `kind`, drawn from `machine`, with a walkthrough's path lit. */
export function toConsoleDiagram(kind: ResourceKind, machine: AnyStateMachine, options: ConsoleDiagramOptions = {}): ConsoleDiagram {
  const delays = { timings: options.timings, sizeGB: options.sizeGB, imageFrom: options.imageFrom };
  const model = options.cache ? options.cache.model(kind, machine, delays, () => toConsoleModel(kind, machine, options)) : toConsoleModel(kind, machine, options);
  const highlight = resolveHighlight(model, options);
  const title = options.title ?? SERVICE[kind];
  const live = options.currentStates !== undefined;
  const lanes = options.lanes ?? 'auto';
  let layout: ConsoleLayout;
  if (live) {
    // Laid out for the refusals alone, every arrow line measured bold: lighting moves nothing.
    const lay = (): ConsoleLayout => layoutConsole(model, refusalsOnly(highlight), title, 'live', { measureBold: true, lanes });
    layout = relightConsole(options.cache ? options.cache.layout(model, layoutKey(title, lanes, highlight.refusals), lay) : lay(), highlight);
  } else {
    const showLegend = highlight.states.size > 0 || highlight.arrows.size > 0 || highlight.refusals.length > 0;
    const lay = (): ConsoleLayout => layoutConsole(model, highlight, title, showLegend ? 'walkthrough' : null, { lanes });
    // A walkthrough's layout depends on all it lights: kept only when it lights nothing (a plain diagram).
    layout = relightConsole(options.cache && !showLegend ? options.cache.layout(model, JSON.stringify(['plain', title, lanes]), lay) : lay(), highlight);
  }
  const description = describe(model, highlight, title, live);
  const last = highlight.last === null ? null : 'arrow' in highlight.last ? highlight.last.arrow : `start:${highlight.last.start.slice(0, highlight.last.start.indexOf('>'))}`;
  return {
    svg: consoleSvg(layout, kind, description),
    width: layout.width,
    height: layout.height,
    title,
    description,
    boxes: boxesOf(layout),
    paths: layout.arrows.map((a) => ({ id: a.id, kind: a.kind, source: a.source, target: a.target, points: drawnPath(a.points, 'through'), lit: a.lit, last: a.last, refused: a.refused })),
    lit: { states: [...highlight.states], arrows: [...highlight.arrows] },
    current: [...highlight.current],
    focus: highlight.focus,
    last,
    refusals: highlight.refusals,
    unplaced: highlight.unplaced,
  };
}

/** What a live view's layout depends on besides its model: the title, the lanes' arrangement, the refusals placed (in order). */
function layoutKey(title: string, lanes: string, refusals: readonly PlacedRefusal[]): string {
  return JSON.stringify(['live', title, lanes, refusals.map((r) => [r.state, r.arrow, r.code, r.command, r.words])]);
}

function boxesOf(layout: ConsoleLayout): ConsoleBox[] {
  const box = (kind: ConsoleBox['kind'], id: string, r: Rect, text: string[], lit = false, refused = false, current = false): ConsoleBox => ({
    kind,
    id,
    x: r.x,
    y: r.y,
    width: r.width,
    height: r.height,
    text,
    lit,
    refused,
    current,
  });
  const out: ConsoleBox[] = [box('title', layout.title.text, layout.title.box, [layout.title.text])];
  for (const lane of layout.lanes) {
    if (lane.framed) out.push(box('lane', lane.lane.id, lane, []));
    if (lane.title && lane.titleBox) out.push(box('lane-title', lane.lane.id, lane.titleBox, [lane.title.text]));
  }
  for (const s of layout.states) out.push(box('state', s.state.id, s, s.lines.map((l) => l.text), s.lit, s.lines.some((l) => l.role === 'refused'), s.current));
  for (const s of layout.starts) out.push(box('start', s.lane, s, []));
  for (const a of layout.arrows) if (a.label) out.push(box('label', a.id, a.label, a.label.lines.map((l) => l.text), a.lit, a.refused));
  for (const item of layout.legend) out.push(box('legend', item.kind, item, [item.text]));
  return out;
}

/** The alt text: the states, then what the walkthrough (or the resource) did and met, and where it is now. */
function describe(model: ConsoleModel, highlight: Highlight, title: string, live: boolean): string {
  const states = new Map(model.lanes.flatMap((l) => l.states).map((s) => [s.id, s]));
  const name = (id: string): string => {
    const state = states.get(id);
    if (!state) return id;
    return state.mark ? `${state.title} (${state.mark})` : state.title;
  };
  const parts = [`${title}.`];
  for (const lane of model.lanes) {
    const states = lane.states.map((s) => name(s.id)).join(', ');
    parts.push(lane.title ? `${lane.title}: ${states}.` : `States: ${states}.`);
  }
  const arrows = model.arrows.map((a) => `${name(a.source)} to ${name(a.target)}: ${a.lines.map((l) => l.text).join('; ')}`);
  parts.push(`Arrows: ${arrows.join('. ')}.`);
  if (live && highlight.current.size > 0) parts.push(`Now: ${[...highlight.current].map(name).join(', ')}.`);
  if (highlight.states.size > 0) {
    parts.push(`${live ? 'So far' : 'Lit, this walkthrough'}: ${[...highlight.states].map(name).join(', ')}.`);
    const taken = model.arrows.filter((a) => highlight.arrows.has(a.id)).map((a) => `${name(a.source)} to ${name(a.target)}`);
    if (taken.length > 0) parts.push(`It went ${taken.join(', ')}.`);
    const last = highlight.last && 'arrow' in highlight.last ? model.arrows.find((a) => a.id === (highlight.last as { arrow: string }).arrow) : undefined;
    if (live && last) parts.push(`Last step: ${name(last.source)} to ${name(last.target)}.`);
  }
  for (const r of highlight.refusals) parts.push(`Refused: ${r.command} while ${name(r.state)}, ${r.words} (${r.code}).`);
  return parts.join(' ');
}
