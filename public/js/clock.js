/**
 * The header: scenario title and the clock (presets, next timer, pending timers, play/pause).
 * ▶ Play asks the server to play the clock (POST /api/play): the server runs it, journaled once,
 * and every tab shows it from the state's `playing` and the play's progress on /live.
 */
import { $, h, put } from './dom.js';
import { api, command } from './api.js';
import { S, requestRender } from './store.js';
import { WEEKDAYS, fmtSpan, fmtTime } from './format.js';
import { showCommandError } from './notices.js';

export function renderHeader() {
  if (!S.now) return;
  const now = Date.parse(S.now);
  if (S.scenario) {
    $('scenario-title').textContent = S.scenario.title;
    $('scenario-title').title = S.scenario.id;
    document.title = `${S.scenario.title} · cbr-sim inspector`;
  }
  // The year and "UTC" are spans a narrow header hides (style.css); the title keeps them.
  const at = fmtTime(now);
  put($('clock-now'), `${WEEKDAYS[new Date(now).getUTCDay()]} `, h('span', { class: 'clock-year', text: at.slice(0, 5) }), at.slice(5), h('span', { class: 'clock-utc', text: ' UTC' }));
  $('clock-now').title = `Simulated time: ${at} UTC`;
  $('clock-now').dataset.iso = S.now;
  if (S.nextTimer) {
    const next = Date.parse(S.nextTimer);
    $('clock-next').textContent = `next timer: ${fmtTime(next)} (in ${fmtSpan(next - now)})`;
  } else $('clock-next').textContent = 'next timer: none pending';
  $('next-timer').disabled = !S.nextTimer;
  renderPlay();
}

let shownSpeed = null;

/** The Play button and the speed as the server plays (a play started in another tab too). */
function renderPlay() {
  const on = Boolean(S.playing);
  const button = $('clock-play');
  button.textContent = on ? '❚❚ Pause' : '▶ Play';
  button.setAttribute('aria-pressed', String(on));
  button.classList.toggle('active', on);
  button.title = on ? `Playing at ×${S.playing.speed} since ${fmtTime(Date.parse(S.playing.from))}: pause the clock` : 'Play: advance the clock continuously';
  // The speed the server plays at, once when it changes (not over a choice being sent).
  const speed = on ? String(S.playing.speed) : null;
  if (speed !== shownSpeed) {
    shownSpeed = speed;
    const select = $('clock-speed');
    if (speed && [...select.options].some((o) => o.value === speed)) select.value = speed;
  }
}

/** What the server says of its play: `{ speed, from }` or null. */
export function showPlaying(playing) {
  S.playing = playing ?? null;
  requestRender({ header: true });
}

async function advance(duration) {
  try {
    await command('advance', [duration]);
  } catch (error) {
    showCommandError(error, 'advance', [duration]);
  }
}

async function advanceToNextTimer() {
  let timers;
  try {
    timers = await api('/api/timers?limit=1'); // fresh: the shown state may be a batch behind
  } catch (error) {
    return showCommandError(error, 'advance', ['next timer']);
  }
  const next = timers.timers[0];
  if (next) await advance(Math.max(0, Date.parse(next.at) - Date.parse(timers.now)));
}

/** The pending timers, soonest first: what the clock will do next, and to whom. */
async function showTimers() {
  const box = $('timers');
  if (!box.hidden) {
    box.hidden = true;
    return;
  }
  let answer;
  try {
    answer = await api('/api/timers?limit=50');
  } catch (error) {
    return showCommandError(error, 'timers', []);
  }
  const now = Date.parse(answer.now);
  // "<time> · in 41 min · backup web-01-backup: data transfer ends: Available", the chart's event as the tooltip.
  box.replaceChildren(
    h('div', { class: 'timers-head' }, h('strong', { text: `Pending timers (${answer.total})` }), h('button', { type: 'button', class: 'small ghost', text: '×', title: 'Close', onclick: () => { box.hidden = true; } })),
    answer.timers.length
      ? h('ol', { class: 'timers-list', 'data-testid': 'timers-list' }, answer.timers.map((t) =>
        h('li', { title: t.event }, h('code', { text: fmtTime(Date.parse(t.at)) }), ` · in ${fmtSpan(Date.parse(t.at) - now)} · `, h('span', { class: 'timer-words', text: t.words }))))
      : h('p', { class: 'muted small', text: 'Nothing is pending.' }),
  );
  box.hidden = false;
}

/** Plays the clock at the chosen speed (or goes on at it, when a play runs at another). */
async function play() {
  const speed = Number($('clock-speed').value) || 1;
  try {
    const answer = await api('/api/play', { method: 'POST', body: { speed } });
    showPlaying(answer.playing);
  } catch (error) {
    showCommandError(error, 'play', [speed]);
  }
}

async function pause() {
  try {
    await api('/api/pause', { method: 'POST' });
    showPlaying(null);
  } catch (error) {
    showCommandError(error, 'pause', []);
  }
}

/** Plays or pauses the clock on the server (pausing also ends a long advance where it stands). */
export function setPlaying(on) {
  if (Boolean(S.playing) === on) return;
  void (on ? play() : pause());
}

/** Long work on the server (an advance, a scenario step, a play): how far it has come, in the header. */
export function showProgress(progress) {
  if (progress.operation === 'play') {
    // The Play button says a play runs; the clock follows it between the records' batches.
    showPlaying(progress.state === 'running' ? { speed: progress.speed, from: progress.from } : null);
    if (!S.now || Date.parse(progress.at) > Date.parse(S.now)) S.now = progress.at;
    return;
  }
  const box = $('clock-progress');
  if (!box) return;
  if (progress.state !== 'running') {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.textContent = `${progress.operation === 'step' ? 'scenario step' : 'advancing'}: ${fmtTime(Date.parse(progress.at))}${progress.operation === 'advance' ? ` (${Math.round(progress.fraction * 100)} %)` : ''} — `;
  box.append(h('button', { type: 'button', class: 'small', text: 'Pause', 'data-testid': 'clock-progress-pause', onclick: () => void api('/api/pause', { method: 'POST' }) }));
}

export function setupClock() {
  for (const button of document.querySelectorAll('[data-advance]')) button.addEventListener('click', () => advance(button.dataset.advance));
  $('next-timer').addEventListener('click', () => advanceToNextTimer());
  $('show-timers').addEventListener('click', () => showTimers());
  $('clock-play').addEventListener('click', () => setPlaying(!S.playing));
  // A new speed while playing: the server plays on at it (a new play in the journal).
  $('clock-speed').addEventListener('change', () => {
    if (S.playing) void play();
  });
}
