/**
 * The one error a simulation throws. `code` is the real service's code where one exists
 * (`BackupService.6204`, `IMG.0015`, `Ecs.0032`…) or a `Sim.*` code; `message` says what happened
 * and what to do next; `details` names the ids involved. A refused command changes nothing.
 */
import type { RefusalCode, RefuseParams } from '../../machines/refusal.js';

export type SimulationErrorCode =
  | RefusalCode | 'Sim.NotFound' | 'Sim.AlreadyDeleted' | 'Sim.InvalidSave' | 'Sim.Busy' | 'Sim.OffScript'
  // S1: a restore point that could back up none of its resources (rest-api.md §2.3).
  | 'BackupService.0001';

export class SimulationError extends Error {
  readonly code: SimulationErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: SimulationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SimulationError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function invalidArgument(message: string, details: Record<string, unknown> = {}): SimulationError {
  return new SimulationError('Sim.InvalidArgument', message, details);
}

/** What a refusal message may mention about the resource that refused and the command. */
export interface RefusalFacts {
  verb: string;
  kind: string;
  id: string;
  label: string;
  [key: string]: unknown;
}

type Template = (f: RefusalFacts) => string;

const NOUNS: Record<string, string> = { vm: 'VM', localCopy: 'Local copy' };
const Kind = (f: RefusalFacts) => NOUNS[f.kind] ?? f.kind.charAt(0).toUpperCase() + f.kind.slice(1);

/** A wait in words: "about 90 s", "about 2 min". */
function about(ms: unknown, fallbackMs: number): string {
  const n = typeof ms === 'number' && Number.isFinite(ms) ? ms : fallbackMs;
  if (n >= 120_000) return `about ${Math.round(n / 60_000)} min`;
  if (n >= 1000) return `about ${Math.round(n / 1000)} s`;
  return `about ${n} ms`;
}

const timingOf = (f: RefusalFacts, key: string): unknown => (f.timing as Record<string, unknown> | undefined)?.[key];
/** "wait until it is built (about 90 s after it was created)", for a server still in BUILD. */
const untilBuilt = (f: RefusalFacts) => `wait until it is built (${about(timingOf(f, 'provisionMs'), 90_000)} after it was created)`;
/** "wait until it is created (about 30 s)", for a disk still being created. */
const untilCreated = (f: RefusalFacts) => `wait until it is created (${about(timingOf(f, 'createMs'), 30_000)} after it was ordered)`;
const requested = (f: RefusalFacts): Record<string, unknown> => (typeof f.request === 'object' && f.request !== null ? (f.request as Record<string, unknown>) : {});

/** I4: the `updateServer` call that installs what a server lacks. */
function updateCall(f: RefusalFacts): string {
  const missing = String(f.missing ?? '');
  const changes = [missing.includes('Init') ? 'initTool: true' : '', missing.includes('optimization') ? 'optimized: true' : ''].filter(Boolean);
  return `updateServer('${String(f.resourceId)}', { ${(changes.length ? changes : ['initTool: true', 'optimized: true']).join(', ')} })`;
}

/** V4: what to do with a VMware backup instead of an image, a disk, a share or an export. */
const ONLY_RESTORE =
  'VMware backups can only be restored onto an ECS: to get an image, restore it onto an ECS (restoreBackup with targetId), back that ECS up, and make the image from that backup.';

/** "Backup bk-…", or for the backup a full-ECS image of a server would make first (C12), that. */
const backupOf = (f: RefusalFacts) => (f.id === '(new)' ? `The backup of server ${f.resourceId} the image needs` : `Backup ${f.id}`);

/** An image that ended Failed (killed) never becomes Normal. */
const failedImage = (f: RefusalFacts, what: string) =>
  `Image ${f.id} is Failed: its creation failed and it will never be Normal, so it cannot ${what}. Delete it and create the image again.`;

/** What a server that is not Running or Stopped can do instead of `what`. */
function serverNotReady(f: RefusalFacts, what: string, faulty: string): string {
  switch (f.label) {
    case 'Creating':
      return `Server ${f.id} is Creating (still being built); ${untilBuilt(f)} and Running, then ${what}.`;
    case 'Faulty':
      return `Server ${f.id} is Faulty and will not run again; ${faulty}`;
    default:
      return `Server ${f.id} is ${f.label}; it can no longer be used. ${faulty}`;
  }
}

/** What a disk that is busy (being created, restored or deleted) can do instead of `what`. */
function diskBusy(f: RefusalFacts, what: string): string {
  switch (f.label) {
    case 'Creating':
      return `Disk ${f.id} is Creating; ${untilCreated(f)}, then ${what}.`;
    case 'Restoring':
      return `Disk ${f.id} is being restored from a backup; ${what} after the restore ends.`;
    default:
      return `Disk ${f.id} is ${f.label === 'Deleting' ? 'being deleted' : f.label}; it can no longer be used, so ${what} is not possible. Use another disk.`;
  }
}

/**
 * Messages by `code`; where one code serves several rules, by `code:rule`; where a code has no rule,
 * by `code@EVENT` (the chart's event). Each names the resource, the reason, and a next step that is
 * possible from the state it is given in.
 */
const TEMPLATES: Partial<Record<string, Template>> = {
  'BackupService.6208': (f) => {
    switch (f.label) {
      case 'Error':
        return `Backup ${f.id} is Error: its job failed, so it will never be marked "Image can be created" nor be Available (I1, B4). Back the server up again and create the image from the new backup.`;
      case 'Restoring':
        return `Backup ${f.id} is Restoring; an image needs a backup that is Available or marked "Image can be created" (I1). Wait until the restore ends (the backup is then Available again), then create the image.`;
      case 'Creating':
        return f.resourceKind === 'server' && f.containsSystemDisk && !f.imageable
          ? `Backup ${f.id} is Creating and not marked "Image can be created" yet (I1); advance the clock until the mark appears (after its snapshot phase), or until it is Available.`
          : `Backup ${f.id} is Creating and not marked "Image can be created" (I1); advance the clock until it is Available.`;
      default:
        return `Backup ${f.id} is ${f.label === 'Deleting' ? 'being deleted' : f.label} and can no longer make an image (I1); create the image from another backup of ${f.resourceId}, or back it up again.`;
    }
  },
  'BackupService.6207': (f) => `${backupOf(f)} is a disk (EVS) backup; only ECS server backups can create images (I2). Back up the server instead.`,
  'BackupService.6207:V4': (f) => `Backup ${f.id} is a VMware backup synchronised from on premises; only ECS server backups can create images (I2, V4). ${ONLY_RESTORE}`,
  'BackupService.6209': (f) =>
    `${backupOf(f)} does not contain the system disk (I3); back the server up with its system disk and create the image from that backup.`,
  'Sim.PrerequisiteNotMet': (f) =>
    f.verb === 'createImageFromServer'
      ? `Server ${f.resourceId} has no ${f.missing} (I4), and a full-ECS image needs both Cloud-Init (Cloudbase-Init on Windows) and optimization; install them with ${updateCall(f)} while the server is Running, then create the image.`
      : `Backup ${f.id} of server ${f.resourceId} was made without ${f.missing} (I4), so it cannot make a full-ECS image; install it with ${updateCall(f)} while the server is Running, back the server up again and create the image from the new backup.`,
  'BackupService.6210': (f) =>
    `Backup ${f.id} already has image ${f.imageId}; a backup makes only one full-ECS image (I5). Use image ${f.imageId} to provision servers.`,
  'BackupService.6204': (f) => `Backup ${f.id} has image ${f.imageId} (I7); delete image ${f.imageId} first, then the backup.`,
  'BackupService.6201': (f) => {
    const subject = f.verb === 'deleteVault' ? `Vault ${f.vaultId} cannot be deleted yet: its backup ${f.id}` : `Backup ${f.id}`;
    const then = f.verb === 'deleteVault' ? `delete vault ${f.vaultId}` : 'delete it';
    switch (f.label) {
      case 'Deleting':
        return `${subject} is already being deleted (B5); nothing more to do: it is gone when its deletion job ends (advance the clock).`;
      case 'Restoring':
        return `${subject} is Restoring; only Available or Error backups can be deleted (B5). Wait until the restore ends, then ${then}.`;
      default:
        return `${subject} is ${f.label}; only Available or Error backups can be deleted (B5). Wait until it is Available or Error, then ${then}.`;
    }
  },
  'BackupService.6216:P5': (f) =>
    `Backup ${f.id} is the most recent backup of ${f.resourceId} and the next backup is running (P5); delete it after that backup ends.`,
  'BackupService.6216:I11': (f) =>
    `Image ${f.id}'s backup ${f.backupId} is still Creating (I11); delete the image without its backup, or wait until the backup is Available.`,
  'BackupService.2005': (f) => {
    switch (f.label) {
      case 'Error':
        return `Backup ${f.id} is Error and cannot be used (B4); delete it and use another backup.`;
      case 'Restoring':
        return `Backup ${f.id} is Restoring: a restore is using it now (B3). Wait until that restore ends (the backup is then Available again).`;
      case 'Creating':
        return `Backup ${f.id} is Creating; only Available backups can be used (B3). Wait until it is Available.`;
      default:
        return `Backup ${f.id} is ${f.label === 'Deleting' ? 'being deleted' : f.label} and can no longer be used (B3); use another Available backup of ${f.resourceId}.`;
    }
  },
  'BackupService.6125': (f) => `${Kind(f)} ${f.id} is already being backed up; wait until that backup ends.`,
  'BackupService.6215': (f) => `${Kind(f)} ${f.id} is being restored; back it up after the restore ends.`,
  'BackupService.2002': (f) => `${Kind(f)} ${f.id} is being backed up; restore onto it after that backup ends.`,
  'BackupService.2010': (f) => `${Kind(f)} ${f.id} is already being restored; wait until that restore ends.`,
  'BackupService.7101': (f) =>
    serverNotReady(f, 'back it up', 'only Running or Stopped servers can be backed up. Its existing backups are kept: restore one onto another server, or delete this one and create a new server.'),
  'BackupService.7003': (f) =>
    f.label === 'Creating'
      ? `Disk ${f.id} is Creating; only Available or In-use disks can be backed up: ${untilCreated(f)}, then back it up.`
      : diskBusy(f, 'back it up'),
  'BackupService.6114': (f) => {
    const used = Number(f.usedGB);
    const capacity = Number(f.capacityGB);
    const state = used >= capacity ? 'is full' : 'has too little space left';
    const what = `Vault ${f.id} ${state} (${used} of ${capacity} GB used) and ${f.gb} GB more do not fit (P10)`;
    // An auto-expanding vault refuses only past the largest size, or when it was full before
    // auto-expansion was enabled (then it is still exactly full).
    if (f.autoExpand === true && used < capacity) {
      return `${what}, even grown to the largest vault; put the resource in another vault.`;
    }
    const late = f.autoExpand === true ? '; auto-expansion was enabled after it was full, which does not help' : '';
    return `${what}${late}; delete backups, or expand it: updateVault(${JSON.stringify(f.id)}, { capacityGB: ${Math.ceil(used + Number(f.gb))} }).`;
  },
  'BackupService.6001': (f) =>
    `The account has ${f.policies} backup policies in region ${f.id}, the most it can have (32, P10); delete a policy you no longer need (deletePolicy), or change one (updatePolicy) instead of creating another.`,
  'BackupService.6100': (f) => {
    const adding = Array.isArray(requested(f).ids) ? (requested(f).ids as unknown[]).length : 0;
    const held = Array.isArray(f.resourceIds) ? f.resourceIds.length : 0;
    return f.id === '(new)'
      ? `A vault holds at most 256 resources, and the new vault "${f.name}" was given ${adding}; create it with at most 256 and put the others in another vault.`
      : `Vault ${f.id} holds ${held} resources, and ${adding} more would pass 256, the most a vault can; add at most ${Math.max(0, 256 - held)}, remove resources from it, or use another vault.`;
  },
  'BackupService.6103': (f) => `${Kind(f)} ${f.id} is already in vault ${f.vaultId}; remove it from that vault first.`,
  // C10: on premises and hybrid vaults (V1–V4).
  'BackupService.6136': (f) =>
    `Vault ${f.id} is a hybrid cloud backup vault, and backup policies cannot be applied to hybrid vaults (V4): eBackup schedules and retains VMware backups on premises. Apply the policy to a server or disk vault.`,
  'BackupService.7300': (f) =>
    `Vault ${f.id} is a ${f.resourceKind} backup vault, which does not support synchronization (V1); synchronise VMware backups into a hybrid vault: createVault({ name, kind: 'vmware' }).`,
  'BackupService.7302': (f) =>
    f.verb === 'deleteVault'
      ? `Vault ${f.id} is synchronising backups (V1); advance the clock until that sync task ends (list('task', { operationType: 'sync' })), then delete it.`
      : `Vault ${f.id} is already synchronising backups (V1), one sync at a time; advance the clock until that sync task ends (list('task', { operationType: 'sync' })), then sync again.`,
  'BackupService.1006': (f) =>
    `Local copy ${f.id} is ${f.label}, not uploaded to the vault yet, so it could not be imported (V1); advance the clock until it is Uploaded, then sync it again.`,
  'BackupService.6702': (f) => {
    switch (f.label) {
      case 'Creating':
      case 'Restoring':
        return `Backup ${f.id} is ${f.label}; only Available backups can be shared. Wait until it is Available, then share it.`;
      case 'Error':
        return `Backup ${f.id} is Error and will never be Available; only Available backups can be shared. Share another backup of ${f.resourceId}, or back it up again.`;
      default:
        return `Backup ${f.id} is ${f.label === 'Deleting' ? 'being deleted' : f.label}; only Available backups can be shared. Share another backup of ${f.resourceId}.`;
    }
  },
  'Sim.ShareNotSupported': (f) => `Backup ${f.id} is a disk (EVS) backup; only ECS server backups can be shared. Share a backup of the server instead.`,
  'Sim.VmwareBackupNotShareable': (f) => `Backup ${f.id} is a VMware backup; only ECS server backups can be shared (V4). ${ONLY_RESTORE}`,
  'Sim.VmwareBackupNoDisk': (f) => `Backup ${f.id} is a VMware backup and cannot be turned into a disk (V4). ${ONLY_RESTORE}`,
  'Sim.BackupNotExportable:C9': (f) =>
    `Backup ${f.id}: CBR keeps backups in the cloud, and a backup cannot be exported (C9); export a system-disk or data-disk image instead (createImageFromServer or createImageFromDisk, then exportImage).`,
  'Sim.BackupNotExportable:V4': (f) => `Backup ${f.id} is a VMware backup, and backups cannot be exported (C9, V4). ${ONLY_RESTORE}`,
  'Sim.EbackupNotInstalled': (f) =>
    `Site ${f.id} has no eBackup, the software that backs VMware VMs up on premises (V1); install it first: installEbackup(${JSON.stringify(f.id)}).`,
  'Sim.VsphereVersionUnsupported': (f) =>
    `VM ${f.id} runs on vSphere ${f.vsphereVersion}, which eBackup does not back up here (V1; supported: ${Array.isArray(f.supportedVersions) ? f.supportedVersions.join(', ') : 'see the simulation\'s vsphereVersions'}); move it to a host with a supported vSphere version.`,
  'Sim.AlreadySynced': (f) => `Local copy ${f.id} was already synchronised as backup ${f.backupId} (V1); use that backup (get(${JSON.stringify(f.backupId)})).`,
  'Ecs.0032': (f) => (f.label === 'Failed' ? failedImage(f, 'provision servers') : `Image ${f.id} is ${f.label}, not Normal; wait until it is Normal to use it.`),
  'Ecs.0048': (f) =>
    `Image ${f.id} cannot provision servers: its backup ${f.backupId} ended in Error. Delete the image and make one from an Available backup.`,
  'Ecs.0034': (f) =>
    `Image ${f.id} cannot provision servers: its backup ${f.backupId} was deleted. Delete the image and make a new full-ECS image from another Available backup of the server (or back the server up again first).`,
  'Sim.ImageAzRestricted': (f) =>
    `Image ${f.id} works only in ${f.imageAz} until its backup ${f.backupId} is Available (I10); provision in ${f.imageAz}, or advance the clock until the backup is Available.`,
  'IMG.0015': (f) => `The private image quota of region ${f.id} (${f.imageQuota}) is reached (I12); delete an image first.`,
  'IMG.0128': (f) => `Image ${f.id} is a full-ECS image, and full-ECS images cannot be exported (C9); export a system-disk or data-disk image.`,
  'IMG.0090': (f) => `Image ${f.id} is still being created (${f.label}); delete it once it is Normal or Failed.`,
  'IMG.0126': (f) =>
    serverNotReady(f, 'create the image', 'images are made only from Running or Stopped servers. Create the image from one of its backups instead (createImageFromBackup).'),
  'IMG.0136': (f) =>
    `Server ${f.id} is being backed up, and a full-ECS image of it would back it up again (IMG.0136); wait until that backup ends, or create the image from that backup (createImageFromBackup) once it is marked "Image can be created".`,
  'Sim.InvalidArgument:C7': (f) =>
    `Backup ${f.id} is a server backup; new disks are made from disk backups (C7). Restore the server or create a full-ECS image from it.`,
  'Sim.InvalidArgument:C8': (f) =>
    f.verb === 'provisionServers'
      ? `Image ${f.id} is a data-disk image: it creates disks, not servers (C8). Use createDiskFromImage.`
      : `Image ${f.id} is a ${f.imageKind} image: it creates servers, not disks (C8). Use provisionServers.`,
  'Sim.InvalidArgument:C6': (f) => `Disk ${f.id} is a system disk; make a system-disk image from its server with createImageFromServer (C6).`,
  'Sim.InvalidArgument:I6': (f) => `Image ${f.id}: count must be a whole number from 1 to 100: one request provisions at most 100 servers (I6).`,
  'Sim.InvalidArgument:I11': (f) => `Image ${f.id} was not made from a backup, so there is no backup to delete with it; leave out deleteBackup.`,
  'Sim.InvalidState:C9': (f) =>
    f.label === 'Failed' ? failedImage(f, 'be exported') : `Image ${f.id} is ${f.label}; only Normal images can be exported. Wait until it is Normal, then export it.`,
  'Sim.InvalidState:C11': (f) =>
    f.label === 'Failed' ? failedImage(f, 'create disks') : `Image ${f.id} is ${f.label}, not Normal; wait until it is Normal to create disks from it.`,
  'Sim.InvalidState:B3': (f) =>
    f.kind === 'server'
      ? serverNotReady(f, 'restore onto it', 'restore onto another server (targetId), or delete this one.')
      : diskBusy(f, 'restore onto it'),

  // Refusals with no service code: the chart's event says which rule it is.
  'Sim.InvalidArgument@ADD_TO_VAULT': (f) =>
    `${Kind(f)} ${f.id} is already in vault ${f.vaultId}; there is nothing to add (it is protected there). To move it, remove it from vault ${f.vaultId} first.`,
  'Sim.InvalidArgument@ATTACH': (f) =>
    `Disk ${f.id} is in ${f.az}, and server ${String(requested(f).serverId)} is in ${String(requested(f).serverAz)}: a disk attaches only to a server in its own AZ. Attach it to a server in ${f.az}, or make a disk in ${String(requested(f).serverAz)} (for example from a backup of this one).`,
  'Sim.InvalidArgument@DETACH': (f) =>
    `Disk ${f.id} is the system disk of server ${f.serverId} and cannot be detached; it stays with its server (delete the server to delete it). Detach a data disk instead.`,
  'Sim.InvalidState@ATTACH': (f) =>
    f.label === 'In-use'
      ? `Disk ${f.id} is already attached to server ${f.serverId}; detach it first (detachDisk) to attach it elsewhere.`
      : diskBusy(f, 'attach it'),
  'Sim.InvalidState@DETACH': (f) =>
    f.label === 'Available' ? `Disk ${f.id} is Available: it is attached to no server, so there is nothing to detach.` : diskBusy(f, 'detach it'),
  'Sim.InvalidState@DELETE': (f) => {
    if (f.kind === 'server') {
      return f.label === 'Creating'
        ? `Server ${f.id} is still being built; ${untilBuilt(f)}, then delete it.`
        : `Server ${f.id} is ${f.label}; it is already deleted.`;
    }
    if (f.label === 'In-use') {
      return f.role === 'system'
        ? `Disk ${f.id} is the system disk of server ${f.serverId}, in use; it is deleted with its server: delete server ${f.serverId}.`
        : `Disk ${f.id} is In-use, attached to server ${f.serverId}; detach it first (detachDisk), then delete it.`;
    }
    return diskBusy(f, 'delete it');
  },
  'Sim.InvalidState@CREATE_IMAGE': (f) => diskBusy(f, 'create the image'),
  'Sim.InvalidState@STOP': (f) =>
    f.label === 'Stopped' ? `Server ${f.id} is already Stopped; nothing to do (startServer runs it again).` : serverNotReady(f, 'stop it', 'delete it and create a new server.'),
  'Sim.InvalidState@START': (f) =>
    f.label === 'Running'
      ? `Server ${f.id} is already Running; nothing to do.`
      : f.label === 'Creating'
        ? `Server ${f.id} is Creating; it starts by itself once built (${about(timingOf(f, 'provisionMs'), 90_000)} after it was created).`
        : serverNotReady(f, 'start it', 'it cannot be started: delete it and create a new server.'),
  'Sim.InvalidState@ATTACH_DISK': (f) => serverNotReady(f, 'attach the disk', 'attach the disk to another server.'),
  'Sim.InvalidState@UPDATE': (f) =>
    f.kind === 'image'
      ? (f.label === 'Failed'
        ? failedImage(f, 'be updated')
        : `Image ${f.id} is ${f.label}; only Normal images can be renamed or described. Wait until it is Normal (its job: get(${JSON.stringify(f.jobId ?? 'its jobId')})), then update it.`)
      : f.label === 'Stopped'
      ? `Server ${f.id} is Stopped; Cloud-Init is installed and the server optimised from inside a running server: start it (startServer), then updateServer.`
      : serverNotReady(f, 'update it', 'nothing can be installed on it: create a new server (with initTool and optimized) instead.'),
  'Sim.InvalidState@APPLY_POLICY': (f) =>
    `Vault ${f.id} already has policy ${f.policyId}, and a vault has at most one (C5); dissociate it first (dissociatePolicy), then apply the new one.`,
  'Sim.InvalidState@INSTALL_EBACKUP': (f) => `Site ${f.id} already has eBackup installed; back its VMs up on premises with backupVmOnPrem.`,
  'Sim.InvalidState@EXPIRE': (f) =>
    `Local copy ${f.id} is still being backed up on premises; eBackup's retention expires only a finished copy. Advance the clock until it is Stored, then expire it.`,
  'Sim.InvalidState@DISSOCIATE_POLICY': (f) => `Vault ${f.id} has no policy, so there is none to dissociate; apply one with applyPolicy.`,
};

/**
 * The message of a refusal no template covers. Every refusal a chart declares has a template
 * (`test/sim/refusal-messages.test.ts` walks them all), so this only shows a missing one.
 */
export function fallbackMessage(facts: RefusalFacts): string {
  return `${Kind(facts)} ${facts.id} is ${facts.label}: ${facts.verb} is not possible now.`;
}

/** The message when a chart has no transition at all for the command's event. */
export function unhandledMessage(facts: RefusalFacts): string {
  return `${Kind(facts)} ${facts.id} is ${facts.label}, and a ${facts.kind} that is ${facts.label} takes no ${facts.verb}; list(${JSON.stringify(facts.kind)}) shows what it is doing.`;
}

/** R2–R4: the restore a locked resource waits for, from its record's `restore` (ISO end time). */
const lockOf = (f: RefusalFacts) => {
  const lock = f.restore as { backupId?: string; endsAt?: string } | null | undefined;
  return lock ? `from backup ${lock.backupId} until ${lock.endsAt}` : 'now';
};
const diskOf = (d: unknown) =>
  (d ?? { backupId: '(a disk backup)', sizeGB: '?', systemDisk: false, diskId: '(a disk)', diskGB: '?' }) as { backupId: string; sizeGB: number; systemDisk: boolean; diskId: string | null; diskGB: number | null };

Object.assign(TEMPLATES, {
  'Sim.InvalidState:R2': (f: RefusalFacts) =>
    `${Kind(f)} ${f.id} is being restored ${lockOf(f)} (R2); ${f.verb} is refused while the restore runs. Advance the clock until the restore ends, then ${f.verb} again.`,
  'BackupService.6215:R2': (f: RefusalFacts) =>
    `${Kind(f)} ${f.id} is being restored ${lockOf(f)} (R2); back it up after the restore ends.`,
  'BackupService.2010:R4': (f: RefusalFacts) =>
    `${Kind(f)} ${f.id} is already being restored ${lockOf(f)}; restores of one resource do not run at the same time (R4). Restore again after that one ends.`,
  'Sim.RestoreTargetFaulty': (f: RefusalFacts) =>
    `Server ${f.id} is Faulty (R4): nothing is restored onto a Faulty server. Restore onto a Running or Stopped server with targetId, or delete server ${f.id} and create a new one.`,
  'Sim.RestoreTargetMissing': (f: RefusalFacts) => {
    const d = diskOf(f.missingDisk);
    return `Disk backup ${d.backupId} (${d.sizeGB} GB, ${d.systemDisk ? 'system' : 'data'} disk) of backup ${f.id} has no target disk on ${f.targetId ?? 'the target server'} (R3); ` +
      `attach a ${d.systemDisk ? '' : 'data '}disk of at least ${d.sizeGB} GB to ${f.targetId ?? 'the target server'} (attachDisk), or name one in mappings.`;
  },
  'Sim.RestoreOntoSystemDisk': (f: RefusalFacts) => {
    const d = diskOf(f.systemTarget);
    return `Disk backup ${d.backupId} of backup ${f.id} is of a data disk and disk ${d.diskId} is a system disk (R4): a data-disk backup is not restored onto a system disk. ` +
      `Restore it onto a data disk (mappings, or targetId of a data disk).`;
  },
  'BackupService.2001': (f: RefusalFacts) => {
    const d = diskOf(f.smallTarget);
    return `Disk ${d.diskId} (${d.diskGB} GB) is smaller than disk backup ${d.backupId} (${d.sizeGB} GB) of backup ${f.id} (R3); ` +
      `restore it onto a disk of at least ${d.sizeGB} GB (attach one and name it in mappings, or use targetId), or create a new disk from it with createDiskFromBackup.`;
  },
} satisfies Record<string, Template>);

/** The error for a chart's `refuse` action, with a message that says what to do next. */
export function refusalError(params: RefuseParams, facts: RefusalFacts): SimulationError {
  const template =
    (params.rule && TEMPLATES[`${params.code}:${params.rule}`]) || (facts.event !== undefined && TEMPLATES[`${params.code}@${String(facts.event)}`]) || TEMPLATES[params.code];
  const message = template ? template(facts) : fallbackMessage(facts);
  const details: Record<string, unknown> = { id: facts.id, kind: facts.kind, status: facts.status, verb: facts.verb };
  if (params.rule) details.rule = params.rule;
  for (const key of ['imageId', 'backupId', 'resourceId', 'vaultId', 'missing'] as const) {
    if (facts[key] !== undefined && facts[key] !== null) details[key] = facts[key];
  }
  return new SimulationError(params.code, message, details);
}
