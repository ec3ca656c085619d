import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i4-prerequisites-cloud-init-and-optimization',
  title: 'A server must be optimized and have Cloud-Init (or Cloudbase-Init) before its backup can make an image',
  narrative:
    'The backup records what the server looked like when it was backed up. If Cloud-Init (Linux) or Cloudbase-Init (Windows) ' +
    'was missing, or the server was not optimized, an image from that backup is refused and the refusal names what is missing.',
  rules: ['I4'],
  setup: {
    servers: [
      { as: 'noInit', os: 'linux', initTool: false },
      { as: 'notOptimized', os: 'linux', optimized: false },
      { as: 'windows', os: 'windows', initTool: false },
      { as: 'ready', os: 'linux', initTool: true, optimized: true },
    ],
  },
  steps: [
    { do: 'backupServer', server: 'noInit', as: 'b1' },
    { do: 'backupServer', server: 'notOptimized', as: 'b2' },
    { do: 'backupServer', server: 'windows', as: 'b3' },
    { do: 'backupServer', server: 'ready', as: 'b4' },
    { advance: { until: { b1: { status: 'available' }, b2: { status: 'available' }, b3: { status: 'available' }, b4: { status: 'available' } } } },
    { say: 'Linux without Cloud-Init: refused, naming Cloud-Init.' },
    { refuse: 'Sim.PrerequisiteNotMet', do: 'createImageFromBackup', backup: 'b1', name: 'no-init' },
    { say: 'Not optimized: refused, naming the optimization.' },
    { refuse: 'Sim.PrerequisiteNotMet', do: 'createImageFromBackup', backup: 'b2', name: 'not-optimized' },
    { say: 'Windows without Cloudbase-Init: refused, naming Cloudbase-Init.' },
    { refuse: 'Sim.PrerequisiteNotMet', do: 'createImageFromBackup', backup: 'b3', name: 'no-cloudbase' },
    { do: 'createImageFromBackup', backup: 'b4', name: 'ready-image', as: 'image' },
    { expect: { image: { linkedTo: 'b4' }, b1: { linkedTo: null }, b2: { linkedTo: null }, b3: { linkedTo: null } } },
  ],
});
