/**
 * The Procedure of a walkthrough: the steps a reader takes in the console, each with its time and
 * its result, and the narration between them. Only actions are numbered: a console action, an
 * attempt the service refuses, a wait. What the scenario expects after a step is folded into that
 * step's result as facts; narration goes between the steps as notes; what only the simulator
 * does (make the next backup fail) is a note too.
 */
import type { Change } from '../scenario/runner.js';
import type { CountExpectation, JobExpectation, ResourceExpectation, Step, TaskExpectation } from '../scenario/types.js';
import type { DocRecord } from './doc-run.js';
import { toMilliseconds } from '../sim/duration.js';
import { VERBS } from '../scenario/verbs.js';
import { CONSOLE_ACTIONS, type ActionContext, type Service } from './console-actions.js';
import { theResource } from './console-words.js';
import type { DocRun, DocStep } from './doc-run.js';
import { changePredicate, countSentence, jobSentence, predicates, sentence, sentences, taskSentence, type FactContext, type Said } from './facts.js';
import { api, capitalized, code, inl, listOf, name, strong, withRuleLinks, type Inline } from './inline.js';
import { scenarioText } from './scenario-text.js';
import { dateTime, spanWords } from './time-words.js';

export interface Row {
  number: number;
  at: number;
  action: Inline[];
  result: Inline[];
  /** The step of the row and the expectations folded into it. */
  doc: DocStep;
  folded: DocStep[];
}

export type Flow =
  | { kind: 'row'; row: Row }
  | { kind: 'note'; text: Inline[]; steps: number[] }
  /** What comes before the first step: narration, and what holds at the start. */
  | { kind: 'lead'; text: Inline[]; steps: number[] };

const DAY = 86_400_000;

type StepShape = Record<string, unknown> & {
  do?: string; refuse?: string; say?: string; advance?: unknown; expect?: Record<string, ResourceExpectation>; expectCount?: CountExpectation;
  expectTask?: TaskExpectation; expectJob?: JobExpectation;
};

/** Whether a step only checks (its facts fold into the action before it). */
const isCheck = (s: StepShape): boolean => !!(s.expect || s.expectCount || s.expectTask || s.expectJob);

/** The sentences of a check of the task log or of a job (S2, S3), read in its own step's context. */
function logSentences(s: StepShape, c: FactContext): Inline[][] {
  return [...(s.expectTask ? [taskSentence(c, s.expectTask)] : []), ...(s.expectJob ? [jobSentence(c, s.expectJob)] : [])];
}

function shape(step: Step | null): StepShape {
  return (step ?? {}) as StepShape;
}

/** The context a console phrase reads a step's parameters and records from. */
function actionContext(doc: DocStep): ActionContext {
  const step = shape(doc.step);
  const byId = (id: string) => doc.records.get(id) ?? doc.before.get(id);
  const idOf = (key: string) => {
    const value = step[key];
    return typeof value === 'string' ? doc.refs.get(value) : undefined;
  };
  // What the command made: only a verb that binds its result makes something (updateVault returns a record it changed).
  const result = typeof step.do === 'string' && VERBS[step.do]?.binds ? doc.outcome.result : undefined;
  const made = (Array.isArray(result) ? result : result ? [result] : [])
    .map((r) => (r && typeof r === 'object' && 'id' in r ? byId(String((r as { id: unknown }).id)) : undefined))
    .filter((r): r is DocRecord => !!r && !doc.before.has(r.id));
  return {
    param: (key) => step[key],
    record: (key) => {
      const id = idOf(key);
      return typeof id === 'string' ? doc.before.get(id) ?? doc.records.get(id) : undefined;
    },
    records: (key) => {
      const value = step[key];
      if (!Array.isArray(value)) return [];
      return value.map((ref) => doc.refs.get(String(ref))).filter((id): id is string => typeof id === 'string').map(byId).filter((r): r is DocRecord => !!r);
    },
    made,
    byId,
  };
}

function factContext(doc: DocStep): FactContext {
  return { byId: (id) => doc.records.get(id), ref: (ref) => doc.refs.get(ref), all: () => doc.records.values() };
}

/** The wait of an `advance` step: "Wait 1 day, until Tue 6 Jan 10:00." / "Wait until the backup x is Available (about 9 minutes)." */
function waitPhrase(doc: DocStep, previousAt: number, withYear: boolean): Inline[] {
  const advance = shape(doc.step).advance;
  const at = Date.parse(doc.outcome.at);
  const took = at - previousAt;
  if (typeof advance !== 'object' || advance === null) {
    const ms = toMilliseconds(advance) ?? took;
    return inl(`Wait ${spanWords(ms).replace(/^about /, '')}, until ${dateTime(at, withYear)}.`);
  }
  const c = factContext(doc);
  const until = Object.entries((advance as { until: Record<string, ResourceExpectation> }).until).map(([ref, e]) => {
    const id = doc.refs.get(ref);
    const r = typeof id === 'string' ? doc.records.get(id) : undefined;
    return r ? inl(theResource(r), ' ', listOf(predicates(c, r, e, { statusShown: false, how: '', until: true }))) : inl(name(ref));
  });
  return inl('Wait until ', listOf(until), took >= 30_000 ? ` (${spanWords(took)})` : '', '.');
}

/** The refusal, with its code and whole message; a code of cbr-sim's own is said to be one. */
export function refusalText(refusal: { code: string; message: string }, known: ReadonlySet<string>): Inline[] {
  const message = withRuleLinks(refusal.message, known);
  if (refusal.code.startsWith('Sim.')) {
    return inl('Refused. cbr-sim answers with ', code(refusal.code), ', a code of its own: the documentation states the rule but not the code the real service returns. \u201c', message, '\u201d');
  }
  return inl('Refused with ', code(refusal.code), ': \u201c', message, '\u201d');
}

/**
 * What the policies did during a step, for the backups the row does not tell of: runs, backups
 * made, deleted, failed. A backup the row's steps refer to (`copy.backup`, a sync's, C10) is told
 * by its own sentence.
 */
function policyActivity(doc: DocStep, told: ReadonlySet<string>): Inline[] {
  const policies = new Map<string, number>();
  let skipped = 0;
  let made = 0;
  let deleted = 0;
  let failed = 0;
  const named = new Set([...doc.outcome.changes.map((c) => c.id), ...told]);
  for (const r of doc.outcome.records) {
    if (r.type === 'note' && r.note === 'run-started' && r.resourceId) policies.set(r.resourceId, (policies.get(r.resourceId) ?? 0) + 1);
    if (r.type === 'note' && r.note === 'run-skipped') skipped++;
    if (r.type === 'state' && r.kind === 'backup' && !named.has(r.resourceId ?? '')) {
      if (r.from === null) made++;
      if (r.status === 'deleting' || (r.status === 'deleted' && r.from !== 'deleting')) deleted++;
      if (r.status === 'error' && r.from !== 'error') failed++;
    }
  }
  if (!policies.size && !made && !deleted) return [];
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const runs = [...policies.values()].reduce((a, b) => a + b, 0);
  const who = [...policies.keys()].map((id) => doc.records.get(id)).filter((r): r is DocRecord => !!r);
  const what = [
    made ? `${count(made, 'backup')} made` : 'no backup made',
    failed ? `${failed} of them ended in Error` : '',
    deleted ? `${count(deleted, 'backup')} deleted` : '',
    skipped ? `${count(skipped, 'run')} skipped because the backup before was still running` : '',
  ].filter(Boolean).join(', ');
  if (!who.length) return inl(`Meanwhile: ${what}.`);
  return capitalized(inl(
    who.length === 1 ? theResource(who[0]!) : inl('the policies ', listOf(who.map((p) => name(p.name)))),
    ` ran ${runs === 1 ? 'once' : runs === 2 ? 'twice' : `${runs} times`}: ${what}.`,
  ));
}

/** The sentences of a row's result: changes, with what was expected of them, then counts and activity. */
function resultOf(row: Row, known: ReadonlySet<string>, mentioned: Set<string>, backupsRef: Inline[] | null): Inline[] {
  const o = row.doc.outcome;
  if (!o.ok) {
    return inl(strong('Not as the walkthrough expects:'), ' ', withRuleLinks(o.failure?.message ?? 'the step failed', known));
  }
  if (o.refusal) return refusalText(o.refusal, known);
  const last = row.folded[row.folded.length - 1] ?? row.doc;
  const record = (id: string) => last.records.get(id);
  // Every resource the step changed, or made without naming it, and every one its expectations look at.
  const changes = new Map<string, Change>();
  for (const ch of o.changes) changes.set(ch.id, ch);
  for (const made of actionContext(row.doc).made) {
    if (!changes.has(made.id)) changes.set(made.id, { name: made.name, id: made.id, kind: made.kind, from: null, to: { status: made.status, label: made.label } });
  }
  // What the scenario expected after the step, each read in its own step's context.
  const expected = new Map<string, Inline[][]>();
  const counts: CountExpectation[] = [];
  const logged: Inline[][] = [];
  for (const f of row.folded) {
    const s = shape(f.step);
    if (s.expectCount) counts.push(s.expectCount);
    const c = factContext(f);
    logged.push(...logSentences(s, c));
    for (const [ref, e] of Object.entries(s.expect ?? {})) {
      const id = f.refs.get(ref);
      const r = typeof id === 'string' ? f.records.get(id) : undefined;
      if (!r || typeof id !== 'string') continue;
      // A resource no step named may have changed all the same (a server's disks during its restore).
      const was = row.doc.before.get(id);
      // One that did not exist before the step is neither "now" nor "still" anything.
      const how = !was ? '' : was.status !== r.status || was.label !== r.label ? 'now ' : 'still ';
      const preds = predicates(c, r, e, { statusShown: changes.has(id), how });
      expected.set(id, [...(expected.get(id) ?? []), ...preds]);
    }
  }
  const said: Said[] = [];
  const say = (id: string, preds: Inline[][]) => {
    const r = record(id);
    if (!r || !preds.length) return;
    said.push({ record: r, preds, withId: !mentioned.has(id) });
    mentioned.add(id);
  };
  for (const [id, change] of changes) {
    const r = record(id);
    if (r) say(id, [changePredicate(r, change), ...(expected.get(id) ?? [])]);
  }
  for (const [id, preds] of expected) if (!changes.has(id)) say(id, preds);
  const out = sentences(said);
  const told = new Set([row.doc, ...row.folded].flatMap((f) => [...f.refs.values()].flat()));
  const activity = o.kind === 'advance' ? policyActivity(row.doc, told) : [];
  out.push(activity);
  for (const e of counts) out.push(countSentence(e));
  out.push(...logged);
  if (activity.length && backupsRef) out.push(backupsRef);
  const nonEmpty = out.filter((x) => x.length);
  if (!nonEmpty.length) {
    const step = shape(row.doc.step);
    const done = typeof step.do === 'string' ? CONSOLE_ACTIONS[step.do]?.done?.(actionContext(row.doc)) : undefined;
    return done?.length ? done : inl('The request is accepted.');
  }
  return inl(...nonEmpty.flatMap((x, i) => (i ? [' ', x] : [x])));
}

export interface Procedure {
  flow: Flow[];
  rows: Row[];
  services: Service[];
}

/** How many tables the steps of a flow make: a new one after each note or paragraph. */
export function stepTableCount(flow: Flow[]): number {
  return flow.reduce((n, item, i) => n + (item.kind === 'row' && flow[i - 1]?.kind !== 'row' ? 1 : 0), 0);
}

/**
 * The procedure of a run. `mentioned` holds the ids already introduced with their ID (the
 * prerequisites); `backupsRef` gives the pointer to the long-run section, said on long waits,
 * once the number of step tables before it is known.
 */
export function procedure(run: DocRun, known: ReadonlySet<string>, mentioned: Set<string>, backupsRef: (stepTables: number) => Inline[] | null): Procedure {
  const flow: Flow[] = [];
  const rows: Row[] = [];
  const services = new Set<Service>();
  const withYear = new Date(run.start).getUTCFullYear() !== new Date(run.end).getUTCFullYear();
  const leadFacts: DocStep[] = [];
  let previousAt = run.start;
  for (const doc of run.steps.slice(1)) {
    const s = shape(doc.step);
    const at = Date.parse(doc.outcome.at);
    if (typeof s.say === 'string') {
      flow.push({ kind: rows.length ? 'note' : 'lead', text: scenarioText(s.say, known), steps: [doc.outcome.index] });
      continue;
    }
    if (isCheck(s) && doc.outcome.ok) {
      const row = rows[rows.length - 1];
      if (row) row.folded.push(doc);
      else leadFacts.push(doc);
      continue;
    }
    let action: Inline[];
    // An expectation that did not hold is the one place a check shows: the page says where the run stopped.
    if (isCheck(s)) action = inl(s.expectTask ? inl('Check the ', strong('Tasks'), ' page.') : 'Check the result.');
    else if (typeof s.do === 'string') {
      const console = CONSOLE_ACTIONS[s.do];
      if (console && console.service === null) {
        flow.push({ kind: 'note', text: console.phrase(actionContext(doc)), steps: [doc.outcome.index] });
        continue;
      }
      if (console?.service) services.add(console.service);
      action = inl(console ? console.phrase(actionContext(doc)) : inl(`Run ${s.do}.`), ' ', api(s.do));
    } else action = waitPhrase(doc, previousAt, withYear);
    const row: Row = { number: rows.length + 1, at, action, result: [], doc, folded: [] };
    rows.push(row);
    flow.push({ kind: 'row', row });
    previousAt = at;
  }
  const pointer = backupsRef(stepTableCount(flow));
  for (const row of rows) row.result = resultOf(row, known, mentioned, row.doc.outcome.kind === 'advance' && Date.parse(row.doc.outcome.at) - run.start >= DAY ? pointer : null);
  if (leadFacts.length) {
    const facts = leadFacts.flatMap((doc) => {
      const s = shape(doc.step);
      if (s.expectCount) return [countSentence(s.expectCount)];
      const c = factContext(doc);
      if (s.expectTask || s.expectJob) return logSentences(s, c);
      return Object.entries(s.expect ?? {}).flatMap(([ref, e]) => {
        const id = doc.refs.get(ref);
        const r = typeof id === 'string' ? doc.records.get(id) : undefined;
        return r ? [sentence(r, predicates(c, r, e, { statusShown: false, how: '' }), false)] : [];
      });
    });
    flow.unshift({ kind: 'lead', text: capitalized(inl('At the start: ', ...facts.flatMap((f, i) => (i ? [' ', f] : [f])))), steps: leadFacts.map((doc) => doc.outcome.index) });
  }
  return { flow, rows, services: [...services] };
}
