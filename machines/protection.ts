/**
 * The `protection` region that servers and disks share: `idle`, `backingUp` or `restoring`.
 *
 * - A manual backup while one is running is refused (`BackupService.6125`); a scheduled run that
 *   finds the previous backup still running is skipped and journaled (P4, action `skipRun`).
 * - A resource in a state that cannot be backed up refuses (`notBackupable`), and a scheduled run
 *   skips it.
 * - Restoring needs the resource idle (`BackupService.2002` while backing up, `2010` while
 *   restoring).
 */
import { refuse, type RefusalCode } from './refusal.js';

/** Builds the region; `backupRefusal` is the service's code for "status does not allow backup". */
export function protectionRegion(backupRefusal: RefusalCode) {
  return {
    initial: 'idle',
    states: {
      idle: {
        on: {
          BACKUP_START: [{ guard: 'notBackupable', actions: refuse(backupRefusal) }, { target: 'backingUp' }],
          SCHEDULED_BACKUP: [{ guard: 'notBackupable', actions: { type: 'skipRun', params: { reason: 'status' } } }, { target: 'backingUp' }],
          RESTORE_START: [{ guard: 'notRestorable', actions: refuse('Sim.InvalidState', 'B3') }, { target: 'restoring' }],
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
        on: {
          BACKUP_START: { actions: refuse('BackupService.6215') },
          SCHEDULED_BACKUP: { actions: { type: 'skipRun', params: { reason: 'restoring' } } },
          RESTORE_START: { actions: refuse('BackupService.2010') },
          RESTORE_ENDED: { target: 'idle' },
          RESTORE_FAILED: { target: 'idle' },
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
  | { type: 'RESTORE_START' }
  | { type: 'RESTORE_ENDED' }
  | { type: 'RESTORE_FAILED' }
  | { type: 'ADD_TO_VAULT'; vaultId: string }
  | { type: 'REMOVE_FROM_VAULT' };

export interface SkipRunParams {
  reason: 'status' | 'previous-running' | 'restoring';
}
