import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'p3-manual-backups-are-never-retained-away',
  title: 'Retention deletes only automatic backups; a manual backup stays',
  narrative:
    'A backup you made by hand is not touched by the policy\'s retention: "keep 2" keeps the 2 newest automatic backups, ' +
    'and the manual one on top.',
  rules: ['P3', 'P2'],
  setup: {
    start: '2026-01-05T10:00:00Z',
    servers: [{ as: 'web' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'keep2', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 2 }],
  },
  steps: [
    { do: 'backupServer', server: 'web', name: 'before-upgrade', as: 'manual' },
    { advance: { until: { manual: { status: 'available' } } } },
    { expect: { manual: { autoTrigger: false } } },
    { do: 'applyPolicy', policy: 'keep2', vault: 'vault' },
    { advance: '6d' },
    { say: 'Six nightly runs: four automatic backups were deleted, the manual one was not.' },
    { expect: { manual: { status: 'available', autoTrigger: false } } },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: true, equals: 2 } },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: false, equals: 1 } },
    { expectCount: { kind: 'backup', status: 'deleted', includeDeleted: true, equals: 4 } },
  ],
});
