import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { backupMachine } from '../../machines/backup.machine.js';
import { imageMachine } from '../../machines/image.machine.js';
import { stateNodes, xmlIds, xmlProblems } from '../diagram/support.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}dist/src/cli/main.js`;

function run(...args: string[]) {
  return runWith('', ...args);
}

function runWith(stdin: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input: stdin, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the command with its output read by nobody: the pipe is closed before it writes a byte, as `| head` closes it after a line. */
function runIntoClosedPipe(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the cbr-sim command, run as a user runs it', () => {
  // The CLI runs the compiled package, as after `npm ci`: test/global-setup.ts builds it first.

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

  const dir = mkdtempSync(join(tmpdir(), 'cbr-sim-cli-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const SMALL = `id: small\ntitle: Small\nnarrative: One backup.\nrules: [B1]\nsetup:\n  servers:\n    - as: web\nsteps:\n  - do: backupServer\n    server: web\n    as: b1\n  - expect:\n      b1: { status: protecting }\n`;

  it('runs a library scenario by id and prints its transcript', () => {
    const out = run('run', 'seed-000-backup-to-image');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Using a backup to create an image/);
    expect(out.stdout).toMatch(/refused BackupService\.6204/);
    expect(out.stdout).toMatch(/Creating · Image can be created/);
    expect(out.stdout).toMatch(/✓ seed-000-backup-to-image: all \d+ steps hold/);
  });

  it('prints a machine-readable transcript with --json', () => {
    const out = run('run', 'seed-000-backup-to-image', '--json');
    expect(out.code).toBe(0);
    const t = JSON.parse(out.stdout) as { ok: boolean; steps: { kind: string; refusal?: { code: string } }[] };
    expect(t.ok).toBe(true);
    expect(t.steps.filter((s) => s.kind === 'refuse').map((s) => s.refusal!.code)).toContain('BackupService.6204');
  });

  it('counts in one line the backups a policy made and retention deleted though the scenario named none of them', () => {
    const out = run('run', 'policy-year');
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    const year = lines.findIndex((l) => l.endsWith('⏱ advance 365d'));
    expect(lines[year + 1]).toBe('      unnamed: +365 backups, −358 deleted by retention');
    // The named resources are shown as before, each on its own line.
    expect(out.stdout).toMatch(/\n {6}image img-\w+: Creating \(saving\) → Normal \(active\)\n/);
    const json = JSON.parse(run('run', 'policy-year', '--json').stdout) as { steps: { description: string; unnamed: unknown }[] };
    expect(json.steps.find((s) => s.description === 'advance 365d')!.unnamed).toEqual([{ kind: 'backup', created: 365, failed: 0, deleted: { retention: 358 } }]);
  });

  it('runs a YAML file, and steps through it with --step', () => {
    const path = file('small.yaml', SMALL);
    expect(run('run', path).code).toBe(0);
    const stepped = runWith('\n\n\n', 'run', path, '--step');
    expect(stepped.code).toBe(0);
    expect(stepped.stdout).toMatch(/all 2 steps hold/);
  });

  it('exits 1 when an expectation fails, showing expected and actual', () => {
    const out = run('run', file('failing.yaml', SMALL.replace('status: protecting', 'status: available')));
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/FAILED: b1\.status: expected available, got protecting/);
  });

  it('exits 2 for an unknown scenario id, naming the closest ones', () => {
    const out = run('run', 'seed-000');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/no scenario has id "seed-000"; did you mean "seed-000-backup-to-image"/);
  });

  it('exits 2 for an invalid file, naming the file and the line', () => {
    const path = file('bad.yaml', SMALL.replace('    server: web\n', '    server: web\n    colour: red\n'));
    const out = run('run', path);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(path);
    expect(out.stderr).toMatch(/line 9, \/steps\/0: unknown key "colour"/);
    expect(run('run', file('s.ts', 'export {}')).stderr).toMatch(/must be \.yaml, \.yml, \.json/);
    expect(run('run', join(dir, 'missing.yaml')).stderr).toMatch(/cannot read the file: ENOENT/);
    expect(run('run').code).toBe(2);
  });

  it('exits 2 for a YAML file with an alias, a merge key, a billion laughs or nesting too deep, naming the line', () => {
    const head = 'id: x\ntitle: X\nnarrative: X.\nrules: [B1]\n';
    let laughs = `${head}steps:\n  - say: hi\nlol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
    for (let i = 1; i < 9; i++) laughs += `lol${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    const cases = {
      'alias.yaml': [`${head}setup:\n  servers:\n    - &web { as: web }\nsteps:\n  - expect: { web: *web }\n`, /line 9, \/: YAML aliases \(\*web\) are not supported in scenario files; write the value out/],
      'merge.yaml': [`${head}setup:\n  servers:\n    - <<: { os: linux }\n      as: db\nsteps: [{ say: hi }]\n`, /line 7, \/: YAML merge keys \(<<\) are not supported in scenario files; write the keys out/],
      'laughs.yaml': [laughs, /line 8, \/: YAML aliases \(\*a0\) are not supported[^]*… and 62 more problems\n$/],
      'deep.yaml': [`${head}steps:\n  - say: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, /line 6, \/: is nested more than 32 levels deep/],
    } as const;
    for (const [name, [text, message]] of Object.entries(cases)) {
      const out = run('run', file(name, text));
      expect(out.code, name).toBe(2);
      expect(out.stderr, name).toMatch(message);
      expect(out.stderr, name).not.toMatch(/\n\s+at /);
    }
  });

  it.each([['list'], ['rules'], ['schema'], ['run', 'seed-000-backup-to-image']])('ends quietly with exit code 0 when nobody reads the output of %s (| head)', async (...args) => {
    expect(await runIntoClosedPipe(...args)).toEqual({ code: 0, stderr: '' });
  });

  it('lists the library grouped by rule, and prints the schema', () => {
    const list = run('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Walkthroughs\n  seed-000-backup-to-image/);
    expect(list.stdout).toMatch(/^I7\n  i7-backup-with-image-cannot-be-deleted/m);
    const schema = JSON.parse(run('schema').stdout) as { title: string };
    expect(schema.title).toBe('cbr-sim scenario');
  });

  it('checks the real charts exhaustively and reports states, transitions, paths, time and coverage', () => {
    const out = run('check');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/explored \d+ models: \d+ states, \d+ transitions, \d+ shortest paths, in [\d.]+ s/);
    // Issue 13 added the on-premises charts and the vault's sync region; names are padded to the longest (localCopy).
    for (const chart of ['backup', 'image', 'policy', 'site', 'vm', 'localCopy', 'vault']) {
      expect(out.stdout).toMatch(new RegExp(`coverage ${chart} +states (\\d+)/\\1 \\(100\\.0 %\\), transitions (\\d+)/\\2 \\(100\\.0 %\\)`));
    }
    expect(out.stdout).toContain('I5, I7, I8, I9, P2, P3, V1 and V4 hold everywhere');
    const json = JSON.parse(run('check', '--json').stdout) as { ok: boolean; violations: unknown[] };
    expect(json).toMatchObject({ ok: true, violations: [] });
    expect(run('check', '--fast').code).toBe(2);
  }, 240_000); // two exhaustive checks, 21 s each alone; the suite runs them beside other workers on 2 cores

  it('writes a Markdown walkthrough per scenario, with the rules page, an index and SVG and PNG figures', () => {
    const out = join(dir, 'docs-md');
    const result = run('docs', '--out', out);
    expect(result.code).toBe(0);
    const files = readdirSync(out);
    const list = JSON.parse(run('list', '--json').stdout) as { id: string }[];
    expect(result.stdout).toMatch(new RegExp(`wrote ${list.length + 2} pages, \\d+ SVG and \\d+ PNG figures to `));
    for (const { id } of list) expect(files).toContain(`${id}.md`);
    expect(files).toEqual(expect.arrayContaining(['index.md', 'rules.md']));
    const page = readFileSync(join(out, 'seed-000-backup-to-image.md'), 'utf8');
    expect(page).toContain('BackupService.6204');
    expect(page).toContain('| Step | Time (UTC) | Elapsed | Action | Result |');
    expect(page).toContain('](seed-000-backup-to-image-backup.svg)');
    expect(page).toContain('](seed-000-backup-to-image-backup-statechart.svg)');
    expect(files).toContain('seed-000-backup-to-image-backup.png');
    // The figure is the console diagram; the full statechart is the file its caption links.
    expect(readFileSync(join(out, 'seed-000-backup-to-image-backup.svg'), 'utf8')).toContain('Backup statuses in the CBR console');
    for (const [kind, machine] of [['backup', backupMachine], ['image', imageMachine]] as const) {
      const svg = readFileSync(join(out, `seed-000-backup-to-image-${kind}-statechart.svg`), 'utf8');
      expect(xmlProblems(svg)).toEqual([]);
      const ids = xmlIds(svg);
      for (const node of stateNodes(machine)) expect(ids).toContain(`state-${node.id}`);
      expect(svg).toMatch(/class="[^"]*active/);
    }
  }, 120_000);

  it('writes one RST walkthrough with --scenario, and names the valid ids for an unknown one', () => {
    const out = join(dir, 'docs-one');
    const result = run('docs', '--out', out, '--format', 'rst', '--scenario', 'seed-000-backup-to-image');
    expect(result.code).toBe(0);
    const files = readdirSync(out).sort();
    const figures = ['backup', 'image', 'server'].flatMap((k) => [`-${k}-statechart.svg`, `-${k}.png`, `-${k}.svg`]).map((f) => `seed-000-backup-to-image${f}`);
    expect(files).toEqual(['rules.rst', ...figures, 'seed-000-backup-to-image.rst'].sort());
    expect(readFileSync(join(out, 'seed-000-backup-to-image.rst'), 'utf8')).toContain('.. table:: **Table 1** Step 1');
    const unknown = run('docs', '--out', out, '--scenario', 'seed-000');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no scenario has id "seed-000"; the valid ids are seed-000-backup-to-image, seed-003-backup-vs-image, policy-year, /);
  }, 60_000);

  it('prints a statechart as SVG, Mermaid or JSON', () => {
    const svg = run('diagram', 'backup');
    expect(svg.code).toBe(0);
    expect(xmlProblems(svg.stdout)).toEqual([]);
    expect(run('diagram', 'image', '--format', 'mermaid').stdout).toMatch(/^stateDiagram-v2/m);
    expect(JSON.parse(run('diagram', 'policy', '--format', 'json').stdout)).toHaveProperty('nodes');
    expect(run('diagram', 'toaster').stderr).toMatch(/diagram takes one machine: server, disk, vault, policy, backup, image/);
    expect(run('diagram', 'backup', '--format', 'png').stderr).toMatch(/--format must be svg or mermaid or json/);
    expect(run('docs').stderr).toMatch(/docs needs --out <dir>/);
    expect(run('docs', '--out', join(dir, 'x'), '--format', 'pdf').code).toBe(2);
  });

  it('answers --help on every command', () => {
    for (const command of ['run', 'list', 'rules', 'schema', 'check', 'docs', 'diagram', 'demo']) {
      const out = run(command, '--help');
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(new RegExp(`Usage: cbr-sim ${command}`));
    }
  });
});
