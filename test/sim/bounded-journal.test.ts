import { describe, expect, it } from 'vitest';
import { SimulationError, type JournalRecord } from '../../src/index.js';
import { boundArgs, boundValue } from '../../src/sim/bound.js';
import { newSimulation, refusal } from './support.js';

function nested(levels: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

const sizeOf = (record: JournalRecord) => JSON.stringify(record).length;
const server = { name: 'web', os: 'linux', systemDiskGB: 10 } as const;

describe('journal records stay bounded whatever a refused command was given', () => {
  it('journals a refused command with 10,000 nested arrays so that the journal can still be written as JSON', () => {
    const sim = newSimulation();
    expect(refusal(() => sim.createServer({ ...server, junk: nested(10_000) } as never)).code).toBe('Sim.InvalidArgument');
    expect(() => JSON.stringify(sim.journal())).not.toThrow();
    expect(sizeOf(sim.journal().at(-1)!)).toBeLessThan(2_600);
  });

  it('refuses a name of 10,000 nested arrays with Sim.InvalidArgument, not a stack overflow', () => {
    const sim = newSimulation();
    const error = refusal(() => sim.createServer({ ...server, name: nested(10_000) } as never));
    expect(error).toBeInstanceOf(SimulationError);
    expect(error.message).toContain('name must be a non-empty string of at most 64 characters');
    expect(error.message.length).toBeLessThan(400);
  });

  it('keeps 8,000 refusals with a 65 KB unknown option to a few KB each', () => {
    const sim = newSimulation();
    const big = 'x'.repeat(65_000);
    for (let i = 0; i < 8_000; i++) refusal(() => sim.createServer({ ...server, [`opt${big}`]: big } as never));
    const records = sim.journal();
    expect(records).toHaveLength(8_000);
    expect(Math.max(...records.map(sizeOf))).toBeLessThan(2_600);
  });

  it('leaves arguments within the bounds exactly as they were', () => {
    const args = ['ecs-1', { name: 'web', dataDisksGB: [10, 20], nested: { a: [1, { b: null }] } }, 'x'.repeat(200), Array(20).fill(1)];
    expect(boundArgs(args)).toEqual(args);
  });

  it('summarises a summary into itself, so a replayed refusal journals the same arguments', () => {
    const inputs = [
      [nested(50)], ['y'.repeat(70_000)], [Array.from({ length: 500 }, (_, i) => ({ id: `evs-${i}`, tags: Array(30).fill('t'.repeat(300)) }))],
      [Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`.repeat(60), i]))], [{ ['__proto__']: { polluted: true } }],
      [NaN, undefined, () => 1, Infinity, 10n],
    ];
    for (const input of inputs) {
      const once = boundArgs(input as unknown[]);
      expect(JSON.stringify(once).length).toBeLessThanOrEqual(2048);
      expect(boundArgs(once)).toEqual(once);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(boundValue('z'.repeat(300))).toMatch(/^z+…\(300 chars\)$/);
  });

  it('replays a summarised refusal as a refusal of the same resource', () => {
    const sim = newSimulation();
    const vault = sim.createVault({ name: 'v', kind: 'disk' });
    const ids = Array.from({ length: 300 }, (_, i) => `evs-${String(i).padStart(12, '0')}`);
    refusal(() => sim.addVaultResources(vault.id, ids));
    const journaled = sim.journal().at(-1) as Extract<JournalRecord, { type: 'refusal' }>;
    expect(journaled).toMatchObject({ type: 'refusal', resourceId: vault.id });
    expect((journaled.args[1] as unknown[]).length).toBe(20);
    const again = refusal(() => (sim as unknown as Record<string, (...a: unknown[]) => unknown>)[journaled.verb]!(...journaled.args));
    expect(again).toBeInstanceOf(SimulationError);
    expect(sim.journal().at(-1)).toMatchObject({ type: 'refusal', resourceId: vault.id, args: journaled.args });
  });

  it('refuses a name longer than the 64 characters CBR and IMS allow, naming the field', () => {
    const sim = newSimulation();
    expect(refusal(() => sim.createServer({ ...server, name: 'n'.repeat(65) })).message).toContain('createServer: name must be a non-empty string of at most 64 characters');
    expect(refusal(() => sim.createDisk({ name: 'd', sizeGB: 1, az: 'a'.repeat(65) })).message).toContain('createDisk: az must be');
  });
});
