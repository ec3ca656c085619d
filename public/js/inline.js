/**
 * The story's words as nodes: the typed runs src/docs/inline.ts makes (plain text, console words in
 * bold, names in italics, codes, the API verb, rule IDs) become elements one by one, so nothing the
 * server sends is ever parsed as markup.
 */
import { h } from './dom.js';
import { ruleChip } from './rules.js';

export function inlineNodes(runs) {
  if (!Array.isArray(runs)) return [];
  return runs.map((run) => {
    switch (run?.kind) {
      case 'strong':
        return h('strong', { text: run.text });
      case 'em':
        return h('em', { text: run.text });
      case 'code':
        return h('code', { text: run.text });
      case 'api':
        return h('code', { class: 'api', title: 'The API call behind this console action', text: run.text });
      case 'rule':
        return ruleChip(run.id);
      case 'xref':
      case 'file':
      case 'text':
        return run.text;
      default:
        return '';
    }
  });
}
