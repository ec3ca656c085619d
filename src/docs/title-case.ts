/**
 * Title Case as the source documentation's headings have it ("Using a Backup to Create an
 * Image"): every word capitalised but articles, short conjunctions and prepositions after the
 * first; words that already have capitals (ECS, Cloud-Init, eu-de-01's neighbours) kept; a quoted
 * console phrase ("Image can be created") kept exactly as the console writes it.
 */

const SMALL = new Set(['a', 'an', 'the', 'and', 'but', 'or', 'nor', 'for', 'so', 'yet', 'as', 'at', 'by', 'in', 'of', 'off', 'on', 'per', 'to', 'up', 'via', 'vs', 'from', 'into', 'onto', 'with', 'than']);

function word(w: string, first: boolean): string {
  // A name with digits (eu-de-01, web-01) is an identifier: as written.
  if (/\d/.test(w)) return w;
  return w.split('-').map((p, i) => (p === '' || /[A-Z]/.test(p) || (!(first && i === 0) && SMALL.has(p)) ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('-');
}

export function titleCase(text: string): string {
  // Quoted spans stay as they are; the rest is split into words and the spaces between them.
  return text.split(/("[^"]*"|“[^”]*”)/).map((part, i) => {
    if (i % 2 === 1) return part;
    let firstWord = i === 0;
    return part.split(/(\s+)/).map((w) => {
      if (/^\s*$/.test(w)) return w;
      const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(w)!;
      const out = `${m[1]}${word(m[2]!, firstWord)}${m[3]}`;
      // After a colon a new phrase starts: its first word is capitalised too.
      firstWord = /[:;—–]$/.test(w);
      return out;
    }).join('');
  }).join('');
}
