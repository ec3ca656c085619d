import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i6-one-image-many-servers',
  title: 'One image creates many servers in one batch',
  narrative:
    'Once the image is Normal (active), one request creates up to 100 servers from it. Each new server gets the disks of ' +
    'the backed-up server. Before the image is ready, or with a count outside 1–100, the request is refused.',
  rules: ['I6', 'C8'],
  setup: { servers: [{ as: 'web', systemDiskGB: 40, dataDisksGB: [100] }] },
  steps: [
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { do: 'createImageFromBackup', backup: 'backup', name: 'golden', as: 'image' },
    { expect: { image: { label: 'Creating' } } },
    { refuse: 'Ecs.0032', do: 'provisionServers', image: 'image', count: 3 },
    { advance: { until: { image: { status: 'active' } } } },
    { refuse: 'Sim.InvalidArgument', do: 'provisionServers', image: 'image', count: 101 },
    { do: 'provisionServers', image: 'image', count: 3, namePrefix: 'web', as: 'copies' },
    { expect: { 'copies.0': { status: 'BUILD', label: 'Creating' }, 'copies.2': { status: 'BUILD' } } },
    { advance: { until: { 'copies.0': { status: 'ACTIVE' }, 'copies.1': { status: 'ACTIVE' }, 'copies.2': { status: 'ACTIVE' } } } },
    { say: 'Each copy has the system disk and data disk of the server that was backed up.' },
    { expect: { 'copies.1.systemDisk': { sizeGB: { equals: 'web.systemDisk' } }, 'copies.1.dataDisks.0': { sizeGB: { equals: 'web.dataDisks.0' } } } },
    { expectCount: { kind: 'server', status: 'ACTIVE', equals: 4 } },
  ],
});
