/**
 * CBR backup policies (rest-api.md §2.2, cloud-facts §5): `createPolicy`, `updatePolicy`,
 * `deletePolicy` (dissociated from its vaults first). The schedule and retention rules are the
 * library's to check (P1, P2): a refusal names the rule, as `BackupService.9900`.
 */
import { ApiError } from '../errors.js';
import type { ApiRequest } from '../route.js';
import type { PolicyRecord } from '../../sim/records.js';
import { one, querySchema, recordOf } from './common.js';
import { policyBody } from './serialize.js';

interface OperationDefinition {
  max_backups?: number; retention_duration_days?: number;
  day_backups?: number; week_backups?: number; month_backups?: number; year_backups?: number; timezone?: string;
}

/** REST retention fields → the library's (-1 and 0 mean "no such rule" in both). */
function retention(d: OperationDefinition | undefined): Record<string, unknown> {
  if (!d) return {};
  const pairs: [keyof OperationDefinition, string][] = [
    ['max_backups', 'maxBackups'], ['retention_duration_days', 'retentionDays'], ['day_backups', 'dayBackups'],
    ['week_backups', 'weekBackups'], ['month_backups', 'monthBackups'], ['year_backups', 'yearBackups'],
  ];
  const out: Record<string, unknown> = {};
  for (const [rest, lib] of pairs) if (d[rest] !== undefined) out[lib] = d[rest];
  // An empty timezone is none (what the service answers for a policy without long-term rules).
  if (d.timezone !== undefined) out.timezone = d.timezone === '' ? null : d.timezone;
  // full_backup_interval, destination_region, destination_project_id, enable_acceleration: accepted, not modelled.
  return out;
}

interface PolicyIn { name?: string; operation_type?: string; enabled?: boolean; trigger?: { properties: { pattern: string[] } }; operation_definition?: OperationDefinition }

export async function createPolicy(req: ApiRequest) {
  const p = (req.body as { policy: PolicyIn }).policy;
  if (p.operation_type === 'replication') {
    throw new ApiError(501, 'Sim.NotImplemented', 'cbr-sim does not model replication policies (cross-region replication is not simulated); create a policy with operation_type "backup".');
  }
  const o = { name: p.name, pattern: p.trigger!.properties.pattern, ...(p.enabled === undefined ? {} : { enabled: p.enabled }), ...retention(p.operation_definition) };
  const policy = await req.perform('createPolicy', o) as PolicyRecord;
  return { status: 200, body: { policy: policyBody(policy) } };
}

export function listPolicies(req: ApiRequest) {
  const type = one(req, 'operation_type');
  const vaultId = one(req, 'vault_id');
  if (type !== undefined && type !== 'backup' && type !== 'replication') {
    throw new ApiError(400, 'BackupService.9900', `The query field operation_type must be "backup" or "replication"; got ${JSON.stringify(type.slice(0, 40))}.`);
  }
  // cbr-sim's policies are backup policies: a replication filter lists none.
  const policies = type === 'replication' ? [] : req.project.session.simulation.list('policy')
    .filter((p) => vaultId === undefined || p.vaultIds.includes(vaultId));
  return { status: 200, body: { policies: policies.map(policyBody), count: policies.length } };
}

export function showPolicy(req: ApiRequest) {
  return { status: 200, body: { policy: policyBody(recordOf(req, 'policy', req.params.policy_id!)) } };
}

export async function updatePolicy(req: ApiRequest) {
  const policy = recordOf(req, 'policy', req.params.policy_id!);
  const p = (req.body as { policy: PolicyIn }).policy;
  const changes: Record<string, unknown> = {
    ...(p.name === undefined ? {} : { name: p.name }),
    ...(p.enabled === undefined ? {} : { enabled: p.enabled }),
    ...(p.trigger === undefined ? {} : { pattern: p.trigger.properties.pattern }),
    ...retention(p.operation_definition),
  };
  const updated = Object.keys(changes).length > 0 ? await req.perform('updatePolicy', policy.id, changes) as PolicyRecord : policy;
  return { status: 200, body: { policy: policyBody(updated) } };
}

export async function deletePolicy(req: ApiRequest) {
  const policy = recordOf(req, 'policy', req.params.policy_id!);
  await req.perform('deletePolicy', policy.id);
  return { status: 204 };
}

export const listPoliciesQuery = querySchema(['operation_type', 'vault_id']);
