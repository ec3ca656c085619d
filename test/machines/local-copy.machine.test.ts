/**
 * The local copy chart (C10): a backup eBackup makes on premises, stored, then uploaded to the
 * hybrid vault's bucket; only an uploaded copy can be synchronised, once (V1); eBackup's own
 * retention expires it.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, getInitialSnapshot } from 'xstate';
import { localCopyMachine, localCopyStatus, type LocalCopyInput, type LocalCopySnapshot } from '../../machines/local-copy.machine.js';
import {
  MINUTE,
  MONDAY,
  allowed,
  at,
  drive,
  ignored,
  itHasARowForEveryDeclaredRefusal,
  moves,
  outwardReach,
  refused,
  respond,
  runTable,
  stays,
  statusNodes,
  timer,
  type Row,
} from './support.js';

const TIMING = { localBackupMs: 20 * MINUTE, uploadMs: 35 * MINUTE };

function input(over: Partial<LocalCopyInput> = {}): LocalCopyInput {
  return {
    id: 'copy-1',
    name: 'erp-db_ebk_0001',
    createdAt: MONDAY,
    vmId: 'vm-1',
    siteId: 'site-1',
    os: 'linux',
    disks: [
      { id: 'vm-1-1', sizeGB: 40, systemDisk: true },
      { id: 'vm-1-2', sizeGB: 100, systemDisk: false },
    ],
    sizeGB: 140,
    timing: TIMING,
    ...over,
  };
}

const LOCAL_BACKUP = timer(localCopyMachine, 'localBackup', 'localCopy.backingUp');
const UPLOAD = timer(localCopyMachine, 'upload', 'localCopy.stored');

type Stage = 'backingUp' | 'stored' | 'uploaded' | 'synced' | 'expired';

/** A copy driven to `stage` (`synced`: uploaded, then registered as bk-7). */
function copy(stage: Stage): LocalCopySnapshot {
  const s = getInitialSnapshot(localCopyMachine, input());
  if (stage === 'backingUp') return s;
  const stored = drive(localCopyMachine, s, LOCAL_BACKUP);
  if (stage === 'stored') return stored;
  if (stage === 'expired') return drive(localCopyMachine, stored, { type: 'EXPIRE' });
  const uploaded = drive(localCopyMachine, stored, UPLOAD);
  return stage === 'uploaded' ? uploaded : drive(localCopyMachine, uploaded, { type: 'SYNCED', backupId: 'bk-7' });
}

const covered = new Set<string>();
const cover = (keys: Set<string>) => keys.forEach((k) => covered.add(k));

describe('local copy: backed up, stored, uploaded (V1)', () => {
  it('starts Backing up, not yet any backup', () => {
    const s = copy('backingUp');
    expect(s.value).toBe('backingUp');
    expect(s.context).toMatchObject({ vmId: 'vm-1', siteId: 'site-1', sizeGB: 140, backupId: null });
  });

  const rows: Row<typeof localCopyMachine>[] = [
    ['a copy being backed up', copy('backingUp'), LOCAL_BACKUP, moves('stored')],
    ['a copy being backed up (its upload has not started)', copy('backingUp'), UPLOAD, ignored],
    ['a stored copy', copy('stored'), UPLOAD, moves('uploaded')],
    ['a stored copy (its local backup is over)', copy('stored'), LOCAL_BACKUP, ignored],
    ['an uploaded copy', copy('uploaded'), UPLOAD, ignored],
    // SYNC asks whether a sync can register it now (V1)
    ['a copy being backed up, asked to sync (V1)', copy('backingUp'), { type: 'SYNC' }, refused('BackupService.1006', 'V1')],
    ['a stored copy, not yet uploaded, asked to sync (V1)', copy('stored'), { type: 'SYNC' }, refused('BackupService.1006', 'V1')],
    ['an uploaded copy, asked to sync', copy('uploaded'), { type: 'SYNC' }, allowed],
    ['an uploaded copy synchronised before, asked to sync (V1)', copy('synced'), { type: 'SYNC' }, refused('Sim.AlreadySynced', 'V1')],
    ['an uploaded copy, when a sync registers it', copy('uploaded'), { type: 'SYNCED', backupId: 'bk-7' }, stays()],
    ['a copy being backed up, when a sync would register it', copy('backingUp'), { type: 'SYNCED', backupId: 'bk-7' }, ignored],
    ['a stored copy, when a sync would register it', copy('stored'), { type: 'SYNCED', backupId: 'bk-7' }, ignored],
    // EXPIRE: eBackup's own retention, on premises
    ['a copy being backed up, asked to expire', copy('backingUp'), { type: 'EXPIRE' }, refused('Sim.InvalidState')],
    ['a stored copy, asked to expire', copy('stored'), { type: 'EXPIRE' }, moves('expired')],
    ['an uploaded copy, asked to expire', copy('uploaded'), { type: 'EXPIRE' }, moves('expired')],
    ['a synchronised copy, asked to expire (its backup is deleted by the next syncVault)', copy('synced'), { type: 'EXPIRE' }, moves('expired')],
    ['an expired copy, asked to expire', copy('expired'), { type: 'EXPIRE' }, ignored],
    ['an expired copy, asked to sync', copy('expired'), { type: 'SYNC' }, ignored],
  ];
  cover(runTable(localCopyMachine, rows));

  it('records the backup a sync registered it as, and keeps it once expired', () => {
    const synced = copy('synced');
    expect(synced.context.backupId).toBe('bk-7');
    expect(drive(localCopyMachine, synced, { type: 'EXPIRE' }).context.backupId).toBe('bk-7');
  });

  it('ends in a final Expired state', () => {
    expect(localCopyMachine.getStateNodeById('localCopy.expired').type).toBe('final');
    expect(copy('expired').status).toBe('done');
  });

  it('is stored after localBackupMs and uploaded after uploadMs more, on a simulated clock', () => {
    const clock = new SimulatedClock();
    const actor = createActor(localCopyMachine, { input: input(), clock }).start();
    clock.increment(TIMING.localBackupMs - 1);
    expect(at(actor.getSnapshot())).toBe('backingUp');
    clock.increment(1);
    expect(at(actor.getSnapshot())).toBe('stored');
    clock.increment(TIMING.uploadMs - 1);
    expect(at(actor.getSnapshot())).toBe('stored');
    clock.increment(1);
    expect(at(actor.getSnapshot())).toBe('uploaded');
    actor.stop();
  });

  it('takes its delays from its own timing (sized by the VM, not fixed by the chart)', () => {
    const clock = new SimulatedClock();
    const actor = createActor(localCopyMachine, { input: input({ timing: { localBackupMs: 1_000, uploadMs: 2_000 } }), clock }).start();
    clock.increment(1_000);
    clock.increment(2_000);
    expect(at(actor.getSnapshot())).toBe('uploaded');
    actor.stop();
  });

  it('cancels its upload when a stored copy expires', () => {
    const r = respond(localCopyMachine, copy('stored'), { type: 'EXPIRE' });
    expect(r.allActions).toEqual([{ type: 'xstate.cancel', params: { sendId: UPLOAD.type } }]);
  });
});

describe('localCopyStatus: the status and label of each state', () => {
  const cases: Array<[Stage, string, string]> = [
    ['backingUp', 'backing_up', 'Backing up'],
    ['stored', 'stored', 'Stored'],
    ['uploaded', 'uploaded', 'Uploaded'],
    ['synced', 'uploaded', 'Uploaded'],
    ['expired', 'expired', 'Expired'],
  ];
  for (const [stage, status, label] of cases) {
    it(`shows a ${stage} copy as status ${status}, label "${label}"`, () => expect(localCopyStatus(copy(stage))).toEqual({ status, label }));
  }

  it('declares a status on every state, naming V1 until it expires and C10 once uploaded', () => {
    expect(statusNodes(localCopyMachine)).toEqual([
      { id: 'localCopy.backingUp', status: 'backing_up', label: 'Backing up' },
      { id: 'localCopy.stored', status: 'stored', label: 'Stored' },
      { id: 'localCopy.uploaded', status: 'uploaded', label: 'Uploaded' },
      { id: 'localCopy.expired', status: 'expired', label: 'Expired' },
    ]);
    const rules = (id: string) => (localCopyMachine.getStateNodeById(id).meta as { rules?: string[] }).rules;
    expect(rules('localCopy.backingUp')).toEqual(['V1']);
    expect(rules('localCopy.stored')).toEqual(['V1']);
    expect(rules('localCopy.uploaded')).toEqual(['V1', 'C10']);
    expect(rules('localCopy.expired')).toBeUndefined();
  });
});

describe('local copy refusals', () => {
  itHasARowForEveryDeclaredRefusal(localCopyMachine, covered);
});

describe('a local copy reaches nothing outside itself', () => {
  it('has no transition, action or actor that reaches outside the local copy chart (the world registers it)', () => {
    expect(outwardReach(localCopyMachine)).toEqual([]);
  });
});
