import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}dist/src/cli/main.js`;

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the cbr-sim command, run as a user runs it', () => {
  beforeAll(() => {
    // The CLI runs the compiled package, as after `npm ci`: build it from the sources under test.
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  }, 120_000);

  it('prints help and the version', () => {
    const help = run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: cbr-sim <command>/);
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
    expect(run('--version').stdout.trim()).toBe(pkg.version);
  });

  it('walks the seed-000 procedure with the real refusal codes in its transcript', () => {
    const demo = run('demo');
    expect(demo.code).toBe(0);
    expect(demo.stderr).toBe('');
    const out = demo.stdout;
    for (const code of ['BackupService.6208', 'BackupService.2005', 'BackupService.6210', 'Sim.ImageAzRestricted', 'BackupService.6201', 'BackupService.6204']) {
      expect(out).toContain(`refused ${code}`);
    }
    expect(out).toMatch(/"Image can be created"/);
    expect(out).toMatch(/backup bk-\w+ Deleted \(deleted\)/);
    expect(out).not.toMatch(/\u001b\[/);
  });

  it('is importable by its package name, compiled with type declarations', () => {
    const script = "import { createSimulation } from 'cbr-sim'; const sim = createSimulation(); console.log(sim.createDisk({ name: 'd', sizeGB: 5 }).status);";
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(out.trim()).toBe('creating');
    expect(readFileSync(`${root}dist/src/index.d.ts`, 'utf8')).toMatch(/createSimulation/);
  });

  it('answers an unknown command or option with exit code 2 and the way out', () => {
    const unknown = run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate".*--help/);
    const option = run('demo', '--fast');
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/unknown option --fast/);
  });
});
