/**
 * The server chart: lifecycle, the shared protection region (P4, B3) and vault membership, and the
 * absence of any reach towards backups or images (C3, C4).
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, createMachine, emit, getInitialSnapshot, sendParent, setup } from 'xstate';
import { serverMachine, serverStatus, type ServerEvent, type ServerInput, type ServerSnapshot } from '../../machines/server.machine.js';
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

function input(over: Partial<ServerInput> = {}): ServerInput {
  return {
    id: 'srv-1',
    name: 'web-1',
    createdAt: MONDAY,
    os: 'linux',
    initTool: true,
    optimized: true,
    az: 'eu-de-01',
    systemDiskId: 'disk-sys',
    dataDiskIds: ['disk-data-1'],
    sourceImageId: 'img-1',
    timing: { provisionMs: 30_000 },
    willFail: false,
    ...over,
  };
}

const PROVISION_JOB = timer(serverMachine, 'provisionJob', 'server.lifecycle.BUILD');

type Stage = 'BUILD' | 'ACTIVE' | 'SHUTOFF' | 'ERROR' | 'DELETED';

function server(stage: Stage, over: Partial<ServerInput> = {}): ServerSnapshot {
  let s = getInitialSnapshot(serverMachine, input(stage === 'ERROR' ? { ...over, willFail: true } : over));
  if (stage === 'BUILD') return s;
  s = drive(serverMachine, s, PROVISION_JOB);
  if (stage === 'SHUTOFF') s = drive(serverMachine, s, { type: 'STOP' });
  if (stage === 'DELETED') s = drive(serverMachine, s, { type: 'DELETE' });
  return s;
}

const backingUp = (s: ServerSnapshot) => drive(serverMachine, s, { type: 'BACKUP_START' });
const restoring = (s: ServerSnapshot) => drive(serverMachine, s, { type: 'RESTORE_START' });
const inVault = (s: ServerSnapshot, vaultId = 'vault-1') => drive(serverMachine, s, { type: 'ADD_TO_VAULT', vaultId });

const covered = new Set<string>();
const cover = (keys: Set<string>) => keys.forEach((k) => covered.add(k));

describe('server lifecycle', () => {
  it('starts in BUILD, idle, in no vault', () => {
    expect(server('BUILD').value).toEqual({ lifecycle: 'BUILD', protection: 'idle', vault: 'unprotected' });
    expect(server('BUILD').context.vaultId).toBeNull();
  });

  const attach: ServerEvent = { type: 'ATTACH_DISK', diskId: 'disk-data-2' };
  const rows: Row<typeof serverMachine>[] = [
    ['a server in BUILD whose provisioning succeeds', server('BUILD'), PROVISION_JOB, moves('ACTIVE')],
    ['a server in BUILD whose provisioning fails', server('BUILD', { willFail: true }), PROVISION_JOB, moves('ERROR')],
    ['a Running server', server('ACTIVE'), PROVISION_JOB, ignored],
    ['a server in BUILD', server('BUILD'), { type: 'STOP' }, refused('Sim.InvalidState')],
    ['a server in BUILD', server('BUILD'), { type: 'START' }, refused('Sim.InvalidState')],
    ['a server in BUILD', server('BUILD'), { type: 'CREATE_IMAGE' }, refused('IMG.0126')],
    ['a server in BUILD', server('BUILD'), attach, refused('Sim.InvalidState')],
    ['a server in BUILD', server('BUILD'), { type: 'DELETE' }, refused('Sim.InvalidState')],
    ['a Running server', server('ACTIVE'), { type: 'STOP' }, moves('SHUTOFF')],
    ['a Running server', server('ACTIVE'), { type: 'START' }, refused('Sim.InvalidState')],
    ['a Running server', server('ACTIVE'), { type: 'DELETE' }, moves('DELETED')],
    ['a Running server (C6)', server('ACTIVE'), { type: 'CREATE_IMAGE' }, allowed],
    ['a Running server', server('ACTIVE'), attach, stays()],
    ['a Running server whose restore fails', server('ACTIVE'), { type: 'RESTORE_FAILED' }, moves('ERROR')],
    ['a Stopped server', server('SHUTOFF'), { type: 'START' }, moves('ACTIVE')],
    ['a Stopped server', server('SHUTOFF'), { type: 'STOP' }, refused('Sim.InvalidState')],
    ['a Stopped server', server('SHUTOFF'), { type: 'DELETE' }, moves('DELETED')],
    ['a Stopped server (C6)', server('SHUTOFF'), { type: 'CREATE_IMAGE' }, allowed],
    ['a Stopped server', server('SHUTOFF'), attach, stays()],
    ['a Stopped server whose restore fails', server('SHUTOFF'), { type: 'RESTORE_FAILED' }, moves('ERROR')],
    ['a Running server (I4: install Cloud-Init, optimise)', server('ACTIVE'), { type: 'UPDATE', initTool: true, optimized: true }, stays()],
    ['a Stopped server (start it first)', server('SHUTOFF'), { type: 'UPDATE', initTool: true }, refused('Sim.InvalidState')],
    ['a server in BUILD', server('BUILD'), { type: 'UPDATE', initTool: true }, refused('Sim.InvalidState')],
    ['a Faulty server', server('ERROR'), { type: 'UPDATE', initTool: true }, refused('Sim.InvalidState')],
    ['a deleted server', server('DELETED'), { type: 'UPDATE', initTool: true }, refused('Sim.InvalidState')],
    ['a Faulty server', server('ERROR'), { type: 'STOP' }, refused('Sim.InvalidState')],
    ['a Faulty server', server('ERROR'), { type: 'START' }, refused('Sim.InvalidState')],
    ['a Faulty server', server('ERROR'), { type: 'CREATE_IMAGE' }, refused('IMG.0126')],
    ['a Faulty server', server('ERROR'), attach, refused('Sim.InvalidState')],
    ['a Faulty server', server('ERROR'), { type: 'DELETE' }, moves('DELETED')],
    ['a Faulty server', server('ERROR'), { type: 'RESTORE_FAILED' }, ignored],
    ['a deleted server', server('DELETED'), { type: 'DELETE' }, refused('Sim.InvalidState')],
    ['a deleted server', server('DELETED'), { type: 'STOP' }, refused('Sim.InvalidState')],
    ['a deleted server', server('DELETED'), { type: 'START' }, refused('Sim.InvalidState')],
    ['a deleted server', server('DELETED'), { type: 'CREATE_IMAGE' }, refused('IMG.0126')],
    ['a deleted server', server('DELETED'), attach, refused('Sim.InvalidState')],
    ['a deleted server', server('DELETED'), { type: 'RESTORE_FAILED' }, ignored],
  ];
  cover(runTable(serverMachine, rows, 'lifecycle'));

  it('attaches data disks while Running or Stopped, and detaches them in any state', () => {
    const attached = drive(serverMachine, server('SHUTOFF'), { type: 'ATTACH_DISK', diskId: 'disk-data-2' });
    expect(attached.context.dataDiskIds).toEqual(['disk-data-1', 'disk-data-2']);
    for (const stage of ['BUILD', 'ACTIVE', 'ERROR', 'DELETED'] as const) {
      const r = respond(serverMachine, server(stage), { type: 'DETACH_DISK', diskId: 'disk-data-1' });
      expect(r.refusal).toBeUndefined();
      expect(r.snapshot.value).toEqual(r.before.value);
      expect(r.snapshot.context.dataDiskIds).toEqual([]);
    }
  });

  it('provisions on a simulated clock in provisionMs', () => {
    const clock = new SimulatedClock();
    const actor = createActor(serverMachine, { input: input(), clock }).start();
    clock.increment(29_999);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('BUILD');
    clock.increment(1);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('ACTIVE');
    actor.stop();
  });

  const statuses: Array<[Stage, string, string]> = [
    ['BUILD', 'BUILD', 'Creating'],
    ['ACTIVE', 'ACTIVE', 'Running'],
    ['SHUTOFF', 'SHUTOFF', 'Stopped'],
    ['ERROR', 'ERROR', 'Faulty'],
    ['DELETED', 'DELETED', 'Deleted'],
  ];
  for (const [stage, status, label] of statuses) {
    it(`shows ${stage} as status ${status}, label "${label}"`, () => expect(serverStatus(server(stage))).toEqual({ status, label }));
  }
});

describe('server protection: backups and restores (P4, B3)', () => {
  const rows: Row<typeof serverMachine>[] = [
    ['an idle Running server', server('ACTIVE'), { type: 'BACKUP_START' }, moves('backingUp')],
    ['an idle Stopped server', server('SHUTOFF'), { type: 'BACKUP_START' }, moves('backingUp')],
    ['a server in BUILD (only Running or Stopped servers are backed up)', server('BUILD'), { type: 'BACKUP_START' }, refused('BackupService.7101')],
    ['a Faulty server', server('ERROR'), { type: 'BACKUP_START' }, refused('BackupService.7101')],
    ['a deleted server', server('DELETED'), { type: 'BACKUP_START' }, refused('BackupService.7101')],
    ['an idle Running server, on a scheduled run', server('ACTIVE'), { type: 'SCHEDULED_BACKUP' }, moves('backingUp')],
    ['a server in BUILD, on a scheduled run', server('BUILD'), { type: 'SCHEDULED_BACKUP' }, stays({ type: 'skipRun', params: { reason: 'status' } })],
    ['a Faulty server, on a scheduled run', server('ERROR'), { type: 'SCHEDULED_BACKUP' }, stays({ type: 'skipRun', params: { reason: 'status' } })],
    ['a server being backed up', backingUp(server('ACTIVE')), { type: 'BACKUP_START' }, refused('BackupService.6125')],
    ['a server being backed up: no full-ECS image, which backs it up again', backingUp(server('ACTIVE')), { type: 'CREATE_IMAGE', imageKind: 'full-ecs' }, refused('IMG.0136')],
    ['a server being backed up: a system-disk image', backingUp(server('ACTIVE')), { type: 'CREATE_IMAGE', imageKind: 'system-disk' }, allowed],
    ['a server being backed up, on a scheduled run (P4)', backingUp(server('ACTIVE')), { type: 'SCHEDULED_BACKUP' }, stays({ type: 'skipRun', params: { reason: 'previous-running' } })],
    ['a server being backed up', backingUp(server('ACTIVE')), { type: 'RESTORE_START' }, refused('BackupService.2002')],
    ['a server being backed up, when the backup ends', backingUp(server('ACTIVE')), { type: 'BACKUP_ENDED' }, moves('idle')],
    ['an idle Running server', server('ACTIVE'), { type: 'RESTORE_START' }, moves('restoring')],
    ['an idle Stopped server', server('SHUTOFF'), { type: 'RESTORE_START' }, moves('restoring')],
    ['a Faulty server (R4: the target must not be Faulty)', server('ERROR'), { type: 'RESTORE_START' }, refused('Sim.RestoreTargetFaulty', 'R4')],
    ['a server in BUILD (B3)', server('BUILD'), { type: 'RESTORE_START' }, refused('Sim.InvalidState', 'B3')],
    ['a server being restored (R2)', restoring(server('ACTIVE')), { type: 'BACKUP_START' }, refused('BackupService.6215', 'R2')],
    ['a server being restored (R2)', restoring(server('ACTIVE')), { type: 'STOP' }, refused('Sim.InvalidState', 'R2')],
    ['a server being restored (R2)', restoring(server('ACTIVE')), { type: 'START' }, refused('Sim.InvalidState', 'R2')],
    ['a server being restored (R2)', restoring(server('ACTIVE')), { type: 'DELETE' }, refused('Sim.InvalidState', 'R2')],
    ['a server being restored (R2)', restoring(server('ACTIVE')), { type: 'ATTACH_DISK', diskId: 'disk-data-2' }, refused('Sim.InvalidState', 'R2')],
    ['a server being restored (R2)', restoring(server('ACTIVE')), { type: 'DETACH_DISK', diskId: 'disk-data-1' }, refused('Sim.InvalidState', 'R2')],
    ['a server being restored, on a scheduled run (P4)', restoring(server('ACTIVE')), { type: 'SCHEDULED_BACKUP' }, stays({ type: 'skipRun', params: { reason: 'restoring' } })],
    ['a server being restored (R4)', restoring(server('ACTIVE')), { type: 'RESTORE_START' }, refused('BackupService.2010', 'R4')],
    ['a server being restored, when the restore ends', restoring(server('ACTIVE')), { type: 'RESTORE_ENDED' }, moves('idle')],
    ['a server being restored, when the restore fails', restoring(server('ACTIVE')), { type: 'RESTORE_FAILED' }, moves('idle')],
    ['an idle server', server('ACTIVE'), { type: 'BACKUP_ENDED' }, ignored],
    ['an idle server', server('ACTIVE'), { type: 'RESTORE_ENDED' }, ignored],
  ];
  cover(runTable(serverMachine, rows, 'protection'));

  it('skips every scheduled run while its previous backup still runs, and backs up again once it ends (P4)', () => {
    let s = backingUp(server('ACTIVE'));
    for (let run = 0; run < 3; run++) {
      const r = respond(serverMachine, s, { type: 'SCHEDULED_BACKUP' });
      expect(r.actions).toEqual([{ type: 'skipRun', params: { reason: 'previous-running' } }]);
      expect(at(r.snapshot, 'protection')).toBe('backingUp');
      s = r.snapshot;
    }
    s = drive(serverMachine, s, { type: 'BACKUP_ENDED' });
    expect(at(respond(serverMachine, s, { type: 'SCHEDULED_BACKUP' }).snapshot, 'protection')).toBe('backingUp');
  });

  it('is powered off for a restore and on again when it ends, unless powerOn: false (R2)', () => {
    const during = restoring(server('ACTIVE'));
    expect(during.value).toMatchObject({ lifecycle: 'SHUTOFF', protection: 'restoring' });
    expect(drive(serverMachine, during, { type: 'RESTORE_ENDED' }).value).toMatchObject({ lifecycle: 'ACTIVE', protection: 'idle' });
    expect(drive(serverMachine, during, { type: 'RESTORE_ENDED', powerOn: false }).value).toMatchObject({ lifecycle: 'SHUTOFF', protection: 'idle' });
    expect(drive(serverMachine, restoring(server('SHUTOFF')), { type: 'RESTORE_ENDED' }).value).toMatchObject({ lifecycle: 'ACTIVE' });
  });

  it('remembers which backup restores it and until when, and forgets it when the restore ends (R2)', () => {
    const during = drive(serverMachine, server('ACTIVE'), { type: 'RESTORE_START', backupId: 'bk-1', endsAt: 42 });
    expect(during.context.restore).toEqual({ backupId: 'bk-1', endsAt: 42 });
    expect(drive(serverMachine, during, { type: 'RESTORE_ENDED' }).context.restore).toBeNull();
    expect(drive(serverMachine, during, { type: 'RESTORE_FAILED' }).context.restore).toBeNull();
  });

  it('is left Faulty and idle when a restore fails', () => {
    expect(drive(serverMachine, restoring(server('ACTIVE')), { type: 'RESTORE_FAILED' }).value).toMatchObject({ lifecycle: 'ERROR', protection: 'idle' });
  });
});

describe('server vault membership', () => {
  const rows: Row<typeof serverMachine>[] = [
    ['a server in no vault', server('ACTIVE'), { type: 'ADD_TO_VAULT', vaultId: 'vault-1' }, moves('inVault')],
    ['a server in vault-1, added to vault-2 (one vault per resource)', inVault(server('ACTIVE')), { type: 'ADD_TO_VAULT', vaultId: 'vault-2' }, refused('BackupService.6103')],
    ['a server in vault-1, added to vault-1 again', inVault(server('ACTIVE')), { type: 'ADD_TO_VAULT', vaultId: 'vault-1' }, refused('Sim.InvalidArgument')],
    ['a server in a vault', inVault(server('ACTIVE')), { type: 'REMOVE_FROM_VAULT' }, moves('unprotected')],
    ['a server in no vault', server('ACTIVE'), { type: 'REMOVE_FROM_VAULT' }, ignored],
  ];
  cover(runTable(serverMachine, rows, 'vault'));

  it('records the vault it joined and forgets it when removed', () => {
    const s = inVault(server('ACTIVE'), 'vault-7');
    expect(s.context.vaultId).toBe('vault-7');
    expect(drive(serverMachine, s, { type: 'REMOVE_FROM_VAULT' }).context.vaultId).toBeNull();
    expect(drive(serverMachine, s, { type: 'REMOVE_FROM_VAULT' }, { type: 'ADD_TO_VAULT', vaultId: 'vault-8' }).context.vaultId).toBe('vault-8');
  });
});

describe('server refusals', () => {
  itHasARowForEveryDeclaredRefusal(serverMachine, covered);
});

describe('deleting a server does not delete its backups or its image (C3, C4)', () => {
  it('has no transition, action or actor that reaches outside the server chart', () => {
    expect(outwardReach(serverMachine)).toEqual([]);
    expect(declaredTargets(serverMachine).length).toBeGreaterThan(0);
  });

  it('(the reach check itself notices a chart that emits, sends or invokes)', () => {
    const leaky = setup({
      actions: { tellImages: emit({ type: 'serverDeleted' }) },
      actors: { cleaner: createMachine({}) },
    }).createMachine({
      initial: 'up',
      states: {
        up: { on: { DELETE: { target: 'down', actions: ['tellImages', sendParent({ type: 'GONE' })] } } },
        down: { invoke: { src: 'cleaner' } },
      },
    });
    expect(outwardReach(leaky)).toEqual([
      expect.stringContaining('action tellImages is xstate.emit'),
      expect.stringContaining('built-in action xstate.sendTo'), // sendParent is a sendTo
      expect.stringContaining('invokes 1 actor'),
    ]);
  });

  it('declares DELETE transitions without any action', () => {
    const deletes = declaredTargets(serverMachine).filter((t) => t.event === 'DELETE');
    expect(deletes.map((t) => t.target.id).sort()).toEqual(['server.lifecycle.DELETED', 'server.lifecycle.DELETED', 'server.lifecycle.DELETED']);
    for (const source of new Set(deletes.map((t) => t.source))) {
      const transitions = serverMachine.getStateNodeById(source).transitions.get('DELETE') ?? [];
      // The R2 lock (a refusal while a restore runs) is the only DELETE transition with an action.
      for (const t of transitions) if (t.target) expect(t.actions).toEqual([]);
    }
  });

  for (const [stage, label] of [['ACTIVE', 'Running'], ['SHUTOFF', 'Stopped'], ['ERROR', 'Faulty']] as const) {
    it(`produces no action at all when a ${label} server made from an image, in a vault, is deleted`, () => {
      const s = inVault(server(stage, { sourceImageId: 'img-1' }));
      const r = respond(serverMachine, s, { type: 'DELETE' });
      expect(at(r.snapshot, 'lifecycle')).toBe('DELETED');
      expect(r.allActions).toEqual([]);
      // it still remembers the image it came from and its vault: nothing was let go
      expect(r.snapshot.context.sourceImageId).toBe('img-1');
      expect(r.snapshot.context.vaultId).toBe('vault-1');
    });
  }
});
