/**
 * Nova's version documents (rest-api.md §7.4): openstacksdk discovers the compute API before its
 * first call and then follows the `self` link, so the links keep the `/ecs` prefix and the host
 * the client asked (its `Host` header).
 */
import type { ApiReply, ApiRequest } from '../route.js';

/** The newest microversion served: openstacksdk then sends `OpenStack-API-Version: compute 2.60`. */
export const NOVA_MAX_VERSION = '2.60';

/** `http://<Host>/ecs`: where the client reached this service. */
export function serviceBase(req: ApiRequest): string {
  const host = String(req.headers.host ?? '127.0.0.1').replace(/[^A-Za-z0-9.:[\]-]/g, '').slice(0, 255) || '127.0.0.1';
  return `http://${host}/ecs`;
}

function version(base: string): Record<string, unknown> {
  return {
    id: 'v2.1', status: 'CURRENT', version: NOVA_MAX_VERSION, min_version: '2.1', updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: `${base}/v2.1/` }, { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
  };
}

/** GET /ecs/v2.1 (novaShowVersion). */
export function showVersion(req: ApiRequest): ApiReply {
  return { status: 200, body: { version: version(serviceBase(req)) } };
}

/** GET /ecs/ (novaListVersions): the one compute version there is. */
export function listVersions(req: ApiRequest): ApiReply {
  return { status: 200, body: { versions: [version(serviceBase(req))] } };
}
