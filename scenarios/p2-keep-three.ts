import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'p2-keep-three',
  title: 'Keep 3: by Saturday only Thursday, Friday and Saturday remain',
  narrative: 'A policy set on Monday 10:00 backs up daily at 02:00 and keeps 3 backups: once a fourth is made, the oldest is deleted.',
  rules: ['P1', 'P2', 'P3', 'C5'],
  setup: {
    start: '2026-01-05T10:00:00Z',
    servers: [{ as: 'web' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'daily', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 3, apply: ['vault'] }],
  },
  steps: [
    { advance: '3d' },
    { expectCount: { kind: 'backup', status: 'available', equals: 3 } },
    { advance: '2d' },
    { say: 'Saturday 10:00: the backups of Tuesday and Wednesday were retained away.' },
    { expectCount: { kind: 'backup', status: 'available', equals: 3 } },
    { expectCount: { kind: 'backup', status: 'deleted', includeDeleted: true, equals: 2 } },
  ],
});
