/**
 * The Cinder-compatible paths openstacksdk calls (`conn.block_storage.volumes()`, `get_volume`;
 * rest-api.md §5 last paragraph, §7.4): the same disks, the Cinder envelopes `{volumes}` and
 * `{volume}`, self links under `/volumes`, errors the OpenStack way (the routes' `errorStyle`).
 */
import type { ApiReply, ApiRequest } from '../route.js';
import { diskPage, nextQuery } from './list.js';
import { linkBase, volumeBody } from './serialize.js';
import { liveDisk, simOf } from './volumes.js';

export function cinderListVolumes(req: ApiRequest): ApiReply {
  const page = diskPage(req);
  const at = linkBase(req.headers, req.project.id);
  const sim = simOf(req);
  const body: Record<string, unknown> = { volumes: page.disks.map((d) => volumeBody(sim, d, at, 'volumes')) };
  // Cinder gives `volumes_links` only when a next page exists; openstacksdk follows it.
  if (page.next !== null) body.volumes_links = [{ href: `${at.evs}/v2/${at.projectId}/volumes/detail?${nextQuery(req, page)}`, rel: 'next' }];
  return { status: 200, body };
}

export async function cinderShowVolume(req: ApiRequest): Promise<ApiReply> {
  const sim = simOf(req);
  const disk = await req.poll(() => liveDisk(sim, req.params.volume_id!), (d) => [d]);
  return { status: 200, body: { volume: volumeBody(sim, disk, linkBase(req.headers, req.project.id), 'volumes') } };
}
