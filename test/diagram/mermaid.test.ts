/**
 * The Mermaid export: `stateDiagram-v2` text with composite states, regions separated by `--`,
 * `[*]` initial arrows, final states, transition labels and highlighting. How Mermaid draws it is
 * mermaid-render.test.ts's business; these tests read the text.
 */
import { describe, expect, it } from 'vitest';
import { createMachine, stateIn } from 'xstate';
import { backupMachine, diskMachine, policyMachine, serverMachine } from '../../machines/index.js';
import { toMermaid, toStatechartGraph } from '../../src/diagram/index.js';
import { mermaidStateIds } from '../../src/diagram/mermaid.js';
import { MACHINES, stateNodes } from './support.js';

/** The lines of the block `state "…" as <id> {` … `}`, without the braces. */
function block(text: string, id: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\s*state "[^"]*" as ${id} \\{$`).test(line));
  if (start < 0) return [];
  const indent = (lines[start] ?? '').search(/\S/);
  const end = lines.findIndex((line, i) => i > start && line.search(/\S/) === indent && line.trim() === '}');
  return lines.slice(start + 1, end);
}

describe('the Mermaid text of every machine', () => {
  for (const [name, machine] of MACHINES) {
    it(`of the ${name} machine is a stateDiagram-v2 naming every state key`, () => {
      const text = toMermaid(toStatechartGraph(machine));
      expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
      for (const { key } of stateNodes(machine)) expect(text, key).toContain(`"${key}`);
      const opened = (text.match(/\{$/gm) ?? []).length;
      const closed = (text.match(/^\s*\}$/gm) ?? []).length;
      expect(opened).toBe(closed);
    });

    it(`of the ${name} machine shows every transition's label, with no raw # or ; in labels and titles`, () => {
      const graph = toStatechartGraph(machine);
      const text = toMermaid(graph);
      // Mermaid's entities (#35; for #, #amp; for &, …) read back as the characters they stand for.
      const decoded = text.replace(/#(\w+);/g, (entity, name: string) => (/^\d+$/.test(name) ? String.fromCharCode(Number(name)) : ({ amp: '&', lt: '<', gt: '>', quot: '"' } as Record<string, string>)[name] ?? entity));
      for (const edge of graph.edges) expect(decoded, edge.label).toContain(edge.label);
      // Arrow labels and state descriptions (`a --> b : …`, `a : …`), and composite titles.
      for (const line of text.split('\n').filter((l) => l.includes(' : '))) {
        const label = line.slice(line.indexOf(' : ') + 3);
        expect(label.replace(/#\w+;/g, '')).not.toMatch(/[#;{}]/);
      }
      for (const [, title] of text.matchAll(/^\s*state "([^"]*)" as \w+/gm)) expect((title ?? '').replace(/#\w+;/g, '')).not.toMatch(/[#;{}]/);
    });
  }
});

describe('the Mermaid text of the backup machine', () => {
  const text = toMermaid(toStatechartGraph(backupMachine), { highlight: ['backup', 'backup.lifecycle', 'backup.lifecycle.available', 'backup.imageLink', 'backup.imageLink.linked'] });
  const topLevel = text.split('\n').filter((line) => /^ {2}\S/.test(line));

  it('wraps the parallel root around its four regions, separated by --', () => {
    expect(text).toContain(
      '  [*] --> backup\n  state "backup<br/>RENAME / rename<br/>EXPORT [isVmwareBackup] / refuse Sim.BackupNotExportable<br/>EXPORT / refuse Sim.BackupNotExportable" as backup {',
    );
    const root = block(text, 'backup');
    expect(root.filter((line) => line.trim() === '--')).toHaveLength(3);
    expect(root.filter((line) => /^ {4}state "/.test(line)).map((line) => line.trim())).toEqual([
      'state "lifecycle" as backup_lifecycle {',
      'state "imageLink" as backup_imageLink {',
      'state "succession" as backup_succession {',
      'state "expiry" as backup_expiry {',
    ]);
  });

  it('nests the creating composite state, titled with its status, rules and refusals, around its initial child', () => {
    expect(text).toContain(
      'state "creating · protecting<br/>rules B1<br/>DELETE / refuse BackupService.6201<br/>VAULT_DELETED / refuse BackupService.6201<br/>RESTORE / refuse BackupService.2005<br/>CREATE_DISK / refuse BackupService.2005<br/>SHARE / refuse BackupService.6702" as backup_lifecycle_creating {',
    );
    const creating = block(text, 'backup_lifecycle_creating').map((l) => l.trim());
    expect(creating[0]).toBe('[*] --> backup_lifecycle_creating_snapshot');
    expect(creating).toContain('state "imageCreatable · “Image can be created”" as backup_lifecycle_creating_imageCreatable');
    expect(creating).toContain('backup_lifecycle_creating_imageCreatable : rules B2 I1');
  });

  it('marks the final state, and names a state once when its status and label say the same', () => {
    const lifecycle = block(text, 'backup_lifecycle').map((l) => l.trim());
    expect(lifecycle).toContain('backup_lifecycle_deleted --> [*]');
    expect(lifecycle).toContain('state "available" as backup_lifecycle_available');
    // V2: it arrives in a passing state, which sends a VMware backup straight to Available.
    expect(lifecycle).toContain('[*] --> backup_lifecycle_arriving');
    expect(topLevel).toContain('  backup_lifecycle_arriving --> backup_lifecycle_available : always [isVmwareBackup]');
    expect(topLevel).toContain('  backup_lifecycle_arriving --> backup_lifecycle_creating : always');
    expect(text).not.toMatch(/available · available|available · Available/);
  });

  it('lists the targetless transitions of a leaf as its description lines, not as an arrow to itself', () => {
    const lifecycle = block(text, 'backup_lifecycle').map((l) => l.trim());
    expect(lifecycle).toContain('backup_lifecycle_available : DELETE [hasImage] / refuse BackupService.6204');
    expect(lifecycle).toContain('backup_lifecycle_available : DELETE [nextBackupRunning] / refuse BackupService.6216');
    expect(lifecycle).toContain('backup_lifecycle_available : CREATE_DISK / allow');
    expect(text).not.toMatch(/^\s*(\w+) --> \1 :/m);
  });

  it('declares every state before the first transition, and every transition at the top level', () => {
    const lines = text.split('\n');
    const firstArrow = lines.findIndex((line) => / --> (?!\[\*\])/.test(line) && !line.includes('[*] -->'));
    const lastState = lines.map((line) => /^\s*state "/.test(line)).lastIndexOf(true);
    expect(lastState).toBeLessThan(firstArrow);
    expect(topLevel).toContain('  backup_lifecycle_creating_imageCreatable --> backup_lifecycle_error : after dataTransfer [jobFails]');
    expect(topLevel).toContain('  backup_lifecycle_creating_snapshot --> backup_lifecycle_creating_imageCreatable : after snapshotPhase [hasSystemDiskData]');
    // Inside blocks only the `[*]` arrows, which belong to the block they are written in.
    for (const line of lines.filter((l) => / --> /.test(l) && !/^ {2}\S/.test(l))) expect(line).toContain('[*]');
  });

  it('merges the transitions between two states into one arrow with one line each', () => {
    expect(topLevel).toContain('  backup_lifecycle_available --> backup_lifecycle_deleting : DELETE<br/>EXPIRY_DUE [retentionMayDelete]<br/>EXPIRE [retentionMayDelete]<br/>VAULT_DELETED');
  });

  it('gives the innermost highlighted states the active class and the states around them activeParent', () => {
    expect(text).toMatch(/^ {2}classDef active fill:#fff1b8/m);
    expect(text).toContain('  class backup_lifecycle_available,backup_imageLink_linked active\n');
    expect(text).toMatch(/^ {2}classDef activeParent stroke:#d48806/m);
    expect(text).toContain('  class backup,backup_lifecycle,backup_imageLink activeParent\n');
  });

  it('declares no class when nothing is highlighted', () => {
    expect(toMermaid(toStatechartGraph(backupMachine))).not.toMatch(/^\s*(class|classDef) /m);
  });
});

describe('the Mermaid text of other charts', () => {
  const policy = toMermaid(toStatechartGraph(policyMachine), { direction: 'LR' });

  it('declares a transition into a nested state at the top level, not in the block of the lowest common state', () => {
    expect(policy).toContain('stateDiagram-v2\n  direction LR\n');
    expect(policy).toContain('\n  policy_disabled --> policy_enabled_scheduled : ENABLE [isApplied] / markEnabled\n');
    expect(block(policy, 'policy').map((l) => l.trim())).not.toContain('policy_disabled --> policy_enabled_scheduled : ENABLE [isApplied] / markEnabled');
    expect(block(policy, 'policy').map((l) => l.trim())).toContain('[*] --> policy_resolving');
  });

  it('keeps the children of the enabled policy in its block, and its title once', () => {
    expect(policy).toContain('state "enabled<br/>rules P1 P2 P3 P7 P9 I8 C5<br/>BACKUP_COMPLETED / evaluateRetention" as policy_enabled {');
    expect(block(policy, 'policy_enabled').filter((l) => /^\s*state "/.test(l)).map((l) => l.trim())).toEqual([
      'state "unapplied" as policy_enabled_unapplied',
      'state "scheduled" as policy_enabled_scheduled',
    ]);
  });

  it('keeps a re-entering transition as an arrow to itself', () => {
    expect(policy).toContain(
      '\n  policy_enabled_scheduled --> policy_enabled_scheduled : UPDATE [timeToCount] / holdOldBackups, applyChanges<br/>UPDATE / applyChanges<br/>after untilNextRun / startRun, advanceSchedule\n',
    );
    expect(policy).toContain('\n    policy_disabled : UPDATE / applyChanges\n');
  });

  it('adds the status and the console label to a state\'s name only where they say more', () => {
    const server = toMermaid(toStatechartGraph(serverMachine));
    expect(server).toContain('state "ACTIVE · Running" as server_lifecycle_ACTIVE');
    const disk = toMermaid(toStatechartGraph(diskMachine));
    expect(disk).toContain('state "inUse" as disk_lifecycle_inUse');
    expect(disk).toContain('state "restoringBackup · Restoring" as disk_lifecycle_restoringBackup');
  });

  it('never gives a state an id Mermaid uses for the [*] of a block', () => {
    const machine = createMachine({ id: 'm', initial: 'start', states: { start: { on: { GO: 'end' } }, end: { type: 'final' } } });
    const ids = mermaidStateIds(toStatechartGraph(machine));
    expect([...ids.values()]).toEqual(['m', 'm_start_state', 'm_end_state']);
    expect(toMermaid(toStatechartGraph(machine))).toContain('  m_start_state --> m_end_state : GO\n');
  });

  it('escapes characters Mermaid would read as syntax', () => {
    const machine = createMachine({
      id: 'esc',
      initial: 'a',
      states: { a: { on: { GO: { guard: stateIn('#esc.b'), target: 'b' }, STAY: { guard: stateIn('#esc.b') } } }, b: {} },
    });
    const text = toMermaid(toStatechartGraph(machine));
    expect(text).toContain('esc_a --> esc_b : GO [in(#35;esc.b)]');
    expect(text).toContain('esc_a : STAY [in(#35;esc.b)]');
  });
});
