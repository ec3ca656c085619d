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
      'Backing up a vault makes one restore point (checkpoint) holding a backup of each resource it covers; a resource that cannot be backed up now is listed under `skipped_resources` with a code and a reason (P4). ' +
      'A manual backup of a single server or disk is a checkpoint of that one resource.',
    codes: [],
  }),
  unmodelled({
    id: 'S2',
    title: 'CBR Tasks',
    statement:
      'Each backup, restore, deletion, vault deletion, resource removal and VMware sync runs as a CBR task in the operation log: ' +
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
