/**
 * Fuzzing the inspector server (issue 8): every route and both WebSockets get hostile input, one
 * family at a time, on a real listening server. Each HTTP case says what it sends and the status
 * it must get; for each, the test checks
 *
 * - the status is in the expected range, and a refusal (4xx, never 5xx) answers JSON
 *   `{ code, message }` with a `Sim.*` or service code (`BackupService.6204`, `IMG.0015`…);
 * - the world did not change: `GET /api/state` before and after are equal but for `seq`
 *   (a refused command is journaled, as every refusal is, so the journal's last seq moves by one;
 *   that record is the refusal, not a change of the world);
 * - `GET /api/state` answers 200 afterwards: no input stops the server.
 *
 * The WebSocket cases check an `{ type: 'error' }` answer on a socket that stays open (or the close
 * code for frames the protocol refuses), the same world, and that other sockets are still served.
 * Saves have no HTTP route; tampered saves go through the library's `restoreSimulation` here.
 * Listeners for `uncaughtException` and `unhandledRejection` watch the whole file.
 */
import { readFileSync } from 'node:fs';
import { gzipSync, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../../src/server/serve.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { createSimulation, restoreSimulation, SimulationError, type SavedSimulation } from '../../src/index.js';
import { deepArrays, deepObjects, raw, send, tab, upgrade, type Answer, type Sent } from './fuzz-helpers.js';

const seed000 = SCENARIOS.find((s) => s.id === 'seed-000-backup-to-image')!;
const evil = 'http://evil.example';
const rebind = (): string => `rebind.evil.example:${port}`;

let served: Served;
let port: number;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown): void => void uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  served = await serve({ scenario: seed000, port: 0 });
  port = served.port;
});
afterAll(async () => {
  await served.close();
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

/** The world as `GET /api/state` shows it, without `seq` (see the header: refusals are journaled). */
async function world(): Promise<Record<string, unknown>> {
  const answer = await send(port, { path: '/api/state' });
  expect(answer.status).toBe(200);
  const { seq: _seq, ...rest } = answer.json as Record<string, unknown>;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// The inputs
// ---------------------------------------------------------------------------------------------

type Family =
  | 'depth' | 'size' | 'types' | 'unicode' | 'prototype keys' | 'YAML' | 'foreign Origin' | 'foreign Host'
  | 'malformed JSON' | 'Content-Type' | 'Content-Encoding' | 'unknown verb' | 'unknown route' | 'method' | 'malformed HTTP';

interface Case {
  family: Family;
  route: string;
  input: string;
  send: () => Promise<Answer>;
  /** The statuses accepted, inclusive. */
  status: readonly [number, number];
  /** The code the answer must carry, when one is known. */
  code?: RegExp;
}

const REFUSED = [400, 499] as const;
const only = (s: number) => [s, s] as const;

const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}, extra: Partial<Sent> = {}) => () => send(port, { path, body, headers, ...extra });
const postJson = (path: string, value: unknown) => post(path, JSON.stringify(value));
const get = (path: string, extra: Partial<Sent> = {}) => () => send(port, { path, ...extra });
const command = (verb: unknown, args?: unknown) => postJson('/api/commands', args === undefined ? { verb } : { verb, args });
const commandText = (text: string) => post('/api/commands', text);

const BODY_ROUTES = ['/api/commands', '/api/actions', '/api/fork', '/api/scenario/load', '/api/play'] as const;
const POST_ROUTES = [...BODY_ROUTES, '/api/pause', '/api/scenario/step', '/api/scenario/back'] as const;
/** A body each route would accept and act on: refused for who sent it, it proves nothing ran. */
const VALID: Record<(typeof POST_ROUTES)[number], string> = {
  '/api/commands': JSON.stringify({ verb: 'advance', args: ['1d'] }),
  '/api/actions': JSON.stringify({ ids: [] }),
  '/api/fork': JSON.stringify({ seq: 1 }),
  '/api/play': JSON.stringify({ speed: 3600 }),
  '/api/scenario/load': JSON.stringify({ id: 'i7-backup-with-image-cannot-be-deleted' }),
  '/api/pause': '{}',
  '/api/scenario/step': '{}',
  '/api/scenario/back': '{}',
};
const GET_ROUTES = ['/api/state', '/api/resources/bk-1', '/api/timers', '/api/journal', '/api/diagram/backup', '/api/travel?seq=1', '/api/scenarios', '/api/rules', '/', '/index.html'];

const PROTO = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];
/** Names of Simulation methods and properties that are not commands. */
const NOT_VERBS = ['save', 'restore', 'journal', 'get', 'list', 'world', 'command', 'startAdvance', 'startPlay', 'play', 'then'];
const UNICODE: [string, string][] = [
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', 'a\udfffb'],
  ['an RTL override', '\u202ebk-1'],
  ['an RTL mark and a zero-width joiner', 'bk\u200f\u200d-1'],
  ['NUL', 'bk-\u0000-1'],
  ['emoji', '💥🔥👩‍👩‍👧'],
  ['a BOM', '\ufeffadvance'],
  ['combining marks', 'a\u0301\u0302\u0303'],
  ['a 5,000-character name', 'é'.repeat(5000)],
];

/** A URL cannot carry a lone surrogate (it has no UTF-8): each becomes U+FFFD, as a browser sends it. */
const wellFormed = (text: string): string => text.replace(/[\ud800-\udfff]/gu, '\ufffd');

const i5 = readFileSync(new URL('../../scenarios/data/i5-one-image-per-backup.yaml', import.meta.url), 'utf8');
const billionLaughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  'id: laughs',
].join('\n');
const yaml = (content: string) => postJson('/api/scenario/load', { content, format: 'yaml' });

const cases: Case[] = [];
const add = (family: Family, route: string, input: string, sendIt: () => Promise<Answer>, status: readonly [number, number] = REFUSED, code?: RegExp) =>
  cases.push({ family, route, input, send: sendIt, status, ...(code ? { code } : {}) });

// depth: 10,000 levels where arguments and ids go (the shape check is iterative; nothing recurses)
for (const [name, text] of [['10,000 nested arrays', deepArrays(10_000)], ['10,000 nested objects', deepObjects(10_000)], ['30,000 nested arrays', deepArrays(30_000)]] as const) {
  add('depth', 'POST /api/commands', `advance with ${name} as its argument`, commandText(`{"verb":"advance","args":[${text}]}`), only(400), /^Sim\.InvalidArgument$/);
  add('depth', 'POST /api/commands', `createServer with ${name} as its name`, commandText(`{"verb":"createServer","args":[{"name":${text}}]}`), only(400), /^Sim\.InvalidArgument$/);
  add('depth', 'POST /api/commands', `${name} as the whole body`, commandText(text), only(400));
  add('depth', 'POST /api/actions', `${name} as ids`, post('/api/actions', `{"ids":${text}}`), only(400), /^Sim\.InvalidArgument$/);
  add('depth', 'POST /api/fork', `${name} as seq`, post('/api/fork', `{"seq":${text}}`), only(400), /^Sim\.InvalidArgument$/);
  add('depth', 'POST /api/play', `${name} as speed`, post('/api/play', `{"speed":${text}}`), only(400), /^Sim\.InvalidArgument$/);
  add('depth', 'POST /api/scenario/load', `${name} as id`, post('/api/scenario/load', `{"id":${text}}`), only(400), /^Sim\.InvalidArgument$/);
}
add('depth', 'POST /api/scenario/load', 'a JSON scenario of 10,000 nested arrays', postJson('/api/scenario/load', { content: deepArrays(10_000), format: 'json' }), only(400));
add('depth', 'POST /api/scenario/load', 'a JSON scenario whose steps nest 5,000 objects', postJson('/api/scenario/load', { content: `{"id":"deep","title":"t","steps":[${deepObjects(5_000)}]}`, format: 'json' }), only(400));
add('depth', 'POST /api/scenario/load', 'a YAML scenario of 10,000 flow sequences', yaml(deepArrays(10_000)), only(400));
add('depth', 'POST /api/scenario/load', 'a YAML scenario of 250 block mappings', yaml(Array.from({ length: 250 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')), only(400));

// size: bodies over 64 KB, 60 KB strings, 100,000 items
for (const route of POST_ROUTES) {
  add('size', `POST ${route}`, 'a 70 KB body', post(route, JSON.stringify({ verb: 'advance', args: ['x'.repeat(70_000)] })), only(413), /^Sim\.BodyTooLarge$/);
  add('size', `POST ${route}`, 'a 70 KB body, chunked', post(route, JSON.stringify({ ids: ['x'.repeat(70_000)] }), {}, { chunked: true }), only(413), /^Sim\.BodyTooLarge$/);
}
add('size', 'POST /api/commands', 'Content-Length: 10^12 with a short body', post('/api/commands', '{}', { 'content-length': '1000000000000' }), only(413), /^Sim\.BodyTooLarge$/);
add('size', 'POST /api/commands', 'an array of 100,000 items as args (200 KB)', commandText(`{"verb":"advance","args":[${Array(100_000).fill(0).join(',')}]}`), only(413), /^Sim\.BodyTooLarge$/);
add('size', 'POST /api/commands', 'an array of 30,000 items inside args (60 KB)', commandText(`{"verb":"advance","args":[[${Array(30_000).fill(0).join(',')}]]}`), only(400), /^Sim\.InvalidArgument$/);
add('size', 'POST /api/commands', 'a 60 KB string as createServer\'s name', command('createServer', [{ name: 'x'.repeat(60_000), os: 'linux', systemDiskGB: 40 }]), only(400), /^Sim\.InvalidArgument$/);
add('size', 'POST /api/commands', 'a 60 KB string as the verb', command('v'.repeat(60_000), []), only(400), /^Sim\.InvalidArgument$/);
add('size', 'POST /api/commands', 'a 60 KB string as a backup id', command('deleteBackup', ['bk-'.repeat(20_000)]), only(400), /^Sim\.InvalidArgument$/);
add('size', 'POST /api/commands', '17 arguments', command('advance', Array(17).fill('1m')), only(400), /^Sim\.InvalidArgument$/);
add('size', 'POST /api/commands', 'a key of 1,000 characters inside args', command('createServer', [{ ['k'.repeat(1000)]: 1 }]), only(400), /^Sim\.InvalidArgument$/);
add('size', 'POST /api/actions', '201 ids', postJson('/api/actions', { ids: Array.from({ length: 201 }, (_, i) => `bk-${i}`) }), only(400), /^Sim\.InvalidArgument$/);
add('size', 'POST /api/actions', '2,001 values', postJson('/api/actions', { ids: Array(2_001).fill('a') }), only(400), /^Sim\.InvalidArgument$/);
add('size', 'POST /api/scenario/load', 'a 60 KB YAML scenario', yaml(`id: big\ntitle: ${'x'.repeat(60_000)}\n`), only(400));
add('size', 'GET /api/resources/:id', 'an 8 KB id', get(`/api/resources/${'b'.repeat(8_000)}`), only(404), /^Sim\.NotFound$/);
add('size', 'GET /api/travel/resources/:id', 'an 8 KB id', get(`/api/travel/resources/${'b'.repeat(8_000)}?seq=1`), only(400), /^Sim\.InvalidArgument$/);
add('size', 'GET /api/diagram/:kind', 'an 8 KB kind', get(`/api/diagram/${'k'.repeat(8_000)}`), only(404), /^Sim\.NotFound$/);
add('size', 'GET /api/diagram/:kind', 'view=console of an 8 KB resource id', get(`/api/diagram/backup?view=console&resource=${'b'.repeat(8_000)}`), only(400), /^Sim\.InvalidArgument$/);
add('size', 'GET /api/state', 'a 20 KB URL (over the header limit)', get(`/api/state?${'q'.repeat(20_000)}`), only(431));
add('size', 'GET /api/state', 'a 20 KB header', get('/api/state', { headers: { 'x-big': 'h'.repeat(20_000) } }), only(431));

// types: every field of the wrong type
for (const [name, verb] of [['a number', 7], ['null', null], ['an array', ['advance']], ['an object', { advance: true }], ['true', true], ['an empty string', '']] as const) {
  add('types', 'POST /api/commands', `the verb as ${name}`, command(verb, []), only(400), /^Sim\.InvalidArgument$/);
}
for (const [name, args] of [['an object', { 0: '1d' }], ['a string', '1d'], ['a number', 1], ['null', null], ['true', true]] as const) {
  add('types', 'POST /api/commands', `args as ${name}`, command('advance', args), only(400), /^Sim\.InvalidArgument$/);
}
for (const [name, id] of [['an object', {}], ['an array', ['bk-1']], ['a number', 1], ['null', null], ['1e308', 1e308], ['a boolean', false]] as const) {
  add('types', 'POST /api/commands', `deleteBackup's id as ${name}`, command('deleteBackup', [id]), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
  add('types', 'POST /api/commands', `stopServer's id as ${name}`, command('stopServer', [id]), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
  add('types', 'POST /api/actions', `an id as ${name}`, postJson('/api/actions', { ids: [id] }), only(400), /^Sim\.InvalidArgument$/);
}
add('types', 'POST /api/commands', 'advance by -1d', command('advance', ['-1d']), only(400), /^Sim\.InvalidArgument$/);
add('types', 'POST /api/commands', 'advance by 1e309 (Infinity) ms', commandText('{"verb":"advance","args":[1e309]}'), only(400), /^Sim\.InvalidArgument$/);
add('types', 'POST /api/commands', 'advance by NaN-ish "1x"', command('advance', ['1x']), only(400), /^Sim\.InvalidArgument$/);
add('types', 'POST /api/commands', 'createServer with systemDiskGB as a string', command('createServer', [{ name: 'w', os: 'linux', systemDiskGB: '40' }]), only(400), /^Sim\.InvalidArgument$/);
add('types', 'POST /api/commands', 'createServer with systemDiskGB 1e309', commandText('{"verb":"createServer","args":[{"name":"w","os":"linux","systemDiskGB":1e309}]}'), only(400), /^Sim\.InvalidArgument$/);
add('types', 'POST /api/commands', 'createServer with options as an array', command('createServer', [['w', 'linux', 40]]), only(400), /^Sim\.InvalidArgument$/);
// C10's verbs (sites, VMs, local copies, syncs) take the same hostile input the others do.
add('types', 'POST /api/commands', 'createVm with a disk of 1e309 GB', commandText('{"verb":"createVm","args":["site-000000000000",{"name":"v","os":"linux","disksGB":[1e309]}]}'), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
add('types', 'POST /api/commands', 'createSite with ebackup as a string', command('createSite', [{ name: 's', ebackup: 'yes' }]), only(400), /^Sim\.InvalidArgument$/);
add('types', 'POST /api/commands', 'createVm on a site id that is an object', command('createVm', [{ id: 'site-1' }, { name: 'v', os: 'linux', disksGB: [40] }]), only(400), /^Sim\.InvalidArgument$/);
add('size', 'POST /api/commands', 'createVm with 20,000 disks (a 60 KB body)', commandText(`{"verb":"createVm","args":["site-000000000000",{"name":"v","os":"linux","disksGB":[${Array(20_000).fill(1).join(',')}]}]}`), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
add('size', 'POST /api/commands', 'syncBackups of 5,000 copy ids', command('syncBackups', ['vault-000000000000', { copyIds: Array.from({ length: 5000 }, (_, i) => `copy-${i}`) }]), REFUSED, /^Sim\.(InvalidArgument|NotFound|BodyTooLarge)$/);
add('types', 'POST /api/commands', 'syncBackups with copyIds as a string', command('syncBackups', ['vault-000000000000', { copyIds: 'copy-1' }]), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
add('types', 'POST /api/commands', 'an extra key beside verb and args', postJson('/api/commands', { verb: 'advance', args: ['1d'], run: true }), only(400), /^Sim\.InvalidArgument$/);
for (const [name, seq] of [['a string', '"1"'], ['a float', '1.5'], ['zero', '0'], ['negative', '-1'], ['huge', '1e300'], ['2^53 + 2', '9007199254740994'], ['Infinity (1e309)', '1e309'], ['null', 'null'], ['an object', '{}']] as const) {
  add('types', 'POST /api/fork', `seq as ${name}`, post('/api/fork', `{"seq":${seq}}`), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
}
for (const [name, speed] of [['a string', '"3600"'], ['zero', '0'], ['negative', '-60'], ['just below 1', '0.999'], ['over a million', '1000001'], ['huge', '1e300'], ['Infinity (1e309)', '1e309'], ['null', 'null'], ['an array', '[3600]'], ['an object', '{}']] as const) {
  add('types', 'POST /api/play', `speed as ${name}`, post('/api/play', `{"speed":${speed}}`), only(400), /^Sim\.InvalidArgument$/);
}
add('types', 'POST /api/play', 'no speed', postJson('/api/play', {}), only(400), /^Sim\.InvalidArgument$/);
add('types', 'POST /api/play', 'an extra key beside speed', postJson('/api/play', { speed: 60, loop: true }), only(400), /^Sim\.InvalidArgument$/);
for (const [name, query] of [['text', 'abc'], ['a float', '1.5'], ['zero', '0'], ['negative', '-1'], ['1e309', '1e309'], ['huge', '1e300'], ['empty', ''], ['an array', '1&seq=2'], ['full-width digits', '%EF%BC%91']] as const) {
  add('types', 'GET /api/travel', `seq as ${name}`, get(`/api/travel?seq=${query}`), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
  add('types', 'GET /api/travel/resources/:id', `seq as ${name}`, get(`/api/travel/resources/bk-1?seq=${query}`), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
}
for (const [name, query] of [['text', 'abc'], ['a float', '2.5'], ['zero', '0'], ['negative', '-5'], ['1e309', '1e309'], ['over 1,000', '1001'], ['empty', ''], ['an array', '1&limit=2']] as const) {
  add('types', 'GET /api/timers', `limit as ${name}`, get(`/api/timers?limit=${query}`), only(400), /^Sim\.InvalidArgument$/);
}
for (const [name, query] of [['after as text', 'after=abc'], ['after negative', 'after=-1'], ['after a float', 'after=0.5'], ['after 1e309', 'after=1e309'], ['after an array', 'after=1&after=2'], ['limit as text', 'limit=all'], ['limit zero', 'limit=0'], ['limit over 10,000', 'limit=10001'], ['limit 1e309', 'limit=1e309'], ['limit an array', 'limit=1&limit=2']] as const) {
  add('types', 'GET /api/journal', name, get(`/api/journal?${query}`), only(400), /^Sim\.InvalidArgument$/);
}
for (const [name, query] of [['png', 'format=png'], ['an array', 'format=svg&format=mermaid'], ['empty', 'format=']] as const) {
  add('types', 'GET /api/diagram/:kind', `format as ${name}`, get(`/api/diagram/backup?${query}`), only(400), /^Sim\.InvalidArgument$/);
}
for (const [name, query] of [['view as text', 'view=pretty'], ['view an array', 'view=console&view=console'], ['view empty', 'view=']] as const) {
  add('types', 'GET /api/diagram/:kind', name, get(`/api/diagram/backup?${query}`), only(400), /^Sim\.InvalidArgument$/);
}
for (const [name, query] of [['seq as text', 'resource=bk-1&seq=abc'], ['seq zero', 'resource=bk-1&seq=0'], ['seq negative', 'resource=bk-1&seq=-1'], ['seq 1e309', 'resource=bk-1&seq=1e309'], ['seq an array', 'resource=bk-1&seq=1&seq=2'], ['seq without resource', 'seq=1'], ['resource an array', 'resource=a&resource=b'], ['resource empty', 'resource='], ['lanes unknown', 'lanes=diagonal'], ['format mermaid', 'format=mermaid']] as const) {
  add('types', 'GET /api/diagram/:kind', `view=console, ${name}`, get(`/api/diagram/backup?view=console&${query}`), only(400), /^Sim\.InvalidArgument$/);
}
for (const [name, body] of [['id as a number', '{"id":7}'], ['id as null', '{"id":null}'], ['id as an object', '{"id":{}}'], ['content as a number', '{"content":7}'], ['format xml', '{"content":"id: x","format":"xml"}'], ['both id and content', '{"id":"a","content":"b"}'], ['neither', '{}'], ['an array', '[]'], ['an unknown key', '{"id":"seed-000-backup-to-image","path":"/etc/passwd"}']] as const) {
  add('types', 'POST /api/scenario/load', name, post('/api/scenario/load', body), only(400), /^Sim\.InvalidArgument$/);
}
for (const [name, body] of [['ids as an object', '{"ids":{}}'], ['ids as a string', '{"ids":"bk-1"}'], ['no ids', '{}'], ['an array', '[]']] as const) {
  add('types', 'POST /api/actions', name, post('/api/actions', body), only(400), /^Sim\.InvalidArgument$/);
}

// unicode: lone surrogates, RTL marks, NUL, emoji, overlong names, where verbs, ids, names go
for (const [name, text] of UNICODE) {
  add('unicode', 'POST /api/commands', `a verb with ${name}`, command(text, []), only(400), /^Sim\.InvalidArgument$/);
  add('unicode', 'POST /api/commands', `deleteBackup of an id with ${name}`, command('deleteBackup', [text]), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
  add('unicode', 'POST /api/scenario/load', `a scenario id with ${name}`, postJson('/api/scenario/load', { id: text }), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
  add('unicode', 'GET /api/resources/:id', `an id with ${name}`, get(`/api/resources/${encodeURIComponent(wellFormed(text).slice(0, 1000))}`), only(404), /^Sim\.NotFound$/);
  add('unicode', 'GET /api/travel/resources/:id', `an id with ${name}`, get(`/api/travel/resources/${encodeURIComponent(wellFormed(text).slice(0, 1000))}?seq=1`), REFUSED, /^Sim\.(InvalidArgument|NotFound)$/);
  add('unicode', 'GET /api/diagram/:kind', `a kind with ${name}`, get(`/api/diagram/${encodeURIComponent(wellFormed(text).slice(0, 1000))}`), only(404), /^Sim\.NotFound$/);
  add('unicode', 'GET /api/diagram/:kind', `view=console of a resource id with ${name}`, get(`/api/diagram/backup?view=console&resource=${encodeURIComponent(wellFormed(text).slice(0, 1000))}`), REFUSED, /^Sim\.(NotFound|InvalidArgument)$/);
}
add('unicode', 'POST /api/commands', 'createServer named with 40 emoji (80 UTF-16 units)', command('createServer', [{ name: '💥'.repeat(40), os: 'linux', systemDiskGB: 40 }]), only(400), /^Sim\.InvalidArgument$/);
add('unicode', 'POST /api/commands', 'createServer named with only RTL and zero-width marks… and a bad os', command('createServer', [{ name: '\u202e\u200f', os: '\u0000linux', systemDiskGB: 40 }]), only(400), /^Sim\.InvalidArgument$/);
add('unicode', 'POST /api/commands', 'an unknown option named with a lone surrogate', command('createServer', [{ '\ud800': 1 }]), only(400), /^Sim\.InvalidArgument$/);
add('unicode', 'POST /api/commands', 'a body of invalid UTF-8 bytes', post('/api/commands', Buffer.from([0x7b, 0x22, 0x76, 0x65, 0x72, 0x62, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d])), only(400));
add('unicode', 'POST /api/commands', 'a body with a UTF-8 BOM', post('/api/commands', `\ufeff${JSON.stringify({ verb: 'nope' })}`), only(400));
add('unicode', 'POST /api/commands', 'an unknown verb in UTF-16 (decoded, then refused)', post('/api/commands', Buffer.from(JSON.stringify({ verb: 'nope\u202e' }), 'utf16le'), { 'content-type': 'application/json; charset=utf-16' }), only(400), /^Sim\.(InvalidArgument|InvalidJson)$/);
add('unicode', 'POST /api/commands', 'a body in latin1', post('/api/commands', JSON.stringify({ verb: 'advance', args: ['1d'] }), { 'content-type': 'application/json; charset=latin1' }), only(415), /^Sim\.UnsupportedMediaType$/);
add('unicode', 'GET /api/resources/:id', 'an id percent-encoding a lone surrogate (invalid UTF-8)', get('/api/resources/%ED%A0%80'), only(400));
add('unicode', 'GET /api/resources/:id', 'an id with a broken percent escape', get('/api/resources/%E0%A4%A'), only(400));
add('unicode', 'GET /api/resources/:id', 'an id of NUL', get('/api/resources/%00'), only(404), /^Sim\.NotFound$/);
add('unicode', 'GET /api/timers', 'limit in Arabic-Indic digits', get('/api/timers?limit=%D9%A5'), only(400), /^Sim\.InvalidArgument$/);
add('unicode', 'GET /api/travel', 'seq with an RTL override', get('/api/travel?seq=%E2%80%AE1'), only(400), /^Sim\.InvalidArgument$/);
add('unicode', 'POST /api/scenario/load', 'a YAML scenario with NUL and lone surrogates', yaml('id: "\\0\\ud800"\ntitle: "\u202e"\nsteps: []\n'), only(400));

// prototype keys: as verbs, ids, chart kinds, keys inside args and bodies, scenario ids, query keys
for (const name of [...PROTO, ...NOT_VERBS]) add('prototype keys', 'POST /api/commands', `the verb ${name}`, command(name, []), only(400), /^Sim\.InvalidArgument$/);
for (const name of PROTO) {
  add('prototype keys', 'POST /api/commands', `deleteBackup of the id ${name}`, command('deleteBackup', [name]), only(404), /^Sim\.NotFound$/);
  add('prototype keys', 'POST /api/commands', `attachDisk of the ids ${name}`, command('attachDisk', [name, name]), REFUSED, /^Sim\.(NotFound|InvalidArgument)$/);
  add('prototype keys', 'GET /api/resources/:id', `the id ${name}`, get(`/api/resources/${name}`), only(404), /^Sim\.NotFound$/);
  add('prototype keys', 'GET /api/travel/resources/:id', `the id ${name}`, get(`/api/travel/resources/${name}?seq=1`), only(404), /^Sim\.NotFound$/);
  add('prototype keys', 'GET /api/diagram/:kind', `the kind ${name}`, get(`/api/diagram/${name}`), only(404), /^Sim\.NotFound$/);
  add('prototype keys', 'GET /api/diagram/:kind', `the kind ${name} with resource=${name}`, get(`/api/diagram/${name}?resource=${name}&format=mermaid`), only(404), /^Sim\.NotFound$/);
  add('prototype keys', 'GET /api/diagram/:kind', `view=console of the resource ${name}`, get(`/api/diagram/backup?view=console&resource=${name}`), only(404), /^Sim\.NotFound$/);
  add('prototype keys', 'POST /api/scenario/load', `the scenario id ${name}`, postJson('/api/scenario/load', { id: name }), only(404), /^Sim\.NotFound$/);
  add('prototype keys', 'POST /api/commands', `backupVmOnPrem of the id ${name}`, command('backupVmOnPrem', [name]), only(404), /^Sim\.NotFound$/);
  add('prototype keys', 'POST /api/commands', `syncBackups of the copy ${name}`, command('syncBackups', [name, { copyIds: [name] }]), only(404), /^Sim\.NotFound$/);
  add('prototype keys', 'GET /api/diagram/:kind', `view=console of the VM ${name}`, get(`/api/diagram/vm?view=console&resource=${name}`), only(404), /^Sim\.NotFound$/);
  add('prototype keys', 'POST /api/commands', `createServer with the option ${name}`, commandText(`{"verb":"createServer","args":[{"${name}":{"name":"x","os":"linux","systemDiskGB":40}}]}`), only(400), /^Sim\.InvalidArgument$/);
  add('prototype keys', 'POST /api/commands', `a body with the key ${name} beside verb`, commandText(`{"verb":"advance","${name}":{"args":["1d"]}}`), only(400), /^Sim\.InvalidArgument$/);
  add('prototype keys', 'POST /api/fork', `a body with the key ${name}`, post('/api/fork', `{"${name}":{"seq":1}}`), only(400), /^Sim\.InvalidArgument$/);
  add('prototype keys', 'POST /api/play', `a body with the key ${name}`, post('/api/play', `{"${name}":{"speed":60}}`), only(400), /^Sim\.InvalidArgument$/);
  add('prototype keys', 'POST /api/scenario/load', `a JSON scenario with the key ${name}`, postJson('/api/scenario/load', { content: `{"${name}":{"id":"x"},"id":"p","title":"t","steps":[]}`, format: 'json' }), only(400));
  add('prototype keys', 'GET /api/timers', `the query key ${name}`, get(`/api/timers?${name}=1&limit=x`), only(400), /^Sim\.InvalidArgument$/);
}
add('prototype keys', 'POST /api/commands', 'createPolicy with __proto__ and constructor.prototype', commandText('{"verb":"createPolicy","args":[{"name":"p","pattern":["FREQ=DAILY"],"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}]}'), only(400), /^Sim\.InvalidArgument$/);
add('prototype keys', 'POST /api/scenario/load', 'a YAML scenario with __proto__ and constructor keys', yaml('__proto__:\n  polluted: true\nconstructor:\n  prototype:\n    polluted: true\nid: p\ntitle: t\nsteps: []\n'), only(400));
add('prototype keys', 'POST /api/actions', 'the ids __proto__, constructor, toString (a read: answered, all missing)', postJson('/api/actions', { ids: PROTO }), only(200));

// YAML: aliases, merge keys, billion laughs, tags, and the i5 scenario tampered with them
add('YAML', 'POST /api/scenario/load', 'an alias', yaml('id: &x a\ntitle: *x\nsteps: []\n'), only(400), /^Sim\.InvalidArgument$/);
add('YAML', 'POST /api/scenario/load', 'a merge key', yaml('base: &b { title: t }\nid: m\n<<: *b\nsteps: []\n'), only(400), /^Sim\.InvalidArgument$/);
add('YAML', 'POST /api/scenario/load', 'a merge key without an alias', yaml('id: m\n<<: { title: t }\nsteps: []\n'), only(400), /^Sim\.InvalidArgument$/);
add('YAML', 'POST /api/scenario/load', 'billion laughs (9 levels of 9 aliases)', yaml(billionLaughs), only(400), /^Sim\.InvalidArgument$/);
add('YAML', 'POST /api/scenario/load', 'billion laughs with no format (guessed YAML)', postJson('/api/scenario/load', { content: billionLaughs }), only(400), /^Sim\.InvalidArgument$/);
add('YAML', 'POST /api/scenario/load', 'a self-referencing alias', yaml('a: &a [*a]\n'), only(400), /^Sim\.InvalidArgument$/);
add('YAML', 'POST /api/scenario/load', 'the i5 scenario with its steps as an alias', yaml(`${i5.replace('steps:', 'steps: &s')}\nagain: *s\n`), only(400), /^Sim\.InvalidArgument$/);
add('YAML', 'POST /api/scenario/load', 'the i5 scenario with a merge key in setup', yaml(i5.replace('setup:\n', 'setup:\n  <<: { servers: [] }\n')), only(400), /^Sim\.InvalidArgument$/);
add('YAML', 'POST /api/scenario/load', 'the i5 scenario with a 999,999 GB data disk (setup refused)', yaml(i5.replace('dataDisksGB: [100]', 'dataDisksGB: [999999]')), only(400));
add('YAML', 'POST /api/scenario/load', 'a !!js/function tag', yaml('id: !!js/function "function(){ process.exit(1) }"\ntitle: t\nsteps: []\n'), only(400));
add('YAML', 'POST /api/scenario/load', 'a !!binary tag and a custom tag', yaml('id: !!binary aGVsbG8=\ntitle: !evil t\nsteps: []\n'), only(400));
add('YAML', 'POST /api/scenario/load', 'duplicate keys', yaml('id: a\nid: b\ntitle: t\nsteps: []\n'), only(400));
add('YAML', 'POST /api/scenario/load', 'two documents', yaml('id: a\n---\nid: b\n'), only(400));
add('YAML', 'POST /api/scenario/load', 'not YAML at all', yaml('{ [ : } ]\n\t- :'), only(400));
add('YAML', 'POST /api/scenario/load', 'an empty document', yaml(''), only(400));

// foreign Origin: every state-changing route and method, with a body it would act on
for (const route of POST_ROUTES) {
  for (const origin of [evil, 'null', 'http://127.0.0.1:<port>.evil.example']) {
    add('foreign Origin', `POST ${route}`, `a valid body from Origin ${origin}`, () => send(port, { path: route, body: VALID[route], headers: { origin: origin.replace('<port>', String(port)) } }), only(403), /^Sim\.ForbiddenOrigin$/);
  }
}
for (const route of POST_ROUTES) {
  add('foreign Origin', `POST ${route}`, 'a valid body from https://127.0.0.1:<port> (another scheme)', () => send(port, { path: route, body: VALID[route], headers: { origin: `https://127.0.0.1:${port}` } }), only(403), /^Sim\.ForbiddenOrigin$/);
  add('foreign Origin', `POST ${route}`, 'a valid body from http://127.0.0.1:1 (another port)', () => send(port, { path: route, body: VALID[route], headers: { origin: 'http://127.0.0.1:1' } }), only(403), /^Sim\.ForbiddenOrigin$/);
  add('foreign Origin', `POST ${route}`, 'a valid body from http://localhost:<port>@evil.example', () => send(port, { path: route, body: VALID[route], headers: { origin: `http://localhost:${port}@evil.example` } }), only(403), /^Sim\.ForbiddenOrigin$/);
}
for (const method of ['PUT', 'DELETE', 'PATCH']) {
  add('foreign Origin', `${method} /api/commands`, `a valid command from ${evil}`, () => send(port, { method, path: '/api/commands', body: VALID['/api/commands'], headers: { origin: evil } }), only(403), /^Sim\.ForbiddenOrigin$/);
}
for (const path of ['/live', '/inspect']) {
  add('foreign Origin', `ws ${path}`, `an upgrade from ${evil}`, () => upgrade(port, path, { origin: evil }), only(403), /^Sim\.ForbiddenOrigin$/);
  add('foreign Origin', `ws ${path}`, 'an upgrade from Origin null', () => upgrade(port, path, { origin: 'null' }), only(403), /^Sim\.ForbiddenOrigin$/);
}
add('foreign Origin', 'OPTIONS /api/commands', `a CORS preflight from ${evil} (no route, and no Access-Control-Allow-Origin)`, async () => {
  const a = await send(port, { method: 'OPTIONS', path: '/api/commands', headers: { origin: evil, 'access-control-request-method': 'POST' } });
  expect(a.headers['access-control-allow-origin']).toBeUndefined();
  return a;
}, only(404), /^Sim\.NotFound$/);

// foreign Host (DNS rebinding): GET and POST routes and both upgrades
for (const path of GET_ROUTES) add('foreign Host', `GET ${path}`, 'Host rebind.evil.example:<port>', () => send(port, { path, host: rebind() }), [403, 421], /^Sim\.ForbiddenHost$/);
for (const route of POST_ROUTES) add('foreign Host', `POST ${route}`, 'a valid body with Host rebind.evil.example:<port>', () => send(port, { path: route, body: VALID[route], host: rebind() }), [403, 421], /^Sim\.ForbiddenHost$/);
for (const path of ['/live', '/inspect']) {
  add('foreign Host', `ws ${path}`, 'an upgrade with Host rebind.evil.example:<port>', () => upgrade(port, path, { host: rebind() }), [403, 421], /^Sim\.ForbiddenHost$/);
  add('foreign Host', `ws ${path}`, 'an upgrade with Host rebind.evil.example:<port> and its own Origin', () => upgrade(port, path, { host: rebind(), origin: `http://${rebind()}` }), [403, 421], /^Sim\.ForbiddenHost$/);
}
for (const [name, host] of [['127.0.0.1 without the port', () => '127.0.0.1'], ['another port', () => '127.0.0.1:1'], ['a name ending in ours', () => `localhost:${port}.evil.example`], ['user info', () => `127.0.0.1:${port}@evil.example`], ['empty', () => ''], ['a trailing dot', () => `localhost.:${port}`], ['0.0.0.0', () => `0.0.0.0:${port}`]] as const) {
  add('foreign Host', 'POST /api/commands', `a valid command with Host ${name}`, () => send(port, { path: '/api/commands', body: VALID['/api/commands'], host: host() }), [403, 421], /^Sim\.ForbiddenHost$/);
}
add('foreign Host', 'POST /api/commands', 'two Host headers, the foreign one first', () => raw(port, `POST /api/commands HTTP/1.1\r\nHost: ${rebind()}\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${VALID['/api/commands'].length}\r\nConnection: close\r\n\r\n${VALID['/api/commands']}`), [400, 421]);
add('foreign Host', 'POST /api/commands', 'a Host with non-ASCII bytes', () => raw(port, `POST /api/commands HTTP/1.1\r\nHost: \u00e9vil.example:${port}\r\nContent-Type: application/json\r\nContent-Length: ${VALID['/api/commands'].length}\r\nConnection: close\r\n\r\n${VALID['/api/commands']}`), [400, 421]);
add('foreign Host', 'POST /api/commands', 'an absolute URL naming another host', () => raw(port, `POST http://rebind.evil.example:${port}/api/commands HTTP/1.1\r\nHost: ${rebind()}\r\nContent-Type: application/json\r\nContent-Length: ${VALID['/api/commands'].length}\r\nConnection: close\r\n\r\n${VALID['/api/commands']}`), [400, 421]);

// malformed JSON
for (const [name, text] of [['a cut-off object', '{"verb":'], ['not JSON', '{not json'], ['single quotes', "{'verb':'advance'}"], ['trailing garbage', '{"verb":"advance"}x'], ['a comment', '{"verb":"advance" /* run */}'], ['NaN', '{"verb":"advance","args":[NaN]}'], ['a bare string', '"advance"'], ['a bare number', '7'], ['null', 'null'], ['a trailing comma', '{"verb":"advance",}'], ['only whitespace', '   \n ']] as const) {
  for (const route of BODY_ROUTES) add('malformed JSON', `POST ${route}`, name, post(route, text), only(400), /^Sim\.(InvalidJson|InvalidArgument)$/);
}
for (const route of ['/api/pause', '/api/scenario/step', '/api/scenario/back']) add('malformed JSON', `POST ${route}`, 'a cut-off object', post(route, '{"x":'), only(400), /^Sim\.InvalidJson$/);
add('malformed JSON', 'POST /api/commands', 'an empty JSON body', post('/api/commands', ''), only(400), /^Sim\.InvalidArgument$/);

// wrong Content-Type
for (const route of POST_ROUTES) {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/vnd.api+json']) {
    add('Content-Type', `POST ${route}`, `a valid body as ${type}`, post(route, VALID[route], { 'content-type': type }), only(415), /^Sim\.UnsupportedMediaType$/);
  }
}
add('Content-Type', 'POST /api/commands', 'a form body (verb=advance&args=1d)', post('/api/commands', 'verb=advance&args=1d', { 'content-type': 'application/x-www-form-urlencoded' }), only(415), /^Sim\.UnsupportedMediaType$/);
add('Content-Type', 'POST /api/commands', 'a valid body with no Content-Type', () => raw(port, `POST /api/commands HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: ${VALID['/api/commands'].length}\r\nConnection: close\r\n\r\n${VALID['/api/commands']}`), only(415), /^Sim\.UnsupportedMediaType$/);

// Content-Encoding: compressed bodies are not accepted, and a bomb would be cut at 64 KB anyway
const gz = (value: unknown) => gzipSync(Buffer.from(JSON.stringify(value)));
add('Content-Encoding', 'POST /api/commands', 'a gzip bomb (10 MB of zeros inside args)', post('/api/commands', gzipSync(Buffer.from(`{"verb":"advance","args":["${'0'.repeat(10_000_000)}"]}`)), { 'content-encoding': 'gzip' }), [413, 415], /^Sim\.(BodyTooLarge|UnsupportedMediaType)$/);
add('Content-Encoding', 'POST /api/commands', 'a gzip body that is not gzip', post('/api/commands', VALID['/api/commands'], { 'content-encoding': 'gzip' }), [400, 415]);
add('Content-Encoding', 'POST /api/commands', 'an unknown encoding', post('/api/commands', VALID['/api/commands'], { 'content-encoding': 'xz' }), only(415), /^Sim\.UnsupportedMediaType$/);
add('Content-Encoding', 'POST /api/commands', 'gzip of a command that is refused', post('/api/commands', gz({ verb: 'nope' }), { 'content-encoding': 'gzip' }), REFUSED);
add('Content-Encoding', 'POST /api/commands', 'deflate of a command that is refused', post('/api/commands', deflateSync(Buffer.from(JSON.stringify({ verb: 'advance', args: [-1] }))), { 'content-encoding': 'deflate' }), REFUSED);
add('Content-Encoding', 'POST /api/scenario/load', 'gzip of billion laughs', post('/api/scenario/load', gz({ content: billionLaughs, format: 'yaml' }), { 'content-encoding': 'gzip' }), REFUSED);

// verbs that do not exist
for (const verb of ['rm -rf', 'advance ', 'ADVANCE', 'Advance', 'advance\n', 'deleteEverything', 'process.exit', '../advance', 'eval', 'require']) {
  add('unknown verb', 'POST /api/commands', JSON.stringify(verb), command(verb, ['1d']), only(400), /^Sim\.InvalidArgument$/);
}

// unknown routes, static files, methods not allowed
for (const path of ['/api/nothing-here', '/api/state/extra', '/api/commands/advance', '/api', '/api/', '/api/resources/', '/api/diagram/', '/api/%2e%2e/package.json', '/api/resources/..%2f..%2fpackage.json', '/api/__proto__']) {
  add('unknown route', `GET ${path}`, 'a route that does not exist', get(path), only(404), /^Sim\.NotFound$/);
}
for (const path of ['/nothing-here.js', '/%2e%2e/package.json', '/..%2fpackage.json', '/.env', '/index.html%00.js', '/%00', '/node_modules/ws/package.json', '/src/server/app.ts']) {
  add('unknown route', `GET ${path}`, 'a file that is not served', get(path), [403, 404], /^Sim\.(NotFound|Forbidden|BadRequest)$/);
}
add('unknown route', 'GET /../../package.json', 'a path climbing out of public/ (raw)', () => raw(port, `GET /../../package.json HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`), [400, 404]);
for (const method of ['PUT', 'DELETE', 'PATCH']) {
  add('method', `${method} /api/commands`, 'a valid command', () => send(port, { method, path: '/api/commands', body: VALID['/api/commands'] }), [404, 405], /^Sim\.NotFound$/);
}
add('method', 'DELETE /api/state', 'no body', () => send(port, { method: 'DELETE', path: '/api/state' }), [404, 405], /^Sim\.NotFound$/);
add('method', 'GET /api/commands', 'no body', get('/api/commands'), [404, 405], /^Sim\.NotFound$/);
add('method', 'GET /api/scenario/step', 'no body', get('/api/scenario/step'), [404, 405], /^Sim\.NotFound$/);
add('method', 'POST /api/state', 'a body', postJson('/api/state', {}), [404, 405], /^Sim\.NotFound$/);
add('method', 'TRACE /api/state', 'no body', () => send(port, { method: 'TRACE', path: '/api/state' }), [404, 405], /^Sim\.NotFound$/);

// malformed HTTP, on a raw socket
const rawCase = (input: string, bytes: string | (() => string), status: readonly [number, number] = [400, 400]) =>
  add('malformed HTTP', 'raw TCP', input, () => raw(port, typeof bytes === 'string' ? bytes : bytes()), status);
rawCase('a garbage request line', 'GARBAGE\r\n\r\n');
rawCase('an HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', [400, 505]);
rawCase('a header without a colon', () => `GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nbroken header\r\n\r\n`);
rawCase('Content-Length and Transfer-Encoding both (smuggling)', () => `POST /api/commands HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`);
rawCase('two different Content-Lengths', () => `POST /api/commands HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}`);
rawCase('a negative Content-Length', () => `POST /api/commands HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}`);
rawCase('a chunk size that is not hex', () => `POST /api/commands HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`);
rawCase('a NUL in the path', () => `GET /api/st\u0000ate HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
rawCase('a bare LF request', () => `GET /api/state HTTP/1.1\nHost: 127.0.0.1:${port}\n\n`, [200, 400]);
rawCase('an unknown HTTP version', () => `GET /api/state HTTP/9.9\r\nHost: 127.0.0.1:${port}\r\n\r\n`, [400, 505]);
rawCase('an obsolete folded header', () => `GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-A: a\r\n folded\r\n\r\n`, [200, 400]);
add('malformed HTTP', 'raw TCP', 'a CONNECT to another port (closed, nothing tunnelled)', () => raw(port, `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n`), [0, 499]);
add('malformed HTTP', 'raw TCP', 'a WebSocket upgrade to an unknown path', () => upgrade(port, '/elsewhere'), only(404));
add('malformed HTTP', 'raw TCP', 'a WebSocket upgrade with a bad key and version', () => upgrade(port, '/live', { headers: { 'sec-websocket-key': 'short', 'sec-websocket-version': '99' } }), only(400));

// ---------------------------------------------------------------------------------------------

function nameOf(c: Case): string {
  const expected = c.status[0] === c.status[1] ? `${c.status[0]}` : `${c.status[0]}–${c.status[1]}`;
  return `${c.family}: ${c.route}, ${c.input}, is answered ${expected} and changes nothing`;
}

/** A refusal's body: `{ code, message }`, the code the simulator's or a service's. */
function expectRefusal(c: Case, answer: Answer): void {
  expect(answer.status, `${nameOf(c)}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(c.status[0]);
  expect(answer.status, `${nameOf(c)}: ${answer.text.slice(0, 300)}`).toBeLessThanOrEqual(c.status[1]);
  expect(answer.status).toBeLessThan(500);
  if (answer.status < 400) return;
  expect(answer.json, `a JSON { code, message } body, not ${JSON.stringify(answer.text.slice(0, 200))}`).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  expect(answer.json.code).toMatch(/^(Sim\.[A-Za-z]+|[A-Za-z]+\.\d{4})$/);
  // Issue 9 §5: every refusal has its own message, never the generic fallback.
  expect(answer.json.message).not.toMatch(/is not possible now/);
  if (c.code) expect(answer.json.code).toMatch(c.code);
}

describe('the inspector server under hostile input (a real listening server)', () => {
  it('covers every family on every route', () => {
    const families = new Set(cases.map((c) => c.family));
    expect([...families].sort()).toEqual(['Content-Encoding', 'Content-Type', 'YAML', 'depth', 'foreign Host', 'foreign Origin', 'malformed HTTP', 'malformed JSON', 'method', 'prototype keys', 'size', 'types', 'unicode', 'unknown route', 'unknown verb']);
    const routes = new Set(cases.map((c) => c.route.replace(/\?.*$/, '')));
    for (const route of ['GET /api/state', 'POST /api/commands', 'POST /api/pause', 'POST /api/play', 'GET /api/resources/:id', 'POST /api/actions', 'GET /api/timers', 'GET /api/journal', 'GET /api/diagram/:kind', 'GET /api/travel', 'GET /api/travel/resources/:id', 'POST /api/fork', 'GET /api/scenarios', 'GET /api/rules', 'POST /api/scenario/load', 'POST /api/scenario/step', 'POST /api/scenario/back', 'GET /index.html', 'ws /live', 'ws /inspect']) {
      expect(routes, route).toContain(route);
    }
  });

  it.for(cases.map((c) => ({ ...c, name: nameOf(c) })))('$name', async (c) => {
    const before = await world();
    const answer = await c.send();
    expectRefusal(c, answer);
    expect(await world()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// WebSockets
// ---------------------------------------------------------------------------------------------

interface SocketCase {
  family: Family | 'binary' | 'not JSON' | 'oversized';
  socket: '/live' | '/inspect';
  input: string;
  frame: string | Buffer;
  binary?: boolean;
  /** An `{ type: 'error' }` answer on a socket that stays open, a page of records, or the close code. */
  expect: 'error' | 'records' | 1007 | 1009;
}

const socketCases: SocketCase[] = [];
for (const socket of ['/live', '/inspect'] as const) {
  const s = (family: SocketCase['family'], input: string, frame: string | Buffer, expectIt: SocketCase['expect'] = 'error', binary = false) => socketCases.push({ family, socket, input, frame, expect: expectIt, binary });
  s('not JSON', 'plain text', 'hello');
  s('not JSON', 'an empty message', '');
  s('not JSON', 'a cut-off object', '{"type":');
  s('binary', 'random bytes in a binary frame', Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]), 'error', true);
  s('binary', 'a binary frame of 0 bytes', Buffer.alloc(0), 'error', true);
  s('depth', '10,000 nested arrays', deepArrays(10_000));
  s('depth', '10,000 nested objects', deepObjects(10_000));
  s('depth', 'an event whose snapshot nests 10,000 objects', `{"type":"@xstate.snapshot","sessionId":"s","snapshot":${deepObjects(10_000)}}`);
  s('types', 'a JSON string', '"catchup"');
  s('types', 'a JSON number', '7');
  s('types', 'null', 'null');
  s('types', 'an array', '[{"type":"catchup","after":0}]');
  s('types', 'after as a string', '{"type":"catchup","after":"0"}');
  s('types', 'after negative', '{"type":"catchup","after":-1}');
  s('types', 'after a float', '{"type":"catchup","after":0.5}');
  // JSON 1e309 is Infinity, which ajv counts as an integer: the wire's maximum refuses it.
  s('types', 'after 1e309', '{"type":"catchup","after":1e309}', 'error');
  s('types', 'type as a number and sessionId as an object', '{"type":7,"sessionId":{}}');
  s('types', 'an empty sessionId', '{"type":"@xstate.event","sessionId":""}');
  s('unicode', 'a type with a lone surrogate', '{"type":"\\ud800","sessionId":"\\u202e"}');
  s('unicode', 'a string of 10,000 emoji', JSON.stringify({ type: '💥'.repeat(10_000) }));
  s('prototype keys', '__proto__ and constructor as keys', '{"__proto__":{"type":"catchup","after":0},"constructor":{"prototype":{"x":1}}}');
  s('prototype keys', 'the type __proto__', '{"type":"__proto__","sessionId":"constructor"}');
  s('size', 'an event of 30,000 values', JSON.stringify({ type: '@xstate.event', sessionId: 's', event: Array(30_000).fill(0) }));
  s('oversized', 'a 70 KB text message', JSON.stringify({ type: 'catchup', after: 0, pad: 'x'.repeat(70_000) }), 1009);
  s('oversized', 'a 70 KB binary message', Buffer.alloc(70_000, 0x7b), 1009, true);
  s('unicode', 'a text frame of invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 1007, false);
}

describe('the WebSockets under hostile messages', () => {
  it.for(socketCases.map((c) => ({ ...c, name: `${c.family}: ws ${c.socket}, ${c.input}, ${c.expect === 'error' ? 'is answered with an error on a socket that stays open' : c.expect === 'records' ? 'is answered with an empty page on a socket that stays open' : `closes that socket with ${c.expect}`}, and changes nothing` })))('$name', async (c) => {
    const before = await world();
    const bystander = await tab(port, '/live');
    const t = await tab(port, c.socket);
    t.ws.send(c.frame, { binary: c.binary === true });
    const first = await t.next();
    if (c.expect === 'error' || c.expect === 'records') {
      expect(first).toMatchObject({ message: c.expect === 'error' ? { type: 'error', message: expect.any(String) } : { type: 'records', records: [] } });
      // Still open and answering: ask again with something as wrong, and get the same kind of answer.
      t.ws.send('not json');
      expect(await t.next()).toMatchObject({ message: { type: 'error' } });
      t.ws.close();
    } else {
      expect(first).toMatchObject({ close: c.expect });
    }
    // The others are served: the bystander catches up, and a new socket opens.
    bystander.ws.send(JSON.stringify({ type: 'catchup', after: 0 }));
    let answer = await bystander.next();
    while ('message' in answer && answer.message.type !== 'records') answer = await bystander.next();
    expect(answer).toMatchObject({ message: { type: 'records' } });
    bystander.ws.close();
    const fresh = await tab(port, '/live');
    fresh.ws.close();
    expect(await world()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Tampered saves (no HTTP route takes one: the library's restoreSimulation)
// ---------------------------------------------------------------------------------------------

/** A busy world: servers, backups Creating and Available, an image, a policy, pending timers. */
function busySave(): SavedSimulation {
  const sim = createSimulation({ seed: 8 });
  const settle = (done: () => boolean): void => {
    for (let i = 0; i < 1000 && !done(); i++) {
      const next = sim.nextTimer();
      if (next === null) break;
      sim.advance(next - sim.now());
    }
  };
  const web = sim.createServer({ name: 'web', os: 'linux', systemDiskGB: 40, dataDisksGB: [100] });
  settle(() => sim.get(web.id).status === 'ACTIVE');
  const backup = sim.backupServer(web.id);
  settle(() => sim.get(backup.id).status === 'available');
  sim.createImageFromBackup(backup.id, { name: 'web-image' });
  const disk = sim.createDisk({ name: 'logs', sizeGB: 10 });
  settle(() => sim.get(disk.id).status === 'available');
  const vault = sim.createVault({ name: 'disks', kind: 'disk', resourceIds: [disk.id] });
  const policy = sim.createPolicy({ name: 'nightly', pattern: ['FREQ=DAILY;BYHOUR=2;BYMINUTE=0'], maxBackups: 3 });
  sim.applyPolicy(policy.id, vault.id);
  sim.backupServer(web.id); // Creating: its timers are pending
  const saved = sim.save();
  saved.journal.records = saved.journal.records.slice(-3);
  return saved;
}

type Path = (string | number)[];
type Mutation = [name: string, apply: (parent: any, key: string | number) => void];
const MUTATIONS: Mutation[] = [
  ['null', (o, k) => (o[k] = null)],
  ['a wrong type', (o, k) => (o[k] = typeof o[k] === 'string' ? 7 : typeof o[k] === 'number' ? '7' : Array.isArray(o[k]) ? {} : 'x')],
  ['removed', (o, k) => (Array.isArray(o) ? o.splice(Number(k), 1) : delete o[k])],
  ['an unknown id', (o, k) => (o[k] = 'bk-000000000000')],
];

/** The paths of the save to tamper with: every one three levels deep (the journal's records aside). */
function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (typeof value !== 'object' || value === null || at.length >= 3 || at[0] === 'journal' && at[1] === 'records') return out;
  for (const [k, v] of Object.entries(value)) {
    const p = [...at, Array.isArray(value) ? Number(k) : k];
    out.push(p);
    paths(v, p, out);
  }
  return out;
}

describe('tampered saves, restored through the library', () => {
  const saved = busySave();
  const tampers: { name: string; apply: (copy: any) => void }[] = [
    { name: 'timers: []', apply: (s) => (s.timers = []) },
    { name: 'resources[0].snapshot = null', apply: (s) => (s.resources[0].snapshot = null) },
    { name: 'timers[0].event = null', apply: (s) => (s.timers[0].event = null) },
    { name: 'timers[0].owner an unknown id', apply: (s) => (s.timers[0].owner = 'ecs-000000000000') },
    { name: 'timers[0].deadline in the past', apply: (s) => (s.timers[0].deadline = 0) },
    { name: 'resources[0].kind __proto__', apply: (s) => (s.resources[0].kind = '__proto__') },
    { name: 'resources duplicated', apply: (s) => (s.resources = [...s.resources, ...s.resources]) },
    { name: 'a __proto__ key in options', apply: (s) => (s.options = JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(s.options).slice(1)}`)) },
    { name: 'clock.now = 1e309 (Infinity)', apply: (s) => (s.clock.now = Infinity) },
    { name: 'the whole save null', apply: (s) => Object.keys(s).forEach((k) => delete s[k]) },
  ];
  for (const path of paths(saved)) {
    for (const [name, apply] of MUTATIONS) {
      tampers.push({
        name: `${path.join('.')} ${name}`,
        apply: (copy) => {
          let parent = copy;
          for (const key of path.slice(0, -1)) parent = parent[key];
          apply(parent, path.at(-1)!);
        },
      });
    }
  }

  it(`refuses each of ${tampers.length} tampered saves with Sim.InvalidSave, or restores a world that runs 30 days and saves again`, () => {
    const outcomes = { refused: 0, restored: 0 };
    const wrong: string[] = [];
    for (const t of tampers) {
      const copy = structuredClone(saved);
      t.apply(copy);
      let sim;
      try {
        sim = restoreSimulation(copy);
      } catch (error) {
        if (error instanceof SimulationError && error.code === 'Sim.InvalidSave') outcomes.refused++;
        else wrong.push(`${t.name}: restore threw ${String(error).slice(0, 200)}`);
        continue;
      }
      try {
        sim.advance('30d');
        JSON.stringify(sim.save());
        outcomes.restored++;
      } catch (error) {
        wrong.push(`${t.name}: restored, then ${String(error).slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(outcomes.refused + outcomes.restored).toBe(tampers.length);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('after all of it', () => {
  it('the comparison of worlds sees a change: an accepted command moves the clock (so "unchanged" above meant something)', async () => {
    const before = await world();
    const answer = await send(port, { path: '/api/commands', body: VALID['/api/commands'] });
    expect(answer.status).toBe(200);
    const after = await world();
    expect(after).not.toEqual(before);
    expect(after.now).not.toBe(before.now);
  });

  it('the server still answers, and no uncaught exception or unhandled rejection happened', async () => {
    expect((await send(port, { path: '/api/state' })).status).toBe(200);
    expect(uncaught).toEqual([]);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
