/**
 * Prints the README's coverage table (src/api/coverage.ts, from the route tables), or with
 * `--write` puts it into README.md between `<!-- coverage:start -->` and `<!-- coverage:end -->`.
 * test/api/coverage.test.ts fails when the README's table is not this one.
 *
 *   node scripts/coverage-table.mjs           # the table, on stdout
 *   node scripts/coverage-table.mjs --write   # README.md brought up to date
 *
 * Plain JavaScript, like build-if-stale.mjs: it builds dist/ when stale, then reads the compiled
 * tables, so it needs nothing beyond what `npm ci` installs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--write');
if (unknown.length > 0) {
  process.stderr.write(`coverage-table: unknown argument ${JSON.stringify(unknown[0])}; the only option is --write (update README.md).\n`);
  process.exit(2);
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { coverageMarkdown, withSection, COVERAGE_MARKERS } = await import(new URL('../dist/src/api/coverage.js', import.meta.url).href);
const table = coverageMarkdown();

if (!args.includes('--write')) {
  process.stdout.write(table);
} else {
  const readme = join(root, 'README.md');
  const updated = withSection(readFileSync(readme, 'utf8'), table);
  if (updated === null) {
    process.stderr.write(`coverage-table: README.md has no ${COVERAGE_MARKERS.start} … ${COVERAGE_MARKERS.end} section; add the two markers where the table goes.\n`);
    process.exit(1);
  }
  writeFileSync(readme, updated);
  process.stderr.write('coverage-table: README.md updated.\n');
}
