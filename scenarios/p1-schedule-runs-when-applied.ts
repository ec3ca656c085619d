import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'p1-schedule-runs-when-applied',
  title: 'A policy runs on its schedule only when it is enabled and applied to a vault',
  narrative:
    'A daily 02:00 (UTC) policy does nothing until it is applied to a vault. Applied, it backs up every night; disabled, it ' +
    'stops. Runs must be at least one hour apart.',
  rules: ['P1'],
  setup: {
    start: '2026-01-05T10:00:00Z',
    servers: [{ as: 'web' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'daily', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'] }],
  },
  steps: [
    { advance: '3d' },
    { say: 'Three nights passed, but the policy is not applied to any vault.' },
    { expectCount: { kind: 'backup', equals: 0 } },
    { do: 'applyPolicy', policy: 'daily', vault: 'vault' },
    { advance: '2d' },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: true, equals: 2 } },
    { do: 'updatePolicy', policy: 'daily', changes: { enabled: false } },
    { expect: { daily: { status: 'disabled', label: 'Disabled' } } },
    { advance: '3d' },
    { expectCount: { kind: 'backup', equals: 2 } },
    { say: 'Two runs 30 minutes apart are not allowed.' },
    { refuse: 'Sim.InvalidArgument', do: 'createPolicy', name: 'too-close', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0', 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30'] },
  ],
});
