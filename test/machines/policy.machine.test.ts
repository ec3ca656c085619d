/**
 * The backup policy chart (C5, P1, P2, P3, I8): enabled/disabled, applied or not, runs at the
 * times of its RRULE patterns, and retention after each completed backup.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, getInitialSnapshot } from 'xstate';
import { policyMachine, policyStatus, type PolicyEmitted, type PolicyEvent, type PolicyInput, type PolicySnapshot } from '../../machines/policy.machine.js';
import { selectExpired, type RetentionCandidate } from '../../machines/retention.js';
import {
  DAY,
  HOUR,
  MINUTE,
  at,
  declaredRefusals,
  drive,
  ignored,
  iso,
  moves,
  respond,
  runTable,
  stays,
  timer,
  utc,
  type Row,
} from './support.js';

const DAILY_2AM = 'FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0';
/** Monday 1 January 2024, 10:00 UTC: the policy is made and applied then. */
const SET_AT = utc('2024-01-01T10:00');

function input(over: Partial<PolicyInput> = {}): PolicyInput {
  return { id: 'pol-1', name: 'nightly', createdAt: SET_AT, enabled: true, pattern: [DAILY_2AM], retention: { maxBackups: 3 }, ...over };
}

const UNTIL_NEXT_RUN = timer(policyMachine, 'untilNextRun', 'policy.enabled.scheduled');
const apply = (vaultId = 'vault-1', now = SET_AT): PolicyEvent => ({ type: 'APPLY', vaultId, now });

type Stage = 'disabled' | 'unapplied' | 'scheduled' | 'disabledApplied';

function policy(stage: Stage, over: Partial<PolicyInput> = {}): PolicySnapshot {
  const s = getInitialSnapshot(policyMachine, input({ ...over, enabled: stage === 'unapplied' || stage === 'scheduled' }));
  if (stage === 'scheduled' || stage === 'disabledApplied') return drive(policyMachine, s, apply());
  return s;
}

const twoVaults = () => drive(policyMachine, policy('scheduled'), apply('vault-2'));

function completed(backups: RetentionCandidate[], now = utc('2024-01-06T02:20')): PolicyEvent {
  return { type: 'BACKUP_COMPLETED', resourceId: 'srv-1', backups, now };
}

/** Five automatic daily backups of srv-1, Tuesday to Saturday 02:00. */
const FIVE_DAYS: RetentionCandidate[] = [2, 3, 4, 5, 6].map((d) => ({
  id: `bk-0${d}`,
  createdAt: utc(`2024-01-0${d}T02:00`),
  autoTrigger: true,
  hasImage: false,
}));

/** The events a step emits (XState's `xstate.emit` actions). */
function emitted(actions: Array<{ type: string; params?: unknown }>): PolicyEmitted[] {
  return actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: PolicyEmitted }).event);
}

describe('policy states (C5, P1)', () => {
  it('resolves an enabled policy to enabled.unapplied and a disabled one to disabled', () => {
    expect(at(getInitialSnapshot(policyMachine, input({ enabled: true })))).toBe('enabled.unapplied');
    expect(at(getInitialSnapshot(policyMachine, input({ enabled: false })))).toBe('disabled');
    expect(getInitialSnapshot(policyMachine, input()).context).toMatchObject({ vaultIds: [], armedAt: SET_AT, nextRunAt: null });
  });

  const rows: Row<typeof policyMachine>[] = [
    ['an enabled policy applied to no vault, when applied to one (P1)', policy('unapplied'), apply(), moves('enabled.scheduled')],
    ['an enabled unapplied policy', policy('unapplied'), { type: 'DISABLE' }, moves('disabled')],
    ['an enabled unapplied policy', policy('unapplied'), { type: 'UPDATE', changes: { name: 'x' }, now: SET_AT }, stays()],
    ['an enabled unapplied policy', policy('unapplied'), { type: 'ENABLE', now: SET_AT }, ignored],
    ['an enabled unapplied policy', policy('unapplied'), { type: 'DISSOCIATE', vaultId: 'vault-1' }, ignored],
    ['an enabled unapplied policy (it is not armed)', policy('unapplied'), UNTIL_NEXT_RUN, ignored],
    ['a scheduled policy, applied to a second vault', policy('scheduled'), apply('vault-2'), stays()],
    ['a scheduled policy', policy('scheduled'), { type: 'DISABLE' }, moves('disabled')],
    ['a scheduled policy, dissociated from its only vault', policy('scheduled'), { type: 'DISSOCIATE', vaultId: 'vault-1' }, moves('enabled.unapplied')],
    ['a scheduled policy in two vaults, dissociated from one', twoVaults(), { type: 'DISSOCIATE', vaultId: 'vault-1' }, stays()],
    ['a scheduled policy, dissociated from a vault it is not in', policy('scheduled'), { type: 'DISSOCIATE', vaultId: 'vault-9' }, stays()],
    ['a scheduled policy, when its pattern changes', policy('scheduled'), { type: 'UPDATE', changes: { pattern: ['FREQ=DAILY;BYHOUR=14'] }, now: SET_AT }, moves('enabled.scheduled')],
    ['a scheduled policy, when its next run is due (P1)', policy('scheduled'), UNTIL_NEXT_RUN, moves('enabled.scheduled')],
    ['a scheduled policy', policy('scheduled'), { type: 'ENABLE', now: SET_AT }, ignored],
    ['a disabled policy in no vault', policy('disabled'), { type: 'ENABLE', now: SET_AT }, moves('enabled.unapplied')],
    ['a disabled policy applied to a vault (P1)', policy('disabledApplied'), { type: 'ENABLE', now: SET_AT }, moves('enabled.scheduled')],
    ['a disabled policy, applied to a vault (it does not run: P1)', policy('disabled'), apply(), stays()],
    ['a disabled policy in a vault', policy('disabledApplied'), { type: 'DISSOCIATE', vaultId: 'vault-1' }, stays()],
    ['a disabled policy', policy('disabled'), { type: 'UPDATE', changes: { name: 'x' }, now: SET_AT }, stays()],
    ['a disabled policy', policy('disabled'), { type: 'DISABLE' }, ignored],
    ['a disabled policy (no retention either)', policy('disabledApplied'), completed(FIVE_DAYS), ignored],
    ['a disabled policy (it is not armed)', policy('disabledApplied'), UNTIL_NEXT_RUN, ignored],
  ];
  runTable(policyMachine, rows);

  it('declares no refusal: every command on a policy is either accepted or ignored', () => {
    expect([...declaredRefusals(policyMachine)]).toEqual([]);
  });

  it('shows Disabled or Enabled, applied or not', () => {
    expect(policyStatus(policy('disabled'))).toEqual({ status: 'disabled', label: 'Disabled' });
    expect(policyStatus(policy('disabledApplied'))).toEqual({ status: 'disabled', label: 'Disabled' });
    expect(policyStatus(policy('unapplied'))).toEqual({ status: 'enabled', label: 'Enabled' });
    expect(policyStatus(policy('scheduled'))).toEqual({ status: 'enabled', label: 'Enabled' });
  });
});

describe('policy schedule (P1)', () => {
  it('computes its next run when applied while enabled: Monday 10:00 → Tuesday 02:00', () => {
    const s = policy('scheduled');
    expect(s.context.vaultIds).toEqual(['vault-1']);
    expect(s.context.armedAt).toBe(SET_AT);
    expect(iso(s.context.nextRunAt!)).toBe('2024-01-02T02:00:00.000Z');
  });

  it('arms the untilNextRun timer for exactly the time left until that run', () => {
    const r = respond(policyMachine, policy('unapplied'), apply());
    const raise = r.allActions.find((a) => a.type === 'xstate.raise');
    expect(raise?.params).toMatchObject({ id: UNTIL_NEXT_RUN.type, delay: 16 * HOUR });
  });

  it('runs the same day when applied before the pattern time', () => {
    const s = drive(policyMachine, policy('unapplied', { createdAt: utc('2024-01-01T00:30') }), apply('vault-1', utc('2024-01-01T01:00')));
    expect(iso(s.context.nextRunAt!)).toBe('2024-01-01T02:00:00.000Z');
  });

  it('does not list a vault twice', () => {
    expect(drive(policyMachine, policy('scheduled'), apply('vault-1')).context.vaultIds).toEqual(['vault-1']);
  });

  it('emits run at the due time, then re-arms for the next one a day later, without drift', () => {
    let s = policy('scheduled');
    const seen: PolicyEmitted[] = [];
    for (let i = 0; i < 3; i++) {
      const r = respond(policyMachine, s, UNTIL_NEXT_RUN);
      seen.push(...emitted(r.actions));
      s = r.snapshot;
    }
    expect(seen).toEqual([
      { type: 'run', policyId: 'pol-1', at: utc('2024-01-02T02:00') },
      { type: 'run', policyId: 'pol-1', at: utc('2024-01-03T02:00') },
      { type: 'run', policyId: 'pol-1', at: utc('2024-01-04T02:00') },
    ]);
    expect(s.context.armedAt).toBe(utc('2024-01-04T02:00'));
    expect(iso(s.context.nextRunAt!)).toBe('2024-01-05T02:00:00.000Z');
  });

  it('stops being armed when disabled, and computes the next run from the time it is enabled again', () => {
    const off = drive(policyMachine, policy('scheduled'), { type: 'DISABLE' });
    expect(off.context).toMatchObject({ enabled: false, nextRunAt: null, vaultIds: ['vault-1'] });
    const on = drive(policyMachine, off, { type: 'ENABLE', now: utc('2024-01-04T03:00') });
    expect(on.context.enabled).toBe(true);
    expect(on.context.armedAt).toBe(utc('2024-01-04T03:00'));
    expect(iso(on.context.nextRunAt!)).toBe('2024-01-05T02:00:00.000Z');
  });

  it('stops being armed when dissociated from its last vault', () => {
    const s = drive(policyMachine, policy('scheduled'), { type: 'DISSOCIATE', vaultId: 'vault-1' });
    expect(s.context).toMatchObject({ vaultIds: [], nextRunAt: null });
  });

  it('re-arms with the new pattern when updated, keeping what the update does not change', () => {
    const s = drive(policyMachine, policy('scheduled'), { type: 'UPDATE', changes: { pattern: ['FREQ=DAILY;BYHOUR=14'] }, now: utc('2024-01-01T12:00') });
    expect(iso(s.context.nextRunAt!)).toBe('2024-01-01T14:00:00.000Z');
    expect(s.context.armedAt).toBe(utc('2024-01-01T12:00'));
    expect(s.context).toMatchObject({ name: 'nightly', retention: { maxBackups: 3 }, pattern: ['FREQ=DAILY;BYHOUR=14'] });
  });

  it('applies changes while unapplied or disabled without arming', () => {
    const changes = { name: 'weekly', pattern: ['FREQ=WEEKLY;BYDAY=SU;BYHOUR=1'], retention: { retentionDays: 30 } };
    for (const stage of ['unapplied', 'disabled'] as const) {
      const s = drive(policyMachine, policy(stage), { type: 'UPDATE', changes, now: SET_AT });
      expect(s.context).toMatchObject({ ...changes, nextRunAt: null });
    }
  });
});

describe('policy runs on a simulated clock (P1: daily 02:00)', () => {
  /** A started policy actor, virtual time 0 = Monday 10:00; `advanceTo` steps a minute at a time. */
  function live(over: Partial<PolicyInput> = {}) {
    const clock = new SimulatedClock();
    const actor = createActor(policyMachine, { input: input(over), clock }).start();
    const runs: Array<{ firedAt: string; at: string }> = [];
    actor.on('run', (e) => runs.push({ firedAt: iso(SET_AT + clock.now()), at: iso(e.at) }));
    const now = () => SET_AT + clock.now();
    const advanceTo = (when: string) => {
      while (now() < utc(when)) clock.increment(MINUTE);
    };
    return { actor, runs, now, advanceTo };
  }

  it('emits run at 02:00 UTC every day from Tuesday, and not before', () => {
    const p = live();
    p.actor.send(apply('vault-1', p.now()));
    p.advanceTo('2024-01-02T01:59');
    expect(p.runs).toEqual([]);
    p.advanceTo('2024-01-06T11:00');
    expect(p.runs).toEqual(
      ['02', '03', '04', '05', '06'].map((d) => ({ firedAt: `2024-01-${d}T02:00:00.000Z`, at: `2024-01-${d}T02:00:00.000Z` })),
    );
    p.actor.stop();
  });

  it('never runs while enabled but applied to no vault (P1)', () => {
    const p = live();
    p.advanceTo('2024-01-08T00:00');
    expect(p.runs).toEqual([]);
    p.actor.stop();
  });

  it('never runs while disabled, even applied (P1)', () => {
    const p = live({ enabled: false });
    p.actor.send(apply('vault-1', p.now()));
    p.advanceTo('2024-01-08T00:00');
    expect(p.runs).toEqual([]);
    p.actor.stop();
  });

  it('stops running when disabled, and resumes at the next 02:00 after it is enabled again', () => {
    const p = live();
    p.actor.send(apply('vault-1', p.now()));
    p.advanceTo('2024-01-03T12:00');
    expect(p.runs.map((r) => r.at)).toEqual(['2024-01-02T02:00:00.000Z', '2024-01-03T02:00:00.000Z']);
    p.actor.send({ type: 'DISABLE' });
    p.advanceTo('2024-01-10T12:00');
    expect(p.runs).toHaveLength(2);
    p.actor.send({ type: 'ENABLE', now: p.now() });
    p.advanceTo('2024-01-12T12:00');
    expect(p.runs.slice(2)).toEqual([
      { firedAt: '2024-01-11T02:00:00.000Z', at: '2024-01-11T02:00:00.000Z' },
      { firedAt: '2024-01-12T02:00:00.000Z', at: '2024-01-12T02:00:00.000Z' },
    ]);
    p.actor.stop();
  });

  it('stops running when dissociated from its last vault', () => {
    const p = live();
    p.actor.send(apply('vault-1', p.now()));
    p.advanceTo('2024-01-02T12:00');
    p.actor.send({ type: 'DISSOCIATE', vaultId: 'vault-1' });
    p.advanceTo('2024-01-06T00:00');
    expect(p.runs.map((r) => r.at)).toEqual(['2024-01-02T02:00:00.000Z']);
    p.actor.stop();
  });

  it('follows a weekly MO,TH pattern and several times a day', () => {
    const p = live({ pattern: ['FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=6,18'] });
    p.actor.send(apply('vault-1', p.now()));
    p.advanceTo('2024-01-09T00:00');
    expect(p.runs.map((r) => r.firedAt)).toEqual([
      '2024-01-01T18:00:00.000Z',
      '2024-01-04T06:00:00.000Z',
      '2024-01-04T18:00:00.000Z',
      '2024-01-08T06:00:00.000Z',
      '2024-01-08T18:00:00.000Z',
    ]);
    expect(p.runs.every((r) => r.firedAt === r.at)).toBe(true);
    p.actor.stop();
  });

  it('keeps its daily rhythm while backups complete in between (retention does not re-arm)', () => {
    const p = live();
    p.actor.send(apply('vault-1', p.now()));
    p.advanceTo('2024-01-02T02:20');
    p.actor.send(completed(FIVE_DAYS.slice(0, 1), p.now()));
    p.advanceTo('2024-01-03T03:00');
    expect(p.runs.map((r) => r.firedAt)).toEqual(['2024-01-02T02:00:00.000Z', '2024-01-03T02:00:00.000Z']);
    p.actor.stop();
  });
});

describe('policy retention after each completed backup (P2, P3, I8)', () => {
  it('emits expire with the backups selectExpired names, oldest first', () => {
    const r = respond(policyMachine, policy('scheduled'), completed(FIVE_DAYS));
    expect(emitted(r.actions)).toEqual([{ type: 'expire', policyId: 'pol-1', resourceId: 'srv-1', backupIds: ['bk-02', 'bk-03'] }]);
    expect(selectExpired({ maxBackups: 3 }, FIVE_DAYS, utc('2024-01-06T02:20'))).toEqual(['bk-02', 'bk-03']);
  });

  it('evaluates retention while enabled even before it is applied, and does not re-arm the schedule', () => {
    expect(emitted(respond(policyMachine, policy('unapplied'), completed(FIVE_DAYS)).actions)).toHaveLength(1);
    const r = respond(policyMachine, policy('scheduled'), completed(FIVE_DAYS));
    expect(r.allActions.map((a) => a.type)).toEqual(['xstate.emit']);
    expect(r.snapshot.context.nextRunAt).toBe(policy('scheduled').context.nextRunAt);
  });

  it('never names manual or imaged backups (P3, I8)', () => {
    const backups: RetentionCandidate[] = [
      { id: 'manual', createdAt: utc('2023-12-01T00:00'), autoTrigger: false, hasImage: false },
      { id: 'imaged', createdAt: utc('2023-12-02T00:00'), autoTrigger: true, hasImage: true },
      ...FIVE_DAYS,
    ];
    const [event] = emitted(respond(policyMachine, policy('scheduled'), completed(backups)).actions);
    expect(event).toEqual({ type: 'expire', policyId: 'pol-1', resourceId: 'srv-1', backupIds: ['bk-02', 'bk-03'] });
  });

  it('uses the newest retention rule and the event time', () => {
    const byAge = drive(policyMachine, policy('scheduled'), { type: 'UPDATE', changes: { retention: { retentionDays: 3 } }, now: SET_AT });
    const [event] = emitted(respond(policyMachine, byAge, completed(FIVE_DAYS, utc('2024-01-06T02:20'))).actions);
    // P6, P8: by age, each backup expires on its own timer; a completion selects nothing.
    expect(event?.type === 'expire' && event.backupIds).toEqual([]);
    const byCount = drive(policyMachine, byAge, { type: 'UPDATE', changes: { retention: { maxBackups: 1 } }, now: SET_AT });
    const later = emitted(respond(policyMachine, byCount, completed(FIVE_DAYS, utc('2024-01-06T02:20') + DAY)).actions).find((e) => e.type === 'expire');
    expect(later?.type === 'expire' && later.backupIds.length).toBeGreaterThan(0);
  });

  it('emits an empty list when nothing expires (permanent retention)', () => {
    const [event] = emitted(respond(policyMachine, policy('scheduled', { retention: {} }), completed(FIVE_DAYS)).actions);
    expect(event).toEqual({ type: 'expire', policyId: 'pol-1', resourceId: 'srv-1', backupIds: [] });
  });

  it('delivers expire to listeners of a live actor', () => {
    const actor = createActor(policyMachine, { input: input() }).start();
    const got: string[][] = [];
    actor.on('expire', (e) => got.push(e.backupIds));
    actor.send(completed(FIVE_DAYS));
    expect(got).toEqual([['bk-02', 'bk-03']]);
    actor.stop();
  });
});
