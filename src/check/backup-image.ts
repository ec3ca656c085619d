/**
 * The model the checker explores for one server backup and its possible image: the real backup
 * and image charts (or the ones a test hands in), composed the way the world composes them, with
 * every command of the API that concerns them as an event, and every timer as an event.
 */
import { getInitialSnapshot, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { compressedSizeGB } from '../../machines/image.machine.js';
import type { BackupInput } from '../../machines/backup.machine.js';
import type { ImageInput } from '../../machines/image.machine.js';
import type { Coverage } from './coverage.js';
import { newsForImage } from '../sim/routing.js';
import type { ModelState } from './explore.js';

export interface PairState extends ModelState {
  backup: AnyMachineSnapshot;
  image: AnyMachineSnapshot | null;
  /** C12: a full-ECS image of the server waits for this backup's "Image can be created" mark. */
  waiting: boolean;
  /** The backup went because its vault was deleted, not by a direct DELETE. */
  vaultDeleted: boolean;
}

export type PairEvent =
  | { type: 'createImageFromBackup' }
  | { type: 'deleteBackup' }
  | { type: 'deleteImage'; deleteBackup: boolean }
  | { type: 'restoreBackup'; disks?: keyof typeof RESTORE_PLANS }
  | { type: 'createDiskFromBackup'; child?: boolean }
  | { type: 'updateBackup' }
  | { type: 'retention' }
  | { type: 'expiryDue' }
  | { type: 'nextBackupStarts' }
  | { type: 'nextBackupEnds' }
  | { type: 'deleteVault' }
  | { type: 'provisionServers'; count: number; az: string }
  | { type: 'createDiskFromImage' }
  | { type: 'exportImage' }
  | { type: 'updateImage' }
  | { type: 'shareBackup' }
  | { type: 'exportBackup' }
  | { type: 'timer'; of: 'backup' | 'image'; event: string };

/** R3, R4: restore plans of one disk the world can send (a fitting one, and each refused kind). */
const RESTORE_PLANS = {
  fits: { backupId: 'backup-2', sizeGB: 100, systemDisk: false, diskId: 'disk', diskGB: 100, ontoSystemDisk: false },
  missing: { backupId: 'backup-2', sizeGB: 100, systemDisk: false, diskId: null, diskGB: null, ontoSystemDisk: false },
  ontoSystemDisk: { backupId: 'backup-2', sizeGB: 100, systemDisk: false, diskId: 'disk', diskGB: 100, ontoSystemDisk: true },
  tooSmall: { backupId: 'backup-2', sizeGB: 100, systemDisk: false, diskId: 'disk', diskGB: 40, ontoSystemDisk: false },
} as const;

export interface Charts {
  backup: AnyStateMachine;
  image: AnyStateMachine;
}

const BASE: BackupInput = {
  id: 'backup', name: 'backup', createdAt: 0, resourceId: 'server', resourceKind: 'server', vaultId: 'vault', az: 'az-1',
  sizeGB: 140, containsSystemDisk: true, autoTrigger: true, previousBackupId: null,
  server: { os: 'linux', initTool: true, optimized: true, systemDiskGB: 40, dataDisksGB: [100] },
  timing: { snapshotPhaseMs: 1, dataTransferMs: 1, restoreMs: 1, deleteMs: 1 }, willFail: false,
};

/** The kinds of backup the checker starts from: every guard of the backup chart gets both answers. */
export const BACKUP_VARIANTS: Record<string, Partial<BackupInput>> = {
  'automatic server backup': {},
  'manual server backup': { autoTrigger: false },
  // P6, P8: the expiry batch timer is an event too (a manual one with an expiry proves P3 anyway).
  'automatic server backup with an expiry': { expiredAt: 2, expiryBatchAt: 3 },
  'manual server backup with an expiry': { autoTrigger: false, expiredAt: 2, expiryBatchAt: 3 },
  'failing server backup': { willFail: true },
  'backup without the system disk': { containsSystemDisk: false, server: { ...BASE.server!, systemDiskGB: null } },
  'backup of a server without Cloud-Init': { server: { ...BASE.server!, initTool: false } },
  'disk backup': { resourceKind: 'disk', containsSystemDisk: false, server: null },
  'failing disk backup': { resourceKind: 'disk', containsSystemDisk: false, server: null, willFail: true },
  // C10: synchronised from on premises, born Available (V2); it never makes an image (V4).
  'VMware backup': {
    resourceKind: 'vmware', autoTrigger: false, copyId: 'copy-000000000001',
    server: { ...BASE.server!, initTool: false, optimized: false },
    children: [{ id: 'bk-000000000001-1', diskId: 'vm-000000000001-1', sizeGB: 40, systemDisk: true }, { id: 'bk-000000000001-2', diskId: 'vm-000000000001-2', sizeGB: 100, systemDisk: false }],
  },
};

/** The after-events a chart can raise (`xstate.after.<delay>.<state id>`). */
export function timerEvents(machine: AnyStateMachine): string[] {
  return machine.events.filter((e) => e.startsWith('xstate.after.'));
}

export function status(snapshot: AnyMachineSnapshot): string {
  const value = (snapshot.value as Record<string, unknown>).lifecycle;
  return typeof value === 'string' ? value : Object.keys(value as object)[0]!;
}

export function linked(backup: AnyMachineSnapshot): boolean {
  return (backup.value as Record<string, unknown>).imageLink === 'linked';
}

/** One chart step, through XState's pure `transition`; a refusal leaves the snapshot as it was. */
export function apply(chart: AnyStateMachine, cov: Coverage | undefined, snapshot: AnyMachineSnapshot, event: { type: string; [k: string]: unknown }) {
  cov?.selected(snapshot, event);
  const [next, actions] = transition(chart, snapshot, event as never);
  const refused = actions.some((a) => (a.type as string) === 'refuse');
  const result = refused ? snapshot : (next as AnyMachineSnapshot);
  cov?.reached(result);
  return { next: result, refused, actions };
}

function imageInputOf(backup: AnyMachineSnapshot, fails: boolean): ImageInput {
  const c = backup.context as BackupInput;
  return {
    id: 'image', name: 'image', createdAt: 0, imageKind: 'full-ecs', sizeGB: compressedSizeGB(c.sizeGB), backupId: c.id,
    backupStatus: status(backup) === 'available' ? 'available' : 'creating', az: c.az, os: 'linux', initTool: true, optimized: true,
    systemDiskGB: 40, dataDisksGB: [100], timing: { imageJobMs: 1 }, willFail: fails,
  };
}

/**
 * `imageFirst`: the C12 flow, where a full-ECS image of the server is made first and waits,
 * `queued`, for the backup made for it to be marked.
 */
export function pairModel(charts: Charts, variant: Partial<BackupInput>, coverage: { backup?: Coverage; image?: Coverage }, imageFails: boolean, imageFirst = false) {
  const input: BackupInput = { ...BASE, ...variant };
  const backupRoot = getInitialSnapshot(charts.backup, input) as AnyMachineSnapshot;
  coverage.backup?.reached(backupRoot, true);
  let firstImage: AnyMachineSnapshot | null = null;
  if (imageFirst) {
    firstImage = getInitialSnapshot(charts.image, imageInputOf(backupRoot, imageFails)) as AnyMachineSnapshot;
    coverage.image?.reached(firstImage, true);
  }
  const root: PairState = { status: 'active', output: undefined, error: undefined, backup: backupRoot, image: firstImage, waiting: imageFirst, vaultDeleted: false };

  const backupStep = (s: PairState, event: { type: string; [k: string]: unknown }) => apply(charts.backup, coverage.backup, s.backup, event);
  const imageStep = (snapshot: AnyMachineSnapshot, event: { type: string; [k: string]: unknown }) => apply(charts.image, coverage.image, snapshot, event);

  /** What the world forwards when the backup's status changes, and when the image is deleted. */
  const route = (prev: PairState, next: PairState): PairState => {
    let { image, backup, waiting } = next;
    const from = status(prev.backup);
    const to = status(backup);
    if (waiting && image && JSON.stringify(backup.value).includes('imageCreatable')) {
      // As the world does for C12: the image waiting for this backup is linked at the mark.
      backup = apply(charts.backup, coverage.backup, backup, { type: 'CREATE_IMAGE', imageId: 'image' }).next;
      image = imageStep(image, { type: 'SOURCE_READY' }).next;
      waiting = false;
    }
    // The same news the world forwards (lifecycle `creating` is the API status `protecting`).
    const news = newsForImage(from === 'creating' ? 'protecting' : from, to === 'creating' ? 'protecting' : to);
    if (image && news) image = imageStep(image, { type: news }).next;
    if (image && status(image) === 'deleted') {
      if (linked(backup)) backup = apply(charts.backup, coverage.backup, backup, { type: 'IMAGE_UNLINKED' }).next;
      image = null;
      waiting = false;
    }
    return { ...next, backup, image, waiting };
  };

  const step = (s: PairState, e: PairEvent): PairState => {
    const withBackup = (event: { type: string; [k: string]: unknown }) => {
      const r = backupStep(s, event);
      return r.refused ? s : route(s, { ...s, backup: r.next, vaultDeleted: s.vaultDeleted || event.type === 'VAULT_DELETED' });
    };
    const withImage = (event: { type: string; [k: string]: unknown }) => {
      if (!s.image) return s;
      const r = imageStep(s.image, event);
      return r.refused ? s : route(s, { ...s, image: r.next });
    };
    switch (e.type) {
      case 'createImageFromBackup': {
        if (s.image) {
          // The world asks the backup, which must refuse while it has an image (I5).
          const again = backupStep(s, { type: 'CREATE_IMAGE', imageId: 'second' });
          return again.refused ? s : { ...s, backup: again.next, image: null };
        }
        const r = backupStep(s, { type: 'CREATE_IMAGE', imageId: 'image' });
        if (r.refused) return s;
        const created = getInitialSnapshot(charts.image, imageInputOf(s.backup, imageFails)) as AnyMachineSnapshot;
        coverage.image?.reached(created, true);
        return { ...s, backup: r.next, image: imageStep(created, { type: 'SOURCE_READY' }).next };
      }
      case 'deleteBackup':
        return withBackup({ type: 'DELETE' });
      case 'deleteImage': {
        if (!s.image) return s;
        const r = imageStep(s.image, { type: 'DELETE', deleteBackup: e.deleteBackup });
        if (r.refused) return s;
        const after = route(s, { ...s, image: r.next });
        if (!e.deleteBackup || !s.image.context.backupId) return after;
        // The world refuses the whole command unless the backup accepts DELETE once unlinked.
        const d = apply(charts.backup, coverage.backup, after.backup, { type: 'DELETE' });
        return d.refused ? s : route(after, { ...after, backup: d.next });
      }
      case 'restoreBackup':
        return withBackup({ type: 'RESTORE', targetId: 'server', willFail: false, ...(e.disks ? { disks: [RESTORE_PLANS[e.disks]] } : {}) });
      case 'createDiskFromBackup':
        return withBackup(e.child ? { type: 'CREATE_DISK', childId: 'backup-1' } : { type: 'CREATE_DISK' });
      case 'updateBackup':
        return withBackup({ type: 'RENAME', name: 'renamed' });
      case 'retention':
        return withBackup({ type: 'EXPIRE' });
      case 'expiryDue':
        // P8: what the expiry region raises, sent in every state (a superset of when it is raised).
        return withBackup({ type: 'EXPIRY_DUE' });
      case 'nextBackupStarts':
        return withBackup({ type: 'NEXT_STARTED' });
      case 'nextBackupEnds':
        return withBackup({ type: 'NEXT_ENDED' });
      case 'deleteVault':
        return withBackup({ type: 'VAULT_DELETED' });
      case 'provisionServers':
        return withImage({ type: 'PROVISION', count: e.count, az: e.az });
      case 'createDiskFromImage':
        return withImage({ type: 'CREATE_DISK' });
      case 'exportImage':
        return withImage({ type: 'EXPORT' });
      case 'updateImage':
        return withImage({ type: 'UPDATE', name: 'renamed' });
      case 'shareBackup':
        // The projects it is shared with are not part of the state: sharing again changes nothing the rules see.
        return withBackup({ type: 'SHARE', projectIds: ['project-2'] });
      case 'exportBackup':
        return withBackup({ type: 'EXPORT' });
      case 'timer':
        return e.of === 'backup' ? withBackup({ type: e.event }) : withImage({ type: e.event });
    }
  };

  const events: PairEvent[] = [
    { type: 'createImageFromBackup' }, { type: 'deleteBackup' }, { type: 'deleteImage', deleteBackup: false }, { type: 'deleteImage', deleteBackup: true },
    { type: 'restoreBackup' }, { type: 'createDiskFromBackup' },
    ...(['fits', 'missing', 'ontoSystemDisk', 'tooSmall'] as const).map((disks) => ({ type: 'restoreBackup' as const, disks })), { type: 'createDiskFromBackup', child: true }, { type: 'updateBackup' }, { type: 'retention' }, { type: 'nextBackupStarts' }, { type: 'nextBackupEnds' },
    { type: 'deleteVault' }, { type: 'expiryDue' }, { type: 'provisionServers', count: 1, az: 'az-1' }, { type: 'provisionServers', count: 1, az: 'az-2' },
    { type: 'provisionServers', count: 0, az: 'az-1' }, { type: 'createDiskFromImage' }, { type: 'exportImage' }, { type: 'updateImage' },
    { type: 'shareBackup' }, { type: 'exportBackup' },
    ...timerEvents(charts.backup).map((event) => ({ type: 'timer' as const, of: 'backup' as const, event })),
    ...timerEvents(charts.image).map((event) => ({ type: 'timer' as const, of: 'image' as const, event })),
  ];

  // Counters (servers provisioned, exports) grow forever and say nothing about the rules: leave them out.
  const serialize = (s: PairState) =>
    JSON.stringify([s.backup.value, s.backup.context.imageId, s.backup.context.restore, s.image?.value ?? null, s.waiting, s.vaultDeleted]);

  return { root, step, events: () => events, serialize };
}

/** A standalone image (system-disk or data-disk, no backup): the image chart's other half. */
export function loneImageModel(chart: AnyStateMachine, kind: 'system-disk' | 'data-disk', fails: boolean, cov?: Coverage) {
  const input: ImageInput = {
    id: 'image', name: 'image', createdAt: 0, imageKind: kind, sizeGB: 20, backupId: null, backupStatus: 'none', az: 'az-1',
    os: 'linux', initTool: true, optimized: true, systemDiskGB: kind === 'system-disk' ? 20 : null, dataDisksGB: kind === 'data-disk' ? [20] : [],
    timing: { imageJobMs: 1 }, willFail: fails,
  };
  const first = getInitialSnapshot(chart, input) as AnyMachineSnapshot;
  cov?.reached(first, true);
  const root: PairState = { status: 'active', output: undefined, error: undefined, backup: first, image: first, waiting: false, vaultDeleted: false };
  const events: { type: string; [k: string]: unknown }[] = [
    { type: 'SOURCE_READY' }, { type: 'PROVISION', count: 1, az: 'az-1' }, { type: 'PROVISION', count: 101, az: 'az-1' }, { type: 'CREATE_DISK' }, { type: 'EXPORT' }, { type: 'UPDATE', name: 'renamed' },
    { type: 'DELETE', deleteBackup: false }, { type: 'DELETE', deleteBackup: true }, ...timerEvents(chart).map((type) => ({ type })),
  ];
  const step = (s: PairState, e: { type: string; [k: string]: unknown }): PairState => {
    const r = apply(chart, cov, s.image!, e);
    return r.refused ? s : { ...s, image: r.next, backup: r.next };
  };
  return { root, step, events: () => events, serialize: (s: PairState) => JSON.stringify(s.image!.value) };
}
