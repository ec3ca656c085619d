/**
 * What `GET /api/resources/:id` answers about one resource: its record, its chart's state value
 * and context, the console row's actions and the events its chart would take. One function for
 * the world as it is and for a travelled-to world (`GET /api/travel/resources/:id`), so that the
 * page draws both alike.
 */
import type { Simulation } from '../sim/simulation.js';
import type { SimRecord } from '../sim/records.js';
import { MACHINES } from '../sim/world.js';
import { rowActions, type RowAction } from './actions.js';
import { eventVerdicts, NO_TRANSITIONS, transitionVerdicts, type EventVerdicts, type TransitionVerdicts } from './chart-state.js';

export interface ResourceDetail {
  /**
   * The journal's last seq when this was answered: the page's chart has its state from live
   * records too, and a detail answered before the newest of them must not take the chart back.
   */
  seq: number;
  record: SimRecord;
  /** A tombstone has no actor, but keeps the final state it ended in, for the chart to light. */
  value: unknown;
  context: unknown;
  actions: RowAction[];
  events: EventVerdicts;
  /** Per edge of the chart (`<source>#<n>`, as GET /api/diagram/:kind draws them): see TransitionVerdicts. */
  transitions: TransitionVerdicts;
}

export function resourceDetail(sim: Simulation, record: SimRecord): ResourceDetail {
  const entry = sim.world.entries.get(record.id);
  const snapshot = entry?.actor.getSnapshot();
  return {
    seq: sim.world.journal.seq,
    record,
    value: snapshot ? snapshot.value : sim.world.tombstoneValue(record.id),
    context: snapshot?.context ?? null,
    actions: rowActions(sim, record),
    events: entry && snapshot ? eventVerdicts(MACHINES[entry.kind], snapshot) : { enabled: [], refused: [] },
    transitions: entry && snapshot ? transitionVerdicts(MACHINES[entry.kind], snapshot) : NO_TRANSITIONS,
  };
}
