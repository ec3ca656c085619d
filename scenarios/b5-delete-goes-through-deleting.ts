import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 'b5-delete-goes-through-deleting',
  title: 'Deleting a backup goes through Deleting, and only from Available or Error',
  narrative:
    'A Creating backup cannot be deleted. An Available one can: it shows Deleting for a while, then it is gone, ' +
    'and asking again says it was already deleted.',
  rules: ['B5'],
  setup: { servers: [{ as: 'web' }] },
  steps: [
    { do: 'backupServer', server: 'web', as: 'backup' },
    { refuse: 'BackupService.6201', do: 'deleteBackup', backup: 'backup' },
    { expect: { backup: { status: 'protecting' } } },
    { advance: { until: { backup: { status: 'available' } } } },
    { do: 'deleteBackup', backup: 'backup' },
    { expect: { backup: { status: 'deleting', label: 'Deleting' } } },
    { say: 'Deleting is not Available or Error: a second delete is refused too.' },
    { refuse: 'BackupService.6201', do: 'deleteBackup', backup: 'backup' },
    { advance: { until: { backup: { status: 'deleted' } } } },
    { expect: { backup: { label: 'Deleted' } } },
    { refuse: 'Sim.AlreadyDeleted', do: 'deleteBackup', backup: 'backup' },
    { expectCount: { kind: 'backup', equals: 0 } },
  ],
});
