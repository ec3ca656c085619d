/**
 * # Region
 *
 * The account's view of one region: what is counted across resources. Two parallel regions:
 *
 * - **images**: `belowQuota` or `atQuota`: private images count against a per-region quota
 *   (OTC default 50); one more is refused with `IMG.0015` (I12) until an image is deleted.
 * - **policies**: `belowLimit` or `atLimit`: an account has at most 32 backup policies; the 33rd is
 *   refused with `BackupService.6001` (P10) until one is deleted (`deletePolicy`).
 */
import { assign, setup } from 'xstate';
import { refuse, refuseAction } from './refusal.js';

/** P10: backup policies per account (cloud-facts §5.4). */
export const MAX_POLICIES = 32;

export interface RegionInput {
  name: string;
  imageQuota: number;
}

export interface RegionContext extends RegionInput {
  privateImages: number;
  policies: number;
}

export type RegionEvent =
  | { type: 'RESERVE_IMAGE' }
  | { type: 'RELEASE_IMAGE' }
  | { type: 'CREATE_POLICY' }
  | { type: 'DELETE_POLICY' };

export const regionMachine = setup({
  types: {
    context: {} as RegionContext,
    events: {} as RegionEvent,
    input: {} as RegionInput,
  },
  guards: {
    quotaReached: ({ context }) => context.privateImages >= context.imageQuota,
    takesLastImageSlot: ({ context }) => context.privateImages + 1 >= context.imageQuota,
    takesLastPolicySlot: ({ context }) => context.policies + 1 >= MAX_POLICIES,
  },
  actions: {
    refuse: refuseAction,
    countImage: assign({ privateImages: ({ context }) => context.privateImages + 1 }),
    uncountImage: assign({ privateImages: ({ context }) => Math.max(0, context.privateImages - 1) }),
    countPolicy: assign({ policies: ({ context }) => context.policies + 1 }),
    uncountPolicy: assign({ policies: ({ context }) => Math.max(0, context.policies - 1) }),
  },
}).createMachine({
  id: 'region',
  type: 'parallel',
  context: ({ input }) => ({ ...input, privateImages: 0, policies: 0 }),
  states: {
    images: {
      initial: 'belowQuota',
      states: {
        belowQuota: {
          on: {
            RESERVE_IMAGE: [
              { guard: 'quotaReached', actions: refuse('IMG.0015', 'I12') },
              { guard: 'takesLastImageSlot', target: 'atQuota', actions: 'countImage' },
              { actions: 'countImage' },
            ],
            RELEASE_IMAGE: { actions: 'uncountImage' },
          },
        },
        atQuota: {
          meta: { rules: ['I12'] },
          on: {
            RESERVE_IMAGE: { actions: refuse('IMG.0015', 'I12') },
            RELEASE_IMAGE: { target: 'belowQuota', actions: 'uncountImage' },
          },
        },
      },
    },
    policies: {
      initial: 'belowLimit',
      states: {
        belowLimit: {
          on: {
            CREATE_POLICY: [{ guard: 'takesLastPolicySlot', target: 'atLimit', actions: 'countPolicy' }, { actions: 'countPolicy' }],
            DELETE_POLICY: { actions: 'uncountPolicy' },
          },
        },
        atLimit: {
          meta: { rules: ['P10'] },
          on: {
            CREATE_POLICY: { actions: refuse('BackupService.6001', 'P10') },
            DELETE_POLICY: { target: 'belowLimit', actions: 'uncountPolicy' },
          },
        },
      },
    },
  },
});

export type RegionSnapshot = ReturnType<typeof regionMachine.getInitialSnapshot>;
