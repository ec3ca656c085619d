import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError, validateScenario } from '../../src/scenario/validate.js';
import { ScenarioRun } from '../../src/scenario/runner.js';
import { scenarioSchema } from '../../src/scenario/schema.js';

function issuesOf(text: string, format: 'yaml' | 'json' = 'yaml') {
  try {
    parseScenario(text, 'test.yaml', format);
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues;
    throw error;
  }
  return [];
}

const GOOD = `id: small
title: A small scenario
narrative: It backs up a server.
rules: [B1]
setup:
  servers:
    - as: web
steps:
  - do: backupServer
    server: web
    as: b1
  - expect:
      b1: { status: protecting }
`;

describe('scenario data files', () => {
  it('accepts a valid YAML scenario', () => {
    expect(issuesOf(GOOD)).toEqual([]);
    expect(parseScenario(GOOD, 'x.yaml', 'yaml').steps).toHaveLength(2);
  });

  it('reports an unknown key with its line, not silently ignoring it', () => {
    const issues = issuesOf(GOOD.replace('    server: web\n', '    server: web\n    colour: red\n'));
    expect(issues).toContainEqual({ path: '/steps/0', message: 'unknown key "colour"', line: 9 });
  });

  it('reports a misspelt timing in setup.profile with its line, and takes a real one', () => {
    const issues = issuesOf(GOOD.replace('setup:\n', 'setup:\n  profile: { deleteBackupMS: 5000 }\n'));
    expect(issues).toContainEqual({ path: '/setup/profile', message: 'unknown key "deleteBackupMS"', line: 6 });
    expect(issuesOf(GOOD.replace('setup:\n', 'setup:\n  profile: { deleteBackupMs: 5000 }\n'))).toEqual([]);
    expect(issuesOf(GOOD.replace('setup:\n', 'setup:\n  profile: realistic\n'))).toEqual([]);
  });

  it('reports an unknown step kind with the list of allowed step kinds', () => {
    const issues = issuesOf(GOOD.replace('  - expect:', '  - check:'));
    expect(issues[0]!.message).toMatch(/unknown step kind.*allowed step kinds: say, do, refuse, advance, expect, expectCount/);
    expect(issues[0]!.line).toBe(12);
  });

  it('reports an unknown command with the list of commands', () => {
    const issues = issuesOf(GOOD.replace('do: backupServer', 'do: backupEverything'));
    expect(issues[0]).toMatchObject({ path: '/steps/0/do', line: 9 });
    expect(issues[0]!.message).toMatch(/unknown command "backupEverything"; commands: createServer/);
  });

  it('reports a missing parameter and a value of the wrong type', () => {
    expect(issuesOf(GOOD.replace('    server: web\n', ''))[0]).toMatchObject({ path: '/steps/0', message: 'missing "server"' });
    expect(issuesOf(GOOD.replace('{ status: protecting }', '{ status: 3 }'))[0]!.path).toBe('/steps/1/expect/b1/status');
  });

  it('reports JSON errors by JSON path', () => {
    const json = JSON.stringify({ id: 'x', title: 't', narrative: 'n', rules: ['B1'], steps: [{ advance: 'soon' }] });
    const issues = issuesOf(json, 'json');
    expect(issues.some((i) => i.path.startsWith('/steps/0/advance'))).toBe(true);
    expect(issuesOf('{ not json', 'json')[0]!.message).toMatch(/not valid JSON/);
  });

  it('reports a YAML syntax error with its line', () => {
    expect(issuesOf('id: x\ntitle: [unclosed\n')[0]).toMatchObject({ message: expect.stringMatching(/not valid YAML/) });
  });

  it('refuses a name used before it is given', () => {
    const scenario = parseScenario(GOOD.replace('      b1: { status: protecting }', '      b2: { status: protecting }'), 'x.yaml', 'yaml');
    expect(() => new ScenarioRun(scenario)).toThrow(/"b2" is not named yet/);
  });

  it('publishes a JSON Schema that lists every command', () => {
    const schema = scenarioSchema() as { properties: { steps: { items: { oneOf: unknown[] } } } };
    expect(JSON.stringify(schema)).toContain('"const":"createImageFromBackup"');
    expect(schema.properties.steps.items.oneOf.length).toBeGreaterThan(50);
  });

  it('accepts exactly what the published schema accepts, though it checks each step by its kind alone', () => {
    const published = new Ajv({ strict: false }).compile(scenarioSchema());
    const accepts = (data: unknown) => {
      try {
        validateScenario(data, 'x');
        return true;
      } catch (error) {
        if (error instanceof ScenarioError) return false;
        throw error;
      }
    };
    const steps: unknown[] = [
      { say: 'hi' }, { say: '' }, { say: 'hi', do: 'createDisk', name: 'n', sizeGB: 1 }, {}, 3, null, [],
      { do: 'createDisk', name: 'n', sizeGB: 1, as: 'd' }, { do: 'createDisk', name: 'n' }, { do: 'createDisk', name: 'n', sizeGB: 1, colour: 'red' },
      { do: 'frobnicate' }, { refuse: 'BackupService.6204', do: 'deleteBackup', backup: 'b' }, { refuse: 'BackupService.6204', do: 'deleteBackup', backup: 'b', as: 'x' },
      { refuse: 'BackupService.6204' }, { advance: '1d' }, { advance: 'soon' }, { advance: { until: { b: { status: 'available' } }, max: '2d' } },
      { advance: { until: {} } }, { expect: { b: {} } }, { expect: { 'b.backup': { sizeGB: { lessThan: 'c' } } } },
      { expectCount: { kind: 'backup', equals: 1 } }, { expectCount: { kind: 'toaster', equals: 1 } },
    ];
    const head = { id: 'x', title: 't', narrative: 'n', rules: ['B1'] };
    for (const data of [...SCENARIOS, ...steps.map((step) => ({ ...head, steps: [step] })), { ...head, steps: [] }, { ...head, steps: 'none' }]) {
      expect(accepts(data), JSON.stringify(data).slice(0, 200)).toBe(published(data));
    }
  });
});

describe('the runner', () => {
  const scenario = parseScenario(GOOD, 'x.yaml', 'yaml');

  it('runs step by step, yielding the time, the journal records and what changed', () => {
    const run = new ScenarioRun(scenario);
    const setup = run.step()!;
    expect(setup).toMatchObject({ index: 0, kind: 'setup', ok: true });
    const backup = run.step()!;
    expect(backup).toMatchObject({ index: 1, kind: 'do', ok: true, result: { kind: 'backup', status: 'protecting' } });
    expect(backup.changes).toEqual([expect.objectContaining({ name: 'b1', from: null, to: { status: 'protecting', label: 'Creating' } })]);
    expect(backup.records.some((r) => r.type === 'command' && r.verb === 'backupServer')).toBe(true);
    expect(run.step()).toMatchObject({ index: 2, ok: true });
    expect(run.step()).toBeNull();
    expect(run.ok).toBe(true);
  });

  it('gives a step only the records it made, not those of commands run between steps', () => {
    const run = new ScenarioRun(scenario);
    run.step();
    run.simulation.advance('1m');
    const next = run.step()!;
    expect(next.records.some((r) => r.type === 'command' && r.verb === 'backupServer')).toBe(true);
    expect(next.records.some((r) => r.type === 'command' && r.verb === 'advance')).toBe(false);
  });

  it('stops at a failed expectation and reports expected against actual', () => {
    const failing = parseScenario(GOOD.replace('{ status: protecting }', '{ status: available }'), 'x.yaml', 'yaml');
    const { ok, outcomes } = new ScenarioRun(failing).runToEnd();
    expect(ok).toBe(false);
    expect(outcomes.at(-1)!.failure).toEqual({ message: 'b1.status: expected available, got protecting', expected: 'available', actual: 'protecting' });
  });

  it('fails a refuse step that is accepted, or refused with another code', () => {
    const accepted = parseScenario(GOOD.replace('  - do: backupServer', '  - refuse: BackupService.6125\n    do: backupServer').replace('    as: b1\n', ''), 'x.yaml', 'yaml');
    const out = new ScenarioRun({ ...accepted, steps: accepted.steps.slice(0, 1) }).runToEnd();
    expect(out.ok).toBe(false);
    expect(out.outcomes.at(-1)!.failure!.actual).toBe('accepted');
  });
});
