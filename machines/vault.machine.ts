/**
 * # Vault (CBR)
 *
 * Where backups are stored (C3: in OBS, out of the user's sight) and which resources are
 * protected. Three parallel regions:
 *
 * - **resources**: `belowLimit` or `atLimit`: a vault holds at most 256 servers or disks
 *   (`BackupService.6100`).
 * - **capacity**: `hasSpace` or `full`. A vault made with a capacity refuses a backup that would not
 *   fit (`BackupService.6114`); a vault made without one expands automatically and is never full.
 * - **policy**: `none` or `applied`: at most one backup policy (C5), which then backs up and
 *   deletes automatically.
 */
import { assign, setup } from 'xstate';
import { refuse, refuseAction } from './refusal.js';

export const MAX_VAULT_RESOURCES = 256;

export interface VaultInput {
  id: string;
  name: string;
  createdAt: number;
  resourceKind: 'server' | 'disk';
  capacityGB: number | null;
}

export interface VaultContext extends VaultInput {
  resourceIds: string[];
  usedGB: number;
  policyId: string | null;
}

export type VaultEvent =
  | { type: 'ADD_RESOURCES'; ids: string[] }
  | { type: 'REMOVE_RESOURCES'; ids: string[] }
  | { type: 'RESERVE'; gb: number }
  | { type: 'RELEASE'; gb: number }
  | { type: 'APPLY_POLICY'; policyId: string }
  | { type: 'DISSOCIATE_POLICY' };

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
    wouldOverflow: ({ context, event }) => context.capacityGB !== null && context.usedGB + gb(event) > context.capacityGB,
    fillsVault: ({ context, event }) => context.capacityGB !== null && context.usedGB + gb(event) === context.capacityGB,
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
    release: assign({ usedGB: ({ context, event }) => Math.max(0, round(context.usedGB - gb(event))) }),
    applyPolicy: assign({ policyId: ({ event }) => (event.type === 'APPLY_POLICY' ? event.policyId : null) }),
    dissociatePolicy: assign({ policyId: null }),
  },
}).createMachine({
  id: 'vault',
  type: 'parallel',
  context: ({ input }) => ({ ...input, resourceIds: [], usedGB: 0, policyId: null }),
  states: {
    resources: {
      initial: 'belowLimit',
      states: {
        belowLimit: {
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
          on: {
            ADD_RESOURCES: { actions: refuse('BackupService.6100') },
            REMOVE_RESOURCES: { target: 'belowLimit', actions: 'removeResources' },
          },
        },
      },
    },
    capacity: {
      initial: 'hasSpace',
      states: {
        hasSpace: {
          on: {
            RESERVE: [
              { guard: 'wouldOverflow', actions: refuse('BackupService.6114') },
              { guard: 'fillsVault', target: 'full', actions: 'reserve' },
              { actions: 'reserve' },
            ],
            RELEASE: { actions: 'release' },
          },
        },
        full: {
          on: {
            RESERVE: { actions: refuse('BackupService.6114') },
            RELEASE: { target: 'hasSpace', actions: 'release' },
          },
        },
      },
    },
    policy: {
      initial: 'none',
      states: {
        none: {
          on: {
            APPLY_POLICY: { target: 'applied', actions: 'applyPolicy' },
            DISSOCIATE_POLICY: { actions: refuse('Sim.InvalidState') },
          },
        },
        applied: {
          meta: { rules: ['C5'] },
          on: {
            APPLY_POLICY: { actions: refuse('Sim.InvalidState') },
            DISSOCIATE_POLICY: { target: 'none', actions: 'dissociatePolicy' },
          },
        },
      },
    },
  },
});

export type VaultSnapshot = ReturnType<typeof vaultMachine.getInitialSnapshot>;
