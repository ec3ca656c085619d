/**
 * JSON Schemas of CBR's request bodies (rest-api.md §2; OTC-CBR API reference; the SDK's request
 * models for keys the OTC reference lacks). Each level modelled is `additionalProperties: false`,
 * so an unknown key is named in the 400 `BackupService.9900`; every key the SDK sends is allowed,
 * even those cbr-sim gives no meaning (they are accepted and have no effect: said per key).
 */

const id = { type: 'string', minLength: 1, maxLength: 128 } as const;
const name64 = { type: 'string', minLength: 1, maxLength: 64 } as const;
const description = { type: 'string', maxLength: 255 } as const;
const tags = {
  type: 'array', maxItems: 20,
  items: { type: 'object', required: ['key'], additionalProperties: false, properties: { key: { type: 'string', minLength: 1, maxLength: 36 }, value: { type: 'string', maxLength: 43 } } },
} as const;
const bindRules = { type: 'object', additionalProperties: false, properties: { tags } } as const;
const count = { type: 'integer' } as const;

const RESOURCE_TYPE_NAMES = ['OS::Nova::Server', 'OS::Cinder::Volume', 'OS::VMware::Server'] as const;

/** `ResourceCreate`: a server or disk to put in a vault. */
const resourceCreate = {
  type: 'object', required: ['id', 'type'], additionalProperties: false,
  properties: {
    id,
    type: { enum: RESOURCE_TYPE_NAMES },
    name: { type: 'string', maxLength: 255 },
    extra_info: {
      type: 'object', additionalProperties: false,
      properties: { exclude_volumes: { type: 'array', items: id }, include_volumes: { type: 'array', items: { type: 'object' } } },
    },
  },
} as const;

export const createVaultBody = {
  type: 'object', required: ['vault'], additionalProperties: false,
  properties: {
    vault: {
      type: 'object', required: ['name', 'billing', 'resources'], additionalProperties: false,
      properties: {
        name: name64,
        billing: {
          type: 'object', required: ['consistent_level', 'object_type', 'protect_type', 'size'], additionalProperties: false,
          properties: {
            consistent_level: { enum: ['crash_consistent', 'app_consistent'] },
            object_type: { enum: ['server', 'disk', 'turbo', 'workspace', 'vmware', 'rds', 'file'] },
            protect_type: { enum: ['backup', 'replication', 'hybrid'] },
            size: { type: 'integer', minimum: 10, maximum: 10_485_760 },
            charging_mode: { enum: ['post_paid', 'pre_paid'] },
            cloud_type: { enum: ['public', 'hybrid'] },
            is_auto_renew: { type: 'boolean' },
            is_auto_pay: { type: 'boolean' },
            period_type: { enum: ['year', 'month'] },
            period_num: { type: 'integer' },
            console_url: { type: 'string', maxLength: 1024 },
            extra_info: { type: 'object' },
            is_multi_az: { type: 'boolean' },
          },
        },
        resources: { type: 'array', items: resourceCreate },
        backup_policy_id: id,
        description,
        tags,
        enterprise_project_id: { type: 'string', maxLength: 64 },
        auto_bind: { type: 'boolean' },
        bind_rules: bindRules,
        auto_expand: { type: 'boolean' },
        smn_notify: { type: 'boolean' },
        threshold: { type: 'integer', minimum: 1, maximum: 100 },
        locked: { type: 'boolean' },
        sys_lock_source_service: { type: 'string', maxLength: 64 },
        demand_billing: { type: 'boolean' },
        is_multi_az: { type: 'boolean' },
      },
    },
  },
} as const;

export const updateVaultBody = {
  type: 'object', required: ['vault'], additionalProperties: false,
  properties: {
    vault: {
      type: 'object', additionalProperties: false,
      properties: {
        name: name64,
        billing: { type: 'object', additionalProperties: false, properties: { size: { type: 'integer', minimum: 10, maximum: 10_485_760 } } },
        auto_bind: { type: 'boolean' },
        bind_rules: bindRules,
        auto_expand: { type: 'boolean' },
        smn_notify: { type: 'boolean' },
        threshold: { type: 'integer', minimum: 1, maximum: 100 },
        locked: { type: 'boolean' },
      },
    },
  },
} as const;

export const addResourcesBody = {
  type: 'object', required: ['resources'], additionalProperties: false,
  properties: { resources: { type: 'array', minItems: 1, items: resourceCreate } },
} as const;

export const removeResourcesBody = {
  type: 'object', required: ['resource_ids'], additionalProperties: false,
  properties: { resource_ids: { type: 'array', minItems: 1, maxItems: 256, items: id } },
} as const;

export const associatePolicyBody = {
  type: 'object', required: ['policy_id'], additionalProperties: false,
  properties: { policy_id: id, destination_vault_id: id, add_policy_ids: { type: 'array', items: id } },
} as const;

export const dissociatePolicyBody = {
  type: 'object', required: ['policy_id'], additionalProperties: false,
  properties: { policy_id: id },
} as const;

const operationDefinition = {
  type: 'object', additionalProperties: false,
  properties: {
    max_backups: count, retention_duration_days: count,
    day_backups: count, week_backups: count, month_backups: count, year_backups: count,
    timezone: { type: 'string', maxLength: 16 },
    full_backup_interval: count,
    destination_region: { type: 'string', maxLength: 64 },
    destination_project_id: { type: 'string', maxLength: 64 },
    enable_acceleration: { type: 'boolean' },
  },
} as const;

const trigger = {
  type: 'object', required: ['properties'], additionalProperties: false,
  properties: {
    properties: {
      type: 'object', required: ['pattern'], additionalProperties: false,
      properties: { pattern: { type: 'array', minItems: 1, maxItems: 24, items: { type: 'string', minLength: 1, maxLength: 256 } } },
    },
  },
} as const;

/** Policy names: 1–64 letters, digits, `_` and `-` (rest-api.md §2.2). */
const policyName = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;

export const createPolicyBody = {
  type: 'object', required: ['policy'], additionalProperties: false,
  properties: {
    policy: {
      type: 'object', required: ['name', 'operation_type', 'trigger', 'operation_definition'], additionalProperties: false,
      properties: {
        name: policyName,
        operation_type: { enum: ['backup', 'replication'] },
        trigger,
        operation_definition: operationDefinition,
        enabled: { type: 'boolean' },
      },
    },
  },
} as const;

export const updatePolicyBody = {
  type: 'object', required: ['policy'], additionalProperties: false,
  properties: {
    policy: {
      type: 'object', additionalProperties: false,
      properties: { name: policyName, enabled: { type: 'boolean' }, trigger, operation_definition: operationDefinition },
    },
  },
} as const;

/** Checkpoint names: 1–64 letters, digits, `_` and `-` (rest-api.md §2.3). */
export const createCheckpointBody = {
  type: 'object', required: ['checkpoint'], additionalProperties: false,
  properties: {
    checkpoint: {
      type: 'object', required: ['vault_id'], additionalProperties: false,
      properties: {
        vault_id: id,
        parameters: {
          type: 'object', additionalProperties: false,
          properties: {
            name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
            description,
            incremental: { type: 'boolean' },
            auto_trigger: { type: 'boolean' },
            resources: { type: 'array', maxItems: 256, items: id },
            resource_details: { type: 'array', maxItems: 256, items: resourceCreate },
            policy_id: id,
          },
        },
      },
    },
  },
} as const;

export const updateBackupBody = {
  type: 'object', required: ['backup'], additionalProperties: false,
  properties: { backup: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: name64 } } },
} as const;

export const restoreBody = {
  type: 'object', required: ['restore'], additionalProperties: false,
  properties: {
    restore: {
      type: 'object', additionalProperties: false,
      properties: {
        server_id: id,
        volume_id: id,
        resource_id: id,
        power_on: { type: 'boolean' },
        mappings: {
          type: 'array', minItems: 1, maxItems: 64,
          items: { type: 'object', required: ['backup_id', 'volume_id'], additionalProperties: false, properties: { backup_id: id, volume_id: id } },
        },
        details: { type: 'object' },
      },
    },
  },
} as const;
