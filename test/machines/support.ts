/**
 * Shared helpers for the unit tests of the pure statecharts (`machines/`).
 *
 * Everything here uses XState's pure API (`transition`, `getInitialSnapshot`): no actor is started,
 * no timer runs. A delayed transition is fired by sending its synthetic `xstate.after.<delay>.<id>`
 * event, built by `timer()` which checks that the state node really declares that delay.
 *
 * A transition table is an array of rows `[from, snapshot, event, outcome]`; `runTable` turns each
 * row into one `it(...)` whose name reads as a sentence, and `declaredRefusals` lists every
 * `refuse(...)` a chart declares so a test can prove the table covers all of them.
 */
import { expect, it } from 'vitest';
import {
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type EventFromLogic,
  type SnapshotFrom,
  type StateValue,
} from 'xstate';
import type { RefuseParams } from '../../machines/refusal.js';

/** The synthetic event XState raises when an `after` delay of a state node elapses. */
export interface TimerEvent {
  type: `xstate.after.${string}`;
}

/** An action as `transition()` returns it, reduced to what tests compare. */
export interface SeenAction {
  type: string;
  params?: unknown;
}

export interface Response<M extends AnyStateMachine> {
  before: SnapshotFrom<M>;
  snapshot: SnapshotFrom<M>;
  /** The actions of the step, in order, without the bookkeeping of `after` timers. */
  actions: SeenAction[];
  /** Every action, including `xstate.raise` / `xstate.cancel` of `after` timers. */
  allActions: SeenAction[];
  /** The params of the first `refuse` action, if the chart refused the event. */
  refusal: RefuseParams | undefined;
  /** Whether the state value changed. */
  moved: boolean;
}

const snap = (s: unknown) => s as AnyMachineSnapshot;

function isTimerBookkeeping(action: SeenAction): boolean {
  if (action.type !== 'xstate.raise' && action.type !== 'xstate.cancel') return false;
  const params = action.params as { id?: unknown; sendId?: unknown } | undefined;
  const id = params?.id ?? params?.sendId;
  return typeof id === 'string' && id.startsWith('xstate.after.');
}

/** Asks `machine` what it does with `event` in `snapshot` (XState's pure `transition`). */
export function respond<M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotFrom<M>,
  event: EventFromLogic<M> | TimerEvent,
): Response<M> {
  const [next, executable] = transition(machine, snapshot, event as EventFromLogic<M>);
  const allActions: SeenAction[] = (executable as unknown as Array<{ type: string; params?: unknown }>).map((a) =>
    a.params === undefined ? { type: a.type } : { type: a.type, params: a.params },
  );
  const refuse = allActions.find((a) => a.type === 'refuse');
  return {
    before: snapshot,
    snapshot: next,
    actions: allActions.filter((a) => !isTimerBookkeeping(a)),
    allActions,
    refusal: refuse?.params as RefuseParams | undefined,
    moved: JSON.stringify(snap(next).value) !== JSON.stringify(snap(snapshot).value),
  };
}

/**
 * The event that fires the `after` delay `delay` of the state node `stateNodeId` (for example
 * `timer(backupMachine, 'snapshotPhase', 'backup.lifecycle.creating.snapshot')`). Throws when the
 * node has no such delay, so a typo cannot make a row pass by being ignored.
 */
export function timer<M extends AnyStateMachine>(machine: M, delay: string, stateNodeId: string): TimerEvent {
  const type = `xstate.after.${delay}.${stateNodeId}` as const;
  const node: AnyStateNode = machine.getStateNodeById(stateNodeId);
  if (!node.after.some((t) => t.eventType === type)) {
    throw new Error(`${stateNodeId} declares no after-delay named ${delay}`);
  }
  return { type };
}

/** Applies `events` in order; a refusal on the way is a broken fixture, so it throws. */
export function drive<M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotFrom<M>,
  ...events: Array<EventFromLogic<M> | TimerEvent>
): SnapshotFrom<M> {
  let current = snapshot;
  for (const event of events) {
    const r = respond(machine, current, event);
    if (r.refusal) throw new Error(`fixture: ${(event as { type: string }).type} was refused with ${r.refusal.code} in ${JSON.stringify(snap(current).value)}`);
    current = r.snapshot;
  }
  return current;
}

function dotted(value: StateValue): string {
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const key = keys[0]!;
    const child = value[key];
    return child === undefined ? key : `${key}.${dotted(child)}`;
  }
  return JSON.stringify(value);
}

/**
 * The active state of `region` (or of the whole chart) as a dotted path: `creating.snapshot`,
 * `enabled.scheduled`.
 */
export function at(snapshot: unknown, region?: string): string {
  const value = snap(snapshot).value;
  if (region === undefined) return dotted(value);
  if (typeof value === 'string') throw new Error(`the chart has no region ${region}`);
  const child = value[region];
  if (child === undefined) throw new Error(`the chart has no region ${region}`);
  return dotted(child);
}

// --- outcomes of a table row ---------------------------------------------------------------------

export type Outcome =
  /** The region under test moves to this dotted path; nothing is refused. */
  | { kind: 'moves'; to: string }
  /** The chart refuses with exactly these params; the state value and context stay as they were. */
  | { kind: 'refused'; params: RefuseParams }
  /** The event is not handled at all: same value, same context, no action. */
  | { kind: 'ignored' }
  /** The event is accepted without changing the state value, with exactly these actions. */
  | { kind: 'stays'; actions: SeenAction[] };

export const moves = (to: string): Outcome => ({ kind: 'moves', to });
export const refused = (code: RefuseParams['code'], rule?: string): Outcome => ({
  kind: 'refused',
  params: rule === undefined ? { code } : { code, rule },
});
export const ignored: Outcome = { kind: 'ignored' };
export const stays = (...actions: SeenAction[]): Outcome => ({ kind: 'stays', actions });
/** Accepted without a state change: the chart's `allow` action (so `can()` sees it). */
export const allowed: Outcome = stays({ type: 'allow' });

export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'moves':
      return `moves to ${outcome.to}`;
    case 'refused':
      return `is refused with ${outcome.params.code}${outcome.params.rule ? ` (${outcome.params.rule})` : ''}`;
    case 'ignored':
      return 'is ignored (no transition, no action)';
    case 'stays':
      if (outcome.actions.length === 1 && outcome.actions[0]!.type === 'allow') return 'is accepted without a state change (allow)';
      return outcome.actions.length === 0
        ? 'is accepted without a state change'
        : `stays and runs ${outcome.actions.map((a) => (a.params === undefined ? a.type : `${a.type} ${JSON.stringify(a.params)}`)).join(', ')}`;
  }
}

function describeEvent(event: { type: string }): string {
  if (event.type.startsWith('xstate.after.')) {
    const [, , delay, , ...node] = event.type.split('.');
    return `the ${delay} delay of ${node.join('.')} elapses`;
  }
  const { type, ...payload } = event as Record<string, unknown> & { type: string };
  const shown = Object.entries(payload)
    .map(([k, v]) => {
      if ((k === 'now' || k === 'at') && typeof v === 'number') return `${k}=${new Date(v).toISOString().slice(0, 16)}Z`;
      return `${k}=${Array.isArray(v) && v.length > 3 ? `[${v.length} items]` : JSON.stringify(v)}`;
    })
    .join(' ');
  return shown ? `${type} (${shown})` : type;
}

/** Checks one response against an outcome (the region is the one whose state `moves` names). */
export function expectOutcome<M extends AnyStateMachine>(r: Response<M>, outcome: Outcome, region?: string): void {
  const before = snap(r.before);
  const after = snap(r.snapshot);
  switch (outcome.kind) {
    case 'moves':
      expect(r.refusal).toBeUndefined();
      expect(at(after, region)).toBe(outcome.to);
      break;
    case 'refused':
      expect(r.refusal).toEqual(outcome.params);
      expect(r.actions).toEqual([{ type: 'refuse', params: outcome.params }]);
      expect(after.value).toEqual(before.value);
      expect(after.context).toEqual(before.context);
      break;
    case 'ignored':
      expect(r.allActions).toEqual([]);
      expect(after.value).toEqual(before.value);
      expect(after.context).toEqual(before.context);
      break;
    case 'stays':
      expect(r.refusal).toBeUndefined();
      expect(after.value).toEqual(before.value);
      expect(r.actions).toEqual(outcome.actions);
      break;
  }
}

export type Row<M extends AnyStateMachine> = readonly [from: string, snapshot: SnapshotFrom<M>, event: EventFromLogic<M> | TimerEvent, outcome: Outcome];

/** One `it` per row: "<from>: <EVENT> <outcome>". Returns the refusals the rows expect. */
export function runTable<M extends AnyStateMachine>(machine: M, rows: ReadonlyArray<Row<M>>, region?: string): Set<string> {
  const expected = new Set<string>();
  for (const [from, snapshot, event, outcome] of rows) {
    if (outcome.kind === 'refused') expected.add(refusalKey((event as { type: string }).type, outcome.params));
    it(`${from}: ${describeEvent(event as { type: string })} ${describeOutcome(outcome)}`, () => {
      expectOutcome(respond(machine, snapshot, event), outcome, region);
    });
  }
  return expected;
}

// --- what a chart declares -----------------------------------------------------------------------

export function refusalKey(eventType: string, params: RefuseParams): string {
  return `${eventType} → ${params.code}${params.rule ? ` (${params.rule})` : ''}`;
}

export function stateNodes(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (node: AnyStateNode) => {
    out.push(node);
    for (const child of Object.values(node.states)) walk(child as AnyStateNode);
  };
  walk(machine.root);
  return out;
}

/** The type of an action as written in a chart: a name, `{ type }`, or a built-in action creator. */
export function actionType(action: unknown): string {
  if (typeof action === 'string') return action;
  if (action && (typeof action === 'object' || typeof action === 'function') && 'type' in action) {
    return String((action as { type: unknown }).type);
  }
  return typeof action === 'function' ? `inline:${(action as { name?: string }).name ?? '?'}` : String(action);
}

/** Every `refuse(code, rule)` the chart declares, as "EVENT → code (rule)". */
export function declaredRefusals(machine: AnyStateMachine): Set<string> {
  const out = new Set<string>();
  for (const node of stateNodes(machine)) {
    for (const [eventType, transitions] of node.transitions) {
      for (const t of transitions) {
        for (const action of t.actions) {
          if (actionType(action) === 'refuse') out.add(refusalKey(eventType, (action as { params: RefuseParams }).params));
        }
      }
    }
  }
  return out;
}

/** Every action type anywhere in the chart: entry, exit, transitions (including `always`). */
/**
 * The test each chart's refusal table ends with: every refusal the chart declares (every
 * `refuse()` call, with its code and rule) has a row among `covered` (what `runTable` returned).
 */
export function itHasARowForEveryDeclaredRefusal(machine: AnyStateMachine, covered: ReadonlySet<string>): void {
  it('has a table row for every refusal the chart declares (every refuse() call, with its code and rule)', () => {
    const declared = [...declaredRefusals(machine)].sort();
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((k) => !covered.has(k))).toEqual([]);
  });
}

export function declaredActionTypes(machine: AnyStateMachine): Set<string> {
  const out = new Set<string>();
  for (const node of stateNodes(machine)) {
    for (const a of [...node.entry, ...node.exit]) out.add(actionType(a));
    const transitions = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const t of transitions) for (const a of t.actions) out.add(actionType(a));
  }
  return out;
}

/** Every transition target of the chart, as state node ids. */
export function declaredTargets(machine: AnyStateMachine): Array<{ source: string; event: string; target: AnyStateNode }> {
  const out: Array<{ source: string; event: string; target: AnyStateNode }> = [];
  for (const node of stateNodes(machine)) {
    const transitions = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const t of transitions) for (const target of t.target ?? []) out.push({ source: node.id, event: t.eventType, target });
  }
  return out;
}

/**
 * Everything in the chart that could reach outside it: an invoked or spawned actor, an action that
 * sends, emits, forwards or raises anything but its own `after` timers, a named action whose
 * implementation is not `assign` or a plain (no-op) function, or a target that is not one of its
 * own state nodes. A chart that only changes itself returns `[]`.
 */
export function outwardReach(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const impls = (machine.implementations.actions ?? {}) as Record<string, unknown>;
  const own = new Set(stateNodes(machine));
  const check = (where: string, action: unknown) => {
    const type = actionType(action);
    if (type === 'xstate.raise') {
      const event = (action as { event?: unknown }).event;
      const raised = event && typeof event === 'object' ? (event as { type?: unknown }).type : undefined;
      if (typeof raised !== 'string' || !raised.startsWith('xstate.after.')) out.push(`${where}: raises ${String(raised)}`);
      return;
    }
    if (type === 'xstate.cancel') {
      const id = (action as { sendId?: unknown }).sendId;
      if (typeof id !== 'string' || !id.startsWith('xstate.after.')) out.push(`${where}: cancels ${String(id)}`);
      return;
    }
    if (type.startsWith('xstate.')) return void out.push(`${where}: built-in action ${type}`);
    if (!(type in impls)) return void out.push(`${where}: action ${type} has no implementation in setup()`);
    const impl = actionType(impls[type]);
    if (impl !== 'xstate.assign' && !impl.startsWith('inline:')) out.push(`${where}: action ${type} is ${impl}`);
  };
  for (const node of stateNodes(machine)) {
    if (node.invoke.length > 0) out.push(`${node.id}: invokes ${node.invoke.length} actor(s)`);
    for (const a of node.entry) check(`${node.id} entry`, a);
    for (const a of node.exit) check(`${node.id} exit`, a);
    const transitions = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const t of transitions) {
      const where = `${node.id} on ${t.eventType || '(always)'}`;
      for (const a of t.actions) check(where, a);
      for (const target of t.target ?? []) if (!own.has(target)) out.push(`${where}: targets ${target.id} outside the chart`);
    }
  }
  return out;
}

/** The state nodes whose `meta` names a status, with the `{ status, label }` they declare. */
export function statusNodes(machine: AnyStateMachine): Array<{ id: string; status: string; label: string }> {
  return stateNodes(machine)
    .map((n) => ({ id: n.id, meta: n.meta as { status?: string; label?: string } | undefined }))
    .filter((n) => n.meta?.status !== undefined && n.meta.label !== undefined)
    .map((n) => ({ id: n.id, status: n.meta!.status!, label: n.meta!.label! }));
}

// --- time ----------------------------------------------------------------------------------------

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** 2024-01-01 was a Monday. */
export const MONDAY = Date.UTC(2024, 0, 1);
export const utc = (iso: string) => Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);
export const iso = (ms: number) => new Date(ms).toISOString();
