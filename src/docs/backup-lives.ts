/**
 * The life of every backup of a run, read from its journal: when it was made (and by whom), when
 * it ended Available or in Error, whether it had an image, when and why it was deleted. Long runs
 * show these as a table per day or month and as a plot; the step table alone would show a year as
 * one row.
 *
 * The journal is the only source that has them all: a backup deleted in January is past its
 * tombstone long before the year ends, and nothing else still knows it.
 */
import type { JournalRecord } from '../sim/journal.js';
import type { DocRun } from './doc-run.js';

export interface BackupLife {
  id: string;
  name: string;
  /** The server or disk backed up. */
  resourceId: string;
  automatic: boolean;
  madeAt: number;
  /** When it became Available; null when it did not. */
  availableAt: number | null;
  /** When it ended in Error; null when it did not. */
  failedAt: number | null;
  /** When its deletion started; null when it outlived the run. */
  deletedAt: number | null;
  /**
   * Retention (a policy's rule, P2–P3, or a backup's own expiry timer, P6–P9), a delete by hand,
   * or something else (its vault or its image deleted with it).
   */
  deletedBy: 'retention' | 'hand' | 'other' | null;
  /** Whether an image was made from it. */
  imaged: boolean;
}

interface InitInput {
  id?: unknown;
  name?: unknown;
  resourceId?: unknown;
  autoTrigger?: unknown;
}

/** The backups a run made, in the order it made them; a server backup's disk backups are not separate lives. */
export function backupLives(run: DocRun): BackupLife[] {
  const lives = new Map<string, BackupLife>();
  const handDeletes = new Set<string>();
  const retained = new Set<string>();
  /** The last event each backup received: its own timer ending it (`xstate.after.…`) is retention too. */
  const lastEvent = new Map<string, string>();
  const records: JournalRecord[] = run.steps.flatMap((s) => s.outcome.records);
  for (const r of records) {
    if (r.type === 'event' && r.event.type === 'xstate.init' && r.resourceId?.startsWith('bk-')) {
      const input = (r.event as { input?: InitInput }).input ?? {};
      lives.set(r.resourceId, {
        id: r.resourceId,
        name: typeof input.name === 'string' ? input.name : r.resourceId,
        resourceId: typeof input.resourceId === 'string' ? input.resourceId : '',
        automatic: input.autoTrigger === true,
        madeAt: r.at,
        availableAt: null,
        failedAt: null,
        deletedAt: null,
        deletedBy: null,
        imaged: false,
      });
    } else if (r.type === 'event' && r.resourceId) lastEvent.set(r.resourceId, r.event.type);
    else if (r.type === 'command' && r.verb === 'deleteBackup' && r.resourceId) handDeletes.add(r.resourceId);
    else if (r.type === 'note' && r.note === 'retention' && r.resourceId) retained.add(r.resourceId);
    else if (r.type === 'state' && r.kind === 'backup') {
      const life = lives.get(r.resourceId ?? '');
      if (!life) continue;
      const value = r.value as { imageLink?: unknown };
      if (value && typeof value === 'object' && value.imageLink === 'linked') life.imaged = true;
      if (r.status === 'available' && life.availableAt === null) life.availableAt = r.at;
      if (r.status === 'error' && life.failedAt === null) life.failedAt = r.at;
      if ((r.status === 'deleting' || r.status === 'deleted') && life.deletedAt === null) {
        life.deletedAt = r.at;
        const timer = lastEvent.get(life.id)?.startsWith('xstate.after.') === true;
        life.deletedBy = handDeletes.has(life.id) ? 'hand' : retained.has(life.id) || timer ? 'retention' : 'other';
      }
    }
  }
  return [...lives.values()];
}

export interface Period {
  /** Epoch ms of the period's start (UTC midnight, or the first of the month). */
  from: number;
  to: number;
  made: BackupLife[];
  failed: BackupLife[];
  deleted: BackupLife[];
  /** Backups that exist at the period's end (or the run's end). */
  kept: BackupLife[];
}

const DAY = 86_400_000;

/** Day boundaries (for runs of up to 31 days) or month boundaries, from the run's start to its end. */
export function periodsOf(start: number, end: number): { unit: 'day' | 'month'; bounds: number[] } {
  const days = (end - start) / DAY;
  const bounds: number[] = [];
  if (days <= 31) {
    for (let t = Math.floor(start / DAY) * DAY; t < end; t += DAY) bounds.push(t);
    bounds.push(Math.max(end, bounds[bounds.length - 1]! + 1));
    return { unit: 'day', bounds };
  }
  const d = new Date(start);
  for (let y = d.getUTCFullYear(), m = d.getUTCMonth(); ; m++) {
    const t = Date.UTC(y, m, 1);
    if (t >= end) break;
    bounds.push(t);
  }
  bounds.push(end);
  return { unit: 'month', bounds };
}

/** The run's backups per period; a period is left out when nothing happened in it, except the last. */
export function backupsByPeriod(lives: BackupLife[], start: number, end: number): { unit: 'day' | 'month'; periods: Period[] } {
  const { unit, bounds } = periodsOf(start, end);
  const periods: Period[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    const within = (t: number | null) => t !== null && t >= from && t < to;
    const last = i + 2 === bounds.length;
    const p: Period = {
      from, to,
      made: lives.filter((l) => within(l.madeAt) || (last && l.madeAt === to)),
      failed: lives.filter((l) => within(l.failedAt)),
      deleted: lives.filter((l) => within(l.deletedAt)),
      // The last period ends with the run: what was made at its very end is kept too.
      kept: lives.filter((l) => (last ? l.madeAt <= to : l.madeAt < to) && (l.deletedAt === null || l.deletedAt >= to)),
    };
    if (p.made.length || p.failed.length || p.deleted.length || last) periods.push(p);
  }
  return { unit, periods };
}

/** Whether a run needs the section: it spans a day or more and backups were made or deleted without anyone asking. */
export function isLongRun(run: DocRun, lives: BackupLife[]): boolean {
  return run.end - run.start >= DAY && lives.some((l) => l.automatic || l.deletedBy === 'retention');
}
