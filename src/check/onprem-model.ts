/**
 * The model the checker explores for C10 (issue 13): one on-premises site, one VMware VM, at most
 * two local copies of it, and one vault (hybrid, or an ordinary one, which refuses to sync), run by
 * the real site, VM, local copy and vault charts (or the ones a test hands in) and composed the way
 * `src/sim/commands/onprem.ts` and the world compose them: every on-premises verb and every timer
 * is an event. The backups a sync registers are kept as facts (which copy, deleted or not): the
 * chart of a VMware backup is explored by the pair model (`backup-image.ts`).
 *
 * Left out, as they say nothing about these charts: reservations of vault space, the sync task's
 * counters, `failNext('sync')` (it makes a copy count as failed, as a copy not uploaded does).
 */
import { getInitialSnapshot, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { LocalCopyInput } from '../../machines/local-copy.machine.js';
import type { VaultEmitted, VaultSync } from '../../machines/vault.machine.js';
import type { Coverage } from './coverage.js';
import type { ModelState } from './explore.js';
import { apply, timerEvents } from './backup-image.js';

/** Bound: at most this many local copies are ever made. */
export const MAX_COPIES = 2;

export interface OnPremCharts {
  site: AnyStateMachine;
  vm: AnyStateMachine;
  localCopy: AnyStateMachine;
  vault: AnyStateMachine;
}

export interface OnPremVariant {
  /** Whether eBackup is installed when the site is made. */
  ebackup: boolean;
  vsphereSupported: boolean;
  /** `vmware`: a hybrid vault; `server`: an ordinary one, which refuses to sync (7300). */
  vaultKind: 'vmware' | 'server';
}

export interface SyncedBackup {
  copyId: string;
  deleted: boolean;
}

export interface OnPremState extends ModelState {
  site: AnyMachineSnapshot;
  /** Null once deleted: the world retires it. */
  vm: AnyMachineSnapshot | null;
  /** In the order they were made; null once expired (retired). */
  copies: (AnyMachineSnapshot | null)[];
  /** Null once deleted. */
  vault: AnyMachineSnapshot | null;
  backups: SyncedBackup[];
}

export type OnPremEvent =
  | { type: 'installEbackup' }
  | { type: 'backupVmOnPrem' }
  | { type: 'deleteVm' }
  | { type: 'addVaultResources'; other?: boolean }
  | { type: 'removeVaultResources' }
  | { type: 'expireLocalCopy'; index: number }
  | { type: 'syncBackups'; indexes: number[] }
  | { type: 'syncVault' }
  | { type: 'deleteVault' }
  | { type: 'timer'; of: 'localCopy'; index: number; event: string }
  | { type: 'timer'; of: 'vault'; event: string };

const SITE = 'site-000000000001';
const VM = 'vm-000000000001';
const VAULT = 'vault-000000000001';
/** Another hybrid vault, which the VM may join instead (6103 then refuses ours). */
const OTHER_VAULT = 'vault-000000000002';
const copyId = (i: number) => `copy-00000000000${i + 1}`;

type Cov = Partial<Record<keyof OnPremCharts, Coverage>>;

export function onPremModel(charts: OnPremCharts, variant: OnPremVariant, coverage: Cov) {
  const step1 = (kind: keyof OnPremCharts, snapshot: AnyMachineSnapshot, event: { type: string; [k: string]: unknown }) => apply(charts[kind], coverage[kind], snapshot, event);
  const born = (kind: keyof OnPremCharts, input: unknown) => {
    const s = getInitialSnapshot(charts[kind], input) as AnyMachineSnapshot;
    coverage[kind]?.reached(s, true);
    return s;
  };

  let site = born('site', { id: SITE, name: 'dc1', createdAt: 0, ebackup: variant.ebackup });
  const vm = born('vm', {
    id: VM, name: 'erp01', createdAt: 0, siteId: SITE, os: 'linux', vsphereVersion: '7.0', vsphereSupported: variant.vsphereSupported,
    disks: [{ id: `${VM}-1`, sizeGB: 40, systemDisk: true }, { id: `${VM}-2`, sizeGB: 100, systemDisk: false }],
  });
  site = step1('site', site, { type: 'VM_ADDED', vmId: VM }).next;
  const vault = born('vault', { id: VAULT, name: 'hv1', createdAt: 0, resourceKind: variant.vaultKind, capacityGB: null });
  const root: OnPremState = { status: 'active', output: undefined, error: undefined, site, vm, copies: [], vault, backups: [] };

  const inOurVault = (s: OnPremState) => s.vm !== null && s.vm.context.vaultId === VAULT;

  /** The world's `syncEnded`: the copies become backups; a whole-vault sync deletes those whose copy expired. */
  const syncEnded = (s: OnPremState, sync: VaultSync): OnPremState => {
    const copies = [...s.copies];
    const backups = s.backups.map((b) => ({ ...b }));
    for (const id of sync.copyIds) {
      const i = copies.findIndex((_, j) => copyId(j) === id);
      const copy = copies[i];
      if (!copy) continue; // expired before it was imported: counted as failed
      // Bound: a broken chart may let copies be registered again and again; as many backups as copies show it (V1).
      if (backups.length >= MAX_COPIES) continue;
      const asked = step1('localCopy', copy, { type: 'SYNC' });
      if (asked.refused) continue; // 1006 (or, were a sync to repeat a copy, AlreadySynced): failed
      copies[i] = step1('localCopy', copy, { type: 'SYNCED', backupId: `bk-for-${id}` }).next;
      backups.push({ copyId: id, deleted: false });
    }
    if (sync.wholeVault) {
      for (const b of backups) if (!b.deleted && !copies.some((c, j) => c && copyId(j) === b.copyId)) b.deleted = true;
    }
    return { ...s, copies, backups };
  };

  const startSync = (s: OnPremState, vault: AnyMachineSnapshot, copyIds: string[], failed: string[], wholeVault: boolean): OnPremState => {
    const sync: VaultSync = { taskId: 'task-000000000001', copyIds, wholeVault, ms: 1, failed: failed.map((id) => ({ copyId: id, code: 'BackupService.1006', message: 'not uploaded' })) };
    return { ...s, vault: step1('vault', vault, { type: 'SYNC_START', sync }).next };
  };

  const step = (s: OnPremState, e: OnPremEvent): OnPremState => {
    switch (e.type) {
      case 'installEbackup': {
        const r = step1('site', s.site, { type: 'INSTALL_EBACKUP' });
        return r.refused ? s : { ...s, site: r.next };
      }
      case 'backupVmOnPrem': {
        if (!s.vm) return s;
        if (step1('site', s.site, { type: 'BACKUP_VM' }).refused) return s;
        const r = step1('vm', s.vm, { type: 'BACKUP_START' });
        if (r.refused || s.copies.length >= MAX_COPIES) return s;
        const i = s.copies.length;
        const input: LocalCopyInput = {
          id: copyId(i), name: `erp01_ebk_${i}`, createdAt: 0, vmId: VM, siteId: SITE, os: 'linux', disks: s.vm.context.disks, sizeGB: 140,
          timing: { localBackupMs: 1, uploadMs: 1 },
        };
        return { ...s, vm: r.next, copies: [...s.copies, born('localCopy', input)] };
      }
      case 'deleteVm': {
        if (!s.vm) return s;
        const r = step1('vm', s.vm, { type: 'DELETE' });
        if (r.refused) return s;
        // C3: it leaves its site and its vault; its copies and backups stay.
        const site = step1('site', s.site, { type: 'VM_REMOVED', vmId: VM }).next;
        const vault = s.vault && inOurVault(s) ? step1('vault', s.vault, { type: 'REMOVE_RESOURCES', ids: [VM] }).next : s.vault;
        return { ...s, site, vault, vm: null };
      }
      case 'addVaultResources': {
        if (!s.vm) return s;
        if (e.other) {
          const r = step1('vm', s.vm, { type: 'ADD_TO_VAULT', vaultId: OTHER_VAULT });
          return r.refused ? s : { ...s, vm: r.next };
        }
        // An ordinary vault takes servers, not VMs: the world refuses before asking the charts.
        if (!s.vault || variant.vaultKind !== 'vmware') return s;
        const r = step1('vm', s.vm, { type: 'ADD_TO_VAULT', vaultId: VAULT });
        if (r.refused) return s;
        const v = step1('vault', s.vault, { type: 'ADD_RESOURCES', ids: [VM] });
        return v.refused ? s : { ...s, vm: r.next, vault: v.next };
      }
      case 'removeVaultResources': {
        if (!s.vm) return s;
        const ours = inOurVault(s);
        const r = step1('vm', s.vm, { type: 'REMOVE_FROM_VAULT' });
        if (r.refused) return s;
        const vault = s.vault && ours ? step1('vault', s.vault, { type: 'REMOVE_RESOURCES', ids: [VM] }).next : s.vault;
        return { ...s, vm: r.next, vault };
      }
      case 'expireLocalCopy': {
        const copy = s.copies[e.index];
        if (!copy) return s;
        const r = step1('localCopy', copy, { type: 'EXPIRE' });
        if (r.refused) return s;
        const copies = [...s.copies];
        copies[e.index] = r.next.status === 'done' ? null : r.next;
        return { ...s, copies };
      }
      case 'syncBackups': {
        if (!s.vault) return s;
        const asked = step1('vault', s.vault, { type: 'SYNC_START', sync: { taskId: '(new)', copyIds: [], wholeVault: false, ms: 0, failed: [] } });
        if (asked.refused) return s;
        const ok: string[] = [];
        const failed: string[] = [];
        for (const i of e.indexes) {
          const copy = s.copies[i];
          // A copy that is gone, or of a VM outside this vault, refuses the whole request.
          if (!copy || !inOurVault(s)) return s;
          const r = step1('localCopy', copy, { type: 'SYNC' });
          if (!r.refused) ok.push(copyId(i));
          else if (copy.matches('uploaded')) return s; // AlreadySynced refuses the request
          else failed.push(copyId(i)); // 1006: counted as an error, the rest goes on
        }
        return startSync(s, s.vault, ok, failed, false);
      }
      case 'syncVault': {
        if (!s.vault) return s;
        const asked = step1('vault', s.vault, { type: 'SYNC_START', sync: { taskId: '(new)', copyIds: [], wholeVault: true, ms: 0, failed: [] } });
        if (asked.refused) return s;
        const ids = inOurVault(s) ? s.copies.flatMap((c, i) => (c && c.matches('uploaded') && c.context.backupId === null ? [copyId(i)] : [])) : [];
        return startSync(s, s.vault, ids, [], true);
      }
      case 'deleteVault': {
        if (!s.vault) return s;
        if (step1('vault', s.vault, { type: 'VAULT_DELETE' }).refused) return s;
        const vm = s.vm && inOurVault(s) ? step1('vm', s.vm, { type: 'REMOVE_FROM_VAULT' }).next : s.vm;
        return { ...s, vm, vault: null, backups: s.backups.map((b) => ({ ...b, deleted: true })) };
      }
      case 'timer': {
        if (e.of === 'vault') {
          if (!s.vault) return s;
          const r = step1('vault', s.vault, { type: e.event });
          if (r.refused) return s;
          // What the vault emits when its sync ends (`endSync`), which the world handles.
          const ended = r.actions.map((a) => (a.params as { event?: VaultEmitted } | undefined)?.event).find((x) => x?.type === 'syncEnded');
          const next = { ...s, vault: r.next };
          return ended ? syncEnded(next, ended.sync) : next;
        }
        const copy = s.copies[e.index];
        if (!copy) return s;
        const r = step1('localCopy', copy, { type: e.event });
        if (r.refused || r.next === copy) return s;
        const copies = [...s.copies];
        copies[e.index] = r.next;
        // The world's `copyStored`: eBackup has read the VM, which may be backed up again.
        const vm = r.next.matches('stored') && s.vm?.matches({ protection: 'backingUp' }) ? step1('vm', s.vm, { type: 'COPY_MADE' }).next : s.vm;
        return { ...s, copies, vm };
      }
    }
  };

  const indexes = [...Array(MAX_COPIES).keys()];
  const events: OnPremEvent[] = [
    { type: 'installEbackup' }, { type: 'backupVmOnPrem' }, { type: 'deleteVm' }, { type: 'addVaultResources' }, { type: 'addVaultResources', other: true },
    { type: 'removeVaultResources' }, { type: 'syncVault' }, { type: 'deleteVault' }, { type: 'syncBackups', indexes },
    ...indexes.flatMap((index) => [{ type: 'expireLocalCopy' as const, index }, { type: 'syncBackups' as const, indexes: [index] }]),
    ...indexes.flatMap((index) => timerEvents(charts.localCopy).map((event) => ({ type: 'timer' as const, of: 'localCopy' as const, index, event }))),
    ...timerEvents(charts.vault).map((event) => ({ type: 'timer' as const, of: 'vault' as const, event })),
  ];

  const serialize = (s: OnPremState) => JSON.stringify([
    s.site.value, s.vm && [s.vm.value, s.vm.context.vaultId], s.copies.map((c) => c && [c.value, c.context.backupId]),
    s.vault && [s.vault.value, s.vault.context.resourceIds, s.vault.context.sync && [s.vault.context.sync.copyIds, s.vault.context.sync.wholeVault]], s.backups,
  ]);

  return { root, step, events: () => events, serialize, copyId };
}
