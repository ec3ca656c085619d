/**
 * listBackups keeps the project's sorted backups while they are the very same records: a client
 * paging through them again and again reads the world as it is, the moment it changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server.js';
import { cbrClient, runningServer, serverVault } from '../support/cbr-client.js';

let served: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  served = await startServer({ clock: { mode: 'manual' } });
});
afterAll(() => served.close());

describe('listing the backups again', () => {
  it('shows a new backup first, a renamed one by its new name and a sort asked for in its order, on the next list', async () => {
    const cbr = cbrClient(served.base, 'list-again');
    const server = await runningServer(served, 'list-again');
    const { vault } = await cbr.createVault(serverVault('vault', [server.id], { sizeGB: 1000 }));
    const session = served.projects.get('list-again').session;
    const backUp = async (name: string) => {
      await cbr.createCheckpoint({ checkpoint: { vault_id: vault.id, parameters: { resources: [server.id], name } } });
      await session.perform('advance', ['2h']);
    };
    await backUp('first');
    await backUp('second');
    const names = async (query: Record<string, unknown> = {}) => ((await cbr.listBackups({ limit: 10, ...query })).backups as { name: string }[]).map((b) => b.name);
    expect(await names()).toEqual(['second', 'first']);
    expect(await names()).toEqual(['second', 'first']);
    await backUp('third');
    expect(await names()).toEqual(['third', 'second', 'first']);
    const { backups } = await cbr.listBackups({ limit: 1 });
    await cbr.updateBackup((backups as { id: string }[])[0]!.id, { backup: { name: 'renamed' } });
    expect(await names()).toEqual(['renamed', 'second', 'first']);
    expect(await names({ sort: 'name:asc' })).toEqual(['first', 'renamed', 'second']);
    expect(await names()).toEqual(['renamed', 'second', 'first']);
  }, 60_000);

  it('answers a backup asked again, shown or listed, with the same body, its children and description, and what changed the moment it changes', async () => {
    const cbr = cbrClient(served.base, 'kept-texts');
    const server = await runningServer(served, 'kept-texts', { dataDisksGB: [20] });
    const { vault } = await cbr.createVault(serverVault('vault', [server.id], { sizeGB: 1000 }));
    const session = served.projects.get('kept-texts').session;
    await cbr.createCheckpoint({ checkpoint: { vault_id: vault.id, parameters: { resources: [server.id], name: 'nightly', description: 'before the upgrade' } } });
    await session.perform('advance', ['2h']);
    const id = ((await cbr.listBackups({ limit: 1 })).backups as { id: string }[])[0]!.id;
    const first = (await cbr.showBackup(id)).backup as Record<string, any>;
    expect(first).toMatchObject({ resource_name: 'web', description: 'before the upgrade' });
    expect(first.children.map((c: { resource_id: string }) => c.resource_id).sort()).toEqual([server.systemDiskId, ...server.dataDiskIds].sort());
    expect((await cbr.showBackup(id)).backup).toEqual(first);
    const listed = ((await cbr.listBackups({ limit: 1 })).backups as Record<string, any>[])[0]!;
    expect(listed).toEqual(first);
    // Its server deleted (C3), the backup stays, still named for it; then its own deletion shows at once.
    await session.perform('deleteServer', [server.id]);
    expect((await cbr.showBackup(id)).backup).toMatchObject({ resource_name: 'web', status: 'available' });
    await cbr.deleteBackup(id);
    expect((await cbr.showBackup(id)).backup).toMatchObject({ id, status: 'deleting', resource_name: 'web' });
  }, 60_000);
});
