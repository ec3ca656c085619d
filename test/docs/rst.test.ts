/**
 * The RST writer escapes what a scenario supplies: a page full of RST and Markdown special
 * characters builds with the real Sphinx, as HTML and as LaTeX, with no warning, and reads as
 * the scenario wrote it.
 */
import { describe, expect, it } from 'vitest';
import { rstInline, escapeRstText } from '../../src/docs/rst.js';
import { code, inl, name, strong } from '../../src/docs/inline.js';
import { walkthroughDocs } from '../../src/docs/walkthrough.js';
import special, { NASTY } from './special-scenario.js';
import { buildWithSphinx, htmlText } from './support.js';

describe('RST escaping', () => {
  it('escapes inline markup, substitutions, backslashes and a _ that would end a reference name', () => {
    // `__i`: underscores before a letter start nothing; only those that end a name are escaped.
    expect(escapeRstText('*a* `b` |c| d\\e f_ g_h __i__')).toBe('\\*a\\* \\`b\\` \\|c\\| d\\\\e f\\_ g_h __i\\_\\_');
  });

  it('escapes what would start a block: a directive, a bullet, an enumerator, a closing ::', () => {
    expect(rstInline(inl('.. note:: x'))).toBe('\\.. note:: x');
    expect(rstInline(inl('- x'))).toBe('\\- x');
    expect(rstInline(inl('1. x'))).toBe('\\1. x');
    expect(rstInline(inl('a. x'))).toBe('\\a. x');
    expect(rstInline(inl('end::'))).toBe('end:\\:');
  });

  it('separates markup from a letter it touches with an escaped space', () => {
    expect(rstInline(inl('web', strong('01'), 's'))).toBe('web\\ **01**\\ s');
    expect(rstInline(inl('(', name('bk_'), ').'))).toBe('(*bk\\_*).');
    expect(rstInline(inl('ID ', code('a``b')))).toBe('ID a\\`\\`b');
  });
});

describe('a walkthrough full of special characters, built by Sphinx', () => {
  it('builds as HTML and LaTeX with no warning and reads as the scenario wrote it', async () => {
    const { files, failed } = walkthroughDocs([special], 'rst');
    expect(failed).toEqual([]);
    const built = await buildWithSphinx(files);
    expect(built.html.stderr).toBe('');
    expect(built.latex.stderr).toBe('');
    expect([built.html.code, built.latex.code]).toEqual([0, 0]);
    const text = htmlText(built.html.dir, special.id);
    for (const value of [NASTY.server, NASTY.backup, NASTY.image, NASTY.disk, NASTY.policy, NASTY.say, NASTY.narrative]) expect(text).toContain(value);
    expect(text).toContain('A *Title* with |Subst| and `Code`_ and __Init__ <Br>');
  }, 120_000);
});
