/**
 * The page's copy of the world. It is filled once from GET /api/state and then kept current by the
 * `state` deltas of `/live` (the resources a batch names, the clock), so following a long run costs
 * the page what changed, not the whole world. Views are redrawn together, once per frame, from
 * what is marked dirty here.
 */

export const S = {
  epoch: 0, // bumped on every reset: answers from an older world are dropped
  world: null, // the server's name of the world mirrored here (a new one on load and fork)
  now: null,
  nextTimer: null,
  seq: 0,
  scenario: null,
  resources: new Map(), // id → record, in creation order
  names: new Map(), // id → name, for the whole world (resources gone since included)
  actions: new Map(), // id → row actions, for rows that were on screen
  selectedId: null,
  detail: null, // GET /api/resources/:selectedId
  detailError: null,
  records: [], // journal records, by seq
  seen: new Set(),
  lastSeq: 0,
  playing: null, // the server's play: { speed, from } while one runs (GET /api/state, /live progress)
  running: false, // scenario "run to end"
  scenarios: [],
  chartOverride: null, // a chart kind picked by hand, other than the selected resource's
  travel: null, // time travel: { seq, now, step } while the page shows the world as it was at record seq
};

export const nameOf = (id) => (id && S.names.get(id)) || null;
export const isDeleted = (r) => r.status === 'deleted' || r.status === 'DELETED';

/** What the next frame redraws. `all`: the console's rows are reconciled with the whole map. */
export const dirty = { all: false, rows: new Set(), kinds: new Set(), header: false, scenario: false, selection: false };

const RENDER_EVERY_MS = 250;
let renderer = null;
let pending = false;
let lastRender = -Infinity;

export function onRender(fn) {
  renderer = fn;
}

/** Marks parts dirty and asks for one redraw (a frame, or 100 ms when frames are throttled). */
export function requestRender(parts = {}) {
  if (parts.all) dirty.all = true;
  if (parts.header) dirty.header = true;
  if (parts.scenario) dirty.scenario = true;
  if (parts.selection) dirty.selection = true;
  for (const id of parts.rows ?? []) dirty.rows.add(id);
  for (const kind of parts.kinds ?? []) dirty.kinds.add(kind);
  if (pending) return;
  pending = true;
  // At most one redraw per RENDER_EVERY_MS: a person reads a table no faster, and a long run's
  // batches then cost one redraw of what they touched together, not one each.
  const wait = Math.max(0, RENDER_EVERY_MS - (performance.now() - lastRender));
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    pending = false;
    lastRender = performance.now();
    renderer?.();
  };
  setTimeout(() => {
    requestAnimationFrame(run);
    setTimeout(run, 100); // frames are throttled in a hidden tab
  }, wait);
}

/** The whole state (GET /api/state): after a reset, a reconnect, a scenario step. */
export function setState(st) {
  S.world = st.world;
  S.now = st.now;
  S.nextTimer = st.nextTimer;
  S.seq = st.seq;
  S.scenario = st.scenario;
  S.playing = st.playing ?? null;
  S.resources = new Map(st.resources.map((r) => [r.id, r]));
  for (const r of st.resources) S.names.set(r.id, r.name);
  requestRender({ all: true, header: true, scenario: true, selection: true });
}

/** A batch's delta: returns the ids it touched. */
export function applyDelta(delta) {
  if (!delta) return [];
  S.now = delta.now;
  S.nextTimer = delta.nextTimer;
  S.seq = Math.max(S.seq, delta.seq);
  const touched = [];
  for (const r of delta.resources) {
    S.resources.set(r.id, r);
    S.names.set(r.id, r.name);
    touched.push(r.id);
  }
  for (const id of delta.gone) {
    S.resources.delete(id);
    S.actions.delete(id);
    touched.push(id);
  }
  requestRender({ rows: touched, header: true });
  return touched;
}
