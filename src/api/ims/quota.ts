/**
 * `GET /v1/cloudimages/quota` (rest-api.md §3.2, I12): the private images the region chart counts
 * against the project's quota (an image being made counts from the moment it is asked for), and
 * the quota itself (`createSimulation({ imageQuota })`, OTC default 50).
 */
import type { ApiReply, ApiRequest } from '../route.js';

/** The documented bounds of the quota (OTC example `min: 1, max: 1000`). */
const BOUNDS = { min: 1, max: 1000 };
/**
 * Sharing is not modelled: shared images count against a quota of their own, never the private
 * one (cloud-facts §3.4) [inference: 0 used; 50 shared images, as the private default, and 256
 * members, the member limit of a system-disk image (cloud-facts §3.3)].
 */
const SHARED = { image_shared: 50, image_member: 256 };

export function showImageQuota(req: ApiRequest): ApiReply {
  const region = req.project.session.simulation.world.region.getSnapshot().context;
  return {
    status: 200,
    body: {
      quotas: {
        resources: [
          { type: 'image', used: region.privateImages, quota: region.imageQuota, ...BOUNDS },
          { type: 'image_shared', used: 0, quota: SHARED.image_shared, ...BOUNDS },
          { type: 'image_member', used: 0, quota: SHARED.image_member, ...BOUNDS },
        ],
      },
    },
  };
}
