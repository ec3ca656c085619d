/**
 * JSON Schemas of EVS bodies and queries (rest-api.md §5, OTC-EVS "Creating EVS Disks", the SDK's
 * `CreateVolumeRequestBody`). The schemas check shape and types (a misfit is `EVS.1008`, naming the
 * field); the values EVS has codes of its own for (size `EVS.1010`, type `EVS.1020`, count
 * `EVS.1021`, name `EVS.1003`, AZ `EVS.1036`, list filters `EVS.1023`/`1024`/`1039`/`1040`) are
 * checked by the handlers, so that each answers its own code.
 */

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
/** `metadata` and `tags`: string maps (a tag key 1–36 characters, at most 10 tags). */
const stringMap = (maxProperties: number) => ({ type: 'object', maxProperties, additionalProperties: { type: 'string', maxLength: 255 } });

/** The disk types EVS documents (OTC-EVS; the SDK's GPSSD, GPSSD2, ESSD2 of Huawei Cloud besides). */
export const VOLUME_TYPES = ['SATA', 'SAS', 'SSD', 'GPSSD', 'ESSD', 'GPSSD2', 'ESSD2', 'co-p1', 'uh-l1'] as const;

/** `{volume, server_id?, bssParam?, scheduler_hints?}`: POST /v2 and /v2.1 …/cloudvolumes. */
export const createVolumeBody = {
  type: 'object',
  required: ['volume'],
  additionalProperties: false,
  properties: {
    volume: {
      type: 'object',
      required: ['availability_zone', 'volume_type'],
      additionalProperties: false,
      properties: {
        availability_zone: str,
        volume_type: str,
        // Whole numbers; "a decimal's number part is used" (OTC-EVS): the handler truncates.
        size: { type: 'number' },
        count: { type: 'number' },
        backup_id: strOrNull,
        snapshot_id: strOrNull,
        imageRef: strOrNull,
        name: str,
        description: str,
        metadata: stringMap(64),
        multiattach: { type: 'boolean' },
        shareable: str,
        tags: stringMap(10),
        // Documented keys cbr-sim accepts and does not model (dedicated storage, enterprise projects, QoS).
        enterprise_project_id: str,
        iops: { type: 'number' },
        throughput: { type: 'number' },
      },
    },
    server_id: str,
    bssParam: {
      type: 'object',
      additionalProperties: false,
      properties: {
        chargingMode: { enum: ['postPaid', 'prePaid'] },
        periodType: { enum: ['month', 'year'] },
        periodNum: { type: 'number' },
        isAutoRenew: { enum: ['true', 'false'] },
        isAutoPay: { enum: ['true', 'false'] },
      },
    },
    'OS-SCH-HNT:scheduler_hints': { type: 'object' },
  },
} as const;

const one = { type: 'string' } as const;
/** A query value as sent: one string, or an array when a key is repeated (rest-api.md §1.2). */
const oneOrMany = { anyOf: [one, { type: 'array', items: one }] } as const;

/** GET /v2/{project_id}/cloudvolumes/detail (and the Cinder twin): the keys the SDK sends. */
export const listVolumesQuery = {
  type: 'object',
  additionalProperties: oneOrMany,
  properties: {
    limit: one, offset: one, marker: one, name: one, status: one, availability_zone: one, server_id: one,
    ids: one, id: one, sort_key: one, sort_dir: one, metadata: one, multiattach: one,
  },
} as const;
