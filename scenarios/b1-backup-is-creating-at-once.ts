import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'b1-backup-is-creating-at-once',
  title: 'A backup is Creating from the moment it starts',
  narrative:
    'Start a backup of a running server: at once it shows as Creating (API status protecting). ' +
    'While it is Creating, the same server cannot be backed up a second time.',
  rules: ['B1'],
  setup: { servers: [{ as: 'web' }] },
  steps: [
    { do: 'backupServer', server: 'web', name: 'web-backup', as: 'backup' },
    { say: 'No waiting, no "pending" stage: the backup is Creating right away (B1).' },
    { expect: { backup: { status: 'protecting', label: 'Creating', imageable: false, autoTrigger: false } } },
    { refuse: 'BackupService.6125', do: 'backupServer', server: 'web' },
    { expectCount: { kind: 'backup', equals: 1 } },
    { advance: { until: { backup: { status: 'available' } } } },
    { expect: { backup: { label: 'Available' } } },
  ],
});
