/**
 * # Backup policy (CBR)
 *
 * Automatic backup and automatic deletion (C5).
 *
 * - `disabled` or `enabled`; an enabled policy is `unapplied` until it is applied to a vault, then
 *   `scheduled`: a policy runs only when enabled and applied (P1). In `scheduled` the named delay
 *   `untilNextRun` waits for the next time of its RRULE patterns (P1, `schedule.ts`), emits `run`
 *   (the world then backs up every resource of its vaults, and a resource whose previous backup is
 *   still running skips the run: P4, in the server and disk charts) and arms itself again.
 * - Each time a backup of a resource in its vaults completes, an enabled policy evaluates its
 *   retention (`evaluateRetention`, P2 in `retention.ts`) and emits `expire` with the automatic
 *   backups to delete. Manual backups and imaged automatic backups are never counted or chosen
 *   (P3, I8); the backup chart's own guard `retentionMayDelete` checks it again. Under
 *   `retentionDays` nothing is selected at a completion: each backup expires on its own timer
 *   (P6, P8, in the backup chart), so a change count → time leaves old backups alone (P7).
 * - `UPDATE` that changes retention from time to count (guard `timeToCount`, P7) emits `hold`:
 *   the world tells the old backups with an expiry that the count rule keeps them too (the
 *   union); the other three cases of §5.3 change nothing on old backups.
 * - Each time a scheduled backup of a resource fails (`RUN_BACKUP_FAILED`), `evaluateFailures`
 *   emits `expire` with the failed automatic backups beyond the newest ten (P9).
 * - When the world has run a scheduled run over every vault, `RUN_ENDED` leaves its outcome on the
 *   policy (`lastRun`): how many backups it started, skipped (P4) and could not make, with the
 *   codes, for example `BackupService.6114` for a full vault (P10). The account's limit of 32
 *   policies is the region chart's (P10).
 */
import { assign, emit, setup } from 'xstate';
import { nextRun, parseSchedule } from './schedule.js';
import { isTimeToCount, selectExpired, selectFailedSurplus, type RetentionCandidate, type RetentionRules } from './retention.js';
import { statusReader } from './status.js';

export interface PolicyInput {
  id: string;
  name: string;
  createdAt: number;
  enabled: boolean;
  pattern: string[];
  retention: RetentionRules;
}

/** The outcome of a policy's last scheduled run over all its vaults (P10). */
export interface PolicyRun {
  at: number;
  status: 'success' | 'partial' | 'failed' | 'skipped';
  backups: number;
  skipped: number;
  failed: number;
  /** The codes of the backups it could not make, each once. */
  codes: string[];
}

export interface PolicyContext extends PolicyInput {
  lastRun: PolicyRun | null;
  vaultIds: string[];
  /** When the current wait for the next run began, and when that run is due (epoch ms). */
  armedAt: number;
  nextRunAt: number | null;
}

export interface PolicyChanges {
  name?: string;
  pattern?: string[];
  retention?: RetentionRules;
}

export type PolicyEvent =
  | { type: 'ENABLE'; now: number }
  | { type: 'DISABLE' }
  | { type: 'UPDATE'; changes: PolicyChanges; now: number }
  | { type: 'APPLY'; vaultId: string; now: number }
  | { type: 'DISSOCIATE'; vaultId: string }
  | { type: 'BACKUP_COMPLETED'; resourceId: string; backups: RetentionCandidate[]; now: number }
  | { type: 'RUN_BACKUP_FAILED'; resourceId: string; failed: RetentionCandidate[] }
  | { type: 'RUN_ENDED'; run: PolicyRun };

export type PolicyEmitted =
  | { type: 'run'; policyId: string; at: number }
  | { type: 'expire'; policyId: string; resourceId: string; backupIds: string[] }
  | { type: 'hold'; policyId: string };

export const policyMachine = setup({
  types: {
    context: {} as PolicyContext,
    events: {} as PolicyEvent,
    input: {} as PolicyInput,
    emitted: {} as PolicyEmitted,
  },
  guards: {
    startsEnabled: ({ context }) => context.enabled,
    isApplied: ({ context }) => context.vaultIds.length > 0,
    isLastVault: ({ context, event }) =>
      event.type === 'DISSOCIATE' && context.vaultIds.length === 1 && context.vaultIds[0] === event.vaultId,
    timeToCount: ({ context, event }) => event.type === 'UPDATE' && event.changes.retention !== undefined && isTimeToCount(context.retention, event.changes.retention),
  },
  actions: {
    addVault: assign({
      vaultIds: ({ context, event }) =>
        event.type === 'APPLY' && !context.vaultIds.includes(event.vaultId) ? [...context.vaultIds, event.vaultId] : context.vaultIds,
    }),
    removeVault: assign({
      vaultIds: ({ context, event }) => context.vaultIds.filter((id) => event.type !== 'DISSOCIATE' || id !== event.vaultId),
    }),
    applyChanges: assign(({ context, event }) => {
      if (event.type !== 'UPDATE') return {};
      const { name, pattern, retention } = event.changes;
      return {
        name: name ?? context.name,
        pattern: pattern ?? context.pattern,
        retention: retention ?? context.retention,
      };
    }),
    markEnabled: assign({ enabled: true }),
    markDisabled: assign({ enabled: false, nextRunAt: null }),
    armSchedule: assign(({ context, event }) => {
      const now = 'now' in event ? event.now : context.armedAt;
      return { armedAt: now, nextRunAt: nextRun(parseSchedule(context.pattern, context.createdAt), context.createdAt, now) };
    }),
    disarmSchedule: assign({ nextRunAt: null }),
    // The run that just fired becomes the start of the next wait; `armSchedule` on re-entry
    // computes the run after it, so the schedule never drifts.
    advanceSchedule: assign(({ context }) => ({ armedAt: context.nextRunAt ?? context.armedAt })),
    startRun: emit(({ context }) => ({ type: 'run' as const, policyId: context.id, at: context.nextRunAt ?? context.armedAt })),
    evaluateRetention: emit(({ context, event }) => ({
      type: 'expire' as const,
      policyId: context.id,
      resourceId: event.type === 'BACKUP_COMPLETED' ? event.resourceId : '',
      backupIds: event.type === 'BACKUP_COMPLETED' ? selectExpired(context.retention, event.backups, event.now) : [],
    })),
    evaluateFailures: emit(({ context, event }) => ({
      type: 'expire' as const,
      policyId: context.id,
      resourceId: event.type === 'RUN_BACKUP_FAILED' ? event.resourceId : '',
      backupIds: event.type === 'RUN_BACKUP_FAILED' ? selectFailedSurplus(event.failed) : [],
    })),
    recordRun: assign({ lastRun: ({ context, event }) => (event.type === 'RUN_ENDED' ? event.run : context.lastRun) }),
    holdOldBackups: emit(({ context }) => ({ type: 'hold' as const, policyId: context.id })),
  },
  delays: {
    untilNextRun: ({ context }) => (context.nextRunAt ?? context.armedAt) - context.armedAt,
  },
}).createMachine({
  id: 'policy',
  context: ({ input }) => ({ ...input, vaultIds: [], armedAt: input.createdAt, nextRunAt: null, lastRun: null }),
  initial: 'resolving',
  on: { RUN_BACKUP_FAILED: { actions: 'evaluateFailures' }, RUN_ENDED: { actions: 'recordRun' } },
  states: {
    resolving: {
      always: [{ guard: 'startsEnabled', target: 'enabled' }, { target: 'disabled' }],
    },
    disabled: {
      meta: { status: 'disabled', label: 'Disabled' },
      on: {
        ENABLE: [
          { guard: 'isApplied', target: 'enabled.scheduled', actions: 'markEnabled' },
          { target: 'enabled.unapplied', actions: 'markEnabled' },
        ],
        APPLY: { actions: 'addVault' },
        DISSOCIATE: { actions: 'removeVault' },
        UPDATE: [{ guard: 'timeToCount', actions: ['holdOldBackups', 'applyChanges'] }, { actions: 'applyChanges' }],
      },
    },
    enabled: {
      meta: { status: 'enabled', label: 'Enabled', rules: ['P1', 'P2', 'P3', 'P7', 'P9', 'I8', 'C5'] },
      initial: 'unapplied',
      on: {
        DISABLE: { target: 'disabled', actions: 'markDisabled' },
        BACKUP_COMPLETED: { actions: 'evaluateRetention' },
      },
      states: {
        unapplied: {
          on: {
            APPLY: { target: 'scheduled', actions: 'addVault' },
            UPDATE: [{ guard: 'timeToCount', actions: ['holdOldBackups', 'applyChanges'] }, { actions: 'applyChanges' }],
          },
        },
        scheduled: {
          meta: { rules: ['P1'] },
          entry: 'armSchedule',
          after: {
            untilNextRun: { target: 'scheduled', reenter: true, actions: ['startRun', 'advanceSchedule'] },
          },
          on: {
            APPLY: { actions: 'addVault' },
            DISSOCIATE: [
              { guard: 'isLastVault', target: 'unapplied', actions: ['removeVault', 'disarmSchedule'] },
              { actions: 'removeVault' },
            ],
            UPDATE: [
              { guard: 'timeToCount', target: 'scheduled', reenter: true, actions: ['holdOldBackups', 'applyChanges'] },
              { target: 'scheduled', reenter: true, actions: 'applyChanges' },
            ],
          },
        },
      },
    },
  },
});

export type PolicySnapshot = ReturnType<typeof policyMachine.getInitialSnapshot>;

export const policyStatus = statusReader(policyMachine);
