/**
 * The VMware VM chart (C10): its lifecycle (deleting it leaves its copies and backups, C3), its
 * on-premises backups (a supported vSphere version, one at a time: V1, 6125) and the one hybrid
 * vault that protects it (6103).
 */
import { describe, expect, it } from 'vitest';
import { getInitialSnapshot } from 'xstate';
import { vmMachine, vmStatus, type VmInput, type VmSnapshot } from '../../machines/vm.machine.js';
import {
  MONDAY,
  declaredTargets,
  drive,
  ignored,
  itHasARowForEveryDeclaredRefusal,
  moves,
  outwardReach,
  refused,
  respond,
  runTable,
  statusNodes,
  type Row,
} from './support.js';

function input(over: Partial<VmInput> = {}): VmInput {
  return {
    id: 'vm-1',
    name: 'erp-db',
    createdAt: MONDAY,
    siteId: 'site-1',
    os: 'linux',
    disks: [
      { id: 'vm-1-1', sizeGB: 40, systemDisk: true },
      { id: 'vm-1-2', sizeGB: 100, systemDisk: false },
    ],
    vsphereVersion: '7.0',
    vsphereSupported: true,
    ...over,
  };
}

/** A VM on a vSphere version the simulation does not support (V1). */
const OLD_VSPHERE: Partial<VmInput> = { vsphereVersion: '5.5', vsphereSupported: false };

const vm = (over: Partial<VmInput> = {}): VmSnapshot => getInitialSnapshot(vmMachine, input(over));
const backingUp = (s: VmSnapshot) => drive(vmMachine, s, { type: 'BACKUP_START' });
const deleted = (s: VmSnapshot) => drive(vmMachine, s, { type: 'DELETE' });
const inVault = (s: VmSnapshot, vaultId = 'vault-h1') => drive(vmMachine, s, { type: 'ADD_TO_VAULT', vaultId });

const covered = new Set<string>();
const cover = (keys: Set<string>) => keys.forEach((k) => covered.add(k));

describe('VM lifecycle', () => {
  it('starts Running, idle, in no vault, with its disks (the system disk first)', () => {
    const s = vm();
    expect(s.value).toEqual({ lifecycle: 'running', protection: 'idle', vault: 'unprotected' });
    expect(s.context).toMatchObject({ vaultId: null, vsphereVersion: '7.0', siteId: 'site-1' });
    expect(s.context.disks.map((d) => d.systemDisk)).toEqual([true, false]);
  });

  const rows: Row<typeof vmMachine>[] = [
    ['a Running VM', vm(), { type: 'DELETE' }, moves('deleted')],
    ['a Running VM being backed up on premises', backingUp(vm()), { type: 'DELETE' }, moves('deleted')],
    ['a Running VM in a hybrid vault', inVault(vm()), { type: 'DELETE' }, moves('deleted')],
    ['a deleted VM', deleted(vm()), { type: 'DELETE' }, ignored],
  ];
  cover(runTable(vmMachine, rows, 'lifecycle'));

  it('ends in a final Deleted state', () => {
    expect(vmMachine.getStateNodeById('vm.lifecycle.deleted').type).toBe('final');
    expect(deleted(inVault(vm())).value).toEqual({ lifecycle: 'deleted', protection: 'idle', vault: 'inVault' });
  });
});

describe('VM protection: eBackup backs it up on premises (V1)', () => {
  const rows: Row<typeof vmMachine>[] = [
    ['an idle VM on a supported vSphere version', vm(), { type: 'BACKUP_START' }, moves('backingUp')],
    ['an idle VM in a hybrid vault', inVault(vm()), { type: 'BACKUP_START' }, moves('backingUp')],
    ['an idle VM on an unsupported vSphere version (V1)', vm(OLD_VSPHERE), { type: 'BACKUP_START' }, refused('Sim.VsphereVersionUnsupported', 'V1')],
    ['a VM being backed up on premises (one at a time)', backingUp(vm()), { type: 'BACKUP_START' }, refused('BackupService.6125')],
    ['a VM being backed up, when eBackup has made its local copy', backingUp(vm()), { type: 'COPY_MADE' }, moves('idle')],
    ['an idle VM, when a local copy is made', vm(), { type: 'COPY_MADE' }, ignored],
  ];
  cover(runTable(vmMachine, rows, 'protection'));

  it('may be backed up again once its local copy is made', () => {
    const again = respond(vmMachine, drive(vmMachine, backingUp(vm()), { type: 'COPY_MADE' }), { type: 'BACKUP_START' });
    expect(again.refusal).toBeUndefined();
    expect(again.snapshot.value).toMatchObject({ protection: 'backingUp' });
  });

  it('names V1 on its backingUp state, and labels both protection states for the console', () => {
    expect(vmMachine.getStateNodeById('vm.protection.backingUp').meta).toEqual({ rules: ['V1'], console: { label: 'Backing up on premises' } });
    expect(vmMachine.getStateNodeById('vm.protection.idle').meta).toEqual({ console: { label: 'Idle' } });
  });
});

describe('VM vault membership: one hybrid vault per VM', () => {
  const rows: Row<typeof vmMachine>[] = [
    ['a VM in no vault', vm(), { type: 'ADD_TO_VAULT', vaultId: 'vault-h1' }, moves('inVault')],
    ['a VM in vault-h1, added to vault-h2 (one vault per resource)', inVault(vm()), { type: 'ADD_TO_VAULT', vaultId: 'vault-h2' }, refused('BackupService.6103')],
    ['a VM in vault-h1, added to vault-h1 again', inVault(vm()), { type: 'ADD_TO_VAULT', vaultId: 'vault-h1' }, refused('Sim.InvalidArgument')],
    ['a VM in a vault', inVault(vm()), { type: 'REMOVE_FROM_VAULT' }, moves('unprotected')],
    ['a VM in no vault', vm(), { type: 'REMOVE_FROM_VAULT' }, ignored],
  ];
  cover(runTable(vmMachine, rows, 'vault'));

  it('records the vault it joined and forgets it when removed', () => {
    const s = inVault(vm(), 'vault-h3');
    expect(s.context.vaultId).toBe('vault-h3');
    expect(drive(vmMachine, s, { type: 'REMOVE_FROM_VAULT' }).context.vaultId).toBeNull();
  });
});

describe('vmStatus: the status and label of its lifecycle', () => {
  const cases: Array<[string, VmSnapshot, string, string]> = [
    ['a Running VM', vm(), 'running', 'Running'],
    ['a Running VM being backed up (the backup is not its status)', backingUp(inVault(vm())), 'running', 'Running'],
    ['a deleted VM', deleted(vm()), 'deleted', 'Deleted'],
  ];
  for (const [what, s, status, label] of cases) {
    it(`shows ${what} as status ${status}, label "${label}"`, () => expect(vmStatus(s)).toEqual({ status, label }));
  }

  it('declares a status on its two lifecycle states only, naming C3 on Deleted', () => {
    expect(statusNodes(vmMachine)).toEqual([
      { id: 'vm.lifecycle.running', status: 'running', label: 'Running' },
      { id: 'vm.lifecycle.deleted', status: 'deleted', label: 'Deleted' },
    ]);
    expect(vmMachine.getStateNodeById('vm.lifecycle.deleted').meta).toMatchObject({ rules: ['C3'] });
  });
});

describe('VM refusals', () => {
  itHasARowForEveryDeclaredRefusal(vmMachine, covered);
});

describe('deleting a VM leaves its local copies and their backups (C3)', () => {
  it('has no transition, action or actor that reaches outside the VM chart', () => {
    expect(outwardReach(vmMachine)).toEqual([]);
  });

  it('declares its DELETE transition without any action', () => {
    const deletes = declaredTargets(vmMachine).filter((t) => t.event === 'DELETE');
    expect(deletes.map((t) => `${t.source} → ${t.target.id}`)).toEqual(['vm.lifecycle.running → vm.lifecycle.deleted']);
    for (const t of vmMachine.getStateNodeById('vm.lifecycle.running').transitions.get('DELETE') ?? []) expect(t.actions).toEqual([]);
  });

  it('produces no action when a VM in a vault, being backed up, is deleted', () => {
    const r = respond(vmMachine, backingUp(inVault(vm())), { type: 'DELETE' });
    expect(r.actions).toEqual([]);
    expect(r.snapshot.context.vaultId).toBe('vault-h1');
  });
});
