/** `cbr-sim rules [ID] [--json]`: the rule catalogue on a terminal, one rule or all of them. */
import type { Printer } from './demo.js';
import { FAMILIES, plainText, ruleById, ruleIdRanges, type Family, type Rule } from '../rules/catalogue.js';
import { UsageError } from './scenarios.js';

/** Terminal text is read, not copied into Markdown: code spans lose their backticks. */
const WIDTH = 100;

/** `text` wrapped to WIDTH columns, every line after the first indented by `indent` spaces. */
function wrap(text: string, indent: number, first = indent): string {
  const lines: string[] = [];
  let line = '';
  let room = WIDTH - first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = WIDTH - indent;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

const codesText = (r: Rule) => (r.codes.length ? r.codes.join(', ') : 'none');
const familyOf = (r: Rule): Family => FAMILIES.find((f) => f.id === r.family)!;

/** The rule with this ID, or a usage error that lists the IDs there are. */
export function requireRule(id: string): Rule {
  const rule = ruleById(id);
  if (rule) return rule;
  throw new UsageError(`no rule has ID "${id.slice(0, 40)}"; the rules are ${ruleIdRanges()} (cbr-sim rules lists them all)`);
}

/** Every rule, family by family: ID, title, statement, codes; the unmodelled ones say so. */
export function printRules(p: Printer): void {
  const pad = 6;
  FAMILIES.forEach((family, i) => {
    if (i) p.line('');
    p.line(`${p.bold(family.title)} ${p.dim(`(${family.source})`)}`);
    for (const r of family.rules) {
      const marks = [r.invariant ? '∀' : '', r.modelled ? '' : p.red('not modelled yet')].filter(Boolean).join(' ');
      p.line(`  ${p.bold(r.id.padEnd(pad - 2))}${r.title}${marks ? `  ${marks}` : ''}`);
      p.line(`${' '.repeat(pad)}${wrap(plainText(r.statement), pad)}`);
      // A long list of codes wraps under itself, as the statement does.
      p.line(`${' '.repeat(pad)}${p.dim(`codes: ${wrap(codesText(r), pad + 7)}`)}`);
    }
  });
}

/** One rule with everything the catalogue knows of it. */
export function printRule(p: Printer, r: Rule): void {
  const family = familyOf(r);
  const label = (name: string) => p.dim(`${name}:`.padEnd(15));
  p.line(`${p.bold(r.id)}  ${p.bold(r.title)}${r.modelled ? '' : `  ${p.red('not modelled yet')}`}`);
  p.line(p.dim(`${family.title} (${family.source})`));
  p.line('');
  p.line(wrap(plainText(r.statement), 0));
  p.line('');
  p.line(`${label('codes')}${wrap(codesText(r), 15)}`);
  if (r.modelled) {
    p.line(`${label('in the charts')}${wrap(plainText(r.where), 15)}`);
    p.line(`${label('tests')}${wrap(plainText(r.tests), 15)}`);
  } else p.line(`${label('in the charts')}nothing yet: the simulator does not reproduce this rule`);
  if (r.invariant) p.line(`${label('∀')}asserted in every reachable state by cbr-sim check`);
}
