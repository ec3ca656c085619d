/**
 * The SVG drawing: a standalone, well-formed document with an element per state, every transition
 * label as text, highlighting, and no reference to anything outside it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupMachine } from '../../machines/index.js';
import { layoutStatechart, toStatechartGraph, toSvg } from '../../src/diagram/index.js';
import { MACHINES, stateNodes, xmlIds, xmlProblems, xmlText } from './support.js';

/** The start tag of the element with `id`. */
function startTag(svg: string, id: string): string {
  const at = svg.indexOf(` id="${xmlText(id)}"`);
  if (at < 0) return '';
  return svg.slice(svg.lastIndexOf('<', at), svg.indexOf('>', at) + 1);
}

describe('the XML checker used by these tests', () => {
  it('accepts a small well-formed document and finds what is wrong in broken ones', () => {
    expect(xmlProblems('<?xml version="1.0"?>\n<a x="1"><b/><c>t &amp; u</c></a>\n')).toEqual([]);
    expect(xmlProblems('<a><b></a>')).not.toEqual([]);
    expect(xmlProblems('<a>x & y</a>')).not.toEqual([]);
    expect(xmlProblems('<a x=1></a>')).not.toEqual([]);
    expect(xmlProblems('<a></a><b></b>')).not.toEqual([]);
    expect(xmlProblems('<a x="1" x="2"></a>')).not.toEqual([]);
    expect(xmlProblems('<a>1 < 2</a>')).not.toEqual([]);
  });
});

describe('the SVG of every machine', () => {
  for (const [name, machine] of MACHINES) {
    describe(`of the ${name} machine`, () => {
      const graph = toStatechartGraph(machine);
      const svg = toSvg(graph);

      it('is a well-formed XML document with an svg root in the SVG namespace', () => {
        expect(xmlProblems(svg)).toEqual([]);
        expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
        expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      });

      it('has an element with id state-<id> for every state node, and unique ids', () => {
        for (const { id } of stateNodes(machine)) expect(startTag(svg, `state-${id}`), id).toMatch(/^<g /);
        const ids = xmlIds(svg);
        expect(new Set(ids).size).toBe(ids.length);
      });

      it('contains the text of every event type and of every transition label', () => {
        for (const edge of graph.edges) {
          expect(svg, edge.event).toContain(xmlText(edge.event));
          expect(svg, edge.label).toMatch(new RegExp(`>(↻ )?${escapeRegExp(xmlText(edge.label))}</text>`));
        }
      });

      it('lists each self-loop once as a line inside its state, and draws every other transition as a path', () => {
        const loops = graph.edges.filter((e) => e.selfLoop);
        const lines = [...svg.matchAll(/<text class="self-loop" data-edge="([^"]*)"/g)].map((m) => m[1]);
        expect(lines.sort()).toEqual(loops.map((e) => xmlText(e.id)).sort());
        const pairs = new Set(graph.edges.filter((e) => !e.selfLoop).map((e) => `${e.source}>${e.target}`));
        expect((svg.match(/<path id="[^"]*" class="transition/g) ?? []).length).toBe(pairs.size);
        const routed = [...svg.matchAll(/<text class="edge-label" data-edge="([^"]*)"/g)].map((m) => m[1]);
        expect(routed.sort()).toEqual(graph.edges.filter((e) => !e.selfLoop).map((e) => xmlText(e.id)).sort());
      });

      it('marks the initial child of every compound state', () => {
        for (const node of graph.nodes.filter((n) => n.type === 'compound')) {
          expect(svg).toContain(`<g class="initial" data-parent="${xmlText(node.id)}" data-target="${xmlText(node.initial ?? '')}">`);
        }
      });

      it('references nothing outside itself: no http other than the namespace, no href, no external url()', () => {
        expect(svg.match(/http/g)).toEqual(['http']);
        expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
        expect(svg).not.toMatch(/href|@import|@font-face|<image|<script|<foreignObject|<style/i);
        for (const ref of svg.match(/url\([^)]*\)/g) ?? []) expect(ref).toMatch(/^url\(#[\w.-]+\)$/);
      });
    });
  }
});

describe('the SVG of the backup machine', () => {
  const graph = toStatechartGraph(backupMachine);
  const layout = layoutStatechart(graph);

  it('lights only the innermost visited states: not the root, not the regions, not a parent of a lit state', () => {
    // Every id a snapshot in `creating.imageCreatable` with no image names, ancestors included.
    const visited = ['backup', 'backup.lifecycle', 'backup.lifecycle.creating', 'backup.lifecycle.creating.imageCreatable', 'backup.imageLink', 'backup.imageLink.none'];
    const svg = toSvg(graph, { highlight: visited, layout });
    const plain = toSvg(graph, { layout });
    for (const id of ['backup.lifecycle.creating.imageCreatable', 'backup.imageLink.none']) {
      expect(startTag(svg, `state-${id}`)).toMatch(/class="[^"]*\bactive\b/);
      expect(startTag(plain, `state-${id}`)).not.toMatch(/\bactive\b/);
    }
    for (const id of ['backup', 'backup.lifecycle', 'backup.imageLink', 'backup.lifecycle.creating', 'backup.lifecycle.available']) {
      expect(startTag(svg, `state-${id}`), id).not.toMatch(/\bactive\b/);
    }
    expect((svg.match(/class="state [^"]*\bactive\b/g) ?? []).length).toBe(2);
    const fillOf = (doc: string, id: string): string => {
      const at = doc.indexOf(`id="state-${id}"`);
      return /<rect class="state-box"[^>]* fill="([^"]+)"/.exec(doc.slice(at))?.[1] ?? '';
    };
    expect(fillOf(svg, 'backup.imageLink.none')).not.toBe(fillOf(plain, 'backup.imageLink.none'));
    expect(fillOf(svg, 'backup.imageLink.none')).not.toBe(fillOf(svg, 'backup.imageLink.linked'));
    expect(fillOf(svg, 'backup.lifecycle')).toBe(fillOf(plain, 'backup.lifecycle'));
  });

  it('lights a compound state named alone, when none of its children is', () => {
    const svg = toSvg(graph, { highlight: ['backup.lifecycle.creating'], layout });
    expect(startTag(svg, 'state-backup.lifecycle.creating')).toMatch(/class="[^"]*\bactive\b/);
    expect((svg.match(/class="state [^"]*\bactive\b/g) ?? []).length).toBe(1);
  });

  it('draws the last transition in a distinct colour, by event type or as shown', () => {
    const lastTransition = {
      source: 'backup.lifecycle.creating.snapshot',
      target: 'backup.lifecycle.creating.imageCreatable',
      event: 'after snapshotPhase',
    };
    const svg = toSvg(graph, { layout, lastTransition });
    expect(svg.match(/<path [^>]*class="transition last"/g)).toHaveLength(1);
    expect(svg).toMatch(/<path [^>]*class="transition last" data-source="backup.lifecycle.creating.snapshot" data-target="backup.lifecycle.creating.imageCreatable"/);
    expect(svg).toMatch(/<text class="edge-label last"[^>]*>after snapshotPhase \[hasSystemDiskData\]<\/text>/);
    const byType = toSvg(graph, { layout, lastTransition: { ...lastTransition, event: 'xstate.after.snapshotPhase.backup.lifecycle.creating.snapshot' } });
    expect(byType).toBe(svg);
    const loop = toSvg(graph, {
      layout,
      lastTransition: { source: 'backup.imageLink.linked', target: 'backup.imageLink.linked', event: 'CREATE_IMAGE' },
    });
    expect(loop).toMatch(/<text class="self-loop last"[^>]*>↻ CREATE_IMAGE \/ refuse BackupService.6210<\/text>/);
    expect(toSvg(graph, { layout })).not.toContain(' last"');
  });

  it('draws the regions of the parallel root as dashed boxes and the final state with a double border', () => {
    const svg = toSvg(graph, { layout });
    for (const region of ['lifecycle', 'imageLink', 'succession']) {
      const at = svg.indexOf(`id="state-backup.${region}"`);
      expect(startTag(svg, `state-backup.${region}`)).toContain('region');
      expect(/<rect class="state-box"[^>]*>/.exec(svg.slice(at))?.[0]).toContain('stroke-dasharray');
    }
    const deleted = svg.slice(svg.indexOf('id="state-backup.lifecycle.deleted"'));
    expect(deleted.slice(0, deleted.indexOf('</g>'))).toContain('class="final-border"');
  });

  it('shows status and label from meta under the state name', () => {
    const svg = toSvg(graph, { layout });
    expect(svg).toContain('>protecting · Creating · rules B1</text>');
    expect(svg).toContain('>available · Available</text>');
    expect(svg).toContain('>“Image can be created” · rules B2 I1</text>');
  });

  it('is the same document for the same graph', () => {
    expect(toSvg(toStatechartGraph(backupMachine))).toBe(toSvg(graph));
  });
});

describe('the SVG of a backup with what each transition would do now', () => {
  const graph = toStatechartGraph(backupMachine);
  const layout = layoutStatechart(graph);
  const find = (source: string, eventType: string, guard: string | null) => graph.edges.find((e) => e.source === source && e.eventType === eventType && e.guard === guard)!;
  const refusal = find('backup.lifecycle.available', 'DELETE', 'hasImage');
  const deleting = find('backup.lifecycle.available', 'DELETE', null);
  const vaultDeleted = find('backup.lifecycle.available', 'VAULT_DELETED', null);
  const restore = graph.edges.find((e) => e.source === 'backup.lifecycle.available' && e.eventType === 'RESTORE' && e.guard === null)!;
  const verdicts = { now: [vaultDeleted.id, restore.id], refusing: [refusal.id], unknown: [] };
  const svg = toSvg(graph, { layout, highlight: ['backup.lifecycle.available', 'backup.imageLink.linked'], verdicts, legend: true });
  const line = (id: string) => new RegExp(`<text class="[^"]*" data-edge="${escapeRegExp(xmlText(id))}"[^>]*>`).exec(svg)?.[0] ?? '';

  it('is still a well-formed document with unique ids', () => {
    expect(xmlProblems(svg)).toEqual([]);
    const ids = xmlIds(svg);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws the refusal that fires red, the line it beats grey, and a line taken now green, each saying so', () => {
    expect(line(refusal.id)).toMatch(/class="[^"]*\brefused-now\b[^"]*"[^>]* data-verdict="refusing"[^>]* fill="#a8071a"/);
    expect(line(refusal.id)).not.toContain('text-decoration');
    expect(line(deleting.id)).toMatch(/class="[^"]*\bimpossible\b[^"]*"[^>]* data-verdict="impossible"[^>]* fill="#90a4ae"/);
    expect(line(vaultDeleted.id)).toMatch(/data-verdict="now"[^>]* fill="#237804"/);
    for (const edge of graph.edges) expect(line(edge.id), edge.id).toMatch(/ data-verdict="(now|refusing|impossible|unknown)"/);
  });

  it('colours a path by its labels: green if any is taken now, else red if any refuses, else grey', () => {
    for (const route of layout.routes) {
      const tag = startTag(svg, `backup-${route.id}`);
      const vs = route.edges.map((e) => (verdicts.now.includes(e.id) ? 'now' : verdicts.refusing.includes(e.id) ? 'refusing' : 'impossible'));
      const expected = vs.includes('now') ? 'now' : vs.includes('refusing') ? 'refusing' : 'impossible';
      expect(tag, route.id).toContain(` data-verdict="${expected}"`);
      if (expected === 'impossible') expect(tag).toContain(' opacity="0.45"');
    }
  });

  it('adds a legend of the colours under the chart, and is as before without one', () => {
    for (const words of ['active state', 'taken now', 'refusal now', 'not possible now', 'last taken']) expect(svg).toContain(`>${words}</text>`);
    expect(Number(/height="(\d+)"/.exec(svg)![1])).toBeGreaterThan(layout.height);
    const judged = toSvg(graph, { layout, verdicts });
    expect(judged).not.toContain('class="legend"');
    expect(Number(/height="(\d+)"/.exec(judged)![1])).toBe(layout.height);
    expect(toSvg(graph, { layout })).not.toContain('data-verdict');
  });
});

describe('the SVG files', () => {
  it('can be written for every machine to a temporary directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbr-sim-diagram-'));
    for (const [name, machine] of MACHINES) {
      const file = join(dir, `${name}.svg`);
      const svg = toSvg(toStatechartGraph(machine));
      writeFileSync(file, svg);
      expect(readFileSync(file, 'utf8')).toBe(svg);
      expect(xmlProblems(readFileSync(file, 'utf8'))).toEqual([]);
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
