import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { MACHINES } from '../../src/sim/world.js';
import { regionMachine } from '../../machines/region.machine.js';
import { createSimulation, type Simulation } from '../../src/sim/simulation.js';
import { pendingTimers } from '../../src/sim/save.js';
import type { BackupRecord } from '../../src/sim/records.js';
import { TIMER_WORDS, delayOf, timerWords } from '../../src/server/timer-words.js';

interface StateNodeLike {
  after: { eventType: string }[];
  states: Record<string, StateNodeLike>;
}

/** Every named delay a chart declares (`delays:`) or one of its states waits for (`after:`). */
function delaysOf(machine: AnyStateMachine): string[] {
  const delays = new Set(Object.keys(machine.implementations.delays ?? {}));
  const visit = (node: StateNodeLike) => {
    for (const t of node.after) {
      const delay = delayOf(t.eventType);
      if (delay !== null) delays.add(delay);
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root as unknown as StateNodeLike);
  return [...delays].sort();
}

/** The pending timers of `sim` in words, soonest first. */
function words(sim: Simulation): string[] {
  return pendingTimers(sim.world).sort((a, b) => a.deadline - b.deadline || a.seq - b.seq).map((t) => timerWords(sim.world, t.owner, t.event.type));
}

describe('the pending timers in words', () => {
  it('word every delay of every chart, the world\'s own chart included, and no delay a chart does not have', () => {
    const charts: Record<string, AnyStateMachine> = { ...MACHINES, region: regionMachine };
    const worded: string[] = [];
    for (const [kind, machine] of Object.entries(charts)) {
      const table = TIMER_WORDS[kind as keyof typeof TIMER_WORDS];
      for (const delay of delaysOf(machine)) {
        expect(table?.[delay], `${kind}: the delay ${delay} has no words in TIMER_WORDS`).toBeTypeOf('function');
        worded.push(`${kind}.${delay}`);
      }
      expect(Object.keys(table).sort(), `${kind}: words for delays the chart does not have`).toEqual(delaysOf(machine));
    }
    expect(worded).toEqual(expect.arrayContaining([
      'backup.snapshotPhase', 'backup.dataTransfer', 'backup.restoreJob', 'backup.deleteJob', 'backup.expiryBatch', 'backup.failedBackupKept',
      'disk.createJob', 'disk.deleteJob', 'image.imageJob', 'server.provisionJob', 'policy.untilNextRun',
    ]));
  });

  it('say whose each timer is and what it does, the way its transition goes', () => {
    const sim = createSimulation();
    const web = sim.createServer({ name: 'web-01', os: 'linux', systemDiskGB: 40, initTool: true, optimized: true });
    sim.createDisk({ name: 'spare', sizeGB: 10 });
    expect(words(sim)).toEqual(expect.arrayContaining([
      'server web-01: creation ends: Running',
      'disk web-01-system: creation ends: In-use',
      'disk spare: creation ends: Available',
    ]));
    sim.advance('1h');
    const backup = sim.backupServer(web.id, { name: 'web-01-backup' });
    const disk = sim.list('disk').find((d) => d.name === 'spare')!;
    sim.backupDisk(disk.id, { name: 'spare-backup' });
    expect(words(sim)).toEqual(expect.arrayContaining([
      'backup web-01-backup: snapshot phase ends: marked “Image can be created”',
      'backup spare-backup: snapshot phase ends: the data transfer goes on',
    ]));
    while ((sim.get(backup.id) as BackupRecord).imageable !== true) sim.advance(sim.nextTimer()! - sim.now());
    expect(words(sim)).toContain('backup web-01-backup: data transfer ends: Available');
    const image = sim.createImageFromServer(web.id, { name: 'golden', kind: 'system-disk' });
    expect(words(sim)).toContain('image golden: image creation ends: Normal');
    while (sim.get(image.id).status !== 'active') sim.advance(sim.nextTimer()! - sim.now());
    sim.failNext('provision');
    sim.provisionServers(image.id, { count: 2, namePrefix: 'clone' });
    expect(words(sim).filter((w) => w.startsWith('server clone'))).toEqual(['server clone-0001: creation ends: Faulty (it fails)', 'server clone-0002: creation ends: Running']);
    sim.advance('1d');
    sim.failNext('backup');
    sim.backupServer(web.id, { name: 'bad-backup' });
    while (!words(sim).some((w) => w.startsWith('backup bad-backup: data transfer'))) sim.advance(sim.nextTimer()! - sim.now());
    expect(words(sim)).toContain('backup bad-backup: data transfer ends: Error (the backup fails)');
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [] });
    const policy = sim.createPolicy({ name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 2 });
    sim.applyPolicy(policy.id, vault.id);
    expect(words(sim)).toContain("policy daily: the policy's next run: it backs up its vaults");
    expect(words(sim).join('\n')).not.toMatch(/xstate|after [a-z]/);
  });

  it('say what restoring, deleting and retention do, and when retention keeps a backup instead', () => {
    const sim = createSimulation();
    const web = sim.createServer({ name: 'web-01', os: 'linux', systemDiskGB: 40 });
    const vault = sim.createVault({ name: 'v', kind: 'server', resourceIds: [web.id] });
    const policy = sim.createPolicy({ name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], retentionDays: 1 });
    sim.applyPolicy(policy.id, vault.id);
    const until = (done: () => boolean) => {
      while (!done()) sim.advance(sim.nextTimer()! - sim.now());
    };
    const backups = () => sim.list('backup');
    until(() => backups().some((b) => b.status === 'available'));
    const auto = backups().find((b) => b.status === 'available')!;
    expect(words(sim)).toContain(`backup ${auto.name}: the retention batch at 08:00 after it expires: its policy deletes it (P8)`);
    sim.restoreBackup(auto.id);
    expect(words(sim)).toContain(`backup ${auto.name}: restore ends: Available again`);
    // Restoring now: the batch deletes it only if the restore has ended by then.
    expect(words(sim)).toContain(`backup ${auto.name}: the retention batch at 08:00 after it expires: its policy deletes it if it is Available then (P8)`);
    until(() => sim.get(auto.id).status === 'available');
    sim.failNext('backup');
    until(() => backups().some((b) => b.status === 'error'));
    const failed = backups().find((b) => b.status === 'error')!;
    expect(words(sim)).toContain(`backup ${failed.name}: a month in Error: its policy deletes it (P9)`);
    const manual = sim.backupServer(web.id, { name: 'by-hand' });
    until(() => sim.get(manual.id).status === 'available');
    sim.deleteBackup(manual.id);
    expect(words(sim)).toContain('backup by-hand: deletion ends: deleted');
    const disk = sim.createDisk({ name: 'spare', sizeGB: 10 });
    until(() => sim.get(disk.id).status === 'available');
    sim.deleteDisk(disk.id);
    expect(words(sim)).toContain('disk spare: deletion ends: deleted');
  });

  it('give a timer no resource owns to the world, and an event no chart words as it is', () => {
    const sim = createSimulation();
    expect(timerWords(sim.world, null, 'xstate.after.somewhen.region.images')).toBe('the world: somewhen');
    expect(timerWords(sim.world, 'ecs-000000000000', 'TICK')).toBe('the world: TICK');
  });
});
