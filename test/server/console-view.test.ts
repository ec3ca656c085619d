/**
 * GET /api/diagram/:kind?view=console: the inspector's teaching view of one resource, from a real
 * listening server whose session plays seed-000 step by step: where the backup is now, as of a
 * record when asked (time travel), a deleted one still drawn, and bad requests answered 4xx JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../../src/server/serve.js';
import { SCENARIOS } from '../../scenarios/index.js';
import type { JournalRecord } from '../../src/sim/journal.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;
let served: Served;

async function get(path: string) {
  const res = await fetch(new URL(path, served.url));
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // an SVG
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json };
}

/** The console states the SVG marks current, and the one it centres on. */
const current = (svg: string): string[] => [...svg.matchAll(/<g [^>]*class="console-state [^"]*\bcurrent\b[^"]*" data-state="([^"]+)"/g)].map((m) => m[1]!);
const focus = (svg: string): string | undefined => /<g [^>]*data-state="([^"]+)"[^>]*data-focus="true"/.exec(svg)?.[1];
const view = (id: string, extra = '') => get(`/api/diagram/backup?view=console&resource=${id}${extra}`);

/** Plays the session's scenario until `done` says so (each step synchronously, as the player does). */
function stepUntil(done: () => boolean): void {
  while (!done()) if (!served.session.stepScenario()) throw new Error('the scenario ended first');
}
const backup = () => served.session.simulation.list('backup')[0];
const stateRecords = (id: string) => served.session.simulation.journal().filter((r): r is Extract<JournalRecord, { type: 'state' }> => r.type === 'state' && r.resourceId === id);

beforeAll(async () => {
  served = await serve({ scenario: seed000, port: 0 });
});
afterAll(async () => {
  await served.close();
});

describe('GET /api/diagram/:kind?view=console&resource=<id>', () => {
  let id = '';
  let imageId = '';
  let marked = 0;

  it('draws a backup in the middle of seed-000, marked “Image can be created”, with that state current', async () => {
    stepUntil(() => backup()?.imageable === true);
    id = backup()!.id;
    marked = stateRecords(id).find((r) => (r.value as any).lifecycle?.creating === 'imageCreatable')!.seq;
    const answer = await view(id);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^image\/svg\+xml/);
    expect(answer.text).toMatch(/^<\?xml[^>]*>\n<svg [^>]*class="console-diagram" data-kind="backup"/);
    expect(current(answer.text)).toEqual(['backup.lifecycle.creating.imageCreatable', 'backup.imageLink.none']);
    expect(focus(answer.text)).toBe('backup.lifecycle.creating.imageCreatable');
    expect(answer.text).toMatch(/<path class="arrow lit last" data-arrow="backup\.lifecycle\.creating→backup\.lifecycle\.creating\.imageCreatable"/);
    // The refused early Create Image is on its arrow; the legend says what is what.
    expect(answer.text).toMatch(/<g class="arrow-label refused" data-arrow="backup\.imageLink\.none→backup\.imageLink\.linked">\s*<rect[^>]*\/>\s*<text[^>]*>Create Image<\/text>\s*<text class="text-refused"[^>]*>✕ refused: wait/);
    for (const words of ['>now<', '>so far<', '>last step<', '>refused here<', '>not yet / not taken<']) expect(answer.text).toContain(words);
  });

  it('draws it as of an earlier record with seq: before the mark, Creating (its snapshot phase) is current', async () => {
    const before = await view(id, `&seq=${marked - 1}`);
    expect(before.status).toBe(200);
    expect(current(before.text)).toEqual(['backup.lifecycle.creating', 'backup.imageLink.none']);
    expect(before.text).toMatch(/data-state="backup\.lifecycle\.creating\.imageCreatable" data-lane="backup\.lifecycle" data-members/);
    expect(before.text).not.toMatch(/class="console-state plain-state lit[^"]*" data-state="backup\.lifecycle\.creating\.imageCreatable"/);
    // At the mark's own record, and at the last record, it is as it is now.
    expect(current((await view(id, `&seq=${marked}`)).text)).toEqual(['backup.lifecycle.creating.imageCreatable', 'backup.imageLink.none']);
    expect((await view(id, `&seq=${served.session.seq}`)).text).toBe((await view(id)).text);
  });

  it('follows the backup as the scenario goes on: its image made, the view centres on the Image lane', async () => {
    stepUntil(() => backup()?.imageId !== null);
    imageId = backup()!.imageId!;
    const answer = await view(id);
    expect(current(answer.text)).toEqual(['backup.lifecycle.creating.imageCreatable', 'backup.imageLink.linked']);
    expect(focus(answer.text)).toBe('backup.imageLink.linked');
  });

  it('draws a disk backup of the server backup (R1) as its parent: it follows the parent’s status', async () => {
    const child = backup()!.children[0]!.id;
    const answer = await view(child);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe((await view(id)).text);
  });

  it('still draws the backup once deleted (a tombstone), its Deleted current', async () => {
    stepUntil(() => served.session.simulation.world.tombstones.has(id));
    expect(served.session.simulation.world.entries.has(id)).toBe(false);
    const answer = await view(id);
    expect(answer.status).toBe(200);
    expect(current(answer.text)).toContain('backup.lifecycle.deleted');
    expect(answer.text).toMatch(/<g [^>]*class="console-state final lit current" data-state="backup\.lifecycle\.deleted"/);
  });

  it('draws the charts of the on-premises resources (C10): site, vm and localCopy, as SVG, Mermaid and console view', async () => {
    for (const [kind, region, word] of [
      ['site', 'site.ebackup', 'eBackup ready'],
      ['vm', 'vm.protection', 'Backing up on premises'],
      ['localCopy', 'localCopy.uploaded', 'Uploaded'],
    ] as const) {
      const chart = await get(`/api/diagram/${kind}`);
      expect(chart.status, kind).toBe(200);
      expect(chart.type).toContain('image/svg+xml');
      expect(chart.text).toMatch(new RegExp(`id="state-${region.replace('.', '\\.')}"`));
      const mermaid = await get(`/api/diagram/${kind}?format=mermaid`);
      expect(mermaid.text).toMatch(/^stateDiagram-v2/);
      expect(mermaid.text).toContain(region.replace('.', '_'));
      const consoleView = await get(`/api/diagram/${kind}?view=console`);
      expect(consoleView.status, kind).toBe(200);
      expect(consoleView.text).toContain(`data-kind="${kind}"`);
      expect(consoleView.text).toContain(`>${word}</text>`);
    }
  });

  it('draws the plain console diagram of a kind without resource, and keeps the engineering chart without view', async () => {
    const plain = await get('/api/diagram/image?view=console');
    expect(plain.status).toBe(200);
    expect(plain.text).toContain('data-kind="image"');
    expect(plain.text).not.toMatch(/class="[^"]*\b(lit|current|last|legend)\b/);
    for (const path of ['/api/diagram/backup', '/api/diagram/backup?view=engineering']) {
      const chart = await get(path);
      expect(chart.status).toBe(200);
      expect(chart.text).not.toContain('console-diagram');
      expect(chart.text).toMatch(/id="state-backup\.lifecycle"/);
    }
  });

  it('answers what it cannot draw with a 4xx JSON error that says what to ask instead', async () => {
    const cases: Array<[string, number, string, RegExp]> = [
      [`/api/diagram/image?view=console&resource=${id}`, 400, 'Sim.InvalidArgument', /is a backup, not an image: ask GET \/api\/diagram\/backup\?view=console&resource=/],
      [`/api/diagram/backup?view=console&resource=${imageId}`, 400, 'Sim.InvalidArgument', /is an image, not a backup/],
      ['/api/diagram/backup?view=console&resource=bk-000000000000', 404, 'Sim.NotFound', /No resource with id "bk-000000000000" is known/],
      ['/api/diagram/toaster?view=console&resource=x', 404, 'Sim.NotFound', /No statechart is called "toaster"/],
      ['/api/diagram/backup?view=pretty', 400, 'Sim.InvalidArgument', /view must be console .* or engineering/],
      ['/api/diagram/backup?view=console&view=engineering', 400, 'Sim.InvalidArgument', /view must be/],
      ['/api/diagram/backup?view=console&resource=', 400, 'Sim.InvalidArgument', /resource must be one resource id/],
      [`/api/diagram/backup?view=console&resource=${id}&resource=${id}`, 400, 'Sim.InvalidArgument', /resource must be one resource id/],
      [`/api/diagram/backup?view=console&resource=${id}&seq=0`, 400, 'Sim.InvalidArgument', /seq must be the number of a journal record/],
      [`/api/diagram/backup?view=console&resource=${id}&seq=abc`, 400, 'Sim.InvalidArgument', /seq must be/],
      [`/api/diagram/backup?view=console&resource=${id}&seq=2.5`, 400, 'Sim.InvalidArgument', /seq must be/],
      [`/api/diagram/backup?view=console&resource=${id}&seq=1e309`, 400, 'Sim.InvalidArgument', /seq must be/],
      [`/api/diagram/backup?view=console&resource=${id}&seq=${served.session.seq + 1}`, 404, 'Sim.NotFound', /Journal record #\d+ is not retained; the journal holds records #1 to #\d+/],
      [`/api/diagram/backup?view=console&resource=${id}&seq=1`, 404, 'Sim.NotFound', /is known at record #1/],
      ['/api/diagram/backup?view=console&seq=5', 400, 'Sim.InvalidArgument', /seq needs resource=<id>/],
      [`/api/diagram/backup?view=console&resource=${id}&lanes=diagonal`, 400, 'Sim.InvalidArgument', /lanes must be row .* or auto/],
      [`/api/diagram/backup?view=console&resource=${id}&format=mermaid`, 400, 'Sim.InvalidArgument', /view=console draws SVG only/],
    ];
    for (const [path, status, code, message] of cases) {
      const answer = await get(path);
      expect({ path, status: answer.status, type: answer.type.split(';')[0] }).toEqual({ path, status, type: 'application/json' });
      expect(answer.json, path).toMatchObject({ code });
      expect(answer.json.message, path).toMatch(message);
    }
    expect((await view(id)).status).toBe(200);
  });

  it('lays the lanes out as the docs do with lanes=auto (one under the other for a backup)', async () => {
    const laneTops = (svg: string) => [...svg.matchAll(/<g class="lane" data-lane="[^"]+">\s*<rect x="[\d.]+" y="([\d.]+)"/g)].map((m) => Number(m[1]));
    const row = laneTops((await view(id)).text);
    const auto = laneTops((await view(id, '&lanes=auto')).text);
    expect(row[0]).toBe(row[1]);
    expect(auto[1]).toBeGreaterThan(auto[0]!);
  });
});
