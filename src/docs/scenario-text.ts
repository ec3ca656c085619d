/**
 * A scenario's own sentences (its narrative, its narration) as runs: rule IDs become links, and the
 * console's status words are set in bold as the source documentation sets them ("the backup is
 * **Creating**", a quoted "Image can be created" becomes **Image can be created**). A capitalised
 * word that starts a sentence is taken for an ordinary word ("Deleting a backup…").
 */
import { STATUS_WORDS } from './console-words.js';
import { inl, strong, withRuleLinks, type Inline, type Piece } from './inline.js';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORDS = [...STATUS_WORDS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
const QUOTED = new RegExp(`["\u201c](${WORDS}|Available in AZ[^"\u201d]*)["\u201d]`, 'g');
const BARE = new RegExp(`(?<![\\p{L}\\p{N}-])(${WORDS})(?![\\p{L}\\p{N}-])`, 'gu');

function boldWords(text: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  const marks: { index: number; end: number; word: string }[] = [];
  for (const m of text.matchAll(QUOTED)) marks.push({ index: m.index, end: m.index + m[0].length, word: m[1]! });
  for (const m of text.matchAll(BARE)) {
    const before = text.slice(0, m.index).trimEnd();
    const startsSentence = before === '' || /[.!?:]$/.test(before);
    if (startsSentence || marks.some((k) => m.index < k.end && m.index + m[0].length > k.index)) continue;
    marks.push({ index: m.index, end: m.index + m[0].length, word: m[1]! });
  }
  for (const k of marks.sort((a, b) => a.index - b.index)) {
    out.push(text.slice(at, k.index), strong(k.word));
    at = k.end;
  }
  out.push(text.slice(at));
  return out;
}

/** A narrative or a line of narration, as runs. */
export function scenarioText(text: string, known: ReadonlySet<string>): Inline[] {
  return inl(...withRuleLinks(text, known).map((run) => (run.kind === 'text' ? boldWords(run.text) : run)));
}
