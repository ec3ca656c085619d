import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c4-deleted-server-keeps-its-image',
  title: 'Deleting a server made from an image keeps the image, and deleting the image keeps its servers',
  narrative:
    'Images and the servers created from them live apart. Delete one of the servers: the image stays. ' +
    'Delete the image: the other server keeps running.',
  rules: ['C4'],
  setup: { servers: [{ as: 'web' }] },
  steps: [
    { do: 'createImageFromServer', server: 'web', name: 'web-os', kind: 'system-disk', as: 'image' },
    { advance: { until: { image: { status: 'active' } } } },
    { do: 'provisionServers', image: 'image', count: 2, namePrefix: 'app', as: 'apps' },
    { advance: { until: { 'apps.0': { status: 'ACTIVE' }, 'apps.1': { status: 'ACTIVE' } } } },
    { do: 'deleteServer', server: 'apps.0' },
    { expect: { 'apps.0': { status: 'DELETED' }, image: { status: 'active', label: 'Normal' } } },
    { do: 'deleteImage', image: 'image' },
    { expect: { image: { status: 'deleted' }, 'apps.1': { status: 'ACTIVE', label: 'Running' } } },
  ],
});
