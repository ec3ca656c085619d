/**
 * Text into Markdown or reStructuredText, safely. The catalogue's text (and a scenario's) is plain
 * prose with one piece of markup, backtick code spans; everything else must come out as the same
 * characters the reader wrote, never as emphasis, a link, a table cell break, a substitution or a
 * comment. Each format gets its own escaping, because what is special differs: `_` ends a
 * reference in RST but only emphasises in Markdown, `..` opens an RST comment, `<` opens HTML in
 * Markdown.
 */
export type MarkupFormat = 'md' | 'rst';

/** Splits `text` into plain runs and code spans (odd indexes), on backticks. */
function runs(text: string): string[] {
  return text.split('`');
}

// --- Markdown (CommonMark, GitHub) ---------------------------------------------------------------

/** Characters that start inline markup, HTML, a table cell or an entity anywhere in a line. */
const MD_SPECIAL = /[\\`*_[\]<>|#~&]/g;

/** Plain text as Markdown inline content that renders as exactly that text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(MD_SPECIAL, (c) => `\\${c}`)
    // At the start of a line: a list item ("- ", "+ ", "1. ", "1) ") or a setext or thematic break.
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** Catalogue text (plain, with backtick code spans) as Markdown inline content. */
export function markdownInline(text: string): string {
  return runs(text).map((run, i) => (i % 2 ? `\`${run}\`` : escapeMarkdown(run))).join('');
}

// --- reStructuredText (docutils, Sphinx) ---------------------------------------------------------

/** Plain text as RST inline content that renders as exactly that text. */
export function escapeRst(text: string): string {
  return text
    .replace(/[\\*`|]/g, (c) => `\\${c}`)
    // `name_` and `name__` are references; `_` elsewhere (`power_on`) is only text.
    .replace(/_(?=_*(?:$|[^\p{L}\p{N}_]))/gu, '\\_')
    // A bare URL or e-mail address would become a link.
    .replace(/:\/\//g, '\\://')
    .replace(/@/g, '\\@')
    // At the start of a line: a comment or directive (`..`), a bullet or an enumerator ("A. ").
    .replace(/^(\s*)\.\./gm, '$1\\..')
    .replace(/^(\s*)([-+•]\s|(?:\d+|[A-Za-z#])[.)]\s|\(\w+\)\s)/gm, '$1\\$2');
}

/**
 * Inline markup is recognised in RST only between whitespace or certain punctuation; a code span
 * glued to a word ("`x`s") needs an escaped space (`\ `), which renders as nothing.
 */
const RST_BEFORE = /[\s'"([{<\-/:‘“’«¡¿]$/u;
const RST_AFTER = /^[\s'")\]}>\-/:.,;!?\\’”»]/u;

/** Catalogue text (plain, with backtick code spans) as RST inline content. */
export function rstInline(text: string): string {
  const parts = runs(text);
  return parts
    .map((run, i) => {
      if (i % 2 === 0) return escapeRst(run);
      const code = run.trim();
      if (!code) return '';
      const before = parts[i - 1] ?? '';
      const after = parts[i + 1] ?? '';
      const open = before === '' || RST_BEFORE.test(before) ? '' : '\\ ';
      const close = after === '' || RST_AFTER.test(after) ? '' : '\\ ';
      return `${open}\`\`${code}\`\`${close}`;
    })
    .join('');
}

export function inline(text: string, format: MarkupFormat): string {
  return format === 'md' ? markdownInline(text) : rstInline(text);
}
