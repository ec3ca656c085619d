/**
 * `cbr-sim rules`: the rule catalogue from the command line, run as a user runs it (the built
 * package; test/global-setup.ts builds it once).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RULES, plainText } from '../../src/rules/catalogue.js';

const bin = new URL('../../dist/src/cli/main.js', import.meta.url).pathname;

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The terminal wraps long statements: compare text with its line breaks and indents undone. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('cbr-sim rules', () => {
  it('lists every rule with its ID, title, statement and codes, family by family', () => {
    const out = run('rules');
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    const text = flat(out.stdout);
    for (const r of RULES) {
      expect(out.stdout).toMatch(new RegExp(`^  ${r.id} +${r.title.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')}`, 'm'));
      expect(text).toContain(flat(plainText(r.statement)));
    }
    expect(out.stdout).toMatch(/^Backup Lifecycle \(seed 000/m);
    expect(out.stdout).toMatch(/^  I7  Delete the Image Before the Backup  ∀\n[^]*?codes: BackupService\.6204\n/m);
    expect(out.stdout).toMatch(/^  B1  Creating From the Start\n[^]*?codes: none\n/m);
    expect(out.stdout).not.toMatch(/`/);
    expect(out.stdout.split('\n').every((line) => line.length <= 100)).toBe(true);
  });

  it('marks no rule as not modelled: since issue 13 every rule is, C10 and V1–V4 included', () => {
    const marked = run('rules').stdout.split('\n').filter((l) => l.endsWith('not modelled yet')).map((l) => l.trim().split(' ')[0]);
    expect(marked).toEqual([]);
  });

  it('prints the catalogue as JSON with --json', () => {
    const out = run('rules', '--json');
    expect(out.code).toBe(0);
    const rules = JSON.parse(out.stdout) as { id: string; family: string; title: string; statement: string; codes: string[]; where: string; tests: string; modelled: boolean }[];
    expect(rules).toEqual(JSON.parse(JSON.stringify(RULES)));
    expect(Object.keys(rules[0]!)).toEqual(['id', 'family', 'title', 'statement', 'codes', 'where', 'tests', 'modelled', 'invariant']);
    expect(rules.find((r) => r.id === 'R4')!.codes).toEqual(['Sim.RestoreOntoSystemDisk', 'Sim.RestoreTargetFaulty', 'BackupService.2010']);
  });

  it('prints one rule given its ID, in either case, with where the charts encode it and its tests', () => {
    const out = run('rules', 'i7');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^I7  Delete the Image Before the Backup\nCreating an Image From a Backup \(seed 000/);
    expect(flat(out.stdout)).toContain(flat(plainText(RULES.find((r) => r.id === 'I7')!.statement)));
    expect(out.stdout).toMatch(/^codes: +BackupService\.6204$/m);
    expect(out.stdout).toMatch(/^in the charts: +backup guard hasImage on DELETE \(refuse 6204\)$/m);
    expect(out.stdout).toMatch(/^tests: +test\/sim\/images\.test\.ts, test\/machines\/backup\.machine\.test\.ts$/m);
    expect(out.stdout).toMatch(/^∀: +asserted in every reachable state by cbr-sim check$/m);
    const json = JSON.parse(run('rules', 'I7', '--json').stdout) as { id: string; codes: string[] };
    expect(json).toMatchObject({ id: 'I7', codes: ['BackupService.6204'] });
  });

  it('prints a VMware rule (C10) with its codes, where the charts encode it and its tests', () => {
    const out = run('rules', 'V1');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^V1  VMware Backups Arrive by Sync$/m);
    expect(out.stdout).toMatch(/^codes: +BackupService\.7300, BackupService\.7302, BackupService\.1006, Sim\.EbackupNotInstalled/m);
    expect(out.stdout).toMatch(/^in the charts: +site region ebackup/m);
    expect(out.stdout).toMatch(/^tests: +test\/sim\/onprem\.test\.ts/m);
  });

  it('exits 2 for an unknown ID, listing the IDs there are', () => {
    const out = run('rules', 'I13');
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe('cbr-sim rules: no rule has ID "I13"; the rules are B1–B5, I1–I12, C1–C12, P1–P10, R1–R4, S1–S3, V1–V4 (cbr-sim rules lists them all)\n');
  });

  it('exits 2 for two IDs or an unknown option, naming the way out', () => {
    expect(run('rules', 'B1', 'B2')).toMatchObject({ code: 2, stderr: expect.stringMatching(/rules takes at most one rule ID; got B1 B2 \(usage: cbr-sim rules \[<rule ID>\] \[--json\]\)/) });
    expect(run('rules', '--yaml')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option --yaml for rules; options: --json \(see cbr-sim rules --help\)/) });
  });

  it('is in the help, and answers --help', () => {
    expect(run('--help').stdout).toMatch(/^  rules +the rule catalogue/m);
    const help = run('rules', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cbr-sim rules \[<rule ID>\] \[--json\]/);
  });
});

describe('cbr-sim list, grouped by rule', () => {
  it('orders the rules as the catalogue does: the restore rules after the policy rules, I10 after I9', () => {
    const heads = run('list').stdout.split('\n').filter((l) => /^[A-Z]\d+$/.test(l));
    expect(heads.indexOf('R1')).toBeGreaterThan(heads.indexOf('P10'));
    expect(heads.indexOf('I10')).toBe(heads.indexOf('I9') + 1);
  });
});
