/**
 * The image chart (I6, I9, I10, I11, C4, C8, C9, C11, C12) through XState's pure API.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, getInitialSnapshot } from 'xstate';
import {
  COMPRESSION_RATIO,
  compressedSizeGB,
  imageMachine,
  imageStatus,
  isAzRestricted,
  type ImageEvent,
  type ImageInput,
  type ImageSnapshot,
} from '../../machines/image.machine.js';
import {
  MONDAY,
  allowed,
  at,
  declaredActionTypes,
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

function input(over: Partial<ImageInput> = {}): ImageInput {
  return {
    id: 'img-1',
    name: 'web-golden',
    createdAt: MONDAY,
    imageKind: 'full-ecs',
    sizeGB: compressedSizeGB(140),
    backupId: 'bk-1',
    backupStatus: 'creating',
    az: 'eu-de-01',
    os: 'linux',
    initTool: true,
    optimized: true,
    systemDiskGB: 40,
    dataDisksGB: [100],
    timing: { imageJobMs: 4_000 },
    willFail: false,
    ...over,
  };
}

/** A full-ECS image made while its backup was still Creating (the default). */
const FROM_AVAILABLE_BACKUP: Partial<ImageInput> = { backupStatus: 'available' };
const SYSTEM_DISK: Partial<ImageInput> = { imageKind: 'system-disk', backupId: null, backupStatus: 'none', dataDisksGB: [] };
const DATA_DISK: Partial<ImageInput> = { imageKind: 'data-disk', backupId: null, backupStatus: 'none', systemDiskGB: null, dataDisksGB: [100] };
const FAILS: Partial<ImageInput> = { willFail: true };

const IMAGE_JOB = timer(imageMachine, 'imageJob', 'image.lifecycle.saving');

type Stage = 'queued' | 'saving' | 'active' | 'killed' | 'deleted';
type SourceEvent = 'BACKUP_AVAILABLE' | 'BACKUP_FAILED' | 'BACKUP_GONE';

/** An image driven to `stage` (`killed`: its job fails), then told what became of its backup. */
function image(stage: Stage, over: Partial<ImageInput> = {}, ...source: SourceEvent[]): ImageSnapshot {
  let s = getInitialSnapshot(imageMachine, input(stage === 'killed' ? { ...over, ...FAILS } : over));
  if (stage !== 'queued') s = drive(imageMachine, s, { type: 'SOURCE_READY' });
  if (stage !== 'queued' && stage !== 'saving') s = drive(imageMachine, s, IMAGE_JOB);
  if (stage === 'deleted') s = drive(imageMachine, s, { type: 'DELETE', deleteBackup: false });
  for (const type of source) s = drive(imageMachine, s, { type });
  return s;
}

const provision = (count: number, az = 'eu-de-01'): ImageEvent => ({ type: 'PROVISION', count, az });
const del = (deleteBackup = false): ImageEvent => ({ type: 'DELETE', deleteBackup });

const covered = new Set<string>();
const cover = (keys: Set<string>) => keys.forEach((k) => covered.add(k));

describe('image lifecycle (C12, I6, C8, C9, C11, I10, I11)', () => {
  it('starts queued; its source-backup region resolves from the backup status it was made with', () => {
    expect(image('queued').value).toEqual({ lifecycle: 'queued', sourceBackup: 'creating' });
    expect(at(image('queued', FROM_AVAILABLE_BACKUP), 'sourceBackup')).toBe('available');
    expect(at(image('queued', SYSTEM_DISK), 'sourceBackup')).toBe('none');
    expect(image('queued').context).toMatchObject({ provisioned: 0, exports: 0 });
  });

  const rows: Row<typeof imageMachine>[] = [
    // queued -> saving -> active | killed
    ['a queued image whose source is ready (C12)', image('queued'), { type: 'SOURCE_READY' }, moves('saving')],
    ['a queued image', image('queued'), IMAGE_JOB, ignored],
    ['a saving image whose job succeeds', image('saving'), IMAGE_JOB, moves('active')],
    ['a saving image whose job fails', image('saving', FAILS), IMAGE_JOB, moves('killed')],
    ['a saving image', image('saving'), { type: 'SOURCE_READY' }, ignored],
    ['an active image', image('active'), { type: 'SOURCE_READY' }, ignored],
    ['an active image', image('active'), IMAGE_JOB, ignored],
    // not while being created
    ['a queued image', image('queued'), del(), refused('IMG.0090')],
    ['a saving image', image('saving'), del(), refused('IMG.0090')],
    ['a saving image, asked to delete its backup too', image('saving'), del(true), refused('IMG.0090')],
    // only active images provision (I6)
    ['a queued image (I6)', image('queued'), provision(1), refused('Ecs.0032', 'I6')],
    ['a saving image (I6)', image('saving'), provision(1), refused('Ecs.0032', 'I6')],
    ['a failed image (I6)', image('killed'), provision(1), refused('Ecs.0032', 'I6')],
    ['a queued image (C11)', image('queued', DATA_DISK), { type: 'CREATE_DISK' }, refused('Sim.InvalidState', 'C11')],
    ['a saving image (C11)', image('saving', DATA_DISK), { type: 'CREATE_DISK' }, refused('Sim.InvalidState', 'C11')],
    ['a failed image (C11)', image('killed', DATA_DISK), { type: 'CREATE_DISK' }, refused('Sim.InvalidState', 'C11')],
    ['a queued full-ECS image (C9)', image('queued'), { type: 'EXPORT' }, refused('IMG.0128', 'C9')],
    ['a saving full-ECS image (C9)', image('saving'), { type: 'EXPORT' }, refused('IMG.0128', 'C9')],
    ['a failed full-ECS image (C9)', image('killed'), { type: 'EXPORT' }, refused('IMG.0128', 'C9')],
    ['a saving system-disk image', image('saving', SYSTEM_DISK), { type: 'EXPORT' }, refused('Sim.InvalidState', 'C9')],
    ['a failed data-disk image', image('killed', DATA_DISK), { type: 'EXPORT' }, refused('Sim.InvalidState', 'C9')],
    // PROVISION on an active image: 1 to 100 servers, not from data-disk images, backup usable
    ['an active image asked for 0 servers (I6)', image('active'), provision(0), refused('Sim.InvalidArgument', 'I6')],
    ['an active image asked for 101 servers (I6: at most 100)', image('active'), provision(101), refused('Sim.InvalidArgument', 'I6')],
    ['an active image asked for 2.5 servers (I6)', image('active'), provision(2.5), refused('Sim.InvalidArgument', 'I6')],
    ['an active image asked for -1 servers (I6)', image('active'), provision(-1), refused('Sim.InvalidArgument', 'I6')],
    ['an active image asked for 1 server (I6)', image('active'), provision(1), stays()],
    ['an active image asked for 100 servers in one batch (I6)', image('active'), provision(100), stays()],
    ['an active data-disk image (C8: it creates disks)', image('active', DATA_DISK), provision(1), refused('Sim.InvalidArgument', 'C8')],
    ['an active data-disk image asked for 0 servers (the count is checked first)', image('active', DATA_DISK), provision(0), refused('Sim.InvalidArgument', 'I6')],
    ['an active system-disk image (C8)', image('active', SYSTEM_DISK), provision(3), stays()],
    ['an active image whose backup failed (I6)', image('active', {}, 'BACKUP_FAILED'), provision(1), refused('Ecs.0048', 'I6')],
    ['an active image whose backup is gone (I6)', image('active', {}, 'BACKUP_AVAILABLE', 'BACKUP_GONE'), provision(1), refused('Ecs.0034', 'I6')],
    ['an active image whose backup failed, then was deleted (I6)', image('active', {}, 'BACKUP_FAILED', 'BACKUP_GONE'), provision(1), refused('Ecs.0034', 'I6')],
    ['an active image whose backup is still Creating, in another AZ (I10)', image('active'), provision(1, 'eu-de-02'), refused('Sim.ImageAzRestricted', 'I10')],
    ['an active image whose backup is still Creating, in the backup AZ (I10)', image('active'), provision(1, 'eu-de-01'), stays()],
    ['an active image whose backup became Available, in another AZ (I10 is over)', image('active', {}, 'BACKUP_AVAILABLE'), provision(1, 'eu-de-02'), stays()],
    ['an active image made from an Available backup, in another AZ', image('active', FROM_AVAILABLE_BACKUP), provision(1, 'eu-de-02'), stays()],
    ['an active system-disk image with no backup, in another AZ', image('active', SYSTEM_DISK), provision(1, 'eu-de-02'), stays()],
    // CREATE_DISK (C8, C11)
    ['an active data-disk image (C8, C11)', image('active', DATA_DISK), { type: 'CREATE_DISK' }, allowed],
    ['an active system-disk image (C8)', image('active', SYSTEM_DISK), { type: 'CREATE_DISK' }, refused('Sim.InvalidArgument', 'C8')],
    ['an active full-ECS image (C8)', image('active'), { type: 'CREATE_DISK' }, refused('Sim.InvalidArgument', 'C8')],
    // EXPORT (C9)
    ['an active full-ECS image (C9)', image('active'), { type: 'EXPORT' }, refused('IMG.0128', 'C9')],
    ['an active full-ECS image made from an Available backup (C9)', image('active', FROM_AVAILABLE_BACKUP), { type: 'EXPORT' }, refused('IMG.0128', 'C9')],
    ['an active system-disk image (C9)', image('active', SYSTEM_DISK), { type: 'EXPORT' }, stays()],
    ['an active data-disk image (C9)', image('active', DATA_DISK), { type: 'EXPORT' }, stays()],
    // DELETE (I11)
    ['an active image', image('active'), del(), moves('deleted')],
    ['an active image whose backup is still Creating, asked to delete the backup too (I11)', image('active'), del(true), refused('BackupService.6216', 'I11')],
    ['a failed image whose backup is still Creating, asked to delete the backup too (I11)', image('killed'), del(true), refused('BackupService.6216', 'I11')],
    ['an active image whose backup is Available, asked to delete the backup too (I11)', image('active', FROM_AVAILABLE_BACKUP), del(true), moves('deleted')],
    ['an active image whose backup failed, asked to delete the backup too (I11)', image('active', {}, 'BACKUP_FAILED'), del(true), moves('deleted')],
    ['an active system-disk image without a backup, asked to delete its backup (I11)', image('active', SYSTEM_DISK), del(true), refused('Sim.InvalidArgument', 'I11')],
    ['a failed system-disk image without a backup, asked to delete its backup (I11)', image('killed', SYSTEM_DISK), del(true), refused('Sim.InvalidArgument', 'I11')],
    ['a failed image', image('killed'), del(), moves('deleted')],
    ['a deleted image', image('deleted'), del(), ignored],
    ['a deleted image', image('deleted'), provision(1), ignored],
    ['a deleted image', image('deleted'), { type: 'EXPORT' }, ignored],
    // UPDATE (updateImage): only Normal images take a new name or description
    ['a queued image', image('queued'), { type: 'UPDATE', name: 'x' }, refused('Sim.InvalidState')],
    ['a saving image', image('saving'), { type: 'UPDATE', name: 'x' }, refused('Sim.InvalidState')],
    ['a failed image', image('killed'), { type: 'UPDATE', description: 'x' }, refused('Sim.InvalidState')],
    ['an active image', image('active'), { type: 'UPDATE', name: 'renamed' }, stays()],
    ['a deleted image', image('deleted'), { type: 'UPDATE', name: 'x' }, ignored],
  ];
  cover(runTable(imageMachine, rows, 'lifecycle'));

  it('counts the servers it provisioned, batch by batch (I6)', () => {
    const s = drive(imageMachine, image('active'), provision(100), provision(3));
    expect(s.context.provisioned).toBe(103);
  });

  it('takes a new name, a description, or both, and keeps what it is not given', () => {
    const renamed = drive(imageMachine, image('active'), { type: 'UPDATE', name: 'web-v2' });
    expect(renamed.context).toMatchObject({ name: 'web-v2' });
    expect(renamed.context.description).toBeUndefined();
    const described = drive(imageMachine, renamed, { type: 'UPDATE', description: 'nginx' });
    expect(described.context).toMatchObject({ name: 'web-v2', description: 'nginx' });
  });

  it('counts exports of system-disk and data-disk images (C9)', () => {
    expect(drive(imageMachine, image('active', SYSTEM_DISK), { type: 'EXPORT' }, { type: 'EXPORT' }).context.exports).toBe(2);
    expect(drive(imageMachine, image('active', DATA_DISK), { type: 'EXPORT' }).context.exports).toBe(1);
  });

  it('waits for its source even if told its backup failed: a C12 backup is marked before it can fail (B2, B4)', () => {
    expect(drive(imageMachine, image('queued'), { type: 'BACKUP_FAILED' }).value).toEqual({ lifecycle: 'queued', sourceBackup: 'failed' });
  });

  it('becomes active on a simulated clock imageJobMs after its source is ready', () => {
    const clock = new SimulatedClock();
    const actor = createActor(imageMachine, { input: input(), clock }).start();
    clock.increment(60_000);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('queued');
    actor.send({ type: 'SOURCE_READY' });
    clock.increment(3_999);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('saving');
    clock.increment(1);
    expect(at(actor.getSnapshot(), 'lifecycle')).toBe('active');
    actor.stop();
  });
});

describe('image source backup (I6, I10, I11)', () => {
  const rows: Row<typeof imageMachine>[] = [
    ['an image whose backup is Creating, when the backup becomes Available', image('active'), { type: 'BACKUP_AVAILABLE' }, moves('available')],
    ['an image whose backup is Creating, when the backup fails', image('active'), { type: 'BACKUP_FAILED' }, moves('failed')],
    ['an image whose backup is Creating (a Creating backup cannot be deleted, B5)', image('active'), { type: 'BACKUP_GONE' }, ignored],
    ['an image whose backup is Available, when the backup is deleted', image('active', FROM_AVAILABLE_BACKUP), { type: 'BACKUP_GONE' }, moves('gone')],
    ['an image whose backup failed, when the backup is deleted', image('active', {}, 'BACKUP_FAILED'), { type: 'BACKUP_GONE' }, moves('gone')],
    ['an image whose backup is Available', image('active', FROM_AVAILABLE_BACKUP), { type: 'BACKUP_FAILED' }, ignored],
    ['an image whose backup is Available', image('active', FROM_AVAILABLE_BACKUP), { type: 'BACKUP_AVAILABLE' }, ignored],
    ['an image whose backup is gone', image('active', {}, 'BACKUP_AVAILABLE', 'BACKUP_GONE'), { type: 'BACKUP_AVAILABLE' }, ignored],
    ['an image without a backup', image('active', SYSTEM_DISK), { type: 'BACKUP_GONE' }, ignored],
  ];
  cover(runTable(imageMachine, rows, 'sourceBackup'));
});

describe('image refusals', () => {
  itHasARowForEveryDeclaredRefusal(imageMachine, covered);

  it('deleting an image reaches no server made from it (C4): DELETE has no action, the chart sends nothing', () => {
    const r = respond(imageMachine, image('active'), del());
    expect(r.allActions).toEqual([]);
    const types = [...declaredActionTypes(imageMachine)];
    expect(types.filter((t) => /sendTo|sendParent|forwardTo|emit|spawn/i.test(t))).toEqual([]);
  });
});

describe('isAzRestricted (I10)', () => {
  const cases: Array<[string, ImageSnapshot, boolean]> = [
    ['a queued image whose backup is Creating', image('queued'), true],
    ['an active image whose backup is Creating', image('active'), true],
    ['an active image whose backup became Available', image('active', {}, 'BACKUP_AVAILABLE'), false],
    ['an active image made from an Available backup', image('active', FROM_AVAILABLE_BACKUP), false],
    ['an active image whose backup failed', image('active', {}, 'BACKUP_FAILED'), false],
    ['an active image whose backup is gone', image('active', {}, 'BACKUP_AVAILABLE', 'BACKUP_GONE'), false],
    ['a system-disk image without a backup', image('active', SYSTEM_DISK), false],
    ['a deleted image whose backup was still Creating', image('deleted'), false],
  ];
  for (const [what, s, expected] of cases) {
    it(`is ${expected} for ${what}`, () => expect(isAzRestricted(s)).toBe(expected));
  }
});

describe('imageStatus: the IMS status and console label of each lifecycle state', () => {
  const cases: Array<[ImageSnapshot, string, string]> = [
    [image('queued'), 'queued', 'Creating'],
    [image('saving'), 'saving', 'Creating'],
    [image('active'), 'active', 'Normal'],
    [image('killed'), 'killed', 'Failed'],
    [image('deleted'), 'deleted', 'Deleted'],
  ];
  for (const [s, status, label] of cases) {
    it(`shows ${at(s, 'lifecycle')} as status ${status}, label "${label}"`, () => expect(imageStatus(s)).toEqual({ status, label }));
  }
});

describe('compressedSizeGB (I9: the image is smaller than its backup)', () => {
  it('uses a compression ratio below 1', () => {
    expect(COMPRESSION_RATIO).toBeGreaterThan(0);
    expect(COMPRESSION_RATIO).toBeLessThan(1);
  });

  it('gives 60% of the backup, in tenths of a GB', () => {
    expect(compressedSizeGB(140)).toBe(84);
    expect(compressedSizeGB(1)).toBe(0.6);
    expect(compressedSizeGB(41)).toBe(24.6);
    expect(compressedSizeGB(3)).toBe(1.8);
  });

  const sizes = [
    // every whole size a simulated backup can have up to 70 000 GB (disks are whole GB)
    ...Array.from({ length: 70_000 }, (_, i) => i + 1),
    // tenths of a GB from 0.2 to 50
    ...Array.from({ length: 499 }, (_, i) => (i + 2) / 10),
    // large and odd sizes
    1_048_576, 10_485_760, 12.34, 99_999.9,
  ];

  it(`is positive and strictly less than the backup for ${sizes.length} sizes from 0.2 GB up`, () => {
    const bad = sizes.filter((x) => !(compressedSizeGB(x) < x && compressedSizeGB(x) > 0));
    expect(bad).toEqual([]);
  });

  it('is a whole number of tenths of a GB for every whole backup size', () => {
    const bad = sizes.filter((x) => Number.isInteger(x) && Math.round(compressedSizeGB(x) * 10) / 10 !== compressedSizeGB(x));
    expect(bad).toEqual([]);
  });

  it('grows with the backup (a larger backup never makes a smaller image)', () => {
    let previous = 0;
    for (let x = 1; x <= 5_000; x++) {
      const y = compressedSizeGB(x);
      expect(y).toBeGreaterThanOrEqual(previous);
      previous = y;
    }
  });
});
