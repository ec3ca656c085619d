/**
 * The live connection (`/live`): batches of journal records, each with the state it leaves (the
 * clock and the records of the resources it names), `reset` when the world is replaced (a
 * scenario loaded, a fork), and external actors. A page that reconnects, or that the server found
 * too far behind, catches up from the journal.
 */
import { $ } from './dom.js';
import { api } from './api.js';
import { withProject } from './project.js';
import { S, applyDelta, applyTasks, setState } from './store.js';
import { flash } from './notices.js';
import { clearTimeline, ingest } from './timeline.js';
import { chartRecords } from './statechart.js';
import { dropMissingSelection, refreshSelected } from './selection.js';
import { markStale, onDiverge } from './row-actions.js';
import { onExternal } from './externals.js';
import { showPlaying, showProgress } from './clock.js';
import { clearOutcomes } from './scenario.js';
import { forgetSnapshot } from './snapshot.js';
import { forgetTravel, onBackToNow } from './travel.js';

const CATCHUP_LIMIT = 10_000;
let ws = null;
let backoff = 500;

function setLive(state, text) {
  const node = $('live-status');
  node.dataset.state = state;
  node.textContent = text;
}

function catchUp(socket) {
  socket.send(JSON.stringify({ type: 'catchup', after: S.lastSeq }));
}

/** Tasks sent again: the selected one's detail is asked for again when it is one of them. */
function onTasks(ids) {
  if (S.selectedId && ids.includes(S.selectedId)) void refreshSelected();
}

function onRecords(socket, msg) {
  if (msg.world !== S.world) return; // another world's: its `reset` reloads this page
  // Looking at the past: the journal goes on, the page's state waits for "Back to now".
  if (S.travel) {
    ingest(msg.records);
    if (msg.records.length >= CATCHUP_LIMIT) catchUp(socket);
    return;
  }
  const touched = applyDelta(msg.state);
  ingest(msg.records);
  chartRecords(msg.records);
  if (S.selectedId && touched.includes(S.selectedId)) {
    dropMissingSelection();
    void refreshSelected();
  }
  if (msg.records.length || touched.length) markStale();
  if (msg.records.length >= CATCHUP_LIMIT) catchUp(socket);
}

export function connectLive() {
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${withProject('/live')}`;
  setLive('connecting', 'connecting…');
  let socket;
  try {
    socket = new WebSocket(url);
  } catch {
    return retryLive();
  }
  ws = socket;
  socket.addEventListener('open', () => {
    backoff = 500;
    setLive('live', 'live');
  });
  socket.addEventListener('message', (message) => {
    let msg;
    try {
      msg = JSON.parse(message.data);
    } catch {
      return;
    }
    switch (msg.type) {
      case 'hello':
        if (msg.world !== S.world) void resetAll(S.world ? 'the server has a new world' : null);
        else {
          catchUp(socket);
          if (msg.behind) void reloadState();
        }
        break;
      case 'records':
        onRecords(socket, msg);
        break;
      case 'reset':
        void resetAll(msg.reason);
        break;
      case 'external':
        onExternal(msg.event);
        break;
      case 'progress':
        if (msg.world !== S.world) break;
        showProgress(msg.progress);
        // The running tasks, as the clock moved them (a play moves it without writing records).
        if (!S.travel) onTasks(applyTasks(msg.tasks));
        break;
      default:
        break;
    }
  });
  socket.addEventListener('close', () => {
    if (ws === socket) retryLive();
  });
}

function retryLive() {
  setLive('down', `reconnecting in ${Math.round(backoff / 100) / 10} s…`);
  setTimeout(connectLive, backoff);
  backoff = Math.min(backoff * 2, 10_000);
}

/** The whole state again (after a step, a reconnect): cheap for a scenario's world. */
export async function reloadState() {
  if (S.travel) return;
  const epoch = S.epoch;
  try {
    const st = await api('/api/state');
    if (epoch !== S.epoch || S.travel) return;
    setState(st);
    dropMissingSelection();
    if (S.selectedId) void refreshSelected();
  } catch (error) {
    console.warn('reload failed', error);
  }
}

async function loadJournal(epoch) {
  for (;;) {
    const { records } = await api(`/api/journal?after=${S.lastSeq}&limit=${CATCHUP_LIMIT}`);
    if (epoch !== S.epoch) return;
    ingest(records);
    if (records.length < CATCHUP_LIMIT) return;
  }
}

/** A new world (loaded, forked, or the server restarted): everything is read again. */
export async function resetAll(reason) {
  S.epoch++;
  const epoch = S.epoch;
  // A play ends with its world; the new world's state says whether one runs.
  showPlaying(null);
  S.world = null;
  S.records = [];
  S.seen.clear();
  S.lastSeq = 0;
  S.actions.clear();
  S.detail = null;
  S.names.clear();
  clearTimeline();
  clearOutcomes();
  forgetSnapshot();
  forgetTravel();
  if (reason) flash(`Reloaded: ${reason}`);
  await reloadState();
  if (epoch !== S.epoch) return;
  try {
    await loadJournal(epoch);
  } catch (error) {
    console.warn('journal failed', error);
  }
  // Batches that came while the page was not yet following this world carried state it dropped:
  // when the journal went past the state read above, the state is read once more.
  if (epoch === S.epoch && S.lastSeq > S.seq) await reloadState();
  if (S.scenarios.length && S.scenario) $('scenario-select').value = S.scenario.id;
  markStale();
}


onDiverge(() => reloadState());

// "Back to now": the present, whole, and the actions of what is on screen.
onBackToNow(async () => {
  await reloadState();
  markStale();
});
