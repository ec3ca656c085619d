/**
 * Shared helpers for the diagram tests: the machines to draw, the state node ids of a machine read
 * straight from its live `StateNode`s, and a small XML well-formedness checker (Node has no
 * `DOMParser`, and the diagram module must not need an XML library).
 */
import type { AnyStateMachine } from 'xstate';
import {
  backupMachine, diskMachine, imageMachine, localCopyMachine, policyMachine, regionMachine, serverMachine, siteMachine, vaultMachine, vmMachine,
} from '../../machines/index.js';

/** Every machine exported by `machines/index.ts`, by name. */
export const MACHINES: ReadonlyArray<readonly [string, AnyStateMachine]> = [
  ['backup', backupMachine],
  ['image', imageMachine],
  ['server', serverMachine],
  ['disk', diskMachine],
  ['vault', vaultMachine],
  ['policy', policyMachine],
  ['region', regionMachine],
  ['site', siteMachine],
  ['vm', vmMachine],
  ['localCopy', localCopyMachine],
];

interface NodeLike {
  id: string;
  key: string;
  states: Record<string, NodeLike>;
}

/** Every state node of `machine` (the root included), collected recursively from `machine.root`. */
export function stateNodes(machine: AnyStateMachine): Array<{ id: string; key: string }> {
  const out: Array<{ id: string; key: string }> = [];
  const visit = (node: NodeLike): void => {
    out.push({ id: node.id, key: node.key });
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root as unknown as NodeLike);
  return out;
}

/** Escapes text the way it must appear inside an XML text node or attribute. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NAME = '[A-Za-z_][\\w:.-]*';
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const TAG = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, 'g');
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

/**
 * The reasons `xml` is not a well-formed XML document (empty when it is), checking what a
 * generator can get wrong: one root element, balanced and properly nested tags, quoted and unique
 * attributes, no stray `<` or `&` in text or attribute values.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  let body = xml.replace(/^<\?xml\s[^?]*\?>/, '');
  if (/<\?/.test(body)) problems.push('processing instruction after the start');
  body = body.replace(/<!--[\s\S]*?-->/g, (comment) => (comment.slice(4, -3).includes('--') ? '<!bad-comment>' : ''));
  const stack: string[] = [];
  let roots = 0;
  let at = 0;
  const checkText = (text: string, where: number): void => {
    if (text.includes('<')) problems.push(`unparsable markup near offset ${where}: ${JSON.stringify(text.slice(text.indexOf('<'), text.indexOf('<') + 40))}`);
    if (text.replace(ENTITY, '').includes('&')) problems.push(`bare & in text near offset ${where}`);
    if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root element near offset ${where}`);
  };
  for (const match of body.matchAll(TAG)) {
    const [whole, closing, name, attributes, selfClosing] = match;
    const index = match.index ?? 0;
    checkText(body.slice(at, index), at);
    at = index + whole.length;
    if (closing) {
      if (selfClosing || (attributes ?? '').trim() !== '') problems.push(`malformed closing tag </${name}>`);
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> near offset ${index}`);
      continue;
    }
    if (stack.length === 0) roots++;
    const seen = new Set<string>();
    for (const attribute of (attributes ?? '').matchAll(ATTRIBUTE)) {
      const attrName = attribute[1] ?? '';
      const value = attribute[2] ?? attribute[3] ?? '';
      if (seen.has(attrName)) problems.push(`duplicate attribute ${attrName} on <${name}>`);
      seen.add(attrName);
      if (value.replace(ENTITY, '').includes('&')) problems.push(`bare & in attribute ${attrName} of <${name}>`);
    }
    if (!selfClosing) stack.push(name ?? '');
  }
  checkText(body.slice(at), at);
  if (stack.length > 0) problems.push(`unclosed elements: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

/** The values of every `id` attribute in `xml`. */
export function xmlIds(xml: string): string[] {
  return [...xml.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1] ?? '');
}
