/**
 * Retention in time (issue 9 §2): expiry fixed at creation (P6), the four cases of changing a rule
 * (P7), lazy expiry on each backup's own timer (P8), failed automatic backups (P9). Each "what
 * happens today" of the issue is one test here, and failed before this change.
 */
import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../src/index.js';
import { newSimulation, runningServer } from './support.js';

const DAILY_2AM = 'FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0';
const DAY = 86_400_000;

function protectedServer(retention: Record<string, unknown>) {
  const sim = newSimulation({ profile: 'instant' });
  const server = runningServer(sim);
  const vault = sim.createVault({ name: 'vault', kind: 'server', resourceIds: [server.id] });
  const policy = sim.createPolicy({ name: 'nightly', pattern: [DAILY_2AM], ...retention });
  sim.applyPolicy(policy.id, vault.id);
  return { sim, server, vault, policy };
}

const autos = (sim: ReturnType<typeof newSimulation>) => (sim.list('backup') as BackupRecord[]).filter((b) => b.autoTrigger && b.status === 'available');

describe('P6: expiry fixed when an automatic backup is made', () => {
  it('retentionDays gives created + N days on the record; count-only and manual backups have none', () => {
    const { sim, server, policy } = protectedServer({ retentionDays: 3 });
    sim.advance('1d');
    const [b] = autos(sim);
    expect(b!.expiredAt).toBe(new Date(Date.parse(b!.createdAt) + 3 * DAY).toISOString());
    const manual = sim.backupServer(server.id);
    expect(manual.expiredAt).toBeNull();
    sim.updatePolicy(policy.id, { retentionDays: null, maxBackups: 7 });
    sim.advance('1d');
    expect(autos(sim).at(-1)!.expiredAt).toBeNull();
    // The rule in force when it was made: the first backup keeps its expiry.
    expect((sim.get(b!.id) as BackupRecord).expiredAt).toBe(b!.expiredAt);
  });
});

describe('P7: changing a retention rule follows the four cases of §5.3', () => {
  it('count → time: old backups are never deleted automatically (today: maxBackups 5 → retentionDays 1 deleted all five)', () => {
    const { sim, policy } = protectedServer({ maxBackups: 5 });
    sim.advance('5d');
    const old = autos(sim).map((b) => b.id);
    expect(old).toHaveLength(5);
    sim.updatePolicy(policy.id, { maxBackups: null, retentionDays: 1 });
    sim.advance('10d');
    for (const id of old) expect(sim.get(id)!.status).toBe('available');
  });

  it('time → time: old backups keep the old period (today: retentionDays 10 → 1 deleted all six)', () => {
    const { sim, policy } = protectedServer({ retentionDays: 10 });
    sim.advance('6d');
    const old = autos(sim);
    expect(old).toHaveLength(6);
    sim.updatePolicy(policy.id, { retentionDays: 1 });
    sim.advance('2d');
    for (const b of old) expect(sim.get(b.id)!.status).toBe('available');
    // New ones get the new period and go in the batch two days later.
    const young = autos(sim).filter((b) => !old.some((o) => o.id === b.id));
    expect(young.length).toBeGreaterThan(0);
    for (const b of young) expect(Date.parse(b.expiredAt!) - Date.parse(b.createdAt)).toBe(DAY);
    sim.advance('10d');
    for (const b of old) expect(sim.get(b.id)?.status ?? 'deleted').toBe('deleted');
  });

  it('count → count: the new count applies to old backups at the next completion', () => {
    const { sim, policy } = protectedServer({ maxBackups: 5 });
    sim.advance('5d');
    sim.updatePolicy(policy.id, { maxBackups: 2 });
    sim.advance('1d');
    expect(autos(sim)).toHaveLength(2);
  });

  it('time → count: old backups are kept while either rule keeps them (the union)', () => {
    const { sim, policy } = protectedServer({ retentionDays: 2 });
    sim.advance('2d');
    const old = autos(sim);
    expect(old).toHaveLength(2);
    sim.updatePolicy(policy.id, { retentionDays: null, maxBackups: 4 });
    // Past the first one's batch (its expiry + 1 day, 08:00), still kept: the count rule (newest 4) keeps both.
    sim.advance('34h');
    expect(autos(sim)).toHaveLength(4);
    for (const b of old) expect(sim.get(b.id)!.status).toBe('available');
    // Surplus under the count rule and past their expiry: gone.
    sim.advance('3d');
    for (const b of old) expect(sim.get(b.id)?.status ?? 'deleted').toBe('deleted');
    expect(autos(sim)).toHaveLength(4);
  });

  it('time → count: surplus under the count rule but not yet expired stays until its own expiry', () => {
    const { sim, policy } = protectedServer({ retentionDays: 10 });
    sim.advance('3d');
    const old = autos(sim);
    sim.updatePolicy(policy.id, { retentionDays: null, maxBackups: 1 });
    sim.advance('2d');
    for (const b of old) expect(sim.get(b.id)!.status).toBe('available');
    sim.advance('10d');
    for (const b of old) expect(sim.get(b.id)?.status ?? 'deleted').toBe('deleted');
  });

  it('time → count with long-term rules: the union of the old period and the long-term keep set', () => {
    const { sim, policy } = protectedServer({ retentionDays: 1 });
    sim.advance('3d');
    const old = autos(sim);
    sim.updatePolicy(policy.id, { retentionDays: null, maxBackups: 1, weekBackups: 4, timezone: 'UTC' });
    sim.advance('1d');
    // The latest backup of this week is kept by weekBackups; the others by nothing once expired.
    const left = old.filter((b) => sim.get(b.id)?.status === 'available');
    expect(left.length).toBeLessThan(old.length);
  });

  it('count with long-term rules → time: old backups are never deleted automatically', () => {
    const { sim, policy } = protectedServer({ maxBackups: 2, dayBackups: 3, timezone: 'UTC+01:00' });
    sim.advance('4d');
    const old = autos(sim).map((b) => b.id);
    sim.updatePolicy(policy.id, { maxBackups: null, dayBackups: null, timezone: null, retentionDays: 1 });
    sim.advance('10d');
    for (const id of old) expect(sim.get(id)!.status).toBe('available');
  });
});

describe('P8: expired backups go lazily, on their own timer, in the batch at 08:00 the day after expiry', () => {
  it('deletes at 08:00 UTC the day after expiry, not before', () => {
    const { sim } = protectedServer({ retentionDays: 1 });
    sim.advance('1d');
    const [b] = autos(sim);
    const expired = Date.parse(b!.expiredAt!);
    const batch = (Math.floor(expired / DAY) + 1) * DAY + 8 * 3_600_000;
    sim.advance(batch - sim.now() - 1);
    expect(sim.get(b!.id)!.status).toBe('available');
    sim.advance('1m');
    expect(sim.get(b!.id)?.status ?? 'deleted').not.toBe('available');
  });

  it('uses the policy timezone for the batch', () => {
    const { sim } = protectedServer({ retentionDays: 1, timezone: 'UTC+02:00' });
    sim.advance('1d');
    const [b] = autos(sim);
    // Made at 02:00 UTC (04:00 local), expires the next day 04:00 local; batch the day after at 08:00 local = 06:00 UTC.
    const batch = Date.parse(b!.expiredAt!.slice(0, 10) + 'T06:00:00Z') + DAY;
    sim.advance(batch - sim.now() - 1);
    expect(sim.get(b!.id)!.status).toBe('available');
    sim.advance('1m');
    expect(sim.get(b!.id)?.status ?? 'deleted').not.toBe('available');
  });

  it('expires backups after their server is deleted (today: they stayed for ever)', () => {
    const { sim, server } = protectedServer({ retentionDays: 2 });
    sim.advance('3d');
    const made = autos(sim).map((b) => b.id);
    sim.deleteServer(server.id);
    sim.advance('5d');
    for (const id of made) expect(sim.get(id)?.status ?? 'deleted').toBe('deleted');
  });

  it('expires backups while every run fails (today: nothing completed, so nothing expired)', () => {
    const { sim } = protectedServer({ retentionDays: 2 });
    sim.advance('2d');
    const made = autos(sim).map((b) => b.id);
    sim.failNext('backup', 100);
    sim.advance('6d');
    for (const id of made) expect(sim.get(id)?.status ?? 'deleted').toBe('deleted');
  });

  it('never deletes an imaged or a manual backup (I8, P3)', () => {
    const { sim, server } = protectedServer({ retentionDays: 1 });
    const manual = sim.backupServer(server.id);
    sim.advance('1d');
    const [b] = autos(sim);
    sim.createImageFromBackup(b!.id, { name: 'golden' });
    sim.advance('5d');
    expect(sim.get(b!.id)!.status).toBe('available');
    expect(sim.get(manual.id)!.status).toBe('available');
  });

  it('count-only retention sets no expiry timer per backup', () => {
    const { sim } = protectedServer({ maxBackups: 7 });
    sim.advance('3d');
    const timers = (sim.save() as { timers: { id: string }[] }).timers;
    expect(timers.some((t) => t.id.includes('expiryBatch'))).toBe(false);
  });
});

describe('P9: failed automatic backups', () => {
  it('keeps at most ten per resource, the oldest going first (today: 30 failed runs left 30)', () => {
    const { sim } = protectedServer({ maxBackups: 3 });
    sim.failNext('backup', 30);
    sim.advance('30d');
    const failed = (sim.list('backup') as BackupRecord[]).filter((b) => b.status === 'error');
    expect(failed).toHaveLength(10);
    const all = (sim.list('backup', { includeDeleted: true }) as BackupRecord[]).filter((b) => b.autoTrigger);
    const newest = all.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).slice(0, 10).map((b) => b.id);
    expect(failed.map((b) => b.id).sort()).toEqual(newest.sort());
  });

  it('deletes each one month after it failed, and allows deleting it by hand at any time', () => {
    const { sim } = protectedServer({ maxBackups: 3 });
    sim.failNext('backup', 2);
    sim.advance('2d');
    const [first, second] = (sim.list('backup') as BackupRecord[]).filter((b) => b.status === 'error');
    sim.deleteBackup(second!.id);
    sim.advance('28d');
    expect(sim.get(first!.id)!.status).toBe('error');
    sim.advance('4d');
    expect(sim.get(first!.id)?.status ?? 'deleted').toBe('deleted');
  });

  it('never deletes a failed manual backup', () => {
    const { sim, server } = protectedServer({ maxBackups: 3 });
    sim.failNext('backup', 1);
    const manual = sim.backupServer(server.id);
    sim.advance('40d');
    expect(sim.get(manual.id)!.status).toBe('error');
  });
});
