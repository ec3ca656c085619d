import { describe, expect, it } from 'vitest';
import { wireProblem, type WireName } from '../../src/server/wire.js';

describe('the wire schemas', () => {
  const good: Record<WireName, unknown> = {
    command: { verb: 'advance', args: ['1h'] },
    actions: { ids: ['bk-1', 'ecs-2'] },
    play: { speed: 3600 },
    projectClock: { mode: 'wall', speed: 3600, advance: '10d' },
    fork: { seq: 12 },
    scenarioLoad: { id: 'seed-000-backup-to-image' },
    live: { type: 'catchup', after: 0 },
    inspect: { type: '@xstate.snapshot', sessionId: 'x:1', snapshot: {} },
  };

  it('accept every well-formed message', () => {
    for (const [name, value] of Object.entries(good)) expect(wireProblem(name as WireName, value)).toBeNull();
    expect(wireProblem('scenarioLoad', { content: 'id: x', format: 'yaml' })).toBeNull();
  });

  it('name the problem and say what the message should be', () => {
    expect(wireProblem('command', { verb: 'advance', args: ['1h'], extra: 1 })).toMatch(/^Unknown key "extra"; the body is \{ verb, args \}/);
    expect(wireProblem('command', { args: [] })).toMatch(/verb is missing/);
    expect(wireProblem('command', { verb: 'advance', args: 'soon' })).toMatch(/args must be array/);
    expect(wireProblem('command', undefined)).toMatch(/^a JSON object is expected; the body is/);
    expect(wireProblem('actions', { ids: Array.from({ length: 201 }, (_, i) => `x${i}`) })).toMatch(/at most 200/);
    expect(wireProblem('fork', { seq: 0 })).toMatch(/seq must be >= 1/);
    expect(wireProblem('play', { speed: 0 })).toMatch(/^speed must be >= 1; the body is \{ speed \}, a number from 1 to 1,000,000/);
    expect(wireProblem('play', { speed: 2_000_000 })).toMatch(/speed must be <= 1000000; .*from 1 to 1,000,000/);
    expect(wireProblem('play', { speed: '3600' })).toMatch(/speed must be number/);
    expect(wireProblem('play', {})).toMatch(/speed is missing/);
    expect(wireProblem('scenarioLoad', { id: 'a', content: 'b' })).toMatch(/exactly one/);
    expect(wireProblem('scenarioLoad', { content: 'x', format: 'toml' })).toMatch(/format must be equal to one of the allowed values/);
    expect(wireProblem('live', { type: 'catchup', after: -1 })).toMatch(/catchup/);
    expect(wireProblem('inspect', { type: '@xstate.snapshot' })).toMatch(/sessionId is missing/);
  });
});
