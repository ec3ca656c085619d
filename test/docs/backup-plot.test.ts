/** The plot of a long run's backups: one bar per backup, readable at 800 px, drawn with nothing from outside. */
import { describe, expect, it } from 'vitest';
import type { BackupLife } from '../../src/docs/backup-lives.js';
import { backupPlot } from '../../src/docs/backup-plot.js';
import { xmlProblems } from '../diagram/support.js';

const DAY = 86_400_000;
const start = Date.parse('2026-01-05T10:00:00Z');
const life = (i: number, o: Partial<BackupLife> = {}): BackupLife => ({
  id: `bk-${i}`, name: `autobk_${i}`, resourceId: 'ecs-1', automatic: true, madeAt: start + i * DAY, availableAt: start + i * DAY, failedAt: null,
  deletedAt: start + (i + 3) * DAY, deletedBy: 'retention', imaged: false, ...o,
});

describe('the backup plot', () => {
  const lives = [life(0, { imaged: true, deletedAt: null, deletedBy: null }), ...Array.from({ length: 20 }, (_, i) => life(i + 1)), life(21, { automatic: false, deletedAt: null, deletedBy: null })];
  const svg = backupPlot({ lives, start, end: start + 25 * DAY, resourceName: () => 'web-01' });

  it('is a well-formed SVG, 800 px wide, with all its text at 12 px or more', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toMatch(/<svg [^>]*width="800"[^>]*viewBox="0 0 800 \d+"/);
    const sizes = [...svg.matchAll(/font-size="(\d+(?:\.\d+)?)"/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    expect(svg).not.toMatch(/href=|<script|@import|url\(/);
  });

  it('draws one bar per backup, packed in as few lanes as overlap needs, the imaged one highlighted to the end', () => {
    const bars = [...svg.matchAll(/<rect class="backup( imaged)?" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g)];
    expect(bars).toHaveLength(22);
    expect(new Set(bars.map((b) => b[3])).size).toBeLessThanOrEqual(5);
    const imaged = bars.filter((b) => b[1]);
    expect(imaged).toHaveLength(1);
    expect(Number(imaged[0]![2]) + Number(imaged[0]![4])).toBeCloseTo(800 - 24, 0);
  });

  it('has a legend for the kinds it shows, and none for those it does not', () => {
    expect(svg).toContain('>automatic backup<');
    expect(svg).toContain('>manual backup<');
    expect(svg).toContain('>used to create an image<');
    expect(svg).not.toContain('>Error<');
  });
});
