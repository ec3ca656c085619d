/**
 * `npm run docs:examples`: regenerates docs/examples/ — the seed-000 walkthrough as RST, its
 * figures (SVG and PNG), and a screenshot of the page as Sphinx builds it into HTML, taken with
 * Debian's Chromium through playwright-core. The outputs are committed, so a reader of the
 * repository sees what `cbr-sim docs` makes without running it.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { SCENARIOS } from '../scenarios/index.js';
import { rulesPage } from '../src/docs/rules-page.js';
import { docRun } from '../src/docs/doc-run.js';
import { renderWalkthrough } from '../src/docs/walkthrough.js';
import { sphinxBuild, writeSphinxConf } from './sphinx.js';

const ID = 'seed-000-backup-to-image';
const OUT = new URL('../../docs/examples/', import.meta.url).pathname;

async function main(): Promise<void> {
  const run = docRun(SCENARIOS.find((s) => s.id === ID)!);
  if (!run.ok) throw new Error(`${ID} did not run to its end`);
  const { page, figures } = renderWalkthrough(run, 'rst');
  // Only what this script writes is replaced; anything else in the folder stays.
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.startsWith(ID)) rmSync(join(OUT, f));
  for (const f of [page, ...figures]) writeFileSync(join(OUT, f.name), f.content);

  // A Sphinx project around the page: the rules page its links lead to, and an index.
  const src = mkdtempSync(join(tmpdir(), 'cbr-sim-example-'));
  const rules = rulesPage('rst');
  for (const f of [page, ...figures, rules]) writeFileSync(join(src, f.name), f.content);
  writeFileSync(join(src, 'index.rst'), ['cbr-sim Walkthroughs', '====================', '', '.. toctree::', '', `   ${ID}`, '   rules', ''].join('\n'));
  writeSphinxConf(src);
  const html = join(src, '_build', 'html');
  const built = await sphinxBuild(src, 'html', html);
  if (built.code !== 0 || built.stderr !== '') throw new Error(`sphinx-build failed:\n${built.stderr}`);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1200, height: 1900 } });
    await tab.goto(pathToFileURL(join(html, `${ID}.html`)).href);
    await tab.screenshot({ path: join(OUT, `${ID}-sphinx-html.png`) });
  } finally {
    await browser.close();
  }
  rmSync(src, { recursive: true, force: true });
  console.log(`wrote ${[page, ...figures].length + 1} files to ${OUT}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
