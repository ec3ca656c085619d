/**
 * # Disk (EVS)
 *
 * A cloud disk: a server's system disk, or a data disk. Three parallel regions:
 *
 * - **lifecycle**: `creating` for the named delay `createJob`, then `in-use` when it belongs to a
 *   server or `available`; `ATTACH` / `DETACH` move between them (a system disk stays with its
 *   server). A restore from a backup runs through `restoring-backup` and returns to where it was;
 *   while it restores, `ATTACH`, `DETACH` and `DELETE` are refused (R2, the restore lock).
 *   `DELETE` (only when `available`: detach first) runs through `deleting` to the final `deleted`;
 *   a system disk goes with its server (`SERVER_DELETED`), a data disk is detached.
 *   Disks are made from a disk backup or a data-disk image too (C7, C11).
 * - **protection**: `idle`, `backingUp` or `restoring` (see `protection.ts`): only Available or
 *   In-use disks are backed up (`BackupService.7003`).
 * - **vault**: the vault that protects it (`BackupService.6103` for a second one).
 *
 * Deleting a disk does not delete its backups (C3): no transition here reaches them.
 */
import { assign, not, or, setup, stateIn } from 'xstate';
import { allow, allowAction, refuse, refuseAction } from './refusal.js';
import { membershipRegion, protectionRegion, restoreLockOf, type ProtectionEvent, type RestoreLock, type SkipRunParams } from './protection.js';
import { statusReader } from './status.js';

export interface DiskInput {
  id: string;
  name: string;
  createdAt: number;
  sizeGB: number;
  az: string;
  role: 'system' | 'data';
  serverId: string | null;
  sourceBackupId: string | null;
  sourceImageId: string | null;
  timing: { createMs: number; deleteMs: number };
  /** S3: the EVS job that makes it; none for a disk made with its server. */
  jobId?: string | null;
}

export interface DiskContext extends DiskInput {
  vaultId: string | null;
  /** While a restore runs (R2): its backup and when it ends. */
  restore: RestoreLock | null;
}

export type DiskEvent =
  | ProtectionEvent
  | { type: 'ATTACH'; serverId: string; serverAz: string }
  | { type: 'DETACH' }
  | { type: 'DELETE' }
  | { type: 'SERVER_DELETED' }
  | { type: 'CREATE_IMAGE' };

const busy = {
  ATTACH: { actions: refuse('Sim.InvalidState') },
  DETACH: { actions: refuse('Sim.InvalidState') },
  DELETE: { actions: refuse('Sim.InvalidState') },
  CREATE_IMAGE: { actions: refuse('Sim.InvalidState') },
} as const;

/** R2: a disk being restored is locked. */
const restoreLocked = {
  ATTACH: { actions: refuse('Sim.InvalidState', 'R2') },
  DETACH: { actions: refuse('Sim.InvalidState', 'R2') },
  DELETE: { actions: refuse('Sim.InvalidState', 'R2') },
  CREATE_IMAGE: { actions: refuse('Sim.InvalidState', 'R2') },
} as const;

const endRestore = [{ guard: 'isAttached', target: 'inUse' }, { target: 'available' }] as const;

export const diskMachine = setup({
  types: {
    context: {} as DiskContext,
    events: {} as DiskEvent,
    input: {} as DiskInput,
  },
  guards: {
    isAttached: ({ context }) => context.serverId !== null,
    isSystemDisk: ({ context }) => context.role === 'system',
    inOtherAz: ({ context, event }) => event.type === 'ATTACH' && event.serverAz !== context.az,
    protectionIdle: stateIn('#disk.protection.idle'),
    notBackupable: not(or([stateIn('#disk.lifecycle.available'), stateIn('#disk.lifecycle.inUse')])),
    notRestorable: not(or([stateIn('#disk.lifecycle.available'), stateIn('#disk.lifecycle.inUse')])),
    sameVault: ({ context, event }) => event.type === 'ADD_TO_VAULT' && event.vaultId === context.vaultId,
    /** Disks have no Faulty state; the protection region asks only servers (R4). */
    isFaulty: () => false,
  },
  actions: {
    refuse: refuseAction,
    allow: allowAction,
    skipRun: (_: unknown, _params: SkipRunParams) => {},
    attach: assign({ serverId: ({ event }) => (event.type === 'ATTACH' ? event.serverId : null) }),
    detach: assign({ serverId: null }),
    joinVault: assign({ vaultId: ({ event }) => (event.type === 'ADD_TO_VAULT' ? event.vaultId : null) }),
    leaveVault: assign({ vaultId: null }),
    noteRestore: assign({ restore: ({ event }) => restoreLockOf(event) }),
    clearRestore: assign({ restore: null }),
  },
  delays: {
    createJob: ({ context }) => context.timing.createMs,
    deleteJob: ({ context }) => context.timing.deleteMs,
  },
}).createMachine({
  id: 'disk',
  type: 'parallel',
  context: ({ input }) => ({ ...input, vaultId: null, restore: null }),
  states: {
    lifecycle: {
      initial: 'creating',
      states: {
        creating: {
          meta: { status: 'creating', label: 'Creating' },
          on: busy,
          after: { createJob: [{ guard: 'isAttached', target: 'inUse' }, { target: 'available' }] },
        },
        available: {
          meta: { status: 'available', label: 'Available' },
          on: {
            ATTACH: [{ guard: 'inOtherAz', actions: refuse('Sim.InvalidArgument') }, { target: 'inUse', actions: 'attach' }],
            DETACH: { actions: refuse('Sim.InvalidState') },
            DELETE: 'deleting',
            RESTORE_START: { guard: 'protectionIdle', target: 'restoringBackup' },
            CREATE_IMAGE: [{ guard: 'isSystemDisk', actions: refuse('Sim.InvalidArgument', 'C6') }, { actions: allow }],
          },
        },
        inUse: {
          meta: { status: 'in-use', label: 'In-use' },
          on: {
            ATTACH: { actions: refuse('Sim.InvalidState') },
            DETACH: [{ guard: 'isSystemDisk', actions: refuse('Sim.InvalidArgument') }, { target: 'available', actions: 'detach' }],
            DELETE: { actions: refuse('Sim.InvalidState') },
            SERVER_DELETED: [{ guard: 'isSystemDisk', target: 'deleting', actions: 'detach' }, { target: 'available', actions: 'detach' }],
            RESTORE_START: { guard: 'protectionIdle', target: 'restoringBackup' },
            CREATE_IMAGE: [{ guard: 'isSystemDisk', actions: refuse('Sim.InvalidArgument', 'C6') }, { actions: allow }],
          },
        },
        restoringBackup: {
          meta: { status: 'restoring-backup', label: 'Restoring', rules: ['R2'] },
          on: { ...restoreLocked, RESTORE_ENDED: endRestore, RESTORE_FAILED: endRestore, SERVER_DELETED: { actions: 'detach' } },
        },
        deleting: {
          meta: { status: 'deleting', label: 'Deleting' },
          on: busy,
          after: { deleteJob: 'deleted' },
        },
        deleted: {
          meta: { status: 'deleted', label: 'Deleted', rules: ['C3'] },
          type: 'final',
          on: busy,
        },
      },
    },
    protection: protectionRegion('BackupService.7003'),
    vault: membershipRegion(),
  },
});

export type DiskSnapshot = ReturnType<typeof diskMachine.getInitialSnapshot>;

export const diskStatus = statusReader(diskMachine, 'lifecycle');
