/**
 * C10 in the inspector, in a real browser: the On premises tab (sites, VMware VMs, eBackup's local
 * copies) with their row actions, a VMware VM added through its form, backed up on premises and
 * synchronised into a hybrid vault from the rows; the sync task's counters on the Tasks page; a
 * VMware backup's V4 refusals; and the VM's chart. No library scenario has on-premises resources
 * yet: the world is made through the inspector's own commands route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openInspector, serverApi, serverCommand, type Harness } from './support.js';

let h: Harness;

const api = (path: string, body?: unknown) => serverApi(h, path, body);
const command = (verb: string, ...args: unknown[]) => serverCommand(h, verb, ...args);
const resources = async (kind: string) => ((await api('/api/state')).resources as any[]).filter((r) => r.kind === kind);
const activeStates = () => h.page.locator('[data-testid="statechart"] g.state.active').evaluateAll((els) => els.map((e) => e.id));
/** A row's action button, once the row's actions have come. */
const action = (id: string, key: string) => h.page.getByTestId(`row-${id}`).getByTestId(`action-${key}`);

let site: { id: string };
let vault: { id: string };

beforeAll(async () => {
  h = await openInspector();
  h.page.setDefaultTimeout(8000);
  site = await command('createSite', { name: 'dc1', ebackup: true });
  vault = await command('createVault', { name: 'hv1', kind: 'vmware' });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('the inspector\'s On premises tab (C10)', () => {
  it('adds a VM to a site through the Add VM form, and lists the site and the VM with their fields', async () => {
    const { page } = h;
    await page.getByTestId('console-tab-onprem').click();
    await page.getByTestId(`row-${site.id}`).waitFor();
    expect(await page.getByTestId(`row-${site.id}`).textContent()).toContain('eBackup ready');
    // eBackup is there already: installing it again is refused, with the reason in the tooltip.
    await expect.poll(() => action(site.id, 'installEbackup').isDisabled(), { timeout: 10_000 }).toBe(true);
    expect(await action(site.id, 'installEbackup').getAttribute('title')).toContain('already has eBackup installed');
    await action(site.id, 'createVm').click();
    const form = page.getByTestId('action-form');
    await form.waitFor();
    await form.getByTestId('form-name').fill('erp01');
    await form.getByTestId('form-disksGB').fill('40, 100');
    await form.getByTestId('form-submit').click();
    await expect.poll(async () => (await resources('vm')).length, { timeout: 10_000 }).toBe(1);
    const [vm] = await resources('vm');
    expect(vm).toMatchObject({ name: 'erp01', os: 'linux', disksGB: [40, 100], siteId: site.id });
    const row = page.getByTestId(`row-${vm.id}`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('disks 40 + 100 GB');
    expect(await row.textContent()).toContain('vSphere 7.0');
    expect(await row.textContent()).toContain('no vault');
    expect(await page.getByTestId('console-site').textContent()).toContain('(1)');
  }, 60_000);

  it('puts the VM in the hybrid vault from the vault\'s row, which says what it is', async () => {
    const { page } = h;
    const [vm] = await resources('vm');
    await page.getByTestId('console-tab-resources').click();
    const row = page.getByTestId(`row-${vault.id}`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('hybrid (vault.hybrid.server.normal)');
    expect(await row.textContent()).toContain('not syncing');
    await expect.poll(() => action(vault.id, 'addVaultResources').isEnabled(), { timeout: 10_000 }).toBe(true);
    await action(vault.id, 'addVaultResources').click();
    const form = page.getByTestId('action-form');
    expect(await form.getByTestId('form-arg1').inputValue()).toBe(vm.id);
    await form.getByTestId('form-submit').click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('1 VM');
    await page.getByTestId('console-tab-onprem').click();
    await expect.poll(() => page.getByTestId(`row-${vm.id}`).textContent(), { timeout: 10_000 }).toContain('vault hv1');
  }, 30_000);

  it('backs the VM up from its row into a local copy that eBackup stores and uploads', async () => {
    const { page } = h;
    const [vm] = await resources('vm');
    await expect.poll(() => action(vm.id, 'backupVmOnPrem').isEnabled(), { timeout: 10_000 }).toBe(true);
    await action(vm.id, 'backupVmOnPrem').click();
    await expect.poll(async () => (await resources('localCopy')).length, { timeout: 10_000 }).toBe(1);
    const [copy] = await resources('localCopy');
    const row = page.getByTestId(`row-${copy.id}`);
    await expect.poll(() => row.getByTestId('status').textContent(), { timeout: 10_000 }).toContain('Backing up');
    expect(await row.textContent()).toContain('of erp01 · 140 GB');
    // A second backup while eBackup is busy with this VM is refused (6125).
    await expect.poll(() => action(vm.id, 'backupVmOnPrem').getAttribute('title'), { timeout: 10_000 }).toContain('BackupService.6125');
    // realistic: 300 s + 20 s/GB stored, then 120 s + 30 s/GB uploaded: about three and a half hours.
    for (let i = 0; i < 4; i++) await page.getByTestId('advance-1h').click();
    await expect.poll(() => row.getByTestId('status').textContent(), { timeout: 10_000 }).toContain('Uploaded');
    expect(await row.textContent()).toContain('not synchronised');
  }, 60_000);

  it('synchronises the copy from its row: a sync task the Tasks page shows with its counters, and the copy becomes a backup', async () => {
    const { page } = h;
    const [copy] = await resources('localCopy');
    await expect.poll(() => action(copy.id, 'syncBackups').isEnabled(), { timeout: 10_000 }).toBe(true);
    await action(copy.id, 'syncBackups').click();
    await page.getByTestId('console-tab-tasks').click();
    const task = page.getByTestId('tasks-table').locator('tbody tr').first();
    await expect.poll(() => task.getByTestId('task-type').textContent(), { timeout: 10_000 }).toBe('Synchronize');
    expect(await task.getByTestId('status').textContent()).toContain('Running');
    expect(await task.getByTestId('task-syncBackupNum').textContent()).toBe('synchronised 0');
    await page.getByTestId('console-tab-resources').click();
    await expect.poll(() => page.getByTestId(`row-${vault.id}`).getByTestId('syncing-mark').count(), { timeout: 10_000 }).toBe(1);
    // 30 s + 10 s a copy.
    await page.getByTestId('advance-1m').click();
    await page.getByTestId('console-tab-tasks').click();
    await expect.poll(() => task.getByTestId('status').textContent(), { timeout: 10_000 }).toContain('Successful');
    expect(await task.getByTestId('task-syncBackupNum').textContent()).toBe('synchronised 1');
    expect(await task.getByTestId('task-deleteBackupNum').textContent()).toBe('deleted 0');
    expect(await task.getByTestId('task-errSyncBackupNum').textContent()).toBe('failed 0');
    await page.screenshot({ path: `${ARTIFACTS}onprem-sync-task.png` });
    const [backup] = (await resources('backup')).filter((b) => b.resourceKind === 'vmware');
    expect(backup).toMatchObject({ copyId: copy.id, status: 'available' });
    await page.getByTestId('console-tab-onprem').click();
    await expect.poll(() => page.getByTestId(`row-${copy.id}`).textContent(), { timeout: 10_000 }).toContain(`backup ${backup.name}`);
  }, 60_000);

  it('marks the VMware backup, shows Create Image refused with BackupService.6207 and the V4 advice, and offers Restore onto an ECS', async () => {
    const { page } = h;
    const [backup] = (await resources('backup')).filter((b) => b.resourceKind === 'vmware');
    await page.getByTestId('console-tab-resources').click();
    const row = page.getByTestId(`row-${backup.id}`);
    await row.waitFor({ timeout: 10_000 });
    // Actions are asked for the rows on screen.
    await row.scrollIntoViewIfNeeded();
    expect(await row.getByTestId('vmware-mark').textContent()).toBe('VMware');
    expect(await row.textContent()).toContain('VMware VM erp01');
    const createImage = action(backup.id, 'createImageFromBackup');
    await expect.poll(() => createImage.isDisabled(), { timeout: 10_000 }).toBe(true);
    const tooltip = await createImage.getAttribute('title');
    expect(tooltip).toContain('Rule V4');
    expect(tooltip).toContain('BackupService.6207');
    expect(tooltip).toContain('restore it onto an ECS');
    for (const key of ['shareBackup', 'exportBackup', 'createDiskFromBackup']) expect(await action(backup.id, key).isDisabled(), key).toBe(true);
    // The selection says why too, with the rule and the code.
    await row.click();
    const reason = page.getByTestId('reason-createImageFromBackup');
    await expect.poll(() => reason.getByTestId('reason-code').textContent(), { timeout: 10_000 }).toBe('BackupService.6207');
    expect(await reason.getByTestId('reason-message').textContent()).toContain('VMware backups can only be restored onto an ECS');
    // Restore asks for the ECS it goes onto (the scenario's web-01).
    const [server] = await resources('server');
    await expect.poll(() => action(backup.id, 'restoreBackup').getAttribute('title'), { timeout: 10_000 }).toMatch(/^restoreBackup\(/);
    await action(backup.id, 'restoreBackup').click();
    const form = page.getByTestId('action-form');
    expect(await form.getByTestId('form-targetId').inputValue()).toBe(server.id);
    await form.getByTestId('form-cancel').click();
    await expect.poll(() => form.count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}onprem-vmware-backup.png` });
  }, 30_000);

  it('draws the VM\'s chart with its states lit when the VM is selected, and the site\'s and the copy\'s', async () => {
    const { page } = h;
    const [vm] = await resources('vm');
    await page.getByTestId('console-tab-onprem').click();
    await page.getByTestId(`row-${vm.id}`).click();
    await expect.poll(() => page.getByTestId('statechart').getAttribute('data-kind'), { timeout: 10_000 }).toBe('vm');
    await expect.poll(activeStates, { timeout: 10_000 }).toContain('state-vm.lifecycle.running');
    expect(await activeStates()).toContain('state-vm.protection.idle');
    expect(await page.getByTestId('statechart-kind').inputValue()).toBe('vm');
    // The site's and the copy's charts are drawn the same way, with their current state lit.
    const [copy] = await resources('localCopy');
    for (const [id, kind] of [[site.id, 'site'], [copy.id, 'localCopy']] as const) {
      await page.getByTestId(`row-${id}`).click();
      await expect.poll(() => page.getByTestId('statechart').getAttribute('data-kind'), { timeout: 10_000 }).toBe(kind);
      await expect.poll(async () => (await activeStates()).filter((s) => s.startsWith(`state-${kind}.`)).length, { timeout: 10_000 }).toBeGreaterThan(0);
    }
    expect(h.errors).toEqual([]);
    expect(h.outside).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}onprem-vm-chart.png` });
  }, 30_000);

  it('expires the copy from its row: eBackup\'s retention removes it, and the list counts it gone as a deleted resource', async () => {
    const { page } = h;
    const [copy] = await resources('localCopy');
    await page.getByTestId('console-tab-onprem').click();
    await expect.poll(() => page.getByTestId('console-localCopy').textContent(), { timeout: 10_000 }).toContain('(1)');
    await expect.poll(() => action(copy.id, 'expireLocalCopy').isEnabled(), { timeout: 10_000 }).toBe(true);
    await action(copy.id, 'expireLocalCopy').click();
    await expect.poll(async () => (await resources('localCopy'))[0]?.status, { timeout: 10_000 }).toBe('expired');
    // Counted with the deleted ones (shown or not as "show deleted" says), its row marked so.
    await expect.poll(() => page.getByTestId('console-localCopy').textContent(), { timeout: 10_000 }).toMatch(/\(0( \+ 1 deleted)?\)/);
    const row = page.getByTestId(`row-${copy.id}`);
    if ((await row.count()) > 0) expect(await row.getAttribute('class')).toContain('deleted');
    expect(h.errors).toEqual([]);
  }, 30_000);
});
