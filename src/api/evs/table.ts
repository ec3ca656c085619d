/**
 * EVS's route table: one line per operation cbr-sim serves (method, path, schemas, handler), and
 * the operations the SDK defines beyond them (answered 501). The handlers are thin: they read
 * records and run library verbs through the project's session, and render the service's bodies.
 *
 * Order matters where paths overlap: `/cloudvolumes/detail` before `/cloudvolumes/{volume_id}`.
 */
import { ApiError } from '../errors.js';
import { translator } from '../translate.js';
import type { Route, ServiceTable, Unserved } from '../route.js';
import type { SimulationError } from '../../sim/errors.js';
import { createVolumeBody, listVolumesQuery } from './schemas.js';
import { createVolume, deleteVolume, showVolume, simOf } from './volumes.js';
import { diskPage, nextQuery } from './list.js';
import { linkBase, volumeBody } from './serialize.js';
import { showJob } from './jobs.js';
import { cinderListVolumes, cinderShowVolume } from './cinder.js';
import { listVersions, showVersion } from './versions.js';

const V = '/v2/{project_id}';

export const evsRoutes: Route[] = [
  { operation: 'listVersions', method: 'GET', path: '/', summary: 'the EVS API versions (v1 jobs, v2)', handle: listVersions },
  { operation: 'showVersion', method: 'GET', path: '/{version}', summary: 'one version document (Cinder discovery of openstacksdk)', handle: showVersion },
  {
    operation: 'createVolume', method: 'POST', path: '/v2.1/{project_id}/cloudvolumes', body: createVolumeBody,
    summary: 'createDisk / createDiskFromBackup / createDiskFromImage → {job_id, order_id, volume_ids}', handle: createVolume('v2.1'),
  },
  {
    operation: 'createVolume', method: 'POST', path: `${V}/cloudvolumes`, body: createVolumeBody,
    summary: 'createDisk / createDiskFromBackup / createDiskFromImage → {job_id} (OTC path)', handle: createVolume('v2'),
  },
  {
    operation: 'listVolumes', method: 'GET', path: `${V}/cloudvolumes/detail`, query: listVolumesQuery,
    summary: 'list("disk"), filtered, sorted, paged → {count, volumes, volumes_links}',
    handle: (req) => {
      const page = diskPage(req);
      const at = linkBase(req.headers, req.project.id);
      const sim = simOf(req);
      return {
        status: 200,
        body: {
          count: page.count,
          volumes: page.disks.map((d) => volumeBody(sim, d, at)),
          volumes_links: page.next === null ? [] : [{ href: `${at.evs}/v2/${at.projectId}/cloudvolumes/detail?${nextQuery(req, page)}`, rel: 'next' }],
        },
      };
    },
  },
  { operation: 'showVolume', method: 'GET', path: `${V}/cloudvolumes/{volume_id}`, summary: 'get(disk), on-poll → {volume}', handle: showVolume },
  { operation: 'deleteVolume', method: 'DELETE', path: `${V}/cloudvolumes/{volume_id}`, summary: 'deleteDisk → {job_id} of its deleteVolume job', handle: deleteVolume },
  { operation: 'showJob', method: 'GET', path: '/v1/{project_id}/jobs/{job_id}', summary: 'get(job) of an EVS job, on-poll', handle: showJob },
  {
    operation: 'cinderListVolumes', method: 'GET', path: `${V}/volumes/detail`, query: listVolumesQuery, errorStyle: 'openstack',
    summary: 'Cinder: list("disk") → {volumes} (openstacksdk block_storage.volumes())', handle: cinderListVolumes,
  },
  {
    operation: 'cinderShowVolume', method: 'GET', path: `${V}/volumes/{volume_id}`, errorStyle: 'openstack',
    summary: 'Cinder: get(disk), on-poll → {volume} (openstacksdk get_volume)', handle: cinderShowVolume,
  },
];

/**
 * The EvsClient operations of the SDK (`services/evs/v2/EvsClient.ts`) cbr-sim does not serve, with
 * their real paths. Those whose path a served route also matches (`GET …/cloudvolumes/tags` is a
 * `showVolume` of the id "tags") answer that route instead; they are listed for the coverage table.
 */
export const evsUnserved: Unserved[] = [
  { operation: 'updateVolume', method: 'PUT', path: `${V}/cloudvolumes/{volume_id}` },
  { operation: 'resizeVolume', method: 'POST', path: '/v2.1/{project_id}/cloudvolumes/{volume_id}/action' },
  { operation: 'batchResizeVolumes', method: 'POST', path: '/v5/{project_id}/volumes/batch-extend' },
  { operation: 'retypeVolume', method: 'POST', path: `${V}/volumes/{volume_id}/retype` },
  { operation: 'modifyVolumeQoS', method: 'PUT', path: '/v5/{project_id}/cloudvolumes/{volume_id}/qos' },
  { operation: 'unsubscribePostpaidVolume', method: 'POST', path: `${V}/cloudvolumes/unsubscribe` },
  { operation: 'createSnapshot', method: 'POST', path: `${V}/cloudsnapshots` },
  { operation: 'listSnapshots', method: 'GET', path: `${V}/cloudsnapshots/detail` },
  { operation: 'showSnapshot', method: 'GET', path: `${V}/cloudsnapshots/{snapshot_id}` },
  { operation: 'updateSnapshot', method: 'PUT', path: `${V}/cloudsnapshots/{snapshot_id}` },
  { operation: 'deleteSnapshot', method: 'DELETE', path: `${V}/cloudsnapshots/{snapshot_id}` },
  { operation: 'rollbackSnapshot', method: 'POST', path: `${V}/cloudsnapshots/{snapshot_id}/rollback` },
  { operation: 'batchCreateVolumeTags', method: 'POST', path: `${V}/cloudvolumes/{volume_id}/tags/action` },
  { operation: 'showVolumeTags', method: 'GET', path: `${V}/cloudvolumes/{volume_id}/tags` },
  { operation: 'listVolumeTags', method: 'GET', path: `${V}/cloudvolumes/tags` },
  { operation: 'listVolumesByTags', method: 'POST', path: `${V}/cloudvolumes/resource_instances/action` },
  { operation: 'cinderListQuotas', method: 'GET', path: `${V}/os-quota-sets/{target_project_id}` },
  { operation: 'cinderListAvailabilityZones', method: 'GET', path: `${V}/os-availability-zone` },
  { operation: 'cinderListVolumeTypes', method: 'GET', path: `${V}/types` },
  { operation: 'cinderCreateVolumeTransfer', method: 'POST', path: `${V}/os-volume-transfer` },
  { operation: 'cinderListVolumeTransfers', method: 'GET', path: `${V}/os-volume-transfer` },
  { operation: 'cinderShowVolumeTransfer', method: 'GET', path: `${V}/os-volume-transfer/{transfer_id}` },
  { operation: 'cinderDeleteVolumeTransfer', method: 'DELETE', path: `${V}/os-volume-transfer/{transfer_id}` },
  { operation: 'cinderAcceptVolumeTransfer', method: 'POST', path: `${V}/os-volume-transfer/{transfer_id}/accept` },
  { operation: 'listVolumesInRecycle', method: 'GET', path: '/v3/{project_id}/recycle-bin-volumes/detail' },
  { operation: 'showRecyclePolicy', method: 'GET', path: '/v3/{project_id}/recycle-bin-volumes/policy' },
  { operation: 'updateRecyclePolicy', method: 'PUT', path: '/v3/{project_id}/recycle-bin-volumes/policy' },
  { operation: 'showVolumeInRecycle', method: 'GET', path: '/v3/{project_id}/recycle-bin-volumes/{volume_id}' },
  { operation: 'deleteVolumeInRecycle', method: 'DELETE', path: '/v3/{project_id}/recycle-bin-volumes/{volume_id}' },
  { operation: 'revertVolumeInRecycle', method: 'POST', path: '/v3/{project_id}/recycle-bin-volumes/{volume_id}/revert' },
];

/** Whether the route is the disk creation (POST v2 or v2.1). */
const creating = (route: Route): boolean => route.operation === 'createVolume';

/**
 * rest-api.md §6 for EVS: a backup not Available (B3-like `BackupService.2005`) → EVS.1044; a
 * server backup for a disk (C7) → EVS.1006; the library's `az` and `sizeGB` of a disk from a backup
 * → EVS.1049 and EVS.1022 (from an image: EVS.1010); a disk not Available for deletion → EVS.1046;
 * anything not found → 404 EVS.5404. Every other refusal keeps its code (C8: `Sim.InvalidArgument`).
 */
export const evsTable: ServiceTable = {
  service: 'evs',
  routes: evsRoutes,
  unserved: evsUnserved,
  translate: translator({
    'BackupService.2005': (e, route) => (creating(route) ? new ApiError(400, 'EVS.1044', e.message) : null),
    'Sim.InvalidArgument:C7': (e, route) => (creating(route) ? new ApiError(400, 'EVS.1006', e.message) : null),
    'Sim.InvalidArgument': (e: SimulationError, route) => {
      if (!creating(route)) return null;
      if (e.details.option === 'az') return new ApiError(400, 'EVS.1049', e.message);
      if (e.details.option === 'sizeGB') return new ApiError(400, e.details.source === 'backup' ? 'EVS.1022' : 'EVS.1010', e.message);
      return null;
    },
    'Sim.InvalidState': (e, route) => (route.operation === 'deleteVolume' ? new ApiError(400, 'EVS.1046', e.message) : null),
  }, (_route, e) => new ApiError(404, 'EVS.5404', e.message)),
};
