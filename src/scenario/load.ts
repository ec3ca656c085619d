/** Reading scenario data files: YAML (with line numbers in errors) or JSON. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, parseDocument, isAlias, isMap, isNode, isScalar, isSeq } from 'yaml';
import { ScenarioError, validateScenario, type Issue } from './validate.js';
import { MAX_DEPTH, MAX_SCENARIO_CHARS } from './limits.js';
import type { Scenario } from './types.js';

export const DATA_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** Parses and validates scenario `text`; `source` names it in errors (a file path). */
export function parseScenario(text: string, source: string, format: 'yaml' | 'json'): Scenario {
  if (text.length > MAX_SCENARIO_CHARS) {
    throw new ScenarioError(source, [{ path: '', message: `is ${text.length} characters long; a scenario file may have at most ${MAX_SCENARIO_CHARS}` }]);
  }
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
  const tooDeep = `is nested more than ${MAX_DEPTH} levels deep`;
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false });
  } catch (error) {
    // The parser recurses into block collections: thousands of levels would overflow the stack
    // (the limit on the length of the text keeps them out of reach; this is the backstop).
    if (!(error instanceof RangeError)) throw error;
    throw new ScenarioError(source, [{ path: '', message: tooDeep }]);
  }
  if (doc.errors.length > 0) {
    throw new ScenarioError(source, doc.errors.map((e) => ({
      path: '',
      // RESOURCE_EXHAUSTION: the composer's stack overflowed on flow collections nested too deep.
      message: e.code === 'RESOURCE_EXHAUSTION' ? tooDeep : `not valid YAML: ${e.message.split('\n')[0]}`,
      line: lineCounter.linePos(e.pos[0]).line,
    })));
  }
  const unsupported = yamlIssues(doc.contents, (offset) => lineCounter.linePos(offset).line);
  if (unsupported.length) throw new ScenarioError(source, unsupported);
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

/**
 * What a scenario file may not use, found before the document becomes data: aliases (a scenario
 * has no need of them, and a few lines of them expand to billions of values), merge keys (`<<`,
 * which need aliases to be of use, and are a key of no scenario), and nesting deeper than
 * MAX_DEPTH (checked here too, as turning it into data recurses). The walk stops at that depth.
 */
function yamlIssues(root: unknown, lineAt: (offset: number) => number): Issue[] {
  const issues: Issue[] = [];
  const at = (node: unknown) => (isNode(node) && node.range ? { line: lineAt(node.range[0]) } : {});
  const walk = (node: unknown, depth: number): void => {
    if (isAlias(node)) {
      issues.push({ path: '', ...at(node), message: `YAML aliases (*${node.source}) are not supported in scenario files; write the value out` });
      return;
    }
    if (!isMap(node) && !isSeq(node)) return;
    if (depth > MAX_DEPTH) {
      issues.push({ path: '', ...at(node), message: `is nested more than ${MAX_DEPTH} levels deep` });
      return;
    }
    for (const item of node.items) {
      if (isMap(node)) {
        const { key, value } = item as { key: unknown; value: unknown };
        if (isScalar(key) && key.value === '<<') {
          issues.push({ path: '', ...at(key), message: 'YAML merge keys (<<) are not supported in scenario files; write the keys out' });
        }
        walk(key, depth + 1);
        walk(value, depth + 1);
      } else walk(item, depth + 1);
    }
  };
  walk(root, 0);
  return issues;
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
