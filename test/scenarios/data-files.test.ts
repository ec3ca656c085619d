import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATA_EXTENSIONS, loadScenarioFile } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/runner.js';

const DATA_DIR = fileURLToPath(new URL('../../scenarios/data/', import.meta.url));

/** Every scenario data file under scenarios/data/, sub-folders included. */
function dataFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dataFiles(path);
    return (DATA_EXTENSIONS as readonly string[]).includes(extname(entry.name).toLowerCase()) ? [path] : [];
  });
}

const files = dataFiles(DATA_DIR);

describe('scenario data files', () => {
  it('finds at least one file', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f.slice(DATA_DIR.length), f] as const))('%s loads and holds at every step', (_name, file) => {
    const scenario = loadScenarioFile(file);
    const { ok, outcomes } = runScenario(scenario);
    const failed = outcomes.find((o) => !o.ok);
    expect(failed?.failure?.message ?? null, failed ? `step ${failed.index}: ${failed.description}` : '').toBeNull();
    expect(ok).toBe(true);
    expect(outcomes).toHaveLength(scenario.steps.length + 1);
  });

  it('names each file after its scenario id', () => {
    for (const file of files) {
      const name = file.slice(file.lastIndexOf('/') + 1, -extname(file).length);
      expect(loadScenarioFile(file).id).toBe(name);
    }
  });
});
