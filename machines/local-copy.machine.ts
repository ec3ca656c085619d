/**
 * # Local backup copy (eBackup, on premises, C10)
 *
 * A backup copy that eBackup makes of one VMware VM, on premises, and uploads to the bucket of
 * the VM's hybrid vault. CBR does not list it until it is synchronised (V1).
 *
 * - `backingUp` ("Backing up"): eBackup reads the VM, for the named delay `localBackup` (sized by
 *   the VM's disks); then `stored` ("Stored"): kept on the site's backup storage; after the named
 *   delay `upload` (sized too), `uploaded` ("Uploaded"): in the vault's bucket, ready to sync.
 * - `SYNC` asks a copy whether it can be registered now: only an `uploaded` one can (guard
 *   `alreadySynced` refuses one registered before, `Sim.AlreadySynced`); a copy still being backed
 *   up or uploaded fails to import (`BackupService.1006`, V1), which the sync task counts as an
 *   error while the rest of the batch goes on. `SYNCED` records the backup it became.
 * - `EXPIRE` (`expireLocalCopy`: eBackup's own retention, not CBR's) ends a stored or uploaded
 *   copy in the final `expired`; the next `syncVault` deletes the backup synchronised from it.
 *   A copy being made cannot expire (`Sim.InvalidState`).
 */
import { assign, setup } from 'xstate';
import { allow, allowAction, refuse, refuseAction } from './refusal.js';
import { statusReader } from './status.js';
import type { VmDisk } from './vm.machine.js';

export interface LocalCopyTiming {
  localBackupMs: number;
  uploadMs: number;
}

export interface LocalCopyInput {
  id: string;
  name: string;
  createdAt: number;
  vmId: string;
  siteId: string;
  /** The VM as it was backed up: its OS and disks (the synchronised backup's children, R1). */
  os: 'linux' | 'windows';
  disks: VmDisk[];
  sizeGB: number;
  timing: LocalCopyTiming;
}

export interface LocalCopyContext extends LocalCopyInput {
  /** The CBR backup it was synchronised as; null before. */
  backupId: string | null;
}

export type LocalCopyEvent =
  | { type: 'SYNC' }
  | { type: 'SYNCED'; backupId: string }
  | { type: 'EXPIRE' };

const notUploaded = {
  SYNC: { actions: refuse('BackupService.1006', 'V1') },
} as const;

export const localCopyMachine = setup({
  types: {
    context: {} as LocalCopyContext,
    events: {} as LocalCopyEvent,
    input: {} as LocalCopyInput,
  },
  guards: {
    alreadySynced: ({ context }) => context.backupId !== null,
  },
  actions: {
    refuse: refuseAction,
    allow: allowAction,
    noteBackup: assign({ backupId: ({ context, event }) => (event.type === 'SYNCED' ? event.backupId : context.backupId) }),
  },
  delays: {
    localBackup: ({ context }) => context.timing.localBackupMs,
    upload: ({ context }) => context.timing.uploadMs,
  },
}).createMachine({
  id: 'localCopy',
  context: ({ input }) => ({ ...input, backupId: null }),
  initial: 'backingUp',
  states: {
    backingUp: {
      meta: { status: 'backing_up', label: 'Backing up', rules: ['V1'] },
      on: { ...notUploaded, EXPIRE: { actions: refuse('Sim.InvalidState') } },
      after: { localBackup: 'stored' },
    },
    stored: {
      meta: { status: 'stored', label: 'Stored', rules: ['V1'] },
      on: { ...notUploaded, EXPIRE: 'expired' },
      after: { upload: 'uploaded' },
    },
    uploaded: {
      meta: { status: 'uploaded', label: 'Uploaded', rules: ['V1', 'C10'] },
      on: {
        SYNC: [{ guard: 'alreadySynced', actions: refuse('Sim.AlreadySynced', 'V1') }, { actions: allow }],
        SYNCED: { actions: 'noteBackup' },
        EXPIRE: 'expired',
      },
    },
    expired: {
      meta: { status: 'expired', label: 'Expired' },
      type: 'final',
    },
  },
});

export type LocalCopySnapshot = ReturnType<typeof localCopyMachine.getInitialSnapshot>;

export const localCopyStatus = statusReader(localCopyMachine);
