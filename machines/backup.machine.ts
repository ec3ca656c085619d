/**
 * # Backup (CBR)
 *
 * A backup of one ECS server or one EVS disk, from the moment its creation starts until it is gone.
 * Three parallel regions:
 *
 * - **lifecycle**: `creating` (API `protecting`, console "Creating", B1) starts in `snapshot`; after
 *   the named delay `snapshotPhase` a server backup that holds system-disk data is marked
 *   `imageCreatable` ("Image can be created", B2), any other backup goes on `transferring`. After
 *   `dataTransfer` it ends `available`, or `error` when the job fails (B4, guard `jobFails`).
 *   `available` restores through `restoring` (only from Available: B3, `BackupService.2005`),
 *   disk by disk (R3): the `RESTORE` event carries the plan, one target disk per disk backup; guards
 *   `targetMissing` (`Sim.RestoreTargetMissing`), `dataOntoSystemDisk` (R4,
 *   `Sim.RestoreOntoSystemDisk`) and `targetTooSmall` (`BackupService.2001`) refuse a bad plan.
 *   Deletion goes through `deleting` to the final `deleted`, and only from Available or Error (B5,
 *   `BackupService.6201`). Deleting the vault deletes every backup in it (`VAULT_DELETED`), with
 *   or without an image: I7 forbids deleting such a backup *directly*.
 * - **imageLink**: `none` or `linked` to its one full-ECS image. `CREATE_IMAGE` is refused for a disk
 *   backup (I2, 6207), a backup without system-disk data (I3, 6209), a server that lacked Cloud-Init
 *   or optimisation when backed up (I4), a backup that is neither Available nor marked (I1, 6208),
 *   and a backup that already has an image (I5, 6210). While `linked`, `DELETE` is refused (I7,
 *   6204) and retention's `EXPIRE` is ignored (I8).
 * - **succession**: `latest` until the next backup of the same resource starts (`nextRunning`);
 *   while it runs this backup cannot be deleted (P5, 6216); then `superseded`.
 *
 * - **expiry** (P6, P8): `forever` when the backup has no expiry (manual, count-only or no rule),
 *   else `pending` until the named delay `expiryBatch` (08:00 of the day after `expiredAt`, P8):
 *   then `due` when retention may delete it and no count rule holds it (`COUNT_HOLD`, P7 time →
 *   count), which raises `EXPIRY_DUE`, sending the Available backup to `deleting`; else
 *   `lapsed` (kept: imaged, I8, held by the count rule until it is surplus, or not Available then:
 *   restoring or Error).
 *
 * - A **VMware backup** (`resourceKind: 'vmware'`, C10) is not made by CBR: eBackup made it on
 *   premises and a sync registered it. It starts in `arriving`, which sends it straight to
 *   `available` (guard `isVmwareBackup`, V2): no Creating phase, no "Image can be created" mark.
 *   It restores onto an ECS like a server backup (V3), disk by disk; it makes no image
 *   (`BackupService.6207`, I2 widened, V4), no disk, and is not shared (V4).
 * - **Sharing** (`SHARE`, `shareBackup`): only an Available server backup is shared with other
 *   projects (`BackupService.6702` otherwise; a disk backup `Sim.ShareNotSupported`). No backup
 *   is ever exported (`EXPORT`, `exportBackup`: `Sim.BackupNotExportable`, C9; V4 for VMware).
 *
 * A server backup holds one disk backup per disk it backed up (R1): `children` in its context,
 * system disk first. They are not actors: the world projects them from the parent, so they
 * follow its status; `CREATE_DISK` naming a child (guard `fromChild`) makes a disk from one of
 * them (C7).
 *
 * Retention (P3, I8) may only expire an automatic backup without an image: guard
 * `retentionMayDelete`. A failed automatic backup (P9) is deleted after the named delay
 * `failedBackupKept` (one month) or as surplus beyond ten (`EXPIRE` in `error`). The image made from a backup is compressed, so it is smaller (I9): see
 * `compressedSizeGB` in the image chart.
 */
import { and, assign, not, or, raise, setup, stateIn } from 'xstate';
import { allow, allowAction, refuse, refuseAction } from './refusal.js';
import { failedBackupKeptMs } from './retention.js';
import { statusReader } from './status.js';

export interface BackupTiming {
  snapshotPhaseMs: number;
  dataTransferMs: number;
  restoreMs: number;
  deleteMs: number;
}

/** What a server looked like when it was backed up (I4 and the layout of images made later). */
export interface ServerFacts {
  os: 'linux' | 'windows';
  initTool: boolean;
  optimized: boolean;
  systemDiskGB: number | null;
  dataDisksGB: number[];
}

/** R1: one disk backup of a server backup (projected as a record of its own, `kind: 'backup'`). */
export interface BackupChild {
  id: string;
  diskId: string;
  sizeGB: number;
  systemDisk: boolean;
}

/** R3: one disk of a restore: a disk backup (the backup itself, or a child) and its target disk. */
export interface RestoreDisk {
  backupId: string;
  sizeGB: number;
  /** Whether the disk backup is of a system disk. */
  systemDisk: boolean;
  /** The target disk, or null when there is none (R3). */
  diskId: string | null;
  diskGB: number | null;
  /** Whether the target disk is a system disk (R4). */
  ontoSystemDisk: boolean;
}

/** The first disk of a plan without a target (R3), onto a system disk from a data disk (R4), too small (R3). */
export const restoreProblems = {
  targetMissing: (disks: readonly RestoreDisk[]) => disks.find((d) => d.diskId === null),
  dataOntoSystemDisk: (disks: readonly RestoreDisk[]) => disks.find((d) => d.diskId !== null && !d.systemDisk && d.ontoSystemDisk),
  targetTooSmall: (disks: readonly RestoreDisk[]) => disks.find((d) => d.diskGB !== null && d.diskGB < d.sizeGB),
};

export interface BackupInput {
  id: string;
  name: string;
  createdAt: number;
  resourceId: string;
  /** `vmware`: synchronised from an on-premises VMware VM (C10). */
  resourceKind: 'server' | 'disk' | 'vmware';
  vaultId: string;
  az: string;
  sizeGB: number;
  containsSystemDisk: boolean;
  autoTrigger: boolean;
  /** The resource's backup before this one: P5 protects it while this one runs. */
  previousBackupId: string | null;
  server: ServerFacts | null;
  timing: BackupTiming;
  willFail: boolean;
  /** R1: a server backup's disk backups, system disk first (none for a disk backup). */
  children?: BackupChild[];
  /** Whether a disk backup is of a system disk (R4); false for a server backup. */
  systemDisk?: boolean;
  /** P6: when this automatic backup expires (epoch ms), fixed when it is made; null = never. */
  expiredAt?: number | null;
  /** P8: when the batch that deletes it runs (08:00 the day after `expiredAt`). */
  expiryBatchAt?: number | null;
  /** S1: the restore point (checkpoint) it belongs to. */
  checkpointId?: string | null;
  /** V1: a VMware backup's local copy (eBackup) it was synchronised from. */
  copyId?: string | null;
}

export interface BackupContext extends BackupInput {
  imageId: string | null;
  restore: { targetId: string; willFail: boolean; powerOn?: boolean; diskIds?: string[] } | null;
  children: BackupChild[];
  systemDisk: boolean;
  expiredAt: number | null;
  expiryBatchAt: number | null;
  /** P7 time → count: the new count rule keeps it too until it is surplus. */
  heldByCount: boolean;
  /** The projects it is shared with (`shareBackup`). */
  members: string[];
}

export type BackupEvent =
  | { type: 'CREATE_IMAGE'; imageId: string }
  | { type: 'IMAGE_UNLINKED' }
  | { type: 'DELETE' }
  | { type: 'EXPIRE' }
  | { type: 'RESTORE'; targetId: string; willFail: boolean; powerOn?: boolean; disks?: RestoreDisk[] }
  | { type: 'CREATE_DISK'; childId?: string }
  | { type: 'SHARE'; projectIds: string[] }
  | { type: 'EXPORT' }
  | { type: 'NEXT_STARTED' }
  | { type: 'NEXT_ENDED' }
  | { type: 'RENAME'; name: string }
  | { type: 'VAULT_DELETED' }
  | { type: 'COUNT_HOLD' }
  | { type: 'EXPIRY_DUE' };

/** V4: what a VMware backup refuses whatever its state. */
const vmwareShare = { guard: 'isVmwareBackup', actions: refuse('Sim.VmwareBackupNotShareable', 'V4') } as const;
const vmwareDisk = { guard: 'isVmwareBackup', actions: refuse('Sim.VmwareBackupNoDisk', 'V4') } as const;
/** Sharing needs an Available backup. */
const shareNotAvailable = [vmwareShare, { actions: refuse('BackupService.6702') }] as const;

/** While Creating: what only an Available (or Error) backup does. A VMware backup is never Creating (V2). */
const refuseCreating = {
  DELETE: { actions: refuse('BackupService.6201', 'B5') },
  VAULT_DELETED: { actions: refuse('BackupService.6201', 'B5') },
  RESTORE: { actions: refuse('BackupService.2005', 'B3') },
  CREATE_DISK: { actions: refuse('BackupService.2005', 'B3') },
  SHARE: { actions: refuse('BackupService.6702') },
} as const;

/** While Restoring or Deleting, which a VMware backup goes through too: the same, V4 first. */
const refuseBusy = {
  ...refuseCreating,
  CREATE_DISK: [vmwareDisk, { actions: refuse('BackupService.2005', 'B3') }],
  SHARE: shareNotAvailable,
} as const;

export const backupMachine = setup({
  types: {
    context: {} as BackupContext,
    events: {} as BackupEvent,
    input: {} as BackupInput,
  },
  guards: {
    hasSystemDiskData: ({ context }) => context.resourceKind === 'server' && context.containsSystemDisk,
    jobFails: ({ context }) => context.willFail,
    isDiskBackup: ({ context }) => context.resourceKind === 'disk',
    isVmwareBackup: ({ context }) => context.resourceKind === 'vmware',
    isServerBackup: ({ context }) => context.resourceKind === 'server',
    lacksSystemDisk: ({ context }) => !context.containsSystemDisk,
    lacksPrerequisites: ({ context }) => !context.server?.initTool || !context.server.optimized,
    isMarkedOrAvailable: or([stateIn('#backup.lifecycle.creating.imageCreatable'), stateIn('#backup.lifecycle.available')]),
    hasImage: stateIn('#backup.imageLink.linked'),
    nextBackupRunning: stateIn('#backup.succession.nextRunning'),
    isAutomatic: ({ context }) => context.autoTrigger,
    retentionMayDelete: and(['isAutomatic', not('hasImage')]),
    targetMissing: ({ event }) => event.type === 'RESTORE' && restoreProblems.targetMissing(event.disks ?? []) !== undefined,
    dataOntoSystemDisk: ({ event }) => event.type === 'RESTORE' && restoreProblems.dataOntoSystemDisk(event.disks ?? []) !== undefined,
    targetTooSmall: ({ event }) => event.type === 'RESTORE' && restoreProblems.targetTooSmall(event.disks ?? []) !== undefined,
    fromChild: ({ event }) => event.type === 'CREATE_DISK' && event.childId !== undefined,
    hasExpiry: ({ context }) => context.expiredAt !== null && context.expiryBatchAt !== null,
    heldByCount: ({ context }) => context.heldByCount,
    expiryPending: stateIn('#backup.expiry.pending'),
  },
  actions: {
    refuse: refuseAction,
    allow: allowAction,
    linkImage: assign({ imageId: ({ event }) => (event.type === 'CREATE_IMAGE' ? event.imageId : null) }),
    unlinkImage: assign({ imageId: null }),
    rename: assign({ name: ({ context, event }) => (event.type === 'RENAME' ? event.name : context.name) }),
    share: assign({
      members: ({ context, event }) => (event.type === 'SHARE' ? [...context.members, ...event.projectIds.filter((p) => !context.members.includes(p))] : context.members),
    }),
    holdByCount: assign({ heldByCount: true }),
    releaseCountHold: assign({ heldByCount: false }),
    startRestore: assign({
      restore: ({ event }) =>
        event.type === 'RESTORE'
          ? { targetId: event.targetId, willFail: event.willFail, powerOn: event.powerOn !== false, diskIds: (event.disks ?? []).flatMap((d) => (d.diskId ? [d.diskId] : [])) }
          : null,
    }),
  },
  delays: {
    snapshotPhase: ({ context }) => context.timing.snapshotPhaseMs,
    dataTransfer: ({ context }) => context.timing.dataTransferMs,
    restoreJob: ({ context }) => context.timing.restoreMs,
    deleteJob: ({ context }) => context.timing.deleteMs,
    expiryBatch: ({ context }) => Math.max(0, (context.expiryBatchAt ?? context.createdAt) - context.createdAt),
    failedBackupKept: ({ context }) => {
      const failedAt = context.createdAt + context.timing.snapshotPhaseMs + context.timing.dataTransferMs;
      return failedBackupKeptMs(failedAt);
    },
  },
}).createMachine({
  id: 'backup',
  type: 'parallel',
  on: {
    // updateBackup (`PUT /v3/{project_id}/backups/{id}`): a new name, in any state.
    RENAME: { actions: 'rename' },
    // C9: CBR keeps backups in the cloud; none is ever exported (V4 says what a VMware one can do).
    EXPORT: [
      { guard: 'isVmwareBackup', actions: refuse('Sim.BackupNotExportable', 'V4') },
      { actions: refuse('Sim.BackupNotExportable', 'C9') },
    ],
  },
  context: ({ input }) => ({
    ...input, imageId: null, restore: null, children: input.children ?? [], systemDisk: input.systemDisk ?? false,
    expiredAt: input.expiredAt ?? null, expiryBatchAt: input.expiryBatchAt ?? null, heldByCount: false, members: [],
  }),
  states: {
    lifecycle: {
      meta: { console: { lane: 'Status' } },
      initial: 'arriving',
      states: {
        // V2: a backup CBR made starts Creating; a synchronised VMware backup arrives Available.
        arriving: {
          always: [{ guard: 'isVmwareBackup', target: 'available', meta: { rules: ['V2'] } }, { target: 'creating' }],
        },
        creating: {
          meta: { status: 'protecting', label: 'Creating', rules: ['B1'] },
          initial: 'snapshot',
          on: refuseCreating,
          states: {
            snapshot: {
              after: {
                snapshotPhase: [{ guard: 'hasSystemDiskData', target: 'imageCreatable' }, { target: 'transferring' }],
              },
            },
            imageCreatable: {
              meta: { mark: 'Image can be created', rules: ['B2', 'I1'] },
              after: {
                dataTransfer: [{ guard: 'jobFails', target: '#backup.lifecycle.error' }, { target: '#backup.lifecycle.available' }],
              },
            },
            transferring: {
              after: {
                dataTransfer: [{ guard: 'jobFails', target: '#backup.lifecycle.error' }, { target: '#backup.lifecycle.available' }],
              },
            },
          },
        },
        available: {
          meta: { status: 'available', label: 'Available' },
          on: {
            DELETE: [
              { guard: 'hasImage', actions: refuse('BackupService.6204', 'I7') },
              { guard: 'nextBackupRunning', actions: refuse('BackupService.6216', 'P5') },
              { target: 'deleting' },
            ],
            // P8: raised by the expiry region when its batch deletes this backup.
            EXPIRY_DUE: { guard: 'retentionMayDelete', target: 'deleting' },
            EXPIRE: [
              // P7 time → count: the old period still keeps it; the count rule lets it go.
              { guard: and(['retentionMayDelete', 'expiryPending']), actions: 'releaseCountHold' },
              { guard: 'retentionMayDelete', target: 'deleting' },
            ],
            VAULT_DELETED: 'deleting',
            RESTORE: [
              { guard: 'targetMissing', actions: refuse('Sim.RestoreTargetMissing', 'R3') },
              { guard: 'dataOntoSystemDisk', actions: refuse('Sim.RestoreOntoSystemDisk', 'R4') },
              { guard: 'targetTooSmall', actions: refuse('BackupService.2001', 'R3') },
              { target: 'restoring', actions: 'startRestore' },
            ],
            CREATE_DISK: [
              vmwareDisk,
              { guard: 'fromChild', actions: allow },
              { guard: 'isServerBackup', actions: refuse('Sim.InvalidArgument', 'C7') },
              { actions: allow },
            ],
            SHARE: [vmwareShare, { guard: 'isDiskBackup', actions: refuse('Sim.ShareNotSupported') }, { actions: 'share' }],
          },
        },
        error: {
          meta: { status: 'error', label: 'Error', rules: ['B4', 'P9'] },
          after: { failedBackupKept: { guard: 'retentionMayDelete', target: 'deleting' } },
          on: {
            DELETE: [
              { guard: 'hasImage', actions: refuse('BackupService.6204', 'I7') },
              { guard: 'nextBackupRunning', actions: refuse('BackupService.6216', 'P5') },
              { target: 'deleting' },
            ],
            EXPIRE: { guard: 'retentionMayDelete', target: 'deleting' },
            VAULT_DELETED: 'deleting',
            RESTORE: { actions: refuse('BackupService.2005', 'B4') },
            CREATE_DISK: { actions: refuse('BackupService.2005', 'B4') },
            SHARE: { actions: refuse('BackupService.6702') },
          },
        },
        restoring: {
          meta: { status: 'restoring', label: 'Restoring', rules: ['R2', 'R3'] },
          on: refuseBusy,
          after: { restoreJob: { target: 'available' } },
        },
        deleting: {
          meta: { status: 'deleting', label: 'Deleting', rules: ['B5'] },
          on: { ...refuseBusy, VAULT_DELETED: { actions: allow } },
          after: { deleteJob: { target: 'deleted' } },
        },
        deleted: {
          meta: { status: 'deleted', label: 'Deleted' },
          type: 'final',
        },
      },
    },
    imageLink: {
      meta: { console: { lane: 'Image' } },
      initial: 'none',
      states: {
        none: {
          meta: { console: { label: 'No image' } },
          on: {
            CREATE_IMAGE: [
              { guard: 'isVmwareBackup', actions: refuse('BackupService.6207', 'V4') },
              { guard: 'isDiskBackup', actions: refuse('BackupService.6207', 'I2') },
              { guard: 'lacksSystemDisk', actions: refuse('BackupService.6209', 'I3') },
              { guard: 'lacksPrerequisites', actions: refuse('Sim.PrerequisiteNotMet', 'I4') },
              { guard: not('isMarkedOrAvailable'), actions: refuse('BackupService.6208', 'I1') },
              { target: 'linked', actions: 'linkImage' },
            ],
          },
        },
        linked: {
          meta: { rules: ['I5', 'I7', 'I8'], console: { label: 'Has an image' } },
          on: {
            CREATE_IMAGE: { actions: refuse('BackupService.6210', 'I5') },
            IMAGE_UNLINKED: { target: 'none', actions: 'unlinkImage' },
          },
        },
      },
    },
    // Which backup is the latest and when retention deletes it: not states the console shows.
    succession: {
      meta: { console: { hidden: true } },
      initial: 'latest',
      states: {
        latest: { on: { NEXT_STARTED: 'nextRunning' } },
        nextRunning: { meta: { rules: ['P5'] }, on: { NEXT_ENDED: 'superseded' } },
        superseded: {},
      },
    },
    expiry: {
      meta: { console: { hidden: true } },
      initial: 'resolving',
      states: {
        resolving: { always: [{ guard: 'hasExpiry', target: 'pending' }, { target: 'forever' }] },
        forever: { meta: { rules: ['P6'] } },
        pending: {
          meta: { rules: ['P6', 'P7', 'P8'] },
          on: { COUNT_HOLD: { actions: 'holdByCount' } },
          after: {
            expiryBatch: [
              { guard: and([stateIn('#backup.lifecycle.available'), 'retentionMayDelete', not('heldByCount')]), target: 'due', actions: raise({ type: 'EXPIRY_DUE' }) },
              { target: 'lapsed' },
            ],
          },
        },
        due: { meta: { rules: ['P8'] } },
        lapsed: { meta: { rules: ['P7', 'I8'] } },
      },
    },
  },
});

export type BackupSnapshot = ReturnType<typeof backupMachine.getInitialSnapshot>;

export const backupStatus = statusReader(backupMachine, 'lifecycle');

/**
 * The console's "Image can be created" mark: true for a server backup with system-disk data once
 * its snapshot phase is over while Creating, and while Available; false otherwise. It does not
 * change when an image is made (that is `imageId`).
 */
export function isImageable(snapshot: BackupSnapshot): boolean {
  return snapshot.matches({ lifecycle: { creating: 'imageCreatable' } }) ||
    (snapshot.matches({ lifecycle: 'available' }) && snapshot.context.resourceKind === 'server' && snapshot.context.containsSystemDisk);
}
