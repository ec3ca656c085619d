/**
 * openstacksdk (Debian's python3-openstacksdk) against cbr-sim's Cinder-compatible EVS paths:
 * its version discovery finds v2 under /evs, `conn.block_storage.volumes()` lists the project's
 * disks and `get_volume` shows one, as Cinder's client parses them (rest-api.md §5, §7.4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runOpenstack } from '../support/openstack.js';
import { startServer } from '../support/server.js';
import type { DiskRecord } from '../../../src/sim/records.js';
import type { RequestEntry } from '../../../src/api/router.js';

const SCRIPT = fileURLToPath(new URL('./cinder.py', import.meta.url));
const PROJECT = 'osdk-cinder';

let served: Awaited<ReturnType<typeof startServer>>;
let data: DiskRecord;
let logs: DiskRecord;
const requests: RequestEntry[] = [];

beforeAll(async () => {
  served = await startServer({ onRequest: (_project, entry) => void requests.push(entry) });
  const session = served.projects.get(PROJECT).session;
  data = await session.perform('createDisk', [{ name: 'data', sizeGB: 20, az: 'eu-de-02' }]) as DiskRecord;
  await session.perform('advance', ['1m']);
  logs = await session.perform('createDisk', [{ name: 'logs', sizeGB: 10 }]) as DiskRecord;
});
afterAll(() => served.close());

describe('openstacksdk block storage against /evs', () => {
  it('lists the project\'s volumes, gets one, and reads a missing one as ResourceNotFound', async () => {
    const { code, output, stderr } = await runOpenstack(served.base, PROJECT, SCRIPT, [data.id]);
    expect(output, stderr).not.toHaveProperty('error');
    expect(code).toBe(0);
    const byName = Object.fromEntries((output.volumes as { name: string }[]).map((v) => [v.name, v]));
    expect(Object.keys(byName).sort()).toEqual(['data', 'logs']);
    expect(byName.data).toMatchObject({ id: data.id, status: 'available', size: 20, availability_zone: 'eu-de-02', volume_type: 'SSD', is_bootable: false, attachments: [] });
    expect(byName.logs).toMatchObject({ id: logs.id, status: 'creating', size: 10, availability_zone: 'eu-de-01' });
    expect(output.volume).toMatchObject({ id: data.id, name: 'data', status: 'available', size: 20 });
    expect(output.volume.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(output.missing).toMatchObject({ error: 'ResourceNotFound', details: expect.stringContaining('EVS.5404') });
    // Discovery first (unauthenticated, no project in the path), then every call below the self link.
    expect(requests[0]).toMatchObject({ operation: 'showVersion', method: 'GET', path: '/evs/v2', status: 200 });
    expect(requests.slice(1).map((r) => [r.operation, r.path.replace(data.id, '{id}'), r.status])).toEqual([
      ['cinderListVolumes', `/evs/v2/${PROJECT}/volumes/detail`, 200],
      ['cinderShowVolume', `/evs/v2/${PROJECT}/volumes/{id}`, 200],
      ['cinderShowVolume', `/evs/v2/${PROJECT}/volumes/evs-000000000000`, 404],
    ]);
  }, 180_000);
});
