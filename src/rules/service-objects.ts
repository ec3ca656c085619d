/**
 * S1–S3: the service objects a client of the real APIs sees besides backups and images: restore
 * points, CBR tasks, IMS and ECS jobs (cloud-facts §1–2, rest-api.md). Not modelled yet.
 */
import { unmodelled, type Rule } from './rule.js';

export const SERVICE_OBJECTS: readonly Rule[] = [
  unmodelled({
    id: 'S1',
    title: 'Restore Points',
    statement:
      'One backup of a vault is one restore point (checkpoint), with a backup inside for every resource of the vault; those it cannot back up at that moment appear in `skipped_resources`, each with a code and a reason (P4). ' +
      'Backing up a single server or disk by hand makes a checkpoint with just that resource.',
    codes: [],
  }),
  unmodelled({
    id: 'S2',
    title: 'CBR Tasks',
    statement:
      'Backing up, restoring, deleting a backup or a vault, removing a resource and syncing VMware copies each appear in the operation log as a CBR task: ' +
      '`waiting`, then `running` (progress 0–100 keeping pace with the clock), then `success`, `failed` (with the code and message in `error_info`) or `skipped` (P4).',
    codes: [],
  }),
  unmodelled({
    id: 'S3',
    title: 'Asynchronous Jobs',
    statement:
      'Creating and exporting IMS images, creating a batch of ECSs and creating EVS disks run as asynchronous jobs: `INIT`, `RUNNING`, then `SUCCESS` or `FAIL` (with `error_code` and `fail_reason`). ' +
      'A job\'s `entities` name what it made: the image id, or one sub-job per server of an ECS batch.',
    codes: [],
  }),
];
