/**
 * The toolchain of the openstacksdk tests (rest-api.md §7.4): Debian's openstacksdk runs under
 * /usr/bin/python3, and the clouds.yaml of test/api/support/openstack.ts parses into a connection
 * whose endpoints are cbr-sim's prefixes. No request is made: the base is a port nothing listens
 * on, so a script that reached for the network would fail.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PYTHON, runOpenstack } from '../support/openstack.js';

const script = fileURLToPath(new URL('./discovery.py', import.meta.url));
/** The discard port: nothing answers there. */
const NOWHERE = 'http://127.0.0.1:9';

describe('the openstacksdk toolchain', () => {
  it('imports Debian\'s openstacksdk under /usr/bin/python3 and connects to the cloud cbr-sim without any request', async () => {
    const run = await runOpenstack(NOWHERE, 'trainee-1', script);
    expect(run.code, run.stderr).toBe(0);
    expect(run.output.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.output.python).toBe(PYTHON);
    expect(run.output).toMatchObject({ cloud: 'cbr-sim', auth_type: 'admin_token' });
    expect(run.output.endpoints).toEqual({
      image: `${NOWHERE}/ims/`,
      compute: `${NOWHERE}/ecs/v2.1/trainee-1/`,
      'block-storage': `${NOWHERE}/evs/v2/trainee-1/`,
    });
  }, 120_000);

  it('reports a script\'s failure as a JSON error document and exit 1 (a cloud the clouds.yaml does not name)', async () => {
    const run = await runOpenstack(NOWHERE, 'trainee-1', script, ['no-such-cloud']);
    expect(run.code).toBe(1);
    expect(run.output).toEqual({ error: expect.any(String), details: expect.stringContaining('no-such-cloud') });
  }, 120_000);
});
