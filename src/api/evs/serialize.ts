/**
 * EVS bodies from cbr-sim's records: a volume (`VolumeDetail` of the SDK, OTC-EVS "Querying Details
 * About a Disk", the Cinder volume openstacksdk reads) and an EVS job (rest-api.md §5). Every
 * documented key is served (§1.6); where the simulator has no meaning for one, it has the value a
 * plain pay-per-use disk shows.
 */
import type { Simulation } from '../../sim/simulation.js';
import type { DiskRecord, JobRecord, ServerRecord } from '../../sim/records.js';
import { evsTime, jobTime, msOf } from '../wire-time.js';

/**
 * Decision: cbr-sim's disks have no type; every volume answers `SSD` (the type of rest-api.md §7.5)
 * whatever `volume_type` its creation named. The creation checks the type against the documented
 * list, so a typo is still refused (`EVS.1020`).
 */
export const VOLUME_TYPE = 'SSD';

/** Where the answers' links point: the server as the client reached it, and the project. */
export interface LinkBase {
  /** `http://<Host>/evs` */
  evs: string;
  projectId: string;
}

export function linkBase(headers: { host?: string }, projectId: string): LinkBase {
  return { evs: `http://${headers.host ?? '127.0.0.1'}/evs`, projectId };
}

/** A disk's device on its server: the system disk `/dev/vda`, data disks `/dev/vdb`… in the order attached. */
function deviceOf(disk: DiskRecord, server: ServerRecord | null): string {
  if (disk.role === 'system' || !server) return '/dev/vda';
  const index = Math.max(0, server.dataDiskIds.indexOf(disk.id));
  return `/dev/vd${String.fromCharCode('b'.charCodeAt(0) + Math.min(index, 24))}`;
}

/** The server a disk is attached to, when it is still there. */
function serverOf(sim: Simulation, id: string | null): ServerRecord | null {
  if (id === null) return null;
  try {
    const r = sim.get(id);
    return r.kind === 'server' ? r : null;
  } catch {
    return null;
  }
}

/**
 * An attachment. Decision: a disk has at most one (cbr-sim has no shared disks), so its id is
 * derived from the disk's (`att-<disk's hex>`); `attached_at` is the disk's creation time (cbr-sim
 * keeps no attach time).
 */
function attachmentsOf(sim: Simulation, disk: DiskRecord): unknown[] {
  if (disk.serverId === null) return [];
  const server = serverOf(sim, disk.serverId);
  return [{
    server_id: disk.serverId, attachment_id: `att-${disk.id.replace(/^evs-/, '')}`, volume_id: disk.id, id: disk.id,
    device: deviceOf(disk, server), host_name: null, attached_at: evsTime(msOf(disk.createdAt)),
  }];
}

/** A volume as EVS (and Cinder, `self` links under `/volumes`) answers it. */
export function volumeBody(sim: Simulation, disk: DiskRecord, at: LinkBase, links: 'cloudvolumes' | 'volumes' = 'cloudvolumes'): Record<string, unknown> {
  const created = evsTime(msOf(disk.createdAt));
  return {
    id: disk.id,
    name: disk.name,
    status: disk.status,
    size: disk.sizeGB,
    availability_zone: disk.az,
    volume_type: VOLUME_TYPE,
    bootable: disk.role === 'system' ? 'true' : 'false',
    attachments: attachmentsOf(sim, disk),
    metadata: {},
    volume_image_metadata: {},
    snapshot_id: null,
    source_volid: null,
    consistencygroup_id: null,
    description: null,
    created_at: created,
    // cbr-sim keeps no change time for disks: the creation time stands for it.
    updated_at: created,
    multiattach: false,
    encrypted: false,
    shareable: 'false',
    links: [
      { href: `${at.evs}/v2/${at.projectId}/${links}/${disk.id}`, rel: 'self' },
      { href: `${at.evs}/${at.projectId}/${links}/${disk.id}`, rel: 'bookmark' },
    ],
    service_type: 'EVS',
    user_id: null,
    tags: {},
    'os-vol-host-attr:host': `${disk.az}#${VOLUME_TYPE}`,
    'os-vol-tenant-attr:tenant_id': at.projectId,
    replication_status: 'disabled',
    'os-volume-replication:extended_status': null,
    'os-vol-mig-status-attr:migstat': null,
    'os-vol-mig-status-attr:name_id': null,
    dedicated_storage_id: null,
    dedicated_storage_name: null,
    wwn: null,
    enterprise_project_id: '0',
    serial_number: null,
  };
}

/** What a job's `entities` say of its disk (live or a tombstone), when it is still known. */
function diskEntities(sim: Simulation, diskId: string | undefined): Record<string, unknown> {
  if (diskId === undefined) return {};
  try {
    const r = sim.get(diskId);
    if (r.kind === 'disk') return { volume_id: r.id, volume_type: VOLUME_TYPE, size: r.sizeGB, name: r.name };
  } catch {
    // A disk long gone: the job still names it.
  }
  return { volume_id: diskId };
}

/** An EVS job (`GET /v1/{project_id}/jobs/{job_id}`): times in the jobs' style, `null` while it runs. */
export function jobBody(sim: Simulation, job: JobRecord): Record<string, unknown> {
  return {
    status: job.status,
    job_id: job.id,
    job_type: job.jobType,
    begin_time: jobTime(msOf(job.beginAt)),
    end_time: job.endAt === null ? null : jobTime(msOf(job.endAt)),
    error_code: job.errorCode,
    fail_reason: job.failReason,
    entities: { ...diskEntities(sim, job.entities.diskId), sub_jobs: [] },
  };
}
