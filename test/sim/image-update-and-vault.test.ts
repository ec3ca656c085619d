/**
 * Two library additions the IMS wire needs: `updateImage` (a Normal image renamed or described,
 * IMS `PATCH /v2/cloudimages/{id}`) and `createImageFromServer(…, { kind: 'full-ecs', vaultId })`
 * (IMS `createWholeImage` from an ECS names the vault its backup goes into, C12).
 */
import { describe, expect, it } from 'vitest';
import { restoreSimulation, type BackupRecord, type ImageRecord } from '../../src/index.js';
import { advanceUntil, newSimulation, refusal, runningServer, statusOf } from './support.js';

describe('updateImage', () => {
  it('renames and describes a Normal image, journaled, and the change survives a save', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const image = sim.createImageFromServer(server.id, { name: 'web', kind: 'system-disk' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    expect(sim.get(image.id)).toMatchObject({ name: 'web', description: '' });
    expect(sim.updateImage(image.id, { name: 'web-v2' })).toMatchObject({ name: 'web-v2', description: '' });
    expect(sim.updateImage(image.id, { description: 'nginx 1.25' })).toMatchObject({ name: 'web-v2', description: 'nginx 1.25' });
    expect(sim.journal().filter((r) => r.type === 'command' && r.verb === 'updateImage')).toHaveLength(2);
    expect(restoreSimulation(sim.save()).get(image.id)).toMatchObject({ name: 'web-v2', description: 'nginx 1.25' });
  });

  it('is refused while the image is being created, with a next step, and for bad changes; nothing changes', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const image = sim.createImageFromServer(server.id, { name: 'web', kind: 'system-disk' });
    const early = refusal(() => sim.updateImage(image.id, { name: 'x' }));
    expect(early.code).toBe('Sim.InvalidState');
    expect(early.message).toMatch(/only Normal images can be renamed.*Wait until it is Normal/);
    expect((sim.get(image.id) as ImageRecord).name).toBe('web');
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    expect(refusal(() => sim.updateImage(image.id, {})).message).toMatch(/a name or a description/);
    expect(refusal(() => sim.updateImage(image.id, { name: '' })).code).toBe('Sim.InvalidArgument');
    expect(refusal(() => sim.updateImage(image.id, { description: 'x'.repeat(1025) })).code).toBe('Sim.InvalidArgument');
    expect(refusal(() => sim.updateImage(image.id, { tags: [] } as never)).code).toBe('Sim.InvalidArgument');
    expect(sim.preview('updateImage', [image.id, { name: 'y' }])).toEqual({ allowed: true });
    expect((sim.get(image.id) as ImageRecord).name).toBe('web');
  });
});

describe('createImageFromServer with a vault (C12)', () => {
  it('backs a server in no vault up into the vault named, which it joins', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const vault = sim.createVault({ name: 'images', kind: 'server' });
    const image = sim.createImageFromServer(server.id, { name: 'whole', kind: 'full-ecs', vaultId: vault.id });
    const backup = sim.get(image.backupId!) as BackupRecord;
    expect(backup.vaultId).toBe(vault.id);
    expect(sim.get(vault.id)).toMatchObject({ resourceIds: [server.id] });
    expect(sim.get(server.id)).toMatchObject({ vaultId: vault.id });
  });

  it('refuses a disk vault, a vault other than the server\'s and a system-disk image with a vault, changing nothing', () => {
    const sim = newSimulation();
    const server = runningServer(sim);
    const disks = sim.createVault({ name: 'disks', kind: 'disk' });
    const wrongKind = refusal(() => sim.createImageFromServer(server.id, { name: 'w', kind: 'full-ecs', vaultId: disks.id }));
    expect(wrongKind).toMatchObject({ code: 'Sim.InvalidArgument', details: { rule: 'C12', vaultId: disks.id } });
    expect(wrongKind.message).toMatch(/server backup vault/);
    const home = sim.createVault({ name: 'home', kind: 'server', resourceIds: [server.id] });
    const other = sim.createVault({ name: 'other', kind: 'server' });
    const elsewhere = refusal(() => sim.createImageFromServer(server.id, { name: 'w', kind: 'full-ecs', vaultId: other.id }));
    expect(elsewhere.code).toBe('BackupService.6103');
    expect(elsewhere.message).toContain(home.id);
    expect(refusal(() => sim.createImageFromServer(server.id, { name: 's', kind: 'system-disk', vaultId: home.id })).code).toBe('Sim.InvalidArgument');
    expect(sim.list('image')).toEqual([]);
    expect(sim.list('backup')).toEqual([]);
    // Its own vault is fine.
    expect(sim.createImageFromServer(server.id, { name: 'w', kind: 'full-ecs', vaultId: home.id }).imageKind).toBe('full-ecs');
  });
});
