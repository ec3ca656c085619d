/**
 * JSON Schemas of ECS bodies and queries (rest-api.md §4). The levels cbr-sim models are closed
 * (`additionalProperties: false`, so an unknown or mistyped key answers Ecs.0005 naming it); every
 * other key the SDK's request models define is allowed as it is (the SDK is never refused for a
 * documented key).
 */
type Schema = Record<string, unknown>;

const anything: Schema = {};
const str = (min = 0, max = 255): Schema => ({ type: 'string', minLength: min, maxLength: max });
const id: Schema = str(1, 64);
const list = (items: Schema, max = 1000, min = 0): Schema => ({ type: 'array', items, minItems: min, maxItems: max });
const closed = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', additionalProperties: false, required, properties });

/** ECS names: 1 to 64 letters, digits, `_`, `-`, `.` (OTC-ECS creating_ecss.rst). */
const serverName: Schema = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' };

const rootVolume = closed({
  volumetype: str(1, 64), size: { type: 'integer', minimum: 1, maximum: 1024 },
  iops: anything, throughput: anything, 'hw:passthrough': anything, cluster_type: anything, cluster_id: anything, extendparam: anything, metadata: anything,
}, ['volumetype']);

const dataVolume = closed({
  volumetype: str(1, 64), size: { type: 'integer', minimum: 10, maximum: 32768 },
  iops: anything, throughput: anything, shareable: anything, multiattach: anything, 'hw:passthrough': anything, extendparam: anything,
  cluster_type: anything, cluster_id: anything, metadata: anything, data_image_id: anything, delete_on_termination: anything,
}, ['volumetype', 'size']);

const nic = closed({
  subnet_id: id, port_id: anything, ip_address: str(0, 64), ipv6_enable: anything, ipv6_bandwidth: anything, allowed_address_pairs: anything,
});

const serverTag = closed({ key: str(1, 36), value: str(0, 43) }, ['key']);

const server = closed({
  imageRef: id, flavorRef: id, name: serverName, vpcid: id, nics: list(nic, 12, 1), root_volume: rootVolume,
  data_volumes: list(dataVolume, 23), count: { type: 'integer' }, isAutoRename: { type: 'boolean' },
  availability_zone: str(1, 64), batch_create_in_multi_az: { type: 'boolean' },
  key_name: str(0, 64), adminPass: anything, user_data: anything, security_groups: list(closed({ id: anything }), 10),
  publicip: anything, server_tags: list(serverTag, 10), tags: list({ type: 'string' }, 10),
  metadata: { type: 'object', additionalProperties: { type: 'string', maxLength: 255 }, maxProperties: 20 },
  extendparam: anything, description: str(0, 85), auto_terminate_time: anything, 'os:scheduler_hints': anything,
  cpu_options: anything, security_options: anything, serial_console_options: anything, metadata_options: anything, enclave_options: anything,
}, ['imageRef', 'flavorRef', 'name', 'vpcid', 'nics', 'root_volume']);

/** createPostPaidServers and createServers: `{dry_run, server}`. */
export const createBody = closed({ dry_run: { type: 'boolean' }, server }, ['server']);

const serverRefs = list(closed({ id }, ['id']), 1000, 1);

export const deleteBody = closed({ servers: serverRefs, delete_publicip: { type: 'boolean' }, delete_volume: { type: 'boolean' } }, ['servers']);

/** POST …/cloudservers/action: start, stop, or (not served) reboot: exactly one of them. */
export const actionBody: Schema = {
  type: 'object', additionalProperties: false, minProperties: 1, maxProperties: 1,
  properties: {
    'os-start': closed({ servers: serverRefs }, ['servers']),
    'os-stop': closed({ servers: serverRefs, type: { enum: ['SOFT', 'HARD'] } }, ['servers']),
    reboot: anything,
  },
};

export const attachBody = closed({
  volumeAttachment: closed({ volumeId: id, device: str(0, 64), volume_type: anything, count: anything, 'hw:passthrough': anything }, ['volumeId']),
  dry_run: { type: 'boolean' },
}, ['volumeAttachment']);

export const detachQuery = closed({ delete_flag: { enum: ['0', '1'] } });

const digits = { type: 'string', pattern: '^[0-9]{1,9}$' };

/** listServersDetails: `offset` is a page number, `limit` 1–1000 (default 25). */
export const listQuery = closed({
  offset: digits, limit: digits, name: str(0, 255), status: str(1, 32), flavor: str(1, 64), ip: str(1, 64), tags: str(1, 255), 'not-tags': str(1, 255),
  reservation_id: str(1, 64), enterprise_project_id: str(1, 64), 'ip_eq': str(1, 64), server_id: str(1, 64), 'expect-fields': str(0, 255),
});

/** listCloudServers (v1.1): `marker` paging. */
export const listV11Query = closed({
  id: str(1, 64), name: str(0, 255), status: str(1, 32), image_id: str(1, 64), availability_zone: str(1, 64), limit: digits, marker: str(1, 64),
  flavor_name: str(1, 64), 'expect-fields': str(0, 255), enterprise_project_id: str(1, 64), ip_address: str(1, 64), tags: str(1, 255),
  'not-tags': str(1, 255), charging_mode: str(1, 16), ip_address_v6: str(1, 64), launched_since: str(1, 64), flavor_id: str(1, 64), instance_name: str(1, 64),
});

/** Nova's server action body: `{"os-start": null}`, `{"os-stop": null}` (others are not served). */
export const novaActionBody: Schema = { type: 'object', minProperties: 1, maxProperties: 1 };
