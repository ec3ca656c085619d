import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/index.js';
import { observable } from './support.js';
import { workload } from './scripts.js';

describe('determinism', () => {
  it('the same seed and the same commands give the same ids, records and journal', () => {
    const run = (seed: number) => {
      const sim = createSimulation({ seed });
      for (const step of workload(3, 80)) step(sim);
      return { state: observable(sim), journal: JSON.stringify(sim.journal()) };
    };
    const a = run(11);
    expect(run(11)).toEqual(a);
    const other = run(12);
    expect(other.state.records.map((r) => r.id)).not.toEqual(a.state.records.map((r) => r.id));
  });

  it('nothing depends on the wall clock: a run started later gives the same journal', async () => {
    const sim1 = createSimulation();
    for (const step of workload(5, 30)) step(sim1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const sim2 = createSimulation();
    for (const step of workload(5, 30)) step(sim2);
    expect(sim2.journal()).toEqual(sim1.journal());
  });
});
