import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c8-what-images-create',
  title: 'System-disk and full-ECS images create servers; data-disk images create disks',
  narrative:
    'A system-disk image starts new servers; a data-disk image becomes new disks. Asking an image for the other thing is refused.',
  rules: ['C8'],
  setup: { servers: [{ as: 'web', dataDisksGB: [100] }] },
  steps: [
    { do: 'createImageFromServer', server: 'web', name: 'web-os', kind: 'system-disk', as: 'os' },
    { do: 'createImageFromDisk', disk: 'web.dataDisks.0', name: 'web-data', as: 'data' },
    { advance: { until: { os: { status: 'active' }, data: { status: 'active' } } } },
    { do: 'provisionServers', image: 'os', count: 1, as: 'servers' },
    { do: 'createDiskFromImage', image: 'data', name: 'data-copy', as: 'disk' },
    { expect: { 'servers.0': { status: 'BUILD' }, disk: { status: 'creating' } } },
    { refuse: 'Sim.InvalidArgument', do: 'provisionServers', image: 'data', count: 1 },
    { refuse: 'Sim.InvalidArgument', do: 'createDiskFromImage', image: 'os', name: 'not-a-disk' },
    { advance: { until: { 'servers.0': { status: 'ACTIVE' }, disk: { status: 'available' } } } },
    { expect: { 'servers.0.systemDisk': { sizeGB: { equals: 'web.systemDisk' } }, disk: { sizeGB: { equals: 'web.dataDisks.0' } } } },
  ],
});
