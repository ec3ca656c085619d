/**
 * `GET /api/diagram/:kind?view=console[&resource=<id>[&seq=<n>]][&lanes=row|auto]`: the inspector's
 * teaching view of one resource, as an SVG document. The console-level diagram of its kind
 * (src/diagram/console.ts), its path so far lit from the session's retained journal, the state it
 * is in now marked `current` (as of record `seq` when given: the same diagram as then, for time
 * travel), its last step `last`. Without `resource`, the plain console diagram of the kind.
 *
 * A deleted resource (a tombstone, or one only the journal still remembers) still draws, its final
 * state current. A server backup's disk backup (R1) follows its parent: it draws the parent's path.
 *
 * Lanes are side by side by default (`lanes=row`): the backup's Status and Image lanes then show
 * their current states level, on one screen; `lanes=auto` arranges them as the docs' figures do.
 *
 * One request reads the one resource's records (journal-index.ts; none after `seq`) and draws on
 * a layout kept per kind, delays and refusals met (src/diagram/console-cache.ts).
 */
import type { StateValue } from 'xstate';
import { ConsoleCache } from '../diagram/console-cache.js';
import { resourcePath, stateIds } from '../diagram/console-run.js';
import { toConsoleDiagram } from '../diagram/console.js';
import { toStatechartGraph } from '../diagram/graph.js';
import { SimulationError } from '../sim/errors.js';
import type { ResourceKind } from '../sim/records.js';
import { MACHINES } from '../sim/world.js';
import { recordsOf } from './journal-index.js';
import type { Session } from './session.js';

/** The models and layouts of every request, for as long as the server runs (bounded: see console-cache.ts). */
const CACHE = new ConsoleCache();

/** The query of the route, as express parses it (a repeated key is an array). */
export type ConsoleViewQuery = Record<string, unknown>;

const invalid = (message: string): SimulationError => new SimulationError('Sim.InvalidArgument', message);
const article = (kind: string): string => (/^[aeiou]/.test(kind) ? 'an' : 'a');
const shown = (value: string): string => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

/** The console diagram `query` asks for, as SVG text; a `SimulationError` names what is wrong with it. */
export function consoleView(session: Session, kind: ResourceKind, query: ConsoleViewQuery): string {
  const { resource, seq: seqText, lanes = 'row', format = 'svg' } = query;
  if (format !== 'svg') throw invalid('view=console draws SVG only: leave format out (or format=svg); format=mermaid is for the engineering chart.');
  if (lanes !== 'row' && lanes !== 'auto') throw invalid('lanes must be row (side by side, the default) or auto (as the docs\' figures).');
  const machine = MACHINES[kind];
  const world = session.simulation.world;
  const timings = world.timings;
  if (resource === undefined) {
    if (seqText !== undefined) throw invalid('seq needs resource=<id>: the plain diagram of a kind is the same at every record.');
    return toConsoleDiagram(kind, machine, { timings, lanes, cache: CACHE }).svg;
  }
  if (typeof resource !== 'string' || resource === '' || resource.length > 200) {
    throw invalid('resource must be one resource id (GET /api/state lists them), e.g. resource=bk-0123456789ab.');
  }
  const seq = seqText === undefined ? undefined : recordNumber(session, seqText);

  // What is left of it now: a live resource, a disk backup of a server backup, or a tombstone.
  const record = world.find(resource);
  const followed = record?.kind === 'backup' && record.parentId !== null ? record.parentId : resource;
  const path = resourcePath(recordsOf(world.journal, followed), followed, seq);
  const found = (record?.kind ?? path.kind) as ResourceKind | null;
  if (found === null || (seq !== undefined && path.value === null)) {
    const when = seq === undefined ? '' : ` at record #${seq}`;
    throw new SimulationError('Sim.NotFound', `No resource with id ${shown(resource)} is known${when}: GET /api/state lists the resources there are${seq === undefined ? '' : ', and the journal those it remembers'}.`, { id: resource, ...(seq !== undefined ? { seq } : {}) });
  }
  if (found !== kind) {
    throw invalid(`${resource} is ${article(found)} ${found}, not ${article(kind)} ${kind}: ask GET /api/diagram/${found}?view=console&resource=${encodeURIComponent(resource)}.`);
  }
  const entry = world.entries.get(followed);
  const value: StateValue | null = seq !== undefined ? path.value : entry ? entry.actor.getSnapshot().value : path.value;
  const currentStates = value !== null ? stateIds(kind, value) : finalStates(kind);
  // Delays are worded for the backup whose path it is (a disk backup's parent: its times are the parent's).
  const owner = followed === resource ? record : world.find(followed);
  const sizeGB = owner?.kind === 'backup' ? owner.sizeGB : undefined;
  return toConsoleDiagram(kind, machine, { ...path, currentStates, timings, ...(sizeGB !== undefined ? { sizeGB } : {}), lanes, cache: CACHE }).svg;
}

/** `seq` as the number of a record the journal still holds. */
function recordNumber(session: Session, text: unknown): number {
  const seq = typeof text === 'string' && /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(seq)) throw invalid('seq must be the number of a journal record (a whole number ≥ 1).');
  const journal = session.simulation.world.journal;
  const oldest = journal.oldestSeq;
  if (oldest === null || seq < oldest || seq > journal.seq) {
    const holds = oldest === null ? 'holds no records yet' : `holds records #${oldest} to #${journal.seq}`;
    throw new SimulationError('Sim.NotFound', `Journal record #${seq} is not retained; the journal ${holds}.`, { seq });
  }
  return seq;
}

/** A deleted resource whose last state the journal no longer holds: its chart's final state. */
function finalStates(kind: ResourceKind): string[] {
  const final = toStatechartGraph(MACHINES[kind]).nodes.find((n) => n.type === 'final');
  return final ? [final.id] : [];
}
