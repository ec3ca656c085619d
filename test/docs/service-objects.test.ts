/**
 * The walkthroughs of restore points, tasks and jobs (S1–S3) tell each step in console words:
 * backing up a vault is its Back Up Now, a check of the task log is what the Tasks page shows, a
 * check of a job is its status as a client polling it reads it, and a restore point is told like a
 * resource, with the backups it holds and the servers it skipped.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import { docRun } from '../../src/docs/doc-run.js';
import { procedure } from '../../src/docs/procedure.js';
import { plain } from '../../src/docs/inline.js';
import { knownRules } from '../../src/docs/walkthrough.js';
import { countSentence } from '../../src/docs/facts.js';

/** The rows of a scenario's procedure as "action → result", in plain text. */
function rows(id: string): string[] {
  const run = docRun(SCENARIOS.find((s) => s.id === id)!);
  expect(run.ok).toBe(true);
  return procedure(run, knownRules(), new Set(), () => null).rows.map((r) => `${plain(r.action)} → ${plain(r.result)}`);
}

describe('the walkthrough of backing up a vault (S1)', () => {
  const text = rows('s1-back-up-a-vault-now');

  it('tells backupVault as the vault\'s Back Up Now, with the restore point\'s name', () => {
    expect(text[1]).toMatch(/^On the Cloud Server Backups page, choose the server backup vault vault and click Back Up Now, name the restore point before-upgrade and describe it as “all servers before the upgrade”\. backupVault → /);
  });

  it('tells the restore point like a resource: its status, the backups it holds and what it skipped, with the code', () => {
    expect(text[1]).toMatch(/The restore point before-upgrade \(ID cp-[0-9a-f]+\) is Creating, holds 2 backups of db and app and lists as skipped web \(BackupService\.6125\)\./);
    expect(text[1]).toMatch(/belongs to the restore point before-upgrade/);
    expect(text[0]).toMatch(/The restore point manualbk_[0-9a-f]+ \(ID cp-[0-9a-f]+\) is Creating, holds a backup of web and skipped nothing\./);
  });

  it('tells a check of the task log as what the Tasks page shows', () => {
    expect(text[1]).toMatch(/On the Tasks page, a backup task of the ECS web is Skipped, with the code BackupService\.6125\./);
  });
});

describe('the walkthrough of the task log (S2)', () => {
  const text = rows('s2-the-task-log').join('\n');

  it('names each kind of task with its console status', () => {
    expect(text).toMatch(/a backup task for the backup manualbk_[0-9a-f]+ is Running/);
    expect(text).toMatch(/a backup task for the backup manualbk_[0-9a-f]+ is Failed, with the code Sim\.BackupFailed/);
    expect(text).toMatch(/a restore task for the backup manualbk_[0-9a-f]+ is Successful, with no error/);
    expect(text).toMatch(/a deletion task for the backup manualbk_[0-9a-f]+ is Running/);
    expect(text).toMatch(/On the Tasks page, 3 backup tasks of the ECS web are listed\./);
  });
});

describe('the walkthrough of jobs (S3)', () => {
  const text = rows('s3-jobs-clients-poll').join('\n');

  it('tells a job by its service, type and id, what it made, and its status', () => {
    expect(text).toMatch(/The IMS job imsCreateWholeImageByBackupJob \(ID job-[0-9a-f]+\) of the image golden is running\./);
    expect(text).toMatch(/The IMS job imsCreateWholeImageByBackupJob \(ID job-[0-9a-f]+\) of the image golden has succeeded, with no error code\./);
    expect(text).toMatch(/The EVS job createVolume \(ID job-[0-9a-f]+\) of the disk data-1 has succeeded\./);
  });

  it('tells an ECS batch\'s failure with its error code and its sub-jobs', () => {
    expect(text).toMatch(/The ECS job createServer \(ID job-[0-9a-f]+\) of the ECSs app-0001, app-0002 and app-0003 has failed, with the error code Sim\.ProvisionFailed; of its 3 sub-jobs, 2 have succeeded and 1 has failed\./);
  });
});

describe('a count of restore points, tasks and jobs', () => {
  it('uses their console words', () => {
    expect(plain(countSentence({ kind: 'checkpoint', status: 'available', equals: 3 }))).toBe('3 restore points are Available.');
    expect(plain(countSentence({ kind: 'task', status: 'skipped', equals: 1 }))).toBe('1 task is Skipped.');
    expect(plain(countSentence({ kind: 'job', status: 'FAIL', equals: 2 }))).toBe('2 jobs are Failed.');
  });
});
