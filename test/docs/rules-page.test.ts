/**
 * Issue 10: the "Rules" page of the docs, read as its readers' tools read it: the Markdown through
 * markdown-it (CommonMark), the reStructuredText through docutils when the machine has it (Debian's
 * python3-docutils; Sphinx builds on it). Every rule must be there under its anchor, its text must
 * come out as written (no stray emphasis, link or comment), and links must reach the anchors.
 */
import { spawnSync } from 'node:child_process';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { FAMILIES, RULES, plainText } from '../../src/rules/catalogue.js';
import { ruleAnchor, ruleLink, rulesPage } from '../../src/docs/rules-page.js';
import { escapeMarkdown, escapeRst, markdownInline, rstInline } from '../../src/docs/markup.js';

const md = new MarkdownIt({ html: true });
type Token = ReturnType<typeof md.parse>[number];

/**
 * What a reader sees of Markdown text standing as a paragraph of its own (so that a list, heading
 * or quote it might open would show), and the kinds of markup it made.
 */
function mdInline(source: string): { text: string; kinds: string[] } {
  const blocks = md.parse(source, {});
  const children = blocks.flatMap((t) => t.children ?? []);
  return {
    text: children.map((t) => t.content).join(''),
    kinds: [...new Set([...blocks.map((t) => t.type).filter((k) => !k.startsWith('paragraph_') && k !== 'inline'), ...children.map((t) => t.type)])],
  };
}

/**
 * docutils' reading of RST documents (`python3 -c`, one run for many): each document's text, its
 * node types, its ids and its problems (warnings and errors), or null when docutils is missing.
 */
function docutils(sources: string[]): { text: string; nodes: string[]; ids: string[]; problems: string[] }[] | null {
  const script = `
import json, sys
from docutils.core import publish_doctree
from docutils import nodes
out = []
for source in json.load(sys.stdin):
    problems = []
    tree = publish_doctree(source, settings_overrides={'report_level': 2, 'halt_level': 5, 'warning_stream': False})
    for m in tree.traverse(nodes.system_message):
        problems.append(m.astext())
    kinds = sorted({type(n).__name__ for n in tree.traverse() if not isinstance(n, nodes.system_message)})
    ids = [i for n in tree.traverse(nodes.Element) for i in n.get('ids', [])]
    paragraphs = [p.astext() for p in tree.traverse(nodes.paragraph)]
    out.append({'text': '\\n'.join(paragraphs), 'nodes': kinds, 'ids': ids, 'problems': problems})
print(json.dumps(out))
`;
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
  if (result.status !== 0) {
    if (/No module named 'docutils'|ENOENT/.test(`${result.stderr}${result.error?.message ?? ''}`)) return null;
    throw new Error(result.stderr);
  }
  return JSON.parse(result.stdout) as never;
}
const hasDocutils = docutils([]) !== null;

/** Text that would be markup if it were not escaped, in each format. */
const HOSTILE = [
  '*not emphasis* and **not strong**',
  '_not emphasis_ power_on name_ trailing__ end_',
  '[not a link](http://example.com) and [1]_ and `B1`_, nor mail@example.com',
  '<b>not HTML</b> &amp; not an entity',
  'a | b | c, |substitution|',
  '.. not a comment',
  '- not a list item',
  '1. not a list',
  'A. not an enumerator',
  '# not a heading',
  '> not a quote',
  '~~not struck~~ \\ back\\slash',
  ':ref:`not a role` nor a literal``',
];

describe('escaping text for the docs', () => {
  it.each(HOSTILE)('writes %j in Markdown as exactly that text', (text) => {
    // Backticks are the catalogue's code spans; plain text escapes them like any markup.
    expect(mdInline(escapeMarkdown(text))).toEqual({ text, kinds: ['text'] });
  });

  it.runIf(hasDocutils)('writes each hostile text in RST as exactly that text (docutils)', () => {
    const read = docutils(HOSTILE.map(escapeRst))!;
    read.forEach((r, i) => {
      expect(r.problems, HOSTILE[i]).toEqual([]);
      expect(r.text, HOSTILE[i]).toBe(HOSTILE[i]);
      expect(r.nodes, HOSTILE[i]).toEqual(['Text', 'document', 'paragraph']);
    });
  });

  it('keeps code spans as code in both formats, even glued to a word', () => {
    const text = 'the `backup` chart, `imageLink`s region, x`a_b_`y';
    expect(mdInline(markdownInline(text)).kinds).toEqual(['text', 'code_inline']);
    expect(mdInline(markdownInline(text)).text).toBe(plainText(text));
    expect(rstInline(text)).toBe('the ``backup`` chart, ``imageLink``\\ s region, x\\ ``a_b_``\\ y');
  });

  it.runIf(hasDocutils)('keeps code spans as code in RST, even glued to a word (docutils)', () => {
    const texts = ['the `backup` chart, `imageLink`s region, x`a_b_`y', '`protecting`', '(`meta.status: \'protecting\'`, "Creating")'];
    const read = docutils(texts.map(rstInline))!;
    read.forEach((r, i) => {
      expect(r.problems).toEqual([]);
      expect(r.text).toBe(plainText(texts[i]!));
      expect(r.nodes).toContain('literal');
    });
  });
});

describe('the Rules page in Markdown', () => {
  const page = rulesPage('md');
  const tokens = md.parse(page.content, {});
  const inlineAfter = (i: number) => tokens[i + 1]!.content;

  it('is rules.md, titled Rules, with each family as a section in the catalogue\'s order', () => {
    expect(page.name).toBe('rules.md');
    const h1 = tokens.flatMap((t, i) => (t.type === 'heading_open' && t.tag === 'h1' ? [inlineAfter(i)] : []));
    const h2 = tokens.flatMap((t, i) => (t.type === 'heading_open' && t.tag === 'h2' ? [inlineAfter(i)] : []));
    expect(h1).toEqual(['Rules']);
    expect(h2).toEqual(FAMILIES.map((f) => f.title));
  });

  it('gives every rule a heading "ID: Title" with its anchor right before it, and its statement after', () => {
    const headings = tokens.flatMap((t, i) => (t.type === 'heading_open' && t.tag === 'h3' ? [i] : []));
    expect(headings).toHaveLength(RULES.length);
    headings.forEach((at, n) => {
      const rule = RULES[n]!;
      expect(inlineAfter(at)).toBe(`${rule.id}: ${rule.title}`);
      // paragraph_open, inline (the anchor), paragraph_close, then the heading.
      const anchor = tokens[at - 2]!.children ?? [];
      expect(anchor.map((t: Token) => t.content).join('')).toBe(`<a id="${ruleAnchor(rule.id)}"></a>`);
      expect(anchor.every((t: Token) => t.type === 'html_inline')).toBe(true);
      const statement = tokens[at + 4]!;
      expect(statement.type).toBe('inline');
      expect(statement.children!.map((t: Token) => t.content).join('')).toBe(plainText(rule.statement));
      expect(statement.children!.some((t: Token) => ['em_open', 'strong_open', 'link_open', 'html_inline'].includes(t.type))).toBe(false);
    });
  });

  it('lists each rule\'s codes, where the charts encode it and its tests; none is marked not modelled since issue 13', () => {
    const html = md.render(page.content);
    const entry = (id: string) => html.slice(html.indexOf(`<a id="${ruleAnchor(id)}">`)).split('<a id=')[1]!;
    expect(entry('I7')).toContain('<li><strong>Codes:</strong> <code>BackupService.6204</code></li>');
    expect(entry('I7')).toContain('<li><strong>In the statecharts:</strong> <code>backup</code> guard <code>hasImage</code> on <code>DELETE</code> (<code>refuse 6204</code>)</li>');
    expect(entry('I7')).toContain('<li><strong>∀:</strong> asserted in every reachable state by <code>cbr-sim check</code></li>');
    expect(entry('B1')).toContain('<li><strong>Codes:</strong> none</li>');
    expect(entry('V4')).toContain('<li><strong>Codes:</strong> <code>BackupService.6207</code>, <code>BackupService.6136</code>');
    expect(entry('V1')).toContain('<li><strong>Tests:</strong> <code>test/sim/onprem.test.ts</code>');
    const notModelled = RULES.filter((r) => entry(r.id).includes('Not modelled yet')).map((r) => r.id);
    expect(notModelled).toEqual([]);
  });

  it('is reached by ruleLink from a page beside it, from a subfolder and from itself', () => {
    expect(ruleLink('B1', 'md')).toBe('[B1](rules.md#rule-b1)');
    expect(ruleLink('b1', 'md', 'index.md')).toBe('[B1](rules.md#rule-b1)');
    expect(ruleLink('I12', 'md', 'walkthroughs/seed-000-backup-to-image.md')).toBe('[I12](../rules.md#rule-i12)');
    expect(ruleLink('P10', 'md', 'rules.md')).toBe('[P10](#rule-p10)');
    const ids = new Set([...md.render(page.content).matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    for (const r of RULES) expect(ids.has(ruleLink(r.id, 'md').match(/#(.+)\)$/)![1])).toBe(true);
  });
});

describe('the Rules page in reStructuredText', () => {
  const page = rulesPage('rst');
  const lines = page.content.split('\n');

  it('is rules.rst, titled Rules, with a label before each rule\'s heading and underlines as long as the titles', () => {
    expect(page.name).toBe('rules.rst');
    expect(lines.slice(0, 5)).toEqual(['.. _rule-catalogue:', '', 'Rules', '=====', '']);
    for (const family of FAMILIES) {
      const at = lines.indexOf(family.title);
      expect(lines[at + 1], family.title).toBe('-'.repeat(family.title.length));
    }
    for (const rule of RULES) {
      const at = lines.indexOf(`.. _rule-${rule.id.toLowerCase()}:`);
      expect(at, rule.id).toBeGreaterThan(0);
      const title = lines[at + 2]!;
      expect(title.replace(/\\/g, '')).toBe(`${rule.id}: ${rule.title}`);
      expect(lines[at + 3]).toBe('~'.repeat(title.length));
    }
  });

  it('links to a rule with a Sphinx reference to its label, from any page', () => {
    expect(ruleLink('B1', 'rst')).toBe(':ref:`B1 <rule-b1>`');
    expect(ruleLink('v4', 'rst', 'walkthroughs/x.rst')).toBe(':ref:`V4 <rule-v4>`');
  });

  it.runIf(hasDocutils)('parses without a warning, every label an id, every statement as written (docutils)', () => {
    const [read] = docutils([page.content])!;
    expect(read!.problems).toEqual([]);
    for (const r of RULES) {
      expect(read!.ids).toContain(ruleAnchor(r.id));
      expect(read!.text).toContain(plainText(r.statement));
    }
  });
});

describe('ruleLink and ruleAnchor', () => {
  it('refuse an ID the catalogue does not have, naming the IDs there are', () => {
    expect(() => ruleLink('I13', 'md')).toThrow('no rule has ID "I13"; the rules are B1–B5, I1–I12, C1–C12, P1–P10, R1–R4, S1–S3, V1–V4');
    expect(() => ruleAnchor('toString')).toThrow(RangeError);
  });
});
