import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'i8-imaged-policy-backup-is-kept',
  title: 'A policy backup used to create an image is never deleted automatically and not counted',
  narrative:
    'A policy keeps 2 backups. Its first backup is used to create an image: from then on retention skips it, it does not ' +
    'count among the 2 kept, and it stays for as long as the image exists.',
  rules: ['I8', 'P3'],
  setup: {
    start: '2026-01-05T10:00:00Z',
    servers: [{ as: 'web' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'keep2', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 2, apply: ['vault'] }],
  },
  steps: [
    { advance: '1d' },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: true, equals: 1 } },
    { say: 'Create an image from the first automatic backup.' },
    { do: 'createImageFromBackup', backup: 'web.backups.0', name: 'keep-me', as: 'image' },
    { expect: { 'image.backup': { autoTrigger: true, linkedTo: 'image' } } },
    { advance: '10d' },
    { say: 'Ten more nightly runs: the imaged backup is still there, and 2 others are kept beside it.' },
    { expect: { 'image.backup': { status: 'available', autoTrigger: true, linkedTo: 'image' } } },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: true, equals: 3 } },
  ],
});
