import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../src/index.js';
import { isoTime, MAX_TIME } from '../../src/sim/time.js';
import { refusal, runningServer } from './support.js';

/** A simulation whose clock stands `before` ms before the last date JavaScript can hold. */
function nearTheEnd(before: number): Simulation {
  const sim = createSimulation({ profile: 'instant' });
  sim.advance(MAX_TIME - before - sim.now());
  return sim;
}

/** A disk vault with a policy that runs every midnight (UTC; the end of time is a midnight). */
function nightlyPolicy(sim: Simulation): void {
  const disk = sim.createDisk({ name: 'd', sizeGB: 10 });
  const vault = sim.createVault({ name: 'v', kind: 'disk', resourceIds: [disk.id] });
  const policy = sim.createPolicy({ name: 'nightly', pattern: ['FREQ=DAILY;BYHOUR=0;BYMINUTE=0'] });
  sim.applyPolicy(policy.id, vault.id);
}

/** The refusal of `command`, checking that it changed nothing (a full save before and after). */
function refusedWithoutChange(sim: Simulation, command: () => unknown) {
  const before = sim.save();
  const error = refusal(command);
  const after = sim.save();
  expect({ ...after, journal: null }).toEqual({ ...before, journal: null });
  expect(after.journal.records.slice(0, -1)).toEqual(before.journal.records.slice(-(after.journal.records.length - 1)));
  expect(after.journal.records.at(-1)).toMatchObject({ type: 'refusal', code: error.code });
  return error;
}

describe('the end of time (JavaScript dates end at 8.64e15 ms, in the year 275760)', () => {
  it('formats any instant without throwing, past the end too', () => {
    expect(isoTime(Date.UTC(2026, 0, 5))).toBe('2026-01-05T00:00:00.000Z');
    expect(isoTime(MAX_TIME)).toBe('+275760-09-13T00:00:00.000Z');
    expect(isoTime(MAX_TIME + 1000)).toBe('+275760-09-13T00:00:01.000Z');
    expect(isoTime(MAX_TIME + 366 * 86_400_000)).toBe('+275761-09-14T00:00:00.000Z');
    expect(isoTime(-MAX_TIME - 86_400_000)).toBe('-271821-04-19T00:00:00.000Z');
    for (const odd of [NaN, Infinity, -Infinity, 1e300]) expect(() => isoTime(odd)).not.toThrow();
  });

  it('refuses a backup whose timer would fall after the year 275760, naming the date, and changes nothing', () => {
    const sim = createSimulation();
    const server = runningServer(sim);
    sim.advance(MAX_TIME - 1000 - sim.now());
    const error = refusedWithoutChange(sim, () => sim.backupServer(server.id));
    expect(error.code).toBe('Sim.InvalidArgument');
    // The realistic snapshot phase of 140 GB: 2 min + 3 s per GB.
    expect(error.message).toContain(isoTime(MAX_TIME - 1000 + 120_000 + 3_000 * 140));
    expect(error.message).toContain('+275760-09-13T00:00:00.000Z');
    expect(() => sim.nextTimer() === null || isoTime(sim.nextTimer()!)).not.toThrow();
    expect(sim.list('backup')).toEqual([]);
  });

  it('refuses a new server whose provisioning would end after the last date', () => {
    const sim = nearTheEnd(0);
    const error = refusedWithoutChange(sim, () => sim.createServer({ name: 'late', os: 'linux', systemDiskGB: 10 }));
    expect(error.message).toMatch(/createServer: a timer it sets would fall at \+275760-09-13T00:00:00\.001Z/);
    expect(sim.list('server')).toEqual([]);
  });

  it('still carries out a command whose timers all fall by the last date', () => {
    const sim = nearTheEnd(10);
    const server = sim.createServer({ name: 'just-in-time', os: 'linux', systemDiskGB: 10 });
    sim.advance(1);
    expect(sim.get(server.id).status).toBe('ACTIVE');
  });

  it('refuses an advance that fires a policy whose next run would fall after the last date', () => {
    const sim = nearTheEnd(3 * 86_400_000 + 3_600_000);
    nightlyPolicy(sim);
    // The run on the last day, at the end itself, would set the next one a day after the end.
    sim.advance('2d');
    const error = refusedWithoutChange(sim, () => sim.advance('25h'));
    expect(error.message).toContain('advance: a timer it sets would fall at +275760-09-14T00:00:00.000Z');
    expect(sim.now()).toBe(MAX_TIME - 86_400_000 - 3_600_000);
  });

  it('keeps the journal sink free of a refused advance', () => {
    const seen: number[] = [];
    const sim = createSimulation({ profile: 'instant', journal: { sink: (r) => seen.push(r.seq) } });
    sim.advance(MAX_TIME - 86_400_000 - 3_600_000 - sim.now());
    nightlyPolicy(sim);
    sim.advance('1h');
    const count = seen.length;
    refusal(() => sim.advance('1d'));
    expect(seen.length).toBe(count + 1);
    expect(sim.journal().at(-1)).toMatchObject({ type: 'refusal', verb: 'advance', seq: seen.at(-1) });
  });
});
