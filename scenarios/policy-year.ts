import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'policy-year',
  title: 'A year of daily backups: the one that made an image is never retained away',
  narrative:
    'A daily policy keeps 7 backups of a server. Its first backup is used to create an image. A year later that backup is ' +
    'still there, and beside it exactly 7 other automatic backups: the imaged one was never counted (I8, P3).',
  rules: ['I8', 'P1', 'P2', 'P3', 'C5'],
  walkthrough: true,
  setup: {
    start: '2026-01-05T10:00:00Z',
    servers: [{ as: 'web', name: 'web-01' }],
    vaults: [{ as: 'vault', name: 'web-vault', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'daily', name: 'daily-7', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 7, apply: ['vault'] }],
  },
  steps: [
    { say: 'Every night at 02:00 UTC the policy backs up web-01 and keeps the 7 newest automatic backups (P1, P2).' },
    { advance: '1d' },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: true, equals: 1 } },
    { say: 'The first automatic backup is Available: create an image from it.' },
    { do: 'createImageFromBackup', backup: 'web.backups.0', name: 'web-01-golden', as: 'image' },
    { expect: { 'image.backup': { autoTrigger: true, linkedTo: 'image' }, image: { linkedTo: 'image.backup' } } },
    { advance: { until: { image: { status: 'active' } } } },
    { advance: '365d' },
    { say: 'A year later: the imaged backup is still there (I8), never counted among the 7 (P3).' },
    { expect: { 'image.backup': { status: 'available', linkedTo: 'image', autoTrigger: true }, image: { status: 'active' } } },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: true, equals: 8 } },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: false, equals: 0 } },
  ],
});
