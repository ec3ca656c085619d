/**
 * Shared helpers of the docs tests: writing a doc set to a folder, building it with the real
 * Sphinx, reading the builders' output, and checking Markdown pages with markdown-it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { sphinxBuild, writeSphinxConf, type SphinxResult } from '../../scripts/sphinx.js';
import type { DocFile } from '../../src/docs/walkthrough.js';

export function writeFiles(files: readonly DocFile[], prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const f of files) writeFileSync(join(dir, f.name), f.content);
  return dir;
}

export interface SphinxBuilt {
  src: string;
  html: SphinxResult & { dir: string };
  latex: SphinxResult & { dir: string };
}

/** Builds an RST doc set with Sphinx, HTML and LaTeX at once (the two share the machine's two cores). */
export async function buildWithSphinx(files: readonly DocFile[]): Promise<SphinxBuilt> {
  const src = writeFiles(files, 'cbr-sim-rst-');
  writeSphinxConf(src);
  const html = join(src, '_build', 'html');
  const latex = join(src, '_build', 'latex');
  mkdirSync(html, { recursive: true });
  mkdirSync(latex, { recursive: true });
  const [h, l] = await Promise.all([sphinxBuild(src, 'html', html), sphinxBuild(src, 'latex', latex)]);
  return { src, html: { ...h, dir: html }, latex: { ...l, dir: latex } };
}

/** The `<img src>` of an HTML page of the build, as paths from the build's root. */
export function htmlImages(htmlDir: string, page: string): string[] {
  const html = readFileSync(join(htmlDir, `${page}.html`), 'utf8');
  return [...html.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => join(dirname(page), decodeURIComponent(m[1]!)));
}

/** What the HTML page says, without tags and entities: the text a reader reads. */
export function htmlText(htmlDir: string, page: string): string {
  const html = readFileSync(join(htmlDir, `${page}.html`), 'utf8');
  const body = html.slice(html.indexOf('<div class="body"'), html.indexOf('<div class="sphinxsidebar"'));
  return body
    // Inline elements join their text to their neighbours'; block elements separate it.
    .replace(/<\/?(a|span|strong|em|code|small|sup|sub)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&amp;/g, '&')
    .replace(/¶/g, '')
    .replace(/\s+/g, ' ');
}

/** The files `\sphinxincludegraphics` takes in the LaTeX document. */
export function latexGraphics(latexDir: string, tex: string): string[] {
  const source = readFileSync(join(latexDir, tex), 'utf8');
  return [...source.matchAll(/\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{([^}]+)\}(\.[a-z]+)\}/g)].map((m) => `${m[1]}${m[2]}`);
}

export const markdown = new MarkdownIt({ html: true });

type Token = ReturnType<typeof markdown.parse>[number];

/** Every token of a page, inline children included. */
export function tokens(source: string): Token[] {
  return markdown.parse(source, {}).flatMap((t) => [t, ...(t.children ?? [])]);
}

/** The ids a Markdown page declares with `<a id="…">`. */
export function anchors(source: string): Set<string> {
  return new Set([...source.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]!));
}

/** Each table of a page as the number of cells in each of its rows, the header row first. */
export function tableShapes(source: string): number[][] {
  const shapes: number[][] = [];
  let row = 0;
  for (const t of markdown.parse(source, {})) {
    if (t.type === 'table_open') shapes.push([]);
    if (t.type === 'tr_open') row = 0;
    if (t.type === 'th_open' || t.type === 'td_open') row++;
    if (t.type === 'tr_close') shapes[shapes.length - 1]!.push(row);
  }
  return shapes;
}

/** The link and image targets of a page that lead nowhere among `files` (a file, or an anchor in one). */
export function brokenTargets(page: string, files: ReadonlyMap<string, string | Buffer>): string[] {
  const source = String(files.get(page));
  const broken: string[] = [];
  for (const t of tokens(source)) {
    const attr = t.type === 'link_open' ? t.attrGet('href') : t.type === 'image' ? t.attrGet('src') : null;
    if (attr === null) continue;
    const target = String(attr);
    const [file, anchor] = target.split('#') as [string, string | undefined];
    const into = file === '' ? page : file;
    if (!files.has(into)) broken.push(target);
    else if (anchor !== undefined && !anchors(String(files.get(into))).has(anchor)) broken.push(target);
  }
  return broken;
}

export { existsSync };
