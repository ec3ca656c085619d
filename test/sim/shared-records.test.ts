/**
 * `getShared` and `listSharedBackups` (src/sim/simulation.ts, for the service API's bodies): the
 * same records as `get` and `list`, frozen, and the very same object while nothing changed, so a
 * list of thousands is not built again for every request; a change gives a new record.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/sim/simulation.js';

function world() {
  const sim = createSimulation({ profile: 'realistic' });
  const server = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40 });
  sim.advance('10m');
  const backup = sim.backupServer(server.id);
  return { sim, server, backup };
}

describe('shared records', () => {
  it('are the records get and list answer, frozen through and through', () => {
    const { sim, server, backup } = world();
    for (const id of [server.id, backup.id, backup.children[0]!.id]) expect(sim.getShared(id)).toEqual(sim.get(id));
    expect(sim.listSharedBackups()).toEqual(sim.list('backup'));
    const shared = sim.getShared(backup.id) as typeof backup;
    expect(Object.isFrozen(shared) && Object.isFrozen(shared.children) && Object.isFrozen(shared.children[0])).toBe(true);
    expect(() => { (shared as { name: string }).name = 'changed'; }).toThrow(TypeError);
    expect(sim.get(backup.id).name).toBe(backup.name);
  });

  it('are the same object between two reads of the same state, and a new one once the resource changed', () => {
    const { sim, backup } = world();
    const first = sim.getShared(backup.id);
    expect(sim.getShared(backup.id)).toBe(first);
    expect(sim.listSharedBackups()[0]).toBe(first);
    sim.advance('2h');
    const later = sim.getShared(backup.id);
    expect(later).not.toBe(first);
    expect([first.status, later.status]).toEqual(['protecting', 'available']);
    sim.updateBackup(backup.id, { name: 'renamed' });
    expect(sim.getShared(backup.id).name).toBe('renamed');
  });

  it('leave get and list giving records of the caller\'s own, as before', () => {
    const { sim, backup } = world();
    const mine = sim.get(backup.id) as typeof backup;
    mine.name = 'mine';
    expect(sim.get(backup.id).name).toBe(backup.name);
    expect(sim.get(backup.id)).not.toBe(sim.get(backup.id));
  });

  it('list only live backups: a deleted one is gone from the list, as from list(\'backup\')', () => {
    const { sim, backup } = world();
    sim.advance('2h');
    sim.deleteBackup(backup.id);
    sim.advance('1h');
    expect(sim.listSharedBackups().map((b) => b.id)).toEqual(sim.list('backup').map((b) => b.id));
    expect(sim.list('backup')).toHaveLength(0);
  });

  it('list the very same backups array while no backup changed, and a new one the moment one does', () => {
    const { sim, server, backup } = world();
    const first = sim.listSharedBackups();
    expect(sim.listSharedBackups()).toBe(first);
    // Another resource changing leaves the backups' list as it was.
    sim.createServer({ name: 'db', os: 'linux', systemDiskGB: 40 });
    expect(sim.listSharedBackups()).toBe(first);
    // The clock moving a backup on (its snapshot phase ends), a new backup, a deletion: a new list each time.
    sim.advance('10m');
    const marked = sim.listSharedBackups();
    expect(marked).not.toBe(first);
    expect(marked).toEqual(sim.list('backup'));
    sim.advance('1h');
    const second = sim.backupServer(server.id);
    const two = sim.listSharedBackups();
    expect(two.map((b) => b.id)).toEqual([backup.id, second.id]);
    // P5: the older backup is deleted once the newer one has ended.
    sim.advance('1h');
    const ended = sim.listSharedBackups();
    expect(ended).not.toBe(two);
    sim.deleteBackup(backup.id);
    expect(sim.listSharedBackups()).not.toBe(ended);
    expect(sim.listSharedBackups()).toEqual(sim.list('backup'));
    expect(Object.isFrozen(sim.listSharedBackups())).toBe(true);
  });
});
