import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'p6-p8-retention-in-time',
  title: 'Expiry is fixed when a backup is made; changing the rule from count to time leaves old backups alone; expired backups go in the next day\'s batch',
  narrative:
    'A nightly policy keeps 3 backups. Changed to keep backups for 1 day, its three old backups have no expiry (P6) and are never ' +
    'deleted automatically (P7: count → time). Each new backup expires one day after it is made and is deleted on its own timer ' +
    'in the batch at 08:00 UTC the next day (P8), even after the server is deleted.',
  rules: ['P6', 'P7', 'P8'],
  setup: {
    start: '2026-01-05T10:00:00Z',
    servers: [{ as: 'web' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'nightly', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 3, apply: ['vault'] }],
  },
  steps: [
    { advance: '3d' },
    { expectCount: { kind: 'backup', status: 'available', equals: 3 } },
    { do: 'updatePolicy', policy: 'nightly', changes: { maxBackups: null, retentionDays: 1 } },
    { say: 'Jan 9 02:00: the first backup under the new rule; it expires Jan 10 02:00 and goes in the batch of Jan 11 08:00.' },
    { advance: '2d' },
    { expectCount: { kind: 'backup', status: 'available', equals: 5 } },
    { do: 'deleteServer', server: 'web' },
    { advance: '3d' },
    { say: 'The server is gone and no backup completes any more; the two new backups expired on their own timers. The three old ones stay.' },
    { expectCount: { kind: 'backup', status: 'available', equals: 3 } },
    { expectCount: { kind: 'backup', status: 'deleted', includeDeleted: true, equals: 2 } },
  ],
});
