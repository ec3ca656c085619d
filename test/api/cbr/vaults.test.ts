/**
 * CBR vaults on the wire (rest-api.md §2.1) through the real SDK core: what a client reads of a
 * vault, the list's filters and pages, changes, resources, policies, and the refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, startServer } from '../support/server.js';
import { cbrClient, dailyPolicy, runningServer, serverVault, type Cbr } from '../support/cbr-client.js';

let served: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  served = await startServer();
});
afterAll(() => served.close());

const CBR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

async function project(id: string): Promise<{ cbr: Cbr; server: { id: string } }> {
  const cbr = cbrClient(served.base, id);
  return { cbr, server: await runningServer(served, id) };
}

describe('createVault', () => {
  it('answers the vault with every key a client reads: billing in GB with used in MB, its resources protected', async () => {
    const { cbr, server } = await project('vaults-create');
    const { vault, httpStatusCode } = await cbr.createVault(serverVault('vault-web', [server.id], { sizeGB: 100 }));
    expect(httpStatusCode).toBe(200);
    expect(vault).toMatchObject({
      name: 'vault-web', project_id: 'vaults-create', provider_id: '0daac4c5-6707-4851-97ba-169e36266b66',
      enterprise_project_id: '0', auto_expand: false, tags: [],
      billing: {
        size: 100, used: 0, allocated: 40, status: 'available', spec_code: 'vault.backup.server.normal', object_type: 'server',
        protect_type: 'backup', consistent_level: 'crash_consistent', charging_mode: 'post_paid', cloud_type: 'public',
      },
      resources: [{ id: server.id, name: 'web', type: 'OS::Nova::Server', protect_status: 'available', size: 40, backup_count: 0 }],
    });
    expect(vault.created_at).toMatch(CBR_TIME);
    for (const key of ['id', 'description', 'user_id', 'auto_bind', 'bind_rules', 'smn_notify', 'threshold', 'locked']) expect(vault, key).toHaveProperty(key);
    expect((await cbr.showVault(vault.id)).vault).toEqual(vault);
  });

  it('applies backup_policy_id, which the policy then lists among its associated vaults', async () => {
    const { cbr, server } = await project('vaults-policy');
    const { policy } = await cbr.createPolicy(dailyPolicy('daily'));
    const { vault } = await cbr.createVault(serverVault('v', [server.id], { policyId: policy.id }));
    expect((await cbr.showPolicy(policy.id)).policy.associated_vaults).toEqual([{ vault_id: vault.id, destination_vault_id: '' }]);
    expect((await cbr.listPolicies({ vault_id: vault.id })).policies.map((p: { id: string }) => p.id)).toEqual([policy.id]);
  });

  it('refuses an unknown backup_policy_id with 6000 and makes no vault', async () => {
    const { cbr, server } = await project('vaults-bad-policy');
    const error = await cbr.refuse.createVault(serverVault('v', [server.id], { policyId: 'pol-000000000000' }));
    expect(error).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6000' });
    expect((await cbr.listVault()).count).toBe(0);
  });

  it('refuses a resource already in a vault with 6103, and one of the wrong type with 9900 naming it', async () => {
    const { cbr, server } = await project('vaults-6103');
    await cbr.createVault(serverVault('first', [server.id]));
    expect(await cbr.refuse.createVault(serverVault('second', [server.id]))).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.6103' });
    const disk = serverVault('disks', [server.id]);
    (disk.vault as { billing: { object_type: string } }).billing.object_type = 'disk';
    const wrong = await cbr.refuse.createVault(disk);
    expect(wrong).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.9900' });
    expect(wrong.errorMsg).toContain('vault.resources.0.type');
    expect((await cbr.listVault()).count).toBe(1);
  });

  it('names the missing, unknown or mistyped field with 9900 and changes nothing', async () => {
    const { cbr, server } = await project('vaults-valid');
    const good = serverVault('v', [server.id]) as { vault: Record<string, unknown> & { billing: Record<string, unknown> } };
    const cases: [unknown, string][] = [
      [{ vault: { ...good.vault, billing: undefined } }, 'lacks the mandatory field "billing"'],
      [{ vault: { ...good.vault, colour: 'red' } }, 'unknown field "colour"'],
      [{ vault: { ...good.vault, billing: { ...good.vault.billing, size: '100' } } }, 'vault.billing.size must be integer'],
      [{ vault: { ...good.vault, billing: { ...good.vault.billing, size: 5 } } }, 'vault.billing.size must be >= 10'],
      [{ vault: { ...good.vault, name: '' } }, 'vault.name must NOT have fewer than 1 characters'],
    ];
    for (const [body, words] of cases) {
      const error = await cbr.refuse.createVault(body as Record<string, unknown>);
      expect(error.httpStatusCode, words).toBe(400);
      expect(error.errorCode).toBe('BackupService.9900');
      expect(error.errorMsg).toContain(words);
    }
    expect((await cbr.listVault()).count).toBe(0);
  });

  it('answers 501 for what cbr-sim does not model, naming it', async () => {
    const { cbr, server } = await project('vaults-501');
    const body = serverVault('v', [server.id]) as { vault: { billing: Record<string, unknown>; resources: Record<string, unknown>[] } };
    body.vault.resources[0]!.extra_info = { exclude_volumes: ['disk-1'] };
    const error = await cbr.refuse.createVault(body);
    expect(error).toMatchObject({ httpStatusCode: 501, errorCode: 'Sim.NotImplemented' });
    expect(error.errorMsg).toContain('extra_info');
  });
});

describe('listVault, updateVault, deleteVault', () => {
  it('filters by name, object_type and resource, pages with limit and offset, and counts before paging', async () => {
    const { cbr, server } = await project('vaults-list');
    for (const name of ['alpha', 'beta', 'gamma']) await cbr.createVault(serverVault(name, name === 'beta' ? [server.id] : []));
    const page = await cbr.listVault({ limit: 2, offset: 1 });
    expect(page).toMatchObject({ count: 3, limit: 2, offset: 1 });
    expect(page.vaults.map((v: { name: string }) => v.name)).toEqual(['beta', 'gamma']);
    expect((await cbr.listVault({ name: 'gam' })).vaults.map((v: { name: string }) => v.name)).toEqual(['gamma']);
    expect((await cbr.listVault({ object_type: 'disk' })).count).toBe(0);
    expect((await cbr.listVault({ resource_ids: server.id })).vaults.map((v: { name: string }) => v.name)).toEqual(['beta']);
    const bad = await cbr.refuse.listVault({ limit: 0 });
    expect(bad).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.9900' });
    expect(bad.errorMsg).toContain('limit');
  });

  it('renames, grows and sets auto-expansion; a smaller size is refused with 9900 and changes nothing', async () => {
    const { cbr } = await project('vaults-update');
    const { vault } = await cbr.createVault(serverVault('old', [], { sizeGB: 100 }));
    const { vault: updated } = await cbr.updateVault(vault.id, { vault: { name: 'new', billing: { size: 150 }, auto_expand: true, threshold: 90 } });
    expect(updated).toMatchObject({ name: 'new', auto_expand: true, billing: { size: 150 } });
    const error = await cbr.refuse.updateVault(vault.id, { vault: { billing: { size: 120 } } });
    expect(error).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.9900' });
    expect(error.errorMsg).toContain('only grows');
    expect((await cbr.showVault(vault.id)).vault).toMatchObject({ name: 'new', billing: { size: 150 } });
  });

  it('deletes with 204 and no body; the vault is then not found (6105)', async () => {
    const { cbr } = await project('vaults-delete');
    const { vault } = await cbr.createVault(serverVault('v', []));
    const answer = await raw(served.base, 'DELETE', `/cbr/v3/vaults-delete/vaults/${vault.id}`);
    expect(answer.status).toBe(204);
    expect(answer.body).toBeUndefined();
    expect(await cbr.refuse.showVault(vault.id)).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6105' });
    expect(await cbr.refuse.deleteVault(vault.id)).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6105' });
  });
});

describe('vault resources and policies', () => {
  it('adds and removes resources, answering their ids; a removal is an operation log of its own', async () => {
    const { cbr, server } = await project('vaults-resources');
    const { vault } = await cbr.createVault(serverVault('v', []));
    expect(await cbr.addVaultResource(vault.id, { resources: [{ id: server.id, type: 'OS::Nova::Server' }] })).toMatchObject({ add_resource_ids: [server.id] });
    expect((await cbr.showVault(vault.id)).vault.resources.map((r: { id: string }) => r.id)).toEqual([server.id]);
    expect(await cbr.removeVaultResource(vault.id, { resource_ids: [server.id] })).toMatchObject({ remove_resource_ids: [server.id] });
    expect((await cbr.showVault(vault.id)).vault.resources).toEqual([]);
    const { operation_logs } = await cbr.listOpLogs({ operation_type: 'remove_resource' });
    expect(operation_logs[0]).toMatchObject({ status: 'success', vault_id: vault.id, extra_info: { resource: { id: server.id }, remove_resources: { total_count: 1 } } });
    expect(await cbr.refuse.addVaultResource(vault.id, { resources: [] })).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.9900' });
  });

  it('associates and dissociates a policy; dissociating one the vault does not have is 6002', async () => {
    const { cbr } = await project('vaults-associate');
    const { vault } = await cbr.createVault(serverVault('v', []));
    const { policy } = await cbr.createPolicy(dailyPolicy('daily'));
    expect(await cbr.associateVaultPolicy(vault.id, { policy_id: policy.id })).toMatchObject({ associate_policy: { vault_id: vault.id, policy_id: policy.id } });
    expect(await cbr.refuse.associateVaultPolicy(vault.id, { policy_id: 'pol-000000000000' })).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6000' });
    expect(await cbr.refuse.disassociateVaultPolicy(vault.id, { policy_id: 'pol-000000000000' })).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6002' });
    expect(await cbr.disassociateVaultPolicy(vault.id, { policy_id: policy.id })).toMatchObject({ dissociate_policy: { vault_id: vault.id, policy_id: policy.id } });
    expect((await cbr.showPolicy(policy.id)).policy.associated_vaults).toEqual([]);
  });
});
