/**
 * A walkthrough page, told as the source documentation tells a procedure: the title in Title
 * Case, what the walkthrough shows and the rules it demonstrates, Prerequisites, the Procedure
 * (steps in tables, narration in notes between them), for a long run what happened day by day or
 * month by month with a plot, and the statecharts of the resources involved.
 */
import { backupLives } from './backup-lives.js';
import { backupsTable } from './backups-section.js';
import { SERVICE_MENU, type Service } from './console-actions.js';
import type { DocRun } from './doc-run.js';
import { figuresFor, type Figure } from './figures.js';
import { capitalized, inl, listOf, menu, xref, type Inline } from './inline.js';
import type { Block, FigureBlock, Page, TableBlock } from './page-model.js';
import { prerequisites } from './prerequisites.js';
import { scenarioText } from './scenario-text.js';
import { procedure, type Row } from './procedure.js';
import { dateTime, elapsed } from './time-words.js';
import { titleCase } from './title-case.js';

const WHAT: Record<keyof typeof SERVICE_MENU, string> = { CBR: 'backups, vaults and policies', IMS: 'images', ECS: 'ECSs', EVS: 'disks' };

function consoleIntro(services: Service[]): Inline[] {
  const order = ['CBR', 'IMS', 'ECS', 'EVS'] as const;
  const where = order.filter((s) => services.includes(s)).map((s) => inl(WHAT[s], ' are under ', menu(...SERVICE_MENU[s])));
  // C10: eBackup is not in the cloud's console; it runs in the reader's datacenter.
  const onPrem = services.includes('eBackup') ? ' The on-premises steps are done in the eBackup console of your datacenter.' : '';
  return inl('Log in to the management console and select your region and project. ', where.length ? capitalized(inl(listOf(where), '.')) : '', onPrem);
}

function stepsTitle(rows: Row[]): string {
  const first = rows[0]!.number;
  const last = rows[rows.length - 1]!.number;
  return first === last ? `Step ${first}` : `Steps ${first}\u2013${last}`;
}

export interface Story {
  page: Page;
  figures: Figure[];
}

/** The page of a run. `known` is the set of rule IDs the rules page has: only those become links. */
export function story(run: DocRun, known: ReadonlySet<string>): Story {
  const s = run.scenario;
  const id = s.id;
  const lives = backupLives(run);
  const figures = figuresFor(run, lives);
  const plot = figures.find((f) => f.shows === 'backups');
  const timed = run.end - run.start >= 60_000;
  const mentioned = new Set<string>();
  const withYear = new Date(run.start).getUTCFullYear() !== new Date(run.end).getUTCFullYear();

  const pre = prerequisites(run, mentioned, timed);
  // Numbers are given in the order the page shows tables and figures; the procedure's tables
  // come first, so the long-run table's number is known once the procedure is laid out.
  const figureNumber = new Map(figures.map((f, i) => [f.name, i + 1]));
  const figureLabel = (f: Figure) => `${id}-figure-${figureNumber.get(f.name)}`;
  let tableNumber = 0;
  const tableLabel = (n: number) => `${id}-table-${n}`;
  const proc = procedure(run, known, mentioned, (stepTables) => (plot
    ? inl('See ', xref(tableLabel(stepTables + 1), `Table ${stepTables + 1}`), ' and ', xref(figureLabel(plot), `Figure ${figureNumber.get(plot.name)}`), '.')
    : null));

  const blocks: Block[] = [{ kind: 'heading', level: 1, text: titleCase(s.title) }];
  blocks.push({ kind: 'paragraph', content: scenarioText(s.narrative, known) });
  blocks.push({ kind: 'paragraph', content: inl('Rules shown: ', listOf(s.rules.map((r) => (known.has(r) ? { kind: 'rule' as const, id: r } : r))), '.') });

  blocks.push({ kind: 'heading', level: 2, text: 'Prerequisites' });
  if (pre.bullets.length) blocks.push({ kind: 'bullets', items: pre.bullets });
  blocks.push({ kind: 'note', paragraphs: [pre.note] });

  blocks.push({ kind: 'heading', level: 2, text: 'Procedure' });
  // A walkthrough of waits alone (a policy at work) happens in the CBR console all the same.
  const services = proc.services.length || !(s.setup?.policies?.length || s.setup?.vaults?.length) ? proc.services : (['CBR'] as const).slice();
  blocks.push({ kind: 'paragraph', content: consoleIntro(services) });
  const header = timed ? ['Step', 'Time (UTC)', 'Elapsed', 'Action', 'Result'] : ['Step', 'Action', 'Result'];
  const widths = timed ? [5, 15, 10, 35, 35] : [6, 47, 47];
  let pending: Row[] = [];
  const flush = () => {
    if (!pending.length) return;
    tableNumber++;
    const table: TableBlock = {
      kind: 'table', number: tableNumber, title: stepsTitle(pending), label: tableLabel(tableNumber), header, widths,
      rows: pending.map((r) => [inl(String(r.number)), ...(timed ? [inl(dateTime(r.at, withYear)), inl(elapsed(r.at - run.start))] : []), r.action, r.result]),
    };
    blocks.push(table);
    pending = [];
  };
  for (const item of proc.flow) {
    if (item.kind === 'row') {
      pending.push(item.row);
      continue;
    }
    flush();
    blocks.push(item.kind === 'lead' ? { kind: 'paragraph', content: item.text } : { kind: 'note', paragraphs: [item.text] });
  }
  flush();

  const figureBlock = (f: Figure): FigureBlock => ({ kind: 'figure', number: figureNumber.get(f.name)!, label: figureLabel(f), file: f.name, alt: f.alt, caption: f.caption, wide: true });
  if (plot) {
    const t = backupsTable(run, lives);
    tableNumber++;
    blocks.push({ kind: 'heading', level: 2, text: t.unit === 'day' ? 'Backups Day by Day' : 'Backups Month by Month' });
    blocks.push({ kind: 'paragraph', content: inl(t.summary, ' ', xref(tableLabel(tableNumber), `Table ${tableNumber}`), ` counts them by ${t.unit}; `, xref(figureLabel(plot), `Figure ${figureNumber.get(plot.name)}`), ' shows the life of each.') });
    blocks.push({ kind: 'table', number: tableNumber, title: `Backups by ${t.unit}`, label: tableLabel(tableNumber), header: t.header, widths: t.widths, rows: t.rows });
    blocks.push(figureBlock(plot));
  }
  const charts = figures.filter((f) => f.shows !== 'backups');
  if (charts.length) {
    blocks.push({ kind: 'heading', level: 2, text: 'Statecharts' });
    blocks.push({ kind: 'paragraph', content: inl('cbr-sim runs every resource as a statechart drawn from the same definition as the figures below; the states this walkthrough passes through are highlighted.') });
    blocks.push(...charts.map(figureBlock));
  }
  return { page: { name: id, label: id, blocks }, figures };
}
