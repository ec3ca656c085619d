/**
 * The plot of a long run: every backup a bar from when it was made to when it was deleted (or to
 * the end of the run, open-ended), the ones that made an image highlighted, failed ones in the
 * colour of Error. Bars are packed into as few lanes as overlap needs, per backed-up resource, so
 * a year of "keep 7" is eight lanes high, not 366 rows.
 *
 * 800 px wide, all text 12 px or more, self-contained (no fonts or scripts from anywhere).
 */
import type { BackupLife } from './backup-lives.js';
import { monthName, shortDate } from './time-words.js';

const WIDTH = 800;
const LEFT = 120;
const RIGHT = 24;
const TOP = 16;
const LANE = 16;
const BAR = 11;
const GROUP_GAP = 14;
const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";
const COLOR = { auto: '#5b8db8', manual: '#4f9a55', error: '#c9453a', imaged: '#e8901c', imagedStroke: '#8a4b00', axis: '#455a64', grid: '#dfe5e8', ink: '#263238' };
const DAY = 86_400_000;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Lanes for bars: each bar goes in the lowest lane free when it starts. */
function packLanes(lives: BackupLife[], end: number): Map<string, number> {
  const laneEnds: number[] = [];
  const out = new Map<string, number>();
  for (const l of [...lives].sort((a, b) => a.madeAt - b.madeAt)) {
    const stop = l.deletedAt ?? end;
    let lane = laneEnds.findIndex((e) => e <= l.madeAt);
    if (lane === -1) lane = laneEnds.push(stop) - 1;
    else laneEnds[lane] = stop;
    out.set(l.id, lane);
  }
  return out;
}

/** Axis ticks: days for a month or less, else the first of each month. */
function ticks(start: number, end: number): { at: number; label: string }[] {
  const out: { at: number; label: string }[] = [];
  const days = (end - start) / DAY;
  if (days <= 31) {
    const every = days <= 12 ? 1 : days <= 24 ? 2 : 4;
    for (let t = Math.ceil(start / DAY) * DAY, i = 0; t <= end; t += DAY, i++) if (i % every === 0) out.push({ at: t, label: shortDate(t).slice(4) });
    return out;
  }
  const d = new Date(start);
  for (let m = d.getUTCMonth() + 1, y = d.getUTCFullYear(); ; m++) {
    const t = Date.UTC(y, m, 1);
    if (t > end) break;
    out.push({ at: t, label: monthName(t).slice(0, 3) + (new Date(t).getUTCMonth() === 0 ? ` ${new Date(t).getUTCFullYear()}` : '') });
  }
  return out;
}

export interface PlotInput {
  lives: BackupLife[];
  start: number;
  end: number;
  /** The resource's name by id, for the lane labels. */
  resourceName(id: string): string;
}

/** The plot as an SVG document. */
export function backupPlot({ lives, start, end, resourceName }: PlotInput): string {
  const groups = new Map<string, BackupLife[]>();
  for (const l of lives) groups.set(l.resourceId, [...(groups.get(l.resourceId) ?? []), l]);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (t: number) => LEFT + ((Math.min(Math.max(t, start), end) - start) / Math.max(end - start, 1)) * plotWidth;
  const body: string[] = [];
  let y = TOP;
  for (const [resourceId, group] of groups) {
    const lanes = packLanes(group, end);
    const count = Math.max(...lanes.values()) + 1;
    const height = count * LANE;
    // The label column is 120 px: a long name is cut (the caption names it in full).
    const label = resourceName(resourceId);
    body.push(`<text x="${LEFT - 8}" y="${y + height / 2 + 4}" text-anchor="end" font-size="13">${esc(label.length > 14 ? `${label.slice(0, 13)}…` : label)}</text>`);
    body.push(`<rect x="${LEFT}" y="${y}" width="${plotWidth}" height="${height}" fill="none" stroke="${COLOR.grid}"/>`);
    for (const l of group) {
      const lane = lanes.get(l.id)!;
      const x0 = x(l.madeAt);
      const x1 = Math.max(x(l.deletedAt ?? end), x0 + 2);
      const fill = l.imaged ? COLOR.imaged : l.failedAt !== null ? COLOR.error : l.automatic ? COLOR.auto : COLOR.manual;
      const stroke = l.imaged ? ` stroke="${COLOR.imagedStroke}" stroke-width="1.5"` : '';
      const until = l.deletedAt === null ? 'kept to the end' : `deleted ${shortDate(l.deletedAt)}`;
      body.push(`<rect class="backup${l.imaged ? ' imaged' : ''}" x="${x0.toFixed(1)}" y="${y + lane * LANE + (LANE - BAR) / 2}" width="${(x1 - x0).toFixed(1)}" height="${BAR}" rx="2" fill="${fill}"${stroke}><title>${esc(`${l.name}: made ${shortDate(l.madeAt)}, ${until}`)}</title></rect>`);
    }
    y += height + GROUP_GAP;
  }
  const axisY = y - GROUP_GAP + 6;
  const axis: string[] = [`<line x1="${LEFT}" y1="${axisY}" x2="${WIDTH - RIGHT}" y2="${axisY}" stroke="${COLOR.axis}"/>`];
  let lastLabelEnd = -Infinity;
  for (const t of ticks(start, end)) {
    const tx = x(t.at);
    axis.push(`<line x1="${tx.toFixed(1)}" y1="${axisY}" x2="${tx.toFixed(1)}" y2="${axisY + 5}" stroke="${COLOR.axis}"/>`);
    // Labels that would overlap the one before are left out; the tick stays.
    const half = (t.label.length * 7.2) / 2;
    if (tx - half > lastLabelEnd + 4) {
      axis.push(`<text x="${tx.toFixed(1)}" y="${axisY + 19}" text-anchor="middle" font-size="12">${esc(t.label)}</text>`);
      lastLabelEnd = tx + half;
    }
  }
  const legendY = axisY + 44;
  const kinds = [
    ['automatic backup', COLOR.auto, lives.some((l) => l.automatic && !l.imaged && l.failedAt === null)],
    ['manual backup', COLOR.manual, lives.some((l) => !l.automatic && !l.imaged && l.failedAt === null)],
    ['Error', COLOR.error, lives.some((l) => l.failedAt !== null && !l.imaged)],
    ['used to create an image', COLOR.imaged, lives.some((l) => l.imaged)],
  ] as const;
  const legend: string[] = [];
  let lx = LEFT;
  for (const [label, color, shown] of kinds) {
    if (!shown) continue;
    legend.push(`<rect x="${lx}" y="${legendY - 10}" width="22" height="${BAR}" rx="2" fill="${color}"/>`, `<text x="${lx + 28}" y="${legendY}" font-size="13">${esc(label)}</text>`);
    lx += 28 + label.length * 7.5 + 24;
  }
  const height = legendY + 14;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${esc(FONT)}" fill="${COLOR.ink}" class="backup-plot">`,
    `<title>Backups over time, ${esc(shortDate(start, true))} to ${esc(shortDate(end, true))}</title>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...body,
    ...axis,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
