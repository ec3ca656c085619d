import { describe, expect, it } from 'vitest';
import { Session } from '../../src/server/session.js';
import { SCENARIOS } from '../../scenarios/index.js';
import type { JournalRecord } from '../../src/sim/journal.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;

/** seed-000 played to its end, then a small fleet under a daily policy for a few days. */
function busySession(): Session & { setupSeq: number } {
  const session = Object.assign(new Session(seed000), { setupSeq: 0 });
  session.setupSeq = session.seq;
  while (session.stepScenario());
  const ids = [0, 1, 2].map((i) => (session.command('createServer', [{ name: `s${i}`, os: 'linux', systemDiskGB: 40 }]) as { id: string }).id);
  const vault = session.command('createVault', [{ name: 'v', kind: 'server', resourceIds: ids }]) as { id: string };
  const policy = session.command('createPolicy', [{ name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 2 }]) as { id: string };
  session.command('applyPolicy', [policy.id, vault.id]);
  try {
    session.command('deleteServer', ['ecs-nope']);
  } catch {
    // a refusal in the journal too
  }
  session.command('advance', ['4d']);
  session.command('backupServer', [ids[0]]);
  session.command('advance', ['1d']);
  return session;
}

describe('time travel', () => {
  it('shows, at every state record, each resource as the journal says it was then, at that record\'s time', () => {
    const session = busySession();
    const journal = session.simulation.journal().filter((r) => r.seq > session.setupSeq);
    // What the journal says the world looks like at a record: a record an advance wrote is seen
    // exactly then; one another command wrote is seen with that whole command done (atomic).
    const group: number[] = []; // index → seq of the last record of what the record is seen with
    let command: JournalRecord | null = null;
    let start = 0;
    const close = (end: number) => {
      for (let j = start; j < end; j++) group[j] = command?.type === 'command' && command.verb === 'advance' ? journal[j]!.seq : journal[end - 1]!.seq;
    };
    journal.forEach((r, i) => {
      if (r.type !== 'command' && r.type !== 'refusal') return;
      close(i);
      command = r;
      start = i;
    });
    close(journal.length);
    const statusAt = (id: string, seq: number) => journal.filter((r) => r.type === 'state' && r.resourceId === id && r.seq <= seq).at(-1) as Extract<JournalRecord, { type: 'state' }>;

    let advancing = 0;
    let sameInstant = 0;
    journal.forEach((r, i) => {
      if (r.type !== 'state') return;
      const past = session.worldAt(r.seq);
      const seen = group[i]!;
      if (seen === r.seq) advancing++;
      if (journal.some((o) => o.type === 'state' && o.resourceId === r.resourceId && o.at === r.at && o.seq > seen)) sameInstant++;
      expect({ seq: r.seq, status: past.get(r.resourceId!).status }).toEqual({ seq: r.seq, status: statusAt(r.resourceId!, seen).status });
      expect(past.now()).toBe(r.at);
    });
    // Not vacuous: records written while the clock ran, and changes of one resource at one instant
    // that only stopping between two timers tells apart.
    expect(advancing).toBeGreaterThan(50);
    expect(sameInstant).toBeGreaterThan(0);
  });

  it('resumes from a record written while the clock ran, and the fork goes on as the world did', () => {
    const session = busySession();
    const end = session.simulation.now();
    const world = session.state().resources;
    const journal = session.simulation.journal();
    const lastAdvance = journal.filter((r) => r.type === 'command' && r.verb === 'advance').at(-1)!;
    const inside = journal.filter((r) => r.seq > lastAdvance.seq && r.type === 'state').at(2)!;
    session.fork(inside.seq);
    expect(session.simulation.now()).toBe(inside.at);
    session.command('advance', [end - inside.at]);
    expect(session.state().resources).toEqual(world);
  });

  it('shows the setup\'s records with the setup done, and refuses records no longer held', () => {
    const session = new Session(seed000);
    const firstSeq = session.simulation.journal()[0]!.seq;
    expect(session.worldAt(firstSeq).list('server').length).toBeGreaterThan(0);
    expect(() => session.worldAt(999_999)).toThrow(/not retained/);
  });
});
