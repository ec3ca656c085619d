/**
 * EVS jobs (`GET /v1/{project_id}/jobs/{job_id}`, rest-api.md §5): the library's EVS jobs
 * (`createVolume`, `deleteVolume`), read through the on-poll clock so that a waiter's loop sees
 * the job end. A job of IMS or ECS is no EVS job: its own service answers it.
 */
import type { ApiReply, ApiRequest } from '../route.js';
import { ApiError } from '../errors.js';
import type { JobRecord } from '../../sim/records.js';
import { jobBody } from './serialize.js';
import { findKind, simOf } from './volumes.js';

function evsJob(req: ApiRequest, id: string): JobRecord {
  const job = findKind(simOf(req), id, 'job');
  if (!job || job.service !== 'evs') {
    throw new ApiError(404, 'EVS.5404', `No EVS job has id ${JSON.stringify(id.slice(0, 80))}${job ? ` (it is an ${job.service.toUpperCase()} job: ask /${job.service}/v1/{project_id}/jobs/${id})` : ''}; createVolume and deleteVolume answer the ids of theirs (jobs are kept 30 days after they end).`);
  }
  return job;
}

export async function showJob(req: ApiRequest): Promise<ApiReply> {
  const job = await req.poll(() => evsJob(req, req.params.job_id!), (j) => [j]);
  return { status: 200, body: jobBody(simOf(req), job) };
}
