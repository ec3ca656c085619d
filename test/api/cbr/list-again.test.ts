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
});
