/**
 * The per-transition verdicts a statechart view colours its lines by: the one transition XState
 * would select for each event (a refusal included) is named by its edge id, never every line of
 * the event; a pending delay's transition counts too; a guard that needs a payload is unknown.
 */
import { describe, expect, it } from 'vitest';
import { createMachine, createActor, setup, type AnyMachineSnapshot } from 'xstate';
import { createSimulation, type Simulation } from '../../src/index.js';
import { MACHINES } from '../../src/sim/world.js';
import { edgeIdsByTransition, toStatechartGraph, type StatechartEdge } from '../../src/diagram/index.js';
import { eventVerdicts, transitionVerdicts } from '../../src/server/chart-state.js';

const graph = toStatechartGraph(MACHINES.backup);

function edge(source: string, eventType: string, guard: string | null): StatechartEdge {
  const found = graph.edges.filter((e) => e.source === source && e.eventType === eventType && e.guard === guard);
  expect(found, `${source} ${eventType} [${guard}]`).toHaveLength(1);
  return found[0]!;
}

const AVAILABLE = 'backup.lifecycle.available';
const refusalOfAnImage = edge(AVAILABLE, 'DELETE', 'hasImage');
const deleting = edge(AVAILABLE, 'DELETE', null);

function backupOf(): { sim: Simulation; id: string; verdicts: () => ReturnType<typeof transitionVerdicts> } {
  const sim = createSimulation();
  const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40, initTool: true, optimized: true });
  sim.advance('10m');
  const id = sim.backupServer(server.id).id;
  const snapshot = () => sim.world.entries.get(id)!.actor.getSnapshot() as AnyMachineSnapshot;
  return { sim, id, verdicts: () => transitionVerdicts(MACHINES.backup, snapshot()) };
}

const everywhere = (v: ReturnType<typeof transitionVerdicts>) => [...v.now, ...v.refusing, ...v.unknown];

describe('the transitions a backup\'s chart would take now', () => {
  it('name the refusal of a backup that has an image, and leave its unguarded DELETE not possible', () => {
    const { sim, id, verdicts } = backupOf();
    sim.advance('1d');
    sim.createImageFromBackup(id, { name: 'img' });
    const v = verdicts();
    expect(v.refusing).toContain(refusalOfAnImage.id);
    expect(everywhere(v)).not.toContain(deleting.id);
    // The old per-event answer says only that DELETE is refused.
    expect(eventVerdicts(MACHINES.backup, sim.world.entries.get(id)!.actor.getSnapshot() as AnyMachineSnapshot).refused).toContain('DELETE');
  });

  it('name the unguarded DELETE of a backup without an image, and leave the refusal of an image not possible', () => {
    const { sim, verdicts } = backupOf();
    sim.advance('1d');
    const v = verdicts();
    expect(v.now).toContain(deleting.id);
    expect(everywhere(v)).not.toContain(refusalOfAnImage.id);
  });

  it('count a pending delay\'s transition as taken now, and the delays of states that are not active as not possible', () => {
    const { verdicts } = backupOf();
    const v = verdicts();
    const snapshotPhase = graph.edges.filter((e) => e.source === 'backup.lifecycle.creating.snapshot' && e.kind === 'after');
    expect(snapshotPhase.length).toBeGreaterThan(0);
    expect(snapshotPhase.some((e) => v.now.includes(e.id))).toBe(true);
    const later = graph.edges.filter((e) => e.kind === 'after' && e.source === 'backup.lifecycle.deleting');
    expect(later.length).toBeGreaterThan(0);
    for (const e of later) expect(everywhere(v)).not.toContain(e.id);
  });

  it('name only edges of the graph, each once', () => {
    const { sim, verdicts } = backupOf();
    const ids = new Set(graph.edges.map((e) => e.id));
    for (const v of [verdicts(), (sim.advance('1d'), verdicts())]) {
      const all = everywhere(v);
      expect(new Set(all).size).toBe(all.length);
      for (const id of all) expect(ids.has(id), id).toBe(true);
    }
  });
});

describe('the transitions of a chart whose guard reads the event', () => {
  const machine = setup({
    types: { events: {} as { type: 'PUT'; item?: { size: number } } | { type: 'GO' } },
    guards: { fits: ({ event }) => (event as { item: { size: number } }).item.size < 10 },
  }).createMachine({
    id: 'box',
    initial: 'open',
    states: {
      open: { on: { PUT: [{ guard: 'fits', target: 'full' }, { target: 'open' }], GO: 'closed' } },
      full: {},
      closed: { type: 'final' },
    },
  });
  const edges = toStatechartGraph(machine).edges;

  it('are unknown when the guard cannot be evaluated without a payload, and the others still decided', () => {
    const v = transitionVerdicts(machine, createActor(machine).getSnapshot());
    const put = edges.filter((e) => e.eventType === 'PUT').map((e) => e.id);
    expect(v.unknown.sort()).toEqual(put.sort());
    expect(v.now).toEqual(edges.filter((e) => e.eventType === 'GO').map((e) => e.id));
    expect(v.refusing).toEqual([]);
  });

  it('map every live transition object to its edges, so nothing is matched by its label', () => {
    const plain = createMachine({ id: 'twin', initial: 'a', states: { a: { on: { X: [{ target: 'b', guard: () => false }, { target: 'b' }] } }, b: {} } });
    const ids = edgeIdsByTransition(plain);
    const [first, second] = (plain.getStateNodeById('twin.a') as unknown as { transitions: Map<string, object[]> }).transitions.get('X')!;
    expect(ids.get(first!)).toEqual(['twin.a#0']);
    expect(ids.get(second!)).toEqual(['twin.a#1']);
    expect(transitionVerdicts(plain, createActor(plain).getSnapshot()).now).toEqual(['twin.a#1']);
  });
});
