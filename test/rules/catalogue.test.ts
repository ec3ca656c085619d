/**
 * Issue 10: the rule catalogue lives in the project. These tests keep it honest against what the
 * project says elsewhere: the README's rule table (same rules, same order, same text), the IDs the
 * charts, their refusals and the scenarios cite (each one defined), and the codes the charts refuse
 * with (each listed on its rule). None of them reads ../shared: a clone has only itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { FAMILIES, RULES, compareRuleIds, plainText, ruleById, ruleIdRanges } from '../../src/rules/catalogue.js';
import { MACHINES } from '../../src/sim/world.js';
import { regionMachine } from '../../machines/region.machine.js';
import type { RefuseParams } from '../../machines/refusal.js';
import { SCENARIOS } from '../../scenarios/index.js';

const root = new URL('../../', import.meta.url);
const CHARTS: Record<string, AnyStateMachine> = { ...MACHINES, region: regionMachine };

// --- the README's rule table -----------------------------------------------------------------------

interface Row {
  id: string;
  where: string;
  tests: string;
}

/**
 * The rows of the table under "## Where each rule lives", with the README's shorthand written out
 * the way a reader takes it: a `tests` cell "same" repeats the row above, "same, X" adds X to it,
 * and "same scenario" is the scenario the row above names.
 */
function readmeRuleRows(): Row[] {
  const text = readFileSync(new URL('README.md', root), 'utf8');
  const section = text.slice(text.indexOf('## Where each rule lives'));
  const lines = section.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| rule |'));
  expect(start, 'the README has a "| rule | in the statecharts | tests |" table').toBeGreaterThan(0);
  const rows: Row[] = [];
  let previous = '';
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.slice(2, -2).split(' | ');
    expect(cells, line).toHaveLength(3);
    const [id, where, cell] = cells as [string, string, string];
    let tests = cell === 'same' ? previous : cell.startsWith('same, ') ? `${previous}${cell.slice('same'.length)}` : cell;
    if (tests.includes('same scenario')) {
      const scenario = /scenario `[^`]+`/.exec(previous);
      expect(scenario, `${id}: "same scenario", but the row above names none`).not.toBeNull();
      tests = tests.replace('same scenario', scenario![0]);
    }
    rows.push({ id, where, tests });
    previous = tests;
  }
  return rows;
}

describe('the README\'s rule table', () => {
  it('lists exactly the modelled rules of the catalogue, in its order, with the same places and tests', () => {
    const modelled = RULES.filter((r) => r.modelled).map((r) => ({ id: r.id, where: r.where, tests: r.tests }));
    const rows = readmeRuleRows();
    expect(rows.map((r) => r.id)).toEqual(modelled.map((r) => r.id));
    for (const [i, row] of rows.entries()) expect(row, `README row ${row.id}`).toEqual(modelled[i]);
  });

  it('no longer says that C10 is not modelled (issue 13 models it)', () => {
    const text = readFileSync(new URL('README.md', root), 'utf8');
    expect(text).not.toMatch(/not modelled yet/);
    expect(readmeRuleRows().map((r) => r.id)).toEqual(expect.arrayContaining(['C10', 'V1', 'V2', 'V3', 'V4']));
  });
});

// --- every ID the project cites is defined ---------------------------------------------------------

function allNodes(node: AnyStateNode, out: AnyStateNode[] = []): AnyStateNode[] {
  out.push(node);
  for (const child of Object.values(node.states)) allNodes(child as AnyStateNode, out);
  return out;
}

type Transition = { actions: readonly unknown[]; meta?: { rules?: string[] } };

function refuseOf(t: Transition): RefuseParams | null {
  const action = t.actions.find((a) => typeof a === 'object' && a !== null && (a as { type?: unknown }).type === 'refuse');
  return action ? (action as { params: RefuseParams }).params : null;
}

/** Every rule ID a chart cites, with where: state `meta.rules`, transition `meta.rules`, refusals. */
function chartCitations(): { id: string; where: string }[] {
  const out: { id: string; where: string }[] = [];
  for (const [kind, machine] of Object.entries(CHARTS)) {
    for (const node of allNodes(machine.root)) {
      for (const id of (node.meta as { rules?: string[] } | undefined)?.rules ?? []) out.push({ id, where: `${kind} state ${node.id} meta.rules` });
      for (const [event, list] of node.transitions) {
        for (const t of list as unknown as Transition[]) {
          for (const id of t.meta?.rules ?? []) out.push({ id, where: `${kind} ${node.id} ${event} meta.rules` });
          const rule = refuseOf(t)?.rule;
          if (rule) out.push({ id: rule, where: `${kind} ${node.id} ${event} refusal` });
        }
      }
    }
  }
  return out;
}

/** `rule: 'P4'` in the simulator's own code (journal notes, the check's violations). */
function sourceCitations(): { id: string; where: string }[] {
  const out: { id: string; where: string }[] = [];
  const walk = (dir: URL, name: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(new URL(`${entry.name}/`, dir), `${name}${entry.name}/`);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(new URL(entry.name, dir), 'utf8');
        for (const m of text.matchAll(/\brule: '([A-Z]\d+)'/g)) out.push({ id: m[1]!, where: `${name}${entry.name}` });
      }
    }
  };
  walk(new URL('src/', root), 'src/');
  walk(new URL('machines/', root), 'machines/');
  return out;
}

describe('every rule ID the project cites', () => {
  it('found in the charts: each state and transition meta.rules and each refusal names a rule of the catalogue', () => {
    const cited = chartCitations();
    expect(cited.length).toBeGreaterThan(40);
    expect(cited.filter((c) => !ruleById(c.id))).toEqual([]);
  });

  it('found in the scenario library: each scenario\'s rules are rules of the catalogue', () => {
    const unknown = SCENARIOS.flatMap((s) => s.rules.filter((id) => !ruleById(id)).map((id) => `${s.id}: ${id}`));
    expect(unknown).toEqual([]);
  });

  it('found in the simulator\'s code: each rule: \'…\' of a journal note or a violation is a rule of the catalogue', () => {
    const cited = sourceCitations();
    expect(cited.map((c) => c.id)).toContain('P4');
    expect(cited.filter((c) => !ruleById(c.id))).toEqual([]);
  });

  it('points at modelled rules only, and every modelled rule is demonstrated by a scenario', () => {
    const cited = [...chartCitations(), ...SCENARIOS.flatMap((s) => s.rules.map((id) => ({ id, where: s.id })))];
    expect(cited.filter((c) => !ruleById(c.id)?.modelled)).toEqual([]);
    const demonstrated = new Set(SCENARIOS.flatMap((s) => s.rules));
    expect(RULES.filter((r) => r.modelled && !demonstrated.has(r.id)).map((r) => r.id)).toEqual([]);
  });
});

describe('the codes of each rule', () => {
  it('include every code a chart refuses with in that rule\'s name', () => {
    const missing: string[] = [];
    for (const [kind, machine] of Object.entries(CHARTS)) {
      for (const node of allNodes(machine.root)) {
        for (const [event, list] of node.transitions) {
          for (const t of list as unknown as Transition[]) {
            const params = refuseOf(t);
            if (params?.rule && !ruleById(params.rule)?.codes.includes(params.code)) missing.push(`${params.rule} lacks ${params.code} (${kind} ${node.id} ${event})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('are service codes (Service.NNNN) or the simulator\'s own (Sim.Name)', () => {
    for (const r of RULES) for (const code of r.codes) expect(code, r.id).toMatch(/^(Sim\.[A-Z][A-Za-z]+|[A-Za-z]+\.\d{4})$/);
  });
});

// --- the catalogue itself ------------------------------------------------------------------------

/** Words Title Case leaves in lower case unless they open the title. */
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'per', 'the', 'to', 'with']);

function isTitleCase(title: string): boolean {
  return title.split(' ').every((word, i) => {
    const bare = word.replace(/^["'(]+|["'),:]+$/g, '');
    if (i > 0 && SMALL_WORDS.has(bare)) return true;
    return bare.split('-').every((part) => /^[A-Z0-9]/.test(part));
  });
}

describe('the catalogue', () => {
  it('has the families B, I, C, P, R, S, V, each numbered from 1 without gaps', () => {
    expect(FAMILIES.map((f) => f.id)).toEqual(['B', 'I', 'C', 'P', 'R', 'S', 'V']);
    for (const f of FAMILIES) {
      expect(f.rules.map((r) => r.id)).toEqual(f.rules.map((_, i) => `${f.id}${i + 1}`));
      for (const r of f.rules) expect(r.family).toBe(f.id);
    }
    expect(ruleIdRanges()).toBe('B1–B5, I1–I12, C1–C12, P1–P10, R1–R4, S1–S3, V1–V4');
    expect(RULES).toHaveLength(50);
  });

  it('models every rule, C10 and V1–V4 included: each says where the charts encode it and which tests show it', () => {
    expect(RULES.filter((r) => !r.modelled).map((r) => r.id)).toEqual([]);
    for (const r of RULES) {
      expect(r.where, r.id).not.toBe('');
      expect(r.tests, r.id).not.toBe('');
    }
  });

  it('marks as ∀ the rules cbr-sim check asserts in every reachable state: I5, I7, I8, I9, P2, P3, V1, V4', () => {
    expect(RULES.filter((r) => r.invariant).map((r) => r.id)).toEqual(['I5', 'I7', 'I8', 'I9', 'P2', 'P3', 'V1', 'V4']);
  });

  it('gives every rule a short Title Case title and a statement of one to three sentences', () => {
    for (const r of RULES) {
      expect(isTitleCase(r.title), `${r.id} "${r.title}"`).toBe(true);
      expect(r.title.length, r.id).toBeLessThanOrEqual(50);
      expect(r.statement, r.id).toMatch(/[.]$/);
      const sentences = plainText(r.statement).split(/(?<=[.?!])\s+(?=[A-Z])/);
      expect(sentences.length, `${r.id}: ${r.statement}`).toBeGreaterThanOrEqual(1);
      expect(sentences.length, `${r.id}: ${r.statement}`).toBeLessThanOrEqual(3);
    }
  });

  it('writes code in backtick spans that always close, the one markup every renderer knows', () => {
    for (const r of RULES) for (const text of [r.title, r.statement, r.where, r.tests]) expect((text.match(/`/g) ?? []).length % 2, `${r.id}: ${text}`).toBe(0);
    expect(plainText('`backup` guard `hasImage`')).toBe('backup guard hasImage');
  });

  it('finds a rule by its ID, in either case, and nothing for an ID it does not have', () => {
    expect(ruleById('I7')?.title).toBe('Delete the Image Before the Backup');
    expect(ruleById('i7')).toBe(ruleById('I7'));
    expect(ruleById('I13')).toBeUndefined();
    expect(ruleById('constructor')).toBeUndefined();
  });

  it('sorts IDs in its own order: families as listed, numbers as numbers, unknown IDs last', () => {
    expect(['R1', 'I10', 'X1', 'B2', 'I2', 'P10', 'P9'].sort(compareRuleIds)).toEqual(['B2', 'I2', 'I10', 'P9', 'P10', 'R1', 'X1']);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(RULES)).toBe(true);
    expect(Object.isFrozen(RULES[0])).toBe(true);
    expect(Object.isFrozen(RULES[0]!.codes)).toBe(true);
  });
});
