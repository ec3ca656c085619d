/**
 * The cbr-sim inspector: plain ES modules, no framework, no dependency, no build step.
 *
 * One world lives on the server; this page mirrors it (store.js) from GET /api/state and the live
 * deltas (live.js), and redraws what changed once per frame. CSP: script-src and style-src 'self';
 * the only styling from script is through the CSSOM (`element.style`), which CSP allows.
 */
import { $ } from './dom.js';
import { S, dirty, isDeleted, onRender, requestRender } from './store.js';
import { hideRefusal } from './notices.js';
import { buildConsole, renderConsole } from './console.js';
import { renderSelection, select } from './selection.js';
import { renderHeader, setupClock } from './clock.js';
import { loadScenarioList, renderScenario, setupScenario } from './scenario.js';
import { setupTimeline } from './timeline.js';
import { setupStatechart, showChart } from './statechart.js';
import { setupExports } from './exports.js';
import { connectLive, resetAll } from './live.js';
import { markStale } from './row-actions.js';
import { loadRules } from './rules.js';
import { isTeach, renderTeach, setupTeach } from './teach.js';
import { setupProjectPicker } from './project-picker.js';

onRender(() => {
  if (dirty.header) renderHeader();
  renderConsole();
  if (dirty.scenario) renderScenario();
  if (dirty.selection || (S.selectedId && dirty.rows.has(S.selectedId))) renderSelection();
  if (isTeach) renderTeach();
  dirty.all = false;
  dirty.rows.clear();
  dirty.kinds.clear();
  dirty.header = false;
  dirty.scenario = false;
  dirty.selection = false;
});

function wire() {
  setupProjectPicker();
  setupClock();
  setupScenario();
  setupTimeline();
  setupStatechart();
  setupExports();
  $('show-deleted').addEventListener('change', () => {
    requestRender({ all: true });
    markStale();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hideRefusal();
  });
}

async function start() {
  buildConsole();
  wire();
  if (isTeach) setupTeach();
  // The rule catalogue, once: chips drawn before it arrives get their tooltips when it does.
  void loadRules();
  await resetAll(null);
  await loadScenarioList();
  connectLive();
  // With nothing selected, show the backup chart (the one the README is about).
  if (!S.selectedId) {
    const firstBackup = [...S.resources.values()].find((r) => r.kind === 'backup' && !isDeleted(r));
    if (firstBackup) select(firstBackup.id);
    else void showChart('backup', null);
  }
}

void start();
