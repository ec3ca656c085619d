/**
 * `npm run bench -- --inspector [--servers N] [--days D] [--json]`: the inspector under load.
 *
 * A fleet (N servers, one daily policy, maxBackups 7) runs at full speed on the server while the
 * inspector page is open in Debian's Chromium with one server selected. Measured: journal records
 * per second delivered to the page, the page's longest main-thread task, the p95 delay from a
 * state change of the selected server to its statechart being redrawn, server memory at start and
 * end. In the same run, the baseline: the same record batches over a raw WebSocket to a page that
 * only counts them; `delivery_ratio` = inspector rate / baseline rate.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { chromium } from 'playwright-core';
import { serve } from '../src/server/serve.js';
import { SCENARIOS } from '../scenarios/index.js';
import type { JournalRecord } from '../src/sim/journal.js';

const MB = 1024 * 1024;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Counts records arriving on any WebSocket of the page, and the longest main-thread task. */
const PAGE_PROBE = `
  window.__bench = { records: 0, first: 0, last: 0, longest: 0, redraws: [] };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => {
        const m = JSON.parse(e.data);
        if (m.type === 'records') {
          const b = window.__bench;
          if (!b.first) b.first = Date.now();
          b.records += m.records.length;
          b.last = Date.now();
        }
      });
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {}).observe(document, { childList: true });
  document.addEventListener('DOMContentLoaded', () => {
    const chart = document.querySelector('[data-testid="statechart"]');
    if (chart) new MutationObserver(() => window.__bench.redraws.push(Date.now())).observe(chart, { childList: true, subtree: true });
  });
`;

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

export async function inspectorBench(servers: number, days: number): Promise<InspectorBenchResult> {
  const served = await serve({ scenario: SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!, port: 0 });
  const { session } = served;
  const ids: string[] = [];
  for (let i = 0; i < servers; i++) ids.push((session.command('createServer', [{ name: `srv-${i + 1}`, os: 'linux', systemDiskGB: 40 }]) as { id: string }).id);
  session.command('advance', ['10m']);
  const vaults: string[] = [];
  for (let i = 0; i < ids.length; i += 256) vaults.push((session.command('createVault', [{ name: `v${i}`, kind: 'server', resourceIds: ids.slice(i, i + 256) }]) as { id: string }).id);
  const policy = session.command('createPolicy', [{ name: 'daily', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 7 }]) as { id: string };
  for (const v of vaults) session.command('applyPolicy', [policy.id, v]);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript(PAGE_PROBE);
    await page.goto(served.url);
    const watched = ids[0]!;
    await page.getByTestId(`row-${watched}`).click();
    await page.locator('[data-testid="statechart"] svg').first().waitFor();

    // Every state change of the watched server, by wall time, and every batch sent, for the baseline.
    const changes: number[] = [];
    const batches: JournalRecord[][] = [];
    const unsubscribe = session.subscribe((m) => {
      if (m.type !== 'records') return;
      batches.push(m.records);
      if (m.records.some((r) => r.type === 'state' && r.resourceId === watched)) changes.push(Date.now());
    });
    const rssStart = process.memoryUsage().rss / MB;
    for (let hour = 0; hour < days * 24; hour++) {
      session.command('advance', ['1h']);
      await tick();
    }
    await page.waitForTimeout(1500);
    unsubscribe();
    const rssEnd = process.memoryUsage().rss / MB;
    const probe = await page.evaluate(() => (globalThis as unknown as { __bench: { records: number; first: number; last: number; longest: number; redraws: number[] } }).__bench);
    const delays = changes.map((t) => probe.redraws.find((r) => r >= t)).map((r, i) => (r === undefined ? undefined : r - changes[i]!)).filter((d): d is number => d !== undefined);
    const rate = probe.records / Math.max(0.001, (probe.last - probe.first) / 1000);

    // Baseline: the same batches over a raw WebSocket to a page that only counts them.
    const raw = createServer((req, res) => {
      if (req.url === '/count.js') {
        res.setHeader('content-type', 'text/javascript');
        res.end(`window.__n=0;window.__first=0;window.__last=0;const ws=new WebSocket('ws://'+location.host+'/raw');ws.onmessage=(e)=>{const m=JSON.parse(e.data);if(!window.__first)window.__first=Date.now();window.__n+=m.records.length;window.__last=Date.now();};`);
        return;
      }
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><script src="/count.js"></script>');
    });
    const wss = new WebSocketServer({ server: raw, path: '/raw' });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', () => r()));
    const connected = new Promise<import('ws').WebSocket>((r) => wss.once('connection', r));
    const basePage = await browser.newPage();
    await basePage.goto(`http://127.0.0.1:${(raw.address() as AddressInfo).port}/`);
    const ws = await connected;
    for (const b of batches) {
      ws.send(JSON.stringify({ type: 'records', records: b }));
      await tick();
    }
    await basePage.waitForFunction((n) => (globalThis as unknown as { __n: number }).__n >= n, probe.records, { timeout: 60_000 });
    const base = await basePage.evaluate(() => { const w = globalThis as unknown as { __n: number; __first: number; __last: number }; return { n: w.__n, first: w.__first, last: w.__last }; });
    const baseRate = base.n / Math.max(0.001, (base.last - base.first) / 1000);
    wss.close();
    raw.close();
    return {
      servers, days, records: probe.records,
      records_per_s: Math.round(rate), longest_task_ms: Math.round(probe.longest), p95_highlight_ms: p95(delays),
      rss_start_mb: Number(rssStart.toFixed(1)), rss_end_mb: Number(rssEnd.toFixed(1)),
      baseline_records_per_s: Math.round(baseRate), delivery_ratio: Number((rate / baseRate).toFixed(3)),
    };
  } finally {
    await browser.close();
    await served.close();
  }
}
