/**
 * IMS's request schemas (rest-api.md §3.1, §3.2): every documented key of each body, with its
 * bounds, so that a missing, unknown or mistyped field is `IMG.0001` naming it. Names are 1–64
 * characters: IMS documents 1–128, but cbr-sim's library names hold 64 [decision], and a longer
 * one is refused here, naming the field, rather than deeper with a library code.
 */

type Schema = Record<string, unknown>;

export const NAME: Schema = { type: 'string', minLength: 1, maxLength: 64 };
const ID: Schema = { type: 'string', minLength: 1, maxLength: 128 };
const DESCRIPTION: Schema = { type: 'string', maxLength: 1024 };
/** `tags: ["key.value"]` (IMS: at most 10 per image [decision: 10, the tag limit the API reference gives]). */
const TAGS: Schema = { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 256 } };
const IMAGE_TAGS: Schema = {
  type: 'array', maxItems: 10,
  items: {
    type: 'object', required: ['key'], additionalProperties: false,
    properties: { key: { type: 'string', minLength: 1, maxLength: 128 }, value: { type: 'string', maxLength: 255 } },
  },
};
const RAM: Schema = { type: 'integer', minimum: 0, maximum: 1_048_576 };
/** An OBS object: `bucket:file` (rest-api.md §3.1). */
export const OBS_URL: Schema = { type: 'string', minLength: 3, maxLength: 1024, pattern: '^[^:]+:.+$' };
const OS_TYPE: Schema = { enum: ['Linux', 'Windows'] };
const SHORT: Schema = { type: 'string', maxLength: 255 };

/** `POST /v1/cloudimages/wholeimages/action`: from a CBR backup or from an ECS (C12). */
export const WHOLE_IMAGE_BODY: Schema = {
  type: 'object', required: ['name'], additionalProperties: false,
  properties: {
    name: NAME, backup_id: ID, whole_image_type: { enum: ['CBR', 'CSBS'] }, instance_id: ID, vault_id: ID,
    description: DESCRIPTION, tags: TAGS, image_tags: IMAGE_TAGS, min_ram: RAM, max_ram: RAM, enterprise_project_id: SHORT,
  },
};

/** One entry of `data_images`: a data disk of an ECS (`volume_id`) or an image file (`image_url`). */
const DATA_IMAGE: Schema = {
  type: 'object', additionalProperties: false,
  properties: {
    name: NAME, volume_id: ID, description: DESCRIPTION, tags: TAGS, image_tags: IMAGE_TAGS,
    image_url: OBS_URL, min_disk: { type: 'integer', minimum: 1, maximum: 2048 }, is_quick_import: { type: 'boolean' },
  },
};

/** `POST /v2/cloudimages/action` (and `/v2.1/`): every variant of §3.1 in one body. */
export const CREATE_IMAGE_BODY: Schema = {
  type: 'object', additionalProperties: false,
  properties: {
    name: NAME, instance_id: ID, volume_id: ID, description: DESCRIPTION, tags: TAGS, image_tags: IMAGE_TAGS,
    min_ram: RAM, max_ram: RAM, enterprise_project_id: SHORT,
    // cbr-sim makes one data-disk image per request [decision]: one job, one image.
    data_images: { type: 'array', minItems: 1, maxItems: 1, items: DATA_IMAGE },
    image_url: OBS_URL, min_disk: { type: 'integer', minimum: 1, maximum: 1024 }, os_version: SHORT, os_type: OS_TYPE,
    is_config: { type: 'boolean' }, cmk_id: SHORT, type: { enum: ['ECS', 'BMS', 'FusionCompute', 'Ironic', 'IsoImage'] },
    is_quick_import: { type: 'boolean' }, hw_firmware_type: { enum: ['bios', 'uefi'] }, architecture: { enum: ['x86', 'arm'] },
  },
};

/** `POST /v1/cloudimages/dataimages/action` (C11). */
export const DATA_IMAGE_BODY: Schema = {
  type: 'object', required: ['name', 'image_url', 'min_disk'], additionalProperties: false,
  properties: {
    name: NAME, image_url: OBS_URL, min_disk: { type: 'integer', minimum: 1, maximum: 2048 }, os_type: OS_TYPE,
    description: DESCRIPTION, tags: TAGS, image_tags: IMAGE_TAGS, cmk_id: SHORT, enterprise_project_id: SHORT,
  },
};

/** `POST /v2/cloudimages/quickimport/action` (C6, C11). */
export const QUICK_IMPORT_BODY: Schema = {
  type: 'object', required: ['name', 'image_url', 'min_disk'], additionalProperties: false,
  properties: {
    name: NAME, image_url: OBS_URL, min_disk: { type: 'integer', minimum: 1, maximum: 2048 }, os_version: SHORT,
    type: { enum: ['ECS', 'BMS', 'DataImage'] }, architecture: { enum: ['x86', 'arm'] }, hw_firmware_type: { enum: ['bios', 'uefi'] },
    os_type: OS_TYPE, image_tags: IMAGE_TAGS, tags: TAGS, license_type: SHORT, description: DESCRIPTION,
  },
};

/** A JSON patch of an image (`PATCH /v2/cloudimages/{id}`, `/v2/images/{id}`): 1 to 20 operations. */
export const IMAGE_PATCH_BODY: Schema = {
  type: 'array', minItems: 1, maxItems: 20,
  items: {
    type: 'object', required: ['op', 'path'], additionalProperties: false,
    properties: { op: { enum: ['replace', 'add', 'remove'] }, path: { type: 'string', minLength: 2, maxLength: 128, pattern: '^/' }, value: {} },
  },
};

/** `DELETE /v2/images/{id}`: the optional `{delete_backup}` (a full-ECS image's backup, I11). */
export const DELETE_IMAGE_BODY: Schema = {
  type: 'object', additionalProperties: false, properties: { delete_backup: { type: 'boolean' } },
};

/** `POST /v1/cloudimages/{id}/file`: where to, and in which format (C9). */
export const EXPORT_IMAGE_BODY: Schema = {
  type: 'object', required: ['bucket_url'], additionalProperties: false,
  properties: { bucket_url: OBS_URL, file_format: { enum: ['qcow2', 'vhd', 'zvhd', 'vmdk'] }, is_quick_export: { type: 'boolean' } },
};

const QUERY_STRING: Schema = { type: 'string', maxLength: 256 };

/** The list queries (rest-api.md §3.2): every documented key, one value each; paging checked by the handler. */
export function listQuery(glance: boolean): Schema {
  const keys = [
    '__imagetype', 'status', 'name', 'id', 'owner', 'visibility', 'protected', 'min_disk', 'min_ram', 'disk_format', 'container_format',
    'tag', 'member_status', '__platform', '__os_type', '__os_bit', '__isregistered', 'enterprise_project_id', 'created_at', 'updated_at',
    'limit', 'marker', 'sort_key', 'sort_dir', '__support_kvm', '__support_xen', '__support_largememory', '__support_diskintensive',
    '__support_highperformance', '__support_xen_gpu_type', '__support_kvm_gpu_type', '__support_xen_hana', '__support_kvm_infiniband',
    'flavor_id', '__os_version', 'architecture',
    ...(glance ? [] : ['__whole_image', 'virtual_env_type']),
  ];
  return { type: 'object', additionalProperties: false, properties: Object.fromEntries(keys.map((k) => [k, QUERY_STRING])) };
}
