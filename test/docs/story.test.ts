/**
 * The seed-000 page reads like the source documentation's procedure, and the policy-year page
 * shows the year's retention as a table and a plot. What is asserted is what a reader reads: the
 * text of the page's blocks, the same in both formats.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import { docRun, type DocRun } from '../../src/docs/doc-run.js';
import { plain, type Inline } from '../../src/docs/inline.js';
import type { Block, Page, TableBlock } from '../../src/docs/page-model.js';
import { story, type Story } from '../../src/docs/story.js';
import { knownRules } from '../../src/docs/walkthrough.js';

const scenario = (id: string) => SCENARIOS.find((s) => s.id === id)!;

function blockText(b: Block): string {
  switch (b.kind) {
    case 'heading': return b.text;
    case 'paragraph': return plain(b.content);
    case 'note': return `Note: ${b.paragraphs.map(plain).join(' ')}`;
    case 'bullets': return b.items.map(plain).join('\n');
    case 'table': return [b.header.join(' | '), ...b.rows.map((r) => r.map(plain).join(' | '))].join('\n');
    case 'figure': return `Figure ${b.number} ${plain(b.caption)}`;
  }
}

const text = (page: Page) => page.blocks.map(blockText).join('\n');
const tables = (page: Page) => page.blocks.filter((b): b is TableBlock => b.kind === 'table');
const strongWords = (page: Page) => page.blocks.flatMap((b): Inline[] => (b.kind === 'table' ? b.rows.flat(2) : b.kind === 'paragraph' ? b.content : b.kind === 'note' ? b.paragraphs.flat() : []))
  .filter((r) => r.kind === 'strong').map((r) => (r as { text: string }).text);

describe('the seed-000 walkthrough', () => {
  let run: DocRun;
  let page: Page;
  beforeAll(() => {
    run = docRun(scenario('seed-000-backup-to-image'));
    page = story(run, knownRules()).page;
  });

  it('is titled in Title Case and has Prerequisites and Procedure, as the source page has', () => {
    const headings = page.blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text);
    expect(headings.slice(0, 3)).toEqual(['Using a Backup to Create an Image', 'Prerequisites', 'Procedure']);
  });

  it('says each action in console words, the API verb after it', () => {
    const actions = tables(page).flatMap((t) => t.rows.map((r) => r[3]!));
    const createImage = actions.find((a) => plain(a).includes('Create Image'))!;
    expect(plain(createImage)).toMatch(/^Click the Backups tab\. In the row of the backup web-01-backup, choose More > Create Image/);
    expect(createImage.filter((r) => r.kind === 'strong').map((r) => (r as { text: string }).text)).toEqual(['Backups', 'More', 'Create Image']);
    expect(createImage[createImage.length - 1]).toEqual({ kind: 'api', text: 'createImageFromBackup' });
    for (const a of actions) expect(plain(a)).not.toMatch(/=|→|copies\.\d|web\.backups|lessThan/);
  });

  it('numbers only actions: no expectation is a row, no result is a bare "ok", and narration sits between the tables', () => {
    const rows = tables(page).flatMap((t) => t.rows);
    const actions = run.scenario.steps.filter((s) => 'do' in s || 'refuse' in s || 'advance' in s);
    expect(rows.map((r) => plain(r[0]!))).toEqual(actions.map((_, i) => String(i + 1)));
    expect(text(page)).not.toMatch(/\bexpect\b/);
    for (const r of rows) expect(plain(r[4]!)).not.toMatch(/^ok$/i);
    const says = run.scenario.steps.filter((s): s is { say: string } => 'say' in s).slice(1).map((s) => s.say);
    const notes = page.blocks.filter((b) => b.kind === 'note').map((b) => blockText(b));
    // A quoted console phrase ("Image can be created") is set in bold instead of quotes.
    for (const say of says) expect(notes).toContain(`Note: ${say.replace(/"/g, "")}`);
  });

  it('folds what the scenario expects into the result of the step before', () => {
    const results = tables(page).flatMap((t) => t.rows.map((r) => plain(r[4]!)));
    expect(results).toContain('The backup web-01-backup is still Creating and now marked Image can be created.');
    expect(results.join('\n')).toMatch(/The image web-01-image can create ECSs in every AZ and is 84 GB, smaller than the backup web-01-backup \(140 GB\)\./);
    expect(strongWords(page)).toEqual(expect.arrayContaining(['Creating', 'Image can be created', 'Available', 'Normal', 'Deleting']));
  });

  it('gives every refusal its code and whole message, and says which codes are only the simulator\'s', () => {
    const all = text(page);
    for (const o of run.steps.map((s) => s.outcome).filter((o) => o.refusal)) {
      expect(all).toContain(o.refusal!.code);
      expect(all).toContain(o.refusal!.message);
    }
    expect(all).toMatch(/cbr-sim answers with Sim\.ImageAzRestricted, a code of its own: the documentation states the rule but not the code the real service returns/);
    expect(all).not.toMatch(/Refused with Sim\./);
  });

  it('gives each step its time and the time since the procedure started', () => {
    const rows = tables(page).flatMap((t) => t.rows.map((r) => r.slice(1, 3).map(plain)));
    expect(rows[0]).toEqual(['Mon 5 Jan 00:01', '+0 min']);
    expect(rows).toContainEqual(['Mon 5 Jan 00:10', '+9 min']);
    expect(rows[rows.length - 1]).toEqual(['Mon 5 Jan 01:01', '+1 h']);
  });

  it('names no internal reference: no seed, no fact-sheet section', () => {
    expect(text(page)).not.toMatch(/seed[- ]?0|cloud-facts|§/);
  });

  it('shows the charts of what it acts on, not the disk chart', () => {
    const figures = page.blocks.filter((b) => b.kind === 'figure').map((b) => (b as { file: string }).file);
    expect(figures).toEqual(['seed-000-backup-to-image-backup', 'seed-000-backup-to-image-image', 'seed-000-backup-to-image-server']);
  });
});

describe('the policy-year walkthrough', () => {
  let result: Story;
  beforeAll(() => {
    result = story(docRun(scenario('policy-year')), knownRules());
  });

  it('shows the year month by month: 13 months, 366 backups made, the imaged one kept with 7 others', () => {
    const t = tables(result.page).find((x) => x.title === 'Backups by month')!;
    expect(t.rows.map((r) => plain(r[0]!))).toEqual([
      'January 2026', 'February 2026', 'March 2026', 'April 2026', 'May 2026', 'June 2026', 'July 2026',
      'August 2026', 'September 2026', 'October 2026', 'November 2026', 'December 2026', 'January 2027',
    ]);
    expect(t.rows.reduce((n, r) => n + Number(plain(r[1]!)), 0)).toBe(366);
    for (const r of t.rows) expect(plain(r[3]!)).toBe('8 Available (one with an image)');
  });

  it('plots every backup as a bar, the imaged one highlighted from its first day to the last', () => {
    const plot = result.figures.find((f) => f.shows === 'backups')!;
    const svg = String(plot.files.find((f) => f.name.endsWith('.svg'))!.content);
    expect(svg.match(/<rect class="backup/g)).toHaveLength(366);
    const imaged = [...svg.matchAll(/<rect class="backup imaged" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)];
    expect(imaged).toHaveLength(1);
    expect(Number(imaged[0]![2])).toBeGreaterThan(600);
    expect(plot.alt).toMatch(/366 backups of web-01/);
  });

  it('points the year-long wait to the table and the plot', () => {
    expect(text(result.page)).toMatch(/Wait 365 days, until Wed 6 Jan 2027 10:00\. \| .*ran 365 times: 365 backups made, 358 backups deleted\. .*See Table 3 and Figure 1\./);
  });
});
