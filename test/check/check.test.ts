import { describe, expect, it } from 'vitest';
import { createMachine, type AnyStateMachine } from 'xstate';
import { check } from '../../src/check/index.js';
import { backupMachine } from '../../machines/backup.machine.js';
import { imageMachine } from '../../machines/image.machine.js';
import { localCopyMachine } from '../../machines/local-copy.machine.js';

/** A deep copy of plain objects and arrays that keeps functions (guards, context factories) as they are. */
function copy(value: unknown): any {
  if (Array.isArray(value)) return value.map(copy);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  return value;
}

/** A copy of `machine` with `edit` applied to its config: a deliberately broken chart. */
function broken(machine: AnyStateMachine, edit: (config: any) => void): AnyStateMachine {
  const config = copy(machine.config);
  edit(config);
  return createMachine(config, machine.implementations as never);
}

/**
 * The models of one server backup and its image: where a broken backup or image chart breaks I5,
 * I7, I8, I9 and P3 (a whole check per broken chart would take minutes on 2 cores).
 */
const SERVER_BACKUPS = /server backup/;

describe('check: exhaustive verification of the real charts', { timeout: 180_000 }, () => {
  const report = check();

  it('holds every ∀ rule (I5, I7, I8, I9, P2, P3, V1, V4) in every reachable state', () => {
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('covers every state and every transition of the backup, image, policy, site, VM and local copy charts and the vault\'s sync region', () => {
    expect(Object.keys(report.coverage)).toEqual(['backup', 'image', 'policy', 'site', 'vm', 'localCopy', 'vault']);
    for (const [name, c] of Object.entries(report.coverage)) {
      expect({ name, missingStates: c.states.missing, missingTransitions: c.transitions.missing }).toEqual({ name, missingStates: [], missingTransitions: [] });
      expect(c.transitions.total).toBeGreaterThan(name === 'vault' ? 5 : 7);
    }
    // The VMware backup is explored: its arrival (V2) and its V4 refusals are transitions taken.
    expect(report.coverage.backup.transitions.total).toBeGreaterThanOrEqual(74);
  });

  it('reports how much it explored', () => {
    expect(report.explored.states).toBeGreaterThan(500);
    expect(report.explored.transitions).toBeGreaterThan(report.explored.states);
    expect(report.explored.paths).toBe(report.explored.states);
    expect(report.timeMs).toBeGreaterThan(0);
  });

  it('fails, with the events that lead there, when a backup with an image can be deleted (I7)', () => {
    const leaky = broken(backupMachine, (c) => {
      c.states.lifecycle.states.available.on.DELETE = { target: 'deleting' };
    });
    const r = check({ machines: { backup: leaky }, models: SERVER_BACKUPS });
    expect(r.ok).toBe(false);
    const v = r.violations.find((x) => x.rule === 'I7')!;
    expect(v.message).toMatch(/a backup that has an image/);
    expect(v.path.map((e) => (e as { type: string }).type)).toContain('createImageFromBackup');
  });

  it('fails when retention can delete an imaged automatic backup (I8) or a manual one (P3)', () => {
    const greedy = broken(backupMachine, (c) => {
      c.states.lifecycle.states.available.on.EXPIRE = { target: 'deleting' };
    });
    const rules = check({ machines: { backup: greedy }, models: SERVER_BACKUPS }).violations.map((v) => v.rule);
    expect(rules).toContain('I8');
    expect(rules).toContain('P3');
  });

  it('fails when a second image can be made from a backup (I5)', () => {
    const generous = broken(backupMachine, (c) => {
      c.states.imageLink.states.linked.on.CREATE_IMAGE = { target: 'linked', actions: 'linkImage' };
    });
    expect(check({ machines: { backup: generous }, models: SERVER_BACKUPS }).violations.map((v) => v.rule)).toContain('I5');
  });

  it('fails when the image is not smaller than its backup (I9)', () => {
    const bloated = broken(imageMachine, (c) => {
      c.context = ({ input }: { input: { sizeGB: number } }) => ({ ...input, sizeGB: input.sizeGB * 10, provisioned: 0, exports: 0 });
    });
    expect(check({ machines: { image: bloated }, models: SERVER_BACKUPS }).violations.map((v) => v.rule)).toContain('I9');
  });

  it('fails, with the path, when a VMware backup can be made into an image (V4)', () => {
    const imaging = broken(backupMachine, (c) => {
      c.states.imageLink.states.none.on.CREATE_IMAGE[0] = { guard: 'isVmwareBackup', target: 'linked', actions: 'linkImage' };
    });
    const r = check({ machines: { backup: imaging }, models: /VMware/ });
    const v = r.violations.find((x) => x.rule === 'V4')!;
    expect(v).toMatchObject({ message: 'a VMware backup has an image', model: 'VMware backup' });
    expect(v.path).toEqual([{ type: 'createImageFromBackup' }]);
    expect(check({ models: /VMware/ }).violations).toEqual([]);
  });

  it('fails, with the path, when a sync can register a local copy that is not uploaded yet (V1)', () => {
    const eager = broken(localCopyMachine, (c) => {
      c.states.stored.on.SYNC = { actions: 'allow' };
    });
    const r = check({ machines: { localCopy: eager }, models: /^on premises: site with eBackup, VM and hybrid vault$/ });
    const v = r.violations.find((x) => x.rule === 'V1')!;
    expect(v.message).toBe('a sync registered a local copy that was "stored", not uploaded');
    expect(v.path.map((e) => (e as { type: string }).type)).toEqual(expect.arrayContaining(['backupVmOnPrem', 'addVaultResources', 'syncBackups']));
  });

  it('fails on coverage when a chart has a transition nothing can take', () => {
    const dead = broken(imageMachine, (c) => {
      c.states.sourceBackup.states.creating.on.BACKUP_GONE = 'gone';
    });
    const r = check({ machines: { image: dead } });
    expect(r.ok).toBe(false);
    expect(r.coverage.image.transitions.missing).toEqual([expect.stringContaining('image.sourceBackup.creating BACKUP_GONE')]);
  });
});
