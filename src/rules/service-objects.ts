/**
 * S1–S3: the service objects a client of the real APIs sees besides backups and images: restore
 * points, CBR tasks, IMS, ECS and EVS jobs (cloud-facts §1–2, rest-api.md).
 */
import { defineRule, type Rule } from './rule.js';

export const SERVICE_OBJECTS: readonly Rule[] = [
  defineRule({
    id: 'S1',
    title: 'Restore Points',
    statement:
      'One backup of a vault is one restore point (checkpoint), with a backup inside for every resource of the vault; those it cannot back up at that moment appear in `skipped_resources`, each with a code and a reason (P4). ' +
      'Backing up a single server or disk by hand makes a checkpoint with just that resource.',
    codes: ['BackupService.0001'],
    where: '`backupVault` (`src/sim/commands/backups.ts`): one backup per resource the charts allow, the refused ones in `skipped`; every backup\'s context `checkpointId`; status derived from its backups\' phases (`src/sim/checkpoints.ts`); a policy run is one checkpoint per vault (`autoTrigger`)',
    tests: '`test/sim/checkpoints.test.ts`; scenario `s1-back-up-a-vault-now`',
    modelled: true,
  }),
  defineRule({
    id: 'S2',
    title: 'CBR Tasks',
    statement:
      'Backing up, restoring, deleting a backup or a vault, removing a resource and syncing VMware copies each appear in the operation log as a CBR task: ' +
      '`waiting`, then `running` (progress 0–100 keeping pace with the clock), then `success`, `failed` (with the code and message in `error_info`) or `skipped` (P4).',
    codes: [],
    where: '`task` chart (`machines/task.machine.ts`, moved by `nextTaskStatus`); opened and ended by the world\'s routing of the backup chart (`protecting` → `available`/`error`, `restoring`, `deleting` → `deleted`) in `World.backupTask`; the log (`src/sim/tasks.ts`) keeps ended tasks 30 days, at most 100,000',
    tests: '`test/sim/tasks.test.ts`; scenarios `s2-the-task-log`, `p4-busy-run-is-skipped`',
    modelled: true,
  }),
  defineRule({
    id: 'S3',
    title: 'Asynchronous Jobs',
    statement:
      'Creating and exporting IMS images, creating a batch of ECSs and creating EVS disks run as asynchronous jobs: `INIT`, `RUNNING`, then `SUCCESS` or `FAIL` (with `error_code` and `fail_reason`). ' +
      'A job\'s `entities` name what it made: the image id, or one sub-job per server of an ECS batch.',
    codes: [],
    where: '`job` chart `INIT` → `RUNNING` (`following`, or `working` for the named delay `jobTime`: guard `selfTimed`) → `SUCCESS` / `FAIL` (guards `allSubJobsSucceeded`, `someSubJobFailed`); the world\'s routing of the image, server and disk charts (`World.imageJob`, `serverJob`, `diskJob`)',
    tests: '`test/sim/jobs.test.ts`, `test/machines/job.machine.test.ts`; scenario `s3-jobs-clients-poll`',
    modelled: true,
  }),
];
