/**
 * What a step's result says, in sentences: the resources that changed ("The backup web-01-backup
 * (ID bk-…) is Creating"), what the scenario expected of them folded in ("and is marked Image can
 * be created"), counts ("3 automatic backups are Available"). Expectations are never shown as
 * checks: a walkthrough only runs to the end when every one of them held, so each is a fact.
 */
import type { Change } from '../scenario/runner.js';
import type { CountExpectation, JobExpectation, ResourceExpectation, TaskExpectation } from '../scenario/types.js';
import { TASK_LABELS } from '../../machines/task.machine.js';
import type { BackupRecord, ImageRecord, ResourceKind } from '../sim/records.js';
import type { DocRecord } from './doc-run.js';
import { consoleLabel, IMAGE_TYPE, NOUN, nounOf, theResource } from './console-words.js';
import { capitalized, code, inl, listOf, name, plain, strong, type Inline } from './inline.js';

export interface FactContext {
  /** The latest record of a resource, by id. */
  byId(id: string): DocRecord | undefined;
  /** The id(s) a reference of the step named. */
  ref(ref: string): string | string[] | undefined;
  /** Every record the run has touched so far (to find the job that made a resource). */
  all(): Iterable<DocRecord>;
}

const isBackup = (r: DocRecord): r is BackupRecord => r.kind === 'backup';
/** The provider ID of VMware backups (C10), which a reader would not know by sight. */
const VMWARE_PROVIDER = 'a13639de-00be-4e94-af30-26912d75e4a2';
const isImage = (r: DocRecord): r is ImageRecord => r.kind === 'image';

/** The console word of a record's status, with the backup's mark: **Creating**, marked **Image can be created**. */
function state(r: DocRecord, how: '' | 'now ' | 'still '): Inline[] {
  // "is in Error" reads as English; "is Error" does not.
  const word = inl(`is ${how}${r.label === 'Error' ? 'in ' : ''}`, strong(r.label));
  return isBackup(r) && r.imageable && r.status === 'protecting' ? inl(word, ', marked ', strong('Image can be created')) : word;
}

function recordOf(c: FactContext, ref: string): DocRecord | undefined {
  const id = c.ref(ref);
  return typeof id === 'string' ? c.byId(id) : undefined;
}

/** `the image web-01-image`, or the reference as the scenario wrote it. */
function theRef(c: FactContext, ref: string): Inline[] {
  const r = recordOf(c, ref);
  return r ? theResource(r) : inl(name(ref));
}

/**
 * What an expectation says of a resource, as predicates ("has the image x", "is 140 GB"). The
 * status is left out when `statusShown` (the change of the step says it already).
 */
export function predicates(c: FactContext, r: DocRecord, e: ResourceExpectation, o: { statusShown: boolean; how: '' | 'now ' | 'still '; until?: boolean }): Inline[][] {
  const out: Inline[][] = [];
  const { statusShown, how } = o;
  if (o.until && e.imageable === true && e.status === undefined && e.label === undefined) out.push(inl('is marked ', strong('Image can be created')));
  else if (!statusShown && (e.status !== undefined || e.label !== undefined)) {
    out.push(e.status === 'deleted' || e.status === 'DELETED' ? inl('is deleted') : state(r, how));
  } else if (!statusShown && e.imageable === true && isBackup(r)) out.push(state(r, how));
  if (e.imageable === false) out.push(inl(isBackup(r) && r.status === 'protecting' ? 'is not yet marked ' : 'is not marked ', strong('Image can be created')));
  if (e.imageKind !== undefined) out.push(inl('is a ', strong(IMAGE_TYPE[e.imageKind] ?? e.imageKind)));
  if (e.linkedTo !== undefined) {
    if (e.linkedTo === null) out.push(inl(r.kind === 'backup' ? 'has no image' : 'was made from no backup'));
    else out.push(inl(r.kind === 'backup' ? 'has ' : 'was made from ', theRef(c, e.linkedTo)));
  }
  if (e.autoTrigger !== undefined && r.kind === 'checkpoint') out.push(inl(e.autoTrigger ? 'was made by a policy\u2019s scheduled run' : 'was made by hand'));
  else if (e.autoTrigger !== undefined) out.push(inl(e.autoTrigger ? 'is an automatic backup, made by a policy' : 'is a manual backup'));
  if (e.containsSystemDisk !== undefined) out.push(inl(e.containsSystemDisk ? 'holds the system disk' : 'does not hold the system disk'));
  if (e.azRestricted !== undefined && isImage(r)) {
    out.push(e.azRestricted
      ? inl(`can create ECSs only in ${r.az} (the console shows `, strong(`Available in AZ ${r.az}`), ') until its backup is ', strong('Available'))
      : inl('can create ECSs in every AZ'));
  }
  if (e.az !== undefined) out.push(inl(`is in ${e.az}`));
  if (e.sizeGB !== undefined) {
    const size = (r as { sizeGB?: number }).sizeGB;
    if (typeof e.sizeGB === 'number') out.push(inl(`is ${e.sizeGB} GB`));
    else {
      const [relation, other] = Object.entries(e.sizeGB)[0] as [string, string];
      const o = recordOf(c, other) as { sizeGB?: number } | undefined;
      const words = { lessThan: 'smaller than', greaterThan: 'larger than', equals: 'the size of' }[relation] ?? relation;
      out.push(inl(`is ${size ?? '?'} GB, ${words} `, theRef(c, other), relation === 'equals' || o?.sizeGB === undefined ? '' : ` (${o.sizeGB} GB)`));
    }
  }
  const vault = r as { usedGB?: number; capacityGB?: number | null; autoExpand?: boolean };
  if (e.usedGB !== undefined || e.capacityGB !== undefined) {
    const capacity = vault.capacityGB === null || vault.capacityGB === undefined ? 'no capacity limit' : `${vault.capacityGB} GB`;
    out.push(e.usedGB !== undefined ? inl(`uses ${vault.usedGB} GB of ${capacity === 'no capacity limit' ? 'its unlimited capacity' : capacity}`) : inl(`has ${capacity}`));
  }
  if (e.autoExpand !== undefined) out.push(inl(e.autoExpand ? 'expands its capacity automatically' : 'does not expand automatically'));
  if (e.checkpoint !== undefined) out.push(inl('belongs to ', theRef(c, e.checkpoint)));
  for (const key of ['backups', 'skipped'] as const) {
    const want = e[key];
    if (want === undefined || r.kind !== 'checkpoint') continue;
    if (key === 'backups') {
      const backups = r.backupIds.map((id) => c.byId(id)).filter((b): b is DocRecord => !!b);
      const of = backups.map((b) => (b.kind === 'backup' ? c.byId(b.resourceId)?.name : undefined)).filter((n): n is string => !!n);
      out.push(typeof want === 'number' && want !== of.length
        ? inl(`holds ${want} backup${want === 1 ? '' : 's'}`)
        : inl(`holds ${r.backupIds.length === 1 ? 'a backup' : `${r.backupIds.length} backups`}`, of.length ? inl(' of ', listOf(of.map(name))) : ''));
    } else {
      out.push(r.skipped.length === 0
        ? inl('skipped nothing')
        : inl('lists as skipped ', listOf(r.skipped.map((x) => inl(name(x.name), ' (', code(x.code), ')')))));
    }
  }
  if (e.resourceType !== undefined) out.push(inl('is a backup of an ', code(e.resourceType)));
  if (e.providerId !== undefined) out.push(inl('has the provider ID ', code(e.providerId), e.providerId === VMWARE_PROVIDER ? ' (VMware)' : ''));
  if (e.jobType !== undefined) out.push(inl('is of type ', code(e.jobType)));
  if (e.errorCode !== undefined) out.push(e.errorCode === null ? inl('has no error code') : inl('has the error code ', code(e.errorCode)));
  if (e.lastRun !== undefined) {
    const words = { success: 'succeeded', partial: 'succeeded only in part', failed: 'failed', skipped: 'was skipped' } as Record<string, string>;
    out.push(e.lastRun === null ? inl('has had no scheduled run yet') : inl(`reports that its last scheduled run ${words[e.lastRun] ?? e.lastRun}`));
  }
  return out;
}

/** One sentence about a resource: `The image x (ID img-…) is Creating and was made from the backup y.` */
export function sentence(r: DocRecord, preds: Inline[][], withId: boolean): Inline[] {
  if (!preds.length) return [];
  return capitalized(inl(theResource(r), withId ? inl(' (ID ', code(r.id), ')') : '', ' ', listOf(preds), '.'));
}

/** A change of a named resource as a predicate: `is Creating` (new), `is now Available`, `is now marked …`. */
export function changePredicate(r: DocRecord, change: Change): Inline[] {
  if (change.from === null) return state(r, '');
  const [fromWord] = change.from.label.split(' · ');
  const [toWord, toMark] = change.to.label.split(' · ');
  if (fromWord === toWord && toMark) return inl(`is still `, strong(toWord!), ' and now marked ', strong(toMark));
  if (change.to.status === 'deleted' || change.to.status === 'DELETED') return inl('is now deleted');
  return state(r, 'now ');
}

const PLURAL_VERBS: Record<string, string> = { is: 'are', has: 'have', was: 'were', holds: 'hold', does: 'do', uses: 'use', expands: 'expand' };

/** A predicate said of several resources: `is now Running` → `are now Running`. */
function plural(pred: Inline[]): Inline[] {
  const [first, ...rest] = pred;
  if (first?.kind !== 'text') return pred;
  return [{ kind: 'text', text: first.text.replace(/^(\w+)/, (verb) => PLURAL_VERBS[verb] ?? verb) }, ...rest];
}

export interface Said {
  record: DocRecord;
  preds: Inline[][];
  /** Its first mention on the page: its ID follows its name. */
  withId: boolean;
}

/**
 * Sentences about resources; resources of one kind of which the same is said share a sentence:
 * `The ECSs web-0001 (ID …), web-0002 (ID …) and web-0003 (ID …) are Creating.`
 */
export function sentences(items: Said[]): Inline[][] {
  const groups = new Map<string, Said[]>();
  for (const item of items) {
    if (!item.preds.length) continue;
    const key = `${nounOf(item.record)}|${item.preds.map(plain).join('|')}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) return sentence(group[0]!.record, group[0]!.preds, group[0]!.withId);
    const noun = nounOf(group[0]!.record);
    const many = noun === NOUN[group[0]!.record.kind as ResourceKind].one ? NOUN[group[0]!.record.kind as ResourceKind].many : `${noun}s`;
    const names = group.map((g) => inl(name(g.record.name), g.withId ? inl(' (ID ', code(g.record.id), ')') : ''));
    return capitalized(inl(`the ${many} `, listOf(names), ' ', listOf(group[0]!.preds.map(plural)), '.'));
  });
}

/** A count the scenario expected: `3 automatic backups are Available`, `There are no manual backups`. */
export function countSentence(e: CountExpectation): Inline[] {
  const statuses = e.status === undefined ? [] : Array.isArray(e.status) ? e.status : [e.status];
  const trigger = e.autoTrigger === undefined ? '' : e.autoTrigger ? 'automatic ' : 'manual ';
  const one = e.equals === 1 || (e.equals === 0 && statuses.length > 0);
  const noun = `${trigger}${one ? NOUN[e.kind].one : NOUN[e.kind].many}`;
  const number = e.equals === 0 ? 'no' : String(e.equals);
  if (statuses.length === 0) return inl(e.equals === 1 ? 'There is 1 ' : `There are ${number} `, noun, e.includeDeleted ? ', deleted ones included' : '', '.');
  if (statuses.every((s) => s === 'deleted' || s === 'DELETED')) {
    return capitalized(inl(`${number} `, noun, e.equals === 1 ? ' has' : ' have', ' been deleted.'));
  }
  const words = listOf(statuses.map((s) => strong(consoleLabel(e.kind, s))), 'or');
  if (e.equals === 0) return inl('No ', noun, ' is ', words, '.');
  return capitalized(inl(`${number} `, noun, e.equals === 1 ? ' is ' : ' are ', words, '.'));
}

/** What a task's operation is called in a sentence: a **backup** task, a **deletion** task. */
const OPERATION_WORDS: Record<string, string> = { backup: 'backup', restore: 'restore', delete: 'deletion', vault_delete: 'vault deletion', remove_resource: 'removal', sync: 'synchronisation' };

/** V1: a sync task's counters as its details show them: `1 backup synchronised, 1 failed`. */
function syncCounters(e: TaskExpectation): string {
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  return [
    e.syncBackupNum !== undefined ? `${n(e.syncBackupNum, 'backup')} synchronised` : '',
    e.deleteBackupNum !== undefined ? `${n(e.deleteBackupNum, 'backup')} deleted` : '',
    e.errSyncBackupNum !== undefined ? `${n(e.errSyncBackupNum, 'copy', 'copies')} failed to synchronise` : '',
  ].filter(Boolean).join(', ');
}

/**
 * A check of the task log (S2), as the console's **Tasks** page shows it: `On the Tasks page, a
 * backup task of the ECS web is Skipped, with the code BackupService.6125.`
 */
export function taskSentence(c: FactContext, e: TaskExpectation): Inline[] {
  const many = e.count !== undefined && e.count !== 1;
  const number = e.count === undefined || e.count === 1 ? 'a' : e.count === 0 ? 'no' : String(e.count);
  const what = `${e.operationType ? `${OPERATION_WORDS[e.operationType] ?? e.operationType} ` : ''}task${many && e.count !== 0 ? 's' : ''}`;
  const status = e.status !== undefined ? inl(many && e.count !== 0 ? ' are ' : ' is ', strong(TASK_LABELS[e.status])) : inl(many && e.count !== 0 ? ' are listed' : ' is listed');
  const why = e.code === undefined ? '' : e.code === null ? ', with no error' : inl(', with the code ', code(e.code));
  const counters = syncCounters(e);
  return inl(
    'On the ', strong('Tasks'), ` page, ${number} ${what}`,
    e.resource !== undefined ? inl(' of ', theRef(c, e.resource)) : '',
    e.vault !== undefined ? inl(' of ', theRef(c, e.vault)) : '',
    e.backup !== undefined ? inl(' for ', theRef(c, e.backup)) : '',
    status, why, counters ? `: ${counters}` : '', '.',
  );
}

const SERVICE_WORDS: Record<string, string> = { ims: 'IMS', ecs: 'ECS', evs: 'EVS' };
const JOB_WORDS: Record<string, string> = { INIT: 'is waiting', RUNNING: 'is running', SUCCESS: 'has succeeded', FAIL: 'has failed' };

/** The job a job expectation looks at: the one it names, else the last one that made its entity. */
function jobOf(c: FactContext, e: JobExpectation): DocRecord | undefined {
  if (e.job !== undefined) return recordOf(c, e.job);
  const entity = e.entity === undefined ? undefined : c.ref(e.entity);
  let found: DocRecord | undefined;
  for (const r of c.all()) {
    if (r.kind !== 'job' || (e.jobType !== undefined && r.jobType !== e.jobType)) continue;
    const made = [r.entities.imageId, r.entities.diskId, ...(r.entities.serverIds ?? [])];
    if (entity === undefined || made.includes(entity as string)) found = r;
  }
  return found;
}

/**
 * A check of a job's status (S3), as a client polling it sees it: `The IMS job (ID job-…,
 * imsCreateWholeImageByBackupJob) of the image golden has succeeded.`
 */
export function jobSentence(c: FactContext, e: JobExpectation): Inline[] {
  const job = jobOf(c, e);
  if (!job || job.kind !== 'job') return inl('The job of ', e.entity !== undefined ? theRef(c, e.entity) : name(e.job ?? e.jobType ?? '?'), ' is as expected.');
  const made = [job.entities.imageId, job.entities.diskId, ...(job.entities.serverIds ?? [])].filter((id): id is string => !!id).map((id) => c.byId(id)).filter((r): r is DocRecord => !!r);
  const whose = made.length === 1 ? inl(' of ', theResource(made[0]!)) : made.length > 1 ? inl(' of the ', NOUN[made[0]!.kind].many, ' ', listOf(made.map((r) => name(r.name)))) : '';
  const status = e.status !== undefined ? ` ${JOB_WORDS[e.status] ?? `is ${e.status}`}` : ' is as expected';
  const error = e.errorCode === undefined ? '' : e.errorCode === null ? ', with no error code' : inl(', with the error code ', code(e.errorCode));
  let subJobs: Inline[] = [];
  if (typeof e.subJobs === 'number') subJobs = inl(`; it has ${e.subJobs} sub-job${e.subJobs === 1 ? '' : 's'}, one per ECS`);
  else if (e.subJobs) {
    const parts = Object.entries(e.subJobs).map(([st, n]) => `${n} ${(JOB_WORDS[st] ?? st).replace(/^is /, 'are ').replace(/^has /, 'have ')}`);
    subJobs = inl(`; of its ${job.subJobs.length} sub-jobs, `, listOf(parts.map((p) => inl(p.replace(/^1 are /, '1 is ').replace(/^1 have /, '1 has ')))));
  }
  return inl('The ', SERVICE_WORDS[job.service] ?? job.service, ' job ', code(job.jobType), ' (ID ', code(job.id), ')', whose, status, error, subJobs, '.');
}
