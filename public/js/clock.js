/** The header: scenario title and the clock (presets, next timer, pending timers, play/pause). */
import { $, h, nextFrame, put, sleep } from './dom.js';
import { api, command } from './api.js';
import { S, nameOf } from './store.js';
import { WEEKDAYS, fmtSpan, fmtTime } from './format.js';
import { showCommandError } from './notices.js';

const PLAY_TICK_MS = 200;

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
  box.replaceChildren(
    h('div', { class: 'timers-head' }, h('strong', { text: `Pending timers (${answer.total})` }), h('button', { type: 'button', class: 'small ghost', text: '×', title: 'Close', onclick: () => { box.hidden = true; } })),
    answer.timers.length
      ? h('ol', { class: 'timers-list', 'data-testid': 'timers-list' }, answer.timers.map((t) =>
        h('li', {}, h('code', { text: fmtTime(Date.parse(t.at)) }), ` in ${fmtSpan(Date.parse(t.at) - now)} · `, h('strong', { text: nameOf(t.resourceId) ?? t.resourceId ?? 'the world' }), ` · ${t.event}`)))
      : h('p', { class: 'muted small', text: 'Nothing is pending.' }),
  );
  box.hidden = false;
}

async function playLoop() {
  while (S.playing) {
    const started = performance.now();
    const speed = Number($('clock-speed').value) || 1;
    const step = Math.round(speed * PLAY_TICK_MS);
    try {
      await command('advance', [step]);
    } catch (error) {
      // Another tab's long advance or step is running: this tick waits for the next one.
      if (error?.body?.code === 'Sim.Busy') {
        await sleep(PLAY_TICK_MS);
        continue;
      }
      showCommandError(error, 'advance', [step]);
      setPlaying(false);
      break;
    }
    // One advance at a time, and a frame for the page between two: the clock never outruns it.
    await nextFrame();
    await sleep(Math.max(0, PLAY_TICK_MS - (performance.now() - started)));
  }
}

export function setPlaying(on) {
  if (S.playing === on) return;
  S.playing = on;
  const button = $('clock-play');
  button.textContent = on ? '❚❚ Pause' : '▶ Play';
  button.setAttribute('aria-pressed', String(on));
  button.classList.toggle('active', on);
  if (on) void playLoop();
  // The tick in flight may be a long advance the server runs in slices: it ends where it stands.
  else void api('/api/pause', { method: 'POST' }).catch(() => {});
}

/** Long work on the server (an advance, a scenario step): how far it has come, in the header. */
export function showProgress(progress) {
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
}
