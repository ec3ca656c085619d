import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 's1-back-up-a-vault-now',
  title: 'Backing up a vault makes one restore point, and skips what is already being backed up',
  narrative:
    'A vault holds three servers. web is being backed up by hand when the whole vault is backed up, so the restore point ' +
    '(checkpoint) that makes holds backups of db and app only, and lists web as skipped (BackupService.6125). The restore point ' +
    'is Creating while its backups are and Available once they all are; a manual backup of one server is a restore point of one. ' +
    'When no server of the vault can be backed up, backing it up is refused and nothing is made.',
  rules: ['S1', 'P4', 'S2'],
  setup: {
    servers: [{ as: 'web' }, { as: 'db', dataDisksGB: [100] }, { as: 'app' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web', 'db', 'app'] }],
  },
  steps: [
    { say: 'web is backed up by hand: that backup is a restore point of its own, holding just it.' },
    { do: 'backupServer', server: 'web', as: 'bWeb' },
    { expect: { 'bWeb.checkpoint': { status: 'protecting', label: 'Creating', backups: ['bWeb'], skipped: 0 } } },
    { say: 'While it runs, the whole vault is backed up: one restore point, a backup of db and one of app, web skipped.' },
    { do: 'backupVault', vault: 'vault', name: 'before-upgrade', description: 'all servers before the upgrade', as: 'point' },
    { expect: { point: { status: 'protecting', label: 'Creating', backups: ['db.backups.0', 'app.backups.0'], skipped: ['web'] } } },
    { expect: { 'db.backups.0': { checkpoint: 'point', status: 'protecting' }, 'app.backups.0': { checkpoint: 'point' }, bWeb: { status: 'protecting' } } },
    { say: 'The skipped server has a task of its own in the log, skipped with the code a manual backup of it would get.' },
    { expectTask: { resource: 'web', operationType: 'backup', status: 'skipped', code: 'BackupService.6125' } },
    { advance: { until: { point: { status: 'available' } } } },
    { expect: { point: { label: 'Available' }, 'db.backups.0': { status: 'available' }, 'app.backups.0': { status: 'available' } } },
    { say: 'Now nothing is running: backing up the vault again covers all three servers.' },
    { do: 'backupVault', vault: 'vault', as: 'again' },
    { expect: { again: { backups: 3, skipped: 0, autoTrigger: false } } },
    { say: 'Right away, all three are being backed up: a third request has nothing it can back up, and is refused.' },
    { refuse: 'BackupService.0001', do: 'backupVault', vault: 'vault' },
    { advance: { until: { again: { status: 'available' } } } },
    { expectCount: { kind: 'checkpoint', status: 'available', equals: 3 } },
    { expectCount: { kind: 'backup', status: 'available', equals: 6 } },
  ],
});
