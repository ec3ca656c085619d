/**
 * Writes a page as GitHub-flavoured Markdown with the structure of the RST page: the same
 * headings, a quoted **Note**, tables with a bold caption line above them, figures as an image
 * and a "**Figure 1** …" line, and `<a id>` anchors where the RST page has labels.
 *
 * Everything a scenario or the simulator supplies is escaped (markup.ts): `\`, `` ` ``, `*`, `_`,
 * `[`, `]`, `<`, `>`, `|` (a table cell), `#`, `~`, `&` anywhere, and what starts a block at a
 * line's start (`-`, `+`, `=`, `1.`).
 */
import type { Inline } from './inline.js';
import type { Block, FigureBlock, Page, TableBlock } from './page-model.js';
import { escapeMarkdown } from './markup.js';
import { ruleLink } from './rules-page.js';

/** Plain text on one line of Markdown: markup.ts's escaping, and `!` before an escaped `[`, whitespace made single spaces. */
export function escapeMdText(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ')).replace(/!(?=\\\[)/g, '\\!');
}

/** A code span whose fence is longer than any run of backticks inside it; `|` escaped for tables. */
function codeSpan(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const padded = /^`|`$|^ .* $/.test(t) || longest > 0 ? ` ${t} ` : t;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}

function markup(run: Inline): string {
  switch (run.kind) {
    case 'text': return escapeMdText(run.text);
    case 'strong': return delimited('**', 'strong', run.text);
    case 'em': return delimited('*', 'em', run.text);
    case 'code': return codeSpan(run.text);
    // GitHub keeps <small> and <code>; what is inside is an identifier of the API.
    case 'api': return `<small>${codeSpan(run.text)}</small>`;
    case 'rule': return ruleLink(run.id, 'md');
    case 'xref': return `[${escapeMdText(run.text)}](#${run.label})`;
    case 'file': return `[${escapeMdText(run.text)}](${run.name})`;
  }
}

/**
 * `**x**` / `*x*` around escaped text. A delimiter next to punctuation (an escaped `\*` at either
 * end of a name) may not open or close emphasis in CommonMark; such text gets the HTML element,
 * inside which Markdown escapes still work.
 */
function delimited(mark: string, element: string, text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t === '') return '';
  const escaped = escapeMdText(t);
  return /^[\p{P}\p{S}]|[\p{P}\p{S}]$/u.test(t) ? `<${element}>${escaped}</${element}>` : `${mark}${escaped}${mark}`;
}

export function mdInline(runs: readonly Inline[]): string {
  // A run that starts a line is escaped as one (escapeMarkdown): a list or heading cannot start here.
  return runs.map(markup).join('').trim();
}

function table(t: TableBlock): string[] {
  const row = (cells: string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
  return [
    `<a id="${t.label}"></a>`,
    '',
    `**Table ${t.number}** ${escapeMdText(t.title)}`,
    '',
    row(t.header.map(escapeMdText)),
    row(t.header.map(() => '---')),
    ...t.rows.map((r) => row(r.map((cell) => mdInline(cell)))),
    '',
  ];
}

function figure(f: FigureBlock): string[] {
  return [
    `<a id="${f.label}"></a>`,
    '',
    `![${escapeMdText(f.alt)}](${f.file}.svg)`,
    '',
    `**Figure ${f.number}** ${mdInline(f.caption)}`,
    '',
  ];
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'heading': return [...(b.label ? [`<a id="${b.label}"></a>`, ''] : []), `${'#'.repeat(b.level)} ${escapeMdText(b.text)}`, ''];
    case 'paragraph': return [mdInline(b.content), ''];
    case 'note': return ['> **Note**', '>', ...b.paragraphs.flatMap((p) => [`> ${mdInline(p)}`, '>']).slice(0, -1), ''];
    case 'bullets': return [...b.items.map((item) => `- ${mdInline(item)}`), ''];
    case 'table': return table(b);
    case 'figure': return figure(b);
  }
}

/** The page as a Markdown document. */
export function toMarkdown(page: Page): string {
  const blocks = page.blocks.map((b, i) => (i === 0 && b.kind === 'heading' ? { ...b, label: page.label } : b));
  return `${blocks.flatMap(block).join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
