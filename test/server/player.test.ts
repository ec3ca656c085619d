/**
 * The scenario player and the world stay one (issue 11, "consistent state"): resuming from a
 * record puts the player where the world is, or detaches it; a console action during a scenario
 * says the world now differs from the script; and `serve --data` keeps all of it across a restart.
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/server/session.js';
import { SimulationError } from '../../src/sim/errors.js';
import type { StepOutcome } from '../../src/scenario/runner.js';
import { SCENARIOS } from '../../scenarios/index.js';

const scenario = (id: string) => SCENARIOS.find((s) => s.id === id)!;
const seed000 = scenario('seed-000-backup-to-image');

/** A session that played `id` to its end, with every outcome (records included) it gave. */
function played(id: string): { session: Session; outcomes: StepOutcome[] } {
  const session = new Session(scenario(id));
  const outcomes: StepOutcome[] = [];
  for (let o = session.stepScenario(); o; o = session.stepScenario()) outcomes.push(o);
  return { session, outcomes };
}

/** What a step did, as the page shows it. */
const shown = (o: { index: number; ok: boolean; at: string; description: string; changes: unknown }) => ({ index: o.index, ok: o.ok, at: o.at, description: o.description, changes: o.changes });

function refusal(run: () => unknown): SimulationError {
  try {
    run();
  } catch (error) {
    if (error instanceof SimulationError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('resuming from a step\'s last record', () => {
  it('rewinds the player to that step, and Step plays the rest of seed-000 on the resumed world, all ok', () => {
    const { session, outcomes } = played('seed-000-backup-to-image');
    const end = session.state().resources;
    const step2 = outcomes.find((o) => o.index === 2)!;
    expect(step2.description).toMatch(/^backupServer/);
    session.fork(step2.records.at(-1)!.seq);

    const scenario = session.state().scenario;
    expect(scenario).toMatchObject({ position: 2, done: false, ok: true, offScript: null, diverged: null });
    expect(scenario.outcomes.map((o) => o.index)).toEqual([0, 1, 2]);
    const rest: StepOutcome[] = [];
    for (let o = session.stepScenario(); o; o = session.stepScenario()) rest.push(o);
    expect(rest.map(shown)).toEqual(outcomes.filter((o) => o.index > 2).map(shown));
    expect(session.state().scenario).toMatchObject({ position: seed000.steps.length, done: true, ok: true });
    expect(session.state().resources).toEqual(end);
  });

  it('resumes from where an advance step left the clock, not from its last timer, so the policy runs when the script expects', () => {
    const { session, outcomes } = played('p2-keep-three');
    const advance = outcomes.find((o) => o.index === 1)!;
    expect(advance.description).toBe('advance 3d');
    const last = advance.records.at(-1)!;
    // Not vacuous: the step's last record was written before the advance ended.
    expect(last.at).toBeLessThan(Date.parse(advance.at));
    session.fork(last.seq);
    expect(session.simulation.now()).toBe(Date.parse(advance.at));
    expect(session.state().scenario.position).toBe(1);
    const rest: StepOutcome[] = [];
    for (let o = session.stepScenario(); o; o = session.stepScenario()) rest.push(o);
    expect(rest.map(shown)).toEqual(outcomes.filter((o) => o.index > 1).map(shown));
  });

  it('rewinds to the step done before a console command when resumed from the command\'s record, keeping what it did', () => {
    const session = new Session(seed000);
    session.stepScenario();
    const server = session.state().resources.find((r) => r.kind === 'server')!;
    session.command('stopServer', [server.id]);
    const stopped = session.seq;
    session.stepScenario();
    session.fork(stopped);
    expect(session.state().scenario).toMatchObject({ position: 1, offScript: null });
    expect(session.simulation.get(server.id).status).toBe('SHUTOFF');
  });
});

describe('resuming from the middle of a step', () => {
  /** seed-000 played, then resumed from a state record in the middle of step 19 (advance until …). */
  function detached() {
    const { session, outcomes } = played('seed-000-backup-to-image');
    const step19 = outcomes.find((o) => o.index === 19)!;
    expect(step19.description).toMatch(/^advance until backup status=available/);
    const inside = step19.records.find((r) => r.type === 'state')!;
    expect(inside.seq).toBeLessThan(step19.records.at(-1)!.seq);
    session.fork(inside.seq);
    return { session, outcomes, seq: inside.seq };
  }

  it('detaches the player: the scenario says it is off script, and Step is refused with the way out', () => {
    const { session, seq } = detached();
    const scenario = session.state().scenario;
    expect(scenario.offScript).toEqual({
      seq, step: 19,
      reason: `The world was resumed from record #${seq}, in the middle of step 19 (advance until backup status=available, copies.0 status=ACTIVE); Step is off until you go Back or load the scenario again.`,
    });
    expect(scenario).toMatchObject({ position: 18, done: false });
    const error = refusal(() => session.stepScenario());
    expect(error.code).toBe('Sim.OffScript');
    expect(error.message).toBe(`The world was resumed from record #${seq}, in the middle of step 19 (advance until backup status=available, copies.0 status=ACTIVE), so the scenario's next step no longer fits it: load the scenario again (POST /api/scenario/load) or step Back (POST /api/scenario/back) to the end of step 18.`);
    expect(error.details).toEqual({ seq, step: 19 });
  });

  it('goes Back to the end of the step before, on script again, and plays on to the end', () => {
    const { session, outcomes } = detached();
    session.stepBack();
    expect(session.state().scenario).toMatchObject({ position: 18, offScript: null });
    const rest: StepOutcome[] = [];
    for (let o = session.stepScenario(); o; o = session.stepScenario()) rest.push(o);
    expect(rest.map(shown)).toEqual(outcomes.filter((o) => o.index > 18).map(shown));
  });

  it('stays off script when resumed again after the point it left the script, and comes back on at a step boundary before it', () => {
    const { session, outcomes, seq } = detached();
    const server = session.state().resources.find((r) => r.kind === 'server')!;
    session.command('stopServer', [server.id]);
    // A console action in a detached world is no news: there is no script to differ from.
    expect(session.state().scenario.diverged).toBeNull();
    session.fork(session.seq);
    expect(session.state().scenario.offScript).toMatchObject({ step: 19, reason: expect.stringContaining(`after the world left the script in the middle of step 19 (advance until backup status=available, copies.0 status=ACTIVE) at record #${seq}`) });
    session.fork(outcomes.find((o) => o.index === 18)!.records.at(-1)!.seq);
    expect(session.state().scenario).toMatchObject({ position: 18, offScript: null });
    expect(session.stepScenario()!.ok).toBe(true);
  });

  it('resumes from a record of a timer with all the timer did: the last one of a step rewinds', () => {
    const { session, outcomes } = played('seed-000-backup-to-image');
    // Step 6 (advance until the backup is marked) ends with one timer that writes an event and a state.
    const step6 = outcomes.find((o) => o.index === 6)!;
    const [event, state] = step6.records.slice(-2);
    expect([event!.type, state!.type]).toEqual(['event', 'state']);
    session.fork(event!.seq);
    expect(session.state().scenario).toMatchObject({ position: 6, offScript: null });
  });
});

describe('console actions during a scenario', () => {
  it('mark the world as differing from the script, which does not stop Step: the step that then fails shows why', () => {
    const session = new Session(seed000);
    const server = session.state().resources.find((r) => r.kind === 'server')!;
    session.command('backupServer', [server.id]);
    const command = session.simulation.journal().filter((r) => r.type === 'command' && r.verb === 'backupServer').at(-1)!;
    expect(session.state().scenario.diverged).toEqual({
      seq: command.seq, verb: 'backupServer',
      message: `The world now differs from the script: backupServer was run by hand at record #${command.seq}; the next steps may fail.`,
    });
    expect(session.stepScenario()!.ok).toBe(true);
    const step2 = session.stepScenario()!;
    expect(step2.ok).toBe(false);
    expect(step2.refusal?.code).toBe('BackupService.6125');
    expect(session.state().scenario.diverged?.seq).toBe(command.seq);
  });

  it('count an advance that moves the clock, not a refused command, and not after the scenario\'s end', () => {
    const session = new Session(seed000);
    expect(() => session.command('deleteServer', ['ecs-nope'])).toThrow(SimulationError);
    expect(session.state().scenario.diverged).toBeNull();
    session.command('advance', ['1m']);
    expect(session.state().scenario.diverged).toMatchObject({ verb: 'advance' });

    const { session: ended } = played('seed-000-backup-to-image');
    ended.command('advance', ['1h']);
    expect(ended.state().scenario.diverged).toBeNull();
  });

  it('are forgotten on a load, a step Back, and a resume from before the first of them', async () => {
    const session = new Session(seed000);
    const server = session.state().resources.find((r) => r.kind === 'server')!;
    session.stepScenario();
    const before = session.seq;
    await session.perform('stopServer', [server.id]);
    expect(session.state().scenario.diverged).toMatchObject({ verb: 'stopServer', seq: before + 1 });
    session.fork(session.seq);
    expect(session.state().scenario.diverged).toMatchObject({ verb: 'stopServer' });
    session.fork(before);
    expect(session.state().scenario.diverged).toBeNull();

    await session.perform('advance', ['1h']);
    session.stepScenario();
    session.stepBack();
    expect(session.state().scenario.diverged).toBeNull();
    await session.perform('advance', ['1h']);
    session.load(seed000);
    expect(session.state().scenario.diverged).toBeNull();
  });
});

describe('serve --data', () => {
  const restarted = (session: Session) => {
    const again = new Session(seed000);
    again.resume(JSON.parse(JSON.stringify(session.persisted(4 * 1024 * 1024))));
    return again;
  };

  it('keeps a rewound player and a console action that diverged across a restart, and plays on', () => {
    const { session, outcomes } = played('seed-000-backup-to-image');
    session.fork(outcomes.find((o) => o.index === 2)!.records.at(-1)!.seq);
    session.command('advance', ['1m']);
    session.stepScenario();

    const again = restarted(session);
    expect(again.state().scenario).toEqual(session.state().scenario);
    expect(again.state().scenario).toMatchObject({ position: 3, diverged: { verb: 'advance' } });
    expect(again.stepScenario()).toMatchObject({ index: 4, ok: true });
  });

  it('keeps an off-script player across a restart: Step is still refused, Back still plays on', () => {
    const { session, outcomes } = played('seed-000-backup-to-image');
    const step19 = outcomes.find((o) => o.index === 19)!;
    session.fork(step19.records.find((r) => r.type === 'state')!.seq);
    const again = restarted(session);
    expect(again.state().scenario.offScript).toEqual(session.state().scenario.offScript);
    expect(refusal(() => again.stepScenario()).code).toBe('Sim.OffScript');
    again.stepBack();
    expect(again.state().scenario).toMatchObject({ position: 18, offScript: null });
  });

  it('rewinds a restarted player at the record it was restarted from, and reads a file written before the marks', () => {
    const session = new Session(seed000);
    for (let i = 0; i < 5; i++) session.stepScenario();
    const data = JSON.parse(JSON.stringify(session.persisted(4 * 1024 * 1024)));
    for (const old of [data, { ...data, marks: undefined, offScript: undefined, diverged: undefined }]) {
      const again = new Session(seed000);
      again.resume(old);
      again.stepScenario();
      again.fork(data.world.journal.seq);
      expect(again.state().scenario).toMatchObject({ position: 5, offScript: null });
      expect(again.stepScenario()!).toMatchObject({ index: 6, ok: true });
    }
  });

  it('refuses step marks that do not fit the saved player', () => {
    const session = new Session(seed000);
    session.stepScenario();
    const data = JSON.parse(JSON.stringify(session.persisted(4 * 1024 * 1024)));
    const again = new Session(seed000);
    expect(refusal(() => again.resume({ ...data, marks: data.marks.slice(1) })).message).toMatch(/^marks: the saved player has 1 step marks for 2 step outcomes/);
    expect(refusal(() => again.resume({ ...data, marks: [data.marks[0], { before: 'x' }] })).code).toBe('Sim.InvalidSave');
    expect(refusal(() => again.resume({ ...data, offScript: { step: 7 } })).message).toMatch(/^offScript:/);
  });
});
