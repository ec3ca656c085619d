import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/server/session.js';
import { serve, type Served } from '../../src/server/serve.js';
import { TASKS_SHOWN } from '../../src/server/task-view.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { jsonApi, liveTab } from './clients.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;

describe('the task log and the restore points in the session\'s state', () => {
  it('sends the newest 500 tasks, newest first, with the count of all, when the log holds more', () => {
    const session = new Session(seed000);
    const servers = [0, 1, 2].map((i) => (session.command('createServer', [{ name: `s${i}`, os: 'linux', systemDiskGB: 10 }]) as { id: string }).id);
    session.command('advance', ['10m']);
    const vault = session.command('createVault', [{ name: 'v', kind: 'server', resourceIds: servers }]) as { id: string };
    // 3 tasks a round: 170 rounds make 510, more than the page is sent.
    for (let i = 0; i < 170; i++) {
      session.command('backupVault', [vault.id]);
      session.command('advance', ['2h']);
    }
    const state = session.state();
    expect(state.taskCount).toBe(510);
    expect(state.tasks).toHaveLength(TASKS_SHOWN);
    const all = session.simulation.list('task');
    expect(state.tasks.map((t) => t.id)).toEqual(all.slice(-TASKS_SHOWN).reverse().map((t) => t.id));
    expect(state.checkpoints).toHaveLength(170);
    expect(state.checkpoints[0]!.id).toBe(session.simulation.list('checkpoint').at(-1)!.id);
    // The cached text of GET /api/state says the same.
    const text = JSON.parse(session.stateText());
    expect(text.tasks).toEqual(state.tasks);
    expect(text.taskCount).toBe(510);
    expect(text.checkpointCount).toBe(170);
  }, 60_000);
});

describe('the inspector\'s routes for tasks and restore points', () => {
  let served: Served;
  const api = (path: string, body?: unknown) => jsonApi(served.url, path, body);
  const command = (verb: string, ...args: unknown[]) => api('/api/commands', { verb, args });

  beforeAll(async () => {
    served = await serve({ scenario: seed000, port: 0 });
  });
  afterAll(async () => {
    await served.close();
  });

  it('backs a vault up through POST /api/commands (backupVault), and the vault row offers it as Back Up Now', async () => {
    const web = (await api('/api/state')).json.resources.find((r: any) => r.kind === 'server');
    const vault = (await command('createVault', { name: 'v', kind: 'server', resourceIds: [web.id] })).json.result;
    const { json: actions } = await api('/api/actions', { ids: [vault.id] });
    expect(actions.actions[vault.id][0]).toMatchObject({ label: 'Back Up Now', verb: 'backupVault', args: [vault.id], allowed: true });
    const tab = await liveTab(served.url);
    const made = await command('backupVault', vault.id);
    expect(made.status).toBe(200);
    const checkpoint = made.json.result;
    expect(checkpoint).toMatchObject({ kind: 'checkpoint', vaultId: vault.id, status: 'protecting' });

    // The /live batch names the task and the restore point: their records come with it, not as gone.
    const batch = await tab.until((m) => m.type === 'records' && m.state.checkpoints.some((c: any) => c.id === checkpoint.id));
    const task = batch.state.tasks.find((t: any) => t.checkpointId === checkpoint.id);
    expect(task).toMatchObject({ kind: 'task', operationType: 'backup', status: 'running', resourceId: web.id, progress: 0 });
    expect(batch.state.gone).toEqual([]);
    expect(batch.state.taskCount).toBe(1);
    expect(batch.state.checkpointCount).toBe(1);

    // The clock moves the running task's progress: the advance's batch carries it again.
    await command('advance', '10m');
    const later = await tab.until((m) => m.type === 'records' && m.records.some((r: any) => r.verb === 'advance'));
    expect(later.state.tasks.find((t: any) => t.id === task.id).progress).toBeGreaterThan(0);
    tab.ws.close();

    const state = (await api('/api/state')).json;
    expect(state.tasks.map((t: any) => t.id)).toEqual([task.id]);
    expect(state.taskCount).toBe(1);
    expect(state.checkpoints.map((c: any) => c.id)).toEqual([checkpoint.id]);
    expect(state.resources.some((r: any) => r.id === task.id || r.id === checkpoint.id)).toBe(false);
  });

  it('answers GET /api/resources/:id for a task and a restore point: the record, no actions, no chart', async () => {
    const state = (await api('/api/state')).json;
    for (const id of [state.tasks[0].id, state.checkpoints[0].id]) {
      const { status, json } = await api(`/api/resources/${id}`);
      expect(status).toBe(200);
      expect(json.record.id).toBe(id);
      expect(json).toMatchObject({ value: null, context: null, actions: [], events: { enabled: [], refused: [] } });
    }
    expect((await api('/api/resources/task-000000000000')).status).toBe(404);
  });

  it('sends the running tasks with the progress messages of a play (the clock moves without records)', async () => {
    const tab = await liveTab(served.url);
    await api('/api/play', { speed: 3600 });
    const progress = await tab.until((m) => m.type === 'progress' && m.progress.operation === 'play' && m.tasks.length > 0);
    expect(progress.tasks[0]).toMatchObject({ kind: 'task', status: 'running' });
    await api('/api/pause', {});
    tab.ws.close();
  });
});
