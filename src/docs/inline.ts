/**
 * The words of a page, before they are written in a format: runs of plain text, console words,
 * resource names, codes, API verbs and links. Whatever a scenario or the simulator supplies goes
 * into a page only as one of these runs, so the RST and Markdown writers can escape it for their
 * format; nothing upstream of them ever writes markup.
 */

export type Inline =
  /** Text as it is meant to be read; the writer escapes it. */
  | { kind: 'text'; text: string }
  /** A word of the console (**Available**, **More** > **Create Image**): bold, as the source documentation writes them. */
  | { kind: 'strong'; text: string }
  /** Emphasis: a name the reader gave a resource (web-01, web-01-backup), a book's title. */
  | { kind: 'em'; text: string }
  /** A code or an ID as the service returns it (BackupService.6204, bk-6d010770b771). */
  | { kind: 'code'; text: string }
  /** The API call behind a console action, in a smaller code span after it. */
  | { kind: 'api'; text: string }
  /** A rule of the catalogue, linked to the rules page. */
  | { kind: 'rule'; id: string }
  /** A table or figure of the same page (`Figure 1`), linked to its label. */
  | { kind: 'xref'; label: string; text: string }
  /** A file written beside the page (the full statechart), linked: Sphinx copies it (`:download:`). */
  | { kind: 'file'; name: string; text: string };

/** What builders accept: a string is plain text. */
export type Piece = string | Inline | readonly Piece[] | null | undefined | false;

export const strong = (text: string): Inline => ({ kind: 'strong', text });
export const name = (text: string): Inline => ({ kind: 'em', text });
export const bookTitle = (text: string): Inline => ({ kind: 'em', text });
export const code = (text: string): Inline => ({ kind: 'code', text });
export const api = (text: string): Inline => ({ kind: 'api', text });
export const xref = (label: string, text: string): Inline => ({ kind: 'xref', label, text });
export const file = (fileName: string, text: string): Inline => ({ kind: 'file', name: fileName, text });

/** Flattens pieces into runs, joining neighbouring plain text; null, undefined and false are left out. */
export function inl(...pieces: Piece[]): Inline[] {
  const out: Inline[] = [];
  const add = (p: Piece): void => {
    if (p === null || p === undefined || p === false || p === '') return;
    if (Array.isArray(p)) {
      for (const q of p as readonly Piece[]) add(q);
      return;
    }
    const run: Inline = typeof p === 'string' ? { kind: 'text', text: p } : (p as Inline);
    const last = out[out.length - 1];
    if (run.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + run.text };
    else if (run.kind !== 'text' || run.text !== '') out.push(run);
  };
  for (const p of pieces) add(p);
  return out;
}

/** `a`, `a and b`, `a, b and c`: runs joined as a sentence lists them. */
export function listOf(items: readonly Piece[], conjunction = 'and'): Inline[] {
  if (items.length <= 1) return inl(...items);
  return inl(...items.slice(0, -1).flatMap((item, i) => (i === 0 ? [item] : [', ', item])), ` ${conjunction} `, items[items.length - 1]);
}

/** `the console words Storage > Cloud Backup and Recovery`: each step of a menu path in bold. */
export function menu(...steps: string[]): Inline[] {
  return inl(...steps.flatMap((s, i) => (i === 0 ? [strong(s)] : [' > ', strong(s)])));
}

const RULE_ID = /\b([BICPRSV][0-9]{1,2})\b/g;

/**
 * Plain text in which the IDs of known rules (`(I1)`, `B3`) become links to the rules page. Only
 * IDs in `known` are linked: a link to a rule the rules page does not have would be a broken one.
 */
export function withRuleLinks(text: string, known: ReadonlySet<string>): Inline[] {
  const out: Piece[] = [];
  let at = 0;
  for (const m of text.matchAll(RULE_ID)) {
    const id = m[1]!;
    if (!known.has(id)) continue;
    out.push(text.slice(at, m.index), { kind: 'rule', id });
    at = m.index + m[0].length;
  }
  out.push(text.slice(at));
  return inl(...out);
}

/** Upper-cases the first letter of the first text run (for a sentence that starts with a name). */
export function capitalized(runs: Inline[]): Inline[] {
  const [first, ...rest] = runs;
  if (first?.kind !== 'text') return runs;
  return [{ kind: 'text', text: first.text.charAt(0).toUpperCase() + first.text.slice(1) }, ...rest];
}

/** The text of runs without markup (for alt texts and tests). */
export function plain(runs: readonly Inline[]): string {
  return runs.map((r) => (r.kind === 'rule' ? r.id : r.text)).join('');
}
