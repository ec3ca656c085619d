/**
 * The figures of a walkthrough: the plot of its backups when the run is a long one, and the
 * statechart of each kind of resource the walkthrough acts on or looks at (not every chart the
 * world ran: a server's disks run theirs on every page). Each figure comes as an SVG and, for
 * LaTeX, a PNG beside it; how they are drawn is decided in one place, figure-rendering.ts.
 */
import type { ResourceKind } from '../sim/records.js';
import { backupPlot } from './backup-plot.js';
import { backupsByPeriod, isLongRun, type BackupLife } from './backup-lives.js';
import { CONSOLE_ACTIONS } from './console-actions.js';
import { NOUN } from './console-words.js';
import type { DocRun } from './doc-run.js';
import { figureRendering } from './figure-rendering.js';
import { file, inl, name, type Inline } from './inline.js';
import { runPaths } from '../diagram/console-run.js';
import { shortDate } from './time-words.js';
import { visitedStates } from './visited-states.js';

export interface Figure {
  /** The file name without extension; the files are `name.svg` and `name.png`. */
  name: string;
  alt: string;
  caption: Inline[];
  files: { name: string; content: string | Buffer }[];
  /** What it shows: the run's backups, or the chart of a kind. */
  shows: 'backups' | ResourceKind;
}

const ORDER: readonly ResourceKind[] = ['backup', 'image', 'server', 'disk', 'policy', 'vault'];

/** The kinds a walkthrough involves: what its commands act on, what it looks at, and a policy that ran. */
export function involvedKinds(run: DocRun): ResourceKind[] {
  const kinds = new Set<ResourceKind>();
  for (const s of run.steps) {
    const step = s.step as Record<string, unknown> | null;
    if (!step) continue;
    if (typeof step.do === 'string') {
      const subject = CONSOLE_ACTIONS[step.do]?.subject;
      if (subject) kinds.add(subject);
    }
    if (step.expectCount && typeof step.expectCount === 'object') kinds.add((step.expectCount as { kind: ResourceKind }).kind);
    if (step.expect || (step.advance && typeof step.advance === 'object')) {
      for (const id of [...s.refs.values()].flat()) {
        const r = s.records.get(id);
        // A restore point has no chart of its own: its backups' charts tell it.
        if (r) kinds.add(r.kind === 'checkpoint' ? 'backup' : r.kind);
      }
    }
    if (s.outcome.records.some((r) => r.type === 'note' && r.note === 'run-started')) kinds.add('policy');
  }
  return ORDER.filter((k) => kinds.has(k));
}

function withPng(base: string, svg: string): Figure['files'] {
  const png = figureRendering.toPng(svg);
  return [{ name: `${base}.svg`, content: svg }, ...(png ? [{ name: `${base}.png`, content: png }] : [])];
}

/** The plot of the backups of a long run, or null for a run that needs none. */
function backupsFigure(run: DocRun, lives: BackupLife[]): Figure | null {
  if (!isLongRun(run, lives)) return null;
  const last = run.steps[run.steps.length - 1]!.records;
  const resourceName = (id: string) => last.get(id)?.name ?? id;
  const resources = [...new Set(lives.map((l) => l.resourceId))];
  const imaged = lives.filter((l) => l.imaged);
  // As the table counts them: at the end of each day or month, not in the moment a run overlaps retention.
  const byPeriod = backupsByPeriod(lives, run.start, run.end);
  const most = Math.max(...byPeriod.periods.map((p) => p.kept.length));
  const base = `${run.scenario.id}-backups`;
  const span = `${shortDate(run.start, true)} to ${shortDate(run.end, true)}`;
  return {
    name: base,
    shows: 'backups',
    alt: `Bar chart of the ${lives.length} backups of ${resources.map(resourceName).join(' and ')} from ${span}, each a bar from when it was made to when it was deleted; `
      + `at most ${most} kept at the end of a ${byPeriod.unit}${imaged.length ? `; the backup${imaged.length > 1 ? 's' : ''} used to create an image (${imaged.map((l) => l.name).join(', ')}) highlighted` : ''}.`,
    caption: inl(
      'Backups of ', resources.flatMap((id, i) => [i ? ' and ' : '', name(resourceName(id))]), `, ${span}: each bar is one backup, from when it was made to when it was deleted`,
      imaged.length ? '; the one used to create an image is highlighted' : '', '.',
    ),
    files: withPng(base, backupPlot({ lives, start: run.start, end: run.end, resourceName })),
  };
}

/** The size of the walkthrough's first backup: the console diagram words its delays for it ("after about 9 min"). */
function backupSize(run: DocRun): { sizeGB?: number } {
  for (const s of run.steps) {
    for (const r of s.records.values()) if (r.kind === 'backup' && r.parentId === null) return { sizeGB: r.sizeGB };
  }
  return {};
}

/** The figures of a walkthrough, in the order the page shows them. */
export function figuresFor(run: DocRun, lives: BackupLife[]): Figure[] {
  const visited = visitedStates(run.steps.map((s) => s.outcome));
  const paths = runPaths(run.steps.flatMap((s) => s.outcome.records));
  const charts = involvedKinds(run).filter((k) => visited.has(k)).map((kind): Figure => {
    const base = `${run.scenario.id}-${kind}`;
    const statechart = `${base}-statechart.svg`;
    const diagram = figureRendering.consoleDiagram(kind, { ...paths.get(kind), ...backupSize(run) });
    return {
      name: base,
      shows: kind,
      alt: diagram.description,
      caption: inl(
        `${diagram.title}; what this walkthrough passes through is highlighted, and the refusals it meets are marked. `,
        file(statechart, `The full statechart of ${/^[aeiouAEIOU]|^ECS/.test(NOUN[kind].one) ? 'an' : 'a'} ${NOUN[kind].one}`),
        ', with every state, guard and refusal.',
      ),
      files: [
        ...withPng(base, diagram.svg),
        { name: statechart, content: figureRendering.statechartSvg(kind, [...visited.get(kind)!]) },
      ],
    };
  });
  const plot = backupsFigure(run, lives);
  return plot ? [plot, ...charts] : charts;
}
