import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { serve, type Served } from '../../src/server/serve.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { jsonApi } from '../server/clients.js';

/** Screenshots the browser tests take, kept as CI artifacts (and one for the README). */
export const ARTIFACTS = new URL('../../artifacts/', import.meta.url).pathname;

export interface Harness {
  served: Served;
  browser: Browser;
  page: Page;
  /** Requests to anywhere but the server, and console errors (CSP violations among them). */
  outside: string[];
  errors: string[];
  close: () => Promise<void>;
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  /** The page to open, e.g. `/?view=teach`. */
  path?: string;
  /** More options of the server (its service route tables, say). */
  serve?: Omit<Parameters<typeof serve>[0], 'scenario' | 'port'>;
}

export async function openInspector(scenarioId = 'seed-000-backup-to-image', options: OpenOptions = {}): Promise<Harness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const served = await serve({ ...options.serve, scenario: SCENARIOS.find((s) => s.id === scenarioId)!, port: 0 });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1600, height: 1000 } });
  const outside: string[] = [];
  const errors: string[] = [];
  const origin = new URL(served.url).origin;
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith(origin.replace('http', 'ws')) && !url.startsWith('blob:') && !url.startsWith('data:')) outside.push(url);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(new URL(options.path ?? '/', served.url).href);
  return {
    served, browser, page, outside, errors,
    close: async () => {
      await browser.close();
      await served.close();
    },
  };
}

/** A backup as `GET /api/state` lists it: what the chart tests look at. */
export interface ListedBackup {
  id: string;
  status: string;
  imageId: string | null;
}

/** The first backup of the served world. */
export async function firstBackup(h: Harness): Promise<ListedBackup | undefined> {
  const state = (await (await fetch(new URL('/api/state', h.served.url))).json()) as { resources: (ListedBackup & { kind: string })[] };
  return state.resources.find((r) => r.kind === 'backup');
}

/** Runs the loaded scenario's next step through the API. */
export async function stepScenario(h: Harness): Promise<void> {
  const res = await fetch(new URL('/api/scenario/step', h.served.url), { method: 'POST' });
  if (!res.ok) throw new Error(`step: ${res.status} ${await res.text()}`);
}

/** Steps the loaded scenario until `done` holds of its first backup. */
export async function stepUntilBackup(h: Harness, done: (b: ListedBackup) => boolean): Promise<ListedBackup> {
  for (let i = 0; i < 60; i++) {
    const b = await firstBackup(h);
    if (b && done(b)) return b;
    await stepScenario(h);
  }
  throw new Error('the backup never got there');
}

/** The served page's server, through the server tests' JSON client: the `json` of a 2xx answer, else an error. */
export async function serverApi(h: Harness, path: string, body?: unknown): Promise<any> {
  const { status, json } = await jsonApi(h.served.url, path, body);
  if (status < 200 || status >= 300) throw new Error(`${path}: ${status} ${JSON.stringify(json)}`);
  return json;
}

/** A library verb run through the inspector's commands route: its result. */
export async function serverCommand(h: Harness, verb: string, ...args: unknown[]): Promise<any> {
  return (await serverApi(h, '/api/commands', { verb, args })).result;
}
