/**
 * openstacksdk (Debian's python3-openstacksdk) against the Nova-compatible ECS paths: version
 * discovery through the /ecs prefix, list, get, stop, start and delete of a server, and the
 * OpenStack-style error body it reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { GOLD_IMAGES } from '../../../src/sim/gold-images.js';
import type { ServerRecord } from '../../../src/sim/records.js';
import { raw, startServer } from '../support/server.js';
import { runOpenstack } from '../support/openstack.js';
import { advanceUntil } from '../ecs/support.js';

const SCRIPT = fileURLToPath(new URL('./nova.py', import.meta.url));
const PROJECT = 'nova-project';
let served: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  served = await startServer();
});
afterAll(async () => {
  await served.close();
});

describe('openstacksdk on the Nova-compatible paths', () => {
  it('serves the compute version document with links that keep the /ecs prefix', async () => {
    const doc = await raw(served.base, 'GET', '/ecs/v2.1');
    expect(doc.status).toBe(200);
    expect(doc.body.version).toMatchObject({ id: 'v2.1', status: 'CURRENT', version: '2.60', min_version: '2.1' });
    const host = new URL(served.base).host;
    expect(doc.body.version.links[0]).toEqual({ rel: 'self', href: `http://${host}/ecs/v2.1/` });
  });

  it('lists the servers, gets one, stops and starts it, deletes it; then it is not found', async () => {
    const session = served.projects.get(PROJECT).session;
    const web = await session.perform('createServer', [{ name: 'nova-web', imageId: GOLD_IMAGES[0]!.id, az: 'eu-de-02' }]) as ServerRecord;
    const db = await session.perform('createServer', [{ name: 'nova-db', os: 'linux', systemDiskGB: 40 }]) as ServerRecord;
    await advanceUntil(session, () => [web.id, db.id].every((id) => session.simulation.get(id).status === 'ACTIVE'));
    const { code, output, stderr } = await runOpenstack(served.base, PROJECT, SCRIPT, [web.id]);
    expect(code, `${JSON.stringify(output)} ${stderr.slice(-2000)}`).toBe(0);
    expect(output.listed).toEqual([[db.id, 'nova-db', 'ACTIVE'], [web.id, 'nova-web', 'ACTIVE']].sort());
    expect(output.got).toEqual({
      id: web.id, name: 'nova-web', status: 'ACTIVE', availability_zone: 'eu-de-02', vm_state: 'active', power_state: 1, volumes: [web.systemDiskId],
    });
    expect(output.after_stop).toBe('SHUTOFF');
    expect(output.after_start).toBe('ACTIVE');
    expect(output.after_delete).toMatchObject({ error: 'ResourceNotFound', details: expect.stringContaining('Ecs.0114') });
    expect(output.stop_deleted).toMatchObject({ status: 404 });
    expect(session.simulation.get(web.id).status).toBe('DELETED');
    expect(session.simulation.get(db.id).status).toBe('ACTIVE');
  }, 180_000);

  it('answers a server that is not there the OpenStack way, with the code in the message', async () => {
    const answer = await raw(served.base, 'GET', `/ecs/v2.1/${PROJECT}/servers/ecs-000000000000`);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ itemNotFound: { code: 404, message: expect.stringMatching(/^Ecs\.0114: /) } });
    const missing = await raw(served.base, 'POST', `/ecs/v2.1/${PROJECT}/servers/ecs-000000000000/action`, { body: JSON.stringify({ 'os-stop': null }) });
    expect(missing.status).toBe(404);
    expect(missing.body.itemNotFound.message).toContain('ecs-000000000000');
    const reboot = await raw(served.base, 'POST', `/ecs/v2.1/${PROJECT}/servers/ecs-000000000000/action`, { body: JSON.stringify({ reboot: { type: 'SOFT' } }) });
    expect(reboot.status).toBe(404);
  });
});
