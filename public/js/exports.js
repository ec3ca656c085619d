/** Exports: the shown diagram as SVG or Mermaid, the retained journal as JSON lines. */
import { $, h } from './dom.js';
import { api } from './api.js';
import { S } from './store.js';
import { flash } from './notices.js';
import { chartForExport } from './statechart.js';

const JOURNAL_PAGE = 10_000;

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, class: 'hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

async function exportDiagram(format) {
  const diagram = await chartForExport(format);
  if (!diagram) return flash('No diagram to export yet: select a resource or a chart.');
  download(new Blob([diagram.text], { type: format === 'mermaid' ? 'text/plain' : 'image/svg+xml' }), diagram.name);
  $('export-status').textContent = `saved ${diagram.name}`;
  flash(`Saved ${diagram.name}`);
}

async function exportJournal() {
  const status = $('export-status');
  status.textContent = 'reading the journal…';
  flash(status.textContent);
  const lines = [];
  let after = 0;
  try {
    for (;;) {
      const { records } = await api(`/api/journal?after=${after}&limit=${JOURNAL_PAGE}`);
      for (const r of records) lines.push(JSON.stringify(r));
      if (records.length < JOURNAL_PAGE) break;
      after = records[records.length - 1].seq;
      status.textContent = `reading the journal… ${lines.length.toLocaleString('en')}`;
    }
  } catch (error) {
    status.textContent = `failed: ${error.message}`;
    return flash(`Journal export ${status.textContent}`);
  }
  const name = `cbr-sim-journal-${S.scenario?.id ?? 'session'}.jsonl`;
  download(new Blob([lines.join('\n') + (lines.length ? '\n' : '')], { type: 'application/x-ndjson' }), name);
  status.textContent = `saved ${name} (${lines.length.toLocaleString('en')} records)`;
  flash(status.textContent);
}

export function setupExports() {
  $('export-svg').addEventListener('click', () => exportDiagram('svg'));
  $('export-mermaid').addEventListener('click', () => exportDiagram('mermaid'));
  $('export-journal').addEventListener('click', exportJournal);
}
