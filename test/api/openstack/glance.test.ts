/**
 * openstacksdk (Debian's python3-openstacksdk, a second independent client) against IMS's Glance
 * twin: version discovery at /ims/, then images(), get_image, update_image (a JSON patch),
 * delete_image and ResourceNotFound (rest-api.md §7.4). openstacksdk's token names no project,
 * so its calls land in the server's default project, where the image is made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { ImageRecord, ServerRecord } from '../../../src/index.js';
import { GOLD_IMAGES } from '../../../src/sim/gold-images.js';
import { runOpenstack } from '../support/openstack.js';
import { startServer } from '../support/server.js';
import { advanceUntil, type Served } from '../ims/support.js';

const SCRIPT = fileURLToPath(new URL('./glance.py', import.meta.url));

let served: Served;
beforeAll(async () => {
  served = await startServer();
});
afterAll(async () => {
  await served.close();
});

describe('openstacksdk against the Glance paths', () => {
  it('lists, shows, renames and deletes an image; the deleted image is ResourceNotFound', async () => {
    const session = served.session;
    const server = (await session.perform('createServer', [{ name: 'osdk', os: 'linux', systemDiskGB: 40 }])) as ServerRecord;
    await advanceUntil(session, () => session.simulation.get(server.id).status === 'ACTIVE');
    const image = (await session.perform('createImageFromServer', [server.id, { name: 'osdk-base', kind: 'system-disk' }])) as ImageRecord;
    await advanceUntil(session, () => session.simulation.get(image.id).status === 'active');

    const { code, output, stderr } = await runOpenstack(served.base, 'default', SCRIPT, [image.id]);
    expect({ code, stderr: code === 0 ? '' : stderr, error: output?.error }).toEqual({ code: 0, stderr: '', error: undefined });

    const listed = output.listed as { id: string; visibility: string }[];
    expect(listed.map((i) => i.id)).toEqual(expect.arrayContaining([image.id, ...GOLD_IMAGES.map((g) => g.id)]));
    expect(listed.find((i) => i.id === GOLD_IMAGES[0]!.id)!.visibility).toBe('public');
    expect(output.shown).toMatchObject({
      id: image.id, name: 'osdk-base', status: 'active', visibility: 'private', min_disk: 40, disk_format: 'zvhd2',
      properties: { __imagetype: 'private', __backup_id: '', __isregistered: 'true' },
    });
    expect(output.renamed).toMatchObject({ id: image.id, name: 'renamed-by-openstacksdk' });
    expect(output.shown_after_rename.name).toBe('renamed-by-openstacksdk');
    expect(output.after_delete).toMatchObject({ error: 'ResourceNotFound', status: 404 });
    expect(output.after_delete.details).toContain(`No image has id "${image.id}"`);
    expect(session.simulation.get(image.id)).toMatchObject({ status: 'deleted', name: 'renamed-by-openstacksdk' });
  }, 180_000);
});
