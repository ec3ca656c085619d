import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 's2-the-task-log',
  title: 'Every backup, restore and deletion is a task in the log',
  narrative:
    'CBR logs each backup, restore and deletion as a task: Running while it works, then Successful or Failed (with the error ' +
    'code) — or Skipped, when a scheduled run finds the server still being backed up. This scenario makes one of each and ' +
    'reads them back from the task log.',
  rules: ['S2', 'P4', 'B4', 'R2'],
  setup: {
    profile: 'realistic',
    start: '2026-01-04T23:50:00Z',
    servers: [{ as: 'web' }],
    vaults: [{ as: 'vault', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'nightly', pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=0;BYMINUTE=0'], apply: ['vault'] }],
  },
  steps: [
    { say: 'Just before midnight web is backed up by hand: its task is Running.' },
    { do: 'backupServer', server: 'web', as: 'b1' },
    { expect: { 'b1.task': { status: 'running', label: 'Running' } } },
    { expectTask: { backup: 'b1', operationType: 'backup', status: 'running' } },
    { say: 'At 00:00 the policy runs, finds web still being backed up and skips it (P4): a Skipped task.' },
    { advance: '15m' },
    { expectTask: { resource: 'web', operationType: 'backup', status: 'skipped', code: 'BackupService.6125' } },
    { advance: { until: { b1: { status: 'available' } } } },
    { expect: { 'b1.task': { status: 'success', label: 'Successful' } } },
    { say: 'The next backup fails (cbr-sim makes it): its task is Failed, with the code.' },
    { do: 'failNext', operation: 'backup' },
    { do: 'backupServer', server: 'web', as: 'b2' },
    { advance: { until: { b2: { status: 'error' } } } },
    { expectTask: { backup: 'b2', operationType: 'backup', status: 'failed', code: 'Sim.BackupFailed' } },
    { say: 'Restoring web from b1 is a restore task.' },
    { do: 'restoreBackup', backup: 'b1' },
    { expectTask: { backup: 'b1', operationType: 'restore', status: 'running' } },
    { advance: { until: { b1: { status: 'available' } } } },
    { expectTask: { backup: 'b1', operationType: 'restore', status: 'success', code: null } },
    { say: 'Deleting the failed backup by hand is a delete task.' },
    { do: 'deleteBackup', backup: 'b2' },
    { expectTask: { backup: 'b2', operationType: 'delete', status: 'running' } },
    { advance: { until: { b2: { status: 'deleted' } } } },
    { expectTask: { backup: 'b2', operationType: 'delete', status: 'success' } },
    { say: 'In all, web has three backup tasks: one Successful, one Skipped, one Failed.' },
    { expectTask: { resource: 'web', operationType: 'backup', count: 3 } },
    { expectCount: { kind: 'task', status: 'success', equals: 3 } },
  ],
});
