/**
 * The package as npm packs it, installed the way a consumer's project holds it: the tarball of
 * `npm pack` (from the dist/ that test/global-setup.ts built; `--ignore-scripts`, since the build
 * is done) unpacked into a CommonJS project's node_modules, its dependencies linked from ours, so
 * nothing comes from the registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

interface Packed {
  filename: string;
  files: { path: string }[];
}

let dir: string;
let packed: Packed;
let files: string[];
let project: string;
let installed: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cbr-sim-pack-'));
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  packed = (JSON.parse(out) as Packed[])[0]!;
  files = packed.files.map((f) => f.path);
  project = join(dir, 'consumer');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  // What `npm init -y` writes, as far as modules go: a CommonJS project.
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'commonjs' }));
  execFileSync('tar', ['-xzf', join(dir, packed.filename), '-C', join(project, 'node_modules')]);
  installed = join(project, 'node_modules', 'cbr-sim');
  renameSync(join(project, 'node_modules', 'package'), installed);
  const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies)) {
    mkdirSync(dirname(join(project, 'node_modules', dep)), { recursive: true });
    symlinkSync(join(root, 'node_modules', dep), join(project, 'node_modules', dep));
  }
  // npm starts slowly on a busy machine (seconds); the default 10 s for a hook is not room enough.
}, 120_000);

// The tarball and its unpacked copy are megabytes: not left behind in the temp folder.
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs node in the consumer project: its exit code and both outputs. */
function node(...args: string[]) {
  const result = spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the npm package', () => {
  it('holds the built library, its types, the cbr-sim command and the inspector, and no TypeScript sources or tests', () => {
    for (const f of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/machines/index.js', 'dist/scenarios/index.js', 'public/index.html', 'README.md', 'package.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|machines|scenarios\/[^/]+\.ts$)/.test(f) || f.startsWith('dist/test/'))).toEqual([]);
  });

  it('holds the YAML scenario examples of scenarios/data/ the README points to', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('scenarios/data/');
    const examples = readdirSync(join(root, 'scenarios', 'data')).map((f) => `scenarios/data/${f}`);
    expect(examples).toContain('scenarios/data/i5-one-image-per-backup.yaml');
    for (const f of examples) expect(files, f).toContain(f);
  });

  it('holds every image the README shows', () => {
    const images = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(files, image).toContain(image);
  });

  it('runs no script when installed: it is built before it is packed', () => {
    const { scripts } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts, hook).not.toHaveProperty(hook);
    expect(scripts.prepack).toBe('npm run build');
  });

  it('loads in a CommonJS project with await import() and with require(), the same module, printing no warning', () => {
    writeFileSync(join(project, 'index.js'), [
      "const viaRequire = require('cbr-sim');",
      "const machines = require('cbr-sim/machines');",
      'async function main() {',
      "  const sim = await import('cbr-sim');",
      "  const disk = sim.createSimulation().createDisk({ name: 'd', sizeGB: 5 });",
      '  console.log(JSON.stringify({ status: disk.status, same: sim.createSimulation === viaRequire.createSimulation, machines: typeof machines.backupMachine }));',
      '}',
      'main();',
    ].join('\n'));
    const out = node('index.js');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ status: 'creating', same: true, machines: 'object' });
  });

  it('runs the YAML example it holds with the cbr-sim command it installs', () => {
    const { bin } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const run = node(join(installed, bin['cbr-sim']!), 'run', join(installed, 'scenarios/data/i5-one-image-per-backup.yaml'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ i5-one-image-per-backup: all \d+ steps hold/);
  });
});
