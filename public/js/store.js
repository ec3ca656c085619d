/**
 * The page's copy of the world. It is filled once from GET /api/state and then kept current by the
 * `state` deltas of `/live` (the resources a batch names, the clock), so following a long run costs
 * the page what changed, not the whole world. Views are redrawn together, once per frame, from
 * what is marked dirty here.
 *
 * Tasks and restore points are no resources (no actor, no chart): they are kept apart, the newest
 * the server sends (it sends at most 500 of each, and says how many tasks there are in all).
 */

export const S = {
  epoch: 0, // bumped on every reset: answers from an older world are dropped
  world: null, // the server's name of the world mirrored here (a new one on load and fork)
  now: null,
  nextTimer: null,
  seq: 0,
  scenario: null,
  resources: new Map(), // id → record, in creation order
  tasks: new Map(), // id → task record, oldest first (the newest TASKS_KEPT)
  taskCount: 0, // tasks the server's log keeps in all
  checkpoints: new Map(), // id → restore point record, oldest first (the newest TASKS_KEPT)
  checkpointCount: 0,
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

/** The most tasks (and restore points) the page keeps: as many as the server sends (src/server/task-view.ts). */
export const TASKS_KEPT = 500;

export const nameOf = (id) => (id && S.names.get(id)) || null;

/** The record of any id the page knows: a resource, a task or a restore point. */
export const recordOf = (id) => S.resources.get(id) ?? S.tasks.get(id) ?? S.checkpoints.get(id) ?? null;
// An expired local copy (C10) is gone as a deleted resource is: eBackup's retention removed it.
export const isDeleted = (r) => r.status === 'deleted' || r.status === 'DELETED' || (r.kind === 'localCopy' && r.status === 'expired');

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
  setLogs(st);
  requestRender({ all: true, header: true, scenario: true, selection: true });
}

/** The tasks and restore points of a whole state (sent newest first; kept oldest first). */
export function setLogs(st) {
  S.tasks = new Map((st.tasks ?? []).slice().reverse().map((t) => [t.id, t]));
  S.taskCount = st.taskCount ?? S.tasks.size;
  S.checkpoints = new Map((st.checkpoints ?? []).slice().reverse().map((c) => [c.id, c]));
  S.checkpointCount = st.checkpointCount ?? S.checkpoints.size;
  for (const r of [...S.tasks.values(), ...S.checkpoints.values()]) S.names.set(r.id, r.name);
}

/** Puts records into a kept log (a new one goes last, as the newest), the oldest dropped past TASKS_KEPT; returns how many were new. */
function merge(map, records) {
  let fresh = 0;
  for (const r of records) {
    if (!map.has(r.id)) fresh++;
    map.set(r.id, r);
    S.names.set(r.id, r.name);
  }
  for (const id of map.keys()) {
    if (map.size <= TASKS_KEPT) break;
    map.delete(id);
  }
  return fresh;
}

/** Tasks the server sent again (a batch's, or the running ones of a progress message): returns their ids. */
export function applyTasks(tasks, count) {
  if (!tasks?.length && count === undefined) return [];
  merge(S.tasks, tasks ?? []);
  if (count !== undefined) S.taskCount = count;
  requestRender({ kinds: ['task'] });
  return (tasks ?? []).map((t) => t.id);
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
  touched.push(...applyTasks(delta.tasks, delta.taskCount));
  if (delta.checkpoints?.length) {
    const fresh = merge(S.checkpoints, delta.checkpoints);
    S.checkpointCount = delta.checkpointCount ?? S.checkpointCount + fresh;
    touched.push(...delta.checkpoints.map((c) => c.id));
    requestRender({ kinds: ['checkpoint'] });
  }
  for (const id of delta.gone) {
    S.resources.delete(id);
    S.actions.delete(id);
    if (S.tasks.delete(id)) S.taskCount = Math.max(0, S.taskCount - 1);
    if (S.checkpoints.delete(id)) S.checkpointCount = Math.max(0, S.checkpointCount - 1);
    touched.push(id);
  }
  if (delta.gone.length) requestRender({ kinds: ['task', 'checkpoint'] });
  requestRender({ rows: touched, header: true });
  return touched;
}
