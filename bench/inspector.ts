/**
 * `npm run bench -- --inspector [--servers N] [--days D] [--json]`: the inspector under load.
 *
 * A fleet (N servers, one daily policy, maxBackups 7) runs at full speed on the inspector's server,
 * one `advance('1h')` per turn of the event loop, with the inspector page open in Debian's Chromium
 * and one server selected. It is first run for 60 simulated days (the journal full, the oldest
 * tombstones expired: the server then holds all it ever will); then three rounds of D days are
 * measured:
 *
 * - `records_per_s`: journal records per second delivered to the page (first to last arrival in a
 *   round; the median round);
 * - `longest_task_ms`: the page's longest main-thread task (Long Tasks API: 0 means none over 50 ms);
 * - `p95_highlight_ms`: p95 delay from a state change of the selected server leaving the server to
 *   its statechart's highlight changing in the page;
 * - `rss_start_mb` / `rss_end_mb`, `heap_start_mb` / `heap_end_mb`: the server process's memory,
 *   after a full garbage collection, before the first round and after the last.
 *
 * The baseline, in the same run: the same fleet in a second world (the simulation is
 * deterministic, so the very same records), warmed up alike, its batches sent over a raw WebSocket
 * to a page that only counts them. Its rounds alternate with the inspector's, so both rates are
 * measured through the same ups and downs of a shared machine. `delivery_ratio` = median inspector
 * rate / median baseline rate: what the inspector costs the delivery of the records (state deltas,
 * checkpoints, the page's work), with the simulation's own cost in both.
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
  heap_start_mb: number;
  heap_end_mb: number;
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
const memory = () => {
  gc();
  const m = process.memoryUsage();
  return { rss: Number((m.rss / MB).toFixed(1)), heap: Number((m.heapUsed / MB).toFixed(1)) };
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

/** A page's delivery in one round: records counted, from the first to the last arrival. */
interface Delivery {
  records: number;
  first: number;
  last: number;
}

const rateOf = (d: Delivery) => d.records / Math.max(0.001, (d.last - d.first) / 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Waits until the page has counted `expected` records (or 30 s), then reads its delivery. */
async function delivered(read: () => Promise<Delivery>, expected: number): Promise<Delivery> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await read();
    if (d.records >= expected || Date.now() > deadline) return d;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The inspector: its server with the fleet, warmed up, and the page open on one server. */
async function inspectorRig(browser: Browser, servers: number) {
  const served = await serve({ scenario: SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!, port: 0 });
  const { session } = served;
  const command: Command = (verb, args) => session.command(verb, args);
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
  const probe = () => page.evaluate(() => (globalThis as unknown as { __bench: Probe }).__bench);
  let longest = 0;
  const delays: number[] = [];
  return {
    warmupHours,
    session,
    async round(hours: number): Promise<Delivery> {
      await page.evaluate(() => Object.assign((globalThis as unknown as { __bench: Probe }).__bench, { records: 0, first: 0, last: 0, longest: 0, redraws: [] }));
      // When each state change of the watched server leaves the server.
      const changes: number[] = [];
      const unsubscribe = session.subscribe((m) => {
        if (m.type === 'records' && m.records.some((r) => r.type === 'state' && r.resourceId === watched)) changes.push(Date.now());
      });
      const before = session.seq;
      await drive(command, { hours });
      unsubscribe();
      const d = await delivered(probe, session.seq - before);
      await page.waitForTimeout(300);
      const p = await probe();
      longest = Math.max(longest, p.longest);
      for (const [i, t] of changes.entries()) {
        const redraw = p.redraws.find((r) => r >= t);
        if (redraw !== undefined) delays.push(redraw - changes[i]!);
      }
      return d;
    },
    stats: () => ({ longest, delays }),
    close: async () => {
      await page.close();
      await served.close();
    },
  };
}

/** The baseline: the same fleet, its batches over a raw WebSocket to a page that only counts. */
async function baselineRig(browser: Browser, servers: number, warmupHours: number) {
  const raw = createServer((req, res) => {
    if (req.url === '/count.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(`window.__d={records:0,first:0,last:0};const ws=new WebSocket('ws://'+location.host+'/raw');ws.onmessage=(e)=>{const m=JSON.parse(e.data);if(!m.records.length)return;const d=window.__d;if(!d.first)d.first=Date.now();d.records+=m.records.length;d.last=Date.now();};`);
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><script src="/count.js"></script>');
  });
  const wss = new WebSocketServer({ server: raw, path: '/raw' });
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', () => r()));
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
  const probe = () => page.evaluate(() => (globalThis as unknown as { __d: Delivery }).__d);
  return {
    async round(hours: number): Promise<Delivery> {
      await page.evaluate(() => Object.assign((globalThis as unknown as { __d: Delivery }).__d, { records: 0, first: 0, last: 0 }));
      const before = sim.world.journal.seq;
      await drive(command, { hours });
      return delivered(probe, sim.world.journal.seq - before);
    },
    close: async () => {
      await page.close();
      wss.close();
      raw.close();
    },
  };
}

/**
 * Rounds of D days each, the inspector's and the baseline's in turn (both worlds stay warm), so
 * the two rates are measured side by side through the machine's ups and downs; the medians are
 * compared.
 */
export const ROUNDS = 3;

export async function inspectorBench(servers: number, days: number): Promise<InspectorBenchResult> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const inspector = await inspectorRig(browser, servers);
    const baseline = await baselineRig(browser, servers, inspector.warmupHours);
    const rates: number[] = [];
    const baseRates: number[] = [];
    let records = 0;
    const start = memory();
    for (let round = 0; round < ROUNDS; round++) {
      const d = await inspector.round(days * 24);
      records += d.records;
      rates.push(rateOf(d));
      baseRates.push(rateOf(await baseline.round(days * 24)));
    }
    const end = memory();
    const { longest, delays } = inspector.stats();
    await inspector.close();
    await baseline.close();
    const rate = median(rates);
    const baseRate = median(baseRates);
    return {
      servers, days, records,
      records_per_s: Math.round(rate), longest_task_ms: Math.round(longest), p95_highlight_ms: p95(delays),
      rss_start_mb: start.rss, rss_end_mb: end.rss, heap_start_mb: start.heap, heap_end_mb: end.heap,
      baseline_records_per_s: Math.round(baseRate), delivery_ratio: Number((rate / baseRate).toFixed(3)),
    };
  } finally {
    await browser.close();
  }
}
