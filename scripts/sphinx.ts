/**
 * Sphinx, the real one, as the docs tests and `npm run docs:examples` run it: a minimal conf.py
 * next to the generated pages, and `sphinx-build -W` (every warning an error) for a builder.
 * Debian's python3-sphinx provides `sphinx-build`; scripts/ensure-sphinx.sh installs it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The smallest configuration the pages need: they bring their own roles and labels. */
export const CONF_PY = [
  "project = 'cbr-sim walkthroughs'",
  "root_doc = 'index'",
  "exclude_patterns = ['_build']",
  "html_theme = 'alabaster'",
  // The API verbs are literals with class `api`; a theme sets them smaller (see _static/api.css).
  "html_static_path = ['_static']",
  "html_css_files = ['api.css']",
  "latex_elements = {'papersize': 'a4paper'}",
  '',
].join('\n');

export const API_CSS = 'code.api { font-size: 78%; opacity: 0.8; }\n';

export function writeSphinxConf(dir: string): void {
  writeFileSync(join(dir, 'conf.py'), CONF_PY);
  mkdirSync(join(dir, '_static'), { recursive: true });
  writeFileSync(join(dir, '_static', 'api.css'), API_CSS);
}

export interface SphinxResult {
  code: number | null;
  /** Warnings and errors: with -q, Sphinx writes nothing else to stderr. */
  stderr: string;
}

/** Runs `sphinx-build -q -W --keep-going -b <builder> <src> <out>`. */
export function sphinxBuild(src: string, builder: 'html' | 'latex', out: string): Promise<SphinxResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sphinx-build', ['-q', '-W', '--keep-going', '-b', builder, '-d', join(out, '.doctrees'), src, out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
