/** The keys file of `--auth verify` (src/api/keys.ts): what it takes, and how it says what is wrong. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeysFileError, loadKeysFile, parseKeys } from '../../../src/api/keys.js';

const YAML = `keys:
  - ak: AKTRAINEE00000000001
    sk: trainee-1-secret
    projects: [trainee-1]
tokens:
  - token: sim-token
    projects: [trainee-1, trainee-2]
`;

function problem(text: string, format: 'json' | 'yaml' = 'yaml'): string {
  try {
    parseKeys(text, 'keys.yaml', format);
  } catch (error) {
    expect(error).toBeInstanceOf(KeysFileError);
    return (error as Error).message;
  }
  throw new Error(`expected the keys file to be refused:\n${text}`);
}

describe('the keys file', () => {
  it('reads keys and tokens from YAML, and the same from JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbr-sim-keys-'));
    writeFileSync(join(dir, 'keys.yaml'), YAML);
    const fromYaml = loadKeysFile(join(dir, 'keys.yaml'));
    expect(fromYaml).toEqual({
      keys: [{ ak: 'AKTRAINEE00000000001', sk: 'trainee-1-secret', projects: ['trainee-1'] }],
      tokens: [{ token: 'sim-token', projects: ['trainee-1', 'trainee-2'] }],
    });
    writeFileSync(join(dir, 'keys.json'), JSON.stringify(fromYaml));
    expect(loadKeysFile(join(dir, 'keys.json'))).toEqual(fromYaml);
    // Tokens alone (an openstacksdk class) are a keys file too.
    expect(parseKeys('tokens: [{ token: t, projects: [p1] }]', 'k', 'yaml')).toEqual({ keys: [], tokens: [{ token: 't', projects: ['p1'] }] });
  });

  it('names the field that is missing, unknown or wrong', () => {
    expect(problem(YAML.replace('    sk: trainee-1-secret\n', ''))).toMatch(/^keys\.yaml: the keys file field keys\.0 lacks the mandatory field "sk"$/);
    expect(problem(YAML.replace('    sk: trainee-1-secret\n', '    sk: trainee-1-secret\n    secret: x\n'))).toContain('keys.0 has the unknown field "secret"');
    expect(problem(YAML.replace('[trainee-1]\ntokens', '["a b"]\ntokens'))).toContain('keys.0.projects.0 must match pattern');
    expect(problem(YAML.replace('[trainee-1]\ntokens', '[]\ntokens'))).toContain('keys.0.projects must NOT have fewer than 1 items');
    expect(problem(YAML.replace('sk: trainee-1-secret', 'sk: 42'))).toContain('keys.0.sk must be string');
    expect(problem('vaults: []')).toContain('has the unknown field "vaults"');
  });

  it('refuses a file that lists nothing, an AK twice, a token twice', () => {
    expect(problem('{}', 'json')).toContain('lists no keys and no tokens');
    expect(problem(`${YAML}  - token: sim-token\n    projects: [p]\n`)).toContain('the token "sim-token" is listed twice');
    expect(problem(YAML.replace('tokens:', '  - ak: AKTRAINEE00000000001\n    sk: other\n    projects: [p]\ntokens:'))).toContain('the AK "AKTRAINEE00000000001" is listed twice');
  });

  it('says what is wrong with a file that is not JSON or YAML, uses aliases, or cannot be read', () => {
    expect(problem('{"keys": [', 'json')).toMatch(/^keys\.yaml: not valid JSON/);
    expect(problem('keys: [\n')).toMatch(/^keys\.yaml: not valid YAML/);
    expect(problem('p: &p [p1]\nkeys: [{ ak: A, sk: s, projects: *p }]')).toContain('YAML aliases are not supported');
    expect(() => loadKeysFile('/nonexistent/keys.yaml')).toThrow(/cannot read the keys file: ENOENT/);
  });
});
