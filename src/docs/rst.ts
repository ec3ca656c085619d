/**
 * Writes a page as reStructuredText in the conventions of the source documentation: Title Case
 * headings underlined `=` and `-`, `.. note::`, `.. table:: **Table 1** …` around a grid table with
 * `:widths:`, `.. figure:: name.*` (HTML picks the SVG, LaTeX the PNG) with `:alt:` and a
 * "**Figure 1** …" caption, a label before every table and figure.
 *
 * Everything a scenario or the simulator supplies arrives as text runs and is escaped here, so that
 * a resource named `bk_` or a narrative with `|x|` or `` `x` `` reads as written and breaks nothing.
 */
import type { Inline } from './inline.js';
import type { Block, FigureBlock, Page, TableBlock } from './page-model.js';
import { escapeRst } from './markup.js';
import { ruleLink } from './rules-page.js';

/** The role the API verbs are written with: a literal with class `api`, for a theme to set smaller. */
export const API_ROLE = ['.. role:: api(literal)', '   :class: api'];

/**
 * Plain text on one line of RST: markup.ts's escaping (inline markup, substitutions, the
 * backslash, a `_` that would end a reference name, bare URLs and addresses), with whitespace,
 * newlines included, made single spaces.
 */
export function escapeRstText(text: string): string {
  return escapeRst(text.replace(/\s+/g, ' '));
}

/**
 * Escapes what only means something at the start of a block, beyond what escapeRst does: a
 * field (`:x:`), a quote (`>>>`), an option (`-a`), a section adornment or transition, a bullet
 * or enumerator without its space.
 */
function escapeBlockStart(line: string): string {
  let out = line;
  if (/^[-+*\u2022\u2023\u2043#:|>.=~^_'"/`]/u.test(out)) out = `\\${out}`;
  else if (/^\(([0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+|#)\)(\s|$)/.test(out)) out = `\\${out}`;
  else if (/^([0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(\s|$)/.test(out)) out = out.replace(/^([0-9A-Za-z]+)([.)])/, '$1\\$2');
  return out;
}

const OPENS_AFTER = /[\s'"([{<\-/:‘“’«]/u;
const CLOSES_BEFORE = /[\s'")\]}>\-/:.,;!?\\’”»]/u;

/** A literal span, or escaped text where a literal cannot hold the text (a `` `` `` inside, spaces at the ends). */
function literal(text: string, role?: string): string {
  const t = text.replace(/\s+/g, ' ');
  if (t === '' || /``|^ | $|`$/.test(t)) return escapeRstText(t);
  return role ? `:${role}:\`${t.replace(/`/g, '\\`')}\`` : `\`\`${t}\`\``;
}

/** One run as markup, without regard to its neighbours. */
function markup(run: Inline): string {
  switch (run.kind) {
    case 'text': return escapeRstText(run.text);
    case 'strong': return wrapped('**', run.text);
    case 'em': return wrapped('*', run.text);
    case 'code': return literal(run.text);
    case 'api': return literal(run.text, 'api');
    case 'rule': return ruleLink(run.id, 'rst');
    case 'xref': return `:ref:\`${run.text} <${run.label}>\``;
    case 'file': return `:download:\`${run.text} <${run.name}>\``;
  }
}

/** Emphasis or strong around escaped text; text that is only spaces stays plain. */
function wrapped(mark: string, text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' ? '' : `${mark}${escapeRstText(t)}${mark}`;
}

/**
 * Runs as one line of RST. Inline markup is recognised only after a space or an opening
 * punctuation mark and before a space or a closing one; where a run of markup touches a letter
 * (`web-01's`, `5×**GB**`), an escaped space (`\ `, which renders as nothing) separates them.
 */
export function rstInline(runs: readonly Inline[]): string {
  let out = '';
  runs.forEach((run, i) => {
    let text = markup(run);
    if (text === '') return;
    if (run.kind === 'text') {
      // Only text can start a list or a directive by accident; markup at the start is meant.
      out += out === '' ? escapeBlockStart(text.trimStart()) : text;
      return;
    }
    if (out !== '' && !OPENS_AFTER.test(out.slice(-1))) out += '\\ ';
    out += text;
    const next = runs[i + 1];
    text = next ? markup(next) : '';
    if (text !== '' && (next!.kind !== 'text' || !CLOSES_BEFORE.test(text.charAt(0)))) out += '\\ ';
  });
  return out.trimEnd().replace(/::$/, ':\\:');
}

/** A heading of the given level, underlined as the source pages underline them. */
function heading(text: string, level: 1 | 2, label?: string): string[] {
  const line = escapeBlockStart(escapeRstText(text));
  return [...(label ? [`.. _${label}:`, ''] : []), line, (level === 1 ? '=' : '-').repeat(Math.max(displayWidth(line), 3)), ''];
}

/**
 * How many columns docutils's grid-table parser gives `text`: it pads each East Asian wide or
 * full-width character to two columns and counts every other character, a combining mark too, as
 * one (so a combining mark shifts what follows it, as in the source file).
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;

const pad = (text: string, width: number) => text + ' '.repeat(width - displayWidth(text));

/** A grid table: every cell one line wide (a paragraph may not wrap: a wrapped line could start a list). */
function gridTable(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(3, ...all.map((r) => displayWidth(r[c] ?? ''))));
  const rule = (ch: string) => `+${widths.map((w) => ch.repeat(w + 2)).join('+')}+`;
  const line = (r: string[]) => `|${widths.map((w, c) => ` ${pad(r[c] ?? '', w)} `).join('|')}|`;
  return [rule('-'), line(header), rule('='), ...rows.flatMap((r) => [line(r), rule('-')])];
}

function table(t: TableBlock): string[] {
  const indent = (l: string) => `   ${l}`;
  return [
    `.. _${t.label}:`,
    '',
    `.. table:: **Table ${t.number}** ${escapeRstText(t.title)}`,
    `   :widths: ${t.widths.join(' ')}`,
    '',
    ...gridTable(t.header.map((h) => escapeBlockStart(escapeRstText(h))), t.rows.map((r) => r.map((cell) => rstInline(cell)))).map(indent),
    '',
  ];
}

function figure(f: FigureBlock): string[] {
  return [
    `.. _${f.label}:`,
    '',
    `.. figure:: ${f.file}.*`,
    `   :alt: ${f.alt.replace(/\s+/g, ' ')}`,
    ...(f.wide ? ['   :width: 100%'] : []),
    '',
    `   **Figure ${f.number}** ${rstInline(f.caption)}`,
    '',
  ];
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'heading': return heading(b.text, b.level, b.label);
    case 'paragraph': return [rstInline(b.content), ''];
    case 'note': return ['.. note::', '', ...b.paragraphs.flatMap((p) => [`   ${rstInline(p)}`, '']).slice(0, -1), ''];
    case 'bullets': return [...b.items.map((item) => `-  ${rstInline(item)}`), ''];
    case 'table': return table(b);
    case 'figure': return figure(b);
  }
}

/** The page as an RST document. */
export function toRst(page: Page): string {
  const [first, ...rest] = page.blocks;
  const title = first?.kind === 'heading' ? heading(first.text, 1, page.label) : [];
  const body = first?.kind === 'heading' ? rest : page.blocks;
  return [...title, ...API_ROLE, '', ...body.flatMap(block)].join('\n').replace(/\n{3,}/g, '\n\n');
}
