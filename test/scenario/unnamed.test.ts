import { describe, expect, it } from 'vitest';
import policyYear from '../../scenarios/policy-year.js';
import { ScenarioRun, runScenario, type StepOutcome } from '../../src/scenario/runner.js';
import { defineScenario, type Scenario } from '../../src/scenario/types.js';
import { describeUnnamed, deletedTotal } from '../../src/scenario/unnamed.js';

const HEAD = { title: 'Unnamed', narrative: 'Resources nobody named.', rules: ['B1'] };

/** The outcomes of a scenario that must hold at every step. */
function outcomesOf(scenario: Scenario): StepOutcome[] {
  const { ok, outcomes } = runScenario(scenario);
  const failed = outcomes.find((o) => !o.ok);
  expect(failed?.failure?.message ?? null, failed ? `step ${failed.index}: ${failed.description}` : '').toBeNull();
  expect(ok).toBe(true);
  return outcomes;
}

describe('the counts of what a step did to resources the scenario did not name', () => {
  it('count a year of policy backups in policy-year, and the ones retention deleted, adding up to the backups left', () => {
    const run = new ScenarioRun(policyYear);
    const outcomes = [...run];
    expect(run.ok).toBe(true);
    const year = outcomes.find((o) => o.description === 'advance 365d')!;
    expect(year.changes).toEqual([]);
    expect(year.unnamed).toEqual([{ kind: 'backup', created: 365, failed: 0, deleted: { retention: 358 } }]);
    // Every backup ever made, less every one deleted, is what the world still lists.
    const backups = outcomes.flatMap((o) => o.unnamed).filter((c) => c.kind === 'backup');
    const made = backups.reduce((n, c) => n + c.created, 0);
    const gone = backups.reduce((n, c) => n + deletedTotal(c), 0);
    expect(made - gone).toBe(run.simulation.list('backup').length);
    expect(made - gone).toBe(8);
  });

  it('say a failed backup failed, and which were deleted by hand and which with their vault', () => {
    const outcomes = outcomesOf(defineScenario({
      ...HEAD, id: 'reasons',
      setup: { servers: [{ as: 'web' }], vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }] },
      steps: [
        { do: 'failNext', operation: 'backup' },
        { do: 'backupServer', server: 'web' },
        { advance: '1h' },
        { do: 'deleteBackup', backup: 'web.backups.0' },
        { do: 'backupServer', server: 'web' },
        { advance: '1h' },
        { do: 'backupServer', server: 'web', as: 'named' },
        { advance: '1h' },
        { do: 'deleteVault', vault: 'vault' },
      ],
    }));
    const [, , made, failed, byHand, second, , named, , withVault] = outcomes.map((o) => o.unnamed);
    expect(made).toEqual([{ kind: 'backup', created: 1, failed: 0, deleted: {} }]);
    expect(failed).toEqual([{ kind: 'backup', created: 0, failed: 1, deleted: {} }]);
    expect(byHand).toEqual([{ kind: 'backup', created: 0, failed: 0, deleted: { hand: 1 } }]);
    expect(second).toEqual([{ kind: 'backup', created: 1, failed: 0, deleted: {} }]);
    // A backup bound with as: is shown among the named changes, and only there.
    expect(named).toEqual([]);
    expect(outcomes[7]!.changes.map((c) => c.name)).toEqual(['named']);
    // The vault and `named` are named; the one unnamed backup goes with them.
    expect(withVault).toEqual([{ kind: 'backup', created: 0, failed: 0, deleted: { vault: 1 } }]);
  });

  it('count the default vault a backup makes, and its deletion by hand', () => {
    const outcomes = outcomesOf(defineScenario({
      ...HEAD, id: 'default-vault',
      setup: { servers: [{ as: 'db' }] },
      steps: [
        { do: 'backupServer', server: 'db', as: 'b' },
        { advance: '1h' },
        { do: 'deleteVault', vault: 'db.vault' },
      ],
    }));
    expect(outcomes[1]!.unnamed).toEqual([{ kind: 'vault', created: 1, failed: 0, deleted: {} }]);
    expect(outcomes[3]!.unnamed).toEqual([{ kind: 'vault', created: 0, failed: 0, deleted: { hand: 1 } }]);
  });

  it("leave a server's own disks to the server, but count a disk made on its own", () => {
    const outcomes = outcomesOf(defineScenario({
      ...HEAD, id: 'disks',
      setup: { servers: [{ as: 'web', dataDisksGB: [10] }] },
      steps: [
        { do: 'createServer', name: 'app', os: 'linux', systemDiskGB: 40, dataDisksGB: [20] },
        { do: 'createDisk', name: 'spare', sizeGB: 5 },
        { do: 'deleteServer', server: 'web' },
        { advance: '1h' },
      ],
    }));
    const [setup, server, disk, deleted, after] = outcomes.map((o) => o.unnamed);
    expect(setup).toEqual([]);
    expect(server).toEqual([{ kind: 'server', created: 1, failed: 0, deleted: {} }]);
    expect(disk).toEqual([{ kind: 'disk', created: 1, failed: 0, deleted: {} }]);
    // web's system disk goes with web (the named change says so); its data disk is detached, not deleted.
    expect(deleted).toEqual([]);
    expect(after).toEqual([]);
  });
});

describe('the line a transcript prints of them', () => {
  it('names the kind once, with a minus sign for deletions and the reason', () => {
    expect(describeUnnamed([{ kind: 'backup', created: 7, failed: 0, deleted: { retention: 6 } }])).toBe('+7 backups, −6 deleted by retention');
    expect(describeUnnamed([{ kind: 'backup', created: 0, failed: 0, deleted: { retention: 2 } }])).toBe('−2 backups deleted by retention');
    expect(describeUnnamed([{ kind: 'backup', created: 1, failed: 1, deleted: {} }])).toBe('+1 backup, 1 failed');
    expect(describeUnnamed([{ kind: 'backup', created: 0, failed: 2, deleted: {} }])).toBe('2 backups failed');
  });

  it('parts kinds by semicolons and lists mixed reasons in brackets', () => {
    expect(describeUnnamed([
      { kind: 'vault', created: 1, failed: 0, deleted: {} },
      { kind: 'backup', created: 3, failed: 0, deleted: { retention: 2, hand: 1, other: 1 } },
      { kind: 'policy', created: 0, failed: 0, deleted: { hand: 1 } },
    ])).toBe('+1 vault; +3 backups, −4 deleted (2 by retention, 1 by hand, 1 otherwise); −1 policy deleted by hand');
    expect(describeUnnamed([{ kind: 'backup', created: 0, failed: 0, deleted: { vault: 3 } }])).toBe('−3 backups deleted with the vault');
  });

  it('is empty when nothing unnamed happened', () => {
    expect(describeUnnamed([])).toBe('');
  });
});
