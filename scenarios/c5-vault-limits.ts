import { defineScenario } from '../src/scenario/types.js';

const disks = Array.from({ length: 257 }, (_, i) => ({ as: `d${i}`, sizeGB: 10 }));

export default defineScenario({
  id: 'c5-vault-limits',
  title: 'Policies work through vaults, and a vault has limits',
  narrative:
    'CBR keeps backups in vaults, and policies apply to vaults. A resource belongs to one vault only, a vault holds at most ' +
    '256 resources, and a vault whose capacity is used up takes no more backups.',
  rules: ['C5'],
  setup: {
    servers: [{ as: 'web', systemDiskGB: 40 }],
    disks,
    vaults: [
      { as: 'small', kind: 'server', resources: ['web'], capacityGB: 50 },
      { as: 'other', kind: 'server' },
      { as: 'full', kind: 'disk', resources: disks.slice(0, 256).map((d) => d.as) },
    ],
  },
  steps: [
    { say: 'web is already in the vault "small": it cannot join a second vault.' },
    { refuse: 'BackupService.6103', do: 'addVaultResources', vault: 'other', resources: ['web'] },
    { say: 'The vault "full" already holds 256 disks.' },
    { refuse: 'BackupService.6100', do: 'addVaultResources', vault: 'full', resources: ['d256'] },
    { do: 'backupServer', server: 'web', as: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { say: 'The first 40 GB backup used 40 of the vault\'s 50 GB: the next one does not fit.' },
    { refuse: 'BackupService.6114', do: 'backupServer', server: 'web' },
    { expectCount: { kind: 'backup', equals: 1 } },
  ],
});
