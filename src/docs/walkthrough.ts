/**
 * Walkthrough pages for the documentation: one per scenario, in Markdown or reStructuredText (the
 * source documentation is RST), with the narrative, the steps as a table (action, result, backup
 * and image status) and a statechart per resource kind, as SVG, with the states visited lit.
 */
import type { AnyStateMachine, StateValue } from 'xstate';
import { MACHINES } from '../sim/world.js';
import type { ResourceKind } from '../sim/records.js';
import { runScenario, type RunResult, type StepOutcome } from '../scenario/runner.js';
import type { Scenario } from '../scenario/types.js';
import { toStatechartGraph, toSvg } from '../diagram/index.js';

export type DocFormat = 'md' | 'rst';

export interface DocFile {
  name: string;
  content: string;
}

/** The ids of every state active in `value` (a state value of `machine`), ancestors included. */
export function activeStateIds(machine: AnyStateMachine, value: StateValue): string[] {
  const out = [machine.id];
  const walk = (v: StateValue, prefix: string) => {
    if (typeof v === 'string') {
      out.push(`${prefix}.${v}`);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      out.push(`${prefix}.${key}`);
      if (child !== undefined) walk(child, `${prefix}.${key}`);
    }
  };
  walk(value, machine.id);
  return out;
}

/** The states each kind of resource passed through in a run, from the journal's state records. */
export function visitedStates(result: RunResult): Map<ResourceKind, Set<string>> {
  const visited = new Map<ResourceKind, Set<string>>();
  for (const o of result.outcomes) {
    for (const r of o.records) {
      if (r.type !== 'state') continue;
      const kind = r.kind as ResourceKind;
      const set = visited.get(kind) ?? new Set<string>();
      for (const id of activeStateIds(MACHINES[kind], r.value)) set.add(id);
      visited.set(kind, set);
    }
  }
  return visited;
}

/** What the backups and images named so far show after each step: `backup: Creating (protecting)`. */
function statusColumn(outcomes: StepOutcome[]): string[] {
  const shown = new Map<string, string>();
  return outcomes.map((o) => {
    for (const c of o.changes) if (c.kind === 'backup' || c.kind === 'image') shown.set(c.name, `${c.name}: ${c.to.label} (${c.to.status})`);
    return [...shown.values()].join('; ');
  });
}

function resultColumn(o: StepOutcome): string {
  if (!o.ok) return `FAILED: ${o.failure?.message ?? ''}`;
  if (o.refusal) return `refused ${o.refusal.code}`;
  const changes = o.changes.filter((c) => c.kind !== 'backup' && c.kind !== 'image').map((c) => `${c.name}: ${c.to.label}`);
  return changes.join('; ') || (o.kind === 'say' ? '' : 'ok');
}

const mdCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The page and diagrams of one scenario. */
export function walkthroughPage(scenario: Scenario, format: DocFormat): { page: DocFile; diagrams: DocFile[]; result: RunResult } {
  const result = runScenario(scenario);
  const visited = visitedStates(result);
  const kinds = (['backup', 'image', 'server', 'disk', 'policy', 'vault'] as const).filter((k) => visited.has(k));
  const diagrams = kinds.map((kind) => ({
    name: `${scenario.id}-${kind}.svg`,
    content: toSvg(toStatechartGraph(MACHINES[kind]), { highlight: [...visited.get(kind)!] }),
  }));
  const statuses = statusColumn(result.outcomes);
  const rows = result.outcomes.map((o, i) => [String(o.index), o.at.slice(0, 16).replace('T', ' '), o.description, resultColumn(o), statuses[i]!]);
  const header = ['Step', 'Time (UTC)', 'Action', 'Result', 'Backup / image status'];
  let content: string;
  if (format === 'md') {
    content = [
      `# ${scenario.title}`,
      '',
      `*Scenario \`${scenario.id}\`, rules ${scenario.rules.join(', ')}.*`,
      '',
      scenario.narrative,
      '',
      `| ${header.join(' | ')} |`,
      `| ${header.map(() => '---').join(' | ')} |`,
      ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
      '',
      ...diagrams.flatMap((d, i) => [`## The ${kinds[i]} statechart`, '', `![${kinds[i]} statechart, states visited in this walkthrough highlighted](${d.name})`, '']),
    ].join('\n');
  } else {
    const title = scenario.title;
    content = [
      `.. _${scenario.id}:`,
      '',
      title,
      '='.repeat(Math.max(title.length, 3)),
      '',
      `*Scenario* \`\`${scenario.id}\`\`, *rules* ${scenario.rules.join(', ')}.`,
      '',
      scenario.narrative,
      '',
      '.. list-table::',
      '   :header-rows: 1',
      '',
      ...[header, ...rows].flatMap((r) => r.map((cell, i) => `${i === 0 ? '   * - ' : '     - '}${cell.replace(/\n/g, ' ') || ' '}`)),
      '',
      ...diagrams.flatMap((d, i) => {
        const heading = `The ${kinds[i]} statechart`;
        return [heading, '-'.repeat(heading.length), '', `.. figure:: ${d.name}`, '', `   States visited in this walkthrough are highlighted.`, ''];
      }),
    ].join('\n');
  }
  return { page: { name: `${scenario.id}.${format}`, content }, diagrams, result };
}

/** Every page, the diagrams, and an index page. */
export function walkthroughDocs(scenarios: readonly Scenario[], format: DocFormat): { files: DocFile[]; failed: string[] } {
  const files: DocFile[] = [];
  const failed: string[] = [];
  for (const s of scenarios) {
    const { page, diagrams, result } = walkthroughPage(s, format);
    if (!result.ok) failed.push(s.id);
    files.push(page, ...diagrams);
  }
  const index = format === 'md'
    ? ['# cbr-sim walkthroughs', '', ...scenarios.map((s) => `- [${s.title}](${s.id}.md) (${s.rules.join(', ')})`), ''].join('\n')
    : ['cbr-sim walkthroughs', '====================', '', '.. toctree::', '   :maxdepth: 1', '', ...scenarios.map((s) => `   ${s.id}`), ''].join('\n');
  files.push({ name: `index.${format}`, content: index });
  return { files, failed };
}
