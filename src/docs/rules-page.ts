/**
 * The "Rules" page of the documentation, in Markdown or reStructuredText: each family a section,
 * each rule under a heading with a stable anchor (`rule-b1`), so that walkthrough pages, the index
 * and anyone outside can link to a rule by its ID. Drawn from the catalogue (src/rules/), which
 * the README's rule table is tested against, so the page says what the project says.
 */
import { posix } from 'node:path';
import { FAMILIES, ruleById, ruleIdRanges, type Rule } from '../rules/catalogue.js';
import { escapeMarkdown, escapeRst, inline, type MarkupFormat } from './markup.js';

export interface RulesPage {
  name: string;
  content: string;
}

/** The page's file name in each format. */
export const rulesPageName = (format: MarkupFormat): string => `rules.${format}`;

/** The anchor of a rule on the page: `rule-b1`, the same in both formats. */
export function ruleAnchor(id: string): string {
  return `rule-${requireRule(id).id.toLowerCase()}`;
}

function requireRule(id: string): Rule {
  const rule = ruleById(id);
  if (!rule) throw new RangeError(`no rule has ID ${JSON.stringify(id)}; the rules are ${ruleIdRanges()} (check the ID with ruleById first)`);
  return rule;
}

/**
 * A link to a rule's entry: RST ``:ref:`B1 <rule-b1>` `` (a Sphinx label, wherever the page is);
 * Markdown `[B1](rules.md#rule-b1)`, relative to `fromPage` (the linking page's path under the
 * docs folder, default one beside rules.md), and `#rule-b1` on the rules page itself.
 */
export function ruleLink(id: string, format: MarkupFormat, fromPage?: string): string {
  const rule = requireRule(id);
  const anchor = ruleAnchor(rule.id);
  if (format === 'rst') return `:ref:\`${rule.id} <${anchor}>\``;
  const page = rulesPageName('md');
  const here = posix.normalize(fromPage ?? 'index.md');
  if (here === page) return `[${rule.id}](#${anchor})`;
  return `[${rule.id}](${posix.relative(posix.dirname(here), page)}#${anchor})`;
}

const INTRO =
  'Every behaviour the simulator reproduces is a rule with a stable ID, cited by the statecharts, their refusals, the scenarios and the transcripts. ' +
  'Each entry gives the rule, the error codes that enforce it, where the statecharts encode it and the tests that show it holds. ' +
  'Rules marked ∀ hold in every state `cbr-sim check` can reach; rules not modelled yet are described here and not reproduced.';

const NOT_MODELLED = 'Not modelled yet: the simulator does not reproduce this rule.';
const INVARIANT = 'asserted in every reachable state by `cbr-sim check`';

/** What an entry says below the statement, as (label, catalogue text) pairs. */
function facts(rule: Rule): [string, string][] {
  const codes = rule.codes.length ? rule.codes.map((c) => `\`${c}\``).join(', ') : 'none';
  const out: [string, string][] = [['Codes', codes]];
  if (rule.modelled) out.push(['In the statecharts', rule.where], ['Tests', rule.tests]);
  if (rule.invariant) out.push(['∀', INVARIANT]);
  return out;
}

const heading = (rule: Rule) => `${rule.id}: ${rule.title}`;

function markdown(): string {
  const lines = ['# Rules', '', inline(INTRO, 'md'), ''];
  for (const family of FAMILIES) {
    lines.push(`## ${escapeMarkdown(family.title)}`, '', `From ${inline(family.source, 'md')}.`, '');
    for (const rule of family.rules) {
      lines.push(`<a id="${ruleAnchor(rule.id)}"></a>`, '', `### ${escapeMarkdown(heading(rule))}`, '', inline(rule.statement, 'md'), '');
      if (!rule.modelled) lines.push(`*${inline(NOT_MODELLED, 'md')}*`, '');
      lines.push(...facts(rule).map(([label, text]) => `- **${escapeMarkdown(label)}:** ${inline(text, 'md')}`), '');
    }
  }
  return lines.join('\n');
}

/** An RST section title with its underline, as long as the title. */
const rstTitle = (title: string, char: string) => [title, char.repeat(Math.max(title.length, 4))];

function rst(): string {
  const lines = ['.. _rule-catalogue:', '', ...rstTitle('Rules', '='), '', inline(INTRO, 'rst'), ''];
  for (const family of FAMILIES) {
    lines.push(...rstTitle(escapeRst(family.title), '-'), '', `From ${inline(family.source, 'rst')}.`, '');
    for (const rule of family.rules) {
      lines.push(`.. _${ruleAnchor(rule.id)}:`, '', ...rstTitle(escapeRst(heading(rule)), '~'), '', inline(rule.statement, 'rst'), '');
      if (!rule.modelled) lines.push(`*${inline(NOT_MODELLED, 'rst')}*`, '');
      lines.push(...facts(rule).map(([label, text]) => `:${escapeRst(label)}: ${inline(text, 'rst')}`), '');
    }
  }
  return lines.join('\n');
}

/** The "Rules" page: `rules.md` or `rules.rst`. */
export function rulesPage(format: MarkupFormat): RulesPage {
  return { name: rulesPageName(format), content: format === 'md' ? markdown() : rst() };
}
