/** Reading scenario data files: YAML (with line numbers in errors) or JSON. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { ScenarioError, validateScenario } from './validate.js';
import type { Scenario } from './types.js';

export const DATA_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** Parses and validates scenario `text`; `source` names it in errors (a file path). */
export function parseScenario(text: string, source: string, format: 'yaml' | 'json'): Scenario {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ScenarioError(source, [{ path: '', message: `not valid JSON: ${(error as Error).message}` }]);
    }
    return validateScenario(data, source);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(source, doc.errors.map((e) => ({ path: '', message: `not valid YAML: ${e.message.split('\n')[0]}`, line: lineCounter.linePos(e.pos[0]).line })));
  }
  const lineOf = (path: string): number | undefined => {
    const segments = path.split('/').filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    // The deepest node that exists along the path: a missing key is reported where it belongs.
    for (let n = segments.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return validateScenario(doc.toJS(), source, lineOf);
}

/** Loads a `.yaml`, `.yml` or `.json` scenario file. */
export function loadScenarioFile(path: string): Scenario {
  const ext = extname(path).toLowerCase();
  if (!(DATA_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new ScenarioError(path, [{ path: '', message: `a scenario file must end in ${DATA_EXTENSIONS.join(', ')} (TypeScript scenarios are built into the package)` }]);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(path, [{ path: '', message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
  return parseScenario(text, path, ext === '.json' ? 'json' : 'yaml');
}
