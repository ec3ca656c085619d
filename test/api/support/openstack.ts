/**
 * Debian's openstacksdk (python3-openstacksdk, run with /usr/bin/python3: the python3 on the PATH
 * may be another interpreter that does not see Debian's packages) against a cbr-sim server, with
 * the clouds.yaml of rest-api.md §7.4: a token and no Keystone, each service's endpoint
 * overridden to cbr-sim's prefix. A script prints one JSON document on stdout; its exceptions
 * print `{"error": class, "details": message}` and exit 1.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';

/** The clouds.yaml of a cloud named `cbr-sim` whose services are the server at `base`. */
export function cloudsYaml(base: string, projectId: string, token = 'sim-token'): string {
  const b = base.replace(/\/$/, '');
  return [
    'clouds:',
    '  cbr-sim:',
    '    auth_type: admin_token',
    '    auth:',
    `      token: ${token}`,
    `      endpoint: ${b}/`,
    `    image_endpoint_override: ${b}/ims/`,
    `    compute_endpoint_override: ${b}/ecs/v2.1/${projectId}/`,
    `    block_storage_endpoint_override: ${b}/evs/v2/${projectId}/`,
    '',
  ].join('\n');
}

/** Runs `script` (a path) with the cloud `cbr-sim` configured; resolves its JSON output. */
export function runOpenstack(base: string, projectId: string, script: string, args: readonly string[] = [], token?: string): Promise<{ code: number; output: any; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cbr-sim-osdk-'));
  const config = join(dir, 'clouds.yaml');
  writeFileSync(config, cloudsYaml(base, projectId, token));
  return new Promise((resolve) => {
    execFile(PYTHON, [script, ...args], {
      env: { PATH: '/usr/bin:/bin', HOME: dir, OS_CLIENT_CONFIG_FILE: config, PYTHONDONTWRITEBYTECODE: '1' },
      timeout: 120_000,
    }, (error, stdout, stderr) => {
      let output: unknown = null;
      try {
        output = JSON.parse(stdout);
      } catch {
        output = stdout;
      }
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output, stderr });
    });
  });
}
