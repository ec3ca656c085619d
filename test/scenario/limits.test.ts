import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError, validateScenario } from '../../src/scenario/validate.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import {
  MAX_DATA_DISKS, MAX_DEPTH, MAX_ENTRIES, MAX_ISSUES, MAX_NAMED_RESOURCES, MAX_SCENARIO_CHARS, MAX_SERVERS, MAX_STEPS, MAX_STRING_LENGTH,
} from '../../src/scenario/limits.js';

/** The ScenarioError `parse` throws; fails the test when it throws anything else, or nothing. */
function refusal(parse: () => unknown): ScenarioError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw new Error(`expected a ScenarioError, got ${String(error)}`);
  }
  throw new Error('expected a ScenarioError, the scenario was accepted');
}
const yaml = (text: string) => refusal(() => parseScenario(text, 'test.yaml', 'yaml'));
const json = (value: unknown) => refusal(() => parseScenario(JSON.stringify(value), 'test.json', 'json'));

const HEAD = { id: 'big', title: 'Big', narrative: 'Too big.', rules: ['B1'] };
const HEAD_YAML = 'id: big\ntitle: Big\nnarrative: Too big.\nrules: [B1]\n';
/** An error body the server can send and a terminal can show: a few KB. */
const SMALL_MESSAGE = 4_000;

describe('a scenario too big to be real', () => {
  it('of 20,000 empty steps is refused with a short message naming the step limit, as JSON and as YAML', () => {
    for (const error of [json({ ...HEAD, steps: Array.from({ length: 20_000 }, () => ({})) }), yaml(`${HEAD_YAML}steps:\n${'  - {}\n'.repeat(20_000)}`)]) {
      expect(error.issues.length).toBeLessThanOrEqual(MAX_ISSUES);
      expect(error.message.length).toBeLessThan(SMALL_MESSAGE);
      expect(error.message).toContain(`has 20000 steps; a scenario may have at most ${MAX_STEPS}`);
    }
  });

  it('lists its first problems only, and says how many more there are', () => {
    const error = json({ ...HEAD, steps: Array.from({ length: 500 }, () => ({})) });
    expect(error.issues).toHaveLength(MAX_ISSUES);
    expect(error.more).toBe(500 - MAX_ISSUES);
    expect(error.message).toMatch(new RegExp(`\\n  … and ${500 - MAX_ISSUES} more problems$`));
    expect(error.message.length).toBeLessThan(SMALL_MESSAGE);
  });

  it('naming more resources than the limit is refused, naming the limit', () => {
    const disks = Array.from({ length: 500 }, (_, i) => ({ as: `d${i}`, sizeGB: 10 }));
    const steps = Array.from({ length: 600 }, (_, i) => ({ do: 'createDisk', name: `n${i}`, sizeGB: 10, as: `s${i}` }));
    const error = json({ ...HEAD, setup: { disks }, steps });
    expect(error.issues).toEqual([{ path: '', message: `names 1100 resources (as: …); a scenario may name at most ${MAX_NAMED_RESOURCES}` }]);
  });

  it('with more servers, data disks or list items than the limits is refused, naming each limit and where', () => {
    const servers = Array.from({ length: MAX_SERVERS + 1 }, (_, i) => ({ as: `web${i}` }));
    expect(json({ ...HEAD, setup: { servers }, steps: [{ say: 'hi' }] }).issues[0]).toEqual({
      path: '/setup/servers', message: `has ${MAX_SERVERS + 1} servers; a setup may have at most ${MAX_SERVERS}`,
    });
    const disks = json({ ...HEAD, setup: { servers: [{ as: 'web', dataDisksGB: Array(MAX_DATA_DISKS + 1).fill(10) }] }, steps: [{ say: 'hi' }] });
    expect(disks.issues[0]).toEqual({ path: '/setup/servers/0/dataDisksGB', message: `has ${MAX_DATA_DISKS + 1} data disks; a server may have at most ${MAX_DATA_DISKS}` });
    const resources = Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => `d${i}`);
    expect(json({ ...HEAD, steps: [{ do: 'addVaultResources', vault: 'v', resources }] }).issues[0]).toEqual({
      path: '/steps/0/resources', message: `has ${MAX_ENTRIES + 1} items; a list may have at most ${MAX_ENTRIES}`,
    });
  });

  it('with a huge string, key or command name answers with a short message', () => {
    const huge = 'x'.repeat(100_000);
    expect(json({ ...HEAD, narrative: huge }).issues).toEqual([{ path: '/narrative', message: `is 100000 characters long; a string may have at most ${MAX_STRING_LENGTH}` }]);
    for (const step of [{ do: huge }, { [huge]: 1 }, { do: 'createDisk', name: 'n', sizeGB: 1, [huge.slice(0, MAX_STRING_LENGTH)]: 1 }]) {
      const error = json({ ...HEAD, steps: [step] });
      expect(error.message.length).toBeLessThan(SMALL_MESSAGE);
    }
  });

  it('whose text is longer than the limit is refused before it is parsed', () => {
    const error = yaml(`${HEAD_YAML}steps:\n  - say: ${'x'.repeat(MAX_SCENARIO_CHARS)}\n`);
    expect(error.issues).toEqual([{ path: '', message: `is ${MAX_SCENARIO_CHARS + HEAD_YAML.length + 17} characters long; a scenario file may have at most ${MAX_SCENARIO_CHARS}` }]);
  });

  it('nested 10,000 levels deep is refused, naming the depth limit, not overflowing the stack', () => {
    const deepJson = `{"id":"x","title":"t","narrative":"n","rules":["B1"],"steps":[{"say":${'['.repeat(10_000)}${']'.repeat(10_000)}}]}`;
    expect(refusal(() => parseScenario(deepJson, 'test.json', 'json')).message).toMatch(new RegExp(`/steps/0/say(/0)+: is nested more than ${MAX_DEPTH} levels deep`));
    const flow = yaml(`${HEAD_YAML}steps:\n  - say: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    expect(flow.issues[0]).toMatchObject({ line: 6, message: `is nested more than ${MAX_DEPTH} levels deep` });
    // Block levels take a line each, indented one more: 1,400 of them are about as many as fit in MAX_SCENARIO_CHARS.
    const block = yaml(`${HEAD_YAML}setup:\n${Array.from({ length: 1_400 }, (_, i) => `${' '.repeat(i + 2)}a:`).join('\n')} 1\nsteps: [{ say: hi }]\n`);
    expect(block.issues[0]).toMatchObject({ message: `is nested more than ${MAX_DEPTH} levels deep` });
    expect(block.issues[0]!.line).toBeGreaterThan(5);
    const shallower = yaml(`${HEAD_YAML}setup:\n${Array.from({ length: 40 }, (_, i) => `${' '.repeat(i + 2)}a:`).join('\n')} 1\nsteps: [{ say: hi }]\n`);
    expect(shallower.issues).toEqual([{ path: '', line: 6 + MAX_DEPTH, message: `is nested more than ${MAX_DEPTH} levels deep` }]);
    // A TypeScript scenario is an object, not text: a cycle is nesting without end.
    const cyclic: Record<string, unknown> = { ...HEAD, steps: [{ say: 'hi' }] };
    (cyclic.setup as unknown) = { profile: cyclic };
    expect(refusal(() => validateScenario(cyclic, 'cyclic')).message).toMatch(/is nested more than 32 levels deep/);
  });

  it('publishes its limits in the JSON Schema', () => {
    const schema = scenarioSchema() as { description: string; properties: { steps: { maxItems: number }; narrative: { maxLength: number }; setup: { properties: { servers: { maxItems: number; items: { properties: { dataDisksGB: { maxItems: number } } } }; disks: { maxItems: number } } } } };
    expect(schema.properties.steps.maxItems).toBe(MAX_STEPS);
    expect(schema.properties.narrative.maxLength).toBe(MAX_STRING_LENGTH);
    expect(schema.properties.setup.properties.servers.maxItems).toBe(MAX_SERVERS);
    expect(schema.properties.setup.properties.servers.items.properties.dataDisksGB.maxItems).toBe(MAX_DATA_DISKS);
    expect(schema.properties.setup.properties.disks.maxItems).toBe(MAX_ENTRIES);
    expect(schema.description).toContain(`at most ${MAX_NAMED_RESOURCES} named resources`);
  });
});

describe('YAML aliases and merge keys', () => {
  const ALIAS = `${HEAD_YAML}setup:\n  servers:\n    - &web { as: web }\nsteps:\n  - say: hi\n  - expect: { web: *web }\n`;

  it('an alias is refused at its line, saying to write the value out', () => {
    expect(yaml(ALIAS).issues).toEqual([{ path: '', line: 10, message: 'YAML aliases (*web) are not supported in scenario files; write the value out' }]);
  });

  it('a billion laughs is refused at its first alias, before anything is expanded', () => {
    const names = 'abcdefghi';
    let laughs = `${HEAD_YAML}steps:\n  - say: hi\nlol0: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n`;
    for (let i = 1; i < names.length; i++) laughs += `lol${i}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]\n`;
    const error = yaml(laughs);
    expect(error.issues[0]).toEqual({ path: '', line: 8, message: 'YAML aliases (*a) are not supported in scenario files; write the value out' });
    expect(error.message.length).toBeLessThan(SMALL_MESSAGE);
  });

  it('a merge key is refused at its line, whether it merges an alias or a map', () => {
    const viaAlias = yaml(`${HEAD_YAML}setup:\n  servers:\n    - &web { as: web }\n    - <<: *web\n      as: db\nsteps: [{ say: hi }]\n`);
    expect(viaAlias.issues).toContainEqual({ path: '', line: 8, message: 'YAML merge keys (<<) are not supported in scenario files; write the keys out' });
    expect(viaAlias.issues).toContainEqual({ path: '', line: 8, message: 'YAML aliases (*web) are not supported in scenario files; write the value out' });
    const viaMap = yaml(`${HEAD_YAML}setup:\n  servers:\n    - <<: { os: linux }\n      as: db\nsteps: [{ say: hi }]\n`);
    expect(viaMap.issues).toEqual([{ path: '', line: 7, message: 'YAML merge keys (<<) are not supported in scenario files; write the keys out' }]);
  });

  it('an anchor nobody refers to is harmless', () => {
    expect(parseScenario(`${HEAD_YAML}setup:\n  servers:\n    - &web { as: web }\nsteps: [{ say: hi }]\n`, 'x.yaml', 'yaml').setup?.servers).toEqual([{ as: 'web' }]);
  });
});

describe('prototype names in scenarios', () => {
  it('are no commands: do: constructor is an unknown command, not a crash', () => {
    for (const verb of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(() => parseScenario(JSON.stringify({ id: 'x', title: 'x', narrative: 'x', rules: ['B1'], steps: [{ do: verb }] }), 'upload', 'json')).toThrow(/unknown command/);
    }
  });
});
