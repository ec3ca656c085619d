/**
 * The JSON Schema of scenario files (`cbr-sim schema` prints it), generated from the verb table so
 * that the schema, the validator and the runner cannot disagree.
 */
import { STEP_KINDS, VERBS, type ParamSpec } from './verbs.js';
import { REALISTIC } from '../sim/timings.js';
import { TASK_OPERATIONS, TASK_STATUSES } from '../../machines/task.machine.js';
import { JOB_STATUSES } from '../../machines/job.machine.js';
import { MAX_DATA_DISKS, MAX_DEPTH, MAX_ENTRIES, MAX_NAMED_RESOURCES, MAX_SCENARIO_CHARS, MAX_SERVERS, MAX_STEPS, MAX_STRING_LENGTH } from './limits.js';

type Schema = Record<string, unknown>;

export const SCHEMA_ID = 'https://cbr-sim.dev/schema/scenario.json';
const NAME = '^[A-Za-z_][A-Za-z0-9_-]*$';
const REF = '^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_]+)*$';
const DURATION: Schema = {
  description: "milliseconds, or a number with a unit: '250ms', '90s', '10m', '1.5h', '30d'",
  oneOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: '^\\d+(\\.\\d+)?(ms|s|m|h|d)$' }],
};
const CODE_VALUE: Schema = { type: 'string', pattern: '^(BackupService|Ecs|IMG|Sim)\\.[A-Za-z0-9]+$' };
const CODE: Schema = { ...CODE_VALUE, description: 'the error code the command must be refused with' };
const countOrRefs: Schema = { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'array', items: { type: 'string', pattern: REF } }] };

function param(spec: ParamSpec): Schema {
  switch (spec.type) {
    case 'ref':
      return { type: 'string', pattern: REF, description: `the name (as: …) of a ${spec.kind}` };
    case 'refs':
      return { type: 'array', items: { type: 'string', pattern: REF }, description: `names of ${spec.kind}s` };
    case 'string':
      return { type: 'string', minLength: 1 };
    case 'integer':
      return { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'duration':
      return DURATION;
    case 'strings':
      return { type: 'array', items: { type: 'string' } };
    case 'integers':
      return { type: 'array', items: { type: 'integer' } };
    case 'object':
      return { type: 'object' };
    case 'enum':
      return { enum: [...spec.values] };
  }
}

/** The schema of a `do` (or, with `refuse`, an expected refusal) step for one verb. */
export function verbStepSchema(verb: string, refusal: boolean): Schema {
  const spec = VERBS[verb]!;
  const properties: Schema = { do: { const: verb } };
  if (refusal) properties.refuse = CODE;
  else if (spec.binds) properties.as = { type: 'string', pattern: NAME, description: spec.binds === 'many' ? 'name for the list of records (name.0, name.1 …)' : 'name for the new resource' };
  for (const [name, p] of Object.entries(spec.params)) properties[name] = param(p);
  const required = ['do', ...(refusal ? ['refuse'] : []), ...Object.entries(spec.params).filter(([, p]) => p.required).map(([n]) => n)];
  return { type: 'object', properties, required, additionalProperties: false };
}

const sizeRelation: Schema = {
  oneOf: [
    { type: 'number' },
    ...['lessThan', 'greaterThan', 'equals'].map((k) => ({ type: 'object', properties: { [k]: { type: 'string', pattern: REF } }, required: [k], additionalProperties: false })),
  ],
};

export const resourceExpectationSchema: Schema = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    label: { type: 'string' },
    imageable: { type: 'boolean' },
    azRestricted: { type: 'boolean' },
    autoTrigger: { type: 'boolean' },
    containsSystemDisk: { type: 'boolean' },
    az: { type: 'string' },
    imageKind: { enum: ['system-disk', 'data-disk', 'full-ecs'] },
    linkedTo: { oneOf: [{ type: 'string', pattern: REF }, { type: 'null' }] },
    sizeGB: sizeRelation,
    capacityGB: { oneOf: [{ type: 'number' }, { type: 'null' }] },
    usedGB: { type: 'number' },
    autoExpand: { type: 'boolean' },
    lastRun: { enum: ['success', 'partial', 'failed', 'skipped', null] },
    checkpoint: { type: 'string', pattern: REF, description: 'S1: a backup belongs to the restore point (checkpoint) of this name' },
    backups: { ...countOrRefs, description: "S1: a restore point's backups: how many, or the names of them (any order)" },
    skipped: { ...countOrRefs, description: 'S1: the servers or disks a restore point skipped (could not back up then): how many, or the names of them (any order)' },
    jobType: { type: 'string', minLength: 1, description: "S3: a job's type, e.g. imsCreateWholeImageByBackupJob, createServer, createVolume" },
    errorCode: { oneOf: [CODE_VALUE, { type: 'null' }], description: "S3: a job's error code, or null for none" },
    resourceType: { type: 'string', minLength: 1, description: "C10: a backup's resource type: OS::Nova::Server, OS::Cinder::Volume or OS::VMware::Server" },
    providerId: { type: 'string', minLength: 1, description: "C10: a backup's provider id (a synchronised VMware backup has VMware's, V2)" },
  },
  additionalProperties: false,
  minProperties: 1,
};

/** Keys of which a task or job expectation must give at least one (`count` and the like only qualify them). */
export const TASK_CRITERIA = ['resource', 'vault', 'backup', 'operationType', 'status', 'code'] as const;
export const JOB_CRITERIA = ['job', 'entity', 'jobType'] as const;
const atLeastOne = (keys: readonly string[]): Schema[] => keys.map((k) => ({ required: [k] }));

export const taskExpectationSchema: Schema = {
  type: 'object',
  description: `S2: at least one task of the log has every field given (with count: exactly that many). Give at least one of ${TASK_CRITERIA.join(', ')}.`,
  properties: {
    resource: { type: 'string', pattern: REF, description: 'the name of the server or disk the task works on' },
    vault: { type: 'string', pattern: REF, description: "the name of the vault it works in (a hybrid vault's sync task has no resource)" },
    backup: { type: 'string', pattern: REF, description: 'the name of the backup it makes, restores or deletes' },
    operationType: { enum: [...TASK_OPERATIONS] },
    status: { enum: [...TASK_STATUSES] },
    code: { oneOf: [CODE_VALUE, { type: 'null' }], description: "its errorInfo.code (a failed or skipped task's), or null for none" },
    ...Object.fromEntries((['syncBackupNum', 'deleteBackupNum', 'errSyncBackupNum'] as const).map((k) => [k, {
      type: 'integer', minimum: 0, description: `V1: a sync task's ${{ syncBackupNum: 'backups synchronised', deleteBackupNum: 'backups deleted', errSyncBackupNum: 'copies that failed to synchronise' }[k]}`,
    }])),
    count: { type: 'integer', minimum: 0, description: 'exactly this many tasks match (0: none does); without it, at least one' },
  },
  anyOf: atLeastOne(TASK_CRITERIA),
  additionalProperties: false,
};

export const jobExpectationSchema: Schema = {
  type: 'object',
  description: `S3: the job named job, or at least one job that made entity (and is of jobType), has every field given. Give at least one of ${JOB_CRITERIA.join(', ')}.`,
  properties: {
    job: { type: 'string', pattern: REF, description: 'the name of a job, e.g. img.job (the job that made the image img)' },
    entity: { type: 'string', pattern: REF, description: 'the name of the image, server or disk the job made (its entities)' },
    jobType: { type: 'string', minLength: 1, description: 'imsCreateWholeImageByBackupJob, imsNativeExportImageJob, createServer, createVolume…' },
    status: { enum: [...JOB_STATUSES] },
    errorCode: { oneOf: [CODE_VALUE, { type: 'null' }], description: 'its error_code, or null for none' },
    subJobs: {
      description: "an ECS batch's sub-jobs: how many, or how many are in each status, e.g. { SUCCESS: 2, FAIL: 1 }",
      oneOf: [
        { type: 'integer', minimum: 0 },
        { type: 'object', properties: Object.fromEntries(JOB_STATUSES.map((st) => [st, { type: 'integer', minimum: 0 }])), additionalProperties: false, minProperties: 1 },
      ],
    },
  },
  anyOf: atLeastOne(JOB_CRITERIA),
  additionalProperties: false,
};

const expectations: Schema = { type: 'object', propertyNames: { pattern: REF }, additionalProperties: resourceExpectationSchema, minProperties: 1 };

export const stepSchemas: Record<Exclude<(typeof STEP_KINDS)[number], 'do' | 'refuse'>, Schema> = {
  say: { type: 'object', properties: { say: { type: 'string', minLength: 1 } }, required: ['say'], additionalProperties: false },
  advance: {
    type: 'object',
    properties: {
      advance: {
        oneOf: [
          DURATION,
          { type: 'object', properties: { until: expectations, max: DURATION }, required: ['until'], additionalProperties: false },
        ],
      },
    },
    required: ['advance'],
    additionalProperties: false,
  },
  expect: { type: 'object', properties: { expect: expectations }, required: ['expect'], additionalProperties: false },
  expectCount: {
    type: 'object',
    properties: {
      expectCount: {
        type: 'object',
        properties: {
          kind: { enum: ['server', 'disk', 'vault', 'policy', 'backup', 'image', 'checkpoint', 'task', 'job'], description: 'checkpoint: restore points (S1), task: the CBR task log (S2), job: IMS, ECS and EVS jobs (S3)' },
          status: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          autoTrigger: { type: 'boolean', description: 'backups and restore points only: made by a policy (true) or by hand (false)' },
          includeDeleted: { type: 'boolean' },
          equals: { type: 'integer', minimum: 0 },
        },
        required: ['kind', 'equals'],
        additionalProperties: false,
      },
    },
    required: ['expectCount'],
    additionalProperties: false,
  },
  expectTask: { type: 'object', properties: { expectTask: taskExpectationSchema }, required: ['expectTask'], additionalProperties: false },
  expectJob: { type: 'object', properties: { expectJob: jobExpectationSchema }, required: ['expectJob'], additionalProperties: false },
};

const named = (extra: Schema, required: string[] = []): Schema => ({
  type: 'object',
  properties: { as: { type: 'string', pattern: NAME }, name: { type: 'string', minLength: 1 }, ...extra },
  required: ['as', ...required],
  additionalProperties: false,
});

const setupSchema: Schema = {
  type: 'object',
  properties: {
    seed: { type: 'integer', minimum: 0 },
    start: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$', description: 'ISO time, e.g. 2026-01-05T00:00:00Z' },
    profile: {
      description: "'instant' (the default: every job takes 1 ms), 'realistic', or timings in ms that override single realistic ones",
      oneOf: [
        { enum: ['realistic', 'instant'] },
        // Only the timings there are: a misspelt one is an unknown key, named with its line.
        { type: 'object', properties: Object.fromEntries(Object.keys(REALISTIC).map((k) => [k, { type: 'number', minimum: 0 }])), additionalProperties: false },
      ],
    },
    imageQuota: { type: 'integer', minimum: 0 },
    servers: {
      type: 'array',
      maxItems: MAX_SERVERS,
      items: named({
        os: { enum: ['linux', 'windows'] }, systemDiskGB: { type: 'integer' }, dataDisksGB: { type: 'array', items: { type: 'integer' }, maxItems: MAX_DATA_DISKS },
        initTool: { type: 'boolean' }, optimized: { type: 'boolean' }, az: { type: 'string' },
      }),
    },
    disks: { type: 'array', items: named({ sizeGB: { type: 'integer' }, az: { type: 'string' } }, ['sizeGB']) },
    vaults: {
      type: 'array',
      items: named({ kind: { enum: ['server', 'disk'] }, resources: { type: 'array', items: { type: 'string', pattern: REF } }, capacityGB: { type: 'integer' }, autoExpand: { type: 'boolean' } }, ['kind']),
    },
    policies: {
      type: 'array',
      items: named(
        {
          enabled: { type: 'boolean' }, pattern: { type: 'array', items: { type: 'string' }, minItems: 1 },
          maxBackups: { type: 'integer' }, retentionDays: { type: 'integer' }, dayBackups: { type: 'integer' }, weekBackups: { type: 'integer' },
          monthBackups: { type: 'integer' }, yearBackups: { type: 'integer' }, timezone: { type: 'string' },
          apply: { type: 'array', items: { type: 'string', pattern: REF } },
        },
        ['pattern'],
      ),
    },
  },
  additionalProperties: false,
};

/**
 * `schema` with the limits of `limits.ts` that JSON Schema can say: every list, map and string
 * without a bound of its own gets the general one.
 */
function bounded(schema: Schema): Schema {
  const out: Schema = { ...schema };
  if (schema.type === 'array') out.maxItems ??= MAX_ENTRIES;
  if (schema.type === 'object') out.maxProperties ??= MAX_ENTRIES;
  if (schema.type === 'string') out.maxLength ??= MAX_STRING_LENGTH;
  const sub = (s: unknown) => (typeof s === 'object' && s !== null ? bounded(s as Schema) : s);
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties as Schema).map(([k, s]) => [k, sub(s)]));
  if (schema.items) out.items = sub(schema.items);
  if (schema.additionalProperties) out.additionalProperties = sub(schema.additionalProperties);
  if (Array.isArray(schema.oneOf)) out.oneOf = schema.oneOf.map(sub);
  return out;
}

/** The whole schema, as `cbr-sim schema` prints it. */
export function scenarioSchema(): Schema {
  const verbs = Object.keys(VERBS);
  return bounded({
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'cbr-sim scenario',
    description:
      `A scenario: a setup and steps. Step kinds: ${STEP_KINDS.join(', ')}. ` +
      `Limits (maxItems and the like say the others): at most ${MAX_NAMED_RESOURCES} named resources (as: …) in all, ` +
      `${MAX_DEPTH} levels of nesting, ${MAX_SCENARIO_CHARS} characters of file.`,
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
      title: { type: 'string', minLength: 1 },
      narrative: { type: 'string', minLength: 1 },
      rules: { type: 'array', items: { type: 'string', pattern: '^[BICPRSV][0-9]+$' }, minItems: 1 },
      walkthrough: { type: 'boolean' },
      setup: setupSchema,
      steps: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_STEPS,
        items: {
          oneOf: [
            stepSchemas.say,
            stepSchemas.advance,
            stepSchemas.expect,
            stepSchemas.expectCount,
            stepSchemas.expectTask,
            stepSchemas.expectJob,
            ...verbs.map((v) => verbStepSchema(v, false)),
            ...verbs.map((v) => verbStepSchema(v, true)),
          ],
        },
      },
    },
    required: ['id', 'title', 'narrative', 'rules', 'steps'],
    additionalProperties: false,
  });
}
