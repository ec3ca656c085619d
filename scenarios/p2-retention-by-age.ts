import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'p2-retention-by-age',
  title: 'Retention by age keeps the backups of the last days; count and age never go together',
  narrative:
    'A policy that keeps backups for 3 days deletes each automatic backup once it is older than that, in the next day\'s batch (P8). A policy may keep by ' +
    'count or by age, never both.',
  rules: ['P2'],
  setup: {
    start: '2026-01-05T10:00:00Z',
    servers: [{ as: 'web' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'threeDays', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], retentionDays: 3, apply: ['vault'] }],
  },
  steps: [
    { advance: '10d' },
    { say: 'Ten nightly backups were made. Each expired 3 days after it was made and went in the batch at 08:00 UTC the next day (P8): the six made by Jan 11 are gone, four remain.' },
    { expectCount: { kind: 'backup', status: 'available', equals: 4 } },
    { expectCount: { kind: 'backup', status: 'deleted', includeDeleted: true, equals: 6 } },
    { refuse: 'Sim.InvalidArgument', do: 'createPolicy', name: 'both', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 3, retentionDays: 7 },
  ],
});
