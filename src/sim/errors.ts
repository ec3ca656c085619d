/**
 * The one error a simulation throws. `code` is the real service's code where one exists
 * (`BackupService.6204`, `IMG.0015`, `Ecs.0032`…) or a `Sim.*` code; `message` says what happened
 * and what to do next; `details` names the ids involved. A refused command changes nothing.
 */
import type { RefusalCode, RefuseParams } from '../../machines/refusal.js';

export type SimulationErrorCode = RefusalCode | 'Sim.NotFound' | 'Sim.AlreadyDeleted' | 'Sim.InvalidSave' | 'Sim.Busy';

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

const Kind = (f: RefusalFacts) => f.kind.charAt(0).toUpperCase() + f.kind.slice(1);

/** Messages by `code` or, where one code serves several rules, by `code:rule`. */
const TEMPLATES: Partial<Record<string, Template>> = {
  'BackupService.6208': (f) =>
    `Backup ${f.id} is ${f.label} and not marked "Image can be created" yet (I1); advance the clock until the mark appears, or until the backup is Available.`,
  'BackupService.6207': (f) => `Backup ${f.id} is a disk (EVS) backup; only ECS server backups can create images (I2). Back up the server instead.`,
  'BackupService.6209': (f) =>
    `Backup ${f.id} does not contain the system disk (I3); back the server up with its system disk and create the image from that backup.`,
  'Sim.PrerequisiteNotMet': (f) =>
    `Server ${f.resourceId} was backed up without ${f.missing} (I4); fix the server, back it up again and create the image from the new backup.`,
  'BackupService.6210': (f) =>
    `Backup ${f.id} already has image ${f.imageId}; a backup makes only one full-ECS image (I5). Use image ${f.imageId} to provision servers.`,
  'BackupService.6204': (f) => `Backup ${f.id} has image ${f.imageId} (I7); delete image ${f.imageId} first, then the backup.`,
  'BackupService.6201': (f) => `Backup ${f.id} is ${f.label}; only Available or Error backups can be deleted (B5). Wait until it is Available or Error.`,
  'BackupService.6216:P5': (f) =>
    `Backup ${f.id} is the most recent backup of ${f.resourceId} and the next backup is running (P5); delete it after that backup ends.`,
  'BackupService.6216:I11': (f) =>
    `Image ${f.id}'s backup ${f.backupId} is still Creating (I11); delete the image without its backup, or wait until the backup is Available.`,
  'BackupService.2005': (f) =>
    f.label === 'Error'
      ? `Backup ${f.id} is Error and cannot be used (B4); delete it and use another backup.`
      : `Backup ${f.id} is ${f.label}; only Available backups can be used (B3). Wait until it is Available.`,
  'BackupService.6125': (f) => `${Kind(f)} ${f.id} is already being backed up; wait until that backup ends.`,
  'BackupService.6215': (f) => `${Kind(f)} ${f.id} is being restored; back it up after the restore ends.`,
  'BackupService.2002': (f) => `${Kind(f)} ${f.id} is being backed up; restore onto it after that backup ends.`,
  'BackupService.2010': (f) => `${Kind(f)} ${f.id} is already being restored; wait until that restore ends.`,
  'BackupService.7101': (f) => `Server ${f.id} is ${f.label}; only Running or Stopped servers can be backed up.`,
  'BackupService.7003': (f) => `Disk ${f.id} is ${f.label}; only Available or In-use disks can be backed up.`,
  'BackupService.6114': (f) =>
    `Vault ${f.id} is full (${f.usedGB} of ${f.capacityGB} GB used) and ${f.gb} GB more do not fit; delete backups, or use a vault without a fixed capacity (it expands automatically).`,
  'BackupService.6100': (f) => `Vault ${f.id} already holds 256 resources, the most a vault can; use another vault.`,
  'BackupService.6103': (f) => `${Kind(f)} ${f.id} is already in vault ${f.vaultId}; remove it from that vault first.`,
  'Ecs.0032': (f) => `Image ${f.id} is ${f.label}, not Normal; wait until it is Normal to use it.`,
  'Ecs.0048': (f) =>
    `Image ${f.id} cannot provision servers: its backup ${f.backupId} ended in Error. Delete the image and make one from an Available backup.`,
  'Ecs.0034': (f) => `Image ${f.id} cannot provision servers: its backup ${f.backupId} was deleted.`,
  'Sim.ImageAzRestricted': (f) =>
    `Image ${f.id} works only in ${f.imageAz} until its backup ${f.backupId} is Available (I10); provision in ${f.imageAz}, or advance the clock until the backup is Available.`,
  'IMG.0015': (f) => `The private image quota of region ${f.id} (${f.imageQuota}) is reached (I12); delete an image first.`,
  'IMG.0128': (f) => `Image ${f.id} is a full-ECS image, and full-ECS images cannot be exported (C9); export a system-disk or data-disk image.`,
  'IMG.0090': (f) => `Image ${f.id} is still being created (${f.label}); delete it once it is Normal or Failed.`,
  'IMG.0126': (f) => `Server ${f.id} is ${f.label}; images are made only from Running or Stopped servers.`,
  'Sim.InvalidArgument:C7': (f) =>
    `Backup ${f.id} is a server backup; new disks are made from disk backups (C7). Restore the server or create a full-ECS image from it.`,
  'Sim.InvalidArgument:C8': (f) =>
    f.verb === 'provisionServers'
      ? `Image ${f.id} is a data-disk image: it creates disks, not servers (C8). Use createDiskFromImage.`
      : `Image ${f.id} is a ${f.imageKind} image: it creates servers, not disks (C8). Use provisionServers.`,
  'Sim.InvalidArgument:C6': (f) => `Disk ${f.id} is a system disk; make a system-disk image from its server with createImageFromServer (C6).`,
  'Sim.InvalidArgument:I6': () => `count must be a whole number from 1 to 100: one request provisions at most 100 servers (I6).`,
  'Sim.InvalidArgument:I11': (f) => `Image ${f.id} was not made from a backup, so there is no backup to delete with it; leave out deleteBackup.`,
  'Sim.InvalidState:C9': (f) => `Image ${f.id} is ${f.label}; only Normal images can be exported.`,
  'Sim.InvalidState:C11': (f) => `Image ${f.id} is ${f.label}, not Normal; wait until it is Normal to create disks from it.`,
};

/** The error for a chart's `refuse` action, with a message that says what to do next. */
export function refusalError(params: RefuseParams, facts: RefusalFacts): SimulationError {
  const template = (params.rule && TEMPLATES[`${params.code}:${params.rule}`]) || TEMPLATES[params.code];
  const message = template ? template(facts) : `${Kind(facts)} ${facts.id} is ${facts.label}: ${facts.verb} is not possible now.`;
  const details: Record<string, unknown> = { id: facts.id, kind: facts.kind, status: facts.status, verb: facts.verb };
  if (params.rule) details.rule = params.rule;
  for (const key of ['imageId', 'backupId', 'resourceId', 'vaultId', 'missing'] as const) {
    if (facts[key] !== undefined && facts[key] !== null) details[key] = facts[key];
  }
  return new SimulationError(params.code, message, details);
}
