/**
 * `cbr-sim serve`'s options of the service API, run as a user runs them (the compiled package:
 * test/global-setup.ts builds it): --auth, --keys, --clock, --speed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}dist/src/cli/main.js`;
const dir = mkdtempSync(join(tmpdir(), 'cbr-sim-serve-api-'));
const children = new Set<ChildProcess>();

afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A serve that must refuse to start: its exit code and what it said. */
function refused(...args: string[]): { code: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [bin, 'serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stderr: result.stderr };
}

/** Starts a serve and resolves what it printed once it tells where the service API is. */
function started(...args: string[]): Promise<string> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  children.add(child);
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (/service API: .*\n/.test(out)) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`cbr-sim serve ended (${code}) before listening:\n${out}\n${err}`)));
  });
}

const KEYS = 'keys:\n  - ak: AKTRAINEE00000000001\n    sk: trainee-1-secret\n    projects: [trainee-1]\ntokens:\n  - token: sim-token\n    projects: [trainee-1]\n';

describe('cbr-sim serve --auth, --keys, --clock, --speed', () => {
  it('says in its help how the service API is authenticated and clocked', () => {
    const help = spawnSync(process.execPath, [bin, 'serve', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const words of ['--auth off | verify --keys <file>', '--clock on-poll | manual | wall [--speed N]', 'tokens: [{token, projects}]']) expect(help.stdout).toContain(words);
  });

  it('starts accepting any credential by default, on the on-poll clock', async () => {
    expect(await started()).toMatch(/service API: http:\/\/127\.0\.0\.1:\d+\/cbr .*\(auth off: any AK\/SK or token is accepted; clock on-poll\)/);
  });

  it('starts verifying the keys of a YAML or JSON file, on the clock asked for', async () => {
    const yaml = file('keys.yaml', KEYS);
    expect(await started('--auth', 'verify', '--keys', yaml, '--clock', 'manual')).toContain(`(auth verify: 1 key and 1 token of ${yaml}; clock manual)`);
    const json = file('keys.json', JSON.stringify({ keys: [{ ak: 'A1', sk: 's', projects: ['p1'] }, { ak: 'A2', sk: 's', projects: ['p2'] }] }));
    expect(await started('--auth=verify', `--keys=${json}`, '--clock', 'wall', '--speed', '60')).toContain(`(auth verify: 2 keys and 0 tokens of ${json}; clock wall ×60)`);
  }, 60_000);

  it('refuses, with exit code 2 and the problem named, what does not fit', () => {
    const cases: [string[], RegExp][] = [
      [['--auth', 'maybe'], /--auth must be off or verify; got "maybe"/],
      [['--auth', 'verify'], /--auth verify needs --keys <file>/],
      [['--keys', file('k.yaml', KEYS)], /--keys is read only with --auth verify/],
      [['--auth', 'verify', '--keys', join(dir, 'none.yaml')], /--keys .*none\.yaml: cannot read the keys file: ENOENT/],
      [['--auth', 'verify', '--keys', file('bad.yaml', KEYS.replace('    sk: trainee-1-secret\n', ''))], /--keys .*bad\.yaml: the keys file field keys\.0 lacks the mandatory field "sk"/],
      [['--auth', 'verify', '--keys', file('bad.json', '{"keys": [')], /--keys .*bad\.json: not valid JSON/],
      [['--clock', 'sundial'], /--clock must be on-poll or manual or wall; got "sundial"/],
      [['--speed', '10'], /--speed is the speed of --clock wall; the clock is on-poll/],
      [['--clock', 'wall', '--speed', 'fast'], /--speed must be a number .* from 1 to 1000000; got "fast"/],
    ];
    for (const [args, message] of cases) {
      const result = refused(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(new RegExp(`^cbr-sim serve: ${message.source}`));
    }
  }, 180_000); // nine processes on a busy 2-core machine: a hang bound, not a speed check
});
