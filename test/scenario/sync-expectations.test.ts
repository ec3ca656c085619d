/**
 * C10 in the scenario format: expectTask picks a hybrid vault's sync tasks by their vault and
 * checks their counters (V1), and a backup expectation checks the resource type and provider ID
 * that tell a VMware backup (V2). What passes, what fails with which message, what the schema refuses.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { ScenarioError, validateScenario } from '../../src/scenario/validate.js';
import type { Scenario, Step } from '../../src/scenario/types.js';

const VMWARE = 'a13639de-00be-4e94-af30-26912d75e4a2';

/** erp01's uploaded copy synchronised into hv1, and web's backup in a server vault; then `steps`. */
function scenario(steps: Step[]): Scenario {
  return {
    id: 'sync-expectations', title: 't', narrative: 'n', rules: ['V1'],
    setup: { servers: [{ as: 'web' }], vaults: [{ as: 'sv', kind: 'server', resources: ['web'] }] },
    steps: [
      { do: 'createSite', name: 'dc1', ebackup: true, as: 'dc1' },
      { do: 'createVm', site: 'dc1', name: 'erp01', os: 'linux', disksGB: [40, 100], as: 'erp01' },
      { do: 'createVault', name: 'hv1', kind: 'vmware', resources: ['erp01'], as: 'hv1' },
      { do: 'backupVmOnPrem', vm: 'erp01', as: 'copy' },
      { advance: { until: { copy: { status: 'uploaded' } } } },
      { do: 'syncBackups', vault: 'hv1', copies: ['copy'] },
      { advance: '1m' },
      { do: 'backupServer', server: 'web', as: 'b1' },
      { advance: { until: { b1: { status: 'available' } } } },
      ...steps,
    ],
  };
}

function last(steps: Step[]) {
  const run = new ScenarioRun(scenario(steps));
  const { outcomes } = run.runToEnd();
  return { ok: run.ok, outcome: outcomes[outcomes.length - 1]! };
}

describe('expectTask of a sync task (V1)', () => {
  it('holds for the sync task of a vault with the counters it has', () => {
    expect(last([{ expectTask: { vault: 'hv1', operationType: 'sync', status: 'success', syncBackupNum: 1, deleteBackupNum: 0, errSyncBackupNum: 0 } }]).ok).toBe(true);
    expect(last([{ expectTask: { vault: 'sv', operationType: 'sync', count: 0 } }]).ok).toBe(true);
  });

  it('fails a counter that differs, showing the counters of the vault\'s tasks', () => {
    const { ok, outcome } = last([{ expectTask: { vault: 'hv1', syncBackupNum: 2 } }]);
    expect(ok).toBe(false);
    expect(outcome.failure!.message).toMatch(/^no task has vault=hv1 syncBackupNum=2; the tasks of hv1: sync success syncBackupNum=1 deleteBackupNum=0 errSyncBackupNum=0 \(erp01, /);
  });

  it('takes vault as the one criterion, refuses a negative counter, and a vault not named yet', () => {
    const schema = new Ajv({ strict: false }).compile(scenarioSchema());
    expect(schema(scenario([{ expectTask: { vault: 'hv1' } }]))).toBe(true);
    expect(() => validateScenario(scenario([{ expectTask: { vault: 'hv1', errSyncBackupNum: -1 } }]), 'x')).toThrow(ScenarioError);
    expect(() => new ScenarioRun(scenario([{ expectTask: { vault: 'hv9' } }]))).toThrow(/expectTask\/vault: "hv9" is not named yet/);
  });
});

describe('a backup\'s resourceType and providerId (V2)', () => {
  it('tell a VMware backup from an ECS backup', () => {
    expect(last([{ expect: { 'copy.backup': { resourceType: 'OS::VMware::Server', providerId: VMWARE }, b1: { resourceType: 'OS::Nova::Server' } } }]).ok).toBe(true);
    const { outcome } = last([{ expect: { b1: { providerId: VMWARE } } }]);
    expect(outcome.failure!.message).toMatch(new RegExp(`^b1\\.providerId: expected ${VMWARE}, got `));
  });

  it('are a backup\'s only', () => {
    const { outcome } = last([{ expect: { erp01: { resourceType: 'OS::VMware::Server' } } }]);
    expect(outcome.failure!.message).toBe('erp01.resourceType: only a backup has resourceType; erp01 is a vm');
  });
});
