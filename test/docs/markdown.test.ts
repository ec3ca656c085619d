/**
 * The Markdown writer escapes what a scenario supplies: a page full of Markdown and RST special
 * characters, read by markdown-it, has whole tables, links that lead somewhere, no HTML of the
 * scenario's, and reads as the scenario wrote it.
 */
import { describe, expect, it } from 'vitest';
import { escapeMdText, mdInline } from '../../src/docs/markdown.js';
import { inl, name } from '../../src/docs/inline.js';
import { walkthroughDocs } from '../../src/docs/walkthrough.js';
import special, { NASTY } from './special-scenario.js';
import { brokenTargets, markdown, tableShapes } from './support.js';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('Markdown escaping', () => {
  it('escapes emphasis, code, links, HTML, table pipes, entities and strikethrough', () => {
    expect(escapeMdText('*a* _b_ `c` [d](e) <f> g|h &amp; ~~i~~ ![j]')).toBe('\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<f\\> g\\|h \\&amp; \\~\\~i\\~\\~ \\!\\[j\\]');
  });

  it('escapes what would start a block, and writes a name that starts or ends with punctuation as <em>', () => {
    expect(mdInline(inl('# x'))).toBe('\\# x');
    expect(mdInline(inl('1. x'))).toBe('1\\. x');
    expect(mdInline(inl('> x'))).toBe('\\> x');
    expect(mdInline(inl('the backup ', name('bk_')))).toBe('the backup <em>bk\\_</em>');
  });
});

describe('a walkthrough full of special characters, read by markdown-it', () => {
  const { files } = walkthroughDocs([special], 'md');
  const byName = new Map(files.map((f) => [f.name, f.content]));
  const page = String(byName.get(`${special.id}.md`));
  const html = markdown.render(page);

  it('reads as the scenario wrote it', () => {
    for (const value of [NASTY.server, NASTY.backup, NASTY.image, NASTY.disk, NASTY.policy, NASTY.say, NASTY.narrative]) expect(text(html)).toContain(value);
  });

  it('lets none of the scenario\'s HTML through', () => {
    expect(html).not.toMatch(/<(b|i|br)>/);
  });

  it('has whole tables and links that all lead somewhere', () => {
    for (const shape of tableShapes(page)) expect(new Set(shape).size).toBe(1);
    expect(brokenTargets(`${special.id}.md`, byName)).toEqual([]);
  });
});
