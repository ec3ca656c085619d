/**
 * The call sequences an automation tester writes (rest-api.md §7.5: 1, 2 and 9), end to end in
 * the default project (the one the inspector shows): its servers made and its clock advanced
 * through the inspector's `POST /api/commands`, everything else through the real SDK core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, startServer } from '../support/server.js';
import { cbrClient, dailyPolicy, serverVault, type Answer, type Cbr } from '../support/cbr-client.js';

let served: Awaited<ReturnType<typeof startServer>>;
let cbr: Cbr;

beforeAll(async () => {
  served = await startServer();
  cbr = cbrClient(served.base, 'default');
});
afterAll(() => served.close());

/** A command of the inspector (`POST /api/commands`), as a tester's setup script sends it. */
async function command(verb: string, ...args: unknown[]): Promise<any> {
  const answer = await raw(served.base, 'POST', '/api/commands', { body: JSON.stringify({ verb, args }) });
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
  return answer.body.result;
}

const EVERY_HOUR = `FREQ=DAILY;INTERVAL=1;BYHOUR=${Array.from({ length: 24 }, (_, h) => h).join(',')};BYMINUTE=00`;

describe('rest-api.md §7.5, sequences 1, 2 and 9', () => {
  let app: { id: string };
  let big: { id: string };
  let vault: Answer;
  let manualId: string;

  it('1. protects a server: createPolicy, createVault with the server and backup_policy_id, showVault shows it available', async () => {
    app = await command('createServer', { name: 'app', os: 'linux', systemDiskGB: 40 });
    // A 240 GB server backs up for over an hour (5 min + 23 s per GB): an hourly policy meets its own runs (P4).
    big = await command('createServer', { name: 'big', os: 'linux', systemDiskGB: 40, dataDisksGB: [200] });
    await command('advance', '2m');
    const { policy } = await cbr.createPolicy(dailyPolicy('daily-3', { maxBackups: 3 }));
    ({ vault } = await cbr.createVault(serverVault('vault-app', [app.id], { sizeGB: 1000, policyId: policy.id })));
    const { vault: shown } = await cbr.showVault(vault.id);
    expect(shown.resources).toEqual([expect.objectContaining({ id: app.id, type: 'OS::Nova::Server', protect_status: 'available' })]);
    expect((await cbr.showPolicy(policy.id)).policy.associated_vaults).toEqual([{ vault_id: vault.id, destination_vault_id: '' }]);

    const { policy: hourly } = await cbr.createPolicy(dailyPolicy('hourly', { maxBackups: 2, pattern: [EVERY_HOUR] }));
    await cbr.createVault(serverVault('vault-big', [big.id], { sizeGB: 5000, policyId: hourly.id }));
  });

  it('2. backs up and waits for the mark: the restore is refused with 2005 until the backup is available', async () => {
    const { checkpoint } = await cbr.createCheckpoint({ checkpoint: { vault_id: vault.id, parameters: { resources: [app.id] } } });
    expect(checkpoint.status).toBe('protecting');
    const { backups } = await cbr.listBackups({ checkpoint_id: checkpoint.id });
    expect(backups).toHaveLength(1);
    manualId = backups[0].id;
    let backup: Answer = backups[0];
    for (let i = 0; i < 20 && backup.extend_info.supported_restore_mode !== 'snapshot'; i++) backup = (await cbr.showBackup(manualId)).backup;
    expect(backup).toMatchObject({ status: 'protecting', extend_info: { supported_restore_mode: 'snapshot' } });
    const refused = await cbr.refuse.restoreBackup(manualId, { restore: { server_id: app.id } });
    expect(refused).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.2005' });
    for (let i = 0; i < 20 && backup.status !== 'available'; i++) backup = (await cbr.showBackup(manualId)).backup;
    expect(backup).toMatchObject({ status: 'available', extend_info: { supported_restore_mode: 'backup' } });
  });

  it('9. ten days later the vault holds three automatic backups and the manual one; skipped runs are in the log (P4)', { timeout: 300_000 }, async () => {
    const advanced = await command('advance', '10d');
    expect(advanced.paused).toBe(false);
    const { backups } = await cbr.listBackups({ vault_id: vault.id, status: ['available'] });
    const names = backups.map((b: Answer) => b.name as string);
    expect(names.filter((n: string) => n.startsWith('autobk_'))).toHaveLength(3);
    expect(backups.map((b: Answer) => b.id)).toContain(manualId);
    expect(backups.filter((b: Answer) => b.extend_info.auto_trigger)).toHaveLength(3);

    const { operation_logs: skipped, count } = await cbr.listOpLogs({ operation_type: 'backup', status: 'skipped' });
    expect(count).toBeGreaterThan(0);
    for (const log of skipped) {
      expect(log).toMatchObject({ status: 'skipped', extra_info: { resource: { id: big.id, name: 'big' } }, error_info: { code: 'BackupService.6125' } });
      expect(log.policy_id).not.toBe('');
    }
  });
});
