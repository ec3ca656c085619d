/**
 * # Job (IMS, ECS, EVS)
 *
 * An asynchronous job of IMS, ECS or EVS (S3): the real services answer "create an image", "create
 * servers" or "create a disk" with a job id at once, and the client polls the job
 * (`GET /v1/{project_id}/jobs/{job_id}`, rest-api.md §1.8, §3.3, §4, §5). One actor per job; what
 * the job makes (the image, the servers, the disk) is an actor of its own chart, and the world tells
 * the job how its entities fare.
 *
 * - `INIT` ("Waiting") until the work starts (`START`): an image job while its image is `queued`
 *   (a full-ECS image of a server waits for the backup made first, C12), every other job at once.
 * - `RUNNING` ("Running") while the work runs. A job that follows its entities (`following`) ends
 *   when the world says so: `SUCCEED` when the image is Normal or the disk Available, `FAIL` (with
 *   `errorCode` and `failReason`) when the image ends Failed. An ECS batch has one sub-job per
 *   server (`SUBJOB_ENDED` for each as its server becomes Running or Faulty); when every sub-job has
 *   ended the job is `SUCCESS` if all succeeded, else `FAIL` with the first failure's code (guards
 *   `allSubJobsSucceeded`, `someSubJobFailed`). A job that does its work alone (an image export:
 *   `selfTimed`) ends `SUCCESS` after the named delay `jobTime`.
 * - `SUCCESS` ("Succeeded") and `FAIL` ("Failed") are where it stays: the job log keeps it a while
 *   (the world forgets it 30 days after it ended), so it is no final state of XState's.
 *
 * Refusals the service decides up front (a missing image, a quota) are the commands' synchronous
 * errors, never a job (rest-api.md §1.8).
 */
import { assign, setup } from 'xstate';
import { statusReader } from './status.js';

export type JobService = 'ims' | 'ecs' | 'evs';
export type JobStatus = 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';
export const JOB_STATUSES: readonly JobStatus[] = ['INIT', 'RUNNING', 'SUCCESS', 'FAIL'];

/** What a job made or works on: the real bodies' `entities` (image id, server ids, disk id). */
export interface JobEntities {
  imageId?: string;
  imageName?: string;
  serverIds?: string[];
  diskId?: string;
}

/** One server of an ECS batch (`entities.sub_jobs[]`, job type `createSingleServer`). */
export interface SubJob {
  jobId: string;
  serverId: string;
  status: JobStatus;
  beginAt: number;
  endAt: number | null;
  errorCode: string | null;
  failReason: string | null;
}

export interface JobInput {
  id: string;
  createdAt: number;
  service: JobService;
  /** The real services' names: `imsCreateWholeImageByBackupJob`, `createServer`, `createVolume`… */
  jobType: string;
  entities: JobEntities;
  subJobs: SubJob[];
  /** How long a job that works alone runs (an export); null for a job that follows its entities. */
  timing: { jobMs: number | null };
}

export interface JobContext extends JobInput {
  beginAt: number;
  endAt: number | null;
  errorCode: string | null;
  failReason: string | null;
}

export type JobEvent =
  | { type: 'START' }
  | { type: 'SUCCEED'; at: number }
  | { type: 'FAIL'; at: number; code: string; reason: string }
  | { type: 'SUBJOB_ENDED'; serverId: string; at: number; ok: boolean; code?: string; reason?: string };

const ended = (s: SubJob) => s.status === 'SUCCESS' || s.status === 'FAIL';

export const jobMachine = setup({
  types: {
    context: {} as JobContext,
    events: {} as JobEvent,
    input: {} as JobInput,
  },
  guards: {
    selfTimed: ({ context }) => context.timing.jobMs !== null,
    allSubJobsSucceeded: ({ context }) => context.subJobs.length > 0 && context.subJobs.every((s) => s.status === 'SUCCESS'),
    someSubJobFailed: ({ context }) => context.subJobs.length > 0 && context.subJobs.every(ended) && context.subJobs.some((s) => s.status === 'FAIL'),
  },
  actions: {
    endSubJob: assign({
      subJobs: ({ context, event }) => {
        if (event.type !== 'SUBJOB_ENDED') return context.subJobs;
        return context.subJobs.map((s) =>
          s.serverId !== event.serverId || ended(s)
            ? s
            : { ...s, status: event.ok ? 'SUCCESS' : 'FAIL', endAt: event.at, errorCode: event.ok ? null : (event.code ?? null), failReason: event.ok ? null : (event.reason ?? null) },
        );
      },
    }),
    succeed: assign({ endAt: ({ event }) => ('at' in event ? event.at : null) }),
    fail: assign(({ event }) => (event.type === 'FAIL' ? { endAt: event.at, errorCode: event.code, failReason: event.reason } : {})),
    endAfterJobTime: assign({ endAt: ({ context }) => context.beginAt + (context.timing.jobMs ?? 0) }),
    endWithSubJobs: assign(({ context }) => {
      const last = Math.max(...context.subJobs.map((s) => s.endAt ?? context.beginAt));
      const failed = context.subJobs.find((s) => s.status === 'FAIL');
      return failed
        ? { endAt: last, errorCode: failed.errorCode, failReason: `${context.subJobs.filter((s) => s.status === 'FAIL').length} of ${context.subJobs.length} servers failed: ${failed.failReason ?? failed.errorCode ?? 'unknown'}` }
        : { endAt: last };
    }),
  },
  delays: {
    jobTime: ({ context }) => context.timing.jobMs ?? 0,
  },
}).createMachine({
  id: 'job',
  context: ({ input }) => ({ ...input, beginAt: input.createdAt, endAt: null, errorCode: null, failReason: null }),
  initial: 'INIT',
  states: {
    INIT: {
      meta: { status: 'INIT', label: 'Waiting', rules: ['S3'] },
      on: {
        START: 'RUNNING',
        FAIL: { target: 'FAIL', actions: 'fail' },
      },
    },
    RUNNING: {
      meta: { status: 'RUNNING', label: 'Running', rules: ['S3'] },
      initial: 'following',
      // An ECS batch ends when its last sub-job does.
      always: [
        { guard: 'allSubJobsSucceeded', target: 'SUCCESS', actions: 'endWithSubJobs' },
        { guard: 'someSubJobFailed', target: 'FAIL', actions: 'endWithSubJobs' },
      ],
      on: {
        SUCCEED: { target: 'SUCCESS', actions: 'succeed' },
        FAIL: { target: 'FAIL', actions: 'fail' },
        SUBJOB_ENDED: { actions: 'endSubJob' },
      },
      states: {
        following: {
          meta: { console: { label: 'Following what it makes' } },
          always: { guard: 'selfTimed', target: 'working' },
        },
        working: {
          meta: { console: { label: 'Working alone' } },
          after: { jobTime: { target: '#job.SUCCESS', actions: 'endAfterJobTime' } },
        },
      },
    },
    SUCCESS: { meta: { status: 'SUCCESS', label: 'Succeeded', rules: ['S3'] } },
    FAIL: { meta: { status: 'FAIL', label: 'Failed', rules: ['S3'] } },
  },
});

export type JobSnapshot = ReturnType<typeof jobMachine.getInitialSnapshot>;
export const jobStatus = statusReader(jobMachine);
