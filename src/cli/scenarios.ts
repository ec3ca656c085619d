/** Finding a scenario by id in the library, or loading a data file given by path. */
import { SCENARIOS } from '../../scenarios/index.js';
import { loadScenarioFile, DATA_EXTENSIONS } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';

export class UsageError extends Error {}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The library ids closest to `id`: those that contain it, else the nearest by edit distance. */
export function closestIds(id: string, max = 3): string[] {
  const ids = SCENARIOS.map((s) => s.id);
  const containing = ids.filter((x) => x.includes(id.toLowerCase()));
  if (containing.length) return containing.slice(0, max);
  return ids.map((x) => [x, distance(id.toLowerCase(), x)] as const).sort((a, b) => a[1] - b[1]).slice(0, max).map(([x]) => x);
}

export function findScenario(idOrPath: string): Scenario {
  const found = SCENARIOS.find((s) => s.id === idOrPath);
  if (found) return found;
  if (/[/\\]|\.[A-Za-z]+$/.test(idOrPath)) {
    if (!DATA_EXTENSIONS.some((e) => idOrPath.toLowerCase().endsWith(e))) {
      throw new UsageError(`${idOrPath}: a scenario file must be ${DATA_EXTENSIONS.join(', ')}; TypeScript scenarios are built into the package and run by id (cbr-sim list)`);
    }
    return loadScenarioFile(idOrPath);
  }
  throw new UsageError(`no scenario has id "${idOrPath}"; did you mean ${closestIds(idOrPath).map((x) => `"${x}"`).join(', ')}? (cbr-sim list shows them all)`);
}
