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
 *   P10).
 */
import { assign, setup } from 'xstate';
import { refuse, refuseAction } from './refusal.js';

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

export interface VaultInput {
  id: string;
  name: string;
  createdAt: number;
  resourceKind: 'server' | 'disk';
  capacityGB: number | null;
  autoExpand?: boolean;
}

export interface VaultContext extends VaultInput {
  autoExpand: boolean;
  resourceIds: string[];
  usedGB: number;
  policyId: string | null;
  lastRun: VaultRun | null;
}

export type VaultEvent =
  | { type: 'ADD_RESOURCES'; ids: string[] }
  | { type: 'REMOVE_RESOURCES'; ids: string[] }
  | { type: 'RESERVE'; gb: number }
  | { type: 'RELEASE'; gb: number }
  | { type: 'APPLY_POLICY'; policyId: string }
  | { type: 'DISSOCIATE_POLICY' }
  | { type: 'UPDATE'; capacityGB?: number; autoExpand?: boolean }
  | { type: 'RUN_ENDED'; run: VaultRun };

const added = (event: VaultEvent) => (event.type === 'ADD_RESOURCES' ? event.ids.length : 0);
const gb = (event: VaultEvent) => (event.type === 'RESERVE' || event.type === 'RELEASE' ? event.gb : 0);
// Sizes are tenths of a GB at most; rounding keeps sums of them exact.
const round = (n: number) => Math.round(n * 1000) / 1000;

export const vaultMachine = setup({
  types: {
    context: {} as VaultContext,
    events: {} as VaultEvent,
    input: {} as VaultInput,
  },
  guards: {
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
        ? { capacityGB: event.capacityGB ?? context.capacityGB, autoExpand: event.autoExpand ?? context.autoExpand }
        : {},
    ),
    recordRun: assign({ lastRun: ({ context, event }) => (event.type === 'RUN_ENDED' ? event.run : context.lastRun) }),
    release: assign({ usedGB: ({ context, event }) => Math.max(0, round(context.usedGB - gb(event))) }),
    applyPolicy: assign({ policyId: ({ event }) => (event.type === 'APPLY_POLICY' ? event.policyId : null) }),
    dissociatePolicy: assign({ policyId: null }),
  },
}).createMachine({
  id: 'vault',
  type: 'parallel',
  context: ({ input }) => ({ ...input, autoExpand: input.autoExpand ?? false, resourceIds: [], usedGB: 0, policyId: null, lastRun: null }),
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
            APPLY_POLICY: { target: 'applied', actions: 'applyPolicy' },
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
  },
});

export type VaultSnapshot = ReturnType<typeof vaultMachine.getInitialSnapshot>;
