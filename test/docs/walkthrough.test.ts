/**
 * The walkthrough pages of the whole library, checked with the real tools: Sphinx builds the RST
 * set as HTML and as LaTeX with no warning, and every figure has an image each builder can use;
 * markdown-it reads the Markdown set, whose tables are whole and whose links and images all lead
 * somewhere. Each library scenario is run once; both formats are written from the same runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import { docRun, type DocRun } from '../../src/docs/doc-run.js';
import { docSet, type DocFile } from '../../src/docs/walkthrough.js';
import { brokenTargets, buildWithSphinx, htmlImages, htmlText, latexGraphics, tableShapes, type SphinxBuilt } from './support.js';

let runs: DocRun[];
let rst: DocFile[];
let md: Map<string, string | Buffer>;
let built: SphinxBuilt;

beforeAll(async () => {
  runs = SCENARIOS.map((s) => docRun(s));
  rst = docSet(runs, 'rst').files;
  md = new Map(docSet(runs, 'md').files.map((f) => [f.name, f.content]));
  built = await buildWithSphinx(rst);
}, 240_000);

const figuresOf = (page: string) => [...page.matchAll(/^\.\. figure:: (\S+)\.\*$/gm)].map((m) => m[1]!);

describe('the RST walkthroughs of every scenario, built by Sphinx', () => {
  it('run every scenario to its end', () => {
    expect(runs.filter((r) => !r.ok).map((r) => r.scenario.id)).toEqual([]);
  });

  it('build as HTML with no warning', () => {
    expect(built.html.stderr).toBe('');
    expect(built.html.code).toBe(0);
  });

  it('build as LaTeX with no warning', () => {
    expect(built.latex.stderr).toBe('');
    expect(built.latex.code).toBe(0);
  });

  it('show every figure in HTML: each <img> of a page is a file of the build, one per figure', () => {
    for (const s of SCENARIOS) {
      const page = String(rst.find((f) => f.name === `${s.id}.rst`)!.content);
      const images = htmlImages(built.html.dir, s.id);
      expect(images.length, s.id).toBe(figuresOf(page).length);
      for (const src of images) expect(existsSync(join(built.html.dir, src)), `${s.id}: ${src}`).toBe(true);
      expect(images.every((src) => src.endsWith('.svg')), s.id).toBe(true);
    }
  });

  it('give LaTeX a PNG it includes for every figure of every page', () => {
    const [tex] = readdirSync(built.latex.dir).filter((f) => f.endsWith('.tex'));
    const included = latexGraphics(built.latex.dir, tex!);
    const figures = rst.filter((f) => f.name.endsWith('.rst')).flatMap((f) => figuresOf(String(f.content)));
    expect(included.sort()).toEqual(figures.map((f) => `${f}.png`).sort());
    for (const file of included) expect(existsSync(join(built.latex.dir, file)), file).toBe(true);
  });

  it('link every rule ID a page names to its anchor on the rules page', () => {
    const rules = htmlText(built.html.dir, 'rules');
    for (const s of SCENARIOS) for (const id of s.rules) expect(rules).toContain(id);
    const seed = readFileSync(join(built.html.dir, 'seed-000-backup-to-image.html'), 'utf8');
    expect(seed).toMatch(/<a class="reference internal" href="rules.html#rule-i7">/);
  });
});

describe('the Markdown walkthroughs of every scenario, read by markdown-it', () => {
  it('have tables whose every row has as many cells as the header', () => {
    for (const [name, content] of md) {
      if (!name.endsWith('.md')) continue;
      for (const shape of tableShapes(String(content))) expect(shape.every((n) => n === shape[0]), `${name}: ${shape.join(',')}`).toBe(true);
    }
  });

  it('have links and images that all lead to a generated file or anchor', () => {
    for (const name of md.keys()) if (name.endsWith('.md')) expect(brokenTargets(name, md), name).toEqual([]);
  });

  it('show each figure as its SVG', () => {
    const page = String(md.get('policy-year.md'));
    expect(page).toContain('](policy-year-backups.svg)');
    expect(md.has('policy-year-backups.svg')).toBe(true);
  });
});
