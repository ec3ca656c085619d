/**
 * How long things take in simulated time. 'realistic' gives believable durations (the snapshot
 * phase and the backup grow with the data size); 'instant' makes every phase 1 ms, keeping the
 * order of events; a partial object overrides single values of 'realistic'.
 */
import { invalidArgument } from './errors.js';
import { shown } from './bound.js';

export interface Timings {
  /** Until a server backup is marked "Image can be created" (B2): base + per GB. */
  snapshotPhaseBaseMs: number;
  snapshotPhasePerGBMs: number;
  /** From the mark until the backup is Available (B4): base + per GB. */
  dataTransferBaseMs: number;
  dataTransferPerGBMs: number;
  restoreBaseMs: number;
  restorePerGBMs: number;
  deleteBackupMs: number;
  /** Registering a full-ECS image on a backup is quick; imaging a server or disk is not. */
  imageFromBackupMs: number;
  imageFromServerMs: number;
  imageFromDiskMs: number;
  importImageMs: number;
  /** S3: an image export job (to OBS) [inference: minutes, like an import]. */
  exportImageMs: number;
  provisionServerMs: number;
  createDiskMs: number;
  deleteDiskMs: number;
  /**
   * C10 [inference: no source gives a figure]: eBackup's local backup of a VMware VM and its
   * upload to the vault's bucket grow with the VM's disks; a sync only registers copies already
   * in the bucket, so it takes a base time plus a little per copy.
   */
  localBackupBaseMs: number;
  localBackupPerGBMs: number;
  uploadBaseMs: number;
  uploadPerGBMs: number;
  syncBaseMs: number;
  syncPerCopyMs: number;
}

export const REALISTIC: Readonly<Timings> = Object.freeze({
  snapshotPhaseBaseMs: 120_000,
  snapshotPhasePerGBMs: 3_000,
  dataTransferBaseMs: 180_000,
  dataTransferPerGBMs: 20_000,
  restoreBaseMs: 300_000,
  restorePerGBMs: 10_000,
  deleteBackupMs: 60_000,
  imageFromBackupMs: 60_000,
  imageFromServerMs: 540_000,
  imageFromDiskMs: 300_000,
  importImageMs: 600_000,
  exportImageMs: 300_000,
  provisionServerMs: 90_000,
  createDiskMs: 30_000,
  deleteDiskMs: 10_000,
  localBackupBaseMs: 300_000,
  localBackupPerGBMs: 20_000,
  uploadBaseMs: 120_000,
  uploadPerGBMs: 30_000,
  syncBaseMs: 30_000,
  syncPerCopyMs: 10_000,
});

/** The timings added after the first saves: a save made before them takes the realistic ones. */
export const LATER_TIMINGS: readonly (keyof Timings)[] = [
  'exportImageMs', 'localBackupBaseMs', 'localBackupPerGBMs', 'uploadBaseMs', 'uploadPerGBMs', 'syncBaseMs', 'syncPerCopyMs',
];

export const INSTANT: Readonly<Timings> = Object.freeze(
  Object.fromEntries(Object.keys(REALISTIC).map((key) => [key, key.endsWith('PerGBMs') ? 0 : 1])) as unknown as Timings,
);

export type Profile = 'realistic' | 'instant' | Partial<Timings>;

export function resolveTimings(profile: Profile | undefined): Timings {
  if (profile === undefined || profile === 'realistic') return { ...REALISTIC };
  if (profile === 'instant') return { ...INSTANT };
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) {
    throw invalidArgument(`profile must be 'realistic', 'instant' or an object of timings; got ${shown(profile)}`);
  }
  const timings = { ...REALISTIC };
  for (const [key, value] of Object.entries(profile)) {
    if (!(key in REALISTIC)) {
      throw invalidArgument(`profile has an unknown timing "${key}"; known timings: ${Object.keys(REALISTIC).join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalidArgument(`profile.${key} must be a number of milliseconds ≥ 0; got ${shown(value)}`);
    }
    timings[key as keyof Timings] = value;
  }
  return timings;
}

export function backupTiming(t: Timings, sizeGB: number) {
  return {
    snapshotPhaseMs: Math.round(t.snapshotPhaseBaseMs + t.snapshotPhasePerGBMs * sizeGB),
    dataTransferMs: Math.round(t.dataTransferBaseMs + t.dataTransferPerGBMs * sizeGB),
    restoreMs: Math.round(t.restoreBaseMs + t.restorePerGBMs * sizeGB),
    deleteMs: t.deleteBackupMs,
  };
}

/** C10: how long eBackup backs a VM of `sizeGB` up on premises, and uploads the copy. */
export function localCopyTiming(t: Timings, sizeGB: number) {
  return {
    localBackupMs: Math.round(t.localBackupBaseMs + t.localBackupPerGBMs * sizeGB),
    uploadMs: Math.round(t.uploadBaseMs + t.uploadPerGBMs * sizeGB),
  };
}

/** V1: how long a sync of `copies` local copies runs. */
export function syncMs(t: Timings, copies: number): number {
  return Math.round(t.syncBaseMs + t.syncPerCopyMs * copies);
}
