/**
 * The job chart (S3) and the task chart's transitions (S2), with XState's pure API: a job waits,
 * runs, and ends SUCCESS or FAIL as the world tells it; an ECS batch ends with its last sub-job; an
 * export ends by itself after its delay.
 */
import { describe, expect, it } from 'vitest';
import { getInitialSnapshot } from 'xstate';
import { jobMachine, jobStatus, type JobInput, type JobSnapshot } from '../../machines/job.machine.js';
import { TASK_LABELS, TASK_STATUSES, nextTaskStatus } from '../../machines/task.machine.js';
import { at, drive, timer } from './support.js';

const T0 = Date.parse('2026-01-05T00:00:00Z');

function input(over: Partial<JobInput> = {}): JobInput {
  return { id: 'job-1', createdAt: T0, service: 'ims', jobType: 'imsCreateWholeImageByBackupJob', entities: { imageId: 'img-1' }, subJobs: [], timing: { jobMs: null }, ...over };
}

const job = (over: Partial<JobInput> = {}): JobSnapshot => getInitialSnapshot(jobMachine, input(over));
const statusOf = (s: JobSnapshot) => jobStatus(s).status;

describe('S3: the job chart', () => {
  it('starts INIT ("Waiting") and runs on START, following what it makes', () => {
    const s = job();
    expect([statusOf(s), jobStatus(s).label]).toEqual(['INIT', 'Waiting']);
    const running = drive(jobMachine, s, { type: 'START' });
    expect(at(running)).toBe('RUNNING.following');
    expect(statusOf(running)).toBe('RUNNING');
  });

  it('succeeds when told, with the end time the world gives', () => {
    const s = drive(jobMachine, job(), { type: 'START' }, { type: 'SUCCEED', at: T0 + 6_000 });
    expect(statusOf(s)).toBe('SUCCESS');
    expect(s.context.endAt).toBe(T0 + 6_000);
  });

  it('fails with a code and a reason, even before it started', () => {
    const s = drive(jobMachine, job(), { type: 'FAIL', at: T0 + 1, code: 'Sim.ImageJobFailed', reason: 'killed' });
    expect(statusOf(s)).toBe('FAIL');
    expect(s.context).toMatchObject({ errorCode: 'Sim.ImageJobFailed', failReason: 'killed', endAt: T0 + 1 });
  });

  it('stays where it ended: a late event changes nothing', () => {
    const done = drive(jobMachine, job(), { type: 'START' }, { type: 'SUCCEED', at: T0 + 5 });
    const after = drive(jobMachine, done, { type: 'FAIL', at: T0 + 9, code: 'X', reason: 'late' });
    expect(statusOf(after)).toBe('SUCCESS');
    expect(after.context.errorCode).toBeNull();
  });

  it('an export works alone (selfTimed) and succeeds after its jobTime', () => {
    const s = drive(jobMachine, job({ jobType: 'imsNativeExportImageJob', timing: { jobMs: 300_000 } }), { type: 'START' });
    expect(at(s)).toBe('RUNNING.working');
    const done = drive(jobMachine, s, timer(jobMachine, 'jobTime', 'job.RUNNING.working'));
    expect(statusOf(done)).toBe('SUCCESS');
    expect(done.context.endAt).toBe(T0 + 300_000);
  });

  describe('an ECS batch', () => {
    const batch = () => drive(jobMachine, job({
      service: 'ecs', jobType: 'createServer', entities: { serverIds: ['ecs-1', 'ecs-2'] },
      subJobs: ['ecs-1', 'ecs-2'].map((serverId, i) => ({ jobId: `job-1-${i + 1}`, serverId, status: 'RUNNING' as const, beginAt: T0, endAt: null, errorCode: null, failReason: null })),
    }), { type: 'START' });

    it('runs until its last sub-job ends, then succeeds when all did', () => {
      const one = drive(jobMachine, batch(), { type: 'SUBJOB_ENDED', serverId: 'ecs-1', at: T0 + 90_000, ok: true });
      expect(statusOf(one)).toBe('RUNNING');
      const both = drive(jobMachine, one, { type: 'SUBJOB_ENDED', serverId: 'ecs-2', at: T0 + 95_000, ok: true });
      expect(statusOf(both)).toBe('SUCCESS');
      expect(both.context.endAt).toBe(T0 + 95_000);
    });

    it('fails with the first failed sub-job\'s code when one server failed', () => {
      const s = drive(jobMachine, batch(),
        { type: 'SUBJOB_ENDED', serverId: 'ecs-1', at: T0 + 90_000, ok: false, code: 'Sim.ProvisionFailed', reason: 'Faulty' },
        { type: 'SUBJOB_ENDED', serverId: 'ecs-2', at: T0 + 90_000, ok: true });
      expect(statusOf(s)).toBe('FAIL');
      expect(s.context.errorCode).toBe('Sim.ProvisionFailed');
      expect(s.context.failReason).toContain('1 of 2 servers failed');
      expect(s.context.subJobs.map((j) => j.status)).toEqual(['FAIL', 'SUCCESS']);
    });
  });
});

describe('S2: the task chart, read as a table', () => {
  it('starts, skips or fails a waiting task, and ends a running one', () => {
    expect(nextTaskStatus('waiting', 'START')).toBe('running');
    expect(nextTaskStatus('waiting', 'SKIP')).toBe('skipped');
    expect(nextTaskStatus('waiting', 'FAIL')).toBe('failed');
    expect(nextTaskStatus('running', 'SUCCEED')).toBe('success');
    expect(nextTaskStatus('running', 'FAIL')).toBe('failed');
    expect(nextTaskStatus('running', 'TIME_OUT')).toBe('timeout');
  });

  it('allows nothing the chart does not draw: no skip once running, nothing after the end', () => {
    expect(nextTaskStatus('running', 'SKIP')).toBeNull();
    expect(nextTaskStatus('waiting', 'SUCCEED')).toBeNull();
    for (const end of ['success', 'failed', 'skipped', 'timeout'] as const) {
      for (const event of ['START', 'SUCCEED', 'FAIL', 'SKIP', 'TIME_OUT'] as const) expect(nextTaskStatus(end, event)).toBeNull();
    }
  });

  it('labels each status as the console\'s Tasks page does', () => {
    expect(TASK_STATUSES.map((s) => TASK_LABELS[s])).toEqual(['Waiting', 'Running', 'Successful', 'Failed', 'Skipped', 'Timed out']);
  });
});
