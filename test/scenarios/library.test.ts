import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import { ScenarioRun, runScenario } from '../../src/scenario/runner.js';

describe('the scenario library', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s holds at every step', (_id, scenario) => {
    const { ok, outcomes } = runScenario(scenario);
    const failed = outcomes.find((o) => !o.ok);
    expect(failed?.failure?.message ?? null, failed ? `step ${failed.index}: ${failed.description}` : '').toBeNull();
    expect(ok).toBe(true);
    expect(outcomes).toHaveLength(scenario.steps.length + 1);
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s: no refusal has the generic fallback message (issue 9 §5)', (_id, scenario) => {
    const run = new ScenarioRun(scenario);
    run.runToEnd();
    const generic = run.simulation.journal().filter((r) => r.type === 'refusal' && /is not possible now/.test(r.message));
    expect(generic).toEqual([]);
  });

  it('has unique ids, and every scenario names rule IDs', () => {
    const ids = SCENARIOS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SCENARIOS) expect(s.rules.length).toBeGreaterThan(0);
  });
});
