import { describe, expect, it } from 'vitest';
import { Session } from '../../src/server/session.js';
import { SCENARIOS } from '../../scenarios/index.js';

const seed000 = () => SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;
const plain = (runs: { kind: string; text?: string; id?: string }[]) => runs.map((r) => r.text ?? r.id ?? '').join('');

describe('the player\'s story (GET /api/scenario/story)', () => {
  it('tells each step the player ran in console words, the refusal with its rule', () => {
    const session = new Session(seed000());
    for (let i = 0; i < 5; i++) session.stepScenario();
    const story = session.story();
    expect(story.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const backup = story[2]!;
    expect(backup.kind).toBe('action');
    expect(plain(backup.action)).toContain('click Perform Backup');
    expect(plain(backup.result)).toMatch(/The backup web-01-backup .* is Creating/);
    expect(story[3]!.kind).toBe('check');
    expect(story[5]!.rules).toEqual(['I1']);
    expect(plain(story[5]!.result)).toContain('BackupService.6208');
    // The step is about the backup it made, then refused.
    expect(story[2]!.subject).toMatch(/^bk-/);
    expect(story[5]!.subject).toBe(story[2]!.subject);
  });

  it('makes backing up a vault about the vault, which the inspector shows, not the restore point, which it does not', () => {
    const session = new Session(SCENARIOS.find((s) => s.id === 's1-back-up-a-vault-now')!);
    for (let i = 0; i < 9; i++) session.stepScenario();
    const story = session.story();
    const backUpNow = story.find((s) => s.kind === 'action' && plain(s.action).includes('Back Up Now'))!;
    expect(plain(backUpNow.result)).toMatch(/The restore point before-upgrade .* is Creating/);
    expect(backUpNow.subject).toMatch(/^vault-/);
    const check = story.find((s) => s.kind === 'check' && plain(s.result).includes('On the Tasks page'));
    expect(check?.number).toBe(backUpNow.number);
  });

  it('makes a wait that names nothing about what the checks after it look at', () => {
    const session = new Session(SCENARIOS.find((s) => s.id === 'p10-vaults-and-limits')!);
    for (let i = 0; i < 6; i++) session.stepScenario();
    const story = session.story();
    const wait = story.find((s) => s.kind === 'action' && plain(s.action).startsWith('Wait 1 day'))!;
    const check = story.find((s) => s.kind === 'check' && s.number === wait.number)!;
    const state = JSON.parse(session.stateText()) as { resources: { id: string; kind: string; name: string }[] };
    const kindOf = (id: string | null) => state.resources.find((r) => r.id === id)?.kind;
    expect(kindOf(wait.subject)).toBe('vault');
    expect(check.subject).toBe(wait.subject);
  });

  it('keeps a bounded number of record copies, then tells the steps by their descriptions', () => {
    const session = new Session(seed000());
    session.storyBudget = 30;
    for (let i = 0; i < 10; i++) session.stepScenario();
    const story = session.story();
    expect(story).toHaveLength(11);
    // Told in console words until the budget ran out (the procedure numbers its actions), by the
    // transcript's words after.
    const told = story.filter((s) => s.index > 0 && s.kind !== 'note').map((s) => s.number !== null);
    expect(told[0]).toBe(true);
    expect(told.at(-1)).toBe(false);
    expect(told.indexOf(false)).toBeGreaterThan(told.lastIndexOf(true));
    expect(plain(story[10]!.action)).toBe('createImageFromBackup backup=backup name=web-01-image → image');
  });

  it('follows Back: the story is the replayed one', () => {
    const session = new Session(seed000());
    for (let i = 0; i < 5; i++) session.stepScenario();
    session.stepBack();
    expect(session.story().map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
  });
});
