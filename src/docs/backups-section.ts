/**
 * The section of a long run that shows what happened between its steps: the backups made, kept
 * and deleted per day (a run of up to a month) or per month, as a table, next to the plot.
 */
import { backupsByPeriod, type BackupLife, type Period } from './backup-lives.js';
import type { DocRun } from './doc-run.js';
import { inl, strong, type Inline } from './inline.js';
import { clockTime, monthName, runDay, shortDate } from './time-words.js';

function madeCell(p: Period, unit: 'day' | 'month'): Inline[] {
  if (!p.made.length) return inl('none');
  const times = [...new Set(p.made.map((l) => clockTime(l.madeAt)))];
  const manual = p.made.filter((l) => !l.automatic).length;
  return inl(
    String(p.made.length),
    unit === 'day' && times.length <= 3 ? ` at ${times.join(', ')}` : '',
    manual ? ` (${manual === p.made.length ? 'by hand' : `${manual} by hand`})` : '',
  );
}

function deletedCell(p: Period): Inline[] {
  if (!p.deleted.length) return inl('none');
  const by = (what: BackupLife['deletedBy']) => p.deleted.filter((l) => l.deletedBy === what).length;
  const parts = [by('retention') && `${by('retention')} by retention`, by('hand') && `${by('hand')} by hand`, by('other') && `${by('other')} with their vault or image`].filter(Boolean);
  return inl(parts.length === 1 && p.deleted.length === by('retention') ? `${p.deleted.length} by retention` : `${p.deleted.length}: ${parts.join(', ')}`);
}

function keptCell(p: Period, end: number): Inline[] {
  if (!p.kept.length) return inl('none');
  // As the console shows them at the period's end (the run's end for the last one).
  const at = Math.min(p.to, end);
  const errors = p.kept.filter((l) => l.failedAt !== null && l.failedAt <= at).length;
  const available = p.kept.filter((l) => l.availableAt !== null && l.availableAt <= at).length;
  const creating = p.kept.length - errors - available;
  const imaged = p.kept.filter((l) => l.imaged).length;
  const parts: Inline[][] = [];
  if (available) parts.push(inl(`${available} `, strong('Available')));
  if (creating) parts.push(inl(`${creating} `, strong('Creating')));
  if (errors) parts.push(inl(`${errors} `, strong('Error')));
  return inl(...parts.flatMap((x, i) => (i ? [', ', x] : [x])), imaged ? ` (${imaged === 1 ? 'one' : imaged} with an image)` : '');
}

export interface BackupsTable {
  unit: 'day' | 'month';
  header: string[];
  widths: number[];
  rows: Inline[][][];
  summary: Inline[];
}

/** The table of a long run's backups and the sentence that introduces it. */
export function backupsTable(run: DocRun, lives: BackupLife[]): BackupsTable {
  const { unit, periods } = backupsByPeriod(lives, run.start, run.end);
  const withYear = new Date(run.start).getUTCFullYear() !== new Date(run.end).getUTCFullYear();
  const failed = lives.some((l) => l.failedAt !== null);
  const label = (p: Period) => (unit === 'day' ? `Day ${runDay(run.start, p.from)}, ${shortDate(p.from, withYear)}` : monthName(p.from));
  const rows = periods.map((p) => [
    inl(label(p)),
    madeCell(p, unit),
    ...(failed ? [inl(p.failed.length ? `${p.failed.length} ended in ` : 'none', p.failed.length ? strong('Error') : '')] : []),
    deletedCell(p),
    keptCell(p, run.end),
  ]);
  const deleted = lives.filter((l) => l.deletedAt !== null);
  const retained = deleted.filter((l) => l.deletedBy === 'retention').length;
  const summary = inl(
    `From ${shortDate(run.start, true)} to ${shortDate(run.end, true)}, ${lives.length} backup${lives.length === 1 ? ' was' : 's were'} made`,
    failed ? ` (${lives.filter((l) => l.failedAt !== null).length} ended in Error)` : '',
    ` and ${deleted.length} deleted${deleted.length && retained === deleted.length ? ', all by retention' : retained ? `, ${retained} of them by retention` : ''}; `,
    `${lives.filter((l) => l.deletedAt === null).length} remain.`,
  );
  return {
    unit,
    header: [unit === 'day' ? 'Day' : 'Month', 'Made', ...(failed ? ['Failed'] : []), 'Deleted', `Kept at the end of the ${unit}`],
    widths: failed ? [22, 18, 18, 20, 22] : [24, 22, 24, 30],
    rows,
    summary,
  };
}
