import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'c5-policies-back-up-and-delete',
  title: 'A backup policy backs up automatically and deletes old backups automatically',
  narrative:
    'A daily policy that keeps 2 backups is applied to the vault of a server. Every night it makes a backup without anyone ' +
    'asking, and once there are more than 2 it deletes the oldest.',
  rules: ['C5', 'P1', 'P2'],
  setup: {
    start: '2026-01-05T10:00:00Z',
    servers: [{ as: 'web' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'daily', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 2, apply: ['vault'] }],
  },
  steps: [
    { expect: { daily: { status: 'enabled' } } },
    { advance: '1d' },
    { say: 'Tuesday 10:00: the 02:00 run made the first automatic backup.' },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: true, equals: 1 } },
    { advance: '4d' },
    { say: 'Saturday 10:00: five runs, two backups kept, three deleted automatically.' },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: true, equals: 2 } },
    { expectCount: { kind: 'backup', status: 'deleted', includeDeleted: true, equals: 3 } },
  ],
});
