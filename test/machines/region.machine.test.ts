/**
 * The region chart: the private-image quota (I12, IMG.0015) and the 32 backup policies (P10,
 * BackupService.6001).
 */
import { describe, expect, it } from 'vitest';
import { getInitialSnapshot } from 'xstate';
import { MAX_POLICIES, regionMachine, type RegionSnapshot } from '../../machines/region.machine.js';
import { drive, itHasARowForEveryDeclaredRefusal, moves, refused, respond, runTable, stays, type Row } from './support.js';

/** A region with `quota` private images allowed and `images` of them already made. */
function region(quota: number, images = 0, policies = 0): RegionSnapshot {
  let s = getInitialSnapshot(regionMachine, { name: 'eu-de', imageQuota: quota });
  for (let i = 0; i < images; i++) s = drive(regionMachine, s, { type: 'RESERVE_IMAGE' });
  for (let i = 0; i < policies; i++) s = drive(regionMachine, s, { type: 'CREATE_POLICY' });
  return s;
}

const RESERVE = { type: 'RESERVE_IMAGE' } as const;
const RELEASE = { type: 'RELEASE_IMAGE' } as const;

const covered = new Set<string>();

describe('region image quota (I12)', () => {
  it('starts below its quota with no private image', () => {
    expect(region(50).value).toEqual({ images: 'belowQuota', policies: 'belowLimit' });
    expect(region(50).context).toEqual({ name: 'eu-de', imageQuota: 50, privateImages: 0, policies: 0 });
  });

  const rows: Row<typeof regionMachine>[] = [
    ['a region with quota 50 and no image', region(50), RESERVE, stays()],
    ['a region with quota 50 and 48 images', region(50, 48), RESERVE, stays()],
    ['a region with quota 50 and 49 images, taking the last slot (I12)', region(50, 49), RESERVE, moves('atQuota')],
    ['a region with quota 50 and 50 images (I12)', region(50, 50), RESERVE, refused('IMG.0015', 'I12')],
    ['a region at its quota, when an image is deleted (I12)', region(50, 50), RELEASE, moves('belowQuota')],
    ['a region with quota 1 and no image (I12)', region(1), RESERVE, moves('atQuota')],
    ['a region with quota 1 and its one image (I12)', region(1, 1), RESERVE, refused('IMG.0015', 'I12')],
    ['a region with quota 0 (I12: no private image at all)', region(0), RESERVE, refused('IMG.0015', 'I12')],
    ['a region with quota 0, when an image is released', region(0), RELEASE, stays()],
    ['a region with no image, when an image is released', region(5), RELEASE, stays()],
  ];
  runTable(regionMachine, rows, 'images').forEach((k) => covered.add(k));

  it('counts images as they are made and deleted, never below zero', () => {
    let s = region(50, 3);
    expect(s.context.privateImages).toBe(3);
    s = drive(regionMachine, s, RELEASE);
    expect(s.context.privateImages).toBe(2);
    s = drive(regionMachine, s, RELEASE, RELEASE, RELEASE, RELEASE);
    expect(s.context.privateImages).toBe(0);
  });

  it('accepts exactly the default 50 images, refuses the 51st, and accepts one again after a deletion (I12)', () => {
    let s = region(50);
    for (let i = 1; i <= 50; i++) {
      const r = respond(regionMachine, s, RESERVE);
      expect(r.refusal, `image ${i}`).toBeUndefined();
      s = r.snapshot;
    }
    expect(s.value).toMatchObject({ images: 'atQuota' });
    expect(s.context.privateImages).toBe(50);
    expect(respond(regionMachine, s, RESERVE).refusal).toEqual({ code: 'IMG.0015', rule: 'I12' });
    s = drive(regionMachine, s, RELEASE);
    expect(s.value).toMatchObject({ images: 'belowQuota' });
    const again = respond(regionMachine, s, RESERVE);
    expect(again.refusal).toBeUndefined();
    expect(again.snapshot.value).toMatchObject({ images: 'atQuota' });
  });

  it('refuses every image in a region whose quota is 0, and stays so after releases', () => {
    const s = drive(regionMachine, region(0), RELEASE, RELEASE);
    expect(s.context.privateImages).toBe(0);
    expect(respond(regionMachine, s, RESERVE).refusal).toEqual({ code: 'IMG.0015', rule: 'I12' });
  });

});

describe('region backup policies: at most 32 (P10)', () => {
  const CREATE = { type: 'CREATE_POLICY' } as const;
  const DELETE = { type: 'DELETE_POLICY' } as const;
  const rows: Row<typeof regionMachine>[] = [
    ['an account with no policy', region(50), CREATE, stays()],
    ['an account with 30 policies', region(50, 0, 30), CREATE, stays()],
    ['an account with 31 policies, taking the last of 32 (P10)', region(50, 0, 31), CREATE, moves('atLimit')],
    ['an account with 32 policies (P10)', region(50, 0, 32), CREATE, refused('BackupService.6001', 'P10')],
    ['an account with 32 policies, when one is deleted (P10)', region(50, 0, 32), DELETE, moves('belowLimit')],
    ['an account with no policy, when one is deleted', region(50), DELETE, stays()],
  ];
  runTable(regionMachine, rows, 'policies').forEach((k) => covered.add(k));

  it('counts 32 and no more, and one again after a deletion, whatever the images', () => {
    expect(MAX_POLICIES).toBe(32);
    const s = region(1, 1, 32);
    expect(s.context.policies).toBe(32);
    expect(s.value).toEqual({ images: 'atQuota', policies: 'atLimit' });
    const freed = drive(regionMachine, s, { type: 'DELETE_POLICY' });
    expect(respond(regionMachine, freed, CREATE).refusal).toBeUndefined();
  });
});

describe('region refusals', () => {
  itHasARowForEveryDeclaredRefusal(regionMachine, covered);
});
