/**
 * CBR policies, operation logs, protectables and the operations not served (rest-api.md §2.2,
 * §2.5) through the real SDK core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, startServer } from '../support/server.js';
import { cbrClient, dailyPolicy, runningServer, serverVault, type Answer } from '../support/cbr-client.js';

let served: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  served = await startServer();
});
afterAll(() => served.close());

describe('policies', () => {
  it('creates a policy with its trigger and retention as a client reads them, lists, shows, updates and deletes it', async () => {
    const cbr = cbrClient(served.base, 'pol-crud');
    const { policy } = await cbr.createPolicy(dailyPolicy('daily', { maxBackups: 3 }));
    expect(policy).toMatchObject({
      name: 'daily', enabled: true, operation_type: 'backup', associated_vaults: [],
      operation_definition: { max_backups: 3, retention_duration_days: -1, day_backups: 0, week_backups: 0, month_backups: 0, year_backups: 0, timezone: 'UTC+00:00' },
      trigger: { name: 'default', type: 'time', properties: { pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=00'] } },
    });
    expect(policy.trigger.properties.start_time).toMatch(/\+00:00$/);
    expect(await cbr.listPolicies()).toMatchObject({ count: 1, policies: [{ id: policy.id }] });
    expect((await cbr.listPolicies({ operation_type: 'replication' })).count).toBe(0);
    const { policy: updated } = await cbr.updatePolicy(policy.id, { policy: { name: 'weekly', enabled: false, operation_definition: { max_backups: 5 } } });
    expect(updated).toMatchObject({ name: 'weekly', enabled: false, operation_definition: { max_backups: 5 } });
    expect((await cbr.showPolicy(policy.id)).policy).toEqual(updated);
    expect((await raw(served.base, 'DELETE', `/cbr/v3/pol-crud/policies/${policy.id}`)).status).toBe(204);
    expect(await cbr.refuse.showPolicy(policy.id)).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6000' });
  });

  it('refuses an invalid schedule or retention combination (P1, P2) with 9900 and creates nothing', async () => {
    const cbr = cbrClient(served.base, 'pol-invalid');
    const both = dailyPolicy('both') as { policy: { operation_definition: Record<string, unknown> } };
    both.policy.operation_definition.retention_duration_days = 30;
    for (const [body, words] of [
      [dailyPolicy('often', { pattern: ['FREQ=MINUTELY'] }), 'pattern'],
      [both, 'cannot be combined'],
      [{ policy: { ...dailyPolicy('x').policy as object, name: 'has space' } }, 'policy.name must match pattern'],
      [{ policy: { name: 'x', operation_type: 'backup', trigger: { properties: { pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'] } } } }, 'lacks the mandatory field "operation_definition"'],
    ] as const) {
      const error = await cbr.refuse.createPolicy(body as Record<string, unknown>);
      expect(error, words).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.9900' });
      expect(error.errorMsg).toContain(words);
    }
    expect((await cbr.listPolicies()).count).toBe(0);
    const replication = dailyPolicy('r') as { policy: Record<string, unknown> };
    replication.policy.operation_type = 'replication';
    expect(await cbr.refuse.createPolicy(replication)).toMatchObject({ httpStatusCode: 501, errorCode: 'Sim.NotImplemented' });
  });

  it('refuses a 33rd backup policy with 6001 (P10)', async () => {
    const cbr = cbrClient(served.base, 'pol-limit');
    for (let i = 0; i < 32; i++) await cbr.createPolicy(dailyPolicy(`p${i}`));
    expect(await cbr.refuse.createPolicy(dailyPolicy('p32'))).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.6001' });
  });
});

describe('operation logs', () => {
  it('shows a backup task running with its progress, then succeeded with empty error_info; filters and pages the list', async () => {
    const id = 'logs';
    const cbr = cbrClient(served.base, id);
    const server = await runningServer(served, id);
    const { vault } = await cbr.createVault(serverVault('vault', [server.id]));
    await cbr.createCheckpoint({ checkpoint: { vault_id: vault.id } });
    const { operation_logs, count } = await cbr.listOpLogs({ operation_type: 'backup', vault_id: vault.id });
    expect(count).toBe(1);
    const log = operation_logs[0] as Answer;
    expect(log).toMatchObject({
      operation_type: 'backup', status: 'running', vault_id: vault.id, vault_name: 'vault', project_id: id, ended_at: null,
      provider_id: '0daac4c5-6707-4851-97ba-169e36266b66', error_info: { code: '', message: '' },
      extra_info: { resource: { id: server.id, type: 'OS::Nova::Server', name: 'web' }, common: { progress: expect.any(Number), task_id: log.id }, backup: { backup_name: expect.stringMatching(/^manualbk_/) } },
    });
    let shown = log;
    for (let i = 0; i < 20 && shown.status === 'running'; i++) shown = (await cbr.showOpLog(log.id)).operation_log;
    expect(shown).toMatchObject({ status: 'success', extra_info: { common: { progress: 100 } }, error_info: { code: '', message: '' } });
    expect(shown.ended_at).toMatch(/\+00:00$/);
    expect((await cbr.listOpLogs({ status: 'running' })).count).toBe(0);
    expect((await cbr.listOpLogs({ resource_id: server.id, limit: 1, offset: 1 })).operation_logs).toEqual([]);
    expect(await cbr.refuse.showOpLog('task-000000000000')).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6500' });
    expect((await cbr.refuse.listOpLogs({ status: 'done' })).errorMsg).toContain('status');
  });
});

describe('protectables', () => {
  it('lists servers and disks with the vault already holding each, and shows one', async () => {
    const id = 'protectables';
    const cbr = cbrClient(served.base, id);
    const held = await runningServer(served, id, { name: 'held', dataDisksGB: [10] });
    const free = await runningServer(served, id, { name: 'free' });
    const { vault } = await cbr.createVault(serverVault('vault', [held.id]));
    const { instances } = await cbr.listProtectable('server');
    const byName = Object.fromEntries(instances.map((i: Answer) => [i.name, i]));
    expect(byName.free).toMatchObject({ id: free.id, type: 'OS::Nova::Server', status: 'active', size: 40, protectable: { result: true } });
    expect(byName.held).toMatchObject({ size: 50, protectable: { result: false, code: 'BackupService.6103', vault: { id: vault.id, name: 'vault' } } });
    expect(byName.held.children.map((c: Answer) => c.id)).toEqual([held.systemDiskId, held.dataDiskIds[0]]);
    expect((await cbr.listProtectable('disk', { server_id: held.id })).instances).toHaveLength(2);
    expect((await cbr.showProtectable('server', free.id)).instance).toMatchObject({ id: free.id, name: 'free' });
    expect(await cbr.refuse.showProtectable('server', held.systemDiskId)).toMatchObject({ httpStatusCode: 404 });
    expect(await cbr.refuse.listProtectable('vm')).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.9900' });
    expect((await cbr.listProtectable('turbo')).instances).toEqual([]);
  });
});

describe('operations not served', () => {
  it('answers 501 naming the SDK operation, and the gateway 404 for a path no SDK has', async () => {
    const share = await raw(served.base, 'POST', '/cbr/v3/p/backups/bk-1/members', { body: '{"members":["x"]}' });
    expect(share.status).toBe(501);
    expect(share.body.error_msg).toContain('addMember');
    const tags = await raw(served.base, 'GET', '/cbr/v3/p/vault/vault-1/tags');
    expect(tags.body.error_msg).toContain('showVaultTag');
    expect((await raw(served.base, 'GET', '/cbr/v3/p/summary')).body.error_code).toBe('APIGW.0101');
  });
});
