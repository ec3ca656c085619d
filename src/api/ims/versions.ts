/**
 * The versions document openstacksdk's discovery asks for before its first Glance call
 * (rest-api.md §7.4): `GET /ims/` (and `/ims/v2`). openstacksdk then follows the `self` link for
 * every call, so the link keeps the `/ims` prefix, built from the request's own Host.
 */
import type { ApiReply, ApiRequest } from '../route.js';

function base(req: ApiRequest): string {
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  const host = req.headers.host ?? '127.0.0.1';
  return `${proto}://${host}`;
}

export function listVersions(req: ApiRequest): ApiReply {
  return {
    status: 200,
    body: { versions: [{ id: 'v2.1', status: 'CURRENT', links: [{ rel: 'self', href: `${base(req)}/ims/v2/` }] }] },
  };
}
