/**
 * The bounded model of a policy and the backups of one resource: the real policy chart decides
 * what retention expires (its `evaluateRetention` emits `expire`), and each backup's real chart
 * decides whether it goes (`retentionMayDelete`). Bound: at most 5 automatic backups, 1 manual one
 * and 1 image.
 */
import { getInitialSnapshot, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { BackupInput } from '../../machines/backup.machine.js';
import type { PolicyInput } from '../../machines/policy.machine.js';
import type { Coverage } from './coverage.js';
import type { ModelState } from './explore.js';
import { linked, status, timerEvents } from './backup-image.js';

export const MAX_AUTOMATIC = 5;
export const MAX_BACKUPS = 2;

export interface RetentionState extends ModelState {
  policy: AnyMachineSnapshot;
  backups: AnyMachineSnapshot[];
  next: number;
}

export type RetentionEvent =
  | { type: 'backupCompletes'; auto: boolean }
  | { type: 'createImage' }
  | { type: 'deleteImage' }
  | { type: 'policy'; event: { type: string; [k: string]: unknown } };

function run(chart: AnyStateMachine, cov: Coverage | undefined, snapshot: AnyMachineSnapshot, event: { type: string; [k: string]: unknown }) {
  cov?.selected(snapshot, event);
  const [next, actions] = transition(chart, snapshot, event as never);
  cov?.reached(next as AnyMachineSnapshot);
  return { next: next as AnyMachineSnapshot, actions };
}

export function retentionModel(charts: { backup: AnyStateMachine; policy: AnyStateMachine }, startsEnabled: boolean, coverage: { backup?: Coverage; policy?: Coverage }) {
  const policyInput: PolicyInput = {
    id: 'policy', name: 'policy', createdAt: 0, enabled: startsEnabled, pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], retention: { maxBackups: MAX_BACKUPS },
  };
  const policy = getInitialSnapshot(charts.policy, policyInput) as AnyMachineSnapshot;
  coverage.policy?.reached(policy, true);
  const root: RetentionState = { status: 'active', output: undefined, error: undefined, policy, backups: [], next: 1 };
  const backupTimers = timerEvents(charts.backup);

  /** A completed backup: the real chart driven through its timers to Available. */
  const completed = (id: string, auto: boolean, at: number): AnyMachineSnapshot => {
    const input: BackupInput = {
      id, name: id, createdAt: at, resourceId: 'server', resourceKind: 'server', vaultId: 'vault', az: 'az-1', sizeGB: 40,
      containsSystemDisk: true, autoTrigger: auto, previousBackupId: null,
      server: { os: 'linux', initTool: true, optimized: true, systemDiskGB: 40, dataDisksGB: [] },
      timing: { snapshotPhaseMs: 1, dataTransferMs: 1, restoreMs: 1, deleteMs: 1 }, willFail: false,
    };
    let s = getInitialSnapshot(charts.backup, input) as AnyMachineSnapshot;
    for (let i = 0; i < 4 && status(s) !== 'available'; i++) for (const t of backupTimers) s = transition(charts.backup, s, { type: t } as never)[0] as AnyMachineSnapshot;
    return s;
  };

  const step = (s: RetentionState, e: RetentionEvent): RetentionState => {
    switch (e.type) {
      case 'backupCompletes': {
        const autos = s.backups.filter((b) => b.context.autoTrigger).length;
        if (e.auto ? autos >= MAX_AUTOMATIC : s.backups.some((b) => !b.context.autoTrigger)) return s;
        const backups = [...s.backups, completed(`b${s.next}`, e.auto, s.next)];
        const candidates = backups.map((b) => ({ id: b.context.id as string, createdAt: b.context.createdAt as number, autoTrigger: b.context.autoTrigger as boolean, hasImage: linked(b) }));
        const r = run(charts.policy, coverage.policy, s.policy, { type: 'BACKUP_COMPLETED', resourceId: 'server', backups: candidates, now: s.next });
        const expired = new Set<string>();
        for (const a of r.actions) {
          const event = (a.params as { event?: { type: string; backupIds?: string[] } } | undefined)?.event;
          if ((a.type as string) === 'xstate.emit' && event?.type === 'expire') for (const id of event.backupIds ?? []) expired.add(id);
        }
        const kept = backups.filter((b) => {
          if (!expired.has(b.context.id as string)) return true;
          const gone = run(charts.backup, coverage.backup, b, { type: 'EXPIRE' }).next;
          return status(gone) !== 'deleting';
        });
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
      case 'policy':
        return { ...s, policy: run(charts.policy, coverage.policy, s.policy, e.event).next };
    }
  };

  const policyEvents: RetentionEvent[] = [
    { type: 'ENABLE', now: 0 }, { type: 'DISABLE' }, { type: 'APPLY', vaultId: 'v1', now: 0 }, { type: 'APPLY', vaultId: 'v2', now: 0 },
    { type: 'DISSOCIATE', vaultId: 'v1' }, { type: 'DISSOCIATE', vaultId: 'v2' }, { type: 'UPDATE', changes: { name: 'renamed' }, now: 0 },
    ...timerEvents(charts.policy).map((type) => ({ type })),
  ].map((event) => ({ type: 'policy' as const, event }));
  const events: RetentionEvent[] = [
    { type: 'backupCompletes', auto: true }, { type: 'backupCompletes', auto: false }, { type: 'createImage' }, { type: 'deleteImage' }, ...policyEvents,
  ];
  const serialize = (s: RetentionState) =>
    JSON.stringify([s.policy.value, s.policy.context.vaultIds, s.backups.map((b) => `${b.context.autoTrigger ? 'A' : 'M'}${linked(b) ? 'I' : ''}`)]);
  return { root, step, events: () => events, serialize };
}
