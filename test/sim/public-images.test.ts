/**
 * Public images (src/sim/gold-images.ts): servers made from the cloud's own images, alone
 * (createServer with imageId) or in a batch (provisionServers), and how a batch is named.
 */
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/index.js';
import { GOLD_IMAGES } from '../../src/sim/gold-images.js';
import { restoreSimulation } from '../../src/sim/simulation.js';
import { advanceUntil, availableBackup, newSimulation, refusal, runningServer, statusOf } from './support.js';

const [ubuntu, , windows] = GOLD_IMAGES;

describe('servers from public images', () => {
  it('a server from a public image takes its OS, its init tool and its least system disk', () => {
    const sim = newSimulation();
    const server = sim.createServer({ name: 'win', imageId: windows!.id });
    expect(server).toMatchObject({ os: 'windows', initTool: true, sourceImageId: windows!.id, status: 'BUILD' });
    expect(sim.get(server.systemDiskId)).toMatchObject({ sizeGB: windows!.minDiskGB, role: 'system' });
    const big = sim.createServer({ name: 'big', imageId: ubuntu!.id, systemDiskGB: 80, dataDisksGB: [100, 200] });
    expect(sim.get(big.systemDiskId)).toMatchObject({ sizeGB: 80 });
    expect(big.dataDiskIds.map((id) => (sim.get(id) as { sizeGB: number }).sizeGB)).toEqual([100, 200]);
    // Made alone, it is a batch of one: its own ECS job.
    expect(sim.get(big.jobId!)).toMatchObject({ kind: 'job', jobType: 'createServer', entities: { serverIds: [big.id] } });
    advanceUntil(sim, () => statusOf(sim, big.id) === 'ACTIVE');
  });

  it('a system disk below the image\'s min disk, another OS or no init tool is refused, naming why', () => {
    const sim = newSimulation();
    const small = refusal(() => sim.createServer({ name: 'small', imageId: ubuntu!.id, systemDiskGB: 20 }));
    expect(small).toMatchObject({ code: 'Sim.InvalidArgument' });
    expect(small.message).toContain(`at least ${ubuntu!.minDiskGB} GB`);
    expect(refusal(() => sim.createServer({ name: 'w', imageId: ubuntu!.id, os: 'windows' })).message).toContain('linux image');
    expect(refusal(() => sim.createServer({ name: 'n', imageId: ubuntu!.id, initTool: false })).message).toContain('Cloud-Init');
    expect(sim.list('server')).toEqual([]);
  });

  it('a private image\'s id is refused, naming provisionServers; an unknown id is Sim.NotFound', () => {
    const sim = newSimulation();
    const source = runningServer(sim);
    const image = sim.createImageFromBackup(availableBackup(sim, source.id).id, { name: 'golden' });
    const error = refusal(() => sim.createServer({ name: 'copy', imageId: image.id }));
    expect(error.code).toBe('Sim.InvalidArgument');
    expect(error.message).toContain(`provisionServers('${image.id}', { count })`);
    expect(refusal(() => sim.createServer({ name: 'copy', imageId: 'img-000000000000' })).code).toBe('Sim.NotFound');
    expect(refusal(() => sim.createServer({ name: 'copy', imageId: source.id })).code).toBe('Sim.InvalidArgument');
    expect(sim.list('server').map((s) => s.id)).toEqual([source.id]);
  });

  it('provisionServers makes a batch from a public image in one ECS job, named with a hyphen and four digits', () => {
    const sim = newSimulation();
    const servers = sim.provisionServers(ubuntu!.id, { count: 3, namePrefix: 'web', az: 'eu-de-02', systemDiskGB: 50, dataDisksGB: [10] });
    expect(servers.map((s) => s.name)).toEqual(['web-0001', 'web-0002', 'web-0003']);
    expect(new Set(servers.map((s) => s.jobId)).size).toBe(1);
    expect(servers.every((s) => s.az === 'eu-de-02' && s.sourceImageId === ubuntu!.id && s.os === 'linux')).toBe(true);
    const job = sim.get(servers[0]!.jobId!) as JobRecord;
    expect(job.subJobs.map((j) => j.serverId)).toEqual(servers.map((s) => s.id));
    advanceUntil(sim, () => statusOf(sim, job.id) === 'SUCCESS');
    expect(refusal(() => sim.provisionServers(ubuntu!.id, { count: 101 })).details).toMatchObject({ rule: 'I6' });
    expect(sim.provisionServers(ubuntu!.id, { count: 1, namePrefix: 'solo' })[0]!.name).toBe('solo');
  });

  it('a private image\'s batch is named the same way, and takes no disks of its own', () => {
    const sim = newSimulation();
    const source = runningServer(sim);
    const image = sim.createImageFromBackup(availableBackup(sim, source.id).id, { name: 'golden' });
    advanceUntil(sim, () => statusOf(sim, image.id) === 'active');
    expect(sim.provisionServers(image.id, { count: 2, namePrefix: 'app' }).map((s) => s.name)).toEqual(['app-0001', 'app-0002']);
    expect(refusal(() => sim.provisionServers(image.id, { count: 1, systemDiskGB: 80 })).message).toContain('public images');
  });

  it('a server from a public image is saved and restored with its source image', () => {
    const sim = newSimulation();
    const server = sim.createServer({ name: 'web', imageId: ubuntu!.id });
    const again = restoreSimulation(sim.save());
    expect(again.get(server.id)).toMatchObject({ sourceImageId: ubuntu!.id });
  });
});
