/**
 * The JSON Schema of a save (`SavedSimulation`, version 1): every field, down to each resource's
 * persisted XState snapshot. A state value's schema is derived from the resource's own machine
 * (`MACHINES`): the states a live resource can rest in (neither final, where it is retired, nor
 * transient, left at once through `always`). Contexts follow the machines' context types.
 * The cross-references between the parts are checked after this, in `save-check.ts`.
 */
import type { AnyStateMachine } from 'xstate';
import { regionMachine } from '../../machines/region.machine.js';
import { MACHINES } from './world.js';
import { LATER_TIMINGS, REALISTIC } from './timings.js';
import { MAX_TIME } from './time.js';
import { GOLD_IMAGES } from './gold-images.js';
import type { ResourceKind } from './records.js';

type Schema = Record<string, unknown>;
interface Node {
  key: string;
  type: string;
  states: Record<string, Node>;
  always?: unknown[];
}

export const PREFIX: Record<ResourceKind, string> = {
  server: 'ecs', disk: 'evs', vault: 'vault', policy: 'pol', backup: 'bk', image: 'img', job: 'job', site: 'site', vm: 'vm', localCopy: 'copy',
};

const id: Schema = { type: 'string', pattern: '^(ecs|evs|vault|pol|bk|img|job|site|vm|copy)-[0-9a-f]{12}$' };
/** C10: a VMware VM's disk: its VM's id and its place (`vm-…-1`, the system disk first). */
const vmDiskId: Schema = { type: 'string', pattern: '^vm-[0-9a-f]{12}-[1-9][0-9]{0,3}$' };

/** S1, S2: a restore point's and a task's id. */
const checkpointId: Schema = { type: 'string', pattern: '^cp-[0-9a-f]{12}$' };
const checkpointIdOrNull: Schema = { anyOf: [checkpointId, { type: 'null' }] };
const idOrNull: Schema = { anyOf: [id, { type: 'null' }] };
/** A server's source image: a private image of the world, or a public image of the catalogue (`gold-images.ts`). */
const sourceImageId: Schema = { anyOf: [id, { enum: GOLD_IMAGES.map((g) => g.id) }, { type: 'null' }] };
/** R1: a child of a server backup: its parent's id and its place (`bk-…-1`, system disk first). */
const childBackupId: Schema = { type: 'string', pattern: '^bk-[0-9a-f]{12}-[1-9][0-9]{0,3}$' };
const ids = (maxItems: number): Schema => ({ type: 'array', maxItems, uniqueItems: true, items: id });
const time: Schema = { type: 'number', minimum: -MAX_TIME, maximum: MAX_TIME };
const timeOrNull: Schema = { anyOf: [time, { type: 'null' }] };
const ms: Schema = { type: 'number', minimum: 0, maximum: MAX_TIME };
const gb: Schema = { type: 'number', minimum: 0, maximum: 1e9 };
const gbOrNull: Schema = { anyOf: [gb, { type: 'null' }] };
const count: Schema = { type: 'integer', minimum: 0, maximum: 1e9 };
const name: Schema = { type: 'string', minLength: 1, maxLength: 128 };
const az: Schema = { type: 'string', minLength: 1, maxLength: 64 };
const bool: Schema = { type: 'boolean' };
const os: Schema = { enum: ['linux', 'windows'] };
const text = (maxLength: number): Schema => ({ type: 'string', maxLength });
const runStatus: Schema = { enum: ['success', 'partial', 'failed', 'skipped'] };

/** An object with exactly these properties, all required unless listed as optional. */
function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return { type: 'object', required: Object.keys(properties).filter((k) => !optional.includes(k)), properties, additionalProperties: false };
}

const vmDisks: Schema = { type: 'array', minItems: 1, maxItems: 60, items: object({ id: vmDiskId, sizeGB: gb, systemDisk: bool }) };

/** A fixed-length array, one schema per place. */
function tuple(...items: Schema[]): Schema {
  return { type: 'array', minItems: items.length, maxItems: items.length, items, additionalItems: false };
}

/**
 * Whether a live actor can rest in `node`: not final (it is retired there) nor transient (an
 * eventless transition without a guard always leaves it; a guarded one, such as `available`'s
 * expiry (P8), may not).
 */
function restsIn(node: Node): boolean {
  return node.type !== 'final' && !(node.always && node.always.some((t) => !(t as { guard?: unknown }).guard));
}

/** The schema of the state values a machine's resource can rest in, derived from its states. */
function valueSchema(node: Node): Schema {
  const children = Object.values(node.states).filter(restsIn);
  if (node.type === 'parallel') return object(Object.fromEntries(children.map((c) => [c.key, valueSchema(c)])));
  const atomic = children.filter((c) => c.type === 'atomic').map((c) => c.key);
  const nested = children.filter((c) => c.type !== 'atomic');
  const options: Schema[] = [];
  if (atomic.length > 0) options.push({ enum: atomic });
  for (const c of nested) options.push(object({ [c.key]: valueSchema(c) }));
  return options.length === 1 ? options[0]! : { anyOf: options };
}

function snapshot(machine: AnyStateMachine, context: Schema): Schema {
  return object({
    status: { const: 'active' },
    value: valueSchema(machine.root as unknown as Node),
    historyValue: { type: 'object', maxProperties: 0 },
    context,
    children: { type: 'object', maxProperties: 0 },
  });
}

const base = { id, name, createdAt: time };
const taskId: Schema = { type: 'string', pattern: '^task-[0-9a-f]{12}$' };
const retentionNumber: Schema = { anyOf: [{ type: 'integer', minimum: -1, maximum: 99999 }, { type: 'null' }] };

/** R2: while a server or disk restores, from which backup (or child) and until when. */
const restoreLock: Schema = { anyOf: [{ type: 'null' }, object({ backupId: { anyOf: [id, childBackupId] }, endsAt: time })] };

const CONTEXTS: Record<ResourceKind, Schema> = {
  server: object({
    ...base, os, initTool: bool, optimized: bool, az, systemDiskId: id, dataDiskIds: ids(256), sourceImageId,
    timing: object({ provisionMs: ms }), willFail: bool, vaultId: idOrNull, restore: restoreLock, jobId: idOrNull,
  }, ['restore', 'jobId']),
  disk: object({
    ...base, sizeGB: gb, az, role: { enum: ['system', 'data'] }, serverId: idOrNull, sourceBackupId: { anyOf: [id, childBackupId, { type: 'null' }] }, sourceImageId: idOrNull,
    timing: object({ createMs: ms, deleteMs: ms }), vaultId: idOrNull, restore: restoreLock, jobId: idOrNull,
  }, ['restore', 'jobId']),
  vault: object({
    ...base, resourceKind: { enum: ['server', 'disk', 'vmware'] }, capacityGB: gbOrNull, autoExpand: bool, resourceIds: ids(256), usedGB: gb, policyId: idOrNull,
    lastRun: { anyOf: [{ type: 'null' }, object({
      at: time, policyId: id, status: runStatus, backupIds: ids(256), skippedIds: ids(256),
      failures: { type: 'array', maxItems: 256, items: object({ resourceId: id, code: text(64) }) },
      checkpointId: checkpointIdOrNull,
    }, ['checkpointId'])] },
    // V1 came later: optional, so that earlier saves stay valid.
    sync: { anyOf: [{ type: 'null' }, object({
      taskId, copyIds: ids(10_000), wholeVault: bool, ms,
      failed: { type: 'array', maxItems: 10_000, items: object({ copyId: id, code: text(64), message: text(100_000) }) },
    })] },
  }, ['sync']),
  site: object({ ...base, ebackup: bool, vmIds: ids(100_000) }),
  vm: object({
    ...base, siteId: id, os, disks: vmDisks, vsphereVersion: text(64), vsphereSupported: bool, vaultId: idOrNull,
  }),
  localCopy: object({
    ...base, vmId: id, siteId: id, os, disks: vmDisks, sizeGB: gb, timing: object({ localBackupMs: ms, uploadMs: ms }), backupId: idOrNull,
  }),
  policy: object({
    ...base, enabled: bool, pattern: { type: 'array', minItems: 1, maxItems: 24, items: text(200) },
    retention: object({
      maxBackups: retentionNumber, retentionDays: retentionNumber, dayBackups: retentionNumber, weekBackups: retentionNumber,
      monthBackups: retentionNumber, yearBackups: retentionNumber, timezone: { anyOf: [text(20), { type: 'null' }] },
    }, ['maxBackups', 'retentionDays', 'dayBackups', 'weekBackups', 'monthBackups', 'yearBackups', 'timezone']),
    vaultIds: ids(1000), armedAt: time, nextRunAt: timeOrNull,
    lastRun: { anyOf: [{ type: 'null' }, object({
      at: time, status: runStatus, backups: count, skipped: count, failed: count, codes: { type: 'array', maxItems: 64, items: text(64) },
    })] },
  }),
  backup: object({
    ...base, resourceId: id, resourceKind: { enum: ['server', 'disk', 'vmware'] }, vaultId: id, az, sizeGB: gb, containsSystemDisk: bool,
    autoTrigger: bool, previousBackupId: idOrNull,
    server: { anyOf: [{ type: 'null' }, object({ os, initTool: bool, optimized: bool, systemDiskGB: gbOrNull, dataDisksGB: { type: 'array', maxItems: 256, items: gb } })] },
    timing: object({ snapshotPhaseMs: ms, dataTransferMs: ms, restoreMs: ms, deleteMs: ms }), willFail: bool, imageId: idOrNull,
    restore: { anyOf: [{ type: 'null' }, object({ targetId: id, willFail: bool, powerOn: bool, diskIds: ids(256) }, ['powerOn', 'diskIds'])] },
    children: { type: 'array', maxItems: 256, items: object({ id: childBackupId, diskId: { anyOf: [id, vmDiskId] }, sizeGB: gb, systemDisk: bool }) },
    systemDisk: bool,
    expiredAt: timeOrNull, expiryBatchAt: timeOrNull, heldByCount: bool, checkpointId: checkpointIdOrNull,
    copyId: idOrNull, members: { type: 'array', maxItems: 10, uniqueItems: true, items: text(64) },
  }, ['expiredAt', 'expiryBatchAt', 'heldByCount', 'children', 'systemDisk', 'checkpointId', 'copyId', 'members']),
  image: object({
    ...base, imageKind: { enum: ['system-disk', 'data-disk', 'full-ecs'] }, sizeGB: gb, backupId: idOrNull,
    backupStatus: { enum: ['none', 'creating', 'available'] }, az, os, initTool: bool, optimized: bool, systemDiskGB: gbOrNull,
    dataDisksGB: { type: 'array', maxItems: 256, items: gb }, timing: object({ imageJobMs: ms }), willFail: bool, provisioned: count, exports: count,
    jobId: idOrNull, description: text(1024),
  }, ['jobId', 'description']),
  job: object({
    id, createdAt: time, service: { enum: ['ims', 'ecs', 'evs'] }, jobType: text(64),
    entities: object({ imageId: id, imageName: name, serverIds: ids(100), diskId: id }, ['imageId', 'imageName', 'serverIds', 'diskId']),
    subJobs: { type: 'array', maxItems: 100, items: object({
      jobId: text(80), serverId: id, status: { enum: ['INIT', 'RUNNING', 'SUCCESS', 'FAIL'] }, beginAt: time, endAt: timeOrNull,
      errorCode: { anyOf: [text(64), { type: 'null' }] }, failReason: { anyOf: [text(2000), { type: 'null' }] },
    }) },
    timing: object({ jobMs: { anyOf: [ms, { type: 'null' }] } }),
    beginAt: time, endAt: timeOrNull, errorCode: { anyOf: [text(64), { type: 'null' }] }, failReason: { anyOf: [text(2000), { type: 'null' }] },
  }),
};

const resource: Schema = {
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: (Object.keys(MACHINES) as ResourceKind[]).map((kind) =>
    object({
      kind: { const: kind }, id, snapshot: snapshot(MACHINES[kind] as AnyStateMachine, CONTEXTS[kind]), phase: text(40),
      // Later than version 1's first saves: optional, so they stay valid.
      stamps: object({ changedAt: time, activeAt: time }, ['activeAt']),
    }, ['stamps'])),
};

const nullableText = (maxLength: number): Schema => ({ anyOf: [text(maxLength), { type: 'null' }] });
const errorInfo: Schema = { anyOf: [{ type: 'null' }, object({ code: text(64), message: text(100_000) })] };

/** S2: a task log entry (`TaskEntry`). */
const task: Schema = object({
  id: taskId, operationType: { enum: ['backup', 'restore', 'delete', 'vault_delete', 'remove_resource', 'sync'] },
  status: { enum: ['waiting', 'running', 'success', 'failed', 'skipped', 'timeout'] }, startedAt: time, endedAt: timeOrNull,
  plannedEndAt: timeOrNull, progressAtEnd: { anyOf: [{ type: 'integer', minimum: 0, maximum: 100 }, { type: 'null' }] }, errorInfo, waitingFor: count,
  resourceId: { anyOf: [id, vmDiskId, { type: 'null' }] }, resourceName: nullableText(128),
  resourceType: { enum: ['OS::Nova::Server', 'OS::Cinder::Volume', 'OS::VMware::Server', null] },
  backupId: { anyOf: [id, childBackupId, { type: 'null' }] }, backupName: nullableText(300), checkpointId: checkpointIdOrNull,
  policyId: idOrNull, vaultId: idOrNull, vaultName: nullableText(128), targetId: idOrNull,
  sync: { anyOf: [{ type: 'null' }, object({ syncBackupNum: count, deleteBackupNum: count, errSyncBackupNum: count })] },
}, ['sync']);

/** S1: a restore point (`CheckpointEntry`). */
const checkpoint: Schema = object({
  id: checkpointId, name, description: nullableText(255), vaultId: id, backupIds: ids(256),
  skipped: { type: 'array', maxItems: 256, items: object({ id, kind: { enum: ['server', 'disk'] }, name, code: text(64), reason: text(100_000) }) },
  createdAt: time, autoTrigger: bool, policyId: idOrNull,
  counts: object({ protecting: count, deleting: count, error: count, usable: count, gone: count }),
  status: { enum: ['protecting', 'available', 'error', 'deleting', 'deleted', 'error-deleting'] }, deletedAt: timeOrNull,
});

/** A journal record: its own fields checked; what it carries (args, results, events) is free JSON. */
const journalBase = { seq: { type: 'integer', minimum: 1 }, at: time, resourceId: { anyOf: [text(200), { type: 'null' }] } };
const record: Schema = {
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [
    object({ type: { const: 'command' }, ...journalBase, verb: text(64), args: { type: 'array' }, result: {} }),
    object({ type: { const: 'refusal' }, ...journalBase, verb: text(64), args: { type: 'array' }, code: text(64), message: text(100_000) }),
    object({ type: { const: 'event' }, ...journalBase, event: { type: 'object', required: ['type'], properties: { type: text(200) } }, source: { anyOf: [text(200), { type: 'null' }] } }),
    object({ type: { const: 'state' }, ...journalBase, kind: text(20), from: { anyOf: [text(40), { type: 'null' }] }, status: text(40), label: text(40), value: {} }),
    object({ type: { const: 'note' }, ...journalBase, note: text(40), message: text(100_000), details: { type: 'object' } }, ['details']),
    object({
      type: { const: 'request' }, ...journalBase, service: { enum: ['cbr', 'ims', 'ecs', 'evs'] }, operation: nullableText(100),
      method: text(16), path: text(300), status: { type: 'integer', minimum: 100, maximum: 599 }, code: nullableText(64), project: text(64),
    }),
  ],
};

const tombstoneRecord: Schema = {
  type: 'object',
  required: ['id', 'kind', 'name', 'status', 'label', 'createdAt'],
  properties: {
    id, kind: { enum: Object.keys(MACHINES) }, name, status: text(40), label: text(40), createdAt: text(40),
    // R1, R2: a backup's children and a server's or disk's restore lock are the only structured fields.
    children: { type: 'array', maxItems: 256, items: object({ id: childBackupId, diskId: { anyOf: [id, vmDiskId] }, sizeGB: gb, systemDisk: bool }) },
    restore: { anyOf: [{ type: 'null' }, object({ backupId: { anyOf: [id, childBackupId] }, endsAt: text(40) })] },
    // C10: a VM's and a local copy's disks.
    disks: vmDisks,
  },
  propertyNames: { pattern: '^[a-zA-Z]{1,40}$' },
  additionalProperties: { anyOf: [text(200), { type: 'number' }, bool, { type: 'null' }, { type: 'array', maxItems: 1000, items: { anyOf: [text(200), { type: 'number' }] } }] },
};

/** A tombstone's final state value: a state value's shape; `finalValueProblem` checks the rest. */
const finalValue: Schema = { anyOf: [text(100), { type: 'object', maxProperties: 32 }] };

export const SAVE_SCHEMA: Schema = object({
  format: { const: 'cbr-sim/save' },
  version: { const: 1 },
  options: object({
    seed: { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 },
    start: time,
    // A timing added later is optional: an earlier save takes the realistic one.
    timings: object(Object.fromEntries(Object.keys(REALISTIC).map((k) => [k, ms])), [...LATER_TIMINGS]),
    imageQuota: { type: 'integer', minimum: 0, maximum: 100_000 },
    tombstoneTtlMs: ms,
    journalLimit: { type: 'integer', minimum: 0, maximum: 100_000_000 },
    vsphereVersions: { type: 'array', maxItems: 100, items: text(64) },
  }, ['journalLimit', 'vsphereVersions']),
  clock: object({ now: time, nextSeq: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } }),
  idState: { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 },
  region: snapshot(regionMachine, object({ name: text(40), imageQuota: { type: 'integer', minimum: 0, maximum: 100_000 }, privateImages: count, policies: count })),
  resources: { type: 'array', items: resource },
  timers: {
    type: 'array',
    items: object({ owner: id, seq: { type: 'integer', minimum: 0 }, deadline: time, id: text(200), event: object({ type: text(200) }) }),
  },
  // The fourth place, a final state value (`Tombstone.value`), came later: optional, so older
  // saves stay valid. What it names is checked against the machine in `save-check.ts`.
  tombstones: { type: 'array', items: { ...tuple(id, tombstoneRecord, time, finalValue), minItems: 3 } },
  backupsByResource: { type: 'array', items: tuple(id, { type: 'array', minItems: 1, uniqueItems: true, items: id }) },
  pendingImages: { type: 'array', items: tuple(id, id) },
  defaultVaults: object({ server: id, disk: id }, ['server', 'disk']),
  failures: object({ backup: count, image: count, provision: count, restore: count, sync: count }, ['sync']),
  journal: object({ seq: { type: 'integer', minimum: 0 }, records: { type: 'array', items: record } }),
  // S1–S3 came later: optional, so that earlier saves stay valid (they had none).
  tasks: object({
    serial: count, entries: { type: 'array', items: task },
    running: { type: 'array', items: tuple({ type: 'string', pattern: '^(backup|restore|delete|vault_delete|remove_resource|sync):', maxLength: 80 }, taskId) },
  }),
  checkpoints: { type: 'array', items: checkpoint },
  jobSerial: count,
  jobOrder: { type: 'array', uniqueItems: true, items: id },
  deletionCauses: { type: 'array', items: tuple(id, object({ cause: { enum: ['hand', 'vault', 'sync'] }, vaultTaskId: taskId }, ['vaultTaskId'])) },
}, ['tasks', 'checkpoints', 'jobSerial', 'jobOrder', 'deletionCauses']);
