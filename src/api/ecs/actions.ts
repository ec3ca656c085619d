/**
 * Server actions (rest-api.md §4): batch start and stop on one path, disk attach and detach. The
 * library's verbs are synchronous, so each answer's job is a receipt that shows SUCCESS at once
 * (receipts.ts).
 */
import type { DiskRecord } from '../../sim/records.js';
import { SimulationError } from '../../sim/errors.js';
import { ApiError } from '../errors.js';
import type { ApiReply, ApiRequest } from '../route.js';
import { mintReceipt } from './receipts.js';
import { idsOf, liveServer, onEach } from './servers.js';

type ActionBody = { 'os-start'?: { servers: { id: string }[] }; 'os-stop'?: { servers: { id: string }[]; type?: string }; reboot?: unknown };

/** A 501 for an operation that shares a served path (batchRebootServers, Nova's other actions). */
export function notServedHere(operation: string, method: string, path: string): ApiError {
  return new ApiError(501, 'Sim.NotImplemented', `cbr-sim does not serve ${operation} (${method} /ecs${path}) yet; GET /api/coverage lists the operations it serves.`);
}

/** batchStartServers / batchStopServers: `{"os-start": {servers}}` or `{"os-stop": {servers, type}}`. */
export async function serverAction(req: ApiRequest): Promise<ApiReply> {
  const body = req.body as ActionBody;
  if (body.reboot !== undefined) throw notServedHere('batchRebootServers', 'POST', '/v1/{project_id}/cloudservers/action');
  const start = body['os-start'];
  const option = start ?? body['os-stop']!;
  const ids = idsOf(option.servers);
  // SOFT or HARD, the library stops the server the same way: there is no guest to wait for.
  await onEach(req, start ? 'startServer' : 'stopServer', ids);
  const receipt = mintReceipt(req.project.session, {
    jobType: start ? 'batchStartServers' : 'batchStopServers', subJobType: start ? 'startSingleServer' : 'stopSingleServer',
    serverIds: ids, at: req.project.session.simulation.now(),
  });
  return { status: 200, body: { job_id: receipt.id } };
}

function diskOf(req: ApiRequest, id: string): DiskRecord {
  let record;
  try {
    record = req.project.session.simulation.get(id);
  } catch {
    record = null;
  }
  if (!record || record.kind !== 'disk' || record.status === 'deleted') {
    throw new ApiError(400, 'Ecs.0103', `No disk has id ${JSON.stringify(id.slice(0, 80))}: the disk is unavailable. Create one (EVS createVolume) or list them (GET /evs/v2/{project_id}/cloudvolumes/detail).`);
  }
  return record;
}

/** attachServerVolume: `attachDisk` (the disk must be Available and in the server's AZ). */
export async function attachVolume(req: ApiRequest): Promise<ApiReply> {
  const serverId = req.params.server_id!;
  const body = req.body as { volumeAttachment: { volumeId: string }; dry_run?: boolean };
  liveServer(req, serverId);
  const disk = diskOf(req, body.volumeAttachment.volumeId);
  if (body.dry_run === true) {
    const verdict = req.project.session.simulation.preview('attachDisk', [disk.id, serverId]);
    if (!verdict.allowed) throw new SimulationError(verdict.refusal.code as never, verdict.refusal.message, verdict.refusal.details);
    return { status: 202 };
  }
  await req.perform('attachDisk', disk.id, serverId);
  const receipt = mintReceipt(req.project.session, { jobType: 'attachVolume', subJobType: 'attachSingleVolume', serverIds: [serverId], volumeId: disk.id, at: req.project.session.simulation.now() });
  return { status: 200, body: { job_id: receipt.id } };
}

/** detachServerVolume: `detachDisk`, for a disk of this server (`delete_flag` is accepted: the library always detaches gracefully). */
export async function detachVolume(req: ApiRequest): Promise<ApiReply> {
  const serverId = req.params.server_id!;
  const server = liveServer(req, serverId);
  const disk = diskOf(req, req.params.volume_id!);
  if (disk.serverId !== server.id) {
    throw new ApiError(400, 'Ecs.0103', `Disk ${disk.id} is not attached to server ${server.id}${disk.serverId ? ` but to server ${disk.serverId}` : ''}; detach it from the server it is attached to.`);
  }
  await req.perform('detachDisk', disk.id);
  const receipt = mintReceipt(req.project.session, { jobType: 'detachVolume', subJobType: 'detachSingleVolume', serverIds: [serverId], volumeId: disk.id, at: req.project.session.simulation.now() });
  return { status: 200, body: { job_id: receipt.id } };
}
