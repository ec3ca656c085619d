/**
 * Builds dist/ when it is missing or older than its sources, before `npm start` and `npm run bench`
 * (their `pre` scripts). The package builds before it is packed (`prepack`) and runs no script when
 * installed, so `npm ci` on a fresh clone leaves no dist/; this builds it on the first start and
 * skips the build (seconds on a slow machine) when nothing changed since.
 *
 * Plain JavaScript, not TypeScript: it runs before anything is compiled. The stamp is written only
 * after a build that succeeded, so sources that failed to compile are built again next time, and it
 * carries the time the build started, so a file saved during the build is built again too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** What tsconfig.build.json compiles, and the configurations that decide how. */
const SOURCES = ['src', 'machines', 'scenarios', 'bench', 'scripts', 'tsconfig.json', 'tsconfig.build.json'];
const STAMP = join(root, 'dist', '.build-stamp');

function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
const changed = Math.max(...SOURCES.map((s) => newest(join(root, s))));
if (built >= changed) process.exit(0);

process.stderr.write(built ? 'cbr-sim: sources changed since the last build; building dist/ …\n' : 'cbr-sim: building dist/ (npm run build) …\n');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('cbr-sim: TypeScript is not installed, so dist/ cannot be built; run npm ci first.\n');
  process.exit(1);
}
const startedAt = new Date();
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write('cbr-sim: the build failed (above); fix what it names and start again.\n');
  process.exit(result.status ?? 1);
}
writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
utimesSync(STAMP, startedAt, startedAt);
