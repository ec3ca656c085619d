/**
 * # VMware VM (on premises, C10)
 *
 * A VMware virtual machine of an on-premises site, on a given vSphere version, with its disks
 * (the first is its system disk). Three parallel regions:
 *
 * - **lifecycle**: `running` ("Running") until `DELETE` (`deleteVm`) ends it in the final
 *   `deleted`; its local copies and the backups synchronised from them stay (C3).
 * - **protection**: `idle` or `backingUp` while eBackup makes a local copy of it (V1). A backup
 *   needs a supported vSphere version (guard `versionUnsupported`, `Sim.VsphereVersionUnsupported`:
 *   the supported versions are the simulation's `vsphereVersions`), and one at a time
 *   (`BackupService.6125`, as for an ECS). `COPY_MADE` ends it.
 * - **vault**: the hybrid vault that protects it (`BackupService.6103` for a second one), which
 *   its copies are synchronised into (V1).
 */
import { assign, setup } from 'xstate';
import { refuse, refuseAction } from './refusal.js';
import { membershipRegion } from './protection.js';
import { statusReader } from './status.js';

/** One disk of a VMware VM: its id (`<vm id>-<n>`, the system disk first) and size. */
export interface VmDisk {
  id: string;
  sizeGB: number;
  systemDisk: boolean;
}

export interface VmInput {
  id: string;
  name: string;
  createdAt: number;
  siteId: string;
  os: 'linux' | 'windows';
  disks: VmDisk[];
  vsphereVersion: string;
  /** Whether the simulation's supported vSphere versions include this VM's (V1). */
  vsphereSupported: boolean;
}

export interface VmContext extends VmInput {
  vaultId: string | null;
}

export type VmEvent =
  | { type: 'BACKUP_START' }
  | { type: 'COPY_MADE' }
  | { type: 'DELETE' }
  | { type: 'ADD_TO_VAULT'; vaultId: string }
  | { type: 'REMOVE_FROM_VAULT' };

export const vmMachine = setup({
  types: {
    context: {} as VmContext,
    events: {} as VmEvent,
    input: {} as VmInput,
  },
  guards: {
    versionUnsupported: ({ context }) => !context.vsphereSupported,
    sameVault: ({ context, event }) => event.type === 'ADD_TO_VAULT' && event.vaultId === context.vaultId,
  },
  actions: {
    refuse: refuseAction,
    joinVault: assign({ vaultId: ({ event }) => (event.type === 'ADD_TO_VAULT' ? event.vaultId : null) }),
    leaveVault: assign({ vaultId: null }),
  },
}).createMachine({
  id: 'vm',
  type: 'parallel',
  context: ({ input }) => ({ ...input, vaultId: null }),
  states: {
    lifecycle: {
      meta: { console: { lane: 'Status' } },
      initial: 'running',
      states: {
        running: {
          meta: { status: 'running', label: 'Running' },
          on: { DELETE: 'deleted' },
        },
        deleted: {
          meta: { status: 'deleted', label: 'Deleted', rules: ['C3'] },
          type: 'final',
        },
      },
    },
    protection: {
      meta: { console: { lane: 'eBackup' } },
      initial: 'idle',
      states: {
        idle: {
          meta: { console: { label: 'Idle' } },
          on: {
            BACKUP_START: [
              { guard: 'versionUnsupported', actions: refuse('Sim.VsphereVersionUnsupported', 'V1') },
              { target: 'backingUp' },
            ],
          },
        },
        backingUp: {
          meta: { rules: ['V1'], console: { label: 'Backing up on premises' } },
          on: {
            BACKUP_START: { actions: refuse('BackupService.6125') },
            COPY_MADE: 'idle',
          },
        },
      },
    },
    vault: membershipRegion(),
  },
});

export type VmSnapshot = ReturnType<typeof vmMachine.getInitialSnapshot>;

export const vmStatus = statusReader(vmMachine, 'lifecycle');
