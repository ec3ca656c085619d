/**
 * showJob (GET /v1/{project_id}/jobs/{job_id}, rest-api.md §4): an ECS job of the library (a
 * batch's `createServer`, one `createSingleServer` sub-job per server) or a receipt of a
 * synchronous operation (receipts.ts), in the body of OTC-ECS querying_job_execution_status.rst.
 */
import type { JobRecord, SimRecord } from '../../sim/records.js';
import { ApiError } from '../errors.js';
import type { ApiRequest, ApiReply } from '../route.js';
import { jobTime, msOf } from '../wire-time.js';
import { receiptOf, type Receipt } from './receipts.js';

const time = (iso: string | null): string => (iso === null ? '' : jobTime(msOf(iso)));

export function libraryJobBody(job: JobRecord): Record<string, unknown> {
  return {
    status: job.status, job_id: job.id, job_type: job.jobType, begin_time: time(job.beginAt), end_time: time(job.endAt),
    error_code: job.errorCode, fail_reason: job.failReason,
    entities: {
      sub_jobs_total: job.subJobs.length,
      sub_jobs: job.subJobs.map((sub) => ({
        status: sub.status, job_id: sub.jobId, job_type: 'createSingleServer', begin_time: time(sub.beginAt), end_time: time(sub.endAt),
        error_code: sub.errorCode, fail_reason: sub.failReason,
        entities: { server_id: sub.serverId, errorcode_message: sub.status === 'FAIL' ? (sub.failReason ?? sub.errorCode) : null },
      })),
    },
  };
}

export function receiptBody(r: Receipt): Record<string, unknown> {
  const at = jobTime(r.at);
  return {
    status: 'SUCCESS', job_id: r.id, job_type: r.jobType, begin_time: at, end_time: at, error_code: null, fail_reason: null,
    entities: {
      ...(r.serverIds.length === 1 ? { server_id: r.serverIds[0] } : {}),
      ...(r.volumeId ? { volume_id: r.volumeId } : {}),
      sub_jobs_total: r.serverIds.length,
      sub_jobs: r.serverIds.map((serverId, i) => ({
        status: 'SUCCESS', job_id: `${r.id.slice(0, 28)}${String(i + 1).padStart(4, '0')}`, job_type: r.subJobType, begin_time: at, end_time: at,
        error_code: null, fail_reason: null, entities: { server_id: serverId, errorcode_message: null },
      })),
    },
  };
}

function notFound(id: string): ApiError {
  // ECS documents no code for an unknown job [decision]: the simulator's own, at 404.
  return new ApiError(404, 'Sim.NotFound', `No ECS job has id ${JSON.stringify(id.slice(0, 80))}; a create, delete, start, stop, attach or detach answer gives the job_id to poll.`);
}

export async function showJob(req: ApiRequest): Promise<ApiReply> {
  const id = req.params.job_id!;
  const receipt = receiptOf(req.project.session, id);
  if (receipt) return { status: 200, body: receiptBody(receipt) };
  const read = (): JobRecord => {
    let record: SimRecord;
    try {
      record = req.project.session.simulation.get(id);
    } catch {
      throw notFound(id);
    }
    // An IMS or EVS job is not ECS's: each service answers its own jobs (rest-api.md §1.1).
    if (record.kind !== 'job' || record.service !== 'ecs') throw notFound(id);
    return record;
  };
  const job = await req.poll(read, (j) => [j]);
  return { status: 200, body: libraryJobBody(job) };
}
