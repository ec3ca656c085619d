/**
 * The backup chart (B1–B5, I1–I5, I7, I8, P3, P5, C7, C9) through XState's pure API, with the
 * VMware backups a hybrid vault synchronises (C10: V2, V3, V4) and sharing.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, getInitialSnapshot } from 'xstate';
import {
  backupMachine,
  backupStatus,
  isImageable,
  type BackupEvent,
  type BackupInput,
  type BackupSnapshot,
  type BackupTiming,
  type RestoreDisk,
  type ServerFacts,
} from '../../machines/backup.machine.js';
import {
  MONDAY,
  allowed,
  at,
  drive,
  ignored,
  moves,
  refused,
  respond,
  runTable,
  stays,
  timer,
  type Row,
  itHasARowForEveryDeclaredRefusal,
} from './support.js';

const TIMING: BackupTiming = { snapshotPhaseMs: 1_000, dataTransferMs: 5_000, restoreMs: 3_000, deleteMs: 2_000 };
const READY_SERVER: ServerFacts = { os: 'linux', initTool: true, optimized: true, systemDiskGB: 40, dataDisksGB: [100] };

function input(over: Partial<BackupInput> = {}): BackupInput {
  return {
    id: 'bk-1',
    name: 'nightly',
    createdAt: MONDAY,
    resourceId: 'srv-1',
    resourceKind: 'server',
    vaultId: 'vault-1',
    az: 'eu-de-01',
    sizeGB: 140,
    containsSystemDisk: true,
    autoTrigger: true,
    previousBackupId: null,
    server: READY_SERVER,
    timing: TIMING,
    willFail: false,
    ...over,
  };
}

const DISK: Partial<BackupInput> = { resourceKind: 'disk', resourceId: 'disk-1', server: null, containsSystemDisk: false };
const NO_SYSTEM_DISK: Partial<BackupInput> = { containsSystemDisk: false, server: { ...READY_SERVER, systemDiskGB: null } };
const MANUAL: Partial<BackupInput> = { autoTrigger: false };
const FAILS: Partial<BackupInput> = { willFail: true };
const NO_INIT_TOOL: Partial<BackupInput> = { server: { ...READY_SERVER, initTool: false } };
const NOT_OPTIMIZED: Partial<BackupInput> = { server: { ...READY_SERVER, optimized: false } };
/**
 * A VMware backup as a sync registers it (C10): manual, of a VM with a 40 GB system disk and a
 * 100 GB data disk, one child per VMware disk, from its local copy.
 */
const VMWARE: Partial<BackupInput> = {
  resourceKind: 'vmware',
  resourceId: 'vm-1',
  autoTrigger: false,
  server: { os: 'linux', initTool: false, optimized: false, systemDiskGB: 40, dataDisksGB: [100] },
  children: [
    { id: 'bk-1-1', diskId: 'vm-1-1', sizeGB: 40, systemDisk: true },
    { id: 'bk-1-2', diskId: 'vm-1-2', sizeGB: 100, systemDisk: false },
  ],
  copyId: 'copy-1',
};

const SNAPSHOT_PHASE = timer(backupMachine, 'snapshotPhase', 'backup.lifecycle.creating.snapshot');
const MARKED_TRANSFER = timer(backupMachine, 'dataTransfer', 'backup.lifecycle.creating.imageCreatable');
const TRANSFER = timer(backupMachine, 'dataTransfer', 'backup.lifecycle.creating.transferring');
/** A RESTORE with a one-disk plan (R3): a 100 GB data-disk backup onto a 100 GB data disk, unless changed. */
function restoreWith(disk: Partial<RestoreDisk>): Extract<BackupEvent, { type: 'RESTORE' }> {
  return { type: 'RESTORE', targetId: 'srv-2', willFail: false, disks: [{ backupId: 'bk-1-2', sizeGB: 100, systemDisk: false, diskId: 'disk-2', diskGB: 100, ontoSystemDisk: false, ...disk }] };
}

const RESTORE_JOB = timer(backupMachine, 'restoreJob', 'backup.lifecycle.restoring');
const DELETE_JOB = timer(backupMachine, 'deleteJob', 'backup.lifecycle.deleting');

type Stage = 'snapshot' | 'marked' | 'transferring' | 'available' | 'error' | 'restoring' | 'deleting' | 'deleted';

/** A backup driven to `stage` (for `error`, the input's job fails). */
function backup(stage: Stage, over: Partial<BackupInput> = {}): BackupSnapshot {
  let s = getInitialSnapshot(backupMachine, input(stage === 'error' ? { ...over, ...FAILS } : over));
  if (stage === 'snapshot') return s;
  s = drive(backupMachine, s, SNAPSHOT_PHASE);
  const phase = at(s, 'lifecycle');
  if (stage === 'marked' || stage === 'transferring') {
    if (phase !== `creating.${stage === 'marked' ? 'imageCreatable' : 'transferring'}`) throw new Error(`fixture: ${stage} is not reachable`);
    return s;
  }
  s = drive(backupMachine, s, phase === 'creating.imageCreatable' ? MARKED_TRANSFER : TRANSFER);
  if (stage === 'available' || stage === 'error') return s;
  if (stage === 'restoring') return drive(backupMachine, s, { type: 'RESTORE', targetId: 'srv-2', willFail: false });
  s = drive(backupMachine, s, { type: 'DELETE' });
  return stage === 'deleting' ? s : drive(backupMachine, s, DELETE_JOB);
}

type VmwareStage = 'available' | 'restoring' | 'deleting' | 'deleted';

/** A VMware backup (V2: born Available) driven to `stage`. */
function vmware(stage: VmwareStage, over: Partial<BackupInput> = {}): BackupSnapshot {
  const s = getInitialSnapshot(backupMachine, input({ ...VMWARE, ...over }));
  if (stage === 'available') return s;
  if (stage === 'restoring') return drive(backupMachine, s, restoreWith({ backupId: 'bk-1-2', diskId: 'ecs-disk-2', diskGB: 100 }));
  const deleting = drive(backupMachine, s, { type: 'DELETE' });
  return stage === 'deleting' ? deleting : drive(backupMachine, deleting, DELETE_JOB);
}

const withImage = (s: BackupSnapshot, imageId = 'img-1') => drive(backupMachine, s, { type: 'CREATE_IMAGE', imageId });
const withNextRunning = (s: BackupSnapshot) => drive(backupMachine, s, { type: 'NEXT_STARTED' });
/** Imaged while marked, then the job failed: an Error backup that has an image. */
const errorWithImage = () => drive(backupMachine, withImage(backup('marked', FAILS)), MARKED_TRANSFER);

const covered = new Set<string>();
const cover = (keys: Set<string>) => keys.forEach((k) => covered.add(k));

describe('backup lifecycle (B1–B5, I7, P3, P5, I8)', () => {
  it('starts Creating in its snapshot phase, not linked to an image, as the latest backup (B1)', () => {
    const s = backup('snapshot');
    expect(s.value).toEqual({ lifecycle: { creating: 'snapshot' }, imageLink: 'none', succession: 'latest', expiry: 'forever' });
    expect(s.context.imageId).toBeNull();
    expect(s.context.restore).toBeNull();
  });

  const rows: Row<typeof backupMachine>[] = [
    // B2: the mark only for server backups with system-disk data
    ['a server backup with system-disk data in its snapshot phase (B2)', backup('snapshot'), SNAPSHOT_PHASE, moves('creating.imageCreatable')],
    ['a server backup without system-disk data in its snapshot phase (B2)', backup('snapshot', NO_SYSTEM_DISK), SNAPSHOT_PHASE, moves('creating.transferring')],
    ['a disk backup in its snapshot phase (B2)', backup('snapshot', DISK), SNAPSHOT_PHASE, moves('creating.transferring')],
    ['a disk backup of a system disk in its snapshot phase (B2: server backups only)', backup('snapshot', { ...DISK, containsSystemDisk: true }), SNAPSHOT_PHASE, moves('creating.transferring')],
    ['a backup of a server lacking Cloud-Init in its snapshot phase (the mark does not depend on I4)', backup('snapshot', NO_INIT_TOOL), SNAPSHOT_PHASE, moves('creating.imageCreatable')],
    // B4: Creating ends Available or Error
    ['a marked backup whose job succeeds', backup('marked'), MARKED_TRANSFER, moves('available')],
    ['a marked backup whose job fails (B4)', backup('marked', FAILS), MARKED_TRANSFER, moves('error')],
    ['a transferring backup whose job succeeds', backup('transferring', DISK), TRANSFER, moves('available')],
    ['a transferring backup whose job fails (B4)', backup('transferring', { ...DISK, ...FAILS }), TRANSFER, moves('error')],
    // timers of other states do nothing
    ['a backup in its snapshot phase', backup('snapshot'), MARKED_TRANSFER, ignored],
    ['a backup in its snapshot phase', backup('snapshot'), TRANSFER, ignored],
    ['an Available backup', backup('available'), SNAPSHOT_PHASE, ignored],
    ['an Available backup', backup('available'), DELETE_JOB, ignored],
    // B5: delete only from Available or Error, through Deleting
    ['a backup in its snapshot phase (B5)', backup('snapshot'), { type: 'DELETE' }, refused('BackupService.6201', 'B5')],
    ['a marked backup (B5)', backup('marked'), { type: 'DELETE' }, refused('BackupService.6201', 'B5')],
    ['a transferring backup (B5)', backup('transferring', DISK), { type: 'DELETE' }, refused('BackupService.6201', 'B5')],
    ['a Restoring backup (B5)', backup('restoring'), { type: 'DELETE' }, refused('BackupService.6201', 'B5')],
    ['a Deleting backup (B5)', backup('deleting'), { type: 'DELETE' }, refused('BackupService.6201', 'B5')],
    ['an Available backup (B5)', backup('available'), { type: 'DELETE' }, moves('deleting')],
    ['an Error backup (B4, B5)', backup('error'), { type: 'DELETE' }, moves('deleting')],
    ['a Deleting backup', backup('deleting'), DELETE_JOB, moves('deleted')],
    ['a deleted backup', backup('deleted'), { type: 'DELETE' }, ignored],
    // I7: not while it has an image; P5: not while the next backup runs
    ['an Available backup that has an image (I7)', withImage(backup('available')), { type: 'DELETE' }, refused('BackupService.6204', 'I7')],
    ['an Error backup that has an image (I7)', errorWithImage(), { type: 'DELETE' }, refused('BackupService.6204', 'I7')],
    ['an Available backup whose next backup is running (P5)', withNextRunning(backup('available')), { type: 'DELETE' }, refused('BackupService.6216', 'P5')],
    ['an Error backup whose next backup is running (P5)', withNextRunning(backup('error')), { type: 'DELETE' }, refused('BackupService.6216', 'P5')],
    ['an imaged backup whose next backup is running (I7 is checked before P5)', withNextRunning(withImage(backup('available'))), { type: 'DELETE' }, refused('BackupService.6204', 'I7')],
    ['a superseded Available backup (P5 is over)', drive(backupMachine, withNextRunning(backup('available')), { type: 'NEXT_ENDED' }), { type: 'DELETE' }, moves('deleting')],
    // vault deletion deletes every backup in it, imaged or not, but not while creating or restoring
    ['an Available backup whose vault is deleted', backup('available'), { type: 'VAULT_DELETED' }, moves('deleting')],
    ['an Available backup with an image whose vault is deleted (I7 forbids direct deletion only)', withImage(backup('available')), { type: 'VAULT_DELETED' }, moves('deleting')],
    ['an Error backup whose vault is deleted', backup('error'), { type: 'VAULT_DELETED' }, moves('deleting')],
    ['a backup in its snapshot phase whose vault is deleted (B5)', backup('snapshot'), { type: 'VAULT_DELETED' }, refused('BackupService.6201', 'B5')],
    ['a Restoring backup whose vault is deleted (B5)', backup('restoring'), { type: 'VAULT_DELETED' }, refused('BackupService.6201', 'B5')],
    ['a Deleting backup whose vault is deleted', backup('deleting'), { type: 'VAULT_DELETED' }, allowed],
    ['a deleted backup whose vault is deleted', backup('deleted'), { type: 'VAULT_DELETED' }, ignored],
    // P3, I8: retention expires only automatic backups without an image
    ['an Available automatic backup (P3)', backup('available'), { type: 'EXPIRE' }, moves('deleting')],
    ['an Available manual backup (P3)', backup('available', MANUAL), { type: 'EXPIRE' }, ignored],
    ['an Available automatic backup that has an image (I8)', withImage(backup('available')), { type: 'EXPIRE' }, ignored],
    ['an Error automatic backup (P9: beyond the newest ten)', backup('error'), { type: 'EXPIRE' }, moves('deleting')],
    ['an Error manual backup (P3, P9)', backup('error', { ...MANUAL, willFail: true }), { type: 'EXPIRE' }, ignored],
    ['a Creating automatic backup', backup('snapshot'), { type: 'EXPIRE' }, ignored],
    // B3: restore only from Available
    ['an Available backup (B3)', backup('available'), { type: 'RESTORE', targetId: 'srv-2', willFail: false }, moves('restoring')],
    ['a backup in its snapshot phase (B3)', backup('snapshot'), { type: 'RESTORE', targetId: 'srv-2', willFail: false }, refused('BackupService.2005', 'B3')],
    ['a marked backup (B3: marked or not)', backup('marked'), { type: 'RESTORE', targetId: 'srv-2', willFail: false }, refused('BackupService.2005', 'B3')],
    ['a transferring backup (B3)', backup('transferring', DISK), { type: 'RESTORE', targetId: 'disk-2', willFail: false }, refused('BackupService.2005', 'B3')],
    ['a Restoring backup (B3)', backup('restoring'), { type: 'RESTORE', targetId: 'srv-3', willFail: false }, refused('BackupService.2005', 'B3')],
    ['a Deleting backup (B3)', backup('deleting'), { type: 'RESTORE', targetId: 'srv-2', willFail: false }, refused('BackupService.2005', 'B3')],
    ['an Error backup (B4)', backup('error'), { type: 'RESTORE', targetId: 'srv-2', willFail: false }, refused('BackupService.2005', 'B4')],
    ['a Restoring backup', backup('restoring'), RESTORE_JOB, moves('available')],
    // R3, R4: disk by disk, onto large enough disks, never a data disk onto a system disk
    ['an Available server backup, a disk backup without a target disk (R3)', backup('available'), restoreWith({ diskId: null, diskGB: null }), refused('Sim.RestoreTargetMissing', 'R3')],
    ['an Available server backup, a data-disk backup onto a system disk (R4)', backup('available'), restoreWith({ ontoSystemDisk: true }), refused('Sim.RestoreOntoSystemDisk', 'R4')],
    ['an Available server backup, a system-disk backup onto the system disk', backup('available'), restoreWith({ systemDisk: true, ontoSystemDisk: true }), moves('restoring')],
    ['an Available server backup, a target disk smaller than its disk backup (R3)', backup('available'), restoreWith({ diskGB: 40 }), refused('BackupService.2001', 'R3')],
    ['an Available server backup, every disk backup onto a large enough disk (R3)', backup('available'), restoreWith({}), moves('restoring')],
    // C7: a disk backup creates a disk; a server backup does not
    ['an Available disk backup (C7)', backup('available', DISK), { type: 'CREATE_DISK' }, allowed],
    ['an Available server backup (C7)', backup('available'), { type: 'CREATE_DISK' }, refused('Sim.InvalidArgument', 'C7')],
    ['an Available server backup, from one of its disk backups (C7, R1)', backup('available'), { type: 'CREATE_DISK', childId: 'bk-1-2' }, allowed],
    ['a Creating disk backup (B3)', backup('transferring', DISK), { type: 'CREATE_DISK' }, refused('BackupService.2005', 'B3')],
    ['a Restoring disk backup (B3)', backup('restoring', DISK), { type: 'CREATE_DISK' }, refused('BackupService.2005', 'B3')],
    ['a Deleting disk backup (B3)', backup('deleting', DISK), { type: 'CREATE_DISK' }, refused('BackupService.2005', 'B3')],
    ['an Error disk backup (B4)', backup('error', DISK), { type: 'CREATE_DISK' }, refused('BackupService.2005', 'B4')],
  ];
  cover(runTable(backupMachine, rows, 'lifecycle'));

  it('records the restore target and whether it will fail', () => {
    const s = drive(backupMachine, backup('available'), { type: 'RESTORE', targetId: 'srv-9', willFail: true });
    expect(s.context.restore).toEqual({ targetId: 'srv-9', willFail: true, powerOn: true, diskIds: [] });
    const plan = drive(backupMachine, backup('available'), { ...restoreWith({}), powerOn: false });
    expect(plan.context.restore).toEqual({ targetId: 'srv-2', willFail: false, powerOn: false, diskIds: ['disk-2'] });
  });

  it('ends in a final Deleted state whose other regions keep their value', () => {
    const s = backup('deleted');
    expect(s.value).toEqual({ lifecycle: 'deleted', imageLink: 'none', succession: 'latest', expiry: 'forever' });
    expect(backupMachine.getStateNodeById('backup.lifecycle.deleted').type).toBe('final');
  });
});

describe('backup image link (I1–I5)', () => {
  const create = { type: 'CREATE_IMAGE', imageId: 'img-1' } as const;
  const rows: Row<typeof backupMachine>[] = [
    ['a disk backup in its snapshot phase (I2)', backup('snapshot', DISK), create, refused('BackupService.6207', 'I2')],
    ['an Available disk backup (I2)', backup('available', DISK), create, refused('BackupService.6207', 'I2')],
    ['an Available backup of a system disk, made by EVS (I2)', backup('available', { ...DISK, containsSystemDisk: true }), create, refused('BackupService.6207', 'I2')],
    ['a server backup without system-disk data in its snapshot phase (I3)', backup('snapshot', NO_SYSTEM_DISK), create, refused('BackupService.6209', 'I3')],
    ['an Available server backup without system-disk data (I3)', backup('available', NO_SYSTEM_DISK), create, refused('BackupService.6209', 'I3')],
    ['an Available backup of a server without Cloud-Init (I4)', backup('available', NO_INIT_TOOL), create, refused('Sim.PrerequisiteNotMet', 'I4')],
    ['an Available backup of a server that was not optimized (I4)', backup('available', NOT_OPTIMIZED), create, refused('Sim.PrerequisiteNotMet', 'I4')],
    ['a marked backup of a server without Cloud-Init (I4)', backup('marked', NO_INIT_TOOL), create, refused('Sim.PrerequisiteNotMet', 'I4')],
    ['a server backup that recorded no server facts (I4)', backup('available', { server: null }), create, refused('Sim.PrerequisiteNotMet', 'I4')],
    ['a server backup still in its snapshot phase, not marked (I1)', backup('snapshot'), create, refused('BackupService.6208', 'I1')],
    ['an Error backup (I1, B4)', backup('error'), create, refused('BackupService.6208', 'I1')],
    ['a Restoring backup (I1)', backup('restoring'), create, refused('BackupService.6208', 'I1')],
    ['a Deleting backup (I1)', backup('deleting'), create, refused('BackupService.6208', 'I1')],
    ['a deleted backup (I1)', backup('deleted'), create, refused('BackupService.6208', 'I1')],
    ['a marked, still Creating backup (I1)', backup('marked'), create, moves('linked')],
    ['an Available backup (I1)', backup('available'), create, moves('linked')],
    ['a backup that already has an image (I5)', withImage(backup('available')), { type: 'CREATE_IMAGE', imageId: 'img-2' }, refused('BackupService.6210', 'I5')],
    ['a marked backup that already has an image (I5)', withImage(backup('marked')), { type: 'CREATE_IMAGE', imageId: 'img-2' }, refused('BackupService.6210', 'I5')],
    ['a backup whose image was deleted', withImage(backup('available')), { type: 'IMAGE_UNLINKED' }, moves('none')],
    ['a backup without an image', backup('available'), { type: 'IMAGE_UNLINKED' }, ignored],
  ];
  cover(runTable(backupMachine, rows, 'imageLink'));

  it('applies the CREATE_IMAGE checks in the order I2 (6207), I3 (6209), I4 (Sim.PrerequisiteNotMet), I1 (6208), then links', () => {
    const expectedFor = (o: { disk: boolean; systemDisk: boolean; ready: boolean; marked: boolean }) =>
      o.disk ? 'BackupService.6207' : !o.systemDisk ? 'BackupService.6209' : !o.ready ? 'Sim.PrerequisiteNotMet' : !o.marked ? 'BackupService.6208' : 'linked';
    let checked = 0;
    for (const disk of [true, false]) {
      for (const systemDisk of [true, false]) {
        for (const ready of [true, false]) {
          for (const marked of [true, false]) {
            const over: Partial<BackupInput> = {
              resourceKind: disk ? 'disk' : 'server',
              containsSystemDisk: systemDisk,
              server: { ...READY_SERVER, initTool: ready, optimized: ready },
            };
            // "marked" = past the snapshot phase: imageCreatable when that is reachable, else Available.
            const s = marked ? backup('available', over) : backup('snapshot', over);
            const r = respond(backupMachine, s, create);
            const got = r.refusal?.code ?? at(r.snapshot, 'imageLink');
            expect(got, JSON.stringify({ disk, systemDisk, ready, marked })).toBe(expectedFor({ disk, systemDisk, ready, marked }));
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(16);
  });

  it('remembers the image it is linked to, and forgets it when the image is deleted', () => {
    const linked = withImage(backup('available'), 'img-42');
    expect(linked.context.imageId).toBe('img-42');
    const unlinked = drive(backupMachine, linked, { type: 'IMAGE_UNLINKED' });
    expect(unlinked.context.imageId).toBeNull();
  });

  it('may be deleted once its image is deleted (I7: image first, then backup)', () => {
    const s = drive(backupMachine, withImage(backup('available')), { type: 'IMAGE_UNLINKED' });
    expect(at(respond(backupMachine, s, { type: 'DELETE' }).snapshot, 'lifecycle')).toBe('deleting');
  });

  it('may be imaged again once its first image is deleted (I5 holds only while the image exists)', () => {
    const s = drive(backupMachine, withImage(backup('available')), { type: 'IMAGE_UNLINKED' });
    const r = respond(backupMachine, s, { type: 'CREATE_IMAGE', imageId: 'img-2' });
    expect(r.refusal).toBeUndefined();
    expect(r.snapshot.context.imageId).toBe('img-2');
  });

  it('keeps its image link when a marked backup finishes Available or fails', () => {
    expect(drive(backupMachine, withImage(backup('marked')), MARKED_TRANSFER).value).toMatchObject({ lifecycle: 'available', imageLink: 'linked' });
    expect(errorWithImage().value).toMatchObject({ lifecycle: 'error', imageLink: 'linked' });
  });
});

describe('a VMware backup, synchronised from on premises (C10: V2, V3, V4)', () => {
  it('starts Available, with no image, as a manual backup that never expires (V2: no Creating phase)', () => {
    const s = vmware('available');
    expect(s.value).toEqual({ lifecycle: 'available', imageLink: 'none', succession: 'latest', expiry: 'forever' });
    expect(backupStatus(s)).toEqual({ status: 'available', label: 'Available' });
    expect(s.context).toMatchObject({ resourceKind: 'vmware', copyId: 'copy-1', members: [], imageId: null });
  });

  it('is never marked "Image can be created", Available or Restoring (V2, V4)', () => {
    expect(isImageable(vmware('available'))).toBe(false);
    expect(isImageable(vmware('available', { containsSystemDisk: true, server: READY_SERVER }))).toBe(false);
    expect(isImageable(vmware('restoring'))).toBe(false);
  });

  it('is Available from its first instant on a simulated clock, with no timer of the Creating phase pending', () => {
    const clock = new SimulatedClock();
    const actor = createActor(backupMachine, { input: input(VMWARE), clock }).start();
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('available');
    clock.increment(TIMING.snapshotPhaseMs + TIMING.dataTransferMs);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('available');
    expect(isImageable(actor.getSnapshot())).toBe(false);
    actor.stop();
  });

  it('goes from arriving to Available by a transition that names V2, and any other backup to Creating', () => {
    const arriving = backupMachine.getStateNodeById('backup.lifecycle.arriving');
    const always = (arriving.always ?? []).map((t) => ({ target: t.target?.map((n) => n.id), meta: (t as { meta?: unknown }).meta }));
    expect(always).toEqual([
      { target: ['backup.lifecycle.available'], meta: { rules: ['V2'] } },
      { target: ['backup.lifecycle.creating'], meta: undefined },
    ]);
    expect(at(backup('snapshot'), 'lifecycle')).toBe('creating.snapshot');
    expect(at(backup('snapshot', DISK), 'lifecycle')).toBe('creating.snapshot');
  });

  const lifecycle: Row<typeof backupMachine>[] = [
    ['an Available VMware backup (V2: timers of Creating do nothing)', vmware('available'), SNAPSHOT_PHASE, ignored],
    ['an Available VMware backup', vmware('available'), TRANSFER, ignored],
    // V3: restored onto an ECS, disk by disk, under R3 and R4 like a server backup
    ['an Available VMware backup, each VMware disk onto a large enough ECS disk (V3)', vmware('available'), restoreWith({ backupId: 'bk-1-2', diskId: 'ecs-disk-2', diskGB: 100 }), moves('restoring')],
    ['an Available VMware backup, a VMware disk without a target disk (V3, R3)', vmware('available'), restoreWith({ diskId: null, diskGB: null }), refused('Sim.RestoreTargetMissing', 'R3')],
    ['an Available VMware backup, its data disk onto the ECS system disk (V3, R4)', vmware('available'), restoreWith({ ontoSystemDisk: true }), refused('Sim.RestoreOntoSystemDisk', 'R4')],
    ['an Available VMware backup, onto an ECS disk smaller than the VMware disk (V3, R3)', vmware('available'), restoreWith({ diskGB: 50 }), refused('BackupService.2001', 'R3')],
    ['a Restoring VMware backup (B3)', vmware('restoring'), { type: 'RESTORE', targetId: 'srv-3', willFail: false }, refused('BackupService.2005', 'B3')],
    ['a Restoring VMware backup', vmware('restoring'), RESTORE_JOB, moves('available')],
    ['an Available VMware backup (B5)', vmware('available'), { type: 'DELETE' }, moves('deleting')],
    ['an Available VMware backup whose vault is deleted', vmware('available'), { type: 'VAULT_DELETED' }, moves('deleting')],
    ['an Available VMware backup, on expiry (eBackup keeps its retention, not CBR: manual)', vmware('available'), { type: 'EXPIRE' }, ignored],
    ['a Deleting VMware backup', vmware('deleting'), DELETE_JOB, moves('deleted')],
    // V4: no disk from a VMware backup, from the whole backup or from one of its disks, in any state
    ['an Available VMware backup (V4)', vmware('available'), { type: 'CREATE_DISK' }, refused('Sim.VmwareBackupNoDisk', 'V4')],
    ['an Available VMware backup, from one of its disks (V4, not C7)', vmware('available'), { type: 'CREATE_DISK', childId: 'bk-1-2' }, refused('Sim.VmwareBackupNoDisk', 'V4')],
    ['a Restoring VMware backup (V4 before B3)', vmware('restoring'), { type: 'CREATE_DISK' }, refused('Sim.VmwareBackupNoDisk', 'V4')],
    ['a Deleting VMware backup (V4 before B3)', vmware('deleting'), { type: 'CREATE_DISK', childId: 'bk-1-1' }, refused('Sim.VmwareBackupNoDisk', 'V4')],
  ];
  cover(runTable(backupMachine, lifecycle, 'lifecycle'));

  const create = { type: 'CREATE_IMAGE', imageId: 'img-1' } as const;
  const imageLink: Row<typeof backupMachine>[] = [
    ['an Available VMware backup (V4: I2 widened)', vmware('available'), create, refused('BackupService.6207', 'V4')],
    ['an Available VMware backup whose VM had every image prerequisite (V4 is checked first)', vmware('available', { containsSystemDisk: true, server: READY_SERVER }), create, refused('BackupService.6207', 'V4')],
    ['a Restoring VMware backup (V4 before I1)', vmware('restoring'), create, refused('BackupService.6207', 'V4')],
    ['a Deleting VMware backup (V4 before I1)', vmware('deleting'), create, refused('BackupService.6207', 'V4')],
  ];
  cover(runTable(backupMachine, imageLink, 'imageLink'));

  it('keeps its context when a restore ends: still Available, still of its local copy', () => {
    const s = drive(backupMachine, vmware('restoring'), RESTORE_JOB);
    expect(at(s, 'lifecycle')).toBe('available');
    expect(s.context).toMatchObject({ copyId: 'copy-1', restore: { targetId: 'srv-2', diskIds: ['ecs-disk-2'] } });
  });

  it('shows each of its lifecycle states with the status and label of any backup', () => {
    expect(backupStatus(vmware('restoring'))).toEqual({ status: 'restoring', label: 'Restoring' });
    expect(backupStatus(vmware('deleting'))).toEqual({ status: 'deleting', label: 'Deleting' });
    expect(backupStatus(vmware('deleted'))).toEqual({ status: 'deleted', label: 'Deleted' });
  });
});

describe('sharing a backup with other projects (SHARE) and exporting one (EXPORT, C9)', () => {
  const share = (...projectIds: string[]) => ({ type: 'SHARE', projectIds }) as const;
  const rows: Row<typeof backupMachine>[] = [
    ['an Available server backup', backup('available'), share('p2', 'p3'), stays()],
    ['an Available server backup that has an image', withImage(backup('available')), share('p2'), stays()],
    ['an Available disk backup (only server backups are shared)', backup('available', DISK), share('p2'), refused('Sim.ShareNotSupported')],
    ['an Available VMware backup (V4)', vmware('available'), share('p2'), refused('Sim.VmwareBackupNotShareable', 'V4')],
    ['a Restoring VMware backup (V4 whatever its state)', vmware('restoring'), share('p2'), refused('Sim.VmwareBackupNotShareable', 'V4')],
    ['a Deleting VMware backup (V4 whatever its state)', vmware('deleting'), share('p2'), refused('Sim.VmwareBackupNotShareable', 'V4')],
    ['a server backup in its snapshot phase (Available only)', backup('snapshot'), share('p2'), refused('BackupService.6702')],
    ['a marked, still Creating server backup (Available only)', backup('marked'), share('p2'), refused('BackupService.6702')],
    ['a transferring disk backup (Available only)', backup('transferring', DISK), share('p2'), refused('BackupService.6702')],
    ['a Restoring server backup (Available only)', backup('restoring'), share('p2'), refused('BackupService.6702')],
    ['a Deleting server backup (Available only)', backup('deleting'), share('p2'), refused('BackupService.6702')],
    ['an Error server backup (Available only)', backup('error'), share('p2'), refused('BackupService.6702')],
    ['a deleted server backup', backup('deleted'), share('p2'), ignored],
    // C9: no backup is ever exported; V4 names why for a VMware one
    ['an Available server backup (C9)', backup('available'), { type: 'EXPORT' }, refused('Sim.BackupNotExportable', 'C9')],
    ['an Available disk backup (C9)', backup('available', DISK), { type: 'EXPORT' }, refused('Sim.BackupNotExportable', 'C9')],
    ['a server backup in its snapshot phase (C9)', backup('snapshot'), { type: 'EXPORT' }, refused('Sim.BackupNotExportable', 'C9')],
    ['an Error server backup (C9)', backup('error'), { type: 'EXPORT' }, refused('Sim.BackupNotExportable', 'C9')],
    ['an Available VMware backup (V4)', vmware('available'), { type: 'EXPORT' }, refused('Sim.BackupNotExportable', 'V4')],
    ['a Restoring VMware backup (V4)', vmware('restoring'), { type: 'EXPORT' }, refused('Sim.BackupNotExportable', 'V4')],
  ];
  cover(runTable(backupMachine, rows, 'lifecycle'));

  it('starts shared with no project', () => {
    expect(backup('available').context.members).toEqual([]);
    expect(backup('snapshot').context.members).toEqual([]);
  });

  it('adds each project once, keeping the order they were first shared in', () => {
    const once = drive(backupMachine, backup('available'), share('p2', 'p3'));
    expect(once.context.members).toEqual(['p2', 'p3']);
    const again = drive(backupMachine, once, share('p3', 'p4', 'p2'));
    expect(again.context.members).toEqual(['p2', 'p3', 'p4']);
    expect(drive(backupMachine, again, share('p4')).context.members).toEqual(['p2', 'p3', 'p4']);
  });

  it('keeps its members through a restore and its image link (sharing changes no other region)', () => {
    const shared = drive(backupMachine, backup('available'), share('p2'));
    expect(shared.value).toEqual(backup('available').value);
    const restored = drive(backupMachine, shared, { type: 'RESTORE', targetId: 'srv-2', willFail: false }, RESTORE_JOB, { type: 'CREATE_IMAGE', imageId: 'img-1' });
    expect(restored.context.members).toEqual(['p2']);
    expect(restored.value).toMatchObject({ lifecycle: 'available', imageLink: 'linked' });
  });
});

describe('backup succession (P5)', () => {
  const rows: Row<typeof backupMachine>[] = [
    ['the latest backup of a resource whose next backup starts', backup('available'), { type: 'NEXT_STARTED' }, moves('nextRunning')],
    ['a backup whose next backup is running, when it ends', withNextRunning(backup('available')), { type: 'NEXT_ENDED' }, moves('superseded')],
    ['the latest backup', backup('available'), { type: 'NEXT_ENDED' }, ignored],
    ['a backup whose next backup is running', withNextRunning(backup('available')), { type: 'NEXT_STARTED' }, ignored],
    ['a superseded backup', drive(backupMachine, withNextRunning(backup('available')), { type: 'NEXT_ENDED' }), { type: 'NEXT_STARTED' }, ignored],
  ];
  cover(runTable(backupMachine, rows, 'succession'));
});

describe('backup refusals', () => {
  itHasARowForEveryDeclaredRefusal(backupMachine, covered);

  it('leaves the snapshot it refused untouched (the same object)', () => {
    const s = backup('snapshot');
    const r = respond(backupMachine, s, { type: 'DELETE' });
    expect(r.snapshot.value).toEqual(s.value);
    expect(r.snapshot.context).toBe(s.context);
  });
});

describe('isImageable: the "Image can be created" mark (B2, I1)', () => {
  const cases: Array<[string, BackupSnapshot, boolean]> = [
    ['a server backup in its snapshot phase', backup('snapshot'), false],
    ['a marked server backup, still Creating', backup('marked'), true],
    ['a marked server backup that has an image (the mark does not change)', withImage(backup('marked')), true],
    ['an Available server backup with system-disk data', backup('available'), true],
    ['an Available server backup that has an image', withImage(backup('available')), true],
    ['a transferring server backup without system-disk data', backup('transferring', NO_SYSTEM_DISK), false],
    ['an Available server backup without system-disk data', backup('available', NO_SYSTEM_DISK), false],
    ['a transferring disk backup', backup('transferring', DISK), false],
    ['an Available disk backup', backup('available', DISK), false],
    ['an Error backup that was marked', backup('error'), false],
    ['a Restoring backup', backup('restoring'), false],
    ['a Deleting backup', backup('deleting'), false],
    ['a deleted backup', backup('deleted'), false],
  ];
  for (const [what, s, expected] of cases) {
    it(`is ${expected} for ${what}`, () => expect(isImageable(s)).toBe(expected));
  }
});

describe('backupStatus: the API status and console label of each lifecycle state', () => {
  const cases: Array<[BackupSnapshot, string, string]> = [
    [backup('snapshot'), 'protecting', 'Creating'],
    [backup('marked'), 'protecting', 'Creating'],
    [backup('transferring', DISK), 'protecting', 'Creating'],
    [backup('available'), 'available', 'Available'],
    [backup('error'), 'error', 'Error'],
    [backup('restoring'), 'restoring', 'Restoring'],
    [backup('deleting'), 'deleting', 'Deleting'],
    [backup('deleted'), 'deleted', 'Deleted'],
  ];
  for (const [s, status, label] of cases) {
    it(`shows ${at(s, 'lifecycle')} as status ${status}, label "${label}"`, () => {
      expect(backupStatus(s)).toEqual({ status, label });
    });
  }

  it('does not depend on the image link or succession regions', () => {
    expect(backupStatus(withNextRunning(withImage(backup('available'))))).toEqual({ status: 'available', label: 'Available' });
  });
});

describe('backup timing on a simulated clock', () => {
  it('is marked after snapshotPhaseMs and Available after dataTransferMs more (B1, B2, B4)', () => {
    const clock = new SimulatedClock();
    const actor = createActor(backupMachine, { input: input(), clock }).start();
    clock.increment(TIMING.snapshotPhaseMs - 1);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('creating.snapshot');
    clock.increment(1);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('creating.imageCreatable');
    expect(isImageable(actor.getSnapshot())).toBe(true);
    clock.increment(TIMING.dataTransferMs - 1);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('creating.imageCreatable');
    clock.increment(1);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('available');
    actor.stop();
  });

  it('never marks a disk backup, and ends in Error when its job fails (B2, B4)', () => {
    const clock = new SimulatedClock();
    const actor = createActor(backupMachine, { input: input({ ...DISK, ...FAILS }), clock }).start();
    clock.increment(TIMING.snapshotPhaseMs);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('creating.transferring');
    clock.increment(TIMING.dataTransferMs);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('error');
    actor.stop();
  });

  it('restores for restoreMs and deletes for deleteMs', () => {
    const clock = new SimulatedClock();
    const actor = createActor(backupMachine, { input: input(), clock }).start();
    // A SimulatedClock runs only the timeouts due by the new time, so each phase is its own step.
    clock.increment(TIMING.snapshotPhaseMs);
    clock.increment(TIMING.dataTransferMs);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('available');
    actor.send({ type: 'RESTORE', targetId: 'srv-2', willFail: false });
    clock.increment(TIMING.restoreMs - 1);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('restoring');
    clock.increment(1);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('available');
    actor.send({ type: 'DELETE' });
    clock.increment(TIMING.deleteMs);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('deleted');
    actor.stop();
  });
});
