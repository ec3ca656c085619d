/**
 * Scenarios that use and check restore points, tasks and jobs (S1–S3): the backupVault verb, the
 * paths to them (`img.job`, `b1.checkpoint`, `b1.task`), expect on a restore point or a job,
 * expectTask, expectJob and expectCount of them: what passes, what fails with which message, and
 * what the schema refuses.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ScenarioError, validateScenario } from '../../src/scenario/validate.js';
import { ScenarioRun } from '../../src/scenario/runner.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import type { Scenario, Step } from '../../src/scenario/types.js';

/** Two servers in a vault; web is being backed up by hand when the vault is backed up. */
function scenario(steps: Step[]): Scenario {
  return {
    id: 'service-objects', title: 'Service objects', narrative: 'Restore points, tasks and jobs.', rules: ['S1', 'S2', 'S3'],
    setup: { servers: [{ as: 'web' }, { as: 'db' }], vaults: [{ as: 'vault', kind: 'server', resources: ['web', 'db'] }] },
    steps: [
      { do: 'backupServer', server: 'web', as: 'b1' },
      { do: 'backupVault', vault: 'vault', name: 'nightly', as: 'point' },
      ...steps,
    ],
  };
}

/** The last step's outcome of a run of `steps` after the two above. */
function last(steps: Step[]) {
  const { ok, outcomes } = new ScenarioRun(scenario(steps)).runToEnd();
  return { ok, outcome: outcomes.at(-1)! };
}

function issues(data: unknown) {
  try {
    validateScenario(data, 'test');
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues;
    throw error;
  }
  return [];
}

const publishedSchema = new Ajv({ allErrors: true, strict: false }).compile(scenarioSchema());

describe('backupVault in a scenario', () => {
  it('binds the restore point it made, which the run shows as a named checkpoint', () => {
    const run = new ScenarioRun(scenario([]));
    run.step();
    run.step();
    const made = run.step()!;
    expect(made.result).toMatchObject({ kind: 'checkpoint', status: 'protecting', label: 'Creating' });
    expect(made.resources.point).toMatchObject({ kind: 'checkpoint', status: 'protecting' });
    expect(run.resolve('point')).toMatch(/^cp-/);
  });

  it('passes a vault, some of its resources, a name and a description to the simulation', () => {
    const run = new ScenarioRun({ ...scenario([]), steps: [{ do: 'backupVault', vault: 'vault', resources: ['db'], name: 'db-only', description: 'just the database', as: 'point' }] });
    run.runToEnd();
    const point = run.simulation.get(run.resolve('point') as string);
    expect(point).toMatchObject({ kind: 'checkpoint', name: 'db-only', description: 'just the database', skipped: [] });
    expect((point as { backupIds: string[] }).backupIds).toHaveLength(1);
  });

  it('reaches a backup\'s restore point, its task, a restore point\'s backups and the job that made a resource by path', () => {
    const run = new ScenarioRun(scenario([{ advance: { until: { point: { status: 'available' } } } }]));
    run.runToEnd();
    const sim = run.simulation;
    const b1 = sim.get(run.resolve('b1') as string) as { checkpointId: string };
    expect(run.resolve('b1.checkpoint')).toBe(b1.checkpointId);
    expect(sim.get(run.resolve('b1.task') as string)).toMatchObject({ kind: 'task', operationType: 'backup', backupId: run.resolve('b1') });
    expect(run.resolve('point.backups')).toEqual([sim.list('backup').find((b) => b.resourceId === run.resolve('db'))!.id]);
    expect(sim.get(run.resolve('web.job') as string)).toMatchObject({ kind: 'job', jobType: 'createServer', status: 'SUCCESS' });
    expect(run.resolve('web.job.servers')).toEqual([run.resolve('web')]);
  });
});

describe('expect on a restore point, a backup\'s restore point and a job', () => {
  it('holds for the backups a restore point holds and the resources it skipped', () => {
    const { ok } = last([
      { expect: { point: { status: 'protecting', backups: ['db.backups.0'], skipped: ['web'] }, 'db.backups.0': { checkpoint: 'point' }, 'b1.checkpoint': { backups: 1, skipped: 0 } } },
    ]);
    expect(ok).toBe(true);
  });

  it('fails naming the step\'s field, what was expected and what was skipped instead, with its code', () => {
    const { ok, outcome } = last([{ expect: { point: { skipped: ['db'] } } }]);
    expect(ok).toBe(false);
    expect(outcome.failure).toEqual({ message: 'point.skipped: expected db, got web (web BackupService.6125)', expected: ['db'], actual: ['web'] });
  });

  it('fails a backup that belongs to another restore point, saying which', () => {
    const { outcome } = last([{ expect: { b1: { checkpoint: 'point' } } }]);
    expect(outcome.failure!.message).toMatch(/^b1\.checkpoint: expected point \(cp-[0-9a-f]+\), got cp-[0-9a-f]+$/);
  });

  it('says a field belongs to another kind of record instead of comparing it with nothing', () => {
    const { outcome } = last([{ expect: { b1: { skipped: 0 } } }]);
    expect(outcome.failure!.message).toBe('b1.skipped: only a restore point (checkpoint) has skipped; b1 is a backup');
  });

  it('checks a job named by path, status and type', () => {
    expect(last([{ expect: { 'web.job': { status: 'SUCCESS', jobType: 'createServer', errorCode: null } } }]).ok).toBe(true);
    expect(last([{ expect: { 'web.job': { status: 'FAIL' } } }]).outcome.failure!.message).toBe('web.job.status: expected FAIL, got SUCCESS');
  });
});

describe('expectTask', () => {
  it('holds when a task of the log has every field given, or exactly count of them do', () => {
    expect(last([{ expectTask: { resource: 'web', operationType: 'backup', status: 'skipped', code: 'BackupService.6125' } }]).ok).toBe(true);
    expect(last([{ expectTask: { backup: 'b1', status: 'running', code: null } }]).ok).toBe(true);
    expect(last([{ expectTask: { resource: 'web', operationType: 'backup', count: 2 } }]).ok).toBe(true);
    expect(last([{ expectTask: { operationType: 'restore', count: 0 } }]).ok).toBe(true);
  });

  it('fails listing the tasks there are for the resource', () => {
    const { ok, outcome } = last([{ expectTask: { resource: 'web', status: 'failed' } }]);
    expect(ok).toBe(false);
    expect(outcome.failure!.message).toMatch(/^no task has resource=web status=failed; the tasks of web: backup running \(web, [-0-9T:]+\); backup skipped BackupService\.6125 \(web, [-0-9T:]+\)$/);
  });

  it('fails a count that does not match, with the number found', () => {
    const { outcome } = last([{ expectTask: { resource: 'db', operationType: 'backup', count: 2 } }]);
    expect(outcome.failure!.message).toMatch(/^expected 2 tasks with resource=db operationType=backup, found 1; the tasks of db: backup running/);
  });
});

describe('expectJob', () => {
  it('holds for the job of a resource, by what it made and its type', () => {
    expect(last([{ expectJob: { entity: 'db', jobType: 'createServer', status: 'SUCCESS', subJobs: { SUCCESS: 1 } } }]).ok).toBe(true);
    expect(last([{ expectJob: { job: 'db.job', entity: 'db', subJobs: 1 } }]).ok).toBe(true);
  });

  it('fails saying what the job is instead', () => {
    const { outcome } = last([{ expectJob: { job: 'db.job', status: 'FAIL', subJobs: { FAIL: 1 } } }]);
    expect(outcome.failure!.message).toBe('db.job: status is SUCCESS, not FAIL, 0 of its sub-jobs are FAIL, not 1');
  });

  it('fails when no job made the resource, listing the jobs there are', () => {
    const { outcome } = last([{ expectJob: { entity: 'b1', status: 'SUCCESS' } }]);
    expect(outcome.failure!.message).toMatch(/^no job that made b1; the jobs there are: createServer SUCCESS \(job-[0-9a-f]+\); createServer SUCCESS/);
  });

  it('fails a job reference that names something else, showing how to name its job', () => {
    const { outcome } = last([{ expectJob: { job: 'web', status: 'SUCCESS' } }]);
    expect(outcome.failure!.message).toBe('web is a server, not a job; name a job with a path such as web.job');
  });
});

describe('expectCount of restore points, tasks and jobs', () => {
  it('counts each kind', () => {
    expect(last([{ expectCount: { kind: 'checkpoint', status: 'protecting', autoTrigger: false, equals: 2 } }]).ok).toBe(true);
    expect(last([{ expectCount: { kind: 'task', status: 'skipped', equals: 1 } }]).ok).toBe(true);
    expect(last([{ expectCount: { kind: 'job', status: 'SUCCESS', equals: 2 } }]).ok).toBe(true);
    expect(last([{ expectCount: { kind: 'job', equals: 3 } }]).outcome.failure!.message).toBe('expected 3, found 2');
  });
});

describe('the schema of these steps', () => {
  const withStep = (step: unknown) => ({ ...scenario([]), steps: [{ do: 'backupServer', server: 'web', as: 'b1' }, step] });

  it('refuses a task or job expectation that names nothing to match, in one problem saying what to give', () => {
    expect(issues(withStep({ expectTask: { count: 1 } }))).toEqual([
      { path: '/steps/1/expectTask', message: 'give at least one of "resource", "vault", "backup", "operationType", "status", "code"' },
    ]);
    expect(issues(withStep({ expectJob: { status: 'SUCCESS' } }))).toEqual([{ path: '/steps/1/expectJob', message: 'give at least one of "job", "entity", "jobType"' }]);
    expect(publishedSchema(withStep({ expectTask: { count: 1 } }))).toBe(false);
  });

  it('names the field of a bad value or an unknown key', () => {
    expect(issues(withStep({ expectTask: { resource: 'web', status: 'done' } }))).toEqual([
      { path: '/steps/1/expectTask/status', message: 'must be one of "waiting", "running", "success", "failed", "skipped", "timeout"' },
    ]);
    expect(issues(withStep({ expectJob: { entity: 'web', state: 'SUCCESS' } }))).toEqual([{ path: '/steps/1/expectJob', message: 'unknown key "state"' }]);
    expect(issues(withStep({ expect: { b1: { skipped: 'web' } } })).map((i) => i.path)).toContain('/steps/1/expect/b1/skipped');
    expect(issues(withStep({ expectJob: { entity: 'web', subJobs: { DONE: 1 } } }))).toContainEqual({ path: '/steps/1/expectJob/subJobs', message: 'unknown key "DONE"' });
  });

  it('refuses a reference not named yet in expectTask and expectJob', () => {
    expect(() => new ScenarioRun(withStep({ expectTask: { resource: 'nobody' } }) as Scenario)).toThrow(/\/steps\/1\/expectTask\/resource: "nobody" is not named yet/);
    expect(() => new ScenarioRun(withStep({ expectJob: { job: 'ghost.job' } }) as Scenario)).toThrow(/\/steps\/1\/expectJob\/job: "ghost" is not named yet/);
    expect(() => new ScenarioRun(withStep({ expect: { b1: { checkpoint: 'cp9' } } }) as Scenario)).toThrow(/"cp9" is not named yet/);
  });

  it('admits S rules beside the others, and no family it does not know', () => {
    expect(issues({ ...scenario([]), rules: ['S1', 'V2', 'B1'] })).toEqual([]);
    expect(issues({ ...scenario([]), rules: ['X1'] })).toEqual([{ path: '/rules/0', message: 'must match pattern "^[BICPRSV][0-9]+$"' }]);
    expect(publishedSchema({ ...scenario([]), rules: ['S3'] })).toBe(true);
  });
});
