/**
 * EVS's version documents (`listVersions` GET /, `showVersion` GET /{version}; Cinder's discovery,
 * which openstacksdk makes before its first call, rest-api.md §7.4). The `self` links are built
 * from the request's Host and keep the `/evs` prefix: openstacksdk follows them for every call.
 *
 * Decision: only v1 (the jobs) and v2 are listed, v2 CURRENT; EVS's v3 (Cinder v3) is not served,
 * and a client that discovered it would call paths cbr-sim does not have.
 */
import type { ApiReply, ApiRequest } from '../route.js';
import { ApiError } from '../errors.js';

const VERSIONS = {
  v1: { id: 'v1.0', status: 'SUPPORTED', updated: '2014-06-28T12:20:21Z', media: 'version=1' },
  v2: { id: 'v2.0', status: 'CURRENT', updated: '2017-02-07T12:20:21Z', media: 'version=2' },
} as const;

type Version = keyof typeof VERSIONS;

function versionOf(host: string | undefined, v: Version): Record<string, unknown> {
  const d = VERSIONS[v];
  return {
    id: d.id, status: d.status, updated: d.updated, min_version: '', version: '',
    links: [{ rel: 'self', href: `http://${host ?? '127.0.0.1'}/evs/${v}/` }],
    'media-types': [{ base: 'application/json', type: `application/vnd.openstack.volume+json;${d.media}` }],
  };
}

export function listVersions(req: ApiRequest): ApiReply {
  return { status: 200, body: { versions: (Object.keys(VERSIONS) as Version[]).map((v) => versionOf(req.headers.host, v)) } };
}

export function showVersion(req: ApiRequest): ApiReply {
  const v = req.params.version!;
  if (!Object.hasOwn(VERSIONS, v)) throw new ApiError(404, 'EVS.5404', `cbr-sim serves EVS v1 (jobs) and v2, not ${JSON.stringify(v.slice(0, 20))}; GET /evs/ lists them.`);
  return { status: 200, body: { versions: [versionOf(req.headers.host, v as Version)] } };
}
