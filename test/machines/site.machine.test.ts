/**
 * The on-premises site chart (C10): whether eBackup is installed, which decides whether a VM of the
 * site can be backed up on premises (V1), and the VMs it runs. CBR never reaches into a site.
 */
import { describe, expect, it } from 'vitest';
import { getInitialSnapshot } from 'xstate';
import { siteMachine, siteStatus, type SiteInput, type SiteSnapshot } from '../../machines/site.machine.js';
import {
  MONDAY,
  allowed,
  drive,
  ignored,
  itHasARowForEveryDeclaredRefusal,
  moves,
  outwardReach,
  refused,
  runTable,
  stays,
  statusNodes,
  type Row,
} from './support.js';

function input(over: Partial<SiteInput> = {}): SiteInput {
  return { id: 'site-1', name: 'datacenter-a', createdAt: MONDAY, ebackup: false, ...over };
}

/** A site made without eBackup, with eBackup, or without it and then given it (`installEbackup`). */
function site(stage: 'bare' | 'ready' | 'installedLater'): SiteSnapshot {
  if (stage === 'ready') return getInitialSnapshot(siteMachine, input({ ebackup: true }));
  const bare = getInitialSnapshot(siteMachine, input());
  return stage === 'bare' ? bare : drive(siteMachine, bare, { type: 'INSTALL_EBACKUP' });
}

const withVms = (s: SiteSnapshot, ...vmIds: string[]) => drive(siteMachine, s, ...vmIds.map((vmId) => ({ type: 'VM_ADDED', vmId }) as const));

const covered = new Set<string>();
const cover = (keys: Set<string>) => keys.forEach((k) => covered.add(k));

describe('site eBackup (V1, C10)', () => {
  it('starts without eBackup and without VMs when made without it', () => {
    const s = site('bare');
    expect(s.value).toEqual({ ebackup: 'notInstalled' });
    expect(s.context).toMatchObject({ id: 'site-1', ebackup: false, vmIds: [] });
  });

  it('starts with eBackup ready when made with it (it never rests in resolving)', () => {
    const s = site('ready');
    expect(s.value).toEqual({ ebackup: 'installed' });
    expect(s.context).toMatchObject({ ebackup: true, vmIds: [] });
  });

  const rows: Row<typeof siteMachine>[] = [
    ['a site without eBackup', site('bare'), { type: 'INSTALL_EBACKUP' }, moves('installed')],
    ['a site without eBackup, asked to back a VM up (V1)', site('bare'), { type: 'BACKUP_VM' }, refused('Sim.EbackupNotInstalled', 'V1')],
    ['a site made with eBackup, asked to back a VM up', site('ready'), { type: 'BACKUP_VM' }, allowed],
    ['a site given eBackup later, asked to back a VM up', site('installedLater'), { type: 'BACKUP_VM' }, allowed],
    ['a site made with eBackup, given it again', site('ready'), { type: 'INSTALL_EBACKUP' }, refused('Sim.InvalidState')],
    ['a site given eBackup later, given it again', site('installedLater'), { type: 'INSTALL_EBACKUP' }, refused('Sim.InvalidState')],
    // VMs come and go in any state of eBackup
    ['a site without eBackup, when a VM is made there', site('bare'), { type: 'VM_ADDED', vmId: 'vm-1' }, stays()],
    ['a site with eBackup, when a VM is made there', site('ready'), { type: 'VM_ADDED', vmId: 'vm-1' }, stays()],
    ['a site with a VM, when it is deleted', withVms(site('ready'), 'vm-1'), { type: 'VM_REMOVED', vmId: 'vm-1' }, stays()],
    ['a site without eBackup', site('bare'), { type: 'NOT_A_SITE_EVENT' } as never, ignored],
  ];
  cover(runTable(siteMachine, rows, 'ebackup'));

  it('records that eBackup is installed once it is', () => {
    expect(site('installedLater').context.ebackup).toBe(true);
  });

  it('lists its VMs in the order they were made, and drops a deleted one', () => {
    const s = withVms(site('ready'), 'vm-1', 'vm-2', 'vm-3');
    expect(s.context.vmIds).toEqual(['vm-1', 'vm-2', 'vm-3']);
    expect(drive(siteMachine, s, { type: 'VM_REMOVED', vmId: 'vm-2' }).context.vmIds).toEqual(['vm-1', 'vm-3']);
    expect(drive(siteMachine, s, { type: 'VM_REMOVED', vmId: 'vm-9' }).context.vmIds).toEqual(['vm-1', 'vm-2', 'vm-3']);
  });

  it('keeps its VMs when eBackup is installed', () => {
    const s = drive(siteMachine, withVms(site('bare'), 'vm-1'), { type: 'INSTALL_EBACKUP' });
    expect(s.context.vmIds).toEqual(['vm-1']);
  });
});

describe('siteStatus: the words for eBackup on a site', () => {
  const cases: Array<[string, SiteSnapshot, string, string]> = [
    ['a site without eBackup', site('bare'), 'notInstalled', 'No eBackup'],
    ['a site made with eBackup', site('ready'), 'ready', 'eBackup ready'],
    ['a site given eBackup later', site('installedLater'), 'ready', 'eBackup ready'],
  ];
  for (const [what, s, status, label] of cases) {
    it(`shows ${what} as status ${status}, label "${label}"`, () => expect(siteStatus(s)).toEqual({ status, label }));
  }

  it('declares a status on exactly its two resting states, naming V1 (and C10 once eBackup is ready)', () => {
    expect(statusNodes(siteMachine)).toEqual([
      { id: 'site.ebackup.notInstalled', status: 'notInstalled', label: 'No eBackup' },
      { id: 'site.ebackup.installed', status: 'ready', label: 'eBackup ready' },
    ]);
    expect(siteMachine.getStateNodeById('site.ebackup.notInstalled').meta).toMatchObject({ rules: ['V1'] });
    expect(siteMachine.getStateNodeById('site.ebackup.installed').meta).toMatchObject({ rules: ['V1', 'C10'] });
  });
});

describe('site refusals', () => {
  itHasARowForEveryDeclaredRefusal(siteMachine, covered);
});

describe('CBR does not reach into a site (V1)', () => {
  it('has no transition, action or actor that reaches outside the site chart', () => {
    expect(outwardReach(siteMachine)).toEqual([]);
  });
});
