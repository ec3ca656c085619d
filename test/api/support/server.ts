/**
 * A cbr-sim server for the service-route tests: `cbr-sim serve` in-process on a free port, the
 * seed-000 walkthrough in its default project, every other project empty.
 */
import { afterAll, beforeAll } from 'vitest';
import { serve, type Served } from '../../../src/server/serve.js';
import { SCENARIOS } from '../../../scenarios/index.js';
import type { Scenario } from '../../../src/scenario/types.js';

export type ServeOptions = Omit<Parameters<typeof serve>[0], 'scenario' | 'port'> & { scenario?: Scenario };

export async function startServer(o: ServeOptions = {}): Promise<Served & { base: string }> {
  const scenario = o.scenario ?? SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;
  const served = await serve({ ...o, scenario, port: 0 });
  return { ...served, base: served.url.replace(/\/$/, '') };
}

/**
 * One server for a whole test file, started before its tests and closed after them: read
 * `served()` inside a test (it is there once the file's `beforeAll` has run).
 */
export function serverForFile(o: ServeOptions = {}): () => Served & { base: string } {
  let served: (Served & { base: string }) | undefined;
  beforeAll(async () => {
    served = await startServer(o);
  });
  afterAll(async () => {
    await served?.close();
  });
  return () => served!;
}

/** A plain request (curl's view): status, headers and the parsed body. */
export async function raw(base: string, method: string, path: string, o: { body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...o.headers }, body: o.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}
