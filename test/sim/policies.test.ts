import { describe, expect, it } from 'vitest';
import type { BackupRecord, JournalRecord } from '../../src/index.js';
import { advanceUntil, availableBackup, newSimulation, refusal, runningServer, statusOf } from './support.js';

const DAILY_2AM = 'FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0';
const weekday = (iso: string) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(iso).getUTCDay()];

function protectedServer(o: { profile?: 'instant' | 'realistic'; start?: string } = {}) {
  const sim = newSimulation({ profile: o.profile ?? 'instant', ...(o.start ? { start: o.start } : {}) });
  const server = runningServer(sim);
  const vault = sim.createVault({ name: 'vault', kind: 'server', resourceIds: [server.id] });
  return { sim, server, vault };
}

describe('backup policies and retention', () => {
  it('P1: a policy runs on its RRULE schedule in UTC, only when enabled and applied to a vault', () => {
    const { sim, vault } = protectedServer();
    const policy = sim.createPolicy({ name: 'daily', pattern: [DAILY_2AM] });
    expect(policy).toMatchObject({ status: 'enabled', nextRunAt: null });
    sim.advance('3d');
    expect(sim.list('backup')).toHaveLength(0);
    expect(sim.applyPolicy(policy.id, vault.id).policyId).toBe(policy.id);
    expect(sim.get(policy.id)).toMatchObject({ nextRunAt: '2026-01-08T02:00:00.000Z' });
    sim.advance('2d');
    const times = sim.list('backup').map((b) => b.createdAt);
    expect(times).toEqual(['2026-01-08T02:00:00.000Z', '2026-01-09T02:00:00.000Z']);
    sim.updatePolicy(policy.id, { enabled: false });
    sim.advance('3d');
    expect(sim.list('backup')).toHaveLength(2);
  });

  it('P1: weekly patterns, intervals and several times a day; runs less than an hour apart are refused', () => {
    const { sim, vault } = protectedServer();
    const policy = sim.createPolicy({ name: 'twice', pattern: ['FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=1,13;BYMINUTE=30'] });
    sim.applyPolicy(policy.id, vault.id);
    sim.advance('7d');
    expect(sim.list('backup').map((b) => `${weekday(b.createdAt)} ${b.createdAt.slice(11, 16)}`))
      .toEqual(['Mon 01:30', 'Mon 13:30', 'Thu 01:30', 'Thu 13:30']);
    const tooClose = refusal(() => sim.createPolicy({ name: 'x', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0', 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30'] }));
    expect(tooClose.code).toBe('Sim.InvalidArgument');
    expect(tooClose.message).toMatch(/at least one hour apart/);
    expect(refusal(() => sim.createPolicy({ name: 'x', pattern: ['FREQ=HOURLY;BYHOUR=2'] })).message).toMatch(/FREQ must be DAILY or WEEKLY/);
  });

  it('P2: retention by count or by age, never both; long-term rules need a timezone', () => {
    const { sim } = protectedServer();
    expect(refusal(() => sim.createPolicy({ name: 'x', pattern: [DAILY_2AM], maxBackups: 3, retentionDays: 7 })).message).toMatch(/cannot be combined/);
    expect(refusal(() => sim.createPolicy({ name: 'x', pattern: [DAILY_2AM], retentionDays: 7, weekBackups: 2, timezone: 'UTC' })).code).toBe('Sim.InvalidArgument');
    expect(refusal(() => sim.createPolicy({ name: 'x', pattern: [DAILY_2AM], maxBackups: 3, dayBackups: 2 })).message).toMatch(/timezone is required/);
    const policy = sim.createPolicy({ name: 'ok', pattern: [DAILY_2AM], maxBackups: 3, dayBackups: 5, timezone: 'UTC+01:00' });
    expect(policy).toMatchObject({ maxBackups: 3, dayBackups: 5, retentionDays: null, timezone: 'UTC+01:00' });
  });

  it('P2: keep 3, set on Monday 10:00, daily at 02:00: by Saturday 11:00 only Thursday, Friday and Saturday remain', () => {
    const { sim, vault } = protectedServer({ start: '2026-01-05T10:00:00Z' });
    const policy = sim.createPolicy({ name: 'keep3', pattern: [DAILY_2AM], maxBackups: 3 });
    sim.applyPolicy(policy.id, vault.id);
    sim.advance(Date.parse('2026-01-10T11:00:00Z') - sim.now());
    expect(sim.list('backup').map((b) => weekday(b.createdAt))).toEqual(['Thu', 'Fri', 'Sat']);
    expect(sim.list('backup', { status: 'deleted', includeDeleted: true }).map((b) => weekday(b.createdAt))).toEqual(['Tue', 'Wed']);
  });

  it('P2: retention by age deletes automatic backups older than the period', () => {
    const { sim, vault } = protectedServer();
    const policy = sim.createPolicy({ name: 'week', pattern: [DAILY_2AM], retentionDays: 3 });
    sim.applyPolicy(policy.id, vault.id);
    sim.advance('10d');
    const kept = sim.list('backup') as BackupRecord[];
    // P8: each goes at 08:00 UTC the day after it expired (created + 3 days), not before.
    const batch = (b: BackupRecord) => (Math.floor(Date.parse(b.expiredAt!) / 86_400_000) + 1) * 86_400_000 + 8 * 3_600_000;
    expect(kept.length).toBe(4);
    for (const b of kept) expect(batch(b)).toBeGreaterThan(sim.now());
    for (const b of sim.list('backup', { includeDeleted: true }) as BackupRecord[]) if (b.status === 'deleted') expect(batch(b)).toBeLessThanOrEqual(sim.now());
  });

  it('P2: with no retention rule, backups are kept forever', () => {
    const { sim, vault } = protectedServer();
    sim.applyPolicy(sim.createPolicy({ name: 'forever', pattern: [DAILY_2AM] }).id, vault.id);
    sim.advance('20d');
    expect(sim.list('backup')).toHaveLength(20);
  });

  it('P3: retention deletes only automatic backups; manual ones stay', () => {
    const { sim, server, vault } = protectedServer();
    const manual = availableBackup(sim, server.id);
    sim.applyPolicy(sim.createPolicy({ name: 'keep2', pattern: [DAILY_2AM], maxBackups: 2 }).id, vault.id);
    sim.advance('6d');
    const left = sim.list('backup') as BackupRecord[];
    expect(left.filter((b) => !b.autoTrigger).map((b) => b.id)).toEqual([manual.id]);
    expect(left.filter((b) => b.autoTrigger)).toHaveLength(2);
  });

  it('I8: an automatic backup used for an image is not counted and never deleted automatically', () => {
    const { sim, vault } = protectedServer();
    sim.applyPolicy(sim.createPolicy({ name: 'keep2', pattern: [DAILY_2AM], maxBackups: 2 }).id, vault.id);
    sim.advance('1d');
    const [first] = sim.list('backup') as BackupRecord[];
    advanceUntil(sim, () => statusOf(sim, first!.id) === 'available');
    const image = sim.createImageFromBackup(first!.id, { name: 'keep-me' });
    sim.advance('365d');
    expect(sim.get(first!.id)).toMatchObject({ status: 'available', imageId: image.id, autoTrigger: true });
    const automatic = (sim.list('backup') as BackupRecord[]).filter((b) => b.id !== first!.id);
    expect(automatic).toHaveLength(2);
  });

  it('P4: a scheduled run that finds the previous backup still running is skipped and journaled', () => {
    const { sim, server, vault } = protectedServer({ profile: 'realistic', start: '2026-01-05T00:00:00Z' });
    const policy = sim.createPolicy({ name: 'hourly-ish', pattern: ['FREQ=DAILY;BYHOUR=0,1,2,3;BYMINUTE=0'] });
    sim.applyPolicy(policy.id, vault.id);
    // Each backup of 140 GB takes about 56 minutes, so some hourly runs find the previous one running.
    const big = sim.createServer({ name: 'big', os: 'linux', systemDiskGB: 40, dataDisksGB: [2000] });
    advanceUntil(sim, () => statusOf(sim, big.id) === 'ACTIVE');
    sim.addVaultResources(vault.id, [big.id]);
    sim.advance('1d');
    const skipped = sim.journal().filter((r): r is Extract<JournalRecord, { type: 'note' }> => r.type === 'note' && r.note === 'run-skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((r) => r.resourceId === big.id && r.details?.rule === 'P4')).toBe(true);
    const bigBackups = sim.list('backup').filter((b) => b.kind === 'backup' && b.resourceId === big.id);
    expect(bigBackups.length + skipped.length).toBeGreaterThanOrEqual(4);
    expect(sim.list('backup').filter((b) => b.kind === 'backup' && b.resourceId === server.id)).toHaveLength(4);
  });

  it('P5: while the next backup of a resource runs, its most recent backup cannot be deleted (BackupService.6216)', () => {
    const { sim, server } = protectedServer();
    const older = availableBackup(sim, server.id);
    const oldest = older;
    const latest = availableBackup(sim, server.id);
    const running = sim.backupServer(server.id);
    const error = refusal(() => sim.deleteBackup(latest.id));
    expect(error.code).toBe('BackupService.6216');
    expect(error.details).toMatchObject({ rule: 'P5' });
    sim.deleteBackup(oldest.id);
    advanceUntil(sim, () => statusOf(sim, running.id) === 'available');
    sim.deleteBackup(latest.id);
    expect(statusOf(sim, latest.id)).toBe('deleting');
  });
});
