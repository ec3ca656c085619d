/**
 * The inspector's ▶ Play on the server (issue 11, part 1): a play runs the clock a slice at a time,
 * paced by the wall clock, journaled as one `play` record and one `played` note however long it
 * runs; time travel and resuming from a record replay it like an advance. Nothing here is timed:
 * the tests wait for what the play does (its progress, its records), never assert how long it took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonApi, liveTab } from './clients.js';
import { Session, PLAY_TICK_MS, type LiveMessage } from '../../src/server/session.js';
import { serve, type Served } from '../../src/server/serve.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { MAX_TIME, isoTime } from '../../src/sim/time.js';
import type { JournalRecord, NoteRecord, CommandRecord } from '../../src/sim/journal.js';
import { SimulationError } from '../../src/sim/errors.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;
const i7 = SCENARIOS.find((s) => s.id === 'i7-backup-with-image-cannot-be-deleted')!;
const DAY = 86_400_000;

/** seed-000 played to its end, then `servers` servers under a daily policy (four runs a day with `often`). */
function fleet(servers = 3, often = false): Session {
  const session = new Session(seed000);
  while (session.stepScenario());
  const ids = Array.from({ length: servers }, (_, i) => (session.command('createServer', [{ name: `s${i}`, os: 'linux', systemDiskGB: 40 }]) as { id: string }).id);
  const vault = session.command('createVault', [{ name: 'v', kind: 'server', resourceIds: ids }]) as { id: string };
  const policy = session.command('createPolicy', [{ name: 'daily', pattern: [often ? 'FREQ=DAILY;BYHOUR=0,6,12,18;BYMINUTE=0' : 'FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 2 }]) as { id: string };
  session.command('applyPolicy', [policy.id, vault.id]);
  return session;
}

const turn = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `ready` holds, looking again after each turn of the event loop (the play runs meanwhile). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await turn(5);
}

const plays = (session: Session) => session.simulation.journal().filter((r): r is CommandRecord => r.type === 'command' && r.verb === 'play');
const played = (session: Session) => session.simulation.journal().filter((r): r is NoteRecord => r.type === 'note' && r.note === 'played');

/**
 * Plays `session` at `speed` until the clock has gone `span` ms, and pauses it right after a slice
 * that kept pace with the wall clock (every timer due by then has fired). Counts the slices seen.
 */
async function playFor(session: Session, span: number, speed = 1_000_000): Promise<{ from: number; slices: number }> {
  const from = session.simulation.now();
  let slices = 0;
  let unsubscribe = () => {};
  const paused = new Promise<void>((resolve) => {
    unsubscribe = session.subscribe((m: LiveMessage) => {
      if (m.type !== 'progress' || m.progress.operation !== 'play' || m.progress.state !== 'running') return;
      slices++;
      if (Date.parse(m.progress.at) - from >= span && m.progress.fraction === 1) {
        session.pause();
        resolve();
      }
    });
  });
  session.play(speed);
  await paused;
  unsubscribe();
  return { from, slices };
}

describe('a play on the server', () => {
  it('journals one play record and one played note however many slices it ran, the records one advance to its end writes', async () => {
    const session = fleet();
    const twin = fleet();
    const { from, slices } = await playFor(session, 5 * DAY);
    expect(slices).toBeGreaterThan(2);
    const [play, ...morePlays] = plays(session);
    const [note, ...moreNotes] = played(session);
    expect(morePlays).toEqual([]);
    expect(moreNotes).toEqual([]);
    const to = session.simulation.now();
    expect(play).toMatchObject({ seq: note!.details!.advance, args: [1_000_000], result: { from: isoTime(from) }, at: from });
    expect(note!.details).toEqual({ advance: play!.seq, after: note!.seq - 1, from: isoTime(from), to: isoTime(to), speed: 1_000_000, ended: 'paused' });
    expect(note!.message).toBe(`Played from ${isoTime(from)} to ${isoTime(to)} at ×1000000.`);
    expect(session.state().playing).toBeNull();
    // The twin advances once from the same world to where the play ended: the same records, the same world.
    twin.command('advance', [to - from]);
    const playedRecords = session.simulation.journal().filter((r) => r.seq > play!.seq && r.seq < note!.seq);
    const advanced = twin.simulation.journal().filter((r) => r.seq > play!.seq);
    expect(playedRecords.length).toBeGreaterThan(100);
    expect(advanced).toEqual(playedRecords);
    expect(twin.state().resources).toEqual(session.state().resources);
    expect(twin.simulation.now()).toBe(to);
  });

  it('travels to a record written during a play: the world as it was then; at the play\'s record as it began, at its note as it ended', async () => {
    const session = fleet();
    const { from } = await playFor(session, 4 * DAY);
    const play = plays(session)[0]!;
    const note = played(session)[0]!;
    const inside = session.simulation.journal().filter((r): r is Extract<JournalRecord, { type: 'state' }> => r.seq > play.seq && r.type === 'state');
    expect(inside.length).toBeGreaterThan(20);
    for (const r of [inside[0]!, inside[10]!, inside.at(-1)!]) {
      const past = session.worldAt(r.seq);
      expect({ seq: r.seq, now: past.now(), status: past.get(r.resourceId!).status }).toEqual({ seq: r.seq, now: r.at, status: r.status });
    }
    expect(session.worldAt(play.seq).now()).toBe(from);
    const atNote = session.worldAt(note.seq);
    expect(atNote.now()).toBe(session.simulation.now());
    expect(session.state(atNote).resources).toEqual(session.state().resources);
  });

  it('travels to a record of a play still running, before it has a played note', async () => {
    const session = fleet();
    session.play(1_000_000);
    const play = plays(session)[0]!;
    await until(() => session.simulation.journal().filter((r) => r.seq > play.seq && r.type === 'state').length > 30);
    const record = session.simulation.journal().filter((r) => r.seq > play.seq && r.type === 'state')[25]!;
    expect(played(session)).toEqual([]);
    const past = await session.travel(record.seq) as { now: string; resources: { id: string; status: string }[] };
    expect(past.now).toBe(isoTime(record.at));
    expect(past.resources.find((r) => r.id === record.resourceId)!.status).toBe((record as { status: string }).status);
    expect(session.pause()).toBe(true);
  });

  it('replays a play from a checkpoint taken in the middle of it, to where it was paused between two timers of one instant', async () => {
    const session = fleet(30, true);
    session.play(1_000_000);
    const checkpoints = (session as unknown as { checkpoints: { seq: number; playing?: number }[] }).checkpoints;
    await until(() => checkpoints.some((c) => c.playing !== undefined));
    const inside = checkpoints.find((c) => c.playing !== undefined)!;
    await until(() => session.seq > inside.seq + 200);
    // Paused wherever the play stands: perhaps between two timers of one instant, which the note's `after` tells apart.
    session.pause();
    const note = played(session)[0]!;
    const atNote = session.worldAt(note.seq);
    expect(atNote.now()).toBe(session.simulation.now());
    expect(session.state(atNote).resources).toEqual(session.state().resources);
    const after = session.simulation.journal().find((r): r is Extract<JournalRecord, { type: 'state' }> => r.seq > inside.seq + 50 && r.type === 'state')!;
    const past = session.worldAt(after.seq);
    expect({ now: past.now(), status: past.get(after.resourceId!).status }).toEqual({ now: after.at, status: after.status });
  }, 60_000);

  it('resumes from a record written during a play, and the fork goes on as the world did', async () => {
    const session = fleet();
    await playFor(session, 4 * DAY);
    const end = session.simulation.now();
    const world = session.state().resources;
    const play = plays(session)[0]!;
    const inside = session.simulation.journal().filter((r) => r.seq > play.seq && r.type === 'state')[12]!;
    session.fork(inside.seq);
    expect(session.simulation.now()).toBe(inside.at);
    session.command('advance', [end - inside.at]);
    expect(session.state().resources).toEqual(world);
  });

  it('ends a play when resuming from a record, or when a scenario is loaded or stepped back: the play goes with its world', async () => {
    const session = fleet();
    session.play(1_000_000);
    const play = plays(session)[0]!;
    await until(() => session.seq > play.seq + 30);
    await session.forkSliced(play.seq + 10);
    expect(session.state().playing).toBeNull();
    const forked = session.seq;
    await turn(3 * PLAY_TICK_MS);
    expect(session.seq).toBe(forked);

    session.play(1_000_000);
    await until(() => session.seq > forked + 30);
    session.load(i7);
    expect(session.state().playing).toBeNull();
    expect(plays(session)).toEqual([]);
    const loaded = { seq: session.seq, now: session.simulation.now() };
    await turn(3 * PLAY_TICK_MS);
    expect({ seq: session.seq, now: session.simulation.now() }).toEqual(loaded);

    const stepped = new Session(seed000);
    stepped.stepScenario();
    stepped.stepScenario();
    stepped.play(3600);
    stepped.stepBack();
    expect(stepped.state().playing).toBeNull();
    expect(plays(stepped)).toEqual([]);
  });

  it('ends a play for a command, runs it, and plays on as a new play: commands, advances, refusals and scenario steps', async () => {
    const session = fleet();
    session.play(3600);
    await until(() => session.simulation.now() > plays(session)[0]!.at);
    const server = session.command('createServer', [{ name: 'late', os: 'linux', systemDiskGB: 40 }]) as { id: string };
    expect(server.id).toMatch(/^ecs-/);
    expect(session.state().playing).toEqual({ speed: 3600, from: session.state().now });
    await until(() => session.simulation.now() > plays(session)[1]!.at);
    await session.perform('advance', ['1h']);
    expect(() => session.command('deleteServer', ['ecs-000000000000'])).toThrow(SimulationError);
    expect(session.state().playing).toMatchObject({ speed: 3600 });
    session.pause();
    const journal = session.simulation.journal();
    const first = plays(session)[0]!.seq;
    // play, played, the command; play, played, the advance; play, played, the refusal; play, played.
    const shape = journal.filter((r) => r.seq >= first && (r.type === 'command' || r.type === 'refusal' || (r.type === 'note' && r.note === 'played')))
      .map((r) => (r.type === 'note' ? `played (${(r.details as { ended: string }).ended})` : `${r.type} ${(r as CommandRecord).verb}`));
    expect(shape).toEqual([
      'command play', 'played (command)', 'command createServer',
      'command play', 'played (command)', 'command advance',
      'command play', 'played (command)', 'refusal deleteServer',
      'command play', 'played (paused)',
    ]);
    expect(played(session)[0]!.message).toMatch(/ended for the command createServer, and played on after it/);
    // Every play replays to its note: the world at the last one is the world now.
    const last = played(session).at(-1)!;
    expect(session.state(session.worldAt(last.seq)).resources).toEqual(session.state().resources);

    const scenario = new Session(seed000);
    scenario.play(60);
    const outcome = scenario.stepScenario();
    expect(outcome).not.toBeNull();
    expect(scenario.state().playing).toMatchObject({ speed: 60 });
    expect(played(scenario).map((n) => n.details!.ended)).toEqual(['step']);
    await scenario.stepScenarioSliced();
    expect(played(scenario).map((n) => n.details!.ended)).toEqual(['step', 'step']);
    scenario.pause();
    expect(plays(scenario)).toHaveLength(3);
    expect(played(scenario)).toHaveLength(3);
  });

  it('goes on at a new speed as a new play, leaves a play at the same speed as it is, and a pause during a command keeps it paused', async () => {
    const session = fleet();
    session.play(60);
    expect(session.play(60)).toEqual({ speed: 60, from: session.state().now });
    expect(plays(session)).toHaveLength(1);
    session.play(3600);
    expect(played(session).map((n) => n.details!.ended)).toEqual(['speed']);
    expect(played(session)[0]!.message).toMatch(/went on at ×3600/);
    expect(session.state().playing).toMatchObject({ speed: 3600 });
    // An advance long enough to run in slices, paused: the play that it ended does not go on after it.
    const advancing = session.perform('advance', ['3650d']);
    expect(session.state().playing).toMatchObject({ speed: 3600 });
    expect(session.pause()).toBe(true);
    await advancing;
    expect(session.state().playing).toBeNull();
    const seq = session.seq;
    await turn(3 * PLAY_TICK_MS);
    expect(session.seq).toBe(seq);
  });

  it('refuses a speed outside 1 to 1,000,000, journaled, and while playing leaves the play as it is, unjournaled', () => {
    const session = fleet();
    for (const bad of [0, 0.5, 1_000_001, Number.NaN, Number.POSITIVE_INFINITY, '3600', null]) {
      expect(() => session.play(bad as number)).toThrow(/speed must be a number from 1 to 1,000,000/);
    }
    expect(session.simulation.journal().filter((r) => r.type === 'refusal' && r.verb === 'play')).toHaveLength(7);
    expect(session.state().playing).toBeNull();
    session.play(60);
    const seq = session.seq;
    expect(() => session.play(0)).toThrow(/from 1 to 1,000,000 .*the play at ×60 goes on/);
    expect(session.seq).toBe(seq);
    expect(session.state().playing).toMatchObject({ speed: 60 });
    session.pause();
  });

  it('stops short of the end of time, and refuses to play from there', async () => {
    const session = new Session(i7);
    expect(session.simulation.nextTimer()).toBeNull();
    const limit = MAX_TIME - session.simulation.world.timerHorizonMs();
    session.command('advance', [limit - 3_600_000 - session.simulation.now()]);
    session.play(1_000_000);
    await until(() => session.state().playing === null);
    expect(session.simulation.now()).toBe(limit);
    expect(played(session)[0]!.details).toMatchObject({ ended: 'end-of-time', to: isoTime(limit) });
    expect(() => session.play(60)).toThrow(/too near .*the last date.*use the advance command/);
  });

  it('ends a play after its longest run in wall time', async () => {
    const session = fleet();
    session.playWallLimitMs = 0;
    session.play(3600);
    await until(() => session.state().playing === null);
    expect(played(session)[0]!.details).toMatchObject({ ended: 'limit' });
    expect(played(session)[0]!.message).toMatch(/the longest a play runs; press Play to go on/);
  });

  it('is written down while it plays, and after a restart no play runs: the play is closed where the file left it', async () => {
    const session = fleet();
    session.play(1_000_000);
    const play = plays(session)[0]!;
    await until(() => session.seq > play.seq + 30);
    const data = JSON.parse(JSON.stringify(session.persisted(4 * 1024 * 1024)));
    session.pause();
    const restarted = new Session(seed000);
    restarted.resume(data);
    expect(restarted.state().playing).toBeNull();
    const last = restarted.simulation.journal().at(-1)!;
    expect(last).toMatchObject({ type: 'note', note: 'played', details: { advance: play.seq, ended: 'restart', to: isoTime(data.world.clock.now) } });
    const still = { seq: restarted.seq, now: restarted.simulation.now() };
    await turn(3 * PLAY_TICK_MS);
    expect({ seq: restarted.seq, now: restarted.simulation.now() }).toEqual(still);
  });
});

describe('POST /api/play', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve({ scenario: seed000, port: 0 });
  });
  afterAll(async () => {
    await served.close();
  });

  const api = (path: string, body?: unknown) => jsonApi(served.url, path, body);
  const live = () => liveTab(served.url);

  it('plays the clock, says so in the state and on /live, takes commands meanwhile, and stops on POST /api/pause', async () => {
    await api('/api/scenario/load', { id: 'seed-000-backup-to-image' });
    const tab = await live();
    await tab.until((m) => m.type === 'hello');
    const before = (await api('/api/state')).json;
    expect(before.playing).toBeNull();
    const answer = await api('/api/play', { speed: 3600 });
    expect(answer).toEqual({ status: 200, json: { playing: { speed: 3600, from: before.now } } });
    expect((await api('/api/state')).json.playing).toEqual({ speed: 3600, from: before.now });
    const progress = await tab.until((m) => m.type === 'progress' && m.progress.operation === 'play' && m.progress.state === 'running' && m.progress.at !== before.now);
    expect(progress.progress).toMatchObject({ speed: 3600, from: before.now });
    // A console action is not held up by the play: it ends it, runs, and a new play goes on.
    const created = await api('/api/commands', { verb: 'createServer', args: [{ name: 'during', os: 'linux', systemDiskGB: 40 }] });
    expect(created.status).toBe(200);
    expect((await api('/api/state')).json.playing).toMatchObject({ speed: 3600 });
    expect((await api('/api/pause', {})).json).toEqual({ paused: true });
    await tab.until((m) => m.type === 'progress' && m.progress.operation === 'play' && m.progress.state === 'paused');
    expect((await api('/api/state')).json.playing).toBeNull();
    const records = (await api(`/api/journal?after=${before.seq}`)).json.records as JournalRecord[];
    expect(records.filter((r) => r.type === 'command' && r.verb === 'play')).toHaveLength(2);
    expect(records.filter((r) => r.type === 'note' && r.note === 'played')).toHaveLength(2);
    expect((await api('/api/pause', {})).json).toEqual({ paused: false });
    tab.ws.close();
  });

  it('refuses a speed that is no number from 1 to 1,000,000, naming the range', async () => {
    for (const body of [{ speed: 0 }, { speed: 1_000_001 }, { speed: -5 }, { speed: 'fast' }, { speed: null }, {}, { speed: 60, loop: true }]) {
      const answer = await api('/api/play', body);
      expect({ body, status: answer.status, code: answer.json.code }).toEqual({ body, status: 400, code: 'Sim.InvalidArgument' });
      expect(answer.json.message).toMatch(/the body is \{ speed \}, a number from 1 to 1,000,000/);
    }
    expect((await api('/api/state')).json.playing).toBeNull();
  });

  it('ends the play when a scenario is loaded, for every tab', async () => {
    await api('/api/play', { speed: 86400 });
    expect((await api('/api/state')).json.playing).toMatchObject({ speed: 86400 });
    expect((await api('/api/scenario/load', { id: 'i7-backup-with-image-cannot-be-deleted' })).status).toBe(200);
    expect((await api('/api/state')).json.playing).toBeNull();
  });
});
