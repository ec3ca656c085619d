/**
 * The keys file of `cbr-sim serve --auth verify --keys <file>` (JSON, or YAML for any other
 * extension): the AK/SK pairs and the tokens the service routes accept, each bound to the
 * projects it may act in.
 *
 *     keys:
 *       - ak: AKTRAINEE00000000001
 *         sk: trainee-1-secret
 *         projects: [trainee-1]
 *     tokens:
 *       - token: sim-token
 *         projects: [trainee-1]
 *
 * A credential's first project is its own: the one a request acts in when neither its path nor
 * its `X-Project-Id` names one (openstacksdk's Glance calls carry only the token).
 *
 * Checked with ajv like every other input of cbr-sim; a file that does not fit is refused whole
 * with the first problem named (`KeysFileError`), before the server listens.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { schemaProblem } from './router.js';
import { MAX_PROJECTS } from './projects.js';

export interface KeyPair {
  ak: string;
  sk: string;
  projects: string[];
}

export interface Token {
  token: string;
  projects: string[];
}

export interface KeysFile {
  keys: KeyPair[];
  tokens: Token[];
}

export class KeysFileError extends Error {}

/** A keys file is a few lines; this bounds what is read and parsed. */
export const MAX_KEYS_FILE_CHARS = 1_000_000;
/** How many keys (and how many tokens) one file may list. */
export const MAX_CREDENTIALS = 1_000;

// The project ids of src/api/projects.ts (PROJECT_ID), as a JSON Schema pattern.
const projects = {
  type: 'array', minItems: 1, maxItems: MAX_PROJECTS, uniqueItems: true,
  items: { type: 'string', pattern: '^[A-Za-z0-9_.~-]{1,64}$' },
};

export const KEYS_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    keys: {
      type: 'array', maxItems: MAX_CREDENTIALS,
      items: {
        type: 'object', additionalProperties: false, required: ['ak', 'sk', 'projects'],
        properties: {
          // The AK is read back out of `Authorization: … Access=<AK>, …`: no commas, no spaces.
          ak: { type: 'string', pattern: '^[A-Za-z0-9_.~-]{1,128}$' },
          // Any printable characters; the SDK signs with the SK's UTF-8 bytes.
          sk: { type: 'string', minLength: 1, maxLength: 256, pattern: '^[^\\u0000-\\u001f\\u007f]+$' },
          projects,
        },
      },
    },
    tokens: {
      type: 'array', maxItems: MAX_CREDENTIALS,
      items: {
        type: 'object', additionalProperties: false, required: ['token', 'projects'],
        properties: {
          // A header value: visible ASCII, within what a request's headers may carry (16 KB).
          token: { type: 'string', pattern: '^[\\x21-\\x7e]{1,12000}$' },
          projects,
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: false }).compile(KEYS_FILE_SCHEMA);

/** The keys file's data, checked; `source` names it in errors (a file path). */
export function checkKeys(data: unknown, source: string): KeysFile {
  if (!validate(data)) throw new KeysFileError(`${source}: ${schemaProblem(validate.errors, 'the keys file')}`);
  const file = data as Partial<KeysFile>;
  const keys = file.keys ?? [];
  const tokens = file.tokens ?? [];
  if (keys.length + tokens.length === 0) {
    throw new KeysFileError(`${source}: the keys file lists no keys and no tokens, so every request would be refused; list at least one, e.g. keys: [{ ak: AK…, sk: …, projects: [p1] }]`);
  }
  const twice = (values: string[]): string | undefined => values.find((v, i) => values.indexOf(v) !== i);
  const ak = twice(keys.map((k) => k.ak));
  if (ak !== undefined) throw new KeysFileError(`${source}: the AK ${JSON.stringify(ak)} is listed twice; each AK has one SK`);
  const token = twice(tokens.map((t) => t.token));
  if (token !== undefined) throw new KeysFileError(`${source}: the token ${JSON.stringify(token.slice(0, 40))} is listed twice`);
  return { keys, tokens };
}

/** Parses keys-file `text`: JSON when `format` says so, else YAML (no aliases: a keys file needs none). */
export function parseKeys(text: string, source: string, format: 'json' | 'yaml'): KeysFile {
  if (text.length > MAX_KEYS_FILE_CHARS) throw new KeysFileError(`${source}: the keys file is ${text.length} characters long; it may have at most ${MAX_KEYS_FILE_CHARS}`);
  let data: unknown;
  if (format === 'json') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new KeysFileError(`${source}: not valid JSON: ${(error as Error).message}`);
    }
  } else {
    let doc;
    try {
      doc = parseDocument(text, { prettyErrors: false });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new KeysFileError(`${source}: the keys file is nested too deep`);
    }
    const problem = doc.errors[0];
    if (problem) throw new KeysFileError(`${source}: not valid YAML: ${problem.message.split('\n')[0]}`);
    try {
      data = doc.toJS({ maxAliasCount: 0 });
    } catch (error) {
      throw new KeysFileError(`${source}: ${/alias/i.test((error as Error).message) ? 'YAML aliases are not supported in a keys file; write the values out' : (error as Error).message}`);
    }
  }
  return checkKeys(data, source);
}

/** Reads a keys file: `.json` as JSON, anything else as YAML. */
export function loadKeysFile(path: string): KeysFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KeysFileError(`${path}: cannot read the keys file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseKeys(text, path, extname(path).toLowerCase() === '.json' ? 'json' : 'yaml');
}
