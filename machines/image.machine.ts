/**
 * # Image (IMS)
 *
 * A private image: a system-disk image, a data-disk image or a full-ECS image (C2, C6). Two
 * parallel regions:
 *
 * - **lifecycle**: `queued` (console "Creating") until its source is ready (for a full-ECS image
 *   of a server, until the backup made first is marked "Image can be created": C12), `saving`
 *   ("Creating") for the named delay `imageJob`, then `active` ("Normal") or `killed` ("Failed")
 *   when the job fails; `DELETE` leads to the final `deleted` (not while it is still being created:
 *   `IMG.0090`). Only `active` images provision servers (`Ecs.0032`): 1 to 100 in one batch (I6);
 *   system-disk and full-ECS images create servers, data-disk images create disks (C8). Full-ECS
 *   images cannot be exported (C9, `IMG.0128`). Only `active` images take a new name or
 *   description (`UPDATE`: updateImage, IMS `PATCH /v2/cloudimages/{id}`).
 * - **sourceBackup** (full-ECS images made from a CBR backup): `creating` while the backup is
 *   still Creating; the image then works only in the backup's AZ (I10, `Sim.ImageAzRestricted`) and
 *   cannot be deleted together with its backup (I11, `BackupService.6216`). Then `available`,
 *   `failed` (the backup ended in Error: `Ecs.0048`) or `gone` (the backup was deleted: `Ecs.0034`).
 *   Images with no backup stay in `none`.
 *
 * The image made from a backup is compressed, so it is smaller than the backup (I9:
 * `compressedSizeGB`). Deleting an image does not touch the servers made from it (C4): no
 * transition here reaches them.
 */
import { and, assign, setup, stateIn } from 'xstate';
import { allow, allowAction, refuse, refuseAction } from './refusal.js';
import { statusReader } from './status.js';

export type ImageKind = 'system-disk' | 'data-disk' | 'full-ecs';

/** I9: the backup is compressed when it becomes an image; the ratio keeps the image smaller. */
export const COMPRESSION_RATIO = 0.6;

/** I9: the size of a full-ECS image made from a backup of `backupGB`, always less than it. */
export function compressedSizeGB(backupGB: number): number {
  // The epsilon keeps 41 × 0.6 = 24.599999… at 24.6.
  const size = Math.floor(backupGB * COMPRESSION_RATIO * 10 + 1e-9) / 10;
  return size > 0 ? size : backupGB * COMPRESSION_RATIO;
}

export interface ImageInput {
  id: string;
  name: string;
  createdAt: number;
  imageKind: ImageKind;
  sizeGB: number;
  backupId: string | null;
  /** The status of the source backup when the image was made; `none` for images without one. */
  backupStatus: 'none' | 'creating' | 'available';
  az: string;
  os: 'linux' | 'windows';
  initTool: boolean;
  optimized: boolean;
  /** The disks a server made from this image gets (data disks only for full-ECS images). */
  systemDiskGB: number | null;
  dataDisksGB: number[];
  timing: { imageJobMs: number };
  willFail: boolean;
  /** S3: the IMS job that makes it (the world tells the job how the image fares). */
  jobId?: string | null;
}

export interface ImageContext extends ImageInput {
  provisioned: number;
  exports: number;
  /** IMS `__description`, set by `updateImage`; absent until then (and in saves made before it). */
  description?: string;
}

export type ImageEvent =
  | { type: 'SOURCE_READY' }
  | { type: 'BACKUP_AVAILABLE' }
  | { type: 'BACKUP_FAILED' }
  | { type: 'BACKUP_GONE' }
  | { type: 'PROVISION'; count: number; az: string }
  | { type: 'CREATE_DISK' }
  | { type: 'EXPORT' }
  | { type: 'UPDATE'; name?: string; description?: string }
  | { type: 'DELETE'; deleteBackup: boolean };

const notActive = {
  PROVISION: { actions: refuse('Ecs.0032', 'I6') },
  CREATE_DISK: { actions: refuse('Sim.InvalidState', 'C11') },
  EXPORT: [{ guard: 'isFullEcs', actions: refuse('IMG.0128', 'C9') }, { actions: refuse('Sim.InvalidState', 'C9') }],
  // updateImage (IMS `PATCH /v2/cloudimages/{id}`): only Normal images can be updated (cloud-facts §3.1).
  UPDATE: { actions: refuse('Sim.InvalidState') },
} as const;

export const imageMachine = setup({
  types: {
    context: {} as ImageContext,
    events: {} as ImageEvent,
    input: {} as ImageInput,
  },
  guards: {
    jobFails: ({ context }) => context.willFail,
    isFullEcs: ({ context }) => context.imageKind === 'full-ecs',
    createsDisks: ({ context }) => context.imageKind === 'data-disk',
    createsServers: ({ context }) => context.imageKind !== 'data-disk',
    countOutOfRange: ({ event }) =>
      event.type === 'PROVISION' && (!Number.isInteger(event.count) || event.count < 1 || event.count > 100),
    hasNoBackup: ({ context }) => context.backupId === null,
    backupWasAvailable: ({ context }) => context.backupStatus === 'available',
    backupCreating: stateIn('#image.sourceBackup.creating'),
    backupFailed: stateIn('#image.sourceBackup.failed'),
    backupGone: stateIn('#image.sourceBackup.gone'),
    outsideImageAz: ({ context, event }) => event.type === 'PROVISION' && event.az !== context.az,
    provisionOutsideBackupAz: and(['backupCreating', 'outsideImageAz']),
    asksToDeleteBackup: ({ event }) => event.type === 'DELETE' && event.deleteBackup,
    deleteBackupWithoutOne: and(['asksToDeleteBackup', stateIn('#image.sourceBackup.none')]),
    deleteBackupStillCreating: and(['asksToDeleteBackup', 'backupCreating']),
  },
  actions: {
    refuse: refuseAction,
    allow: allowAction,
    countProvisioned: assign({
      provisioned: ({ context, event }) => context.provisioned + (event.type === 'PROVISION' ? event.count : 0),
    }),
    countExport: assign({ exports: ({ context }) => context.exports + 1 }),
    update: assign(({ context, event }) => (event.type === 'UPDATE'
      ? { name: event.name ?? context.name, ...(event.description !== undefined ? { description: event.description } : {}) }
      : {})),
  },
  delays: {
    imageJob: ({ context }) => context.timing.imageJobMs,
  },
}).createMachine({
  id: 'image',
  type: 'parallel',
  context: ({ input }) => ({ ...input, provisioned: 0, exports: 0 }),
  states: {
    lifecycle: {
      initial: 'queued',
      states: {
        queued: {
          meta: { status: 'queued', label: 'Creating', rules: ['C12'] },
          on: {
            ...notActive,
            SOURCE_READY: 'saving',
            DELETE: { actions: refuse('IMG.0090') },
          },
        },
        saving: {
          meta: { status: 'saving', label: 'Creating' },
          on: { ...notActive, DELETE: { actions: refuse('IMG.0090') } },
          after: { imageJob: [{ guard: 'jobFails', target: 'killed' }, { target: 'active' }] },
        },
        active: {
          meta: { status: 'active', label: 'Normal' },
          on: {
            PROVISION: [
              { guard: 'countOutOfRange', actions: refuse('Sim.InvalidArgument', 'I6') },
              { guard: 'createsDisks', actions: refuse('Sim.InvalidArgument', 'C8') },
              { guard: 'backupFailed', actions: refuse('Ecs.0048', 'I6') },
              { guard: 'backupGone', actions: refuse('Ecs.0034', 'I6') },
              { guard: 'provisionOutsideBackupAz', actions: refuse('Sim.ImageAzRestricted', 'I10') },
              { actions: 'countProvisioned' },
            ],
            CREATE_DISK: [{ guard: 'createsServers', actions: refuse('Sim.InvalidArgument', 'C8') }, { actions: allow }],
            EXPORT: [{ guard: 'isFullEcs', actions: refuse('IMG.0128', 'C9') }, { actions: 'countExport' }],
            UPDATE: { actions: 'update' },
            DELETE: [
              { guard: 'deleteBackupWithoutOne', actions: refuse('Sim.InvalidArgument', 'I11') },
              { guard: 'deleteBackupStillCreating', actions: refuse('BackupService.6216', 'I11') },
              { target: 'deleted' },
            ],
          },
        },
        killed: {
          meta: { status: 'killed', label: 'Failed' },
          on: {
            ...notActive,
            DELETE: [
              { guard: 'deleteBackupWithoutOne', actions: refuse('Sim.InvalidArgument', 'I11') },
              { guard: 'deleteBackupStillCreating', actions: refuse('BackupService.6216', 'I11') },
              { target: 'deleted' },
            ],
          },
        },
        deleted: {
          meta: { status: 'deleted', label: 'Deleted' },
          type: 'final',
        },
      },
    },
    // What became of the backup the image was made from: shown on the backup, not the image.
    sourceBackup: {
      meta: { console: { hidden: true } },
      initial: 'resolving',
      states: {
        resolving: {
          always: [{ guard: 'hasNoBackup', target: 'none' }, { guard: 'backupWasAvailable', target: 'available' }, { target: 'creating' }],
        },
        none: {},
        creating: {
          meta: { rules: ['I10', 'I11'] },
          // No BACKUP_GONE here: a backup cannot go from Creating to deleted (B5), so `check` would
          // report such a transition as never taken.
          on: { BACKUP_AVAILABLE: 'available', BACKUP_FAILED: 'failed' },
        },
        available: { on: { BACKUP_GONE: 'gone' } },
        failed: { on: { BACKUP_GONE: 'gone' } },
        gone: {},
      },
    },
  },
});

export type ImageSnapshot = ReturnType<typeof imageMachine.getInitialSnapshot>;

export const imageStatus = statusReader(imageMachine, 'lifecycle');

/** I10: an active image whose backup is still Creating works only in the backup's AZ. */
export function isAzRestricted(snapshot: ImageSnapshot): boolean {
  return snapshot.matches({ sourceBackup: 'creating' }) && !snapshot.matches({ lifecycle: 'deleted' });
}


