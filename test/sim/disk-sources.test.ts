/**
 * Disks made from a source and disks deleted, as EVS's createVolume and deleteVolume need them
 * (rest-api.md §5): a disk from a backup is in the backup's AZ and at least as large as the backup
 * (C7); a disk from a data-disk image may go to any AZ, at least as large as the image (C11); a
 * deletion is an EVS deleteVolume job that ends when the disk is gone (S3).
 */
import { describe, expect, it } from 'vitest';
import type { DiskRecord, JobRecord, Simulation } from '../../src/index.js';
import { advanceUntil, newSimulation, refusal, statusOf } from './support.js';

function diskBackup(sim: Simulation) {
  const disk = sim.createDisk({ name: 'data', sizeGB: 20, az: 'eu-de-02' });
  advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
  const backup = sim.backupDisk(disk.id);
  advanceUntil(sim, () => statusOf(sim, backup.id) === 'available');
  return { disk, backup };
}

const disks = (sim: Simulation) => sim.list('disk').length;

describe('C7: a disk from a backup', () => {
  it('is as large as the backup, or larger when sizeGB asks, and in the backup\'s AZ', () => {
    const sim = newSimulation();
    const { backup } = diskBackup(sim);
    expect(sim.createDiskFromBackup(backup.id, { name: 'same' })).toMatchObject({ sizeGB: 20, az: 'eu-de-02' });
    expect(sim.createDiskFromBackup(backup.id, { name: 'larger', sizeGB: 50, az: 'eu-de-02' })).toMatchObject({ sizeGB: 50, az: 'eu-de-02' });
  });

  it('is refused smaller than the backup or in another AZ, naming the option, and nothing is made', () => {
    const sim = newSimulation();
    const { backup } = diskBackup(sim);
    const before = disks(sim);
    const small = refusal(() => sim.createDiskFromBackup(backup.id, { name: 'small', sizeGB: 10 }));
    expect(small).toMatchObject({ code: 'Sim.InvalidArgument', details: { option: 'sizeGB', minGB: 20, source: 'backup' } });
    expect(small.message).toMatch(/sizeGB must be a whole number from 20/);
    const elsewhere = refusal(() => sim.createDiskFromBackup(backup.id, { name: 'far', az: 'eu-de-01' }));
    expect(elsewhere).toMatchObject({ code: 'Sim.InvalidArgument', details: { option: 'az', az: 'eu-de-02' } });
    expect(elsewhere.message).toContain('az must be "eu-de-02"');
    expect(disks(sim)).toBe(before);
  });

  it('still refuses a backup not yet Available before looking at the options (B3)', () => {
    const sim = newSimulation({ profile: 'realistic' });
    const disk = sim.createDisk({ name: 'data', sizeGB: 20 });
    sim.advance('1m');
    const backup = sim.backupDisk(disk.id);
    expect(refusal(() => sim.createDiskFromBackup(backup.id, { name: 'early', sizeGB: 1 })).code).toBe('BackupService.2005');
  });
});

describe('C11: a disk from a data-disk image', () => {
  it('goes to the AZ asked, at least as large as the image', () => {
    const sim = newSimulation();
    const image = sim.importImage({ name: 'data-image', kind: 'data-disk', sizeGB: 30, az: 'eu-de-01' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    expect(sim.createDiskFromImage(image.id, { name: 'copy' })).toMatchObject({ sizeGB: 30, az: 'eu-de-01' });
    expect(sim.createDiskFromImage(image.id, { name: 'moved', az: 'eu-de-03', sizeGB: 40 })).toMatchObject({ sizeGB: 40, az: 'eu-de-03' });
    expect(refusal(() => sim.createDiskFromImage(image.id, { name: 'small', sizeGB: 29 })).details).toMatchObject({ option: 'sizeGB', source: 'image' });
  });
});

describe('S3: deleting a disk', () => {
  it('answers the disk Deleting with a deleteVolume job, SUCCESS when the disk is gone', () => {
    const sim = newSimulation({ profile: 'realistic' });
    const disk = sim.createDisk({ name: 'old', sizeGB: 10 });
    advanceUntil(sim, () => statusOf(sim, disk.id) === 'available');
    const deleting: DiskRecord = sim.deleteDisk(disk.id);
    expect(deleting).toMatchObject({ id: disk.id, status: 'deleting' });
    expect(deleting.jobId).not.toBe(disk.jobId);
    expect(sim.get(deleting.jobId!)).toMatchObject({ service: 'evs', jobType: 'deleteVolume', status: 'RUNNING', entities: { diskId: disk.id } });
    advanceUntil(sim, () => statusOf(sim, disk.id) === 'deleted');
    const job = sim.get(deleting.jobId!) as JobRecord;
    expect(job.status).toBe('SUCCESS');
    expect(Date.parse(job.endAt!) - Date.parse(job.beginAt)).toBe(10_000);
  });

  it('makes no job when the deletion is refused', () => {
    const sim = newSimulation();
    const disk = sim.createDisk({ name: 'busy', sizeGB: 10 });
    const jobs = sim.list('job').length;
    expect(refusal(() => sim.deleteDisk(disk.id)).code).toBe('Sim.InvalidState');
    expect(sim.list('job')).toHaveLength(jobs);
  });
});
