// Runs in the browser page of mermaid-render.test.ts, next to Mermaid's own bundle: renders a
// diagram with `mermaid.render`, puts the SVG in the page and reads back what it drew. Plain
// JavaScript because the project's TypeScript has no DOM library; the test types the result.
//
// Everything measured is in page (CSS pixel) coordinates, so that boxes from different groups of
// Mermaid's SVG (which nest transformed groups) can be compared with each other.

/** @param {Element} el */
function pageBox(el) {
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
}

/** The lines of text of Mermaid's HTML labels under `el`, as drawn (a `<br>` is a line break). */
function textLines(el) {
  return [...el.querySelectorAll('span.nodeLabel, span.edgeLabel')]
    .flatMap((label) => label.innerText.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A point of an SVG path, in page coordinates. */
function pagePoint(path, length) {
  const p = path.getPointAtLength(length);
  const m = path.getScreenCTM();
  return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
}

globalThis.renderMermaid = async (text, svgId) => {
  const host = document.getElementById('host');
  host.replaceChildren();
  let svg;
  try {
    ({ svg } = await mermaid.render(svgId, text));
  } catch (error) {
    return { error: String(error?.message ?? error), states: [], edges: [] };
  }
  host.innerHTML = svg;
  const root = host.querySelector('svg');
  const stateId = new RegExp(`^${svgId}-state-(.+)-\\d+$`);

  const states = [];
  // Leaf states are `g.node` (their id carries the state's id), composites `g.statediagram-cluster`
  // (with `data-id`) whose outer rectangle is the composite's border.
  for (const node of root.querySelectorAll('g.node')) {
    const match = stateId.exec(node.id);
    if (!match) continue;
    states.push({ id: match[1], cluster: false, classes: [...node.classList], box: pageBox(node), lines: textLines(node) });
  }
  for (const cluster of root.querySelectorAll('g.statediagram-cluster[data-id]')) {
    const border = cluster.querySelector('rect.outer') ?? cluster;
    const label = cluster.querySelector('.cluster-label');
    states.push({ id: cluster.getAttribute('data-id'), cluster: true, classes: [...cluster.classList], box: pageBox(border), lines: label ? textLines(label) : [] });
  }

  const edges = [];
  for (const path of root.querySelectorAll('.edgePaths path[data-edge="true"]')) {
    if (path.classList.contains('note-edge')) continue;
    const dataId = path.getAttribute('data-id');
    const label = root.querySelector(`.edgeLabels .label[data-id="${CSS.escape(dataId)}"]`);
    edges.push({ id: dataId, start: pagePoint(path, 0), end: pagePoint(path, path.getTotalLength()), lines: label ? textLines(label) : [] });
  }
  return { error: null, states, edges };
};
