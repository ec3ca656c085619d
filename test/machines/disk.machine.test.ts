/**
 * The disk chart: lifecycle, the shared protection region (P4, B3), vault membership, and the
 * absence of any reach towards backups (C3).
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, getInitialSnapshot } from 'xstate';
import { diskMachine, diskStatus, type DiskEvent, type DiskInput, type DiskSnapshot } from '../../machines/disk.machine.js';
import {
  MONDAY,
  allowed,
  at,
  declaredTargets,
  drive,
  ignored,
  moves,
  outwardReach,
  refused,
  respond,
  runTable,
  stays,
  timer,
  type Row,
  itHasARowForEveryDeclaredRefusal,
} from './support.js';

const TIMING = { createMs: 10_000, deleteMs: 5_000 };

function input(over: Partial<DiskInput> = {}): DiskInput {
  return {
    id: 'disk-1',
    name: 'data-1',
    createdAt: MONDAY,
    sizeGB: 100,
    az: 'eu-de-01',
    role: 'data',
    serverId: null,
    sourceBackupId: null,
    sourceImageId: null,
    timing: TIMING,
    ...over,
  };
}

/** A data disk attached to srv-1 from the start. */
const ATTACHED: Partial<DiskInput> = { serverId: 'srv-1' };
/** The system disk of srv-1. */
const SYSTEM: Partial<DiskInput> = { role: 'system', serverId: 'srv-1', name: 'web-1-system', sizeGB: 40 };

const CREATE_JOB = timer(diskMachine, 'createJob', 'disk.lifecycle.creating');
const DELETE_JOB = timer(diskMachine, 'deleteJob', 'disk.lifecycle.deleting');

type Stage = 'creating' | 'ready' | 'restoring' | 'deleting' | 'deleted';

/** `ready` is `available` for an unattached disk and `inUse` for an attached one. */
function disk(stage: Stage, over: Partial<DiskInput> = {}): DiskSnapshot {
  let s = getInitialSnapshot(diskMachine, input(over));
  if (stage === 'creating') return s;
  s = drive(diskMachine, s, CREATE_JOB);
  if (stage === 'restoring') return drive(diskMachine, s, { type: 'RESTORE_START' });
  if (stage === 'deleting' || stage === 'deleted') {
    s = at(s, 'lifecycle') === 'inUse' ? drive(diskMachine, s, { type: 'DETACH' }) : s;
    s = drive(diskMachine, s, { type: 'DELETE' });
  }
  return stage === 'deleted' ? drive(diskMachine, s, DELETE_JOB) : s;
}

const backingUp = (s: DiskSnapshot) => drive(diskMachine, s, { type: 'BACKUP_START' });
const inVault = (s: DiskSnapshot, vaultId = 'vault-1') => drive(diskMachine, s, { type: 'ADD_TO_VAULT', vaultId });
const attach = (serverAz = 'eu-de-01'): DiskEvent => ({ type: 'ATTACH', serverId: 'srv-2', serverAz });

const covered = new Set<string>();
const cover = (keys: Set<string>) => keys.forEach((k) => covered.add(k));

describe('disk lifecycle', () => {
  it('starts creating, idle, in no vault', () => {
    expect(disk('creating').value).toEqual({ lifecycle: 'creating', protection: 'idle', vault: 'unprotected' });
  });

  const rows: Row<typeof diskMachine>[] = [
    ['a new unattached disk', disk('creating'), CREATE_JOB, moves('available')],
    ['a new disk made for a server', disk('creating', ATTACHED), CREATE_JOB, moves('inUse')],
    ['a new system disk', disk('creating', SYSTEM), CREATE_JOB, moves('inUse')],
    ['a disk being created', disk('creating'), DELETE_JOB, ignored],
    ['a disk being created', disk('creating'), attach(), refused('Sim.InvalidState')],
    ['a disk being created', disk('creating'), { type: 'DETACH' }, refused('Sim.InvalidState')],
    ['a disk being created', disk('creating'), { type: 'DELETE' }, refused('Sim.InvalidState')],
    ['a disk being created', disk('creating'), { type: 'CREATE_IMAGE' }, refused('Sim.InvalidState')],
    ['an Available disk, attached in its AZ', disk('ready'), attach(), moves('inUse')],
    ['an Available disk, attached to a server in another AZ', disk('ready'), attach('eu-de-02'), refused('Sim.InvalidArgument')],
    ['an Available disk', disk('ready'), { type: 'DETACH' }, refused('Sim.InvalidState')],
    ['an Available disk', disk('ready'), { type: 'DELETE' }, moves('deleting')],
    ['an Available data disk (C6)', disk('ready'), { type: 'CREATE_IMAGE' }, allowed],
    ['an Available system disk (C6: a system-disk image comes from its server)', disk('ready', { role: 'system' }), { type: 'CREATE_IMAGE' }, refused('Sim.InvalidArgument', 'C6')],
    ['an Available disk', disk('ready'), { type: 'RESTORE_START' }, moves('restoringBackup')],
    ['an Available disk being backed up', backingUp(disk('ready')), { type: 'RESTORE_START' }, refused('BackupService.2002')],
    ['an Available disk', disk('ready'), { type: 'SERVER_DELETED' }, ignored],
    ['an In-use disk', disk('ready', ATTACHED), attach(), refused('Sim.InvalidState')],
    ['an In-use data disk', disk('ready', ATTACHED), { type: 'DETACH' }, moves('available')],
    ['an In-use system disk (it stays with its server)', disk('ready', SYSTEM), { type: 'DETACH' }, refused('Sim.InvalidArgument')],
    ['an In-use disk (detach it first)', disk('ready', ATTACHED), { type: 'DELETE' }, refused('Sim.InvalidState')],
    ['an In-use system disk whose server is deleted', disk('ready', SYSTEM), { type: 'SERVER_DELETED' }, moves('deleting')],
    ['an In-use data disk whose server is deleted (C3: it survives, detached)', disk('ready', ATTACHED), { type: 'SERVER_DELETED' }, moves('available')],
    ['an In-use data disk (C6)', disk('ready', ATTACHED), { type: 'CREATE_IMAGE' }, allowed],
    ['an In-use system disk (C6)', disk('ready', SYSTEM), { type: 'CREATE_IMAGE' }, refused('Sim.InvalidArgument', 'C6')],
    ['an In-use disk', disk('ready', ATTACHED), { type: 'RESTORE_START' }, moves('restoringBackup')],
    ['a detached disk being restored, when the restore ends', disk('restoring'), { type: 'RESTORE_ENDED' }, moves('available')],
    ['an attached disk being restored, when the restore ends', disk('restoring', ATTACHED), { type: 'RESTORE_ENDED' }, moves('inUse')],
    ['a detached disk being restored, when the restore fails', disk('restoring'), { type: 'RESTORE_FAILED' }, moves('available')],
    ['an attached disk being restored, when the restore fails', disk('restoring', ATTACHED), { type: 'RESTORE_FAILED' }, moves('inUse')],
    ['a disk being restored', disk('restoring'), attach(), refused('Sim.InvalidState', 'R2')],
    ['a disk being restored', disk('restoring', ATTACHED), { type: 'DETACH' }, refused('Sim.InvalidState', 'R2')],
    ['a disk being restored', disk('restoring'), { type: 'DELETE' }, refused('Sim.InvalidState', 'R2')],
    ['a disk being restored', disk('restoring'), { type: 'CREATE_IMAGE' }, refused('Sim.InvalidState', 'R2')],
    ['an attached disk being restored whose server is deleted', disk('restoring', ATTACHED), { type: 'SERVER_DELETED' }, stays()],
    ['a Deleting disk', disk('deleting'), DELETE_JOB, moves('deleted')],
    ['a Deleting disk', disk('deleting'), { type: 'DELETE' }, refused('Sim.InvalidState')],
    ['a Deleting disk', disk('deleting'), attach(), refused('Sim.InvalidState')],
    ['a deleted disk', disk('deleted'), { type: 'DELETE' }, refused('Sim.InvalidState')],
    ['a deleted disk', disk('deleted'), attach(), refused('Sim.InvalidState')],
    ['a deleted disk', disk('deleted'), { type: 'CREATE_IMAGE' }, refused('Sim.InvalidState')],
  ];
  cover(runTable(diskMachine, rows, 'lifecycle'));

  it('records the server it is attached to, and forgets it when detached or when the server goes', () => {
    const attached = drive(diskMachine, disk('ready'), attach());
    expect(attached.context.serverId).toBe('srv-2');
    expect(drive(diskMachine, attached, { type: 'DETACH' }).context.serverId).toBeNull();
    expect(drive(diskMachine, attached, { type: 'SERVER_DELETED' }).context.serverId).toBeNull();
    const restoring = drive(diskMachine, disk('restoring', ATTACHED), { type: 'SERVER_DELETED' });
    expect(restoring.context.serverId).toBeNull();
    expect(at(drive(diskMachine, restoring, { type: 'RESTORE_ENDED' }), 'lifecycle')).toBe('available');
  });

  it('runs its create and delete jobs on a simulated clock', () => {
    const clock = new SimulatedClock();
    const actor = createActor(diskMachine, { input: input(), clock }).start();
    clock.increment(TIMING.createMs - 1);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('creating');
    clock.increment(1);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('available');
    actor.send({ type: 'DELETE' });
    clock.increment(TIMING.deleteMs);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('deleted');
    actor.stop();
  });

  const statuses: Array<[DiskSnapshot, string, string]> = [
    [disk('creating'), 'creating', 'Creating'],
    [disk('ready'), 'available', 'Available'],
    [disk('ready', ATTACHED), 'in-use', 'In-use'],
    [disk('restoring'), 'restoring-backup', 'Restoring'],
    [disk('deleting'), 'deleting', 'Deleting'],
    [disk('deleted'), 'deleted', 'Deleted'],
  ];
  for (const [s, status, label] of statuses) {
    it(`shows ${at(s, 'lifecycle')} as status ${status}, label "${label}"`, () => expect(diskStatus(s)).toEqual({ status, label }));
  }
});

describe('disk protection: backups and restores (P4, B3)', () => {
  const rows: Row<typeof diskMachine>[] = [
    ['an idle Available disk', disk('ready'), { type: 'BACKUP_START' }, moves('backingUp')],
    ['an idle In-use disk', disk('ready', ATTACHED), { type: 'BACKUP_START' }, moves('backingUp')],
    ['a disk being created (only Available or In-use disks are backed up)', disk('creating'), { type: 'BACKUP_START' }, refused('BackupService.7003')],
    ['a Deleting disk', disk('deleting'), { type: 'BACKUP_START' }, refused('BackupService.7003')],
    ['a deleted disk', disk('deleted'), { type: 'BACKUP_START' }, refused('BackupService.7003')],
    ['an idle Available disk, on a scheduled run', disk('ready'), { type: 'SCHEDULED_BACKUP' }, moves('backingUp')],
    ['a disk being created, on a scheduled run', disk('creating'), { type: 'SCHEDULED_BACKUP' }, stays({ type: 'skipRun', params: { reason: 'status' } })],
    ['a disk being backed up', backingUp(disk('ready')), { type: 'BACKUP_START' }, refused('BackupService.6125')],
    ['a disk being backed up, on a scheduled run (P4)', backingUp(disk('ready')), { type: 'SCHEDULED_BACKUP' }, stays({ type: 'skipRun', params: { reason: 'previous-running' } })],
    ['an In-use disk being backed up', backingUp(disk('ready', ATTACHED)), { type: 'RESTORE_START' }, refused('BackupService.2002')],
    ['a disk being backed up, when the backup ends', backingUp(disk('ready')), { type: 'BACKUP_ENDED' }, moves('idle')],
    ['an idle Available disk', disk('ready'), { type: 'RESTORE_START' }, moves('restoring')],
    ['a disk being created (B3)', disk('creating'), { type: 'RESTORE_START' }, refused('Sim.InvalidState', 'B3')],
    ['a deleted disk (B3)', disk('deleted'), { type: 'RESTORE_START' }, refused('Sim.InvalidState', 'B3')],
    ['a disk being restored', disk('restoring'), { type: 'BACKUP_START' }, refused('BackupService.6215', 'R2')],
    ['a disk being restored, on a scheduled run (P4)', disk('restoring'), { type: 'SCHEDULED_BACKUP' }, stays({ type: 'skipRun', params: { reason: 'restoring' } })],
    ['a disk being restored', disk('restoring'), { type: 'RESTORE_START' }, refused('BackupService.2010', 'R4')],
    ['a disk being restored, when the restore ends', disk('restoring'), { type: 'RESTORE_ENDED' }, moves('idle')],
    ['a disk being restored, when the restore fails', disk('restoring'), { type: 'RESTORE_FAILED' }, moves('idle')],
    ['an idle disk', disk('ready'), { type: 'BACKUP_ENDED' }, ignored],
  ];
  cover(runTable(diskMachine, rows, 'protection'));

  it('enters restoring in both regions at once when a restore starts', () => {
    expect(disk('restoring').value).toEqual({ lifecycle: 'restoringBackup', protection: 'restoring', vault: 'unprotected' });
  });
});

describe('disk vault membership', () => {
  const rows: Row<typeof diskMachine>[] = [
    ['a disk in no vault', disk('ready'), { type: 'ADD_TO_VAULT', vaultId: 'vault-1' }, moves('inVault')],
    ['a disk in vault-1, added to vault-2 (one vault per resource)', inVault(disk('ready')), { type: 'ADD_TO_VAULT', vaultId: 'vault-2' }, refused('BackupService.6103')],
    ['a disk in vault-1, added to vault-1 again', inVault(disk('ready')), { type: 'ADD_TO_VAULT', vaultId: 'vault-1' }, refused('Sim.InvalidArgument')],
    ['a disk in a vault', inVault(disk('ready')), { type: 'REMOVE_FROM_VAULT' }, moves('unprotected')],
    ['a disk in no vault', disk('ready'), { type: 'REMOVE_FROM_VAULT' }, ignored],
  ];
  cover(runTable(diskMachine, rows, 'vault'));

  it('records the vault it joined and forgets it when removed', () => {
    const s = inVault(disk('ready'), 'vault-3');
    expect(s.context.vaultId).toBe('vault-3');
    expect(drive(diskMachine, s, { type: 'REMOVE_FROM_VAULT' }).context.vaultId).toBeNull();
  });
});

describe('disk refusals', () => {
  itHasARowForEveryDeclaredRefusal(diskMachine, covered);
});

describe('deleting a disk does not delete its backups (C3)', () => {
  it('has no transition, action or actor that reaches outside the disk chart', () => {
    expect(outwardReach(diskMachine)).toEqual([]);
  });

  it('declares its DELETE transition without any action', () => {
    const deletes = declaredTargets(diskMachine).filter((t) => t.event === 'DELETE');
    expect(deletes.map((t) => `${t.source} → ${t.target.id}`)).toEqual(['disk.lifecycle.available → disk.lifecycle.deleting']);
    for (const t of diskMachine.getStateNodeById('disk.lifecycle.available').transitions.get('DELETE') ?? []) expect(t.actions).toEqual([]);
  });

  it('produces no action at all when a disk in a vault is deleted, or when its job ends', () => {
    const r = respond(diskMachine, inVault(disk('ready')), { type: 'DELETE' });
    expect(r.actions).toEqual([]);
    const done = respond(diskMachine, r.snapshot, DELETE_JOB);
    expect(done.actions).toEqual([]);
    expect(done.snapshot.context.vaultId).toBe('vault-1');
  });
});
