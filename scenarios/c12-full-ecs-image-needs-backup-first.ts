import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c12-full-ecs-image-needs-backup-first',
  title: 'A full-ECS image of a server is made from a backup taken first',
  narrative:
    'Ask for a full-ECS image of a server and CBR first backs the server up; the image waits until that backup is marked ' +
    '"Image can be created". A server without Cloud-Init is refused before any backup is made.',
  rules: ['C12', 'I4'],
  setup: { servers: [{ as: 'web', dataDisksGB: [100] }, { as: 'bare', initTool: false }] },
  steps: [
    { do: 'createImageFromServer', server: 'web', name: 'web-full', kind: 'full-ecs', as: 'image' },
    { say: 'The image waits in the queue; its backup has just started.' },
    { expect: { image: { status: 'queued', label: 'Creating', imageKind: 'full-ecs' }, 'image.backup': { status: 'protecting', imageable: false } } },
    { advance: { until: { 'image.backup': { imageable: true } } } },
    { expect: { 'image.backup': { linkedTo: 'image' }, image: { status: 'saving', linkedTo: 'image.backup' } } },
    { advance: { until: { image: { status: 'active' } } } },
    { expect: { image: { sizeGB: { lessThan: 'image.backup' } } } },
    { refuse: 'Sim.PrerequisiteNotMet', do: 'createImageFromServer', server: 'bare', name: 'bare-full', kind: 'full-ecs' },
    { expectCount: { kind: 'backup', equals: 1 } },
  ],
});
