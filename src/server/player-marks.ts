/**
 * Where the scenario player stood when each journal record was written, so that "Resume from
 * here" can put the player where the world is: every step the session plays leaves a mark (the
 * journal's seq before and after it, and the names its `as:` gave), and a record's place follows
 * from the marks: written by step k (its last record, or one inside it), or by no step (a console
 * action, a fork's note, anything after the end), after step k. The names are kept as each step's
 * changes, not the whole list per step: a thousand steps naming a thousand resources stay small.
 */
import type { PlayerPosition, StepOutcome } from '../scenario/runner.js';
import { SimulationError } from '../sim/errors.js';

type Names = PlayerPosition['names'];

export interface StepMark {
  /** The journal's seq when the step began (0 for the setup) … */
  before: number;
  /** … and when it ended: the step wrote the records after `before` up to `after`. */
  after: number;
  /** The names the step gave or changed (`as:`), in the order the player's map holds them. */
  names: Names;
}

/** The player detached: the world was resumed from a record in the middle of step `step`. */
export interface OffScriptMark {
  reason: string;
  /** The record the world was resumed from. */
  seq: number;
  step: number;
  /** The step's description, for the reason of a later fork inside it. */
  description: string;
  /** The journal's seq when the step began, and the last record of it this world holds. */
  from: number;
  upTo: number;
}

/**
 * "The world was resumed from record #31, in the middle of step 5 (advance until …)": how it
 * left the script (resumed again from a record after the step's last one this world holds, it
 * says where it first left).
 */
export function offScriptWhere(o: Omit<OffScriptMark, 'reason'>): string {
  const where = o.seq <= o.upTo
    ? `in the middle of step ${o.step} (${o.description})`
    : `after the world left the script in the middle of step ${o.step} (${o.description}) at record #${o.upTo}`;
  return `The world was resumed from record #${o.seq}, ${where}`;
}

/** A console action changed the world under the script. */
export interface DivergedMark {
  seq: number;
  verb: string;
  message: string;
}

/**
 * A record's place: the step it belongs to; whether it is that step's last record, one inside it,
 * or one written by no step after it; and what resuming from it does to the player.
 */
export interface RecordPlace {
  step: number;
  stepRecord: 'last' | 'inside' | 'between';
  resume: 'rewind' | 'offScript';
}

/** The changes from `was` to `now` (each name whose id or ids differ). */
export function namesChanged(was: ReadonlyMap<string, string | string[]>, now: ReadonlyMap<string, string | string[]>): Names {
  const out: Names = [];
  for (const [name, value] of now) {
    const old = was.get(name);
    const same = old !== undefined && (Array.isArray(value) ? Array.isArray(old) && old.length === value.length && old.every((x, i) => x === value[i]) : old === value);
    if (!same) out.push([name, Array.isArray(value) ? [...value] : value]);
  }
  return out;
}

/** The names after step `k`: the marks' changes up to it, in order. */
export function namesAfter(marks: readonly StepMark[], k: number): Map<string, string | string[]> {
  const names = new Map<string, string | string[]>();
  for (let i = 0; i <= k && i < marks.length; i++) for (const [n, v] of marks[i]!.names) names.set(n, Array.isArray(v) ? [...v] : v);
  return names;
}

/** The player as it stood after step `k`, for `ScenarioRun.resume`. */
export function positionAfter(marks: readonly StepMark[], outcomes: readonly StepOutcome[], k: number): PlayerPosition {
  return { next: k + 1, failed: outcomes[k]?.ok === false, names: [...namesAfter(marks, k)] };
}

/**
 * The place of record `seq` among the marks; `offScript` (a detached world) and `running` (a step
 * begun and not ended: running, or held by a pause) own the records after their start.
 */
export function placeOf(seq: number, marks: readonly StepMark[], offScript: OffScriptMark | null, running: { step: number; before: number } | null): RecordPlace {
  if (offScript && seq > offScript.from) return { step: offScript.step, stepRecord: seq <= offScript.upTo ? 'inside' : 'between', resume: 'offScript' };
  if (running && seq > running.before) return { step: running.step, stepRecord: 'inside', resume: 'offScript' };
  // The last step begun before the record was written (`before` never decreases: a binary search).
  let lo = 0;
  let hi = marks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (marks[mid]!.before < seq) lo = mid;
    else hi = mid - 1;
  }
  const k = lo;
  const mark = marks[k]!;
  if (seq > mark.after) return { step: k, stepRecord: 'between', resume: 'rewind' };
  if (seq === mark.after) return { step: k, stepRecord: 'last', resume: 'rewind' };
  // The setup's records are all seen with the setup done (time travel starts from the world it
  // left), so resuming from any of them is resuming after it.
  return { step: k, stepRecord: 'inside', resume: k === 0 ? 'rewind' : 'offScript' };
}

// --- the `--data` file ------------------------------------------------------------------------

const invalid = (message: string) => new SimulationError('Sim.InvalidSave', message);
const isSeq = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isNames = (names: unknown): names is Names => Array.isArray(names) && names.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string'
  && (typeof entry[1] === 'string' || (Array.isArray(entry[1]) && entry[1].every((x) => typeof x === 'string'))));

/**
 * The marks a data file holds, checked against its player; a file written before the marks were
 * (no `marks`) gets marks that place every record it still holds after its last step, which is
 * all time travel can reach after a restart (no checkpoint is older than the restart).
 */
export function marksOf(data: { marks?: unknown; outcomes: readonly unknown[]; position: PlayerPosition }, seq: number): StepMark[] {
  const n = data.outcomes.length;
  if (data.marks === undefined) {
    return Array.from({ length: n }, (_, i) => ({ before: 0, after: seq, names: i === n - 1 ? data.position.names : [] }));
  }
  const marks = data.marks;
  if (!Array.isArray(marks) || marks.length !== n) throw invalid(`marks: the saved player has ${Array.isArray(marks) ? marks.length : 'no'} step marks for ${n} step outcomes.`);
  let last = 0;
  marks.forEach((m: Partial<StepMark> | null, i) => {
    if (typeof m !== 'object' || m === null || !isSeq(m.before) || !isSeq(m.after) || m.before > m.after || m.before < last || m.after > seq || !isNames(m.names)) {
      throw invalid(`marks/${i}: a step mark is { before, after, names }, seqs in order up to the journal's #${seq}.`);
    }
    last = m.after;
  });
  if (n > 0 && JSON.stringify([...namesAfter(marks, n - 1)]) !== JSON.stringify(data.position.names)) {
    throw invalid('marks: the saved step marks name other resources than the saved player position.');
  }
  return (marks as StepMark[]).map((m) => ({ before: m.before, after: m.after, names: m.names }));
}

export function offScriptOf(value: unknown, steps: number, seq: number): OffScriptMark | null {
  if (value === undefined || value === null) return null;
  const o = value as Partial<OffScriptMark>;
  const ok = typeof o === 'object' && typeof o.reason === 'string' && typeof o.description === 'string' && isSeq(o.seq) && isSeq(o.from) && isSeq(o.upTo)
    && o.step === steps && o.from < o.upTo && o.upTo <= o.seq && o.seq <= seq;
  if (!ok) throw invalid(`offScript: the saved detached player is { reason, seq, step, description, from, upTo }, its step the one after the ${steps} it kept.`);
  return { reason: o.reason!, seq: o.seq!, step: o.step!, description: o.description!, from: o.from!, upTo: o.upTo! };
}

export function divergedOf(value: unknown, seq: number): DivergedMark | null {
  if (value === undefined || value === null) return null;
  const d = value as Partial<DivergedMark>;
  if (typeof d !== 'object' || !isSeq(d.seq) || d.seq > seq || typeof d.verb !== 'string' || typeof d.message !== 'string') {
    throw invalid('diverged: the saved mark of a console action is { seq, verb, message }.');
  }
  return { seq: d.seq, verb: d.verb, message: d.message };
}
