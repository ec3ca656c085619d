import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'p9-failed-backups-are-kept-ten',
  title: 'At most ten failed policy backups are kept per resource, each for a month',
  narrative:
    'Twelve nightly runs fail. Only the ten newest Error backups are kept (the oldest go first), and each one goes a month after ' +
    'it failed. A failed backup can be deleted by hand at any time.',
  rules: ['P9', 'B4'],
  setup: {
    start: '2026-01-05T10:00:00Z',
    servers: [{ as: 'web' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'nightly', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 3, apply: ['vault'] }],
  },
  steps: [
    { do: 'failNext', operation: 'backup', count: 12 },
    { advance: '12d' },
    { expectCount: { kind: 'backup', status: 'error', equals: 10 } },
    { do: 'deleteBackup', backup: 'web.backups.0' },
    { expectCount: { kind: 'backup', status: 'error', equals: 9 } },
    { advance: '32d' },
    { say: 'A month after each failed, the rest are gone; the backups made since then succeeded.' },
    { expectCount: { kind: 'backup', status: 'error', equals: 0 } },
  ],
});
