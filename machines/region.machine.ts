/**
 * # Region
 *
 * The account's view of one region: what is counted across resources. One region:
 *
 * - **images**: `belowQuota` or `atQuota`: private images count against a per-region quota
 *   (OTC default 50); one more is refused with `IMG.0015` (I12) until an image is deleted.
 */
import { assign, setup } from 'xstate';
import { refuse, refuseAction } from './refusal.js';

export interface RegionInput {
  name: string;
  imageQuota: number;
}

export interface RegionContext extends RegionInput {
  privateImages: number;
}

export type RegionEvent = { type: 'RESERVE_IMAGE' } | { type: 'RELEASE_IMAGE' };

export const regionMachine = setup({
  types: {
    context: {} as RegionContext,
    events: {} as RegionEvent,
    input: {} as RegionInput,
  },
  guards: {
    quotaReached: ({ context }) => context.privateImages >= context.imageQuota,
    takesLastImageSlot: ({ context }) => context.privateImages + 1 >= context.imageQuota,
  },
  actions: {
    refuse: refuseAction,
    countImage: assign({ privateImages: ({ context }) => context.privateImages + 1 }),
    uncountImage: assign({ privateImages: ({ context }) => Math.max(0, context.privateImages - 1) }),
  },
}).createMachine({
  id: 'region',
  context: ({ input }) => ({ ...input, privateImages: 0 }),
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
});

export type RegionSnapshot = ReturnType<typeof regionMachine.getInitialSnapshot>;
