import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'p4-busy-run-is-skipped',
  title: 'A scheduled run is skipped while the previous backup of the server is still running',
  narrative:
    'The policy runs at 00:00 and 01:00, but a backup of this 240 GB server takes about 1 h 37 min. ' +
    'At 01:00 the 00:00 backup is still running, so that run is skipped: the journal notes it, and the task log has a Skipped backup task.',
  rules: ['P4', 'P1', 'S2'],
  setup: {
    profile: 'realistic',
    start: '2026-01-04T23:00:00Z',
    servers: [{ as: 'big', systemDiskGB: 40, dataDisksGB: [200] }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['big'] }],
    policies: [{ as: 'twice', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=0,1;BYMINUTE=0'], apply: ['vault'] }],
  },
  steps: [
    { advance: '90m' },
    { say: '00:31: the 00:00 backup is running.' },
    { expectCount: { kind: 'backup', status: 'protecting', equals: 1 } },
    { advance: '1h' },
    { say: '01:31: the 01:00 run found it still running and was skipped: still one backup.' },
    { expectCount: { kind: 'backup', status: 'protecting', equals: 1 } },
    { expectCount: { kind: 'backup', includeDeleted: true, equals: 1 } },
    { say: 'The task log shows the skipped run: a backup task of big, Skipped with the code BackupService.6125 (S2).' },
    { expectTask: { resource: 'big', operationType: 'backup', status: 'skipped', code: 'BackupService.6125' } },
    { advance: '1h' },
    { say: '02:31: the one backup of the night is Available.' },
    { expectCount: { kind: 'backup', status: 'available', autoTrigger: true, equals: 1 } },
    { expectCount: { kind: 'backup', includeDeleted: true, equals: 1 } },
  ],
});
