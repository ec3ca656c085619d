import { describe, expect, it } from 'vitest';
import { createSimulation, restoreSimulation, type JournalRecord } from '../../src/index.js';
import { observable } from './support.js';
import { workload } from './scripts.js';

describe('save and restore', () => {
  it('a save is versioned plain JSON', () => {
    const sim = createSimulation();
    for (const step of workload(7, 20)) step(sim);
    const saved = sim.save();
    expect(saved).toMatchObject({ format: 'cbr-sim/save', version: 1 });
    expect(JSON.parse(JSON.stringify(saved))).toEqual(saved);
  });

  it.each([5, 17, 33, 48])('a run restored at step %i continues exactly like the uninterrupted one', (cut) => {
    // Each run gets its own copy of the workload: its steps draw random choices as they run.
    const steps = workload(42, 60);
    const stepsOfCutRun = workload(42, 60);
    const straight = createSimulation({ seed: 9 });
    const cutRun = createSimulation({ seed: 9 });
    for (let i = 0; i < cut; i++) {
      steps[i]!(straight);
      stepsOfCutRun[i]!(cutRun);
    }
    const seqAtCut = cutRun.journal().at(-1)!.seq;
    const restored = restoreSimulation(JSON.parse(JSON.stringify(cutRun.save())));
    for (let i = cut; i < steps.length; i++) {
      steps[i]!(straight);
      stepsOfCutRun[i]!(restored);
    }
    straight.advance('3d');
    restored.advance('3d');
    expect(observable(restored)).toEqual(observable(straight));
    const after = (records: JournalRecord[]) => JSON.parse(JSON.stringify(records.filter((r) => r.seq > seqAtCut)));
    const tail = after(straight.journal());
    expect(tail.length).toBeGreaterThan(50);
    expect(after(restored.journal())).toEqual(tail);
  });

  it('pending timers keep their deadlines across a restore (XState does not persist them)', () => {
    const sim = createSimulation();
    const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40 });
    const due = sim.nextTimer();
    const restored = restoreSimulation(sim.save());
    expect(restored.nextTimer()).toBe(due);
    // The realistic profile provisions a server in 90 s.
    restored.advance(89_999);
    expect(restored.get(server.id).status).toBe('BUILD');
    restored.advance(1);
    expect(restored.get(server.id).status).toBe('ACTIVE');
  });

  it('journal sequence numbers continue after a restore', () => {
    const sim = createSimulation();
    sim.createDisk({ name: 'd', sizeGB: 10 });
    const last = sim.journal().at(-1)!.seq;
    const restored = restoreSimulation(sim.save());
    restored.createDisk({ name: 'e', sizeGB: 10 });
    expect(restored.journal().find((r) => r.seq === last + 1)).toMatchObject({ type: 'command', verb: 'createDisk' });
  });

  it('restores a save made before restore points, tasks and jobs (issue 12), with the realistic export time', () => {
    const sim = createSimulation({ profile: 'realistic' });
    sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40 });
    sim.advance('2m');
    const saved = sim.save() as unknown as Record<string, unknown> & { options: { timings: Record<string, number> }; resources: Record<string, unknown>[] };
    // What a save of the previous release held: none of the new parts.
    for (const key of ['tasks', 'checkpoints', 'jobSerial', 'jobOrder', 'deletionCauses']) delete saved[key];
    delete saved.options.timings.exportImageMs;
    for (const r of saved.resources) delete r.stamps;
    const restored = restoreSimulation(saved as never);
    const [server] = restored.list('server');
    expect(server!.status).toBe('ACTIVE');
    const backup = restored.backupServer(server!.id);
    expect(restored.get(backup.checkpointId!)).toMatchObject({ kind: 'checkpoint', backupIds: [backup.id] });
    expect(restored.list('task', { resourceId: server!.id })).toHaveLength(1);
    expect(restored.save().options.timings.exportImageMs).toBe(300_000);
  });
});
