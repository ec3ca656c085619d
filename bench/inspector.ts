/**
 * `npm run bench -- --inspector [--servers N] [--days D] [--json]`: the inspector under load.
 *
 * A fleet (N servers, one daily policy, maxBackups 7) runs at full speed on the inspector's server,
 * one `advance('1h')` per turn of the event loop, while the inspector page is open in Debian's
 * Chromium with one server selected. It is first run for 60 simulated days (the journal full, the
 * oldest tombstones expired: the server then holds all it ever will), then measured for D days:
 *
 * - `records_per_s`: journal records per second delivered to the page (first to last batch);
 * - `longest_task_ms`: the page's longest main-thread task (Long Tasks API) while measured;
 * - `p95_highlight_ms`: p95 delay from a state change of the selected server leaving the server
 *   to its statechart's highlight changing in the page;
 * - `rss_start_mb` / `rss_end_mb`: the server process's memory (after a full garbage collection)
 *   when the measured part starts and ends.
 *
 * The baseline, in the same run: the same fleet run again (the simulation is deterministic, so the
 * very same records), its batches sent over a raw WebSocket to a page that only counts them.
 * `delivery_ratio` = inspector rate / baseline rate: what the inspector costs the delivery of the
 * records (state deltas, checkpoints, the page's work), with the simulation's own cost in both.
 */
import { createServer } from 'node:http';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { chromium, type Browser } from 'playwright-core';
import { serve } from '../src/server/serve.js';
import { JOURNAL_LIMIT } from '../src/server/session.js';
import { createSimulation } from '../src/sim/simulation.js';
import { SCENARIOS } from '../scenarios/index.js';
import type { JournalRecord } from '../src/sim/journal.js';

const MB = 1024 * 1024;
const WARMUP_MS = 60 * 24 * 3600_000;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Counts the records the page's own code reads off its WebSocket (by watching JSON.parse, so the
 * probe adds no parsing of its own), the longest task, and every change of the chart's classes.
 */
const PAGE_PROBE = `
  window.__bench = { records: 0, first: 0, last: 0, longest: 0, redraws: [] };
  const parse = JSON.parse;
  JSON.parse = function (text, reviver) {
    const m = parse(text, reviver);
    if (m && m.type === 'records' && Array.isArray(m.records) && m.records.length) {
      const b = window.__bench;
      if (!b.first) b.first = Date.now();
      b.records += m.records.length;
      b.last = Date.now();
    }
    return m;
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('DOMContentLoaded', () => {
    const chart = document.querySelector('[data-testid="statechart-wrapper"]');
    new MutationObserver(() => window.__bench.redraws.push(Date.now())).observe(chart, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  });
`;

interface Probe {
  records: number;
  first: number;
  last: number;
  longest: number;
  redraws: number[];
}

export interface InspectorBenchResult {
  servers: number;
  days: number;
  records: number;
  records_per_s: number;
  longest_task_ms: number;
  p95_highlight_ms: number | null;
  rss_start_mb: number;
  rss_end_mb: number;
  baseline_records_per_s: number;
  delivery_ratio: number;
}

function p95(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
// Memory is read after a full collection, so what is compared is what is held, not garbage.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const rss = () => {
  gc();
  return Number((process.memoryUsage().rss / MB).toFixed(1));
};

type Command = (verb: string, args: unknown[]) => unknown;

/** The fleet, the same for the inspector and the baseline: returns the servers' ids. */
function buildFleet(command: Command, servers: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < servers; i++) ids.push((command('createServer', [{ name: `srv-${i + 1}`, os: 'linux', systemDiskGB: 40 }]) as { id: string }).id);
  command('advance', ['10m']);
  const vaults: string[] = [];
  for (let i = 0; i < ids.length; i += 256) vaults.push((command('createVault', [{ name: `v${i}`, kind: 'server', resourceIds: ids.slice(i, i + 256) }]) as { id: string }).id);
  const policy = command('createPolicy', [{ name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 7 }]) as { id: string };
  for (const v of vaults) command('applyPolicy', [policy.id, v]);
  return ids;
}

/** Advances the clock an hour per turn of the event loop, `hours` times or until `until` holds. */
async function drive(command: Command, o: { hours?: number; until?: () => boolean }): Promise<number> {
  let hour = 0;
  for (; o.hours === undefined ? !o.until!() : hour < o.hours; hour++) {
    command('advance', ['1h']);
    await tick();
  }
  return hour;
}

async function measureInspector(browser: Browser, servers: number, days: number) {
  const served = await serve({ scenario: SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!, port: 0 });
  const { session } = served;
  const command: Command = (verb, args) => session.command(verb, args);
  try {
    const ids = buildFleet(command, servers);
    // Warmed up when the journal is full and the world is as big as it gets: retention deletes
    // as many backups a day as the policy makes, and tombstones expire after 30 days (measured:
    // the heap is flat from about day 50 on). From then on the server holds all it ever will.
    const started = session.simulation.now();
    const warmupHours = await drive(command, { until: () => session.seq >= JOURNAL_LIMIT + 1000 && session.simulation.now() - started > WARMUP_MS });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript(PAGE_PROBE);
    await page.goto(served.url);
    const watched = ids[0]!;
    await page.getByTestId(`row-${watched}`).click();
    await page.locator('[data-testid="statechart"] g.state.active').first().waitFor();
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      const b = (globalThis as unknown as { __bench: Probe }).__bench;
      Object.assign(b, { records: 0, first: 0, last: 0, longest: 0, redraws: [] });
    });

    // When each state change of the watched server leaves the server.
    const changes: number[] = [];
    const unsubscribe = session.subscribe((m) => {
      if (m.type === 'records' && m.records.some((r) => r.type === 'state' && r.resourceId === watched)) changes.push(Date.now());
    });
    const rssStart = rss();
    await drive(command, { hours: days * 24 });
    await page.waitForTimeout(1500);
    unsubscribe();
    const rssEnd = rss();
    const probe = await page.evaluate(() => (globalThis as unknown as { __bench: Probe }).__bench);
    const delays = changes.map((t) => probe.redraws.find((r) => r >= t)).flatMap((r, i) => (r === undefined ? [] : [r - changes[i]!]));
    await page.close();
    return { probe, delays, rssStart, rssEnd, warmupHours };
  } finally {
    await served.close();
  }
}

/** The same fleet, its batches over a raw WebSocket to a page that only counts records. */
async function measureBaseline(browser: Browser, servers: number, days: number, warmupHours: number): Promise<{ n: number; first: number; last: number }> {
  const raw = createServer((req, res) => {
    if (req.url === '/count.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(`window.__n=0;window.__first=0;window.__last=0;const ws=new WebSocket('ws://'+location.host+'/raw');ws.onmessage=(e)=>{const m=JSON.parse(e.data);if(!m.records.length)return;if(!window.__first)window.__first=Date.now();window.__n+=m.records.length;window.__last=Date.now();};`);
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><script src="/count.js"></script>');
  });
  const wss = new WebSocketServer({ server: raw, path: '/raw' });
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', () => r()));
  try {
    const connected = new Promise<WebSocket>((r) => wss.once('connection', r));
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(raw.address() as AddressInfo).port}/`);
    const ws = await connected;
    let sending = false;
    let batch: JournalRecord[] = [];
    let scheduled = false;
    const sim = createSimulation({
      journal: {
        limit: JOURNAL_LIMIT,
        sink: (r) => {
          if (!sending) return;
          batch.push(r);
          if (scheduled) return;
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            ws.send(JSON.stringify({ type: 'records', records: batch }));
            batch = [];
          });
        },
      },
    });
    const command: Command = (verb, args) => (sim as unknown as Record<string, (...a: unknown[]) => unknown>)[verb]!(...args);
    buildFleet(command, servers);
    await drive(command, { hours: warmupHours });
    sending = true;
    await drive(command, { hours: days * 24 });
    const expected = sim.world.journal.seq;
    await page.waitForFunction(() => (globalThis as unknown as { __n: number }).__n > 0, undefined, { timeout: 60_000 });
    await page.waitForTimeout(1500);
    const counted = await page.evaluate(() => { const w = globalThis as unknown as { __n: number; __first: number; __last: number }; return { n: w.__n, first: w.__first, last: w.__last }; });
    if (counted.n <= 0 || expected <= 0) throw new Error('the baseline page counted no record');
    await page.close();
    return counted;
  } finally {
    wss.close();
    raw.close();
  }
}

export async function inspectorBench(servers: number, days: number): Promise<InspectorBenchResult> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const inspector = await measureInspector(browser, servers, days);
    const base = await measureBaseline(browser, servers, days, inspector.warmupHours);
    const { probe } = inspector;
    const rate = probe.records / Math.max(0.001, (probe.last - probe.first) / 1000);
    const baseRate = base.n / Math.max(0.001, (base.last - base.first) / 1000);
    return {
      servers, days, records: probe.records,
      records_per_s: Math.round(rate), longest_task_ms: Math.round(probe.longest), p95_highlight_ms: p95(inspector.delays),
      rss_start_mb: inspector.rssStart, rss_end_mb: inspector.rssEnd,
      baseline_records_per_s: Math.round(baseRate), delivery_ratio: Number((rate / baseRate).toFixed(3)),
    };
  } finally {
    await browser.close();
  }
}
