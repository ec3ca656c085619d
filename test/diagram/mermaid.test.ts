/**
 * The Mermaid export: `stateDiagram-v2` text with composite states, regions separated by `--`,
 * `[*]` initial arrows, final states, transition labels and highlighting.
 */
import { describe, expect, it } from 'vitest';
import { createMachine, stateIn } from 'xstate';
import { backupMachine, policyMachine } from '../../machines/index.js';
import { toMermaid, toStatechartGraph } from '../../src/diagram/index.js';
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

    it(`of the ${name} machine has one labelled line per transition group and no raw # or ; in labels`, () => {
      const graph = toStatechartGraph(machine);
      const text = toMermaid(graph);
      // Mermaid's entities (#35; for #, #amp; for &, …) read back as the characters they stand for.
      const decoded = text.replace(/#(\w+);/g, (entity, name: string) => (/^\d+$/.test(name) ? String.fromCharCode(Number(name)) : ({ amp: '&', lt: '<', gt: '>', quot: '"' } as Record<string, string>)[name] ?? entity));
      for (const edge of graph.edges) expect(decoded, edge.label).toContain(edge.label);
      for (const line of text.split('\n').filter((l) => l.includes(' --> ') && l.includes(' : '))) {
        const label = line.slice(line.indexOf(' : ') + 3);
        expect(label.replace(/#\w+;/g, '')).not.toMatch(/[#;{}]/);
      }
    });
  }
});

describe('the Mermaid text of the backup machine', () => {
  const text = toMermaid(toStatechartGraph(backupMachine), { highlight: ['backup.lifecycle.available', 'backup.imageLink.linked'] });

  it('wraps the parallel root around its four regions, separated by --', () => {
    expect(text).toContain('  [*] --> backup\n  state "backup" as backup {');
    const root = block(text, 'backup');
    expect(root.filter((line) => line.trim() === '--')).toHaveLength(3);
    expect(root.filter((line) => /^ {4}state "/.test(line)).map((line) => line.trim())).toEqual([
      'state "lifecycle" as backup_lifecycle {',
      'state "imageLink" as backup_imageLink {',
      'state "succession" as backup_succession {',
      'state "expiry" as backup_expiry {',
    ]);
  });

  it('nests the creating composite state, with its status and its initial child', () => {
    expect(text).toContain('state "creating · protecting · Creating · rules B1" as backup_lifecycle_creating {');
    const creating = block(text, 'backup_lifecycle_creating');
    expect(creating[0]?.trim()).toBe('[*] --> backup_lifecycle_creating_snapshot');
    expect(creating.join('\n')).toContain(
      'backup_lifecycle_creating_snapshot --> backup_lifecycle_creating_imageCreatable : after snapshotPhase [hasSystemDiskData]',
    );
  });

  it('marks the final state and describes leaf states with status and label', () => {
    const lifecycle = block(text, 'backup_lifecycle').join('\n');
    expect(lifecycle).toContain('backup_lifecycle_deleted --> [*]');
    expect(lifecycle).toContain('backup_lifecycle_available : available · Available');
    expect(lifecycle).toContain('[*] --> backup_lifecycle_creating');
  });

  it('declares a transition leaving a composite state in the block containing both ends', () => {
    const lifecycle = block(text, 'backup_lifecycle');
    const creating = block(text, 'backup_lifecycle_creating');
    const line = 'backup_lifecycle_creating_imageCreatable --> backup_lifecycle_error : after dataTransfer [jobFails]';
    expect(lifecycle.map((l) => l.trim())).toContain(line);
    expect(creating.map((l) => l.trim())).not.toContain(line);
  });

  it('merges the transitions between two states into one arrow with one line each', () => {
    expect(text).toContain(
      'backup_lifecycle_available --> backup_lifecycle_available : DELETE [hasImage] / refuse BackupService.6204<br/>DELETE [nextBackupRunning] / refuse BackupService.6216',
    );
    expect(text).toContain('backup_lifecycle_available --> backup_lifecycle_deleting : DELETE<br/>EXPIRY_DUE [retentionMayDelete]<br/>EXPIRE [retentionMayDelete]<br/>VAULT_DELETED');
  });

  it('highlights the given states with the active class', () => {
    expect(text).toMatch(/^ {2}classDef active fill:#fff1b8/m);
    expect(text).toContain('  class backup_lifecycle_available,backup_imageLink_linked active\n');
    expect(toMermaid(toStatechartGraph(backupMachine))).not.toMatch(/^\s*class /m);
  });
});

describe('the Mermaid text of other charts', () => {
  it('puts a transition into a nested state in the block of the lowest common state', () => {
    const text = toMermaid(toStatechartGraph(policyMachine), { direction: 'LR' });
    expect(text).toContain('stateDiagram-v2\n  direction LR\n');
    expect(block(text, 'policy').map((l) => l.trim())).toContain(
      'policy_disabled --> policy_enabled_scheduled : ENABLE [isApplied] / markEnabled',
    );
    expect(block(text, 'policy').map((l) => l.trim())).toContain('[*] --> policy_resolving');
  });

  it('escapes characters Mermaid would read as syntax', () => {
    const machine = createMachine({
      id: 'esc',
      initial: 'a',
      states: { a: { on: { GO: { guard: stateIn('#esc.b'), target: 'b' } } }, b: {} },
    });
    const text = toMermaid(toStatechartGraph(machine));
    expect(text).toContain('esc_a --> esc_b : GO [in(#35;esc.b)]');
  });
});
