/**
 * Nova-compatible server paths (rest-api.md §4 last bullet, §7.4), for openstacksdk's
 * `conn.compute`: list, show, start/stop (202) and delete (204), errors the OpenStack way
 * (`errorStyle: 'openstack'`).
 */
import type { ApiReply, ApiRequest } from '../route.js';
import { notServedHere } from './actions.js';
import { contextOf, liveServer, onEach, serversOf } from './servers.js';
import { novaServer } from './serialize.js';
import { serviceBase } from './versions.js';

function selfBase(req: ApiRequest): string {
  return `${serviceBase(req)}/v2.1/${encodeURIComponent(req.project.id)}`;
}

function filtered(req: ApiRequest) {
  const q = req.query as Record<string, string | string[]>;
  const name = typeof q.name === 'string' ? q.name : undefined;
  const status = typeof q.status === 'string' ? q.status.toUpperCase() : undefined;
  return serversOf(req, status ? [status] : null).filter((s) => name === undefined || s.name.includes(name));
}

/** GET /v2.1/{project_id}/servers/detail. */
export async function novaListServersDetails(req: ApiRequest): Promise<ApiReply> {
  const servers = await req.poll(() => filtered(req), (list) => list);
  const base = selfBase(req);
  return { status: 200, body: { servers: servers.map((s) => novaServer(s, contextOf(req, s.id), base)) } };
}

/** GET /v2.1/{project_id}/servers: ids, names and links. */
export async function novaListServers(req: ApiRequest): Promise<ApiReply> {
  const servers = await req.poll(() => filtered(req), (list) => list);
  const base = selfBase(req);
  return {
    status: 200,
    body: { servers: servers.map((s) => ({ id: s.id, name: s.name, links: [{ rel: 'self', href: `${base}/servers/${s.id}` }, { rel: 'bookmark', href: `${base}/servers/${s.id}` }] })) },
  };
}

/** GET /v2.1/{project_id}/servers/{server_id}. */
export async function novaShowServer(req: ApiRequest): Promise<ApiReply> {
  const id = req.params.server_id!;
  const server = await req.poll(() => liveServer(req, id), (s) => [s]);
  return { status: 200, body: { server: novaServer(server, contextOf(req, server.id), selfBase(req)) } };
}

/** POST /v2.1/{project_id}/servers/{server_id}/action: `os-start` / `os-stop` → 202, no body. */
export async function novaServerAction(req: ApiRequest): Promise<ApiReply> {
  const action = Object.keys(req.body as Record<string, unknown>)[0]!;
  // An unknown server is 404 whatever the action.
  liveServer(req, req.params.server_id!);
  const path = '/v2.1/{project_id}/servers/{server_id}/action';
  if (action === 'os-start' || action === 'os-stop') {
    await onEach(req, action === 'os-start' ? 'startServer' : 'stopServer', [req.params.server_id!]);
    return { status: 202 };
  }
  if (action === 'addSecurityGroup') throw notServedHere('novaAssociateSecurityGroup', 'POST', path);
  if (action === 'removeSecurityGroup') throw notServedHere('novaDisassociateSecurityGroup', 'POST', path);
  throw notServedHere(`the Nova server action ${JSON.stringify(action.slice(0, 64))}`, 'POST', path);
}

/** DELETE /v2.1/{project_id}/servers/{server_id} → 204 (`deleteServer`). */
export async function novaDeleteServer(req: ApiRequest): Promise<ApiReply> {
  await onEach(req, 'deleteServer', [req.params.server_id!]);
  return { status: 204 };
}
