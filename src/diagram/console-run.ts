/**
 * What a run's journal says a console diagram should light: the states resources were in, the
 * transitions they took (an event followed by a change of state) and the refusals they met (in
 * the state they were in then). `runPaths` reads it per kind of resource (a walkthrough's figure
 * lights everything its backups did); `resourcePath` for one resource, up to a record if asked,
 * with the state it is in as of there (the inspector's teaching view). Pass either as the options
 * of `toConsoleDiagram`.
 */
import type { AnyStateMachine, StateValue } from 'xstate';
import {
  backupMachine, diskMachine, imageMachine, jobMachine, localCopyMachine, policyMachine, serverMachine, siteMachine, vaultMachine, vmMachine,
} from '../../machines/index.js';
import type { JournalRecord } from '../sim/journal.js';
import type { ResourceKind } from '../sim/records.js';
import type { HighlightInput, MetRefusal, TakenTransition } from './console-highlight.js';
import { toStatechartGraph, type StatechartEdge } from './graph.js';

const MACHINES: Record<ResourceKind, AnyStateMachine> = {
  backup: backupMachine,
  image: imageMachine,
  server: serverMachine,
  disk: diskMachine,
  vault: vaultMachine,
  policy: policyMachine,
  job: jobMachine,
  site: siteMachine,
  vm: vmMachine,
  localCopy: localCopyMachine,
};

export interface RunPath {
  visitedStates: string[];
  takenTransitions: TakenTransition[];
  refusals: MetRefusal[];
  /** The states its resources began in (each one's first state record): the lane starts they came in by. */
  startStates: string[];
}

/** One resource's path, and where it stands at the end of what was read. */
export interface ResourcePath extends RunPath {
  /** Its kind, from its state records; null when none was read. */
  kind: ResourceKind | null;
  /** The value of its last state record read (its state as of there); null when none was read. */
  value: StateValue | null;
  /** That record's seq; null when none was read. */
  seq: number | null;
}

/** The ids of the states `value` names (a machine's id is its kind), ancestors included. */
export function stateIds(kind: string, value: StateValue): string[] {
  const out: string[] = [];
  const walk = (v: StateValue, prefix: string): void => {
    if (typeof v === 'string') {
      out.push(`${prefix}.${v}`);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      out.push(`${prefix}.${key}`);
      if (child !== undefined) walk(child, `${prefix}.${key}`);
    }
  };
  walk(value, kind);
  return out;
}

/** The innermost states `value` names: one per region. */
function leaves(kind: string, value: StateValue): string[] {
  const ids = stateIds(kind, value);
  return ids.filter((id) => !ids.some((other) => other.startsWith(`${id}.`)));
}

/** The transitions that may refuse, per machine: a refusal record names its code, not its edge. */
const refusing = new WeakMap<AnyStateMachine, StatechartEdge[]>();
function refusalsOf(kind: ResourceKind): StatechartEdge[] {
  const machine = MACHINES[kind];
  let edges = refusing.get(machine);
  if (!edges) {
    edges = toStatechartGraph(machine).edges.filter((e) => e.refusal !== null);
    refusing.set(machine, edges);
  }
  return edges;
}

interface Building extends RunPath {
  seen: Set<string>;
  seenStarts: Set<string>;
}

const building = (): Building => ({ visitedStates: [], takenTransitions: [], refusals: [], startStates: [], seen: new Set(), seenStarts: new Set() });
const built = ({ visitedStates, takenTransitions, refusals, startStates }: Building): RunPath => ({ visitedStates, takenTransitions, refusals, startStates });

interface Standing {
  kind: ResourceKind;
  value: StateValue;
  seq: number;
}

interface ReadOptions {
  /** Reads this resource's records only (the others are skipped at once). */
  only?: string;
  /** Stops after the record with this seq. */
  until?: number;
}

/**
 * Reads `records` (a journal, in order) into the path `pathOf(kind)` gives each resource's kind;
 * answers where each resource read stands at the end.
 */
function readJournal(records: Iterable<JournalRecord>, pathOf: (kind: ResourceKind) => Building, options: ReadOptions = {}): Map<string, Standing> {
  const { only, until } = options;
  const states = new Map<string, Standing>();
  const pending = new Map<string, string>();
  for (const record of records) {
    if (until !== undefined && record.seq > until) break;
    const id = record.resourceId;
    if (id === null || (only !== undefined && id !== only)) continue;
    if (record.type === 'event') {
      pending.set(id, record.event.type);
    } else if (record.type === 'state') {
      // Tasks and restore points have no chart: nothing to read.
      if (!Object.hasOwn(MACHINES, record.kind)) continue;
      const kind = record.kind as ResourceKind;
      const path = pathOf(kind);
      for (const state of stateIds(kind, record.value)) {
        if (!path.seen.has(state)) {
          path.seen.add(state);
          path.visitedStates.push(state);
        }
      }
      const before = states.get(id);
      if (before === undefined) {
        for (const state of stateIds(kind, record.value)) {
          if (!path.seenStarts.has(state)) {
            path.seenStarts.add(state);
            path.startStates.push(state);
          }
        }
      }
      const event = pending.get(id);
      if (before !== undefined && event !== undefined) {
        // The regions whose state the event changed: each one's state before is where it went from.
        const after = new Set(leaves(kind, record.value));
        for (const source of leaves(kind, before.value)) if (!after.has(source)) path.takenTransitions.push({ source, event });
      }
      states.set(id, { kind, value: record.value, seq: record.seq });
      pending.delete(id);
    } else if (record.type === 'refusal') {
      const standing = states.get(id);
      if (standing === undefined) continue;
      const { kind, value } = standing;
      // The journal names the command, not the chart's event: the code finds the transition, and
      // the state it was refused in is the one of the resource's states that transition leaves.
      const edges = refusalsOf(kind).filter((e) => e.refusal?.code === record.code);
      const candidates = leaves(kind, value);
      let state = candidates[0];
      let event = record.verb;
      for (const leaf of candidates) {
        const edge = edges.find((e) => leaf === e.source || leaf.startsWith(`${e.source}.`));
        if (edge) {
          state = leaf;
          event = edge.eventType;
          break;
        }
      }
      if (state !== undefined) pathOf(kind).refusals.push({ state, event, code: record.code });
    }
  }
  return states;
}

/** Reads `records` (a run's journal, in order) into what each kind's console diagram lights. */
export function runPaths(records: Iterable<JournalRecord>): Map<ResourceKind, RunPath & HighlightInput> {
  const paths = new Map<ResourceKind, Building>();
  readJournal(records, (kind) => {
    let path = paths.get(kind);
    if (!path) {
      path = building();
      paths.set(kind, path);
    }
    return path;
  });
  const out = new Map<ResourceKind, RunPath>();
  for (const [kind, path] of paths) out.set(kind, built(path));
  return out;
}

/**
 * Reads `records` (a journal, in order) for resource `id` alone, up to record `until` when given:
 * the path it took so far and the state it is in as of there (its last state record).
 */
export function resourcePath(records: Iterable<JournalRecord>, id: string, until?: number): ResourcePath {
  const path = building();
  const standing = readJournal(records, () => path, { only: id, ...(until !== undefined ? { until } : {}) }).get(id);
  return { ...built(path), kind: standing?.kind ?? null, value: standing?.value ?? null, seq: standing?.seq ?? null };
}
