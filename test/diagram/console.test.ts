/**
 * Console diagrams: the statuses a console user sees, in plain words, read from the machines;
 * legible at the width a page gives a figure; nothing on top of anything; a walkthrough's path lit,
 * the refusals it met marked, a legend that says so.
 */
import type { AnyStateMachine } from 'xstate';
import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { backupMachine, diskMachine, imageMachine, policyMachine, serverMachine, vaultMachine } from '../../machines/index.js';
import { runScenario } from '../../src/scenario/runner.js';
import seed000 from '../../scenarios/seed-000-backup-to-image.js';
import type { ResourceKind } from '../../src/sim/records.js';
import {
  delayWords,
  refusalWords,
  runPaths,
  toConsoleDiagram,
  toConsoleModel,
  toStatechartGraph,
  type ConsoleDiagram,
  type ConsoleDiagramOptions,
} from '../../src/diagram/index.js';
import { inflate, overlaps, pathCrosses, type Rect } from '../../src/diagram/geometry.js';
import { xmlProblems } from './support.js';

const KINDS: ReadonlyArray<readonly [ResourceKind, AnyStateMachine]> = [
  ['backup', backupMachine],
  ['image', imageMachine],
  ['server', serverMachine],
  ['disk', diskMachine],
  ['vault', vaultMachine],
  ['policy', policyMachine],
];

/** Everything a run could light at once: every state visited, every transition taken, every refusal met. */
function everything(machine: AnyStateMachine): ConsoleDiagramOptions {
  const graph = toStatechartGraph(machine);
  return {
    visitedStates: graph.nodes.map((n) => n.id),
    takenTransitions: graph.edges.filter((e) => !e.refusal && !e.targetless).map((e) => ({ source: e.source, event: e.eventType, target: e.target })),
    refusals: graph.edges.filter((e) => e.refusal).map((e) => ({ state: e.source, event: e.eventType, code: e.refusal!.code })),
  };
}

/** The seed-000 walkthrough's path, per kind, from its journal. */
const seedPaths = runPaths(runScenario(seed000).outcomes.flatMap((o) => o.records));

/** Every text a reader sees. */
const texts = (svg: string): string[] => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function checkLegible(d: ConsoleDiagram): void {
  const root = /<svg [^>]*>/.exec(d.svg)![0];
  const width = Number(/ width="([\d.]+)"/.exec(root)![1]);
  const viewBox = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(root)!;
  expect(Number(viewBox[1])).toBe(width);
  const sizes = [...d.svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  expect(sizes.length).toBeGreaterThan(0);
  expect(Math.min(...sizes) * 800 / width, `${Math.min(...sizes)} px text in a ${width} px figure`).toBeGreaterThanOrEqual(12);
}

/** No two boxes with text overlap; no path runs through a box other than its own ends and label. */
function checkApart(d: ConsoleDiagram): void {
  const shown = d.boxes.filter((b) => b.kind !== 'lane');
  const name = (b: (typeof shown)[number]): string => `${b.kind} ${b.id} “${b.text.join(' ')}”`;
  const canvas: Rect = { x: 0, y: 0, width: d.width, height: d.height };
  for (const a of shown) {
    expect(overlaps(canvas, a) && a.x >= 0 && a.y >= 0 && a.x + a.width <= d.width && a.y + a.height <= d.height, `${name(a)} inside the canvas`).toBe(true);
    for (const b of shown) if (a !== b && shown.indexOf(a) < shown.indexOf(b)) expect(overlaps(a, b), `${name(a)} / ${name(b)}`).toBe(false);
  }
  for (const path of d.paths) {
    const own = new Set([path.source, path.target, path.id]);
    for (const box of shown) {
      if (own.has(box.id) && (box.kind === 'state' || box.kind === 'label' || box.kind === 'start')) continue;
      // Labels keep a margin from other paths, so a path between two labels is not read as either's.
      const zone = box.kind === 'label' ? inflate(box, 4) : box;
      expect(pathCrosses(path.points, zone), `${path.kind} ${path.id} through ${name(box)}`).toBe(false);
    }
  }
}

describe('the console diagram of every kind of resource', () => {
  for (const [kind, machine] of KINDS) {
    describe(`of a ${kind}`, () => {
      const plain = toConsoleDiagram(kind, machine);
      const busy = toConsoleDiagram(kind, machine, everything(machine));
      const walked = seedPaths.get(kind);
      const seed = walked ? toConsoleDiagram(kind, machine, walked) : null;
      const variants = [['plain', plain], ['with everything lit and every refusal met', busy], ...(seed ? [['lit by the seed-000 walkthrough', seed] as const] : [])] as const;

      for (const [what, d] of variants) {
        it(`is a well-formed, accessible SVG image (${what}): role="img", <title>, <desc>`, () => {
          expect(xmlProblems(d.svg)).toEqual([]);
          const root = /<svg [^>]*>/.exec(d.svg)![0];
          expect(root).toContain('role="img"');
          const [titleId, descId] = /aria-labelledby="([^" ]+) ([^" ]+)"/.exec(root)!.slice(1);
          expect(d.svg).toContain(`<title id="${titleId}">${d.title}</title>`);
          const desc = new RegExp(`<desc id="${descId}">([^<]+)</desc>`).exec(d.svg)?.[1] ?? '';
          expect(desc.length).toBeGreaterThan(60);
          expect(desc).toContain(d.title);
        });

        it(`references nothing outside itself (${what})`, () => {
          expect(d.svg.match(/http/g)).toEqual(['http']);
          expect(d.svg).not.toMatch(/href|@import|@font-face|<image|<script|<foreignObject|<style/i);
          for (const ref of d.svg.match(/url\([^)]*\)/g) ?? []) expect(ref).toMatch(/^url\(#[\w.-]+\)$/);
        });

        it(`has text of at least 12 px when shown 800 px wide (${what})`, () => checkLegible(d));

        it(`overlaps no label with another or with a path (${what})`, () => checkApart(d));
      }

      it('names every event, guard and delay it shows in the words of console-words.ts', () => {
        expect(toConsoleModel(kind, machine).missingWords).toEqual([]);
      });

      it('speaks console, not code: no camelCase, brackets, ids or event types in any text', () => {
        for (const text of [...texts(plain.svg), ...texts(busy.svg)]) {
          expect(text, text).not.toMatch(/[a-z][A-Z]|[[\]#_]|xstate|\b[A-Z]{3,}_/);
        }
      });

      it('draws no legend when nothing is lit, and one with the three meanings when something is', () => {
        expect(plain.svg).not.toContain('class="legend"');
        expect(plain.svg).not.toMatch(/class="[^"]*\blit\b/);
        expect(busy.svg).toContain('class="legend"');
        for (const words of ['this walkthrough', 'refused here', 'not taken']) expect(texts(busy.svg)).toContain(words);
      });
    });
  }
});

describe('the console diagram of a backup', () => {
  const plain = toConsoleDiagram('backup', backupMachine);
  const states = plain.boxes.filter((b) => b.kind === 'state');
  const stateText = (id: string): string[] => states.find((s) => s.id === id)?.text ?? [];

  it('shows the statuses of the source documentation, and the image link, and nothing else', () => {
    expect(states.map((s) => s.text.slice(0, 2).join(' · '))).toEqual([
      'Creating',
      'Creating · Image can be created',
      'Available',
      'Error',
      'Restoring',
      'Deleting',
      'Deleted',
      'No image',
      'Has an image',
    ]);
    expect(plain.boxes.filter((b) => b.kind === 'lane-title').map((b) => b.text[0])).toEqual(['Status', 'Image']);
  });

  it('folds the inner states into the console state they show as', () => {
    const creating = toConsoleModel('backup', backupMachine).lanes[0]!.states[0]!;
    expect(creating.members).toEqual(['backup.lifecycle.creating', 'backup.lifecycle.creating.snapshot', 'backup.lifecycle.creating.transferring']);
  });

  it('words its arrows as the console does, with times from the realistic profile', () => {
    const labels = plain.boxes.filter((b) => b.kind === 'label').map((b) => b.text.join(' '));
    expect(labels).toContain('Create Image');
    expect(labels.some((l) => l.startsWith('Delete'))).toBe(true);
    expect(labels.some((l) => l.startsWith('after about 4 min'))).toBe(true);
    const big = toConsoleDiagram('backup', backupMachine, { sizeGB: 140 });
    expect(big.boxes.some((b) => b.kind === 'label' && b.text.join(' ').startsWith('after about 9 min'))).toBe(true);
    expect(stateText('backup.lifecycle.creating')).toEqual(['Creating']);
  });

  it('lights states given as the engineering chart ids of a run, innermost first, ignoring hidden regions', () => {
    const d = toConsoleDiagram('backup', backupMachine, {
      visitedStates: ['backup', 'backup.lifecycle', 'backup.lifecycle.creating', 'backup.lifecycle.creating.imageCreatable', 'backup.succession.latest', 'backup.nowhere'],
    });
    expect(d.lit.states).toEqual(['backup.lifecycle.creating.imageCreatable']);
    expect(d.unplaced).toEqual(['state backup.nowhere']);
    expect(d.svg).toMatch(/<g id="backup-console-backup.lifecycle.creating.imageCreatable" class="console-state plain-state lit"/);
    expect(d.svg).toMatch(/<g id="backup-console-backup.lifecycle.creating" class="console-state plain-state"/);
  });
});

describe('the seed-000 walkthrough on the backup console diagram', () => {
  const d = toConsoleDiagram('backup', backupMachine, { ...seedPaths.get('backup')!, sizeGB: 140 });
  const label = (source: string, target: string) => d.boxes.find((b) => b.kind === 'label' && b.id === `${source}→${target}`)!;
  const L = 'backup.lifecycle';

  it('lights the statuses it went through, and not Error or Restoring', () => {
    expect(new Set(d.lit.states)).toEqual(
      new Set([`${L}.creating`, `${L}.creating.imageCreatable`, `${L}.available`, `${L}.deleting`, `${L}.deleted`, 'backup.imageLink.none', 'backup.imageLink.linked']),
    );
  });

  it('lights the arrows it took, on their paths and in their labels', () => {
    for (const [source, target] of [
      [`${L}.creating`, `${L}.creating.imageCreatable`],
      [`${L}.creating.imageCreatable`, `${L}.available`],
      [`${L}.available`, `${L}.deleting`],
      [`${L}.deleting`, `${L}.deleted`],
      ['backup.imageLink.none', 'backup.imageLink.linked'],
      ['backup.imageLink.linked', 'backup.imageLink.none'],
    ]) {
      expect(d.lit.arrows, `${source} -> ${target}`).toContain(`${source}→${target}`);
      expect(d.svg).toMatch(new RegExp(`<path class="arrow lit( refused)?" data-arrow="${escape(`${source}→${target}`)}"`));
    }
    expect(d.lit.arrows).not.toContain(`${L}.creating→${L}.available`);
    expect(label(`${L}.creating`, `${L}.creating.imageCreatable`).text.join(' ')).toMatch(/^after about 9 min/);
  });

  it('marks the refused delete of the imaged backup on the Delete arrow, and the early Create Image on its arrow', () => {
    expect(label(`${L}.available`, `${L}.deleting`).text.join(' ')).toContain('✕ refused: delete the image first');
    expect(label(`${L}.available`, `${L}.deleting`).refused).toBe(true);
    expect(label('backup.imageLink.none', 'backup.imageLink.linked').text.join(' ')).toContain('✕ refused: wait for “Image can be created”');
    // Drawn in the refusal colour, line by line as wrapped.
    const group = d.svg.slice(d.svg.indexOf(`<g class="arrow-label lit refused" data-arrow="${L}.available→${L}.deleting">`));
    expect(group.slice(0, group.indexOf('</g>'))).toMatch(/<text class="text-refused"[^>]*>✕ refused:/);
  });

  it('marks refusals with no arrow of their command inside the state they were met in', () => {
    const marked = d.boxes.find((b) => b.id === `${L}.creating.imageCreatable`)!;
    expect(marked.refused).toBe(true);
    expect(marked.text.join(' ')).toContain('✕ Delete: wait until it is Available or Error');
    expect(marked.text.join(' ')).toContain('✕ Restore: only an Available backup restores');
    expect(d.boxes.find((b) => b.id === 'backup.imageLink.linked')!.text.join(' ')).toContain('✕ Create Image: one image per backup');
    expect(d.refusals.map((r) => r.code).sort()).toEqual(['BackupService.2005', 'BackupService.6201', 'BackupService.6204', 'BackupService.6208', 'BackupService.6210']);
  });

  it('says what it shows in its description, as alt text', () => {
    expect(d.description).toContain('Lit, this walkthrough: Creating');
    expect(d.description).toContain('Refused: Delete while Available, delete the image first (BackupService.6204).');
  });
});

describe('console diagrams derive from the machine, not from a drawing', () => {
  const machine = setup({ delays: { job: 90_000 } }).createMachine({
    id: 'gadget',
    type: 'parallel',
    states: {
      life: {
        meta: { console: { lane: 'Life' } },
        initial: 'making',
        states: {
          making: { meta: { label: 'Making' }, initial: 'a', states: { a: { after: { job: 'b' } }, b: { on: { DONE: '#gadget.life.ready' } } } },
          ready: { meta: { console: { label: 'Ready', mark: 'ready to go' } }, on: { DELETE: 'gone' } },
          gone: { type: 'final', meta: { label: 'Deleted' } },
        },
      },
      internal: { meta: { console: { hidden: true } }, initial: 'x', states: { x: {} } },
      other: { meta: { console: { lane: 'Other' } }, initial: 'on', states: { on: { meta: { console: { label: 'On' } } } } },
    },
  });
  const model = toConsoleModel('server', machine);

  it('makes a lane of each region not hidden, a console state of each state with a word, and folds the rest', () => {
    expect(model.lanes.map((l) => l.title)).toEqual(['Life', 'Other']);
    expect(model.lanes[0]!.states.map((s) => [s.title, s.mark, s.members])).toEqual([
      ['Making', null, ['gadget.life.making', 'gadget.life.making.a', 'gadget.life.making.b']],
      ['Ready', 'ready to go', ['gadget.life.ready']],
      ['Deleted', null, ['gadget.life.gone']],
    ]);
    expect(model.consoleOf('gadget.internal.x')).toBeNull();
  });

  it('draws an arrow for each move between console states, none for a move inside one', () => {
    expect(model.arrows.map((a) => [a.source, a.target, a.lines.map((l) => l.text)])).toEqual([
      ['gadget.life.making', 'gadget.life.ready', ['DONE']],
      ['gadget.life.ready', 'gadget.life.gone', ['Delete']],
    ]);
    expect(model.missingWords).toEqual(['event DONE']);
  });
});

describe('the console words', () => {
  it('word delays from the realistic timings of a resource of the size given', () => {
    expect(delayWords('backup', 'snapshotPhase', { sizeGB: 140 })).toBe('after about 9 min');
    expect(delayWords('backup', 'snapshotPhase')).toBe('after about 4 min');
    expect(delayWords('backup', 'snapshotPhase', { timings: { snapshotPhaseBaseMs: 3_600_000, snapshotPhasePerGBMs: 0 } })).toBe('after about 60 min');
    expect(delayWords('server', 'provisionJob')).toBe('after about 90 s');
  });

  it('say what to do about every refusal every chart can make, in plain words', () => {
    for (const [kind, machine] of KINDS) {
      for (const edge of toStatechartGraph(machine).edges.filter((e) => e.refusal)) {
        const words = refusalWords(kind, edge.eventType, edge.refusal!.code, edge.refusal!.rule, 'Creating');
        expect(words, `${kind} ${edge.label}`).toMatch(/^[a-zA-Z“"]/);
        expect(words, `${kind} ${edge.label}`).not.toMatch(/[a-z][A-Z]|_|\bSim\b/);
      }
    }
  });

  it('fall back to the state for a command the state simply does not take', () => {
    expect(refusalWords('server', 'START', 'Sim.InvalidState', null, 'Running')).toBe('not while Running');
    expect(refusalWords('backup', 'DELETE', 'BackupService.6204', 'I7', 'Available')).toBe('delete the image first');
  });
});
