import { describe, expect, it } from 'vitest';
import { createSimulation, type JournalRecord } from '../../src/index.js';
import { runningServer } from './support.js';

describe('the journal', () => {
  it('records every command with its result, then the events and state changes it caused, in sequence', () => {
    const sim = createSimulation({ profile: 'instant' });
    const server = runningServer(sim);
    sim.backupServer(server.id);
    const records = sim.journal();
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    const command = records.find((r) => r.type === 'command' && r.verb === 'backupServer')!;
    expect(command).toMatchObject({ resourceId: server.id, result: { kind: 'backup', status: 'protecting' } });
    const after = records.filter((r) => r.seq > command.seq);
    expect(after.some((r) => r.type === 'state' && r.kind === 'backup' && r.from === null && r.status === 'protecting')).toBe(true);
    expect(after.some((r) => r.type === 'event' && r.resourceId === server.id && r.event.type === 'BACKUP_START')).toBe(true);
    for (const r of records) expect(typeof r.at).toBe('number');
  });

  it('records a resource reaching its final state, before what that causes', () => {
    const sim = createSimulation({ profile: 'instant' });
    const server = runningServer(sim);
    const backup = sim.backupServer(server.id);
    while (sim.get(backup.id).status !== 'available') sim.advance(1);
    sim.deleteBackup(backup.id);
    sim.advance('1m');
    const records = sim.journal();
    const available = records.findIndex((r) => r.type === 'state' && r.resourceId === backup.id && r.status === 'available');
    const ended = records.findIndex((r) => r.type === 'event' && r.resourceId === server.id && r.event.type === 'BACKUP_ENDED');
    expect(available).toBeGreaterThan(0);
    expect(ended).toBeGreaterThan(available);
    expect(records.some((r) => r.type === 'state' && r.resourceId === backup.id && r.from === 'deleting' && r.status === 'deleted')).toBe(true);
  });

  it('records a refusal with its code', () => {
    const sim = createSimulation();
    expect(() => sim.deleteBackup('bk-nothing')).toThrow();
    expect(sim.journal().at(-1)).toMatchObject({ type: 'refusal', verb: 'deleteBackup', code: 'Sim.NotFound', resourceId: 'bk-nothing' });
  });

  it('keeps only the last `limit` records and streams every record to the sink', () => {
    const streamed: JournalRecord[] = [];
    const sim = createSimulation({ profile: 'instant', journal: { limit: 25, sink: (r) => streamed.push(r) } });
    for (let i = 0; i < 10; i++) runningServer(sim, { name: `s${i}` });
    const kept = sim.journal();
    expect(kept).toHaveLength(25);
    expect(streamed.length).toBeGreaterThan(100);
    expect(kept).toEqual(streamed.slice(-25));
    expect(kept.map((r) => r.seq)).toEqual(streamed.slice(-25).map((r) => r.seq));
    expect(sim.world.journal.oldestSeq).toBe(kept[0]!.seq);
    const unbounded = createSimulation({ profile: 'instant' });
    expect(unbounded.world.journal.oldestSeq).toBeNull();
    runningServer(unbounded);
    expect(unbounded.world.journal.oldestSeq).toBe(1);
  });

  it('a bounded journal does not grow memory over a long run', () => {
    const sim = createSimulation({ journal: { limit: 1000 } });
    const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40 });
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [server.id] });
    sim.applyPolicy(sim.createPolicy({ name: 'p', pattern: ['FREQ=DAILY;BYHOUR=1,7,13,19'], maxBackups: 2 }).id, vault.id);
    sim.advance('200d');
    expect(sim.journal()).toHaveLength(1000);
    expect(sim.list('backup')).toHaveLength(2);
    expect(sim.save().tombstones.length).toBeLessThan(200);
  });
});
