/**
 * Walkthrough pages for the documentation: one per scenario, in reStructuredText (the source
 * documentation's format, for Sphinx) or GitHub-flavoured Markdown, written as the source pages
 * write a procedure, with their figures (SVG, and PNG for LaTeX), an index and the rules page.
 */
import { RULES } from '../rules/catalogue.js';
import type { Scenario } from '../scenario/types.js';
import { docRun, type DocRun } from './doc-run.js';
import type { DocFormat } from './format.js';
import { escapeMdText, toMarkdown } from './markdown.js';
import { titleCase } from './title-case.js';
import { toRst } from './rst.js';
import { rulesPage } from './rules-page.js';
import { story } from './story.js';

export type { DocFormat } from './format.js';
export { activeStateIds, visitedStates } from './visited-states.js';

export interface DocFile {
  name: string;
  content: string | Buffer;
}

/** The rule IDs the rules page has an anchor for: every rule of the catalogue. */
export function knownRules(): Set<string> {
  return new Set(RULES.map((r) => r.id));
}

/** The page of a run and its figures, in a format. */
export function renderWalkthrough(run: DocRun, format: DocFormat, known: ReadonlySet<string> = knownRules()): { page: DocFile; figures: DocFile[] } {
  const { page, figures } = story(run, known);
  const content = format === 'rst' ? toRst(page) : toMarkdown(page);
  return { page: { name: `${page.name}.${format}`, content }, figures: figures.flatMap((f) => f.files) };
}

function indexPage(scenarios: readonly Scenario[], format: DocFormat): DocFile {
  const walkthroughs = scenarios.filter((s) => s.walkthrough);
  const others = scenarios.filter((s) => !s.walkthrough);
  if (format === 'md') {
    const line = (s: Scenario) => `- [${escapeMdText(titleCase(s.title))}](${s.id}.md)`;
    return {
      name: 'index.md',
      content: ['# cbr-sim Walkthroughs', '', ...walkthroughs.map(line), '', '## By Rule', '', ...others.map(line), '', '[The rules](rules.md)', ''].join('\n'),
    };
  }
  return {
    name: 'index.rst',
    content: [
      'cbr-sim Walkthroughs', '====================', '',
      '.. toctree::', '   :maxdepth: 1', '', ...walkthroughs.map((s) => `   ${s.id}`), '',
      'By Rule', '-------', '',
      '.. toctree::', '   :maxdepth: 1', '', ...others.map((s) => `   ${s.id}`), '   rules', '',
    ].join('\n'),
  };
}

/**
 * Every page of runs already made, their figures, the rules page and an index (a test renders one
 * set of runs in both formats); `failed` names the scenarios that did not run to their end.
 */
export function docSet(runs: readonly DocRun[], format: DocFormat): { files: DocFile[]; failed: string[] } {
  const known = knownRules();
  const files = runs.flatMap((run) => {
    const { page, figures } = renderWalkthrough(run, format, known);
    return [page, ...figures];
  });
  files.push(rulesPage(format), indexPage(runs.map((r) => r.scenario), format));
  return { files, failed: runs.filter((r) => !r.ok).map((r) => r.scenario.id) };
}

/** Every page of the scenarios, their figures, the rules page and an index. */
export function walkthroughDocs(scenarios: readonly Scenario[], format: DocFormat): { files: DocFile[]; failed: string[] } {
  return docSet(scenarios.map((s) => docRun(s)), format);
}

/** One walkthrough alone (`cbr-sim docs --scenario`): its page, its figures and the rules page its links point to. */
export function oneWalkthrough(scenario: Scenario, format: DocFormat): { files: DocFile[]; failed: string[] } {
  const run = docRun(scenario);
  const { page, figures } = renderWalkthrough(run, format);
  return { files: [page, ...figures, rulesPage(format)], failed: run.ok ? [] : [scenario.id] };
}
