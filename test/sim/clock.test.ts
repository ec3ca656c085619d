import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/sim/clock.js';
import { formatDuration, toMilliseconds } from '../../src/sim/duration.js';

describe('the virtual clock', () => {
  it('fires due timers in deadline order, and equal deadlines in the order they were set', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.schedule('a', () => fired.push('a@30'), 30);
    clock.schedule('b', () => fired.push('b@10'), 10);
    clock.schedule('c', () => fired.push('c@30'), 30);
    clock.schedule('d', () => fired.push('d@10'), 10);
    clock.advanceTo(20);
    expect(fired).toEqual(['b@10', 'd@10']);
    expect(clock.now()).toBe(20);
    clock.advanceTo(30);
    expect(fired).toEqual(['b@10', 'd@10', 'a@30', 'c@30']);
  });

  it('stops an advance where asked, even between two timers of one instant, and goes on from there', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    for (const name of ['a', 'b', 'c']) clock.schedule(name, () => fired.push(name), 10);
    clock.advanceTo(100, undefined, () => fired.includes('b'));
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(10);
    clock.advanceTo(100, undefined, () => true);
    expect(fired).toEqual(['a', 'b']);
    clock.advanceTo(100);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(100);
  });

  it('runs each timer at its own deadline, including timers set while advancing', () => {
    const clock = new VirtualClock(0);
    const at: number[] = [];
    clock.schedule('x', () => {
      at.push(clock.now());
      clock.schedule('x', () => at.push(clock.now()), 5);
    }, 10);
    clock.advanceTo(100);
    expect(at).toEqual([10, 15]);
  });

  it('does not fire cancelled timers and never goes back in time', () => {
    const clock = new VirtualClock(50);
    const fired: number[] = [];
    const handle = clock.schedule('x', () => fired.push(1), 10);
    clock.cancel(handle);
    clock.advanceTo(100);
    expect(fired).toEqual([]);
    expect(clock.nextDeadline()).toBeNull();
    expect(() => clock.advanceTo(99)).toThrow(/back in time/);
  });

  it('lists pending timers by owner, and `withSeq` gives a re-armed timer its old place in line', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.nextSeq = 10;
    clock.schedule('late', () => fired.push('late'), 5);
    clock.withSeq(3, () => clock.schedule('early', () => fired.push('early'), 5));
    expect(clock.pending().map((t) => t.owner)).toEqual(['early', 'late']);
    clock.advanceTo(5);
    expect(fired).toEqual(['early', 'late']);
  });
});

describe('durations', () => {
  it.each([
    [1500, 1500], ['250ms', 250], ['90s', 90_000], ['10m', 600_000], ['1.5h', 5_400_000], ['30d', 2_592_000_000],
  ])('reads %o as %i ms', (input, ms) => expect(toMilliseconds(input)).toBe(ms));

  it.each([['ten minutes'], [-5], ['5 weeks'], [Number.NaN], [null], ['']])('rejects %o', (input) => expect(toMilliseconds(input)).toBeNull());

  it('prints spans the way transcripts show them', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(93_600_000)).toBe('1d 2h');
    expect(formatDuration(90_000)).toBe('1m 30s');
  });
});
