import { defineScenario } from '../src/scenario/types.js';

const NIGHTLY = ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'];
// Thirty other policies of the account, so that the nightly and the weekly one make 32 (P10).
const others = Array.from({ length: 30 }, (_, i) => ({ as: `other${i + 1}`, enabled: false, pattern: NIGHTLY }));

export default defineScenario({
  id: 'p10-vaults-and-limits',
  title: 'A full vault fails the scheduled backup; an auto-expanding one grows; at most 32 policies',
  narrative:
    'Two servers are backed up every night, each into its own vault of 140 GB, and each backup is 140 GB. The first night ' +
    'fills both vaults. The second night, the vault without auto-expansion is full: the scheduled backup fails with ' +
    'BackupService.6114, makes no backup, and the vault and the policy say so (lastRun). The vault with auto-expansion grows ' +
    'to 1.25 times its capacity, as often as the backup needs, and the backup is made. Enabling auto-expansion on the vault ' +
    'that is already full does not help; giving it more capacity does. An account has at most 32 backup policies ' +
    '(BackupService.6001); deleting one makes room for another.',
  rules: ['P10'],
  setup: {
    start: '2026-01-05T10:00:00Z',
    servers: [{ as: 'web', systemDiskGB: 40, dataDisksGB: [100] }, { as: 'app', systemDiskGB: 40, dataDisksGB: [100] }],
    vaults: [
      { as: 'fixed', kind: 'server', resources: ['web'], capacityGB: 140 },
      { as: 'growing', kind: 'server', resources: ['app'], capacityGB: 140, autoExpand: true },
    ],
    policies: [{ as: 'nightly', pattern: NIGHTLY, apply: ['fixed', 'growing'] }, { as: 'weekly', pattern: ['FREQ=WEEKLY;BYDAY=SU;BYHOUR=3;BYMINUTE=0'] }, ...others],
  },
  steps: [
    { say: 'The first night both servers are backed up; 140 GB fill the fixed vault exactly.' },
    { advance: '1d' },
    { expect: { fixed: { usedGB: 140, capacityGB: 140, lastRun: 'success' }, growing: { usedGB: 140, lastRun: 'success' } } },
    { say: 'The second night the fixed vault is full: its backup fails with BackupService.6114 and no backup is made. The growing vault grows 140 → 175 → 219 → 274 → 343 GB and takes the backup.' },
    { advance: '1d' },
    { expect: { fixed: { usedGB: 140, lastRun: 'failed' }, growing: { usedGB: 280, capacityGB: 343, lastRun: 'success' }, nightly: { lastRun: 'partial' } } },
    { expectCount: { kind: 'backup', equals: 3 } },
    { say: 'Auto-expansion enabled on a vault that is already full does not help.' },
    { do: 'updateVault', vault: 'fixed', autoExpand: true },
    { refuse: 'BackupService.6114', do: 'backupServer', server: 'web' },
    { say: 'More capacity does: from then on the vault also grows by itself.' },
    { do: 'updateVault', vault: 'fixed', capacityGB: 200 },
    { do: 'backupServer', server: 'web', as: 'manual' },
    { expect: { fixed: { usedGB: 280, capacityGB: 313 } } },
    { say: 'The account already has 32 backup policies: a 33rd is refused until one is deleted.' },
    { refuse: 'BackupService.6001', do: 'createPolicy', name: 'monthly', pattern: ['FREQ=WEEKLY;BYDAY=MO;BYHOUR=4;BYMINUTE=0'] },
    { do: 'deletePolicy', policy: 'weekly' },
    { expect: { weekly: { status: 'deleted' } } },
    { do: 'createPolicy', name: 'monthly', pattern: ['FREQ=WEEKLY;BYDAY=MO;BYHOUR=4;BYMINUTE=0'], as: 'monthly' },
    { expectCount: { kind: 'policy', equals: 32 } },
  ],
});
