/**
 * CBR protectables (rest-api.md §2.5): the servers and disks a vault could protect (an id that is
 * none answers 404 `Sim.NotFound`: the service documents no code for it), each with
 * `protectable.result` and, for one already in a vault, that vault (`BackupService.6103`, the
 * refusal addresources would give) [inference: the SDK's `ProtectableResult.vault`].
 */
import { ApiError } from '../errors.js';
import type { ApiRequest } from '../route.js';
import type { DiskRecord, ServerRecord, SimRecord } from '../../sim/records.js';
import { INVALID, findRecord, one, page, querySchema } from './common.js';
import { BackupIndex, sizeOf } from './resources.js';
import { vaultBody } from './serialize.js';

/** The protectable types of the SDK (cloud-facts §1.4); cbr-sim has servers and disks only. */
const TYPES = ['server', 'disk', 'turbo', 'workspace', 'workspace_v2'];

function protectableType(req: ApiRequest): 'server' | 'disk' | null {
  const t = req.params.protectable_type!;
  if (!TYPES.includes(t)) throw new ApiError(400, INVALID, `The path's protectable_type must be one of ${TYPES.join(', ')}; got ${JSON.stringify(t.slice(0, 40))}.`);
  return t === 'server' || t === 'disk' ? t : null;
}

/** ECS and EVS statuses as a protectable's `active`, `deleted` or `error`. */
function instanceStatus(r: ServerRecord | DiskRecord): string {
  if (r.status === 'ERROR' || r.status === 'error') return 'error';
  if (r.status === 'DELETED' || r.status === 'deleted') return 'deleted';
  return 'active';
}

function instance(req: ApiRequest, r: ServerRecord | DiskRecord, index: BackupIndex): Record<string, unknown> {
  const vault = r.vaultId ? findRecord(req, r.vaultId) : null;
  const held = vault?.kind === 'vault';
  const disks = r.kind === 'server'
    ? [r.systemDiskId, ...r.dataDiskIds].map((id) => findRecord(req, id)).filter((d): d is DiskRecord => d?.kind === 'disk')
    : [];
  return {
    id: r.id,
    name: r.name,
    type: r.kind === 'server' ? 'OS::Nova::Server' : 'OS::Cinder::Volume',
    size: sizeOf(req, r),
    status: instanceStatus(r),
    detail: {},
    children: disks.map((d) => instance(req, d, index)),
    protectable: held
      ? { result: false, code: 'BackupService.6103', reason: `It is already in vault ${vault.name} (${vault.id}).`, message: 'The resource is already associated with a vault; remove it from that vault first (removeresources).', vault: vaultBody(req, vault, index) }
      : { result: true, code: '', reason: '', message: '' },
  };
}

const LIST_KEYS = ['limit', 'marker', 'name', 'offset', 'status', 'id', 'server_id'];

export function listProtectable(req: ApiRequest) {
  const type = protectableType(req);
  const name = one(req, 'name');
  const status = one(req, 'status');
  const id = one(req, 'id');
  const serverId = one(req, 'server_id');
  const sim = req.project.session.simulation;
  const records: (ServerRecord | DiskRecord)[] = type === null ? [] : sim.list(type);
  const index = BackupIndex.of(req);
  const rows = records.filter((r) =>
    (name === undefined || r.name.includes(name)) &&
    (id === undefined || r.id === id) &&
    (serverId === undefined || (r.kind === 'disk' ? r.serverId === serverId : r.id === serverId)) &&
    (status === undefined || instanceStatus(r) === status));
  const p = page(req, rows, { marker: true });
  return { status: 200, body: { instances: p.items.map((r) => instance(req, r, index)) } };
}

export function showProtectable(req: ApiRequest) {
  const type = protectableType(req);
  const id = req.params.instance_id!;
  const r: SimRecord | null = findRecord(req, id);
  if (!type || !r || r.kind !== type || instanceStatus(r) === 'deleted') {
    throw new ApiError(404, 'Sim.NotFound', `No ${req.params.protectable_type} has id ${JSON.stringify(id.slice(0, 80))}; GET /v3/{project_id}/protectables/${req.params.protectable_type}/instances lists them.`);
  }
  return { status: 200, body: { instance: instance(req, r, BackupIndex.of(req)) } };
}

export const listProtectableQuery = querySchema(LIST_KEYS);
