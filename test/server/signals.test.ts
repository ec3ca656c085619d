/**
 * `cbr-sim serve` as a process: SIGTERM and SIGINT stop it promptly even while a long advance
 * runs (the advance runs in slices, so the signal is heard between two of them), and the advance's
 * request is answered, paused where it stood (issue 8, defect 4).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** 30 servers under a policy that backs each up four times a day: years of timers to fire. */
function fleetScenario(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cbr-sim-signals-'));
  const servers = Array.from({ length: 30 }, (_, i) => `s${i}`);
  const yaml = [
    'id: fleet-under-policy',
    'title: A fleet under a policy',
    'narrative: Thirty servers backed up four times a day.',
    'rules: [P1]',
    'setup:',
    '  servers:',
    ...servers.map((s) => `    - as: ${s}`),
    '  vaults:',
    `    - { as: vault, kind: server, resources: [${servers.join(', ')}] }`,
    '  policies:',
    "    - { as: policy, pattern: ['FREQ=DAILY;BYHOUR=0,6,12,18;BYMINUTE=0'], maxBackups: 3, apply: [vault] }",
    'steps:',
    '  - advance: 1d',
  ].join('\n');
  const file = join(dir, 'fleet.yaml');
  writeFileSync(file, `${yaml}\n`);
  return file;
}

async function start(scenario: string) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--scenario', scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve(m[0]);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exited };
}

describe('cbr-sim serve, stopped by a signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops on ${signal} in the middle of a long advance, answering the advance as paused`, async () => {
      const { child, url, exited } = await start(fleetScenario());
      const ws = new WebSocket(`${url.replace('http', 'ws')}live`);
      const running = new Promise<void>((resolve) => ws.on('message', (d) => {
        const m = JSON.parse(String(d));
        if (m.type === 'progress' && m.progress.state === 'running') resolve();
      }));
      const advance = fetch(`${url}api/commands`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verb: 'advance', args: ['36500d'] }) })
        .then(async (r) => ({ status: r.status, body: await r.json() as { result: { paused: boolean } } }), () => null);
      await running;
      child.kill(signal);
      expect(await exited).toBe(0);
      const answer = await advance;
      // Answered before the server went (paused), or cut off by the stop: never left hanging.
      if (answer) expect(answer).toMatchObject({ status: 200, body: { result: { paused: true } } });
      ws.terminate();
    }, 60_000);
  }
});
