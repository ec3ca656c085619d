/**
 * The commands a scenario step can `do`: the public API's verbs, with named parameters. A `ref`
 * parameter takes a name the scenario bound with `as`; the runner turns it into the id.
 */
import type { Simulation } from '../sim/simulation.js';
import type { ResourceKind } from '../sim/records.js';

/** What a reference names: a kind of resource (a job too), a restore point, a task, or a server or disk (`resource`). */
export type RefKind = ResourceKind | 'checkpoint' | 'task' | 'resource';

export type ParamSpec =
  | { type: 'ref'; kind: RefKind; required?: boolean }
  | { type: 'refs'; kind: RefKind; required?: boolean }
  | { type: 'string' | 'integer' | 'boolean' | 'duration' | 'strings' | 'integers' | 'object'; required?: boolean }
  | { type: 'enum'; values: readonly string[]; required?: boolean };

export interface VerbSpec {
  params: Record<string, ParamSpec>;
  /** What `as` binds: the returned record, a list of records, or nothing (no `as`). */
  binds: 'one' | 'many' | null;
  run: (sim: Simulation, a: Record<string, any>) => unknown;
}

const req = <T extends ParamSpec>(spec: T): T => ({ ...spec, required: true });
const ref = (kind: RefKind) => ({ type: 'ref', kind }) as const;
const refs = (kind: RefKind) => ({ type: 'refs', kind }) as const;
const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;

/** Only the keys that were given, so the API sees exactly what the scenario wrote. */
function given(a: Record<string, unknown>, ...keys: string[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (a[k] !== undefined) out[k] = a[k];
  return Object.keys(out).length ? out : undefined;
}

const RETENTION = {
  maxBackups: int, retentionDays: int, dayBackups: int, weekBackups: int, monthBackups: int, yearBackups: int, timezone: str,
} as const;

export const VERBS: Record<string, VerbSpec> = {
  createServer: {
    params: {
      // os and systemDiskGB make an empty server; a public image's id (imageId) gives both.
      name: req(str), os: { type: 'enum', values: ['linux', 'windows'] }, systemDiskGB: int,
      dataDisksGB: { type: 'integers' }, initTool: bool, optimized: bool, az: str, imageId: str,
    },
    binds: 'one',
    run: (sim, a) => sim.createServer(given(a, 'name', 'os', 'systemDiskGB', 'dataDisksGB', 'initTool', 'optimized', 'az', 'imageId') as never),
  },
  createDisk: {
    params: { name: req(str), sizeGB: req(int), az: str },
    binds: 'one',
    run: (sim, a) => sim.createDisk(given(a, 'name', 'sizeGB', 'az') as never),
  },
  attachDisk: { params: { disk: req(ref('disk')), server: req(ref('server')) }, binds: null, run: (sim, a) => sim.attachDisk(a.disk, a.server) },
  detachDisk: { params: { disk: req(ref('disk')) }, binds: null, run: (sim, a) => sim.detachDisk(a.disk) },
  stopServer: { params: { server: req(ref('server')) }, binds: null, run: (sim, a) => sim.stopServer(a.server) },
  startServer: { params: { server: req(ref('server')) }, binds: null, run: (sim, a) => sim.startServer(a.server) },
  updateServer: {
    params: { server: req(ref('server')), initTool: bool, optimized: bool },
    binds: null,
    run: (sim, a) => sim.updateServer(a.server, given(a, 'initTool', 'optimized') ?? {}),
  },
  deleteServer: { params: { server: req(ref('server')) }, binds: null, run: (sim, a) => sim.deleteServer(a.server) },
  deleteDisk: { params: { disk: req(ref('disk')) }, binds: null, run: (sim, a) => sim.deleteDisk(a.disk) },
  createVault: {
    params: { name: req(str), kind: req({ type: 'enum', values: ['server', 'disk', 'vmware'] }), resources: refs('resource'), capacityGB: int, autoExpand: bool },
    binds: 'one',
    run: (sim, a) => sim.createVault({ name: a.name, kind: a.kind, ...(a.resources ? { resourceIds: a.resources } : {}), ...given(a, 'capacityGB', 'autoExpand') }),
  },
  updateVault: {
    params: { vault: req(ref('vault')), capacityGB: int, autoExpand: bool, name: str },
    binds: null,
    run: (sim, a) => sim.updateVault(a.vault, given(a, 'capacityGB', 'autoExpand', 'name') ?? {}),
  },
  addVaultResources: { params: { vault: req(ref('vault')), resources: req(refs('resource')) }, binds: null, run: (sim, a) => sim.addVaultResources(a.vault, a.resources) },
  removeVaultResources: { params: { vault: req(ref('vault')), resources: req(refs('resource')) }, binds: null, run: (sim, a) => sim.removeVaultResources(a.vault, a.resources) },
  deleteVault: { params: { vault: req(ref('vault')) }, binds: null, run: (sim, a) => sim.deleteVault(a.vault) },
  createPolicy: {
    params: { name: req(str), pattern: req({ type: 'strings' }), enabled: bool, ...RETENTION },
    binds: 'one',
    run: (sim, a) => sim.createPolicy(given(a, 'name', 'pattern', 'enabled', ...Object.keys(RETENTION)) as never),
  },
  updatePolicy: { params: { policy: req(ref('policy')), changes: req({ type: 'object' }) }, binds: null, run: (sim, a) => sim.updatePolicy(a.policy, a.changes) },
  deletePolicy: { params: { policy: req(ref('policy')) }, binds: null, run: (sim, a) => sim.deletePolicy(a.policy) },
  applyPolicy: { params: { policy: req(ref('policy')), vault: req(ref('vault')) }, binds: null, run: (sim, a) => sim.applyPolicy(a.policy, a.vault) },
  dissociatePolicy: { params: { vault: req(ref('vault')) }, binds: null, run: (sim, a) => sim.dissociatePolicy(a.vault) },
  backupServer: {
    params: { server: req(ref('server')), name: str, excludeDisks: refs('disk') },
    binds: 'one',
    run: (sim, a) => sim.backupServer(a.server, { ...given(a, 'name'), ...(a.excludeDisks ? { excludeDiskIds: a.excludeDisks } : {}) }),
  },
  backupVault: {
    params: { vault: req(ref('vault')), resources: refs('resource'), name: str, description: str },
    binds: 'one',
    run: (sim, a) => sim.backupVault(a.vault, { ...(a.resources ? { resourceIds: a.resources } : {}), ...given(a, 'name', 'description') }),
  },
  backupDisk: { params: { disk: req(ref('disk')), name: str }, binds: 'one', run: (sim, a) => sim.backupDisk(a.disk, given(a, 'name')) },
  restoreBackup: {
    params: { backup: req(ref('backup')), target: ref('resource') },
    binds: null,
    run: (sim, a) => sim.restoreBackup(a.backup, a.target ? { targetId: a.target } : undefined),
  },
  createDiskFromBackup: { params: { backup: req(ref('backup')), name: req(str) }, binds: 'one', run: (sim, a) => sim.createDiskFromBackup(a.backup, { name: a.name }) },
  updateBackup: { params: { backup: req(ref('backup')), name: req(str) }, binds: null, run: (sim, a) => sim.updateBackup(a.backup, { name: a.name }) },
  deleteBackup: { params: { backup: req(ref('backup')) }, binds: null, run: (sim, a) => sim.deleteBackup(a.backup) },
  createImageFromBackup: { params: { backup: req(ref('backup')), name: req(str) }, binds: 'one', run: (sim, a) => sim.createImageFromBackup(a.backup, { name: a.name }) },
  createImageFromServer: {
    params: { server: req(ref('server')), name: req(str), kind: req({ type: 'enum', values: ['system-disk', 'full-ecs'] }) },
    binds: 'one',
    run: (sim, a) => sim.createImageFromServer(a.server, { name: a.name, kind: a.kind }),
  },
  createImageFromDisk: { params: { disk: req(ref('disk')), name: req(str) }, binds: 'one', run: (sim, a) => sim.createImageFromDisk(a.disk, { name: a.name }) },
  importImage: {
    params: { name: req(str), kind: req({ type: 'enum', values: ['system-disk', 'data-disk'] }), sizeGB: req(int), os: { type: 'enum', values: ['linux', 'windows'] }, az: str },
    binds: 'one',
    run: (sim, a) => sim.importImage(given(a, 'name', 'kind', 'sizeGB', 'os', 'az') as never),
  },
  exportImage: { params: { image: req(ref('image')) }, binds: null, run: (sim, a) => sim.exportImage(a.image) },
  createDiskFromImage: { params: { image: req(ref('image')), name: req(str) }, binds: 'one', run: (sim, a) => sim.createDiskFromImage(a.image, { name: a.name }) },
  provisionServers: {
    params: { image: req(ref('image')), count: req(int), namePrefix: str, az: str },
    binds: 'many',
    run: (sim, a) => sim.provisionServers(a.image, given(a, 'count', 'namePrefix', 'az') as never),
  },
  deleteImage: {
    params: { image: req(ref('image')), deleteBackup: bool },
    binds: null,
    run: (sim, a) => sim.deleteImage(a.image, given(a, 'deleteBackup')),
  },
  shareBackup: { params: { backup: req(ref('backup')), projects: req({ type: 'strings' }) }, binds: null, run: (sim, a) => sim.shareBackup(a.backup, { projectIds: a.projects }) },
  exportBackup: { params: { backup: req(ref('backup')) }, binds: null, run: (sim, a) => sim.exportBackup(a.backup) },
  // C10: on premises (eBackup) and hybrid vaults.
  createSite: { params: { name: req(str), ebackup: bool }, binds: 'one', run: (sim, a) => sim.createSite(given(a, 'name', 'ebackup') as never) },
  installEbackup: { params: { site: req(ref('site')) }, binds: null, run: (sim, a) => sim.installEbackup(a.site) },
  createVm: {
    params: { site: req(ref('site')), name: req(str), os: req({ type: 'enum', values: ['linux', 'windows'] }), disksGB: req({ type: 'integers' }), vsphereVersion: str },
    binds: 'one',
    run: (sim, a) => sim.createVm(a.site, given(a, 'name', 'os', 'disksGB', 'vsphereVersion') as never),
  },
  deleteVm: { params: { vm: req(ref('vm')) }, binds: null, run: (sim, a) => sim.deleteVm(a.vm) },
  backupVmOnPrem: { params: { vm: req(ref('vm')), name: str }, binds: 'one', run: (sim, a) => sim.backupVmOnPrem(a.vm, given(a, 'name')) },
  expireLocalCopy: { params: { copy: req(ref('localCopy')) }, binds: null, run: (sim, a) => sim.expireLocalCopy(a.copy) },
  syncBackups: { params: { vault: req(ref('vault')), copies: req(refs('localCopy')) }, binds: 'one', run: (sim, a) => sim.syncBackups(a.vault, { copyIds: a.copies }) },
  syncVault: { params: { vault: req(ref('vault')) }, binds: 'one', run: (sim, a) => sim.syncVault(a.vault) },
  failNext: {
    params: { operation: req({ type: 'enum', values: ['backup', 'image', 'provision', 'restore', 'sync'] }), count: int },
    binds: null,
    run: (sim, a) => sim.failNext(a.operation, a.count ?? 1),
  },
};

export const STEP_KINDS = ['say', 'do', 'refuse', 'advance', 'expect', 'expectCount', 'expectTask', 'expectJob'] as const;
