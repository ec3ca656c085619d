/**
 * The console's words for what the charts call events, guards, delays and refusals: what a
 * console user clicks ("Delete", "Create Image"), what happens by itself ("after about 4 min"),
 * the condition in plain words ("if the backup fails") and what a refusal tells the user to do
 * ("delete the image first").
 *
 * One table for the console diagrams and for the walkthrough pages, so that a figure and the
 * text around it say the same thing. Delays are worded from the timings of the `realistic`
 * profile (src/sim/timings.ts), the ones a walkthrough runs with, for a resource of a given size.
 */
import type { ResourceKind } from '../sim/records.js';
import { backupTiming, localCopyTiming, REALISTIC, syncMs, type Timings } from '../sim/timings.js';

/** An event type → what the console user does or sees; `null` for what the console does not show. */
export type EventWords = Readonly<Record<string, string | null>>;

export const EVENT_WORDS: Readonly<Record<ResourceKind, EventWords>> = {
  backup: {
    CREATE_IMAGE: 'Create Image',
    IMAGE_UNLINKED: 'its image is deleted',
    DELETE: 'Delete',
    EXPIRE: 'its policy deletes it',
    EXPIRY_DUE: 'its policy deletes it',
    RESTORE: 'Restore',
    CREATE_DISK: 'Create Disk',
    VAULT_DELETED: 'its vault is deleted',
    RENAME: null,
    NEXT_STARTED: null,
    NEXT_ENDED: null,
    COUNT_HOLD: null,
    SHARE: 'Share',
    EXPORT: 'Export',
  },
  image: {
    SOURCE_READY: 'its source is ready',
    PROVISION: 'Apply for Server',
    CREATE_DISK: 'Create Disk',
    EXPORT: 'Export',
    // updateImage (a new name or description) changes no state, as a backup's RENAME: not drawn.
    UPDATE: null,
    DELETE: 'Delete',
    BACKUP_AVAILABLE: null,
    BACKUP_FAILED: null,
    BACKUP_GONE: null,
  },
  server: {
    STOP: 'Stop',
    START: 'Start',
    DELETE: 'Delete',
    CREATE_IMAGE: 'Create Image',
    ATTACH_DISK: 'Attach Disk',
    DETACH_DISK: 'Detach Disk',
    UPDATE: 'Modify',
    RESTORE_START: 'a restore starts',
    RESTORE_ENDED: 'the restore ends',
    RESTORE_FAILED: 'a restore fails',
    BACKUP_START: 'Back Up',
    SCHEDULED_BACKUP: null,
    BACKUP_ENDED: null,
    ADD_TO_VAULT: 'Associate with a vault',
    REMOVE_FROM_VAULT: 'Dissociate from its vault',
  },
  disk: {
    ATTACH: 'Attach',
    DETACH: 'Detach',
    DELETE: 'Delete',
    CREATE_IMAGE: 'Create Image',
    SERVER_DELETED: 'its server is deleted',
    RESTORE_START: 'a restore starts',
    // A disk ends a restore where it was, whether the restore worked or not.
    RESTORE_ENDED: 'the restore ends or fails',
    RESTORE_FAILED: 'the restore ends or fails',
    BACKUP_START: 'Back Up',
    SCHEDULED_BACKUP: null,
    BACKUP_ENDED: null,
    ADD_TO_VAULT: 'Associate with a vault',
    REMOVE_FROM_VAULT: 'Dissociate from its vault',
  },
  vault: {
    ADD_RESOURCES: 'Associate resources',
    REMOVE_RESOURCES: 'Dissociate resources',
    RESERVE: 'a backup is stored',
    RELEASE: 'a backup is deleted',
    UPDATE: 'Expand Capacity',
    APPLY_POLICY: 'Apply Policy',
    DISSOCIATE_POLICY: 'Dissociate Policy',
    RUN_ENDED: null,
    SYNC_START: 'Synchronize',
    VAULT_DELETE: 'Delete',
  },
  policy: {
    ENABLE: 'Enable',
    DISABLE: 'Disable',
    UPDATE: 'Modify',
    APPLY: 'Apply to a vault',
    DISSOCIATE: 'Dissociate from a vault',
    BACKUP_COMPLETED: null,
    RUN_BACKUP_FAILED: null,
    RUN_ENDED: null,
  },
  job: {
    START: 'the work starts',
    SUCCEED: 'what it makes is ready',
    FAIL: 'what it makes fails',
    SUBJOB_ENDED: 'a server of the batch is ready or fails',
  },
  site: {
    INSTALL_EBACKUP: 'Install eBackup',
    BACKUP_VM: 'eBackup backs a VM up',
    VM_ADDED: null,
    VM_REMOVED: null,
  },
  vm: {
    BACKUP_START: 'Back Up (eBackup)',
    COPY_MADE: 'eBackup has read it',
    DELETE: 'Delete',
    ADD_TO_VAULT: 'Associate with a hybrid vault',
    REMOVE_FROM_VAULT: 'Dissociate from its vault',
  },
  localCopy: {
    SYNC: 'Synchronize',
    SYNCED: null,
    EXPIRE: 'eBackup retention expires it',
  },
};

/**
 * A guard, as the engineering chart writes it → the condition in words ('' when the arrow's own
 * words already say it). A fallback transition after a guarded one has no guard and gets no
 * words: the guarded arrow beside it says when it is not taken.
 */
export const GUARD_WORDS: Readonly<Record<ResourceKind, Readonly<Record<string, string>>>> = {
  backup: {
    hasSystemDiskData: 'for a server backup with its system disk',
    jobFails: 'if the backup fails',
    retentionMayDelete: 'unless it has an image',
    hasExpiry: 'if its policy keeps it for a time',
    isVmwareBackup: 'for a VMware backup, synchronised',
  },
  image: {
    jobFails: 'if creating it fails',
    hasNoBackup: '',
    backupWasAvailable: '',
  },
  server: {
    jobFails: 'if creating it fails',
    restoreMayStart: '',
    powerOnAfterRestore: 'and powers it on',
  },
  disk: {
    isAttached: 'if attached to a server',
    protectionIdle: '',
    isSystemDisk: 'if it is the system disk',
  },
  vault: {
    reachesResourceLimit: 'reaching the limit',
    fillsVault: 'filling it',
    expandsCapacity: '',
  },
  policy: {
    startsEnabled: 'created enabled',
    '!startsEnabled': 'created disabled',
    isApplied: '',
    isLastVault: 'the last one',
  },
  job: {
    selfTimed: 'for an export',
    allSubJobsSucceeded: 'when every server is ready',
    someSubJobFailed: 'when every server ended and one failed',
  },
  site: {
    ebackupGiven: 'created with eBackup',
  },
  vm: {},
  localCopy: {},
};

/** What to do instead, by `kind event code`, `kind code`, `code rule` or `code`, most specific first. */
export const REFUSAL_WORDS: Readonly<Record<string, string>> = {
  // Backups (CBR)
  'BackupService.6201': 'wait until it is Available or Error',
  'BackupService.2005': 'only an Available backup',
  'backup RESTORE BackupService.2005': 'only an Available backup restores',
  'backup CREATE_DISK BackupService.2005': 'only an Available backup makes disks',
  'BackupService.6204': 'delete the image first',
  'BackupService.6216': 'wait until the next backup is made',
  'BackupService.2001': 'the target disk is too small',
  'Sim.RestoreTargetMissing': 'choose a disk for every disk backup',
  'Sim.RestoreOntoSystemDisk': 'a data disk backup cannot restore a system disk',
  'backup Sim.InvalidArgument': 'choose one of its disk backups',
  'BackupService.6207': 'only a server backup makes images',
  'BackupService.6209': 'the backup has no system disk',
  'Sim.PrerequisiteNotMet': 'install Cloud-Init, optimise the server, back it up again',
  'BackupService.6208': 'wait for “Image can be created”',
  'BackupService.6210': 'one image per backup',
  // Backing up and restoring (the protection of a server or a disk)
  'BackupService.7101': 'only a Running or Stopped server',
  'BackupService.7003': 'only an Available or In-use disk',
  'BackupService.6125': 'a backup of it is running',
  'BackupService.2002': 'wait until its backup is made',
  'BackupService.6215': 'wait until the restore ends',
  'BackupService.2010': 'a restore of it is running',
  'Sim.RestoreTargetFaulty': 'the server is Faulty',
  'Sim.InvalidState B3': 'not while it is being created or deleted',
  'BackupService.6103': 'it is in a vault already',
  'Sim.InvalidArgument': 'not allowed',
  'server ADD_TO_VAULT Sim.InvalidArgument': 'it is in this vault already',
  'disk ADD_TO_VAULT Sim.InvalidArgument': 'it is in this vault already',
  // Servers (ECS)
  'Sim.InvalidState R2': 'wait until the restore ends',
  'IMG.0126': 'only a Running or Stopped server',
  'IMG.0136': 'wait until its backup is made',
  // Disks (EVS)
  'disk ATTACH Sim.InvalidArgument': 'the server is in another AZ',
  'disk DETACH Sim.InvalidArgument': 'a system disk stays with its server',
  'disk CREATE_IMAGE Sim.InvalidArgument': 'image the server instead',
  // Images (IMS)
  'Ecs.0032': 'wait until the image is Normal',
  'Sim.InvalidState C11': 'wait until the image is Normal',
  'Sim.InvalidState C9': 'wait until the image is Normal',
  'IMG.0128': 'a full-ECS image cannot be exported',
  'IMG.0090': 'wait until it is created',
  'Ecs.0048': 'its backup failed',
  'Ecs.0034': 'its backup is deleted',
  'Sim.ImageAzRestricted': "only in the backup's AZ until it is Available",
  'image PROVISION Sim.InvalidArgument': 'not for this image or count',
  'image CREATE_DISK Sim.InvalidArgument': 'this image makes servers',
  'image DELETE Sim.InvalidArgument': 'it has no backup to delete',
  'image DELETE BackupService.6216': 'its backup is still Creating',
  // Vaults
  'BackupService.6100': 'at most 256 resources in a vault',
  'BackupService.6114': 'the vault is full: expand it',
  // On premises and hybrid vaults (C10)
  'BackupService.6136': 'no policy on a hybrid vault',
  'BackupService.7300': 'only a hybrid vault synchronizes',
  'BackupService.7302': 'a sync is running',
  'BackupService.1006': 'wait until it is uploaded',
  'BackupService.6207 V4': 'restore onto an ECS, back that up, image it',
  'BackupService.6702': 'only an Available backup is shared',
  'Sim.ShareNotSupported': 'only a server backup is shared',
  'Sim.VmwareBackupNotShareable': 'restore it onto an ECS instead',
  'Sim.VmwareBackupNoDisk': 'restore it onto an ECS instead',
  'Sim.BackupNotExportable': 'backups stay in the cloud',
  'Sim.EbackupNotInstalled': 'install eBackup first',
  'Sim.VsphereVersionUnsupported': 'its vSphere version is not supported',
  'Sim.AlreadySynced': 'it is synchronised already',
  'site INSTALL_EBACKUP Sim.InvalidState': 'eBackup is installed already',
  'localCopy EXPIRE Sim.InvalidState': 'wait until it is stored',
  'vm ADD_TO_VAULT Sim.InvalidArgument': 'it is in this vault already',
};

/** The words of `event` on a resource of `kind`: undefined when the table has none, null when hidden. */
export function eventWords(kind: ResourceKind, event: string): string | null | undefined {
  return EVENT_WORDS[kind][event];
}

/** The words of a guard; undefined when the table has none. */
export function guardWords(kind: ResourceKind, guard: string): string | undefined {
  return GUARD_WORDS[kind][guard];
}

/**
 * What a refusal tells the user: the most specific entry of REFUSAL_WORDS, or, for a command the
 * state simply does not take, "not while <state>" with the state as the console shows it.
 */
export function refusalWords(kind: ResourceKind, event: string, code: string, rule: string | null, stateLabel: string): string {
  const keys = [`${kind} ${event} ${code}`, `${kind} ${code}`, rule ? `${code} ${rule}` : '', code];
  for (const key of keys) {
    const words = key ? REFUSAL_WORDS[key] : undefined;
    if (words !== undefined) return words;
  }
  return `not while ${stateLabel}`;
}

export interface DelayContext {
  /** Timings to word delays with: the `realistic` profile, or parts of it replaced. */
  timings?: Partial<Timings>;
  /** The size of the resource in GB (a backup's phases grow with it); 40, the default server's system disk, when omitted. */
  sizeGB?: number;
  /** What an image is made from (how long IMS takes); `backup` when omitted. */
  imageFrom?: 'backup' | 'server' | 'disk' | 'file';
}

export const DEFAULT_SIZE_GB = 40;

/**
 * A duration as the console user would say it: "about 90 s", "about 4 min", "about 2 h" (seconds
 * up to two minutes and minutes up to ninety, as the refusal messages of src/sim/errors.ts say).
 */
export function aboutDuration(ms: number): string {
  if (ms < 120_000) return `about ${Math.max(1, Math.round(ms / 1000))} s`;
  if (ms < 90 * 60_000) return `about ${Math.round(ms / 60_000)} min`;
  if (ms < 36 * 3_600_000) return `about ${Math.round(ms / 3_600_000)} h`;
  return `about ${Math.round(ms / 86_400_000)} days`;
}

/** The words of a named delay of `kind`; undefined when the table has none. */
export function delayWords(kind: ResourceKind, delay: string, context: DelayContext = {}): string | undefined {
  const t: Timings = { ...REALISTIC, ...context.timings };
  const size = context.sizeGB ?? DEFAULT_SIZE_GB;
  const after = (ms: number): string => `after ${aboutDuration(ms)}`;
  const backup = backupTiming(t, size);
  const imageMs = { backup: t.imageFromBackupMs, server: t.imageFromServerMs, disk: t.imageFromDiskMs, file: t.importImageMs }[context.imageFrom ?? 'backup'];
  const words: Record<ResourceKind, Record<string, string>> = {
    backup: {
      snapshotPhase: after(backup.snapshotPhaseMs),
      dataTransfer: after(backup.dataTransferMs),
      restoreJob: after(backup.restoreMs),
      deleteJob: after(backup.deleteMs),
      failedBackupKept: 'after a month, its policy deletes it',
      expiryBatch: 'at 08:00 the day after it expires',
    },
    image: { imageJob: after(imageMs) },
    server: { provisionJob: after(t.provisionServerMs) },
    disk: { createJob: after(t.createDiskMs), deleteJob: after(t.deleteDiskMs) },
    vault: { syncRun: after(syncMs(t, 1)) },
    policy: { untilNextRun: 'backs up its vaults at each scheduled time' },
    job: { jobTime: after(t.exportImageMs) },
    site: {},
    vm: {},
    localCopy: { localBackup: after(localCopyTiming(t, size).localBackupMs), upload: after(localCopyTiming(t, size).uploadMs) },
  };
  return words[kind][delay];
}
