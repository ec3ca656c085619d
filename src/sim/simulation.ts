/**
 * The public face of a simulation: the domain's verbs, each journaled with its result or its
 * refusal. A refused command throws `SimulationError` and leaves the simulation as it was.
 */
import { World, type FailOperation, type Verdict } from './world.js';
import { SimulationError, invalidArgument } from './errors.js';
import { resolveTimings, type Profile } from './timings.js';
import { toMilliseconds, type Duration } from './duration.js';
import type { JournalRecord, NewRecord, RequestRecord } from './journal.js';
import { AdvanceRun } from './advance-run.js';
import { MAX_SPEED, MIN_SPEED, PlayRun, playLimit } from './play-run.js';
import { rebuildWorld, saveWorld, type SavedSimulation } from './save.js';
import { MAX_TIME, isoTime } from './time.js';
import { MESSAGE_LIMIT, boundArgs, boundValue, clip, shown } from './bound.js';
import {
  LIST_KINDS, childRecord, summarize,
  type AnyRecord, type BackupRecord, type CheckpointRecord, type DiskRecord, type ImageRecord, type JobRecord, type ListKind, type LocalCopyRecord,
  type PolicyRecord, type ServerRecord, type SimRecord, type SiteRecord, type TaskRecord, type VaultRecord, type VmRecord,
} from './records.js';
import { TASK_OPERATIONS, TASK_STATUSES } from '../../machines/task.machine.js';
import { integer, oneOf, options as checkOptions, stringList } from './validate.js';
import * as compute from './commands/compute.js';
import * as protection from './commands/protection.js';
import * as backups from './commands/backups.js';
import * as images from './commands/images.js';
import * as onprem from './commands/onprem.js';

export interface SimulationOptions {
  /** Same seed + same commands → same ids and journal. Default 1. */
  seed?: number;
  /** ISO time the virtual clock starts at; default '2026-01-05T00:00:00Z' (a Monday). */
  start?: string;
  /** 'realistic' (default), 'instant' (every phase 1 ms, order kept) or timings to override. */
  profile?: Profile;
  /** Private images per region (I12); default 50. */
  imageQuota?: number;
  journal?: { limit?: number; sink?: (record: JournalRecord) => void };
  /** How long a deleted id answers "already deleted"; default '30d'. */
  tombstoneTtl?: Duration;
  /** C10: the vSphere versions eBackup backs up; default 6.0, 6.5, 6.7, 7.0, 8.0 (the sources' list is cut off). */
  vsphereVersions?: string[];
}

export const DEFAULT_START = '2026-01-05T00:00:00Z';

interface EndOfTimeGuard {
  /** The refusal `check` threw, so that only it puts the world back. */
  refusal: SimulationError | null;
  check(verb: string): void;
  putBack(record: NewRecord): void;
}

/** The refusal of a command that would set a timer at `deadline`, past the last date. */
function pastTheEndError(verb: string, deadline: number): SimulationError {
  return invalidArgument(
    `${verb}: a timer it sets would fall at ${isoTime(deadline)}, after ${isoTime(MAX_TIME)}, the last date the simulation can hold (the end of JavaScript dates); nothing was changed. Do this earlier in simulated time, or with shorter timings.`,
    { deadline: Number.isFinite(deadline) ? deadline : null, limit: MAX_TIME },
  );
}

/** The journal record of a refused command: its arguments summarised, its message bounded. */
function refusalRecord(verb: string, args: unknown[], resourceId: unknown, error: SimulationError): NewRecord {
  // The same summary as the argument it names, so that a replay of the refusal names it again.
  const id = typeof resourceId === 'string' ? boundValue(resourceId) : null;
  return { type: 'refusal', resourceId: typeof id === 'string' ? id : null, verb, args: boundArgs(args), code: error.code, message: clip(error.message, MESSAGE_LIMIT) };
}

/**
 * The domain function of each verb `preview` can try: the same function the verb runs, with the
 * same arguments after the world. Not `advance` or `failNext`, which check nothing to preview.
 */
const PREVIEWABLE = {
  createServer: compute.createServer, createDisk: compute.createDisk, attachDisk: compute.attachDisk, detachDisk: compute.detachDisk,
  stopServer: compute.stopServer, startServer: compute.startServer, updateServer: compute.updateServer, deleteServer: compute.deleteServer, deleteDisk: compute.deleteDisk,
  createVault: protection.createVault, addVaultResources: protection.addVaultResources, removeVaultResources: protection.removeVaultResources,
  updateVault: protection.updateVault, deleteVault: protection.deleteVault,
  createPolicy: protection.createPolicy, updatePolicy: protection.updatePolicy, deletePolicy: protection.deletePolicy,
  applyPolicy: protection.applyPolicy, dissociatePolicy: protection.dissociatePolicy,
  backupServer: backups.backupServer, backupDisk: backups.backupDisk, backupVault: backups.backupVault, restoreBackup: backups.restoreBackup,
  createDiskFromBackup: backups.createDiskFromBackup, updateBackup: backups.updateBackup, deleteBackup: backups.deleteBackup,
  shareBackup: backups.shareBackup, exportBackup: backups.exportBackup,
  createSite: onprem.createSite, installEbackup: onprem.installEbackup, createVm: onprem.createVm, deleteVm: onprem.deleteVm,
  backupVmOnPrem: onprem.backupVmOnPrem, expireLocalCopy: onprem.expireLocalCopy, syncBackups: onprem.syncBackups, syncVault: onprem.syncVault,
  createImageFromBackup: images.createImageFromBackup, createImageFromServer: images.createImageFromServer,
  createImageFromDisk: images.createImageFromDisk, importImage: images.importImage, exportImage: images.exportImage,
  createDiskFromImage: images.createDiskFromImage, provisionServers: images.provisionServers, updateImage: images.updateImage, deleteImage: images.deleteImage,
} satisfies Record<string, (w: World, ...args: never[]) => unknown>;

export type PreviewVerb = keyof typeof PREVIEWABLE;
export type { Verdict };

type KindRecord = {
  server: ServerRecord;
  disk: DiskRecord;
  vault: VaultRecord;
  policy: PolicyRecord;
  backup: BackupRecord;
  image: ImageRecord;
  job: JobRecord;
  site: SiteRecord;
  vm: VmRecord;
  localCopy: LocalCopyRecord;
  checkpoint: CheckpointRecord;
  task: TaskRecord;
};

/** What `list` can filter by. `operationType` and `resourceId` are for tasks (S2). */
export interface ListFilter {
  status?: string | string[];
  includeDeleted?: boolean;
  includeChildren?: boolean;
  operationType?: string;
  resourceId?: string;
}

export class Simulation {
  private current!: World;

  /** @internal use createSimulation / restoreSimulation */
  constructor(world: World, private readonly journalLimit: number | undefined) {
    this.adopt(world);
  }

  /** @internal The world this simulation runs (replaced when a command near the end of time is undone). */
  get world(): World {
    return this.current;
  }

  private adopt(world: World): void {
    this.current = world;
    world.onPolicyRun = (event) => backups.runPolicy(world, event);
    world.onBackupCompleted = (snapshot) => backups.backupCompleted(world, snapshot);
    world.onBackupFailed = (snapshot) => backups.backupFailed(world, snapshot);
    world.onRetentionHold = (event) => backups.holdByCount(world, event);
    world.onSyncEnded = (event) => onprem.syncEnded(world, event);
  }

  /** Runs a verb: its record (with the result) first in the journal, or its refusal. */
  private command<T>(verb: string, args: unknown[], run: () => T, resourceId: unknown = args[0]): T {
    const journal = this.world.journal;
    const undo = this.guardEndOfTime();
    journal.begin();
    let result: T;
    try {
      result = run();
      undo?.check(verb);
    } catch (error) {
      // A refusal's arguments are whatever the caller sent: journaled in a bounded summary.
      const summary = error instanceof SimulationError ? refusalRecord(verb, args, resourceId, error) : null;
      if (error instanceof SimulationError && error === undo?.refusal) undo.putBack(summary!);
      else journal.abort(summary);
      throw error;
    }
    const id = typeof resourceId === 'string' ? resourceId : (result as { id?: string } | undefined)?.id ?? null;
    journal.end({ type: 'command', resourceId: id, verb, args, result: summarize(result) });
    return result;
  }

  /**
   * A command near the last date JavaScript can hold may set a timer past it. Within the world's
   * timer horizon of the end, the world is saved first; if a timer did
   * fall past the end, `check` throws the refusal (naming the date the timer needed) and
   * `putBack` puts the saved world back, with the refusal journaled. Anywhere else: null, no cost.
   */
  private guardEndOfTime(): EndOfTimeGuard | null {
    const world = this.world;
    world.clock.pastTheEnd = null;
    if (world.now() + world.timerHorizonMs() <= MAX_TIME) return null;
    const saved = this.save();
    const guard: EndOfTimeGuard = {
      refusal: null,
      check: (verb) => {
        const deadline = world.clock.pastTheEnd;
        if (deadline === null) return;
        guard.refusal = pastTheEndError(verb, deadline);
        throw guard.refusal;
      },
      putBack: (record) => {
        const sink = world.options.journal.sink;
        this.adopt(rebuildWorld(saved, sink ? { sink } : {}));
        this.world.journal.append(record);
      },
    };
    return guard;
  }

  // --- servers and disks ----------------------------------------------------------------------
  /**
   * An empty server, or (`imageId`) one from a public image (`GOLD_IMAGES`), which gives its OS and
   * init tool and the least system disk; a private image's servers come from provisionServers.
   */
  createServer(o: { name: string; os?: 'linux' | 'windows'; systemDiskGB?: number; dataDisksGB?: number[]; initTool?: boolean; optimized?: boolean; az?: string; imageId?: string }): ServerRecord {
    return this.command('createServer', [o], () => compute.createServer(this.world, o), null);
  }
  createDisk(o: { name: string; sizeGB: number; az?: string }): DiskRecord {
    return this.command('createDisk', [o], () => compute.createDisk(this.world, o), null);
  }
  attachDisk(diskId: string, serverId: string): DiskRecord {
    return this.command('attachDisk', [diskId, serverId], () => compute.attachDisk(this.world, diskId, serverId));
  }
  detachDisk(diskId: string): DiskRecord {
    return this.command('detachDisk', [diskId], () => compute.detachDisk(this.world, diskId));
  }
  stopServer(id: string): ServerRecord {
    return this.command('stopServer', [id], () => compute.stopServer(this.world, id));
  }
  startServer(id: string): ServerRecord {
    return this.command('startServer', [id], () => compute.startServer(this.world, id));
  }
  /** I4: installs Cloud-Init / Cloudbase-Init (`initTool`) and optimises (`optimized`) a Running server. */
  updateServer(id: string, changes: { initTool?: boolean; optimized?: boolean }): ServerRecord {
    return this.command('updateServer', [id, changes], () => compute.updateServer(this.world, id, changes));
  }
  deleteServer(id: string): void {
    this.command('deleteServer', [id], () => compute.deleteServer(this.world, id));
  }
  /** S3: the disk (Deleting) carries its `deleteVolume` job as `jobId`. */
  deleteDisk(id: string): DiskRecord {
    return this.command('deleteDisk', [id], () => compute.deleteDisk(this.world, id));
  }

  // --- vaults and policies --------------------------------------------------------------------
  /** `kind: 'vmware'`: a hybrid cloud backup vault, for on-premises VMware VMs (C10). */
  createVault(o: { name: string; kind: 'server' | 'disk' | 'vmware'; resourceIds?: string[]; capacityGB?: number; autoExpand?: boolean }): VaultRecord {
    return this.command('createVault', [o], () => protection.createVault(this.world, o), null);
  }
  /** P10: a larger capacity (never smaller) and auto-expansion (1.25 × when it would become full); a new name. */
  updateVault(vaultId: string, changes: { capacityGB?: number; autoExpand?: boolean; name?: string }): VaultRecord {
    return this.command('updateVault', [vaultId, changes], () => protection.updateVault(this.world, vaultId, changes));
  }
  addVaultResources(vaultId: string, ids: string[]): VaultRecord {
    return this.command('addVaultResources', [vaultId, ids], () => protection.addVaultResources(this.world, vaultId, ids));
  }
  removeVaultResources(vaultId: string, ids: string[]): VaultRecord {
    return this.command('removeVaultResources', [vaultId, ids], () => protection.removeVaultResources(this.world, vaultId, ids));
  }
  createPolicy(o: {
    name: string; enabled?: boolean; pattern: string[];
    maxBackups?: number; retentionDays?: number; dayBackups?: number; weekBackups?: number; monthBackups?: number; yearBackups?: number; timezone?: string;
  }): PolicyRecord {
    return this.command('createPolicy', [o], () => protection.createPolicy(this.world, o), null);
  }
  updatePolicy(id: string, changes: Partial<{
    name: string; enabled: boolean; pattern: string[];
    maxBackups: number | null; retentionDays: number | null; dayBackups: number | null; weekBackups: number | null;
    monthBackups: number | null; yearBackups: number | null; timezone: string | null;
  }>): PolicyRecord {
    return this.command('updatePolicy', [id, changes], () => protection.updatePolicy(this.world, id, changes));
  }
  /** `DELETE /v3/{project_id}/policies/{id}`: dissociated from its vaults, and no longer counted (P10). */
  deletePolicy(policyId: string): void {
    this.command('deletePolicy', [policyId], () => protection.deletePolicy(this.world, policyId));
  }
  applyPolicy(policyId: string, vaultId: string): VaultRecord {
    return this.command('applyPolicy', [policyId, vaultId], () => protection.applyPolicy(this.world, policyId, vaultId), vaultId);
  }
  dissociatePolicy(vaultId: string): VaultRecord {
    return this.command('dissociatePolicy', [vaultId], () => protection.dissociatePolicy(this.world, vaultId));
  }
  /** Deletes a vault and every backup in it (images made from them lose their backup). */
  deleteVault(vaultId: string): void {
    this.command('deleteVault', [vaultId], () => protection.deleteVault(this.world, vaultId));
  }

  // --- backups --------------------------------------------------------------------------------
  backupServer(serverId: string, o?: { name?: string; excludeDiskIds?: string[] }): BackupRecord {
    return this.command('backupServer', [serverId, o], () => backups.backupServer(this.world, serverId, o));
  }
  backupDisk(diskId: string, o?: { name?: string }): BackupRecord {
    return this.command('backupDisk', [diskId, o], () => backups.backupDisk(this.world, diskId, o));
  }
  /**
   * S1: backs up a vault now: one restore point with a backup of each resource given (default:
   * all of the vault's) that can be backed up now; the others are in its `skipped`.
   */
  backupVault(vaultId: string, o?: { resourceIds?: string[]; name?: string; description?: string }): CheckpointRecord {
    return this.command('backupVault', [vaultId, o], () => backups.backupVault(this.world, vaultId, o));
  }
  restoreBackup(backupId: string, o?: { targetId?: string; powerOn?: boolean; mappings?: { backupId: string; diskId: string }[] }): BackupRecord {
    return this.command('restoreBackup', [backupId, o], () => backups.restoreBackup(this.world, backupId, o));
  }
  /** C7: `az` must be the backup's; `sizeGB` at least the backup's (default: the backup's). */
  createDiskFromBackup(backupId: string, o: { name: string; sizeGB?: number; az?: string }): DiskRecord {
    return this.command('createDiskFromBackup', [backupId, o], () => backups.createDiskFromBackup(this.world, backupId, o));
  }
  /** Renames a backup (`PUT /v3/{project_id}/backups/{id}`). */
  updateBackup(id: string, changes: { name: string }): BackupRecord {
    return this.command('updateBackup', [id, changes], () => backups.updateBackup(this.world, id, changes));
  }
  deleteBackup(id: string): void {
    this.command('deleteBackup', [id], () => backups.deleteBackup(this.world, id));
  }
  /** Shares an Available server backup with other projects (`POST …/backups/{id}/members`). */
  shareBackup(id: string, o: { projectIds: string[] }): BackupRecord {
    return this.command('shareBackup', [id, o], () => backups.shareBackup(this.world, id, o));
  }
  /** Always refused: CBR keeps backups in the cloud (C9); the refusal says what to do instead. */
  exportBackup(id: string): void {
    this.command('exportBackup', [id], () => backups.exportBackup(this.world, id));
  }

  // --- on premises (C10) ----------------------------------------------------------------------
  /** An on-premises site holding VMware VMs; `ebackup: true` when eBackup is installed there. */
  createSite(o: { name: string; ebackup?: boolean }): SiteRecord {
    return this.command('createSite', [o], () => onprem.createSite(this.world, o), null);
  }
  installEbackup(siteId: string): SiteRecord {
    return this.command('installEbackup', [siteId], () => onprem.installEbackup(this.world, siteId));
  }
  /** A VMware VM of a site; `disksGB` lists its disks, the system disk first. */
  createVm(siteId: string, o: { name: string; os: 'linux' | 'windows'; disksGB: number[]; vsphereVersion?: string }): VmRecord {
    return this.command('createVm', [siteId, o], () => onprem.createVm(this.world, siteId, o));
  }
  deleteVm(vmId: string): void {
    this.command('deleteVm', [vmId], () => onprem.deleteVm(this.world, vmId));
  }
  /** V1: eBackup backs the VM up on premises; the copy is then uploaded to its hybrid vault's bucket. */
  backupVmOnPrem(vmId: string, o?: { name?: string }): LocalCopyRecord {
    return this.command('backupVmOnPrem', [vmId, o], () => onprem.backupVmOnPrem(this.world, vmId, o));
  }
  /** eBackup's own retention: the local copy expires; the next `syncVault` deletes its backup. */
  expireLocalCopy(copyId: string): void {
    this.command('expireLocalCopy', [copyId], () => onprem.expireLocalCopy(this.world, copyId));
  }
  /** V1 (`POST /v3/{project_id}/backups/sync`): synchronises 1–50 uploaded copies; returns the sync task. */
  syncBackups(vaultId: string, o: { copyIds: string[] }): TaskRecord {
    return this.command('syncBackups', [vaultId, o], () => onprem.syncBackups(this.world, vaultId, o));
  }
  /** V1 (`POST /v3/{project_id}/checkpoints/sync`): synchronises a whole hybrid vault; returns the sync task. */
  syncVault(vaultId: string): TaskRecord {
    return this.command('syncVault', [vaultId], () => onprem.syncVault(this.world, vaultId));
  }

  // --- images ---------------------------------------------------------------------------------
  createImageFromBackup(backupId: string, o: { name: string }): ImageRecord {
    return this.command('createImageFromBackup', [backupId, o], () => images.createImageFromBackup(this.world, backupId, o));
  }
  /** `vaultId` (full-ECS only, C12): the server backup vault the backup goes into; the server joins it if it is in none. */
  createImageFromServer(serverId: string, o: { name: string; kind: 'system-disk' | 'full-ecs'; vaultId?: string }): ImageRecord {
    return this.command('createImageFromServer', [serverId, o], () => images.createImageFromServer(this.world, serverId, o));
  }
  createImageFromDisk(diskId: string, o: { name: string }): ImageRecord {
    return this.command('createImageFromDisk', [diskId, o], () => images.createImageFromDisk(this.world, diskId, o));
  }
  importImage(o: { name: string; kind: 'system-disk' | 'data-disk'; sizeGB: number; os?: 'linux' | 'windows'; az?: string }): ImageRecord {
    return this.command('importImage', [o], () => images.importImage(this.world, o), null);
  }
  exportImage(id: string): ImageRecord {
    return this.command('exportImage', [id], () => images.exportImage(this.world, id));
  }
  /** C8, C11: `az` (default the image's) and `sizeGB` (at least the image's disk; default that). */
  createDiskFromImage(imageId: string, o: { name: string; sizeGB?: number; az?: string }): DiskRecord {
    return this.command('createDiskFromImage', [imageId, o], () => images.createDiskFromImage(this.world, imageId, o));
  }
  /**
   * I6: 1 to 100 servers from one image in one ECS job, named `<prefix>-0001`… when more than one.
   * A public image's servers may be given their disks (`systemDiskGB`, `dataDisksGB`).
   */
  provisionServers(imageId: string, o: { count: number; namePrefix?: string; az?: string; systemDiskGB?: number; dataDisksGB?: number[] }): ServerRecord[] {
    return this.command('provisionServers', [imageId, o], () => images.provisionServers(this.world, imageId, o));
  }
  /** A new name or description (`__description`) of a Normal image (IMS `PATCH /v2/cloudimages/{id}`). */
  updateImage(id: string, changes: { name?: string; description?: string }): ImageRecord {
    return this.command('updateImage', [id, changes], () => images.updateImage(this.world, id, changes));
  }
  deleteImage(id: string, o?: { deleteBackup?: boolean }): void {
    this.command('deleteImage', [id, o], () => images.deleteImage(this.world, id, o));
  }

  // --- the service API ------------------------------------------------------------------------
  /**
   * @internal Journals a request of the service API as it was answered (a `request` record, shown
   * in the inspector's timeline). It changes nothing in the world, and is no command: replays do
   * not run it, they put it back where it was (`Journal.putBack`). Strings are bounded here.
   */
  noteRequest(entry: Omit<RequestRecord, 'type' | 'seq' | 'at' | 'resourceId'>): void {
    this.world.journal.append({
      type: 'request', resourceId: null, service: entry.service, operation: entry.operation === null ? null : clip(String(entry.operation), 100),
      method: clip(String(entry.method), 16), path: clip(String(entry.path), 300), status: entry.status,
      code: entry.code === null ? null : clip(String(entry.code), 64), project: clip(String(entry.project), 64),
    });
  }

  // --- time and failures ----------------------------------------------------------------------
  /** The next `count` operations of this kind end in error (backups), killed (images) or ERROR (servers). */
  failNext(operation: FailOperation, count = 1): void {
    this.command('failNext', [operation, count], () => {
      const op = oneOf('failNext', 'operation', operation, ['backup', 'image', 'provision', 'restore', 'sync'] as const);
      this.world.failures[op] += integer('failNext', 'count', count, 1, 1000);
    }, null);
  }

  /** Moves the virtual clock forward, firing every timer that falls due, in order. */
  advance(d: Duration): void {
    this.startAdvance(d).run();
  }

  /**
   * @internal `advance(d)` begun: its command record is written and the run returned, for the
   * caller to run to the end at once or a slice at a time (the inspector's server).
   */
  startAdvance(d: Duration): AdvanceRun {
    let ms = toMilliseconds(d);
    // A JavaScript date ends at ±8.64e15 ms (the year 275760): time cannot be advanced past it.
    if (ms !== null && this.world.now() + ms > MAX_TIME) ms = null;
    if (ms === null) {
      const error = invalidArgument(`advance: ${shown(d)} is not a duration the clock can advance by; use milliseconds or a number with ms, s, m, h or d (for example '10m'), ending before the year 275760`);
      this.world.journal.append(refusalRecord('advance', [d], null, error));
      throw error;
    }
    const from = this.world.now();
    this.refuseAdvancePastTheEnd(d, ms);
    // Not buffered: a long advance streams its records to the sink as they happen.
    this.world.journal.append({ type: 'command', resourceId: null, verb: 'advance', args: [d], result: { from: isoTime(from), to: isoTime(from + ms) } });
    return new AdvanceRun(this.world, from, from + ms, this.world.journal.seq);
  }

  /**
   * @internal The inspector's ▶ Play begun: its command record is written (`play`, the speed, and
   * the time it starts from) and the run returned, for the server to drive by its wall clock and
   * end (`PlayRun.end`, the `played` note). A speed outside 1–1,000,000 simulated seconds per real
   * second, or a clock already within the world's timer horizon of the last date, is refused,
   * journaled.
   */
  startPlay(speed: number): PlayRun {
    const from = this.world.now();
    let error: SimulationError | null = null;
    if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
      error = invalidArgument(`play: the speed must be a number from ${MIN_SPEED} to ${MAX_SPEED.toLocaleString('en')} (simulated seconds per real second); got ${shown(speed)}`);
    } else if (from >= playLimit(this.world)) {
      error = invalidArgument(
        `play: the clock is at ${isoTime(from)}, too near ${isoTime(MAX_TIME)}, the last date the simulation can hold, for a play (a timer it fires could fall past the end); use the advance command, which checks each step.`,
        { limit: playLimit(this.world) },
      );
    }
    if (error) {
      this.world.journal.append(refusalRecord('play', [speed], null, error));
      throw error;
    }
    this.world.journal.append({ type: 'command', resourceId: null, verb: 'play', args: [speed], result: { from: isoTime(from) } });
    return new PlayRun(this.world, from, speed, this.world.journal.seq);
  }

  /**
   * An advance near the end of time may fire a timer that sets one past it (a policy's next run).
   * An advance streams its records as it goes, so it cannot be undone like a command: instead it is
   * tried first on a copy of the world (the same run, by determinism), only within the world's
   * timer horizon of the end, and refused before anything happens if the copy set such a timer.
   */
  private refuseAdvancePastTheEnd(d: Duration, ms: number): void {
    const world = this.world;
    if (world.now() + ms + world.timerHorizonMs() <= MAX_TIME) return;
    const trial = restoreSimulation(this.save({ journal: false })).world.clock;
    trial.pastTheEnd = null;
    trial.advanceTo(trial.now() + ms);
    const deadline = trial.pastTheEnd;
    if (deadline === null) return;
    const error = pastTheEndError('advance', deadline);
    world.journal.append(refusalRecord('advance', [d], null, error));
    throw error;
  }

  /** The virtual time, epoch ms. */
  now(): number {
    return this.world.now();
  }

  /** The earliest pending timer's deadline (epoch ms), or null when nothing is scheduled. */
  nextTimer(): number | null {
    return this.world.clock.nextDeadline();
  }

  // --- previews -------------------------------------------------------------------------------
  /**
   * Whether `verb(...args)` would be carried out now, or its refusal exactly as the verb would
   * throw it, without changing anything (not even the journal): the command runs in the world's
   * dry mode (`World.dryRun`), which stops it at its first change. Microseconds, not a copy.
   * Throws an Error for a verb it cannot preview (`advance`, `failNext`, or no verb at all).
   */
  preview(verb: string, args: readonly unknown[] = []): Verdict {
    const run = Object.hasOwn(PREVIEWABLE, verb) ? (PREVIEWABLE[verb as PreviewVerb] as (w: World, ...a: unknown[]) => unknown) : undefined;
    if (!run) throw new Error(`preview: ${shown(verb)} cannot be previewed; the verbs it can preview are ${Object.keys(PREVIEWABLE).join(', ')}`);
    const world = this.world;
    return world.dryRun(() => run(world, ...args));
  }

  // --- queries --------------------------------------------------------------------------------
  /**
   * A resource's, restore point's or task's record; a deleted one within the tombstone TTL comes
   * back with status deleted. A task or a job is forgotten 30 days after it ended.
   */
  get(id: string): SimRecord {
    if (typeof id !== 'string') throw invalidArgument(`get: id must be a string; got ${shown(id)}`);
    const record = this.world.findAny(id);
    if (!record) throw new SimulationError('Sim.NotFound', `Nothing has id ${clip(id, 80)}; list() shows the ids there are.`, { id });
    return record;
  }

  /** The last `listSharedBackups()`, and the world and version it was made at. */
  private sharedBackups: { world: World; version: number; list: readonly BackupRecord[] } | null = null;

  /**
   * @internal `get(id)` for readers that never change what they are given (the service API's
   * bodies): a resource's record is frozen and shared by the reads of the same state.
   */
  getShared(id: string): SimRecord {
    if (typeof id !== 'string') throw invalidArgument(`get: id must be a string; got ${shown(id)}`);
    const record = this.world.findAnyShared(id);
    if (!record) throw new SimulationError('Sim.NotFound', `Nothing has id ${clip(id, 80)}; list() shows the ids there are.`, { id });
    return record;
  }

  /**
   * @internal `list(kind)` of the live backups, each record frozen and shared as in `getShared`;
   * the same (frozen) array while no backup changed (`World.backupsVersion`).
   */
  listSharedBackups(): readonly BackupRecord[] {
    const w = this.world;
    if (this.sharedBackups?.world === w && this.sharedBackups.version === w.backupsVersion) return this.sharedBackups.list;
    const out: BackupRecord[] = [];
    for (const entry of w.backupEntries.values()) out.push(w.sharedRecord(entry) as BackupRecord);
    this.sharedBackups = { world: w, version: w.backupsVersion, list: Object.freeze(out) };
    return this.sharedBackups.list;
  }

  list<K extends ListKind>(kind: K, filter?: ListFilter): KindRecord[K][] {
    const k = oneOf('list', 'kind', kind, LIST_KINDS);
    const f = checkOptions('list', filter, ['status', 'includeDeleted', 'includeChildren', 'operationType', 'resourceId'], 'filter');
    if (k !== 'task' && (f.operationType !== undefined || f.resourceId !== undefined)) {
      throw invalidArgument(`list: operationType and resourceId filter tasks; list(${JSON.stringify(k)}) takes status, includeDeleted and includeChildren`);
    }
    if (k === 'task') {
      const operationType = f.operationType === undefined ? undefined : oneOf('list', 'filter.operationType', f.operationType, TASK_OPERATIONS);
      const status = f.status === undefined ? undefined : (Array.isArray(f.status) ? f.status : [f.status]).map((s) => oneOf('list', 'filter.status', s, TASK_STATUSES));
      if (f.resourceId !== undefined && typeof f.resourceId !== 'string') throw invalidArgument(`list: filter.resourceId must be an id string; got ${shown(f.resourceId)}`);
      return this.world.tasks.list({ ...(operationType ? { operationType } : {}), ...(status ? { status } : {}), ...(f.resourceId !== undefined ? { resourceId: f.resourceId as string } : {}) }) as KindRecord[K][];
    }
    const statuses = f.status === undefined ? null : Array.isArray(f.status) ? f.status : [f.status];
    if (k === 'checkpoint') {
      const all = this.world.checkpoints.list({ includeDeleted: f.includeDeleted === true });
      return (statuses ? all.filter((r) => statuses.includes(r.status)) : all) as KindRecord[K][];
    }
    if (k === 'job') this.world.forgetOldJobs();
    const out: AnyRecord[] = [];
    for (const entry of this.world.entries.values()) if (entry.kind === k) out.push(this.world.record(entry));
    if (f.includeDeleted === true) {
      this.world.pruneTombstones();
      for (const t of this.world.tombstones.values()) if (t.record.kind === k) out.push(t.record);
    }
    if (f.includeChildren === true && k === 'backup') {
      // R1: each server backup's disk backups, right after it.
      const withChildren = out.flatMap((r) => [r, ...(r as BackupRecord).children.map((c) => childRecord(r as BackupRecord, c.id)!)]);
      return (statuses ? withChildren.filter((r) => statuses.includes(r.status)) : withChildren) as KindRecord[K][];
    }
    return (statuses ? out.filter((r) => statuses.includes(r.status)) : out) as KindRecord[K][];
  }

  /** The retained journal, oldest first. */
  journal(): JournalRecord[] {
    return this.world.journal.records();
  }

  /**
   * Everything needed to continue this simulation elsewhere, as plain JSON. `{ journal: false }`
   * leaves out the retained records (the sequence still continues): a lighter checkpoint.
   */
  save(options?: { journal?: boolean }): SavedSimulation {
    return saveWorld(this.world, this.journalLimit, options?.journal !== false);
  }
}

function resolveOptions(options?: SimulationOptions) {
  const o = optionsOf(options);
  const seed = integer('createSimulation', 'seed', o.seed, 0, 2 ** 32 - 1, 1);
  const startText = o.start ?? DEFAULT_START;
  const start = typeof startText === 'string' ? Date.parse(startText) : NaN;
  if (!Number.isFinite(start)) throw invalidArgument(`createSimulation: start must be an ISO time such as '${DEFAULT_START}'; got ${shown(o.start)}`);
  const imageQuota = integer('createSimulation', 'imageQuota', o.imageQuota, 0, 100_000, 50);
  const ttl = toMilliseconds(o.tombstoneTtl ?? '30d');
  if (ttl === null) throw invalidArgument(`createSimulation: tombstoneTtl must be a duration such as '30d'; got ${shown(o.tombstoneTtl)}`);
  const journal = checkOptions('createSimulation', o.journal, ['limit', 'sink'], 'journal');
  const limit = journal.limit === undefined ? undefined : integer('createSimulation', 'journal.limit', journal.limit, 0, 100_000_000);
  if (journal.sink !== undefined && typeof journal.sink !== 'function') throw invalidArgument('createSimulation: journal.sink must be a function');
  const vsphereVersions = o.vsphereVersions === undefined ? undefined : stringList('createSimulation', 'vsphereVersions', o.vsphereVersions);
  return { seed, start, timings: resolveTimings(o.profile), imageQuota, tombstoneTtlMs: ttl, limit, sink: journal.sink as ((r: JournalRecord) => void) | undefined, vsphereVersions };
}

function optionsOf(given?: SimulationOptions): SimulationOptions {
  return checkOptions('createSimulation', given, ['seed', 'start', 'profile', 'imageQuota', 'journal', 'tombstoneTtl', 'vsphereVersions']) as SimulationOptions;
}

/**
 * A new simulated cloud on a virtual clock.
 *
 * @example
 * const sim = createSimulation({ profile: 'instant' });
 * const web = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40 });
 * sim.advance('1m');
 * const backup = sim.backupServer(web.id);
 */
export function createSimulation(options?: SimulationOptions): Simulation {
  const o = resolveOptions(options);
  const journal = { ...(o.limit === undefined ? {} : { limit: o.limit }), ...(o.sink ? { sink: o.sink } : {}) };
  return new Simulation(new World({
    seed: o.seed, start: o.start, timings: o.timings, imageQuota: o.imageQuota, tombstoneTtlMs: o.tombstoneTtlMs, journal,
    ...(o.vsphereVersions ? { vsphereVersions: o.vsphereVersions } : {}),
  }), o.limit);
}

/** Continues a saved simulation exactly where `save()` left it. A new `sink` may be given. */
export function restoreSimulation(saved: SavedSimulation, o?: { journal?: { sink?: (record: JournalRecord) => void } }): Simulation {
  const sink = o?.journal?.sink;
  const world = rebuildWorld(saved, sink ? { sink } : {});
  return new Simulation(world, saved.options.journalLimit);
}
