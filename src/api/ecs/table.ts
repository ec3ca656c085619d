/**
 * ECS's route table: one line per operation cbr-sim serves (method, path, schemas, handler), and
 * the operations the SDK defines beyond them (answered 501, unserved.ts). The handlers are thin:
 * they read records and run library verbs through the project's session, and render the
 * service's bodies (servers.ts, actions.ts, jobs.ts, nova.ts, versions.ts).
 */
import { ApiError } from '../errors.js';
import { keepCode, translator } from '../translate.js';
import { compilePath } from '../router.js';
import type { ApiRequest, Route, ServiceTable } from '../route.js';
import { actionBody, attachBody, createBody, deleteBody, detachQuery, listQuery, listV11Query, novaActionBody } from './schemas.js';
import { createServers, deleteServers, listCloudServers, listServersDetails, showServer } from './servers.js';
import { attachVolume, detachVolume, serverAction } from './actions.js';
import { showJob } from './jobs.js';
import { novaDeleteServer, novaListServers, novaListServersDetails, novaServerAction, novaShowServer } from './nova.js';
import { listVersions, showVersion } from './versions.js';
import { ecsUnserved } from './unserved.js';

const CREATE_OPERATIONS = new Set(['createPostPaidServers', 'createServers']);
const VOLUME_OPERATIONS = new Set(['attachServerVolume', 'detachServerVolume']);

const served: Route[] = [
  { operation: 'createPostPaidServers', method: 'POST', path: '/v1/{project_id}/cloudservers', body: createBody, summary: 'createServer (public image, one) or provisionServers (a batch, or a private image): one ECS job', handle: createServers('v1') },
  { operation: 'createServers', method: 'POST', path: '/v1.1/{project_id}/cloudservers', body: createBody, summary: 'as createPostPaidServers, with an order_id', handle: createServers('v1.1') },
  { operation: 'showJob', method: 'GET', path: '/v1/{project_id}/jobs/{job_id}', summary: 'an ECS job (createServer and its sub-jobs) or the receipt of a synchronous action', handle: showJob },
  { operation: 'listServersDetails', method: 'GET', path: '/v1/{project_id}/cloudservers/detail', query: listQuery, summary: 'servers, newest first; offset is a page number', handle: listServersDetails },
  { operation: 'showServer', method: 'GET', path: '/v1/{project_id}/cloudservers/{server_id}', summary: 'a server (404 Ecs.0114 once deleted)', handle: showServer },
  { operation: 'listCloudServers', method: 'GET', path: '/v1.1/{project_id}/cloudservers/detail', query: listV11Query, summary: 'servers, paged by marker', handle: listCloudServers },
  { operation: 'deleteServers', method: 'POST', path: '/v1/{project_id}/cloudservers/delete', body: deleteBody, summary: 'deleteServer each, all or none (C3, C4)', handle: deleteServers },
  { operation: 'batchStartServers', method: 'POST', path: '/v1/{project_id}/cloudservers/action', body: actionBody, summary: 'startServer / stopServer each (os-start, os-stop), all or none', handle: serverAction },
  { operation: 'attachServerVolume', method: 'POST', path: '/v1/{project_id}/cloudservers/{server_id}/attachvolume', body: attachBody, summary: 'attachDisk', handle: attachVolume },
  { operation: 'detachServerVolume', method: 'DELETE', path: '/v1/{project_id}/cloudservers/{server_id}/detachvolume/{volume_id}', query: detachQuery, summary: 'detachDisk', handle: detachVolume },
  // Nova's twins, for openstacksdk (rest-api.md §7.4).
  { operation: 'novaListVersions', method: 'GET', path: '/', errorStyle: 'openstack', summary: 'the compute version list', handle: listVersions },
  { operation: 'novaShowVersion', method: 'GET', path: '/v2.1', errorStyle: 'openstack', summary: 'the compute version document (max microversion 2.60)', handle: showVersion },
  { operation: 'novaListServersDetails', method: 'GET', path: '/v2.1/{project_id}/servers/detail', errorStyle: 'openstack', summary: 'servers, Nova style', handle: novaListServersDetails },
  { operation: 'novaListServers', method: 'GET', path: '/v2.1/{project_id}/servers', errorStyle: 'openstack', summary: 'server ids and names, Nova style', handle: novaListServers },
  { operation: 'novaShowServer', method: 'GET', path: '/v2.1/{project_id}/servers/{server_id}', errorStyle: 'openstack', summary: 'a server, Nova style', handle: novaShowServer },
  { operation: 'novaServerAction', method: 'POST', path: '/v2.1/{project_id}/servers/{server_id}/action', body: novaActionBody, errorStyle: 'openstack', summary: 'os-start / os-stop → 202', handle: novaServerAction },
  { operation: 'novaDeleteServer', method: 'DELETE', path: '/v2.1/{project_id}/servers/{server_id}', errorStyle: 'openstack', summary: 'deleteServer → 204', handle: novaDeleteServer },
];

const unservedPatterns = ecsUnserved.map((u) => ({ u, ...compilePath(u.path) }));

export const ecsRoutes: Route[] = served.map(unservedFirst);

/**
 * A served path with a parameter also matches the SDK's fixed paths beside it (`GET
 * /v1/{project_id}/cloudservers/flavors` is no server id): those answer their 501, not a 404.
 */
function unservedFirst(route: Route): Route {
  if (!route.path.includes('{server_id}')) return route;
  const handle = route.handle;
  return {
    ...route,
    handle: (req: ApiRequest) => {
      const path = route.path.replace(/\{([a-z_]+)\}/g, (_, name: string) => encodeURIComponent(req.params[name] ?? ''));
      const missing = unservedPatterns.find((x) => x.u.method === route.method && x.u.path !== route.path && x.pattern.test(path));
      if (missing) throw new ApiError(501, 'Sim.NotImplemented', `cbr-sim does not serve ${missing.u.operation} (${missing.u.method} /ecs${missing.u.path}) yet; GET /api/coverage lists the operations it serves.`);
      return handle(req);
    },
  };
}

export { ecsUnserved };

export const ecsTable: ServiceTable = {
  service: 'ecs',
  routes: ecsRoutes,
  unserved: ecsUnserved,
  // rest-api.md §6.
  translate: translator({
    // I6: more than 100 servers (or none) in one request.
    'Sim.InvalidArgument:I6': 'Ecs.0005',
    // C8: a data-disk image makes disks, not servers: no ECS code, the simulator's is kept.
    'Sim.InvalidArgument:C8': (error) => keepCode(error),
    'Sim.InvalidArgument': 'Ecs.0005',
    // A server (or, attaching, a disk) not in a state the action takes; Nova answers 409.
    'Sim.InvalidState': (error, route) => new ApiError(route.errorStyle === 'openstack' ? 409 : 400, error.details.kind === 'disk' ? 'Ecs.0103' : 'Ecs.0100', error.message),
  }, (route, error) => {
    if (CREATE_OPERATIONS.has(route.operation)) return new ApiError(400, 'Ecs.0031', error.message);
    if (VOLUME_OPERATIONS.has(route.operation) && error.details.kind === 'disk') return new ApiError(400, 'Ecs.0103', error.message);
    return new ApiError(404, 'Ecs.0114', error.message);
  }),
};
