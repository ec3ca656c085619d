/**
 * IMS's jobs (rest-api.md §3.3): `GET /v1/{project_id}/jobs/{job_id}` and the progress view
 * `GET /v1/cloudimages/job/{job_id}`. Reads of a running job move the on-poll clock.
 */
import type { JobRecord } from '../../sim/records.js';
import type { ApiReply, ApiRequest } from '../route.js';
import { msOf } from '../wire-time.js';
import { findJob } from './lookup.js';
import { jobBody } from './serialize.js';

/** How long each kind of IMS job works, from the project's timings (the progress view's percentage). */
const JOB_TIMINGS: Record<string, 'imageFromBackupMs' | 'imageFromServerMs' | 'imageFromDiskMs' | 'importImageMs' | 'exportImageMs'> = {
  imsCreateWholeImageByBackupJob: 'imageFromBackupMs',
  imsCreateImageByInstance: 'imageFromServerMs',
  imsVolumesToSysDataImagesJob: 'imageFromDiskMs',
  imsImportImageJob: 'importImageMs',
  imsImportDataImageJob: 'importImageMs',
  imsNativeExportImageJob: 'exportImageMs',
};

async function polled(req: ApiRequest): Promise<JobRecord> {
  const id = req.params.job_id!;
  return req.poll(() => findJob(req, id), (job) => [job]);
}

export async function showJob(req: ApiRequest): Promise<ApiReply> {
  return { status: 200, body: jobBody(await polled(req)) };
}

/** 0 until it runs, 100 once it ended, else the share of its expected time gone by (99 at most). */
function percent(req: ApiRequest, job: JobRecord): number {
  if (job.status === 'SUCCESS' || job.status === 'FAIL') return 100;
  if (job.status === 'INIT') return 0;
  const key = JOB_TIMINGS[job.jobType];
  const sim = req.project.session.simulation;
  const expected = key ? sim.world.timings[key] : 0;
  // A full-ECS image of an ECS waits for its backup first: no length known ahead, so half way.
  if (expected <= 0) return 50;
  return Math.min(99, Math.floor(((sim.now() - msOf(job.beginAt)) / expected) * 100));
}

export async function showJobProgress(req: ApiRequest): Promise<ApiReply> {
  const job = await polled(req);
  const body = jobBody(job) as { entities: Record<string, unknown> };
  body.entities = { ...body.entities, process_percent: percent(req, job), current_task: job.status === 'RUNNING' ? job.jobType : '', subJobId: '' };
  return { status: 200, body };
}
