/**
 * CBR restore points and backups on the wire (rest-api.md §2.3–§2.4) through the real SDK core:
 * "back up now", the backup body a client reads, the list's filters, sort and pages, renaming,
 * and every refusal of delete and restore as the charts refuse them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, startServer } from '../support/server.js';
import { cbrClient, runningServer, serverVault, type Answer, type Cbr } from '../support/cbr-client.js';

let served: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  served = await startServer();
});
afterAll(() => served.close());

const CBR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

interface World { cbr: Cbr; server: { id: string; systemDiskId: string; dataDiskIds: string[] }; vault: Answer; advance: (d: string) => Promise<unknown> }

/** A project with a Running server (40 GB + `dataDisksGB`) in a 1000 GB server vault. */
async function world(id: string, dataDisksGB?: number[]): Promise<World> {
  const cbr = cbrClient(served.base, id);
  const server = await runningServer(served, id, { dataDisksGB });
  const { vault } = await cbr.createVault(serverVault('vault', [server.id], { sizeGB: 1000 }));
  const session = served.projects.get(id).session;
  return { cbr, server, vault, advance: (d) => session.perform('advance', [d]) };
}

/** Backs the vault up now and answers its one backup's id. */
async function backUp(w: World, parameters: Record<string, unknown> = {}): Promise<string> {
  const { checkpoint } = await w.cbr.createCheckpoint({ checkpoint: { vault_id: w.vault.id, parameters: { resources: [w.server.id], ...parameters } } });
  const { backups } = await w.cbr.listBackups({ checkpoint_id: checkpoint.id });
  return backups[0].id as string;
}

/** Polls showBackup (the on-poll clock moves it) until `done`. */
async function pollBackup(cbr: Cbr, id: string, done: (b: Answer) => boolean): Promise<Answer> {
  for (let i = 0; i < 50; i++) {
    const { backup } = await cbr.showBackup(id);
    if (done(backup)) return backup;
  }
  throw new Error(`backup ${id} never got there`);
}

describe('createCheckpoint and showCheckpoint', () => {
  it('answers the restore point at once, protecting, with its vault, resources, skipped ones and extra_info', async () => {
    const w = await world('bk-checkpoint');
    const { checkpoint, httpStatusCode } = await w.cbr.createCheckpoint({ checkpoint: { vault_id: w.vault.id, parameters: { name: 'before_upgrade', description: 'v2', resources: [w.server.id] } } });
    expect(httpStatusCode).toBe(200);
    expect(checkpoint).toMatchObject({
      project_id: 'bk-checkpoint', status: 'protecting',
      vault: { id: w.vault.id, name: 'vault', skipped_resources: [], resources: [{ id: w.server.id, name: 'web', type: 'OS::Nova::Server', protect_status: 'protecting', resource_size: 40 }] },
      extra_info: { name: 'before_upgrade', description: 'v2', retention_duration: -1 },
    });
    expect(checkpoint.created_at).toMatch(CBR_TIME);
    expect((await w.cbr.showCheckpoint(checkpoint.id)).checkpoint).toMatchObject({ id: checkpoint.id, vault: { id: w.vault.id } });
    expect(await w.cbr.refuse.showCheckpoint('cp-000000000000')).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6217' });
  });

  it('skips a resource already being backed up (P4) and refuses with 0001 when nothing can be backed up', async () => {
    const w = await world('bk-0001');
    const other = await runningServer(served, 'bk-0001', { name: 'db' });
    await w.cbr.addVaultResource(w.vault.id, { resources: [{ id: other.id, type: 'OS::Nova::Server' }] });
    await backUp(w);
    const { checkpoint } = await w.cbr.createCheckpoint({ checkpoint: { vault_id: w.vault.id } });
    expect(checkpoint.vault.resources.map((r: { id: string }) => r.id)).toEqual([other.id]);
    expect(checkpoint.vault.skipped_resources).toEqual([{ id: w.server.id, type: 'OS::Nova::Server', name: 'web', code: 'BackupService.6125', reason: expect.any(String) }]);
    const before = (await w.cbr.listBackups()).count;
    const error = await w.cbr.refuse.createCheckpoint({ checkpoint: { vault_id: w.vault.id } });
    expect(error).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.0001' });
    expect((await w.cbr.listBackups()).count).toBe(before);
    expect(await w.cbr.refuse.createCheckpoint({ checkpoint: { vault_id: 'vault-000000000000' } })).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6105' });
  });

  it('names a bad field with 9900 and makes nothing', async () => {
    const w = await world('bk-valid');
    for (const [body, words] of [
      [{ checkpoint: {} }, 'lacks the mandatory field "vault_id"'],
      [{ checkpoint: { vault_id: w.vault.id, parameters: { name: 'has space' } } }, 'checkpoint.parameters.name must match pattern'],
      [{ checkpoint: { vault_id: w.vault.id, parameters: { resources: 'all' } } }, 'checkpoint.parameters.resources must be array'],
      [{ checkpoint: { vault_id: w.vault.id, force: true } }, 'unknown field "force"'],
    ] as const) {
      const error = await w.cbr.refuse.createCheckpoint(body as Record<string, unknown>);
      expect(error.errorCode, words).toBe('BackupService.9900');
      expect(error.errorMsg).toContain(words);
    }
    expect((await w.cbr.listBackups()).count).toBe(0);
  });
});

describe('showBackup', () => {
  it('shows what a client reads, in CBR\'s style, with one disk backup per disk as children', async () => {
    const w = await world('bk-show', [100]);
    const id = await backUp(w, { name: 'nightly' });
    const { backup } = await w.cbr.showBackup(id);
    expect(backup).toMatchObject({
      id, name: 'nightly', status: 'protecting', project_id: 'bk-show', vault_id: w.vault.id, resource_id: w.server.id, resource_name: 'web',
      resource_type: 'OS::Nova::Server', provider_id: '0daac4c5-6707-4851-97ba-169e36266b66', resource_size: 140, image_type: 'backup', parent_id: null,
      enterprise_project_id: '0',
      extend_info: { auto_trigger: false, contain_system_disk: true, os_images_data: [], supported_restore_mode: expect.stringMatching(/^(na|snapshot)$/) },
    });
    for (const key of ['created_at', 'updated_at']) expect(backup[key], key).toMatch(CBR_TIME);
    expect(backup.children.map((c: Answer) => [c.resource_id, c.resource_type, c.parent_id, c.extend_info.system_disk, c.resource_size]))
      .toEqual([[w.server.systemDiskId, 'OS::Cinder::Volume', id, true, 40], [w.server.dataDiskIds[0], 'OS::Cinder::Volume', id, false, 100]]);
    const children = await w.cbr.listBackups({ parent_id: id });
    expect(children.backups.map((c: Answer) => c.id)).toEqual(backup.children.map((c: Answer) => c.id));
  });

  it('moves a Creating backup on the on-poll clock until it is available, with restore mode backup', async () => {
    const w = await world('bk-poll');
    const id = await backUp(w);
    const seen: string[] = [];
    const done = await pollBackup(w.cbr, id, (b) => {
      seen.push(`${b.status}/${b.extend_info.supported_restore_mode}`);
      return b.status === 'available';
    });
    expect(seen).toContain('protecting/snapshot');
    expect(done).toMatchObject({ status: 'available', extend_info: { supported_restore_mode: 'backup' } });
    expect(done.protected_at).toMatch(CBR_TIME);
    // The vault counts it: billing.used in MB of the library's GB, the resource's backups.
    const { vault } = await w.cbr.showVault(w.vault.id);
    const usedGB = (served.projects.get('bk-poll').session.simulation.get(w.vault.id) as { usedGB: number }).usedGB;
    expect(usedGB).toBeGreaterThan(0);
    expect(vault.billing.used).toBe(Math.round(usedGB * 1024));
    expect(vault.resources[0]).toMatchObject({ protect_status: 'available', backup_count: 1, backup_size: 40 });
  });

  it('answers 6200 once a deletion has finished, which polling it waits for', async () => {
    const w = await world('bk-gone');
    const id = await backUp(w);
    await pollBackup(w.cbr, id, (b) => b.status === 'available');
    expect((await raw(served.base, 'DELETE', `/cbr/v3/bk-gone/backups/${id}`)).status).toBe(204);
    expect((await w.cbr.listBackups({ status: 'deleting' })).backups.map((b: Answer) => b.id)).toEqual([id]);
    // Polled while deleting, the on-poll clock runs to the deletion's end: the backup is gone.
    expect(await w.cbr.refuse.showBackup(id)).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6200' });
    expect(await w.cbr.refuse.deleteBackup(id)).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6200' });
    expect(await w.cbr.refuse.showBackup('bk-000000000000')).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6200' });
    expect(await w.cbr.refuse.showBackup(w.vault.id)).toMatchObject({ httpStatusCode: 404, errorCode: 'BackupService.6200' });
  });
});

describe('listBackups', () => {
  it('filters by vault, resource, name, status (repeatable) and time; sorts by key[:dir]; pages by limit, offset and marker', async () => {
    const w = await world('bk-list');
    const ids: string[] = [];
    for (const name of ['a_one', 'b_two', 'c_three']) {
      ids.push(await backUp(w, { name }));
      await w.advance('30m');
    }
    const { backups: newestFirst, count } = await w.cbr.listBackups({ vault_id: w.vault.id });
    expect(count).toBe(3);
    expect(newestFirst.map((b: Answer) => b.id)).toEqual([...ids].reverse());
    expect((await w.cbr.listBackups({ sort: 'name:asc' })).backups.map((b: Answer) => b.name)).toEqual(['a_one', 'b_two', 'c_three']);
    expect((await w.cbr.listBackups({ sort: 'created_at:asc', limit: 1, offset: 1 })).backups.map((b: Answer) => b.id)).toEqual([ids[1]]);
    expect((await w.cbr.listBackups({ sort: 'created_at:asc', marker: ids[0] })).backups.map((b: Answer) => b.id)).toEqual([ids[1], ids[2]]);
    expect((await w.cbr.listBackups({ name: 'two' })).backups.map((b: Answer) => b.id)).toEqual([ids[1]]);
    expect((await w.cbr.listBackups({ resource_name: 'web', resource_type: 'OS::Nova::Server' })).count).toBe(3);
    expect((await w.cbr.listBackups({ resource_id: 'srv-000000000000' })).count).toBe(0);
    expect((await w.cbr.listBackups({ status: ['available', 'error'] })).count).toBe(3);
    expect((await w.cbr.listBackups({ status: 'protecting' })).count).toBe(0);
    const second = (await w.cbr.showBackup(ids[1]!)).backup.created_at as string;
    expect((await w.cbr.listBackups({ start_time: second.replace('+00:00', 'Z') })).backups.map((b: Answer) => b.id)).toEqual([ids[2], ids[1]]);
    expect((await w.cbr.listBackups({ end_time: second.replace('+00:00', 'Z') })).backups.map((b: Answer) => b.id)).toEqual([ids[1], ids[0]]);
    expect((await w.cbr.listBackups({ own_type: 'shared' })).count).toBe(0);
  });

  it('names a bad filter with 9900', async () => {
    const w = await world('bk-list-bad');
    for (const [query, words] of [
      [{ sort: 'size:asc' }, 'sort'], [{ status: 'creating' }, 'status'], [{ limit: 1001 }, 'limit'],
      [{ start_time: 'yesterday' }, 'start_time'], [{ marker: 'bk-000000000000' }, 'marker'], [{ colour: 'red' }, 'unknown field "colour"'],
    ] as const) {
      const error = await w.cbr.refuse.listBackups(query as Record<string, unknown>);
      expect(error.errorCode, words).toBe('BackupService.9900');
      expect(error.errorMsg).toContain(words);
    }
  });
});

describe('updateBackup and deleteBackup', () => {
  it('renames a backup', async () => {
    const w = await world('bk-rename');
    const id = await backUp(w);
    expect((await w.cbr.updateBackup(id, { backup: { name: 'kept' } })).backup).toMatchObject({ id, name: 'kept' });
    expect((await w.cbr.refuse.updateBackup(id, { backup: {} })).errorMsg).toContain('lacks the mandatory field "name"');
  });

  it('refuses to delete a Creating backup (6201, B5), the newest while the next runs (6216, P5) and one with an image (6204, I7)', async () => {
    const w = await world('bk-delete');
    const first = await backUp(w);
    expect(await w.cbr.refuse.deleteBackup(first)).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.6201' });
    await pollBackup(w.cbr, first, (b) => b.status === 'available');
    const second = await backUp(w);
    expect(await w.cbr.refuse.deleteBackup(first)).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.6216' });
    await pollBackup(w.cbr, second, (b) => b.status === 'available');
    const image = await served.projects.get('bk-delete').session.perform('createImageFromBackup', [second, { name: 'img' }]) as { id: string };
    const pinned = await w.cbr.refuse.deleteBackup(second);
    expect(pinned).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.6204' });
    expect(pinned.errorMsg).toContain(image.id);
    expect((await w.cbr.showBackup(second)).backup.extend_info.os_images_data).toEqual([{ image_id: image.id }]);
  });
});

describe('restoreBackup', () => {
  it('answers 202 with no body and the backup is restoring; refuses a Creating backup with 2005 (B3)', async () => {
    const w = await world('bk-restore');
    const id = await backUp(w);
    expect(await w.cbr.refuse.restoreBackup(id, { restore: { server_id: w.server.id } })).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.2005' });
    await pollBackup(w.cbr, id, (b) => b.status === 'available');
    const answer = await raw(served.base, 'POST', `/cbr/v3/bk-restore/backups/${id}/restore`, { body: JSON.stringify({ restore: { server_id: w.server.id, power_on: false } }) });
    expect(answer.status).toBe(202);
    expect(answer.body).toBeUndefined();
    expect((await w.cbr.showBackup(id)).backup.status).toMatch(/^(restoring|available)$/);
    const { operation_logs } = await w.cbr.listOpLogs({ operation_type: 'restore' });
    expect(operation_logs[0]).toMatchObject({ extra_info: { restore: { backup_id: id, target_resource_id: w.server.id, target_resource_name: 'web' } } });
  });

  it('refuses a target being backed up (2002), one being restored (2010) and a disk smaller than its disk backup (2001)', async () => {
    const w = await world('bk-restore-refused');
    const a = await backUp(w);
    await pollBackup(w.cbr, a, (b) => b.status === 'available');
    const b = await backUp(w);
    expect(await w.cbr.refuse.restoreBackup(a, { restore: { server_id: w.server.id } })).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.2002' });
    await pollBackup(w.cbr, b, (x) => x.status === 'available');
    await w.cbr.restoreBackup(a, { restore: { server_id: w.server.id } });
    expect(await w.cbr.refuse.restoreBackup(b, { restore: { server_id: w.server.id } })).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.2010' });
    const small = await runningServer(served, 'bk-restore-refused', { name: 'small', systemDiskGB: 20 });
    const tooSmall = await w.cbr.refuse.restoreBackup(b, { restore: { server_id: small.id, mappings: [{ backup_id: `${b}-1`, volume_id: small.systemDiskId }] } });
    expect(tooSmall).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.2001' });
    expect(await w.cbr.refuse.restoreBackup(b, { restore: { server_id: 'srv-000000000000' } })).toMatchObject({ httpStatusCode: 400, errorCode: 'BackupService.9900' });
    expect(await w.cbr.refuse.restoreBackup(b, { restore: { server_id: small.id, volume_id: small.systemDiskId } })).toMatchObject({ errorCode: 'BackupService.9900' });
  });
});
