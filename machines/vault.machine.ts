/**
 * # Vault (CBR)
 *
 * Where backups are stored (C3: in OBS, out of the user's sight) and which resources are
 * protected. Three parallel regions:
 *
 * - **resources**: `belowLimit` or `atLimit`: a vault holds at most 256 servers or disks
 *   (`BackupService.6100`).
 * - **capacity**: `hasSpace` or `full`. A vault made with a capacity refuses a backup that would not
 *   fit (`BackupService.6114`, P10), also a scheduled one, which then makes no backup. With
 *   `autoExpand` (guard `needsExpansion`) a vault that would become full grows to 1.25 × its
 *   capacity instead, as often as it takes, up to the largest vault (P10). A vault that is already
 *   `full` when auto-expansion is enabled stays full (cloud-facts §5.5): only freeing space
 *   (`RELEASE`) or a larger `capacityGB` (`UPDATE`, guard `expandsCapacity`) leave `full`. The
 *   simulator's default vaults (made without a capacity) expand without limit and are never full;
 *   the real service has no default vault.
 * - **policy**: `none` or `applied`: at most one backup policy (C5), which then backs up and
 *   deletes automatically. A scheduled run leaves its outcome on the vault (`RUN_ENDED`, `lastRun`,
 *   P10). A hybrid vault takes no policy at all (guard `isHybrid`, `BackupService.6136`, V4): the
 *   schedule and the retention of VMware backups are eBackup's, on premises.
 * - **sync** (V1): `idle` or `syncing`. Only a hybrid vault (`resourceKind: 'vmware'`,
 *   `vault.hybrid.server.normal`) synchronises backups from on premises (`BackupService.7300`
 *   for any other), one sync at a time (`BackupService.7302`). `SYNC_START` carries the batch;
 *   after the named delay `syncRun` the vault emits `syncEnded` with it, and the world registers
 *   the copies as backups (born Available, V2) and ends the sync task (S2).
 */
import { assign, emit, setup } from 'xstate';
import { allow, allowAction, refuse, refuseAction } from './refusal.js';

export const MAX_VAULT_RESOURCES = 256;
/** The largest vault, in GB (cloud-facts §5.5). */
export const MAX_VAULT_GB = 10_485_760;

/** How a scheduled run of a policy went, for the vault's or the policy's record (P10). */
export type RunStatus = 'success' | 'partial' | 'failed' | 'skipped';

/** The outcome of a policy's last scheduled run over one vault (P10). */
export interface VaultRun {
  at: number;
  policyId: string;
  status: RunStatus;
  backupIds: string[];
  skippedIds: string[];
  failures: { resourceId: string; code: string }[];
  /** S1: the restore point the run made in this vault; null when it made no backup. */
  checkpointId?: string | null;
}

/** A vault that would become full grows to 1.25 × its capacity, as often as a reservation needs (P10). */
export function expandedCapacity(capacityGB: number, neededGB: number): number {
  let capacity = capacityGB;
  while (neededGB >= capacity && capacity < MAX_VAULT_GB) capacity = Math.min(MAX_VAULT_GB, Math.ceil(capacity * 1.25));
  return capacity;
}

/** The kinds of resource a vault protects: ECSs, EVS disks, or on-premises VMware VMs (hybrid, C10). */
export type VaultResourceKind = 'server' | 'disk' | 'vmware';

/** V1: one running synchronisation of a hybrid vault. */
export interface VaultSync {
  /** Its task (S2, `operationType: 'sync'`). */
  taskId: string;
  /** The local copies it registers when it ends. */
  copyIds: string[];
  /** `syncVault`: it also deletes the backups whose local copy expired. */
  wholeVault: boolean;
  /** How long it runs (ms). */
  ms: number;
  /** The copies that failed to import when it started (`BackupService.1006`), counted as errors. */
  failed: { copyId: string; code: string; message: string }[];
}

export interface VaultInput {
  id: string;
  name: string;
  createdAt: number;
  resourceKind: VaultResourceKind;
  capacityGB: number | null;
  autoExpand?: boolean;
}

export interface VaultContext extends VaultInput {
  autoExpand: boolean;
  resourceIds: string[];
  usedGB: number;
  policyId: string | null;
  lastRun: VaultRun | null;
  /** V1: the synchronisation running now; null when none is. */
  sync: VaultSync | null;
}

/** What the vault emits when a synchronisation ends (V1). */
export type VaultEmitted = { type: 'syncEnded'; vaultId: string; sync: VaultSync };

export type VaultEvent =
  | { type: 'ADD_RESOURCES'; ids: string[] }
  | { type: 'REMOVE_RESOURCES'; ids: string[] }
  | { type: 'RESERVE'; gb: number }
  | { type: 'RELEASE'; gb: number }
  | { type: 'APPLY_POLICY'; policyId: string }
  | { type: 'DISSOCIATE_POLICY' }
  | { type: 'UPDATE'; capacityGB?: number; autoExpand?: boolean; name?: string }
  | { type: 'RUN_ENDED'; run: VaultRun }
  | { type: 'SYNC_START'; sync: VaultSync }
  | { type: 'VAULT_DELETE' };

const added = (event: VaultEvent) => (event.type === 'ADD_RESOURCES' ? event.ids.length : 0);
const gb = (event: VaultEvent) => (event.type === 'RESERVE' || event.type === 'RELEASE' ? event.gb : 0);
// Sizes are tenths of a GB at most; rounding keeps sums of them exact.
const round = (n: number) => Math.round(n * 1000) / 1000;

export const vaultMachine = setup({
  types: {
    context: {} as VaultContext,
    events: {} as VaultEvent,
    input: {} as VaultInput,
    emitted: {} as VaultEmitted,
  },
  guards: {
    isHybrid: ({ context }) => context.resourceKind === 'vmware',
    cannotSync: ({ context }) => context.resourceKind !== 'vmware',
    exceedsResourceLimit: ({ context, event }) => context.resourceIds.length + added(event) > MAX_VAULT_RESOURCES,
    reachesResourceLimit: ({ context, event }) => context.resourceIds.length + added(event) === MAX_VAULT_RESOURCES,
    wouldOverflow: ({ context, event }) =>
      context.capacityGB !== null && context.usedGB + gb(event) > (context.autoExpand ? MAX_VAULT_GB : context.capacityGB),
    fillsVault: ({ context, event }) =>
      context.capacityGB !== null && context.usedGB + gb(event) === (context.autoExpand ? MAX_VAULT_GB : context.capacityGB),
    needsExpansion: ({ context, event }) => context.capacityGB !== null && context.autoExpand && context.usedGB + gb(event) >= context.capacityGB,
    expandsCapacity: ({ context, event }) =>
      event.type === 'UPDATE' && event.capacityGB !== undefined && context.capacityGB !== null && context.usedGB < event.capacityGB,
  },
  actions: {
    refuse: refuseAction,
    allow: allowAction,
    addResources: assign({
      resourceIds: ({ context, event }) => (event.type === 'ADD_RESOURCES' ? [...context.resourceIds, ...event.ids] : context.resourceIds),
    }),
    removeResources: assign({
      resourceIds: ({ context, event }) =>
        event.type === 'REMOVE_RESOURCES' ? context.resourceIds.filter((id) => !event.ids.includes(id)) : context.resourceIds,
    }),
    reserve: assign({ usedGB: ({ context, event }) => round(context.usedGB + gb(event)) }),
    expand: assign({
      capacityGB: ({ context, event }) =>
        context.capacityGB === null || !context.autoExpand ? context.capacityGB : expandedCapacity(context.capacityGB, round(context.usedGB + gb(event))),
    }),
    update: assign(({ context, event }) =>
      event.type === 'UPDATE'
        ? { capacityGB: event.capacityGB ?? context.capacityGB, autoExpand: event.autoExpand ?? context.autoExpand, name: event.name ?? context.name }
        : {},
    ),
    recordRun: assign({ lastRun: ({ context, event }) => (event.type === 'RUN_ENDED' ? event.run : context.lastRun) }),
    release: assign({ usedGB: ({ context, event }) => Math.max(0, round(context.usedGB - gb(event))) }),
    applyPolicy: assign({ policyId: ({ event }) => (event.type === 'APPLY_POLICY' ? event.policyId : null) }),
    dissociatePolicy: assign({ policyId: null }),
    startSync: assign({ sync: ({ context, event }) => (event.type === 'SYNC_START' ? event.sync : context.sync) }),
    endSync: emit(({ context }) => ({ type: 'syncEnded' as const, vaultId: context.id, sync: context.sync! })),
    clearSync: assign({ sync: null }),
  },
  delays: {
    syncRun: ({ context }) => context.sync?.ms ?? 0,
  },
}).createMachine({
  id: 'vault',
  type: 'parallel',
  context: ({ input }) => ({ ...input, autoExpand: input.autoExpand ?? false, resourceIds: [], usedGB: 0, policyId: null, lastRun: null, sync: null }),
  states: {
    resources: {
      meta: { console: { lane: 'Resources' } },
      initial: 'belowLimit',
      states: {
        belowLimit: {
          meta: { console: { label: `Fewer than ${MAX_VAULT_RESOURCES} resources` } },
          on: {
            ADD_RESOURCES: [
              { guard: 'exceedsResourceLimit', actions: refuse('BackupService.6100') },
              { guard: 'reachesResourceLimit', target: 'atLimit', actions: 'addResources' },
              { actions: 'addResources' },
            ],
            REMOVE_RESOURCES: { actions: 'removeResources' },
          },
        },
        atLimit: {
          meta: { console: { label: `${MAX_VAULT_RESOURCES} resources: full` } },
          on: {
            ADD_RESOURCES: { actions: refuse('BackupService.6100') },
            REMOVE_RESOURCES: { target: 'belowLimit', actions: 'removeResources' },
          },
        },
      },
    },
    capacity: {
      meta: { console: { lane: 'Capacity' } },
      initial: 'hasSpace',
      states: {
        hasSpace: {
          meta: { console: { label: 'Has space' } },
          on: {
            RESERVE: [
              { guard: 'wouldOverflow', actions: refuse('BackupService.6114', 'P10') },
              { guard: 'fillsVault', target: 'full', actions: ['expand', 'reserve'] },
              { guard: 'needsExpansion', actions: ['expand', 'reserve'] },
              { actions: 'reserve' },
            ],
            RELEASE: { actions: 'release' },
            UPDATE: { actions: 'update' },
          },
        },
        full: {
          meta: { rules: ['P10'], console: { label: 'Full' } },
          on: {
            RESERVE: { actions: refuse('BackupService.6114', 'P10') },
            RELEASE: { target: 'hasSpace', actions: 'release' },
            // Enabling auto-expansion now changes nothing (§5.5); only more capacity makes room.
            UPDATE: [{ guard: 'expandsCapacity', target: 'hasSpace', actions: 'update' }, { actions: 'update' }],
          },
        },
      },
    },
    policy: {
      meta: { console: { lane: 'Policy' } },
      initial: 'none',
      states: {
        none: {
          meta: { console: { label: 'No policy' } },
          on: {
            APPLY_POLICY: [
              { guard: 'isHybrid', actions: refuse('BackupService.6136', 'V4') },
              { target: 'applied', actions: 'applyPolicy' },
            ],
            DISSOCIATE_POLICY: { actions: refuse('Sim.InvalidState') },
          },
        },
        applied: {
          meta: { rules: ['C5'], console: { label: 'Policy applied' } },
          on: {
            APPLY_POLICY: { actions: refuse('Sim.InvalidState') },
            DISSOCIATE_POLICY: { target: 'none', actions: 'dissociatePolicy' },
            RUN_ENDED: { actions: 'recordRun' },
          },
        },
      },
    },
    sync: {
      meta: { console: { lane: 'Sync' } },
      initial: 'idle',
      states: {
        idle: {
          meta: { console: { label: 'Not syncing' } },
          on: {
            SYNC_START: [
              { guard: 'cannotSync', actions: refuse('BackupService.7300', 'V1') },
              { target: 'syncing', actions: 'startSync' },
            ],
            VAULT_DELETE: { actions: allow },
          },
        },
        syncing: {
          meta: { rules: ['V1', 'C10'], console: { label: 'Synchronising' } },
          // A vault is not deleted while it synchronises: its sync would be left without an end.
          on: { SYNC_START: { actions: refuse('BackupService.7302', 'V1') }, VAULT_DELETE: { actions: refuse('BackupService.7302', 'V1') } },
          after: { syncRun: { target: 'idle', actions: ['endSync', 'clearSync'] } },
        },
      },
    },
  },
});

export type VaultSnapshot = ReturnType<typeof vaultMachine.getInitialSnapshot>;
