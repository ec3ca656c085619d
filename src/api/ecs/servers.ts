/**
 * ECS servers (rest-api.md §4): batch creation from a public or private image, showServer, the
 * two detail lists, and batch deletion. Handlers are thin: they pick the library verb, run it
 * through the project's session, and render ECS's bodies.
 */
import type { ServerRecord } from '../../sim/records.js';
import { SimulationError } from '../../sim/errors.js';
import { goldImage } from '../../sim/gold-images.js';
import { ApiError } from '../errors.js';
import type { ApiReply, ApiRequest } from '../route.js';
import { flavorOf, FLAVORS } from './flavors.js';
import { factsOf, rememberFacts, type ServerFacts } from './facts.js';
import { mintReceipt } from './receipts.js';
import { ecsServer, privateIp, type ServerContext } from './serialize.js';

interface CreateBody {
  dry_run?: boolean;
  server: {
    imageRef: string; flavorRef: string; name: string; vpcid: string; nics: { subnet_id?: string }[];
    root_volume: { volumetype: string; size?: number }; data_volumes?: { size: number }[]; count?: number; availability_zone?: string;
    key_name?: string; description?: string; metadata?: Record<string, string>; server_tags?: { key: string; value?: string }[];
  };
}

export function contextOf(req: ApiRequest, serverId: string): ServerContext {
  return { sim: req.project.session.simulation, projectId: req.project.id, facts: factsOf(req.project.session, serverId) };
}

/** The library verb and arguments a create request comes to: createServer, or provisionServers. */
function plan(req: ApiRequest, body: CreateBody): { verb: 'createServer' | 'provisionServers'; args: unknown[] } {
  const s = body.server;
  const count = s.count ?? 1;
  const az = s.availability_zone;
  const gold = goldImage(s.imageRef);
  if (gold) {
    const disks = {
      ...(s.root_volume.size !== undefined ? { systemDiskGB: s.root_volume.size } : {}),
      ...(s.data_volumes?.length ? { dataDisksGB: s.data_volumes.map((d) => d.size) } : {}),
    };
    // One server is the library's createServer (named as given); a batch is one provisionServers, one job.
    if (count === 1) return { verb: 'createServer', args: [{ name: s.name, imageId: gold.id, ...disks, ...(az ? { az } : {}) }] };
    return { verb: 'provisionServers', args: [gold.id, { count, namePrefix: s.name, ...disks, ...(az ? { az } : {}) }] };
  }
  // A private image: its disks are the image's [decision: root_volume.size and data_volumes are not applied].
  try {
    const image = req.project.session.simulation.get(s.imageRef);
    if (image.kind !== 'image') throw new ApiError(400, 'Ecs.0031', `${s.imageRef} is a ${image.kind}, not an image; imageRef takes a public image id or one of the project's private images.`);
    if (image.status === 'deleted') throw new ApiError(400, 'Ecs.0031', `Image ${image.id} was deleted; use another image (public images: GET /ims/v2/cloudimages?__imagetype=gold).`);
  } catch (error) {
    if (error instanceof SimulationError) throw new ApiError(400, 'Ecs.0031', `Image ${s.imageRef.slice(0, 80)} does not exist: imageRef takes a public image id or one of the project's private images (IMS lists both).`);
    throw error;
  }
  return { verb: 'provisionServers', args: [s.imageRef, { count, namePrefix: s.name, ...(az ? { az } : {}) }] };
}

/** createPostPaidServers (v1) and createServers (v1.1): one ECS job for the batch. */
export function createServers(version: 'v1' | 'v1.1') {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const body = req.body as CreateBody;
    const s = body.server;
    if (!flavorOf(s.flavorRef)) {
      throw new ApiError(400, 'Ecs.0005', `flavorRef ${JSON.stringify(s.flavorRef.slice(0, 64))} is not a flavor cbr-sim knows; use one of ${FLAVORS.map((f) => f.id).join(', ')}.`);
    }
    if ((s.count ?? 1) > 1 && s.name.length > 59) {
      throw new ApiError(400, 'Ecs.0005', `server.name may have at most 59 characters when count is more than 1 (each name gets a hyphen and four digits); it has ${s.name.length}.`);
    }
    const { verb, args } = plan(req, body);
    if (body.dry_run === true) {
      // The service checks the request and creates nothing: 202 when it would be accepted.
      const verdict = req.project.session.simulation.preview(verb, args);
      if (!verdict.allowed) throw new SimulationError(verdict.refusal.code as never, verdict.refusal.message, verdict.refusal.details);
      return { status: 202 };
    }
    const made = await req.perform(verb, ...args);
    const servers = (Array.isArray(made) ? made : [made]) as ServerRecord[];
    const facts: ServerFacts = {
      flavorId: s.flavorRef, vpcId: s.vpcid, subnetId: s.nics[0]?.subnet_id ?? '', keyName: s.key_name ?? '', description: s.description ?? '',
      metadata: s.metadata ?? {}, tags: (s.server_tags ?? []).map((t) => (t.value ? `${t.key}=${t.value}` : t.key)),
    };
    rememberFacts(req.project.session, servers.map((x) => x.id), facts);
    const jobId = servers[0]!.jobId!;
    const answer: Record<string, unknown> = { job_id: jobId, serverIds: servers.map((x) => x.id) };
    // v1.1 takes yearly/monthly orders too; a pay-per-use request gets an order id all the same [decision].
    if (version === 'v1.1') answer.order_id = `CS${jobId.replace(/^job-/, '').toUpperCase()}`;
    return { status: 200, body: answer };
  };
}

/** A live server of the project, for the answers that show one (a deleted one is not found). */
export function liveServer(req: ApiRequest, id: string): ServerRecord {
  const record = req.project.session.simulation.get(id);
  if (record.kind !== 'server') throw new SimulationError('Sim.NotFound', `No server has id ${id.slice(0, 80)}; ${id.slice(0, 80)} is a ${record.kind}.`, { id, kind: 'server' });
  if (record.status === 'DELETED') throw new SimulationError('Sim.NotFound', `Server ${id} was deleted.`, { id, kind: 'server' });
  return record;
}

export async function showServer(req: ApiRequest): Promise<ApiReply> {
  const id = req.params.server_id!;
  const server = await req.poll(() => liveServer(req, id), (s) => [s]);
  return { status: 200, body: { server: ecsServer(server, contextOf(req, server.id)) } };
}

/** The project's servers, newest first; DELETED ones only when the status filter asks for them. */
export function serversOf(req: ApiRequest, statuses: readonly string[] | null): ServerRecord[] {
  const sim = req.project.session.simulation;
  const all = sim.list('server', statuses?.includes('DELETED') ? { includeDeleted: true } : {});
  return all
    .filter((s) => (statuses ? statuses.includes(s.status) : s.status !== 'DELETED'))
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? 1 : -1));
}

function matches(req: ApiRequest, s: ServerRecord, q: Record<string, string>): boolean {
  const facts = factsOf(req.project.session, s.id);
  if (q.name !== undefined && !s.name.includes(q.name)) return false;
  if (q.flavor !== undefined && facts.flavorId !== q.flavor) return false;
  if (q.ip !== undefined && !privateIp(s.id).includes(q.ip)) return false;
  if (q.ip_eq !== undefined && privateIp(s.id) !== q.ip_eq) return false;
  if (q.tags !== undefined && !q.tags.split(',').every((t) => facts.tags.includes(t))) return false;
  if (q['not-tags'] !== undefined && q['not-tags'].split(',').some((t) => facts.tags.includes(t))) return false;
  if (q.server_id !== undefined && s.id !== q.server_id) return false;
  return true;
}

/** listServersDetails: `offset` is the page number (0 and 1 are the first page), `limit` 1–1000, default 25. */
export async function listServersDetails(req: ApiRequest): Promise<ApiReply> {
  const q = req.query as Record<string, string>;
  const limit = q.limit === undefined ? 25 : Number(q.limit);
  if (limit < 1 || limit > 1000) throw new ApiError(400, 'Ecs.0005', `limit must be from 1 to 1000; got ${q.limit}.`);
  const page = Math.max(1, q.offset === undefined ? 1 : Number(q.offset));
  const servers = await req.poll(() => serversOf(req, q.status ? [q.status] : null).filter((s) => matches(req, s, q)), (list) => list);
  const shown = servers.slice((page - 1) * limit, page * limit);
  return { status: 200, body: { count: servers.length, servers: shown.map((s) => ecsServer(s, contextOf(req, s.id))) } };
}

/** listCloudServers (v1.1): the same servers, paged by `marker` (the last id of the previous page). */
export async function listCloudServers(req: ApiRequest): Promise<ApiReply> {
  const q = req.query as Record<string, string>;
  const limit = q.limit === undefined ? 25 : Number(q.limit);
  if (limit < 1 || limit > 1000) throw new ApiError(400, 'Ecs.0005', `limit must be from 1 to 1000; got ${q.limit}.`);
  const servers = await req.poll(() => serversOf(req, q.status ? [q.status] : null).filter((s) =>
    (q.id === undefined || s.id === q.id) && (q.name === undefined || s.name.includes(q.name))
    && (q.image_id === undefined || s.sourceImageId === q.image_id) && (q.availability_zone === undefined || s.az === q.availability_zone)
    && (q.flavor_id === undefined || factsOf(req.project.session, s.id).flavorId === q.flavor_id)), (list) => list);
  let start = 0;
  if (q.marker !== undefined) {
    const at = servers.findIndex((s) => s.id === q.marker);
    if (at < 0) throw new ApiError(400, 'Ecs.0005', `marker ${JSON.stringify(q.marker.slice(0, 64))} is not the id of a server of this list; give the last id of the previous page.`);
    start = at + 1;
  }
  const shown = servers.slice(start, start + limit);
  return { status: 200, body: { count: servers.length, servers: shown.map((s) => ecsServer(s, contextOf(req, s.id))) } };
}

/** The ids of a batch body, each once; an id twice is refused (Ecs.0005). */
export function idsOf(servers: readonly { id: string }[]): string[] {
  const ids = servers.map((s) => s.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new ApiError(400, 'Ecs.0005', `servers lists ${JSON.stringify(twice.slice(0, 64))} twice; give each server once.`);
  return ids;
}

/**
 * Runs `verb` on every server, or on none: each is previewed first, and the first refusal answers
 * for the whole request [decision], so a batch never half happens.
 */
export async function onEach(req: ApiRequest, verb: string, ids: readonly string[]): Promise<void> {
  const sim = req.project.session.simulation;
  for (const id of ids) {
    liveServer(req, id);
    const verdict = sim.preview(verb, [id]);
    if (!verdict.allowed) throw new SimulationError(verdict.refusal.code as never, verdict.refusal.message, verdict.refusal.details);
  }
  for (const id of ids) await req.perform(verb, id);
}

/** deleteServers: `deleteServer` each (C3: backups stay; C4: images stay; data disks are detached). */
export async function deleteServers(req: ApiRequest): Promise<ApiReply> {
  const ids = idsOf((req.body as { servers: { id: string }[] }).servers);
  await onEach(req, 'deleteServer', ids);
  const receipt = mintReceipt(req.project.session, { jobType: 'deleteServers', subJobType: 'deleteSingleServer', serverIds: ids, at: req.project.session.simulation.now() });
  return { status: 200, body: { job_id: receipt.id } };
}

