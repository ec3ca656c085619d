/**
 * S3: the asynchronous jobs of IMS, ECS and EVS. A verb that makes an image, servers or a disk
 * makes its job too (`spawnJob`) and returns the record it always returned, which now carries
 * `jobId`; the world then moves the job as its image, servers or disk fare (`World.imageJob`,
 * `serverJob`, `diskJob`). Job types are the real services' names (rest-api.md §3.1, §4, §5).
 */
import type { JobEntities, JobService, SubJob } from '../../../machines/job.machine.js';
import type { EntryOf, World } from '../world.js';

export interface NewJob {
  id: string;
  service: JobService;
  jobType: string;
  entities: JobEntities;
  /** An ECS batch: the servers, one sub-job each. */
  serverIds?: string[];
  /** A job that works alone (an export) runs this long; omitted: it follows what it makes. */
  jobMs?: number;
  /** Whether its work starts now (anything but an image waiting for its source). */
  start: boolean;
}

export function spawnJob(w: World, o: NewJob): EntryOf['job'] {
  w.forgetOldJobs();
  const now = w.now();
  const subJobs: SubJob[] = (o.serverIds ?? []).map((serverId, i) => ({
    jobId: `${o.id}-${i + 1}`, serverId, status: 'RUNNING', beginAt: now, endAt: null, errorCode: null, failReason: null,
  }));
  const job = w.spawn('job', o.id, {
    id: o.id, createdAt: now, service: o.service, jobType: o.jobType, entities: o.entities, subJobs, timing: { jobMs: o.jobMs ?? null },
  });
  w.jobOrder.add(o.id);
  if (o.start) w.send(job, { type: 'START' });
  return job;
}

/** IMS job types of each way to make an image (rest-api.md §3.1). */
export const IMAGE_JOB_TYPES = {
  fromBackup: 'imsCreateWholeImageByBackupJob',
  wholeFromServer: 'imsCreateWholeImageByInstanceJob',
  systemDiskFromServer: 'imsCreateImageByInstance',
  fromDataDisk: 'imsVolumesToSysDataImagesJob',
  importSystemDisk: 'imsImportImageJob',
  importDataDisk: 'imsImportDataImageJob',
  export: 'imsNativeExportImageJob',
} as const;
