/**
 * Console diagrams: the statuses a console user sees, in plain words, read from the machines;
 * legible at the width a page gives a figure; nothing on top of anything; a walkthrough's path lit,
 * the refusals it met marked, a legend that says so. For one live resource (the inspector's
 * teaching view): where it is now, its last step, a legend in a trainer's words, a layout that
 * stays still as it goes along.
 */
import type { AnyStateMachine } from 'xstate';
import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { backupMachine, diskMachine, imageMachine, localCopyMachine, policyMachine, serverMachine, siteMachine, vaultMachine, vmMachine } from '../../machines/index.js';
import { runScenario } from '../../src/scenario/runner.js';
import { createSimulation } from '../../src/index.js';
import seed000 from '../../scenarios/seed-000-backup-to-image.js';
import type { ResourceKind } from '../../src/sim/records.js';
import {
  ConsoleCache,
  delayWords,
  refusalWords,
  resourcePath,
  runPaths,
  stateIds,
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
  ['site', siteMachine],
  ['vm', vmMachine],
  ['localCopy', localCopyMachine],
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

/** The seed-000 walkthrough's journal, and its path per kind. */
const seedRecords = runScenario(seed000).outcomes.flatMap((o) => o.records);
const seedPaths = runPaths(seedRecords);

/** Products spelt so by their makers (Huawei's eBackup, VMware's vSphere): camel case that is not code. */
const productNamesOut = (text: string): string => text.replace(/\b(eBackup|vSphere)\b/g, 'product');

/** Every text a reader sees. */
const texts = (svg: string): string[] => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Its text is 12 px or more when shown `shownWidth` px wide (or at its own size, when narrower). */
function checkLegible(d: ConsoleDiagram, shownWidth = 800): void {
  const root = /<svg [^>]*>/.exec(d.svg)![0];
  const width = Number(/ width="([\d.]+)"/.exec(root)![1]);
  const viewBox = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(root)!;
  expect(Number(viewBox[1])).toBe(width);
  const sizes = [...d.svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  expect(sizes.length).toBeGreaterThan(0);
  expect(Math.min(...sizes) * Math.min(1, shownWidth / width), `${Math.min(...sizes)} px text in a ${width} px figure`).toBeGreaterThanOrEqual(12);
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
      // A live resource's view, lanes side by side: just made (in its first state), and having done everything.
      const first = toConsoleModel(kind, machine).lanes.map((l) => l.starts[0]!.target);
      const fresh = toConsoleDiagram(kind, machine, { currentStates: first, lanes: 'row' });
      const veteran = toConsoleDiagram(kind, machine, { ...everything(machine), currentStates: first, lanes: 'row' });
      const variants = [
        ['plain', plain],
        ['with everything lit and every refusal met', busy],
        ...(seed ? [['lit by the seed-000 walkthrough', seed] as const] : []),
        ['of a live resource just made', fresh],
        ['of a live resource that did everything', veteran],
      ] as const;

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

        if (d === fresh || d === veteran) {
          // The inspector's teaching view scales it to fit a 1024 px screen, not a page's 800 px.
          it(`has text of at least 12 px on a 1024 px wide screen (${what})`, () => checkLegible(d, 1024));
        } else {
          it(`has text of at least 12 px when shown 800 px wide (${what})`, () => checkLegible(d));
        }

        it(`overlaps no label with another or with a path (${what})`, () => checkApart(d));
      }

      it('names every event, guard and delay it shows in the words of console-words.ts', () => {
        expect(toConsoleModel(kind, machine).missingWords).toEqual([]);
      });

      it('speaks console, not code: no camelCase, brackets, ids or event types in any text', () => {
        for (const text of [...texts(plain.svg), ...texts(busy.svg)]) {
          expect(productNamesOut(text), text).not.toMatch(/[a-z][A-Z]|[[\]#_]|xstate|\b[A-Z]{3,}_/);
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

describe('the two ways a backup comes in (V2), on its console diagram', () => {
  const L = 'backup.lifecycle';
  const plain = toConsoleDiagram('backup', backupMachine);
  const starts = (d: ConsoleDiagram) => d.paths.filter((p) => p.kind === 'start' && p.source === `start:${L}`);
  const startLabel = (d: ConsoleDiagram, id: string) => d.boxes.find((b) => b.kind === 'label' && b.id === id)?.text.join(' ') ?? null;
  const dots = (d: ConsoleDiagram) => d.boxes.filter((b) => b.kind === 'start' && b.id === L);

  /** A VMware backup, synchronised from a local copy eBackup made and uploaded: its own journal. */
  function vmwareBackupRecords() {
    const sim = createSimulation({ profile: 'instant' });
    const site = sim.createSite({ name: 'dc1', ebackup: true });
    const vm = sim.createVm(site.id, { name: 'erp01', os: 'linux', disksGB: [40] });
    const vault = sim.createVault({ name: 'hv1', kind: 'vmware' });
    sim.addVaultResources(vault.id, [vm.id]);
    const copy = sim.backupVmOnPrem(vm.id);
    while (sim.get(copy.id)!.status !== 'uploaded') sim.advance(60_000);
    const task = sim.syncBackups(vault.id, { copyIds: [copy.id] });
    while (sim.get(task.id)!.status === 'running') sim.advance(10_000);
    const backup = sim.list('backup').find((b) => b.copyId === copy.id)!;
    return { records: sim.journal(), backupId: backup.id };
  }

  it('starts a backup CBR makes in Creating: the Status lane’s first start arrow, with no words', () => {
    const [first, second] = starts(plain);
    expect(first).toMatchObject({ id: 'start-0', target: `${L}.creating` });
    expect(startLabel(plain, 'start-0')).toBeNull();
    expect(second).toMatchObject({ id: 'start-1', target: `${L}.available` });
  });

  it('shows the synchronised VMware backup’s way straight into Available, from a dot of its own, in the guard’s words', () => {
    expect(startLabel(plain, 'start-1')).toBe('for a VMware backup, synchronised');
    expect(dots(plain)).toHaveLength(2);
    // Its dot is beside Available, not at the top of the lane with Creating's: a short arrow.
    const [top, vmware] = dots(plain);
    const available = plain.boxes.find((b) => b.kind === 'state' && b.id === `${L}.available`)!;
    const creating = plain.boxes.find((b) => b.kind === 'state' && b.id === `${L}.creating`)!;
    expect(top!.y).toBeLessThan(creating.y);
    expect(vmware!.y).toBeGreaterThan(creating.y + creating.height);
    expect(vmware!.y).toBeLessThan(available.y);
    expect(plain.description).toContain('Available');
  });

  it('lights the way in a walkthrough’s backup came by, not the other: seed-000’s backup came in Creating', () => {
    const d = toConsoleDiagram('backup', backupMachine, seedPaths.get('backup')!);
    expect(d.lit.states).toContain(`${L}.available`);
    expect(d.svg).toMatch(new RegExp(`<path class="start-arrow lit" data-arrow="start-0" data-source="start:${escape(L)}"`));
    expect(d.svg).toMatch(new RegExp(`<path class="start-arrow" data-arrow="start-1" data-source="start:${escape(L)}"`));
    // Given only the states it visited (no start states), the way in is the one it visited first.
    const { startStates: _, ...visitedOnly } = seedPaths.get('backup')!;
    expect(toConsoleDiagram('backup', backupMachine, visitedOnly).svg).toMatch(/<path class="start-arrow" data-arrow="start-1"/);
  });

  it('shows a VMware backup just synchronised in Available, its last step the VMware way in', () => {
    const { records, backupId } = vmwareBackupRecords();
    const path = resourcePath(records, backupId);
    expect(path.startStates).toContain(`${L}.available`);
    const d = toConsoleDiagram('backup', backupMachine, { ...path, currentStates: stateIds('backup', path.value!), lanes: 'row' });
    expect(d.current).toEqual([`${L}.available`, 'backup.imageLink.none']);
    expect(d.last).toBe(`start:${L}`);
    expect(d.svg).toMatch(new RegExp(`<path class="start-arrow lit last" data-arrow="start-1" data-source="start:${escape(L)}"`));
    expect(d.svg).toMatch(new RegExp(`<path class="start-arrow" data-arrow="start-0"`));
    expect(d.lit.states).not.toContain(`${L}.creating`);
    checkLegible(d, 1024);
    checkApart(d);
  });
});

describe('the console diagram of a vault in the teaching view', () => {
  const d = toConsoleDiagram('vault', vaultMachine, { currentStates: [], lanes: 'row' });
  const lanes = d.boxes.filter((b) => b.kind === 'lane');

  it('lays its four lanes two by two, so that its text is 12 px on a 1024 px screen', () => {
    expect(d.boxes.filter((b) => b.kind === 'lane-title').map((b) => b.text[0])).toEqual(['Resources', 'Capacity', 'Policy', 'Sync']);
    expect(lanes.map((l) => l.y)).toEqual([lanes[0]!.y, lanes[0]!.y, lanes[2]!.y, lanes[2]!.y]);
    expect(lanes[2]!.y).toBeGreaterThan(lanes[0]!.y + lanes[0]!.height);
    checkLegible(d, 1024);
  });

  it('shows the sync region of a hybrid vault (V1): Not syncing ⇄ Synchronising', () => {
    const sync = d.boxes.filter((b) => b.kind === 'state' && b.id.startsWith('vault.sync.')).map((b) => b.text[0]);
    expect(sync).toEqual(['Not syncing', 'Synchronising']);
    const labels = d.boxes.filter((b) => b.kind === 'label' && b.id.startsWith('vault.sync.')).map((b) => b.text.join(' '));
    expect(labels.sort()).toEqual(['Synchronize', 'after about 40 s']);
  });
});

describe('the console diagrams of the on-premises resources (C10)', () => {
  const shown = (d: ConsoleDiagram, kind: ConsoleDiagram['boxes'][number]['kind']) => d.boxes.filter((b) => b.kind === kind).map((b) => b.text.join(' · '));

  it('draws a site’s eBackup: No eBackup until installed; a site created with eBackup starts ready', () => {
    const d = toConsoleDiagram('site', siteMachine);
    expect(shown(d, 'state')).toEqual(['No eBackup', 'eBackup ready']);
    expect(d.paths.filter((p) => p.kind === 'start').map((p) => p.target)).toEqual(['site.ebackup.notInstalled', 'site.ebackup.installed']);
    expect(shown(d, 'label').sort()).toEqual(['Install eBackup', 'created with eBackup']);
  });

  it('draws a VMware VM’s status and its eBackup lane', () => {
    const d = toConsoleDiagram('vm', vmMachine);
    expect(shown(d, 'lane-title')).toEqual(['Status', 'eBackup']);
    expect(shown(d, 'state')).toEqual(['Running', 'Deleted', 'Idle', 'Backing up on premises']);
    expect(shown(d, 'label').sort()).toEqual(['Back Up (eBackup)', 'Delete', 'eBackup has read it']);
  });

  it('draws a local copy going Backing up → Stored → Uploaded, and expiring from Stored or Uploaded', () => {
    const d = toConsoleDiagram('localCopy', localCopyMachine);
    expect(shown(d, 'state')).toEqual(['Backing up', 'Stored', 'Uploaded', 'Expired']);
    expect(d.paths.filter((p) => p.kind === 'arrow').map((p) => p.id)).toEqual([
      'localCopy.backingUp→localCopy.stored',
      'localCopy.stored→localCopy.expired',
      'localCopy.stored→localCopy.uploaded',
      'localCopy.uploaded→localCopy.expired',
    ]);
    expect(shown(d, 'label').filter((l) => l === 'eBackup retention expires it')).toHaveLength(2);
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
        expect(productNamesOut(words), `${kind} ${edge.label}`).not.toMatch(/[a-z][A-Z]|_|\bSim\b/);
      }
    }
  });

  it('fall back to the state for a command the state simply does not take', () => {
    expect(refusalWords('server', 'START', 'Sim.InvalidState', null, 'Running')).toBe('not while Running');
    expect(refusalWords('backup', 'DELETE', 'BackupService.6204', 'I7', 'Available')).toBe('delete the image first');
  });
});

describe('the console diagram of one live resource (the teaching view)', () => {
  const backupId = seedRecords.find((r) => r.type === 'state' && r.kind === 'backup')!.resourceId!;
  const states = seedRecords.filter((r) => r.type === 'state' && r.resourceId === backupId);
  const seqWhere = (test: (value: any) => boolean): number => states.find((r) => r.type === 'state' && test(r.value))!.seq;
  const made = states[0]!.seq;
  const marked = seqWhere((v) => v.lifecycle?.creating === 'imageCreatable');
  const linked = seqWhere((v) => v.imageLink === 'linked');
  const deleted = seqWhere((v) => v.lifecycle === 'deleted');
  const L = 'backup.lifecycle';
  const at = (seq: number, lanes: 'row' | 'auto' = 'row', cache?: ConsoleCache): ConsoleDiagram => {
    const path = resourcePath(seedRecords, backupId, seq);
    return toConsoleDiagram('backup', backupMachine, { ...path, currentStates: stateIds('backup', path.value!), sizeGB: 140, lanes, ...(cache ? { cache } : {}) });
  };
  const group = (d: ConsoleDiagram, state: string): string => new RegExp(`<g [^>]*data-state="${escape(state)}"[^>]*>`).exec(d.svg)![0];
  const currentGroups = (d: ConsoleDiagram): string[] => [...d.svg.matchAll(/<g [^>]*class="console-state [^"]*\bcurrent\b[^"]*" data-state="([^"]+)"/g)].map((m) => m[1]!);
  const stateBox = (d: ConsoleDiagram, state: string) => d.boxes.find((b) => b.kind === 'state' && b.id === state)!;

  it('marks the states it is in now current, apart from the path so far: after the mark, “Creating / Image can be created” and “No image”', () => {
    const d = at(marked);
    expect(currentGroups(d)).toEqual([`${L}.creating.imageCreatable`, 'backup.imageLink.none']);
    expect(d.current).toEqual([`${L}.creating.imageCreatable`, 'backup.imageLink.none']);
    expect(group(d, `${L}.creating.imageCreatable`)).toContain('class="console-state plain-state lit current"');
    // "Creating" (its snapshot phase) is behind it: lit, not current, and drawn unlike the current state.
    expect(group(d, `${L}.creating`)).toContain('class="console-state plain-state lit"');
    const border = (state: string) => new RegExp(`data-state="${escape(state)}"[^>]*>\\s*<rect class="state-box"[^>]*stroke="([^"]+)" stroke-width="([\\d.]+)"`).exec(d.svg)!.slice(1);
    const [nowStroke, nowWidth] = border(`${L}.creating.imageCreatable`);
    const [pastStroke, pastWidth] = border(`${L}.creating`);
    expect(nowStroke).not.toBe(pastStroke);
    expect(Number(nowWidth)).toBeGreaterThan(Number(pastWidth));
    expect(d.svg).toMatch(new RegExp(`data-state="${escape(`${L}.creating.imageCreatable`)}"[^>]*>\\s*<rect[^>]*/>\\s*<circle class="now-dot"`));
    expect(stateBox(d, `${L}.creating.imageCreatable`).current).toBe(true);
    expect(d.description).toContain('Now: Creating (Image can be created), No image.');
  });

  it('marks the arrow of its last step last, and centres on the lane that changed last', () => {
    const d = at(marked);
    expect(d.last).toBe(`${L}.creating→${L}.creating.imageCreatable`);
    expect(d.svg).toMatch(new RegExp(`<path class="arrow lit last" data-arrow="${escape(d.last!)}"`));
    expect(d.svg.match(/class="(start-)?arrow [^"]*\blast\b/g)).toHaveLength(1);
    expect(d.focus).toBe(`${L}.creating.imageCreatable`);
    expect(group(d, d.focus!)).toContain('data-focus="true"');
    // Its image made, the last step is in the Image lane, and the view centres there.
    const imaged = at(linked);
    expect(imaged.last).toBe('backup.imageLink.none→backup.imageLink.linked');
    expect(imaged.focus).toBe('backup.imageLink.linked');
    expect(imaged.svg.match(/data-focus="true"/g)).toHaveLength(1);
    expect(group(imaged, 'backup.imageLink.linked')).toContain('data-focus="true"');
  });

  it('just made, it is in “Creating”, its last step the start of the first lane, the view centred there', () => {
    const d = at(made);
    expect(d.current).toEqual([`${L}.creating`, 'backup.imageLink.none']);
    expect(d.last).toBe(`start:${L}`);
    expect(d.svg).toMatch(new RegExp(`<path class="start-arrow lit last" data-arrow="start-0" data-source="start:${escape(L)}"`));
    expect(d.focus).toBe(`${L}.creating`);
  });

  it('marks a deleted backup’s Deleted current', () => {
    const d = at(deleted);
    expect(d.current).toContain(`${L}.deleted`);
    expect(group(d, `${L}.deleted`)).toContain('class="console-state final lit current"');
    expect(d.last).toBe(`${L}.deleting→${L}.deleted`);
  });

  it('names the console state and the lane of every state on its group, for the page to find', () => {
    const d = at(marked);
    const model = toConsoleModel('backup', backupMachine);
    const groups = [...d.svg.matchAll(/<g [^>]*class="console-state[^"]*" data-state="([^"]+)" data-lane="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(groups).toEqual(model.lanes.flatMap((l) => l.states.map((s) => [s.id, l.id])));
    expect([...d.svg.matchAll(/<g class="lane" data-lane="([^"]+)"/g)].map((m) => m[1])).toEqual(model.lanes.map((l) => l.id));
  });

  it('always draws the legend, in a trainer’s words', () => {
    for (const d of [at(made), at(deleted)]) {
      const legend = d.svg.slice(d.svg.indexOf('<g class="legend">'));
      expect(texts(legend).filter((t) => t !== '✕')).toEqual(['now', 'so far', 'last step', 'refused here', 'not yet / not taken']);
    }
    // The docs' figures keep the walkthrough's wording.
    expect(texts(toConsoleDiagram('backup', backupMachine, seedPaths.get('backup')!).svg)).toContain('this walkthrough');
  });

  it('shows the refusals it met so far, not those still to come', () => {
    const early = at(marked);
    expect(early.refusals.map((r) => r.code)).toEqual(['BackupService.6208']);
    expect(at(deleted).refusals.map((r) => r.code).sort()).toEqual(['BackupService.2005', 'BackupService.6201', 'BackupService.6204', 'BackupService.6208', 'BackupService.6210']);
  });

  it('stays still as the resource goes along: lighting more moves nothing, only a refusal met does', () => {
    // Between the refused restore (2005) and the refused second image (6210): two steps, no refusal.
    const refusedRestore = seedRecords.find((r) => r.type === 'refusal' && r.code === 'BackupService.2005')!.seq;
    const before = at(refusedRestore);
    const after = at(linked);
    expect(after.lit.states.length).toBeGreaterThan(before.lit.states.length);
    const geometry = (d: ConsoleDiagram) => d.boxes.map((b) => [b.kind, b.id, b.x, b.y, b.width, b.height]);
    expect(geometry(after)).toEqual(geometry(before));
    expect(geometry(at(deleted))).not.toEqual(geometry(before));
  });

  it('lays its lanes side by side (lanes: row), their current states level, its text 12 px on a 1024 px screen', () => {
    const row = at(marked, 'row');
    const stacked = at(marked, 'auto');
    const lanes = (d: ConsoleDiagram) => d.boxes.filter((b) => b.kind === 'lane');
    expect(new Set(lanes(row).map((l) => l.y)).size).toBe(1);
    expect(lanes(stacked)[1]!.y).toBeGreaterThan(lanes(stacked)[0]!.y + lanes(stacked)[0]!.height);
    const gap = (d: ConsoleDiagram) => Math.abs(stateBox(d, `${L}.creating.imageCreatable`).y - stateBox(d, 'backup.imageLink.none').y);
    expect(gap(row)).toBeLessThan(gap(stacked));
    checkLegible(row, 1024);
    checkApart(row);
  });

  it('keeps its layout in a cache: drawing it again, or at another record with the same refusals, lays nothing out', () => {
    const cache = new ConsoleCache();
    const refusedRestore = seedRecords.find((r) => r.type === 'refusal' && r.code === 'BackupService.2005')!.seq;
    const first = at(refusedRestore, 'row', cache);
    expect(cache.laidOut).toBe(1);
    expect(at(refusedRestore, 'row', cache).svg).toBe(first.svg);
    const later = at(linked, 'row', cache);
    expect(cache.laidOut).toBe(1);
    // The same as drawn without a cache.
    expect(later.svg).toBe(at(linked).svg);
  });
});

describe('one resource’s path from the journal (resourcePath)', () => {
  const backupId = seedRecords.find((r) => r.type === 'state' && r.kind === 'backup')!.resourceId!;

  it('is its kind’s path when it is the only one of its kind in the run, read as runPaths reads it', () => {
    const { kind, value, seq, ...path } = resourcePath(seedRecords, backupId);
    expect(path).toEqual(seedPaths.get('backup'));
    expect(kind).toBe('backup');
    const last = seedRecords.filter((r) => r.type === 'state' && r.resourceId === backupId).at(-1)!;
    expect(value).toEqual({ lifecycle: 'deleted', imageLink: 'none', succession: 'latest', expiry: 'forever' });
    expect(seq).toBe(last.seq);
  });

  it('reads up to a record: what it had done then, and the state it was in (its last state record at or before it)', () => {
    const refusal = seedRecords.find((r) => r.type === 'refusal' && r.code === 'BackupService.6208')!;
    const path = resourcePath(seedRecords, backupId, refusal.seq);
    expect(path.value).toEqual({ lifecycle: { creating: 'snapshot' }, imageLink: 'none', succession: 'latest', expiry: 'forever' });
    expect(path.seq).toBeLessThan(refusal.seq);
    expect(path.refusals).toEqual([{ state: 'backup.imageLink.none', event: 'CREATE_IMAGE', code: 'BackupService.6208' }]);
    expect(path.takenTransitions).toEqual([]);
  });

  it('knows nothing of a resource the records do not name', () => {
    expect(resourcePath(seedRecords, 'bk-000000000000')).toEqual({ visitedStates: [], takenTransitions: [], refusals: [], startStates: [], kind: null, value: null, seq: null });
  });
});
