import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openInspector, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await openInspector();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** Steps the scenario player until the outcome with `index` is shown. */
async function stepTo(index: number): Promise<void> {
  const { page } = h;
  for (let i = 0; i < 60; i++) {
    if (await page.getByTestId(`outcome-${index}`).count()) return;
    await page.getByTestId('scenario-step').click();
    await page.getByTestId(`outcome-${Math.min(index, i + 1)}`).first().waitFor({ timeout: 5000 }).catch(() => {});
  }
  throw new Error(`step ${index} never shown`);
}

async function backupId(): Promise<string> {
  const state = await (await fetch(new URL('/api/state', h.served.url))).json() as { resources: { kind: string; id: string }[] };
  return state.resources.find((r) => r.kind === 'backup')!.id;
}

async function activeStates(): Promise<string[]> {
  return h.page.locator('[data-testid="statechart"] g.active').evaluateAll((els) => els.map((e) => e.id));
}

describe('the inspector in a real browser (Debian Chromium)', () => {
  it('opens with the seed-000 walkthrough loaded, fully offline', async () => {
    const { page } = h;
    await page.getByTestId('console').waitFor();
    await expect.poll(() => page.getByTestId('console').textContent()).toContain('web-01');
    await page.screenshot({ path: `${ARTIFACTS}inspector.png` });
    expect(h.outside).toEqual([]);
    expect(h.errors).toEqual([]);
  }, 30_000);

  it('plays the walkthrough step by step, and the backup\'s highlight moves from the snapshot phase to "Image can be created" to Available', async () => {
    const { page } = h;
    await stepTo(2);
    const id = await backupId();
    await page.getByTestId(`row-${id}`).click();
    await expect.poll(activeStates, { timeout: 10_000 }).toContain('state-backup.lifecycle.creating.snapshot');
    await stepTo(6);
    await expect.poll(activeStates, { timeout: 10_000 }).toContain('state-backup.lifecycle.creating.imageCreatable');
    await stepTo(19);
    await expect.poll(activeStates, { timeout: 10_000 }).toContain('state-backup.lifecycle.available');
    await page.screenshot({ path: `${ARTIFACTS}inspector-available.png` });
  }, 60_000);

  it('marks on the chart the transition the backup took last and the events its chart would take or refuse now', async () => {
    const { page } = h;
    const id = await backupId();
    await page.getByTestId(`row-${id}`).click();
    const chart = page.locator('[data-testid="statechart"]');
    await expect.poll(() => chart.locator('path.transition.last').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await chart.locator('.last[data-event]').first().getAttribute('data-event')).toMatch(/dataTransfer|BACKUP|IMAGE|snapshot/i);
    await expect.poll(() => chart.locator('.refused-now[data-event="DELETE"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await chart.locator('.enabled[data-event]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}inspector-last-transition.png` });
  }, 30_000);

  it('lists the pending timers, soonest first', async () => {
    const { page } = h;
    const id = await backupId();
    await page.getByTestId(`row-${id}`).click();
    const server = (await (await fetch(new URL('/api/state', h.served.url))).json() as { resources: { kind: string; id: string; status: string }[] }).resources.find((r) => r.kind === 'server' && r.status === 'ACTIVE')!;
    await fetch(new URL('/api/commands', h.served.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verb: 'backupServer', args: [server.id] }) });
    await page.getByTestId('show-timers').click();
    // In words ("<time> · in 41 min · backup web-01-backup: data transfer ends: Available"), the chart's event in the tooltip.
    await expect.poll(() => page.getByTestId('timers-list').textContent(), { timeout: 10_000 }).toMatch(/ · in .+ · backup [^:]+: (snapshot phase|data transfer) ends/);
    expect(await page.getByTestId('timers-list').textContent()).not.toMatch(/xstate/);
    expect(await page.locator('[data-testid="timers-list"] li').first().getAttribute('title')).toMatch(/^xstate\.after\./);
    const times = await page.locator('[data-testid="timers-list"] li code').allTextContents();
    expect(times.length).toBeGreaterThan(0);
    expect(times).toEqual([...times].sort());
    await page.getByTestId('show-timers').click();
    await expect.poll(() => page.getByTestId('timers').isHidden()).toBe(true);
  }, 30_000);

  it('shows deleting a backup that has an image as refused with BackupService.6204 and the reason, and doing it anyway returns that refusal', async () => {
    const { page } = h;
    const id = await backupId();
    await page.getByTestId(`row-${id}`).click();
    await expect.poll(() => page.getByTestId('reason-code').allTextContents(), { timeout: 10_000 }).toContain('BackupService.6204');
    await page.getByTestId('try-deleteBackup').click();
    const refusal = page.getByTestId('refusal');
    await expect.poll(() => refusal.textContent(), { timeout: 10_000 }).toContain('BackupService.6204');
    expect(await refusal.textContent()).toMatch(/delete image img-\w+ first/);
    // The refusal is journaled too, and the timeline shows it.
    await expect.poll(() => page.locator('[data-testid="timeline-rows"] .tl-row.t-refusal').last().textContent(), { timeout: 10_000 }).toContain('BackupService.6204');
    await page.screenshot({ path: `${ARTIFACTS}inspector-refusal.png` });
  }, 30_000);

  it('steps the scenario back, replaying it to the step before', async () => {
    const { page } = h;
    const position = () => page.getByTestId('scenario-status').getAttribute('data-position');
    const before = Number(await position());
    await page.getByTestId('scenario-back').click();
    await expect.poll(position, { timeout: 10_000 }).toBe(String(before - 1));
    await expect.poll(() => page.getByTestId(`outcome-${before}`).count(), { timeout: 10_000 }).toBe(0);
    await page.getByTestId('scenario-step').click();
    await expect.poll(position, { timeout: 10_000 }).toBe(String(before));
  }, 30_000);

  it('shows the selected resource\'s record, state value and context as a JSON tree', async () => {
    const { page } = h;
    const id = await backupId();
    await page.getByTestId(`row-${id}`).click();
    await expect.poll(() => page.getByTestId('snapshot').textContent(), { timeout: 10_000 }).toContain('imageLink');
    const text = await page.getByTestId('snapshot').textContent();
    expect(text).toContain(id);
    expect(text).toContain('timing');
  }, 30_000);

  it('keeps several tabs on the same world: what one tab does, the other shows', async () => {
    const serverNow = async () => ((await (await fetch(new URL('/api/state', h.served.url))).json()) as { now: string }).now;
    const shown = (page: typeof h.page) => page.getByTestId('clock-now').getAttribute('data-iso');
    const other = await h.browser.newPage();
    await other.goto(h.served.url);
    const before = await serverNow();
    await expect.poll(() => shown(other), { timeout: 10_000 }).toBe(before);
    await h.page.getByTestId('advance-1d').click();
    await expect.poll(serverNow, { timeout: 10_000 }).not.toBe(before);
    const after = await serverNow();
    await expect.poll(() => shown(other), { timeout: 10_000 }).toBe(after);
    await expect.poll(() => shown(h.page), { timeout: 10_000 }).toBe(after);
    await other.close();
  }, 30_000);

  it('plays and pauses the clock at a chosen speed', async () => {
    const { page } = h;
    const iso = () => page.getByTestId('clock-now').getAttribute('data-iso');
    const serverState = async () => (await (await fetch(new URL('/api/state', h.served.url))).json()) as { now: string; seq: number; playing: unknown };
    const start = await iso();
    const { seq } = await serverState();
    await page.getByTestId('clock-speed').selectOption('3600');
    await page.getByTestId('clock-play').click();
    await expect.poll(() => page.getByTestId('clock-play').getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    // A while at ×3600: more than an hour of the clock, many slices on the server.
    await expect.poll(async () => Date.parse((await iso())!) - Date.parse(start!), { timeout: 10_000 }).toBeGreaterThan(3_600_000);
    await page.getByTestId('clock-play').click();
    await expect.poll(() => page.getByTestId('clock-play').getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
    // Paused on the server: the clock stands still there, and the page shows where.
    const paused = await serverState();
    expect(paused.playing).toBeNull();
    await expect.poll(iso, { timeout: 10_000 }).toBe(paused.now);
    await page.waitForTimeout(1000);
    expect((await serverState()).now).toBe(paused.now);
    expect(await iso()).toBe(paused.now);
    // However long it played: one play record and one played note, no advance per tick.
    const { records } = (await (await fetch(new URL(`/api/journal?after=${seq}&limit=10000`, h.served.url))).json()) as { records: { type: string; verb?: string; note?: string }[] };
    expect(records.filter((r) => r.type === 'command' && r.verb === 'play')).toHaveLength(1);
    expect(records.filter((r) => r.type === 'note' && r.note === 'played')).toHaveLength(1);
    expect(records.filter((r) => r.type === 'command' && r.verb === 'advance')).toEqual([]);
    await expect.poll(() => page.locator('[data-testid="timeline-rows"] .tl-row').allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/play ×3600 from \d{4}-/));
    await expect.poll(() => page.locator('[data-testid="timeline-rows"] .tl-row').allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/played from .+ to .+ at ×3600/));
  }, 30_000);

  it('shows a play another tab started, and its pause', async () => {
    const { page } = h;
    const post = (path: string, body: unknown) => fetch(new URL(path, h.served.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/api/play', { speed: 86400 })).status).toBe(200);
    await expect.poll(() => page.getByTestId('clock-play').getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    expect(await page.getByTestId('clock-speed').inputValue()).toBe('86400');
    await post('/api/pause', {});
    await expect.poll(() => page.getByTestId('clock-play').getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
  }, 30_000);

  it('shows the actors of an external XState v5 app pointed at /inspect', async () => {
    const { createWebSocketInspector } = await import('@statelyai/inspect');
    const { createActor, createMachine } = await import('xstate');
    const inspector = createWebSocketInspector({ url: h.served.url.replace('http', 'ws') + 'inspect' });
    const light = createMachine({ id: 'trafficLight', initial: 'green', states: { green: { on: { NEXT: 'yellow' } }, yellow: {} } });
    const actor = createActor(light, { inspect: inspector.inspect }).start();
    actor.send({ type: 'NEXT' });
    await expect.poll(() => h.page.getByTestId('external-actors').textContent(), { timeout: 10_000 }).toContain('trafficLight');
    await expect.poll(() => h.page.getByTestId('external-actors').textContent(), { timeout: 10_000 }).toContain('yellow');
    actor.stop();
    inspector.stop();
  }, 30_000);

  it('advances the clock', async () => {
    const { page } = h;
    const before = await page.getByTestId('clock-now').textContent();
    await page.getByTestId('advance-1h').click();
    await expect.poll(() => page.getByTestId('clock-now').textContent(), { timeout: 10_000 }).not.toBe(before);
  }, 30_000);

  it('exports the current diagram as SVG and as Mermaid, and the journal as JSON lines', async () => {
    const { page } = h;
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    const [mermaid] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-mermaid').click()]);
    expect(mermaid.suggestedFilename()).toMatch(/\.mmd$/);
    const mermaidText = readFileSync((await mermaid.path())!, 'utf8');
    expect(mermaidText).toMatch(/^stateDiagram-v2/m);
    const [journal] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-journal').click()]);
    const lines = readFileSync((await journal.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number });
    expect(lines[0]!.seq).toBe(1);
    expect(lines.length).toBeGreaterThan(50);
    expect(h.outside).toEqual([]);
  }, 30_000);

  it('runs the loaded scenario to its end, each expectation shown passing', async () => {
    const { page } = h;
    await page.getByTestId('scenario-run').click();
    await expect.poll(() => page.getByTestId('scenario-status').getAttribute('data-done'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('scenario-status').getAttribute('data-ok')).toBe('true');
    expect(await page.locator('[data-testid="scenario-outcomes"] .fail').count()).toBe(0);
    expect(await page.locator('[data-testid="scenario-outcomes"] .pass').count()).toBeGreaterThan(20);
  }, 30_000);

  it('filters the timeline by resource and by kind of record', async () => {
    const { page } = h;
    const id = await backupId();
    await page.getByTestId('timeline-filter').fill(id);
    await page.getByTestId('timeline-type-event').uncheck();
    await expect.poll(async () => {
      const rows = await page.locator('[data-testid="timeline-rows"] .tl-row[data-seq]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-res'), e.getAttribute('data-type')]));
      return rows.length > 0 && rows.every(([res, type]) => res === id && type !== 'event');
    }, { timeout: 10_000 }).toBe(true);
    await page.getByTestId('timeline-type-event').check();
    await page.getByTestId('timeline-filter').fill('');
  }, 30_000);

  it('time-travels to a journal entry: the whole page as it was, read only, then back to now', async () => {
    const { page } = h;
    const id = await backupId();
    const records = (await (await fetch(new URL('/api/journal?after=0&limit=10000', h.served.url))).json()) as { records: { seq: number; type: string; resourceId: string; status?: string; value?: unknown }[] };
    // The record where the backup is marked "Image can be created": its state record with the mark's state.
    const marked = records.records.find((r) => r.type === 'state' && r.resourceId === id && JSON.stringify(r.value).includes('imageCreatable'))!;
    await page.getByTestId('timeline-filter').fill(id);
    await page.getByTestId(`travel-${marked.seq}`).click();
    await expect.poll(() => page.getByTestId('travel').textContent(), { timeout: 10_000 }).toContain(`Read only: the world at record #${marked.seq}`);
    // The console row, the selection and the chart are the past's: the mark shows where it appeared.
    await expect.poll(() => page.getByTestId(`row-${id}`).textContent(), { timeout: 10_000 }).toContain('Image can be created');
    expect(await page.getByTestId(`row-${id}`).textContent()).toContain('read only');
    await page.getByTestId(`row-${id}`).click();
    await expect.poll(activeStates, { timeout: 10_000 }).toContain('state-backup.lifecycle.creating.imageCreatable');
    await page.screenshot({ path: `${ARTIFACTS}inspector-time-travel.png` });
    await page.getByTestId('travel-close').click();
    await expect.poll(() => page.getByTestId('travel').isHidden(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByTestId(`row-${id}`).textContent(), { timeout: 10_000 }).not.toContain('read only');
    await expect.poll(() => page.getByTestId(`row-${id}`).textContent(), { timeout: 10_000 }).not.toContain('Image can be created');
    expect(h.outside).toEqual([]);
  }, 30_000);

  it('resumes from a record at the end of a step with the player rewound to that step', async () => {
    const { page } = h;
    const id = await backupId();
    const records = (await (await fetch(new URL('/api/journal?after=0&limit=10000', h.served.url))).json()) as { records: { seq: number; type: string; resourceId: string; status?: string }[] };
    const creating = records.records.find((r) => r.type === 'state' && r.resourceId === id && r.status === 'protecting')!;
    await page.getByTestId('timeline-filter').fill(id);
    await page.getByTestId(`travel-${creating.seq}`).click();
    const travelled = (await (await fetch(new URL(`/api/travel?seq=${creating.seq}`, h.served.url))).json()) as { step: number; resume: string };
    await expect.poll(() => page.getByTestId('travel-resume').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('travel-resume').click();
    await expect.poll(async () => {
      const state = (await (await fetch(new URL('/api/state', h.served.url))).json()) as { resources: { id: string; status: string }[] };
      return state.resources.find((r) => r.id === id)?.status;
    }, { timeout: 10_000 }).toBe('protecting');
    await expect.poll(() => page.getByTestId(`row-${id}`).textContent(), { timeout: 10_000 }).toContain('protecting');
    // The player says where the world is, and its next step runs on it.
    expect(travelled.resume).toBe('rewind');
    await expect.poll(() => page.getByTestId('scenario-status').getAttribute('data-position'), { timeout: 10_000 }).toBe(String(travelled.step));
    await page.getByTestId('scenario-step').click();
    await expect.poll(() => page.getByTestId('scenario-status').getAttribute('data-position'), { timeout: 10_000 }).toBe(String(travelled.step + 1));
    expect(await page.getByTestId('scenario-status').getAttribute('data-ok')).toBe('true');
    await page.getByTestId('timeline-filter').fill('');
  }, 30_000);

  it('jumps the clock to the next pending timer', async () => {
    const { page } = h;
    const server = (await (await fetch(new URL('/api/state', h.served.url))).json() as { resources: { kind: string; id: string; status: string }[] }).resources.find((r) => r.kind === 'server' && r.status === 'ACTIVE')!;
    await fetch(new URL('/api/commands', h.served.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verb: 'backupServer', args: [server.id] }) });
    const next = ((await (await fetch(new URL('/api/timers?limit=1', h.served.url))).json()) as { timers: { at: string }[] }).timers[0]!.at;
    await expect.poll(() => page.getByTestId('next-timer').isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('next-timer').click();
    await expect.poll(() => page.getByTestId('clock-now').getAttribute('data-iso'), { timeout: 10_000 }).toBe(next);
  }, 30_000);

  it('pans and zooms the statechart', async () => {
    const { page } = h;
    const wrapper = page.getByTestId('statechart-wrapper');
    const transform = () => wrapper.evaluate((el) => (el as unknown as { style: { transform: string } }).style.transform);
    const scale = async () => Number(/scale\(([\d.]+)\)/.exec(await transform())![1]);
    const before = await scale();
    await page.getByTestId('zoom-in').click();
    await expect.poll(scale).toBeGreaterThan(before);
    const box = (await page.getByTestId('statechart-viewport').boundingBox())!;
    const moved = await transform();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    await expect.poll(transform).not.toBe(moved);
    await page.getByTestId('zoom-fit').click();
    await expect.poll(scale).toBeLessThan(1);
  }, 30_000);

  it('keeps a long run\'s timeline light: every record counted, only the rows in view drawn', async () => {
    const { page } = h;
    await page.getByTestId('timeline-filter').fill('');
    const post = (verb: string, args: unknown[]) => fetch(new URL('/api/commands', h.served.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verb, args }) }).then((r) => r.json() as Promise<{ result: { id: string } }>);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await post('createServer', [{ name: `fleet-${i}`, os: 'linux', systemDiskGB: 40 }])).result.id);
    const vault = (await post('createVault', [{ name: 'fleet', kind: 'server', resourceIds: ids }])).result.id;
    const policy = (await post('createPolicy', [{ name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 3 }])).result.id;
    await post('applyPolicy', [policy, vault]);
    await post('advance', ['20d']);
    const seq = ((await (await fetch(new URL('/api/state', h.served.url))).json()) as { seq: number }).seq;
    await expect.poll(() => page.getByTestId('timeline-count').textContent(), { timeout: 20_000 }).toContain(`last seq ${seq}`);
    const counted = Number((await page.getByTestId('timeline-count').textContent())!.split(' matching')[0]!.replaceAll(',', ''));
    expect(counted).toBeGreaterThan(3000);
    expect(await page.locator('[data-testid="timeline-rows"] .tl-row').count()).toBeLessThan(100);
    await page.getByTestId('timeline-follow').uncheck();
    await page.locator('#timeline-scroll').evaluate((el) => { el.scrollTop = 0; });
    await expect.poll(() => page.locator('[data-testid="timeline-rows"] .tl-row').first().getAttribute('data-seq'), { timeout: 10_000 }).toBe('1');
    await page.getByTestId('timeline-follow').check();
    await page.screenshot({ path: `${ARTIFACTS}inspector-fleet.png` });
  }, 60_000);

  it('loads a scenario file of the trainer\'s own, uploaded from the page', async () => {
    const { page } = h;
    const yaml = ['id: my-own', 'title: My own scenario', 'narrative: One server, one backup.', 'rules: [B1]', 'setup:', '  servers:', '    - as: app', 'steps:', '  - do: backupServer', '    server: app', '    as: b1', ''].join('\n');
    await page.getByTestId('scenario-file').setInputFiles({ name: 'my-own.yaml', mimeType: 'text/yaml', buffer: Buffer.from(yaml) });
    await expect.poll(() => page.getByTestId('scenario-title').textContent(), { timeout: 10_000 }).toBe('My own scenario');
    await page.getByTestId('scenario-step').click();
    await expect.poll(() => page.getByTestId('console-backup').textContent(), { timeout: 10_000 }).toContain('Creating');
  }, 30_000);
});
