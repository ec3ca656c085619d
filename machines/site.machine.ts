/**
 * # On-premises site (eBackup, C10)
 *
 * A trainee's own datacenter: the VMware VMs it runs (see `vm.machine.ts`) and whether Huawei's
 * eBackup, the software that backs them up on premises, is installed there. CBR never reaches into
 * a site: eBackup makes local copies (`local-copy.machine.ts`) and uploads them, and CBR only sees
 * them once they are synchronised into a hybrid vault (V1).
 *
 * - **ebackup**: `notInstalled` ("No eBackup") until `INSTALL_EBACKUP` (`installEbackup`, made from
 *   the image template the CBR console offers) takes it to `installed` ("eBackup ready"). A VM of
 *   a site without eBackup cannot be backed up on premises (`BACKUP_VM`, `Sim.EbackupNotInstalled`,
 *   V1); installing it twice is refused (`Sim.InvalidState`).
 *
 * Sites and VMs have no API status of their own (eBackup's console is not CBR's); the words are
 * cbr-sim's.
 */
import { assign, setup } from 'xstate';
import { allow, allowAction, refuse, refuseAction } from './refusal.js';
import { statusReader } from './status.js';

export interface SiteInput {
  id: string;
  name: string;
  createdAt: number;
  /** Whether eBackup is installed when the site is made. */
  ebackup: boolean;
}

export interface SiteContext extends SiteInput {
  vmIds: string[];
}

export type SiteEvent =
  | { type: 'INSTALL_EBACKUP' }
  | { type: 'BACKUP_VM' }
  | { type: 'VM_ADDED'; vmId: string }
  | { type: 'VM_REMOVED'; vmId: string };

export const siteMachine = setup({
  types: {
    context: {} as SiteContext,
    events: {} as SiteEvent,
    input: {} as SiteInput,
  },
  guards: {
    ebackupGiven: ({ context }) => context.ebackup,
  },
  actions: {
    refuse: refuseAction,
    allow: allowAction,
    addVm: assign({ vmIds: ({ context, event }) => (event.type === 'VM_ADDED' ? [...context.vmIds, event.vmId] : context.vmIds) }),
    removeVm: assign({ vmIds: ({ context, event }) => context.vmIds.filter((id) => event.type !== 'VM_REMOVED' || id !== event.vmId) }),
    noteInstalled: assign({ ebackup: true }),
  },
}).createMachine({
  id: 'site',
  type: 'parallel',
  context: ({ input }) => ({ ...input, vmIds: [] }),
  on: {
    VM_ADDED: { actions: 'addVm' },
    VM_REMOVED: { actions: 'removeVm' },
  },
  states: {
    ebackup: {
      meta: { console: { lane: 'eBackup' } },
      initial: 'resolving',
      states: {
        resolving: { always: [{ guard: 'ebackupGiven', target: 'installed' }, { target: 'notInstalled' }] },
        notInstalled: {
          meta: { status: 'notInstalled', label: 'No eBackup', rules: ['V1'] },
          on: {
            INSTALL_EBACKUP: { target: 'installed', actions: 'noteInstalled' },
            BACKUP_VM: { actions: refuse('Sim.EbackupNotInstalled', 'V1') },
          },
        },
        installed: {
          meta: { status: 'ready', label: 'eBackup ready', rules: ['V1', 'C10'] },
          on: {
            INSTALL_EBACKUP: { actions: refuse('Sim.InvalidState') },
            BACKUP_VM: { actions: allow },
          },
        },
      },
    },
  },
});

export type SiteSnapshot = ReturnType<typeof siteMachine.getInitialSnapshot>;

export const siteStatus = statusReader(siteMachine, 'ebackup');
