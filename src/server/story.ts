/**
 * The player's story: each step the loaded scenario has run so far, told as a walkthrough page
 * tells it (src/docs/procedure.ts): the console action and what came of it in console words, the
 * scenario's narration as notes. The teaching view shows it in large type; the runs of text stay
 * typed (`Inline`), so the page builds nodes from them and never parses markup.
 */
import { procedure } from '../docs/procedure.js';
import type { DocRun, DocStep } from '../docs/doc-run.js';
import type { Inline } from '../docs/inline.js';
import { knownRules } from '../docs/walkthrough.js';

export interface StoryStep {
  /** The player's step (0 is the setup). */
  index: number;
  /** `setup` the start, `note` narration, `action` a console action, a refusal or a wait, `check` an expectation folded into the action before it. */
  kind: 'setup' | 'note' | 'action' | 'check';
  /** The step's number in the published procedure (actions, and the checks folded into one). */
  number: number | null;
  at: string;
  /** What the reader does (actions and checks: the action they check). */
  action: Inline[];
  /** What comes of it, with what the scenario then checks. */
  result: Inline[];
  /** Narration (notes, the setup). */
  text: Inline[];
  /** The resource the step is about (what it made, else the first one it names), or null. */
  subject: string | null;
  /** The rules its words cite, in order. */
  rules: string[];
  ok: boolean;
}

const KNOWN = knownRules();

/** The story of a run so far: one entry per step, in order. */
export function storyOf(run: DocRun): StoryStep[] {
  const { flow } = procedure(run, KNOWN, new Set(), () => null);
  const byIndex = new Map<number, StoryStep>();
  const entry = (doc: DocStep, fields: Partial<StoryStep>): StoryStep => ({
    index: doc.outcome.index, kind: 'note', number: null, at: doc.outcome.at, action: [], result: [], text: [],
    subject: subjectOf(doc), rules: [], ok: doc.outcome.ok, ...fields,
  });
  const docs = new Map(run.steps.map((d) => [d.outcome.index, d]));
  for (const item of flow) {
    if (item.kind === 'row') {
      const { row } = item;
      // A wait that names nothing (`advance: 1d`) is about what the checks after it look at.
      const subject = namedBy(row.doc) ?? row.folded.map(namedBy).find((id) => id !== null) ?? row.doc.outcome.changes[0]?.id ?? null;
      byIndex.set(row.doc.outcome.index, entry(row.doc, { kind: 'action', number: row.number, action: row.action, result: row.result, subject }));
      for (const f of row.folded) byIndex.set(f.outcome.index, entry(f, { kind: 'check', number: row.number, action: row.action, result: row.result, subject }));
    } else {
      for (const index of item.steps) {
        const doc = docs.get(index);
        if (doc) byIndex.set(index, entry(doc, { kind: 'note', text: item.text }));
      }
    }
  }
  const setup = docs.get(0);
  if (setup) {
    const text: Inline[] = [{ kind: 'text', text: run.scenario.narrative }];
    byIndex.set(0, entry(setup, { kind: 'setup', text, subject: firstNamed(run) }));
  }
  const out = [...byIndex.values()].sort((a, b) => a.index - b.index);
  for (const step of out) step.rules = rulesOf([...step.action, ...step.result, ...step.text]);
  return out;
}

/** What a step made (a resource new after it), else the first resource it names, else the first it changed. */
function subjectOf(doc: DocStep): string | null {
  return namedBy(doc) ?? doc.outcome.changes[0]?.id ?? null;
}

/** What a step made, else the first resource it names; null when it names none. */
function namedBy(doc: DocStep): string | null {
  // A restore point is not a resource the inspector shows: the vault it was made of is the subject.
  const made = doc.outcome.changes.find((c) => c.from === null && c.kind !== 'checkpoint');
  if (made) return made.id;
  for (const value of doc.refs.values()) {
    const id = Array.isArray(value) ? value[0] : value;
    if (typeof id === 'string') return id;
  }
  return null;
}

function firstNamed(run: DocRun): string | null {
  const setup = run.steps[0];
  const first = setup ? Object.values(setup.outcome.resources)[0] : undefined;
  return first?.id ?? null;
}

function rulesOf(runs: Inline[]): string[] {
  const out: string[] = [];
  for (const r of runs) if (r.kind === 'rule' && !out.includes(r.id)) out.push(r.id);
  return out;
}
