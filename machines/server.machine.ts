/**
 * # Server (ECS)
 *
 * A cloud server. Three parallel regions:
 *
 * - **lifecycle**: `BUILD` ("Creating") for the named delay `provisionJob`, then `ACTIVE`
 *   ("Running"), or `ERROR` ("Faulty") when provisioning fails; `STOP` / `START` move between
 *   `ACTIVE` and `SHUTOFF` ("Stopped"); `DELETE` ends in the final `DELETED`. A restore powers a
 *   Running server off (`RESTORE_START` → `SHUTOFF`) and on again when it ends (guard
 *   `powerOnAfterRestore`, unless `powerOn: false`) (R2); while it restores, `STOP`, `START`,
 *   `DELETE`, `ATTACH_DISK` and `DETACH_DISK` are refused (guard `restoreRunning`, R2). A failed
 *   restore leaves the server `ERROR`. Servers made from an image in one batch are many actors of this chart (I6,
 *   C8).
 * - **protection**: `idle`, `backingUp` or `restoring` (see `protection.ts`): P4 skips a scheduled
 *   run while the previous backup still runs; only Running or Stopped servers are backed up
 *   (`BackupService.7101`); a Faulty server is not restored onto (guard `isFaulty`, R4).
 * - **vault**: the vault that protects it (`BackupService.6103` for a second one).
 *
 * What deleting a server does *not* do is part of the chart too (C3, C4): no transition here
 * deletes its backups or the image it was made from, and tests prove it.
 * The server records whether it was optimized and has Cloud-Init / Cloudbase-Init (I4); each
 * backup copies both facts. `UPDATE` (`updateServer`) installs the tool and optimises a Running
 * server (a Stopped one must be started first), so that its next backup can make a full-ECS image.
 * A full-ECS image of a server backs it up first: refused while a backup of it runs (`IMG.0136`).
 */
import { and, assign, not, or, setup, stateIn } from 'xstate';
import { allow, allowAction, refuse, refuseAction } from './refusal.js';
import { membershipRegion, protectionRegion, restoreLockOf, type ProtectionEvent, type RestoreLock, type SkipRunParams } from './protection.js';
import { statusReader } from './status.js';

export interface ServerInput {
  id: string;
  name: string;
  createdAt: number;
  os: 'linux' | 'windows';
  initTool: boolean;
  optimized: boolean;
  az: string;
  systemDiskId: string;
  dataDiskIds: string[];
  sourceImageId: string | null;
  timing: { provisionMs: number };
  willFail: boolean;
  /** S3: the ECS job that makes it (the world tells the job how the server fares). */
  jobId?: string | null;
}

export interface ServerContext extends ServerInput {
  vaultId: string | null;
  /** While a restore runs (R2): its backup and when it ends. */
  restore: RestoreLock | null;
}

export type ServerEvent =
  | ProtectionEvent
  | { type: 'STOP' }
  | { type: 'START' }
  | { type: 'DELETE' }
  | { type: 'CREATE_IMAGE'; imageKind?: 'system-disk' | 'full-ecs' }
  | { type: 'UPDATE'; initTool?: boolean; optimized?: boolean }
  | { type: 'ATTACH_DISK'; diskId: string }
  | { type: 'DETACH_DISK'; diskId: string };

/** R2: while a restore runs, the server is locked. */
const locked = { guard: 'restoreRunning', actions: refuse('Sim.InvalidState', 'R2') } as const;

const notRunning = {
  STOP: { actions: refuse('Sim.InvalidState') },
  START: { actions: refuse('Sim.InvalidState') },
  CREATE_IMAGE: { actions: refuse('IMG.0126') },
  ATTACH_DISK: { actions: refuse('Sim.InvalidState') },
  UPDATE: { actions: refuse('Sim.InvalidState') },
} as const;

/** IMS: a full-ECS image backs the server up first, so not while a backup of it runs (IMG.0136). */
const createImage = [{ guard: 'fullEcsDuringBackup', actions: refuse('IMG.0136') }, { actions: allow }] as const;

export const serverMachine = setup({
  types: {
    context: {} as ServerContext,
    events: {} as ServerEvent,
    input: {} as ServerInput,
  },
  guards: {
    jobFails: ({ context }) => context.willFail,
    notBackupable: not(or([stateIn('#server.lifecycle.ACTIVE'), stateIn('#server.lifecycle.SHUTOFF')])),
    notRestorable: not(or([stateIn('#server.lifecycle.ACTIVE'), stateIn('#server.lifecycle.SHUTOFF')])),
    sameVault: ({ context, event }) => event.type === 'ADD_TO_VAULT' && event.vaultId === context.vaultId,
    fullEcsDuringBackup: and([({ event }) => event.type === 'CREATE_IMAGE' && event.imageKind === 'full-ecs', stateIn('#server.protection.backingUp')]),
    isFaulty: stateIn('#server.lifecycle.ERROR'),
    restoreRunning: stateIn('#server.protection.restoring'),
    restoreMayStart: stateIn('#server.protection.idle'),
    powerOnAfterRestore: ({ event }) => event.type === 'RESTORE_ENDED' && event.powerOn !== false,
  },
  actions: {
    refuse: refuseAction,
    allow: allowAction,
    skipRun: (_: unknown, _params: SkipRunParams) => {},
    joinVault: assign({ vaultId: ({ event }) => (event.type === 'ADD_TO_VAULT' ? event.vaultId : null) }),
    leaveVault: assign({ vaultId: null }),
    updateServer: assign(({ context, event }) =>
      event.type === 'UPDATE' ? { initTool: event.initTool ?? context.initTool, optimized: event.optimized ?? context.optimized } : {}),
    noteRestore: assign({ restore: ({ event }) => restoreLockOf(event) }),
    clearRestore: assign({ restore: null }),
    attachDisk: assign({
      dataDiskIds: ({ context, event }) => (event.type === 'ATTACH_DISK' ? [...context.dataDiskIds, event.diskId] : context.dataDiskIds),
    }),
    detachDisk: assign({
      dataDiskIds: ({ context, event }) => context.dataDiskIds.filter((id) => event.type !== 'DETACH_DISK' || id !== event.diskId),
    }),
  },
  delays: {
    provisionJob: ({ context }) => context.timing.provisionMs,
  },
}).createMachine({
  id: 'server',
  type: 'parallel',
  context: ({ input }) => ({ ...input, vaultId: null, restore: null }),
  on: {
    DETACH_DISK: [locked, { actions: 'detachDisk' }],
  },
  states: {
    lifecycle: {
      initial: 'BUILD',
      states: {
        BUILD: {
          meta: { status: 'BUILD', label: 'Creating', rules: ['I6'] },
          on: { ...notRunning, DELETE: { actions: refuse('Sim.InvalidState') } },
          after: { provisionJob: [{ guard: 'jobFails', target: 'ERROR' }, { target: 'ACTIVE' }] },
        },
        ACTIVE: {
          meta: { status: 'ACTIVE', label: 'Running' },
          on: {
            UPDATE: { actions: 'updateServer' },
            STOP: 'SHUTOFF',
            START: { actions: refuse('Sim.InvalidState') },
            DELETE: 'DELETED',
            CREATE_IMAGE: createImage,
            ATTACH_DISK: { actions: 'attachDisk' },
            RESTORE_START: { guard: 'restoreMayStart', target: 'SHUTOFF', meta: { rules: ['R2'] } },
            RESTORE_FAILED: 'ERROR',
          },
        },
        SHUTOFF: {
          meta: { status: 'SHUTOFF', label: 'Stopped' },
          on: {
            UPDATE: { actions: refuse('Sim.InvalidState') },
            START: [locked, { target: 'ACTIVE' }],
            STOP: [locked, { actions: refuse('Sim.InvalidState') }],
            DELETE: [locked, { target: 'DELETED' }],
            CREATE_IMAGE: createImage,
            ATTACH_DISK: [locked, { actions: 'attachDisk' }],
            RESTORE_ENDED: { guard: 'powerOnAfterRestore', target: 'ACTIVE' },
            RESTORE_FAILED: 'ERROR',
          },
        },
        ERROR: {
          meta: { status: 'ERROR', label: 'Faulty' },
          on: { ...notRunning, DELETE: 'DELETED' },
        },
        DELETED: {
          meta: { status: 'DELETED', label: 'Deleted', rules: ['C3', 'C4'] },
          type: 'final',
          on: { ...notRunning, DELETE: { actions: refuse('Sim.InvalidState') } },
        },
      },
    },
    protection: protectionRegion('BackupService.7101', { faultyTarget: true }),
    vault: membershipRegion(),
  },
});

export type ServerSnapshot = ReturnType<typeof serverMachine.getInitialSnapshot>;

export const serverStatus = statusReader(serverMachine, 'lifecycle');
