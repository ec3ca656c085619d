/**
 * Before any test file runs: the package is built once from the sources under test, as after
 * `npm ci`, for the tests that run the `cbr-sim` command or the server as a user does (a child
 * process of `dist/`). One build for all of them: files that built it each for themselves could
 * read a file another was writing.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });
}
