/**
 * What `GET /api/resources/:id` answers about one resource: its record, its chart's state value
 * and context, the console row's actions and the events its chart would take. One function for
 * the world as it is and for a travelled-to world (`GET /api/travel/resources/:id`), so that the
 * page draws both alike.
 */
import type { Simulation } from '../sim/simulation.js';
import type { AnyRecord } from '../sim/records.js';
import { MACHINES } from '../sim/world.js';
import { rowActions, type RowAction } from './actions.js';
import { eventVerdicts, type EventVerdicts } from './chart-state.js';

export interface ResourceDetail {
  record: AnyRecord;
  /** null for a tombstone: a deleted resource keeps its record, not its chart. */
  value: unknown;
  context: unknown;
  actions: RowAction[];
  events: EventVerdicts;
}

export function resourceDetail(sim: Simulation, record: AnyRecord): ResourceDetail {
  const entry = sim.world.entries.get(record.id);
  const snapshot = entry?.actor.getSnapshot();
  return {
    record,
    value: snapshot?.value ?? null,
    context: snapshot?.context ?? null,
    actions: rowActions(sim, record),
    events: entry && snapshot ? eventVerdicts(MACHINES[entry.kind], snapshot) : { enabled: [], refused: [] },
  };
}
