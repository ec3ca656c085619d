/**
 * IMS's route table: one line per operation cbr-sim serves (method, path, schemas, handler), and
 * the operations the SDK defines beyond them (answered 501). The handlers are thin: they read
 * records and run library verbs through the project's session, and render the service's bodies.
 * IMS paths are not project-scoped except jobs: the router takes the project from `X-Project-Id`
 * (the Node SDK always sends it) or the credential (rest-api.md §3).
 */
import { ApiError } from '../errors.js';
import { keepCode, translator } from '../translate.js';
import type { Route, ServiceTable, Unserved } from '../route.js';
import type { SimulationError } from '../../sim/errors.js';
import { createDataImage, createImage, createWholeImage, importImageQuick } from './create.js';
import { exportImage, glanceDeleteImage, glanceListImages, glanceShowImage, listImages, updateImage } from './images.js';
import { showJob, showJobProgress } from './jobs.js';
import { showImageQuota } from './quota.js';
import { listVersions } from './versions.js';
import {
  CREATE_IMAGE_BODY, DATA_IMAGE_BODY, DELETE_IMAGE_BODY, EXPORT_IMAGE_BODY, IMAGE_PATCH_BODY, QUICK_IMPORT_BODY, WHOLE_IMAGE_BODY, listQuery,
} from './schemas.js';

/** Glance's JSON-patch type (rest-api.md §1.2): what openstacksdk and the SDK's glanceUpdateImage send. */
const JSON_PATCH = ['application/openstack-images-v2.1-json-patch', 'application/json-patch+json'];

export const imsRoutes: Route[] = [
  { operation: 'listVersions', method: 'GET', path: '/', summary: 'the versions document of openstacksdk\'s discovery', handle: listVersions },
  { operation: 'showVersion', method: 'GET', path: '/v2', summary: 'the versions document again, for discovery that asks the versioned root', handle: listVersions },
  {
    operation: 'createWholeImage', method: 'POST', path: '/v1/cloudimages/wholeimages/action', body: WHOLE_IMAGE_BODY,
    summary: 'a full-ECS image: createImageFromBackup, or createImageFromServer kind full-ecs into vault_id (C12)', handle: createWholeImage,
  },
  ...(['/v2/cloudimages/action', '/v2.1/cloudimages/action'] as const).map((path): Route => ({
    operation: path.startsWith('/v2.1') ? 'createImageInSafeMode' : 'createImage', method: 'POST', path, body: CREATE_IMAGE_BODY,
    summary: 'a system-disk image of an ECS, a data-disk image of its disk, or an imported file: createImageFromServer, createImageFromDisk, importImage', handle: createImage,
  })),
  ...(['/v1/cloudimages/dataimages/action', '/v2.1/cloudimages/dataimages/action'] as const).map((path): Route => ({
    operation: path.startsWith('/v2.1') ? 'createDataImageInSafeMode' : 'createDataImage', method: 'POST', path, body: DATA_IMAGE_BODY,
    summary: 'a data-disk image from a file in OBS: importImage kind data-disk (C11)', handle: createDataImage,
  })),
  ...(['/v2/cloudimages/quickimport/action', '/v2.1/cloudimages/quickimport/action'] as const).map((path): Route => ({
    operation: path.startsWith('/v2.1') ? 'importImageQuickInSafeMode' : 'importImageQuick', method: 'POST', path, body: QUICK_IMPORT_BODY,
    summary: 'an image file imported quickly: importImage', handle: importImageQuick,
  })),
  { operation: 'listImages', method: 'GET', path: '/v2/cloudimages', query: listQuery(false), summary: 'private and public images, {images}', handle: listImages },
  { operation: 'glanceListImages', method: 'GET', path: '/v2/images', query: listQuery(true), summary: 'images, Glance\'s page {images, first, schema, next}', handle: glanceListImages },
  { operation: 'glanceShowImage', method: 'GET', path: '/v2/images/{image_id}', summary: 'one image, flat (moves the on-poll clock)', handle: glanceShowImage },
  {
    operation: 'updateImage', method: 'PATCH', path: '/v2/cloudimages/{image_id}', body: IMAGE_PATCH_BODY, contentTypes: JSON_PATCH,
    summary: 'a JSON patch of /name, /__description: updateImage', handle: updateImage(false),
  },
  {
    operation: 'glanceUpdateImage', method: 'PATCH', path: '/v2/images/{image_id}', body: IMAGE_PATCH_BODY, contentTypes: JSON_PATCH,
    summary: 'a JSON patch of /name, /__description: updateImage', handle: updateImage(true),
  },
  {
    operation: 'glanceDeleteImage', method: 'DELETE', path: '/v2/images/{image_id}', body: DELETE_IMAGE_BODY,
    summary: 'deleteImage, with its backup when delete_backup (I11)', handle: glanceDeleteImage,
  },
  { operation: 'showImageQuota', method: 'GET', path: '/v1/cloudimages/quota', summary: 'the private image quota and its use (I12)', handle: showImageQuota },
  ...(['/v1/cloudimages/{image_id}/file', '/v2.1/cloudimages/{image_id}/file'] as const).map((path): Route => ({
    operation: path.startsWith('/v2.1') ? 'exportImageInSafeMode' : 'exportImage', method: 'POST', path, body: EXPORT_IMAGE_BODY,
    summary: 'exportImage (C9)', handle: exportImage,
  })),
  { operation: 'showJob', method: 'GET', path: '/v1/{project_id}/jobs/{job_id}', summary: 'an IMS job (ECS and EVS jobs too: ids are unique per world)', handle: showJob },
  { operation: 'showJobProgress', method: 'GET', path: '/v1/cloudimages/job/{job_id}', summary: 'a job with its progress', handle: showJobProgress },
];

/** What ImsClient defines beyond the routes (paths of the SDK's ParamCreater, rest-api.md §0 `SDK`). */
export const imsUnserved: Unserved[] = [
  { operation: 'addImageTag', method: 'POST', path: '/v2/{project_id}/images/{image_id}/tags' },
  { operation: 'batchAddOrDeleteTags', method: 'POST', path: '/v2/{project_id}/images/{image_id}/tags/action' },
  { operation: 'listImageTags', method: 'GET', path: '/v2/{project_id}/images/{image_id}/tags' },
  { operation: 'deleteImageTag', method: 'DELETE', path: '/v2/{project_id}/images/{image_id}/tags/{key}' },
  { operation: 'batchDeleteTags', method: 'DELETE', path: '/v1/{project_id}/cloudimages/{image_id}/tags/delete' },
  { operation: 'createOrUpdateTags', method: 'PUT', path: '/v1/cloudimages/tags' },
  { operation: 'listImageByTags', method: 'POST', path: '/v2/{project_id}/images/resource_instances/action' },
  { operation: 'batchAddMembers', method: 'POST', path: '/v1/cloudimages/members' },
  { operation: 'batchUpdateMembers', method: 'PUT', path: '/v1/cloudimages/members' },
  { operation: 'batchDeleteMembers', method: 'DELETE', path: '/v1/cloudimages/members' },
  { operation: 'listImageMembers', method: 'GET', path: '/v1/{project_id}/cloudimages/{image_id}/members' },
  { operation: 'copyImageInRegion', method: 'POST', path: '/v1/cloudimages/{image_id}/copy' },
  { operation: 'copyImageCrossRegion', method: 'POST', path: '/v1/cloudimages/{image_id}/cross_region_copy' },
  { operation: 'glanceCreateImageMetadata', method: 'POST', path: '/v2/images' },
  { operation: 'glanceCreateTag', method: 'PUT', path: '/v2/images/{image_id}/tags/{tag}' },
  { operation: 'glanceDeleteTag', method: 'DELETE', path: '/v2/images/{image_id}/tags/{tag}' },
  { operation: 'glanceAddImageMember', method: 'POST', path: '/v2/images/{image_id}/members' },
  { operation: 'glanceListImageMembers', method: 'GET', path: '/v2/images/{image_id}/members' },
  { operation: 'glanceDeleteImageMember', method: 'DELETE', path: '/v2/images/{image_id}/members/{member_id}' },
  { operation: 'glanceListImageSchemas', method: 'GET', path: '/v2/schemas/images' },
  { operation: 'glanceListImageMemberSchemas', method: 'GET', path: '/v2/schemas/members' },
];

/** IMS answers not-found with IMG.0020 for a backup, IMG.0005 for an ECS, IMG.0027 otherwise; 404 on Glance paths (rest-api.md §6). */
function notFound(route: Route, error: SimulationError): ApiError {
  if (route.path.startsWith('/v2/images')) return new ApiError(404, 'IMG.0027', error.message);
  const kind = error.details?.kind;
  const code = kind === 'backup' ? 'IMG.0020' : kind === 'server' ? 'IMG.0005' : 'IMG.0027';
  return new ApiError(400, code, error.message);
}

/** A refusal only one route answers its own way, kept as the library gives it elsewhere. */
const onRoute = (operations: readonly string[], code: string) => (error: SimulationError, route: Route): ApiError =>
  operations.includes(route.operation) ? new ApiError(400, code, error.message) : keepCode(error);

export const imsTable: ServiceTable = {
  service: 'ims',
  routes: imsRoutes,
  unserved: imsUnserved,
  translate: translator({
    // rules.md's pairs (I1, I3, I5) and §6's inference for I2: the CBR codes of a backup's refusal, as IMS names them.
    'BackupService.6208': 'IMG.0032',
    'BackupService.6207': 'IMG.0198',
    'BackupService.6209': 'IMG.0033',
    'BackupService.6210': 'IMG.0029',
    // I11: the backup of a full-ECS image deleted with it is still Creating [inference, §6].
    'BackupService.6216': onRoute(['glanceDeleteImage'], 'IMG.0176'),
    // C12 from an ECS: the vault holds its 256 resources already / is not a server backup vault.
    'BackupService.6100': onRoute(['createWholeImage'], 'IMG.0185'),
    'Sim.InvalidArgument:C12': 'IMG.0193',
    // Anything else the library finds wrong with an argument is a bad request, IMS's validation code.
    'Sim.InvalidArgument': 'IMG.0001',
  }, notFound),
};
