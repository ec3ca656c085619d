/**
 * The bounded model of a policy and the backups of one resource: the real policy chart decides
 * what retention expires (its `evaluateRetention` emits `expire`), and each backup's real chart
 * decides whether it goes (`retentionMayDelete`). Bound: at most 5 automatic backups, 1 manual one
 * and 1 image.
 *
 * With expiry (P6–P8): the policy's rule also switches between count (`maxBackups` 2) and time
 * (`retentionDays` 1) by `UPDATE`, so every case of a rule change is reached; an automatic backup
 * made under the time rule gets an expiry, the policy's `hold` (time → count) reaches the backups
 * whose expiry is pending, and each backup's own `expiryBatch` timer is an event. Bound: at most
 * 2 automatic backups, 1 manual one and 1 image.
 */
import { getInitialSnapshot, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { BackupInput } from '../../machines/backup.machine.js';
import type { PolicyInput } from '../../machines/policy.machine.js';
import type { Coverage } from './coverage.js';
import type { ModelState } from './explore.js';
import { linked, status, timerEvents } from './backup-image.js';

export const MAX_AUTOMATIC = 5;
export const MAX_BACKUPS = 2;
export const MAX_AUTOMATIC_WITH_EXPIRY = 2;

export interface RetentionState extends ModelState {
  policy: AnyMachineSnapshot;
  backups: AnyMachineSnapshot[];
  next: number;
}

export type RetentionEvent =
  | { type: 'backupCompletes'; auto: boolean }
  | { type: 'createImage' }
  | { type: 'deleteImage' }
  | { type: 'expiryTimer'; index: number }
  | { type: 'policy'; event: { type: string; [k: string]: unknown } };

function run(chart: AnyStateMachine, cov: Coverage | undefined, snapshot: AnyMachineSnapshot, event: { type: string; [k: string]: unknown }) {
  cov?.selected(snapshot, event);
  const [next, actions] = transition(chart, snapshot, event as never);
  cov?.reached(next as AnyMachineSnapshot);
  return { next: next as AnyMachineSnapshot, actions };
}

/** The events the policy chart emitted on a step. */
function emittedOf(actions: { type: string; params?: unknown }[]): { type: string; backupIds?: string[] }[] {
  const out: { type: string; backupIds?: string[] }[] = [];
  for (const a of actions) {
    const event = (a.params as { event?: { type: string; backupIds?: string[] } } | undefined)?.event;
    if ((a.type as string) === 'xstate.emit' && event) out.push(event);
  }
  return out;
}

/** Whether the policy keeps by age now (P6: new automatic backups get an expiry). */
function byAge(policy: AnyMachineSnapshot): boolean {
  const days = (policy.context.retention as { retentionDays?: number }).retentionDays;
  return days !== undefined && days !== null && days !== -1;
}

export function retentionModel(charts: { backup: AnyStateMachine; policy: AnyStateMachine }, startsEnabled: boolean, coverage: { backup?: Coverage; policy?: Coverage }, withExpiry = false) {
  const maxAutomatic = withExpiry ? MAX_AUTOMATIC_WITH_EXPIRY : MAX_AUTOMATIC;
  const policyInput: PolicyInput = {
    id: 'policy', name: 'policy', createdAt: 0, enabled: startsEnabled, pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], retention: { maxBackups: MAX_BACKUPS },
  };
  const policy = getInitialSnapshot(charts.policy, policyInput) as AnyMachineSnapshot;
  coverage.policy?.reached(policy, true);
  const root: RetentionState = { status: 'active', output: undefined, error: undefined, policy, backups: [], next: 1 };
  const backupTimers = timerEvents(charts.backup);
  // Only the timers that take a new backup to Available; its expiry is an event of its own.
  const lifecycleTimers = backupTimers.filter((t) => t.includes('.lifecycle.creating'));
  const expiryTimer = backupTimers.find((t) => t.includes('.expiry.'));

  /** P7 time → count: the policy's `hold` reaches the backups whose expiry is pending. */
  const hold = (backups: AnyMachineSnapshot[]): AnyMachineSnapshot[] =>
    backups.map((b) => (b.matches({ expiry: 'pending' } as never) ? run(charts.backup, coverage.backup, b, { type: 'COUNT_HOLD' }).next : b));

  /** A completed backup: the real chart driven through its timers to Available. */
  const completed = (id: string, auto: boolean, at: number, expires: boolean): AnyMachineSnapshot => {
    const input: BackupInput = {
      id, name: id, createdAt: at, resourceId: 'server', resourceKind: 'server', vaultId: 'vault', az: 'az-1', sizeGB: 40,
      containsSystemDisk: true, autoTrigger: auto, previousBackupId: null,
      server: { os: 'linux', initTool: true, optimized: true, systemDiskGB: 40, dataDisksGB: [] },
      timing: { snapshotPhaseMs: 1, dataTransferMs: 1, restoreMs: 1, deleteMs: 1 }, willFail: false,
      ...(expires ? { expiredAt: at + 1, expiryBatchAt: at + 2 } : {}),
    };
    let s = getInitialSnapshot(charts.backup, input) as AnyMachineSnapshot;
    coverage.backup?.reached(s, true);
    for (let i = 0; i < 4 && status(s) !== 'available'; i++) for (const t of lifecycleTimers) s = transition(charts.backup, s, { type: t } as never)[0] as AnyMachineSnapshot;
    return s;
  };

  const step = (s: RetentionState, e: RetentionEvent): RetentionState => {
    switch (e.type) {
      case 'backupCompletes': {
        const autos = s.backups.filter((b) => b.context.autoTrigger).length;
        if (e.auto ? autos >= maxAutomatic : s.backups.some((b) => !b.context.autoTrigger)) return s;
        const backups = [...s.backups, completed(`b${s.next}`, e.auto, s.next, withExpiry && e.auto && byAge(s.policy))];
        const candidates = backups.map((b) => ({ id: b.context.id as string, createdAt: b.context.createdAt as number, autoTrigger: b.context.autoTrigger as boolean, hasImage: linked(b) }));
        const r = run(charts.policy, coverage.policy, s.policy, { type: 'BACKUP_COMPLETED', resourceId: 'server', backups: candidates, now: s.next });
        const expired = new Set<string>();
        for (const event of emittedOf(r.actions as never)) if (event.type === 'expire') for (const id of event.backupIds ?? []) expired.add(id);
        const kept: AnyMachineSnapshot[] = [];
        for (const b of backups) {
          if (!expired.has(b.context.id as string)) kept.push(b);
          else {
            const after = run(charts.backup, coverage.backup, b, { type: 'EXPIRE' }).next;
            if (status(after) !== 'deleting') kept.push(after);
          }
        }
        return { ...s, policy: r.next, backups: kept, next: s.next + 1 };
      }
      case 'createImage': {
        if (s.backups.some(linked)) return s;
        const index = s.backups.findIndex((b) => b.context.autoTrigger);
        if (index < 0) return s;
        const backups = [...s.backups];
        backups[index] = run(charts.backup, coverage.backup, backups[index]!, { type: 'CREATE_IMAGE', imageId: 'image' }).next;
        return { ...s, backups };
      }
      case 'deleteImage': {
        const index = s.backups.findIndex(linked);
        if (index < 0) return s;
        const backups = [...s.backups];
        backups[index] = run(charts.backup, coverage.backup, backups[index]!, { type: 'IMAGE_UNLINKED' }).next;
        return { ...s, backups };
      }
      case 'expiryTimer': {
        const b = s.backups[e.index];
        if (!b || !expiryTimer || !b.matches({ expiry: 'pending' } as never)) return s;
        const after = run(charts.backup, coverage.backup, b, { type: expiryTimer }).next;
        const backups = [...s.backups];
        if (status(after) === 'deleting') backups.splice(e.index, 1);
        else backups[e.index] = after;
        return { ...s, backups };
      }
      case 'policy': {
        const r = run(charts.policy, coverage.policy, s.policy, e.event);
        const held = emittedOf(r.actions as never).some((x) => x.type === 'hold');
        return { ...s, policy: r.next, backups: held ? hold(s.backups) : s.backups };
      }
    }
  };

  // With expiry, one vault is enough: what a policy's vaults do is the model without expiry's.
  const vaults = withExpiry ? ['v1'] : ['v1', 'v2'];
  const policyEvents: RetentionEvent[] = [
    { type: 'ENABLE', now: 0 }, { type: 'DISABLE' },
    ...vaults.map((vaultId) => ({ type: 'APPLY', vaultId, now: 0 })), ...vaults.map((vaultId) => ({ type: 'DISSOCIATE', vaultId })),
    // With expiry, only what changes the rule; the model without expiry takes the rest.
    ...(withExpiry ? [] : [
      { type: 'UPDATE', changes: { name: 'renamed' }, now: 0 }, { type: 'RUN_BACKUP_FAILED', resourceId: 'server', failed: [] },
      // P10: a run's outcome is only recorded; the serialized state leaves it out.
      { type: 'RUN_ENDED', run: { at: 0, status: 'failed', backups: 0, skipped: 0, failed: 1, codes: ['BackupService.6114'] } },
    ]),
    ...(withExpiry
      ? [{ type: 'UPDATE', changes: { retention: { retentionDays: 1 } }, now: 0 }, { type: 'UPDATE', changes: { retention: { maxBackups: MAX_BACKUPS } }, now: 0 }]
      : []),
    ...(withExpiry ? [] : timerEvents(charts.policy).map((type) => ({ type }))),
  ].map((event) => ({ type: 'policy' as const, event: event as { type: string; [k: string]: unknown } }));
  const events: RetentionEvent[] = [
    { type: 'backupCompletes', auto: true }, { type: 'backupCompletes', auto: false }, { type: 'createImage' }, { type: 'deleteImage' }, ...policyEvents,
    ...(withExpiry ? Array.from({ length: maxAutomatic + 1 }, (_, index) => ({ type: 'expiryTimer' as const, index })) : []),
  ];
  const serialize = (s: RetentionState) =>
    JSON.stringify([
      s.policy.value, s.policy.context.vaultIds, byAge(s.policy),
      s.backups.map((b) => `${b.context.autoTrigger ? 'A' : 'M'}${linked(b) ? 'I' : ''}${withExpiry ? `:${String((b.value as { expiry?: unknown }).expiry)}${b.context.heldByCount ? 'H' : ''}` : ''}`),
    ]);
  return { root, step, events: () => events, serialize };
}
