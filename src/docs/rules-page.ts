/**
 * PLACEHOLDER, to be replaced by the rule catalogue page (same API): the rules page of the docs
 * output, with an anchor per rule (`rule-b1`), and the link a walkthrough page writes for a rule.
 * This stand-in lists, under each rule ID the scenarios name, the ids of the scenarios that show
 * it (as text: a page exported alone has no neighbours to link to).
 */
import { SCENARIOS } from '../../scenarios/index.js';
import type { DocFormat } from './format.js';

/** The anchor of a rule on the rules page: `rule-b1`. */
export function ruleAnchor(id: string): string {
  return `rule-${id.toLowerCase()}`;
}

/** A link to a rule on the rules page, as markup of the format. */
export function ruleLink(id: string, format: DocFormat): string {
  return format === 'rst' ? `:ref:\`${id} <${ruleAnchor(id)}>\`` : `[${id}](rules.md#${ruleAnchor(id)})`;
}

const ORDER = 'BICPRSV';
const byId = (a: string, b: string) => ORDER.indexOf(a[0]!) - ORDER.indexOf(b[0]!) || Number(a.slice(1)) - Number(b.slice(1));

/** The rules page: `rules.rst` or `rules.md`. */
export function rulesPage(format: DocFormat): { name: string; content: string } {
  const ids = [...new Set(SCENARIOS.flatMap((s) => s.rules))].sort(byId);
  const shownIn = (id: string) => SCENARIOS.filter((s) => s.rules.includes(id));
  const lines: string[] = [];
  if (format === 'rst') {
    lines.push('.. _rules:', '', 'Rules', '=====', '', 'The rules the walkthroughs demonstrate, by ID.', '');
    for (const id of ids) {
      lines.push(`.. _${ruleAnchor(id)}:`, '', id, '-'.repeat(Math.max(id.length, 3)), '');
      lines.push(`Shown in: ${shownIn(id).map((s) => `\`\`${s.id}\`\``).join(', ')}.`, '');
    }
  } else {
    lines.push('# Rules', '', 'The rules the walkthroughs demonstrate, by ID.', '');
    for (const id of ids) {
      lines.push(`<a id="${ruleAnchor(id)}"></a>`, '', `## ${id}`, '');
      lines.push(`Shown in: ${shownIn(id).map((s) => `\`${s.id}\``).join(', ')}.`, '');
    }
  }
  return { name: `rules.${format}`, content: lines.join('\n') };
}
