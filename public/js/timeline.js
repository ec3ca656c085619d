/**
 * The timeline: the journal as an event log, filterable by resource, by type of record and by the
 * kind of what it is about (tasks, restore points, jobs, a kind of resource: the `kind` of its
 * state records, which every resource, task and restore point writes when it appears). It is
 * virtualised: every matching record has its place in a tall scroll area, but only the rows in
 * view (and a few around) exist in the DOM, so a run of 50,000 records scrolls and follows as
 * lightly as one of fifty. The page keeps the last 50,000 records, as the server does.
 */
import { $, h } from './dom.js';
import { S, nameOf, recordOf } from './store.js';
import { eventLabel, fmtSpan, fmtTime, resultText, short, valueText } from './format.js';
import { select } from './selection.js';
import { travelTo } from './travel.js';

const RECORD_TYPES = ['command', 'refusal', 'event', 'state', 'note', 'request'];
const ROW_HEIGHT = 23; // px, as .tl-body .tl-row in style.css
const OVERSCAN = 15;
const RECORDS_MAX = 50_000;
/** While records stream in, the log is redrawn at most this often: faster is a blur anyway. */
const DRAW_EVERY_MS = 250;

/** Why a play ended, when not paused (the note's message says it in full, in the row's tooltip). */
const PLAY_ENDS = { command: 'for a command, then on', step: 'for a scenario step, then on', speed: 'on at a new speed', 'end-of-time': 'near the end of time', limit: 'after its longest run', restart: 'the server restarted' };

const TL = { rows: [], filter: '', types: new Set(RECORD_TYPES), kind: '', stick: true, frame: false, drawn: '', lastDraw: -Infinity };
/** id → kind, from the state records seen (they name it), for the records that do not. */
const kinds = new Map();

function kindOf(rec) {
  if (rec.type === 'state' && rec.kind) return rec.kind;
  if (!rec.resourceId) return null;
  return kinds.get(rec.resourceId) ?? recordOf(rec.resourceId)?.kind ?? null;
}

function matches(rec) {
  if (!TL.types.has(rec.type)) return false;
  if (TL.kind && kindOf(rec) !== TL.kind) return false;
  if (!TL.filter) return true;
  // A request of the service API names its resources in its path (`…/backups/bk-…`).
  if (rec.type === 'request') return rec.path.toLowerCase().includes(TL.filter) || (rec.operation ?? '').toLowerCase().includes(TL.filter);
  if (!rec.resourceId) return false;
  return rec.resourceId.toLowerCase().includes(TL.filter) || (nameOf(rec.resourceId) ?? '').toLowerCase().includes(TL.filter);
}

function describe(rec) {
  switch (rec.type) {
    case 'command': {
      const r = rec.result;
      if (rec.verb === 'advance' && r && typeof r === 'object' && r.from && r.to) {
        const arg = rec.args?.[0];
        return `advance ${typeof arg === 'number' ? fmtSpan(arg) : arg} → ${fmtTime(Date.parse(r.to))}`;
      }
      // One record however long the play ran; its `played` note says where it ended.
      if (rec.verb === 'play' && r && typeof r === 'object' && r.from) return `play ×${rec.args?.[0]} from ${fmtTime(Date.parse(r.from))}`;
      return `${rec.verb}(${short(JSON.stringify(rec.args ?? []).slice(1, -1), 90)}) → ${resultText(r)}`;
    }
    case 'refusal':
      return `${rec.verb} refused: ${rec.code} — ${rec.message}`;
    case 'event': {
      const shown = eventLabel(rec.event?.type ?? '?');
      const from = rec.source && rec.source !== 'world' ? ` from ${nameOf(rec.source) ?? rec.source}` : rec.source === 'world' ? ' from the world' : '';
      return `${shown}${from}`;
    }
    case 'state': {
      const change = rec.from === null ? `→ ${rec.status}` : rec.from === rec.status ? `${rec.status}` : `${rec.from} → ${rec.status}`;
      return `${change} (${rec.label}) · ${valueText(rec.value)}`;
    }
    case 'note': {
      const d = rec.details;
      if (rec.note === 'played' && d && d.from && d.to) return `played from ${fmtTime(Date.parse(d.from))} to ${fmtTime(Date.parse(d.to))} at ×${d.speed}${d.ended && d.ended !== 'paused' ? ` (${PLAY_ENDS[d.ended] ?? d.ended})` : ''}`;
      return `${rec.note}: ${rec.message}`;
    }
    case 'request':
      return `${rec.method} ${short(rec.path, 140)} → ${rec.status}${rec.code ? ` ${rec.code}` : ''}`;
    default:
      return short(JSON.stringify(rec), 160);
  }
}

function resourceCell(id) {
  if (!id) return h('span', { class: 'muted', text: '—' });
  const name = nameOf(id);
  return h('button', { type: 'button', class: `link${name ? '' : ' unnamed'}`, title: `${name ? `${name} · ` : ''}${id} (click to select)`, text: name ?? id, onclick: () => select(id) });
}

/** A row's tooltip: what its one line leaves out. */
function titleOf(rec, what) {
  switch (rec.type) {
    case 'event': return rec.event?.type ?? '';
    case 'note': return `${rec.note}: ${rec.message}`;
    case 'request': return `${what}\n${rec.service.toUpperCase()} ${rec.operation ?? '(no such operation)'}, project ${rec.project}`;
    default: return what;
  }
}

function rowOf(rec, index) {
  const what = describe(rec);
  const row = h(
    'div',
    { class: `tl-row t-${rec.type}`, role: 'row', 'data-seq': rec.seq, 'data-type': rec.type, 'data-res': rec.resourceId ?? '' },
    h('span', { class: 'c-seq muted' }, h('button', {
      type: 'button', class: 'link travel', 'data-testid': `travel-${rec.seq}`,
      title: `See the world as it was at record #${rec.seq} (time travel)`, text: String(rec.seq), onclick: () => travelTo(rec.seq),
    })),
    h('span', { class: 'c-time', text: fmtTime(rec.at) }),
    h('span', { class: 'c-res' }, resourceCell(rec.resourceId)),
    h('span', { class: 'c-type' }, h('span', { class: `type-badge type-${rec.type}`, text: rec.type })),
    h('span', { class: 'c-what', title: titleOf(rec, what), text: what }),
  );
  row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
  return row;
}

/** Adds records (a page of the journal or a live batch), each once, in seq order. */
export function ingest(records) {
  if (!Array.isArray(records) || !records.length) return;
  let outOfOrder = false;
  const fresh = [];
  for (const r of records) {
    if (S.seen.has(r.seq)) continue;
    S.seen.add(r.seq);
    if (r.seq < S.lastSeq) outOfOrder = true;
    S.lastSeq = Math.max(S.lastSeq, r.seq);
    fresh.push(r);
  }
  if (!fresh.length) return;
  for (const r of fresh) if (r.type === 'state' && r.kind && r.resourceId) kinds.set(r.resourceId, r.kind);
  for (const r of fresh) S.records.push(r);
  if (outOfOrder) S.records.sort((a, b) => a.seq - b.seq);
  if (S.records.length > RECORDS_MAX + 5000) {
    for (const r of S.records.splice(0, S.records.length - RECORDS_MAX)) S.seen.delete(r.seq);
    if (kinds.size > RECORDS_MAX) {
      // Bounded as the records are: the kinds the kept records name.
      kinds.clear();
      for (const r of S.records) if (r.type === 'state' && r.kind && r.resourceId) kinds.set(r.resourceId, r.kind);
    }
    outOfOrder = true; // the rows are counted again from what is kept
  }
  if (outOfOrder) refilter();
  else for (const r of fresh) if (matches(r)) TL.rows.push(r);
  draw();
}

export function clearTimeline() {
  kinds.clear();
  TL.rows = [];
  TL.drawn = '';
  $('timeline-body').replaceChildren();
  draw();
}

function refilter() {
  TL.rows = S.records.filter(matches);
  TL.drawn = '';
}

/** Draws in a coming frame: the rows in view, the scroll height, the counts. */
function draw({ now = false } = {}) {
  if (TL.frame) return;
  TL.frame = true;
  const wait = now ? 0 : Math.max(0, DRAW_EVERY_MS - (performance.now() - TL.lastDraw));
  setTimeout(() => requestAnimationFrame(paint), wait);
}

function paint() {
  TL.frame = false;
  TL.lastDraw = performance.now();
  const scroller = $('timeline-scroll');
  const body = $('timeline-body');
  body.style.height = `${TL.rows.length * ROW_HEIGHT}px`;
  if ($('timeline-follow').checked && TL.stick) scroller.scrollTop = scroller.scrollHeight;
  const top = Math.max(0, scroller.scrollTop - body.offsetTop);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(TL.rows.length, Math.ceil((top + scroller.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  const key = `${first}:${last}:${TL.rows[first]?.seq}:${TL.rows[last - 1]?.seq}`;
  if (key !== TL.drawn) {
    TL.drawn = key;
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) frag.append(rowOf(TL.rows[i], i));
    body.replaceChildren(frag);
  }
  $('timeline-count').textContent = `${count(TL.rows.length)} matching · ${count(S.records.length)} records (last seq ${S.lastSeq})`;
}

const numbers = new Intl.NumberFormat('en');
const count = (n) => numbers.format(n);

export function setupTimeline() {
  let timer = null;
  $('timeline-filter').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      TL.filter = $('timeline-filter').value.trim().toLowerCase();
      refilter();
      draw();
    }, 150);
  });
  for (const box of $('timeline-types').querySelectorAll('input[type=checkbox]')) {
    box.addEventListener('change', () => {
      if (box.checked) TL.types.add(box.value);
      else TL.types.delete(box.value);
      refilter();
      draw();
    });
  }
  $('timeline-kind').addEventListener('change', () => {
    TL.kind = $('timeline-kind').value;
    refilter();
    draw();
  });
  $('timeline-follow').addEventListener('change', () => {
    TL.stick = true;
    draw();
  });
  const scroller = $('timeline-scroll');
  scroller.addEventListener('scroll', () => {
    TL.stick = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    draw({ now: true });
  }, { passive: true });
}
