/**
 * The `protection` region that servers and disks share: `idle`, `backingUp` or `restoring`.
 *
 * - A manual backup while one is running is refused (`BackupService.6125`); a scheduled run that
 *   finds the previous backup still running is skipped and journaled (P4, action `skipRun`).
 * - A resource in a state that cannot be backed up refuses (`notBackupable`), and a scheduled run
 *   skips it.
 * - Restoring needs the resource idle (`BackupService.2002` while backing up, `2010` while
 *   restoring: R4, restores of one resource do not run concurrently); a Faulty server is refused
 *   (`Sim.RestoreTargetFaulty`, guard `isFaulty`, R4).
 * - While `restoring`, the resource is locked (R2): no backup (`BackupService.6215`), no other
 *   restore; the context's `restore` says from which backup and until when (action `noteRestore`).
 */
import { refuse, type RefusalCode } from './refusal.js';

/** Builds the region; `backupRefusal` is the service's code for "status does not allow backup". */
export function protectionRegion(backupRefusal: RefusalCode, o: { faultyTarget?: boolean } = {}) {
  const faulty = o.faultyTarget ? ([{ guard: 'isFaulty', actions: refuse('Sim.RestoreTargetFaulty', 'R4') }] as const) : ([] as const);
  return {
    // Whether a backup or a restore of the resource runs: the console shows it on the backup.
    meta: { console: { hidden: true } },
    initial: 'idle',
    states: {
      idle: {
        on: {
          BACKUP_START: [{ guard: 'notBackupable', actions: refuse(backupRefusal) }, { target: 'backingUp' }],
          SCHEDULED_BACKUP: [{ guard: 'notBackupable', actions: { type: 'skipRun', params: { reason: 'status' } } }, { target: 'backingUp' }],
          RESTORE_START: [...faulty, { guard: 'notRestorable', actions: refuse('Sim.InvalidState', 'B3') }, { target: 'restoring', actions: 'noteRestore' }],
        },
      },
      backingUp: {
        meta: { rules: ['P4'] },
        on: {
          BACKUP_START: { actions: refuse('BackupService.6125') },
          SCHEDULED_BACKUP: { actions: { type: 'skipRun', params: { reason: 'previous-running' } } },
          RESTORE_START: { actions: refuse('BackupService.2002') },
          BACKUP_ENDED: { target: 'idle' },
        },
      },
      restoring: {
        meta: { rules: ['R2', 'R4'] },
        on: {
          BACKUP_START: { actions: refuse('BackupService.6215', 'R2') },
          SCHEDULED_BACKUP: { actions: { type: 'skipRun', params: { reason: 'restoring' } } },
          RESTORE_START: { actions: refuse('BackupService.2010', 'R4') },
          RESTORE_ENDED: { target: 'idle', actions: 'clearRestore' },
          RESTORE_FAILED: { target: 'idle', actions: 'clearRestore' },
        },
      },
    },
  } as const;
}

/**
 * The `vault` region: a resource is protected by at most one vault (`BackupService.6103`).
 */
export function membershipRegion() {
  return {
    meta: { console: { hidden: true } },
    initial: 'unprotected',
    states: {
      unprotected: { on: { ADD_TO_VAULT: { target: 'inVault', actions: 'joinVault' } } },
      inVault: {
        on: {
          ADD_TO_VAULT: [{ guard: 'sameVault', actions: refuse('Sim.InvalidArgument') }, { actions: refuse('BackupService.6103') }],
          REMOVE_FROM_VAULT: { target: 'unprotected', actions: 'leaveVault' },
        },
      },
    },
  } as const;
}

export type ProtectionEvent =
  | { type: 'BACKUP_START' }
  | { type: 'SCHEDULED_BACKUP' }
  | { type: 'BACKUP_ENDED' }
  | { type: 'RESTORE_START'; backupId?: string; endsAt?: number }
  | { type: 'RESTORE_ENDED'; powerOn?: boolean }
  | { type: 'RESTORE_FAILED' }
  | { type: 'ADD_TO_VAULT'; vaultId: string }
  | { type: 'REMOVE_FROM_VAULT' };

/** While a resource restores (R2): from which backup, and when the restore ends (virtual ms). */
export interface RestoreLock {
  backupId: string;
  endsAt: number;
}

/** The `noteRestore` / `clearRestore` actions both charts register (`restore` in their context). */
export function restoreLockOf(event: { type: string; backupId?: string; endsAt?: number }): RestoreLock | null {
  return event.type === 'RESTORE_START' && event.backupId !== undefined && event.endsAt !== undefined ? { backupId: event.backupId, endsAt: event.endsAt } : null;
}

export interface SkipRunParams {
  reason: 'status' | 'previous-running' | 'restoring';
}
