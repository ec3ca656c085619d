/**
 * `--auth verify`: the service routes accept only the credentials of the keys file (keys.ts), as
 * the API gateway in front of the real services does (rest-api.md §1.3, §1.4):
 *
 * - `Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b;…>, Signature=<hex>`: the AK
 *   must be listed, `X-Sdk-Date` within 15 minutes of the WALL clock (never the virtual one: a
 *   world advanced a year still takes today's signatures), and the signature the one the SK gives
 *   over the request as sent (the path with its service prefix, the query, the signed headers and
 *   the body's bytes), compared in constant time;
 * - `X-Auth-Token` (openstacksdk): the token must be listed;
 * - nothing at all: only a version document (`GET /ims/`, `/ecs/v2.1`, `/evs/v2`), which
 *   openstacksdk reads without its token before any call, as the real endpoints allow.
 *
 * A refusal is the gateway's: 401 `APIGW.0301` in its own body (GatewayError), its message the
 * gateway's words followed by what to check. A credential used in a project it is not bound to is
 * the router's 403 (it checks `projects`).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { GatewayError } from './errors.js';
import type { KeyPair, KeysFile, Token } from './keys.js';
import type { Authenticator } from './router.js';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
/** How far `X-Sdk-Date` may be from the wall clock, either way (the gateway's 15 minutes). */
export const SDK_DATE_WINDOW_MS = 15 * 60_000;
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

const IAM = 'Incorrect IAM authentication information';

/** Percent-encodes `text` as the signer does: every UTF-8 byte except the unreserved `A–Z a–z 0–9 - _ . ~`. */
export function sdkEncode(text: string): string {
  // encodeURIComponent keeps `! ' ( ) *` as well, which the signer encodes.
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical URI of a path as sent: each segment encoded (a `%` of the wire becomes `%25`), always ending in `/`. */
export function canonicalUri(path: string): string {
  const uri = path.split('/').map(sdkEncode).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** The canonical query of a query string as sent: keys sorted, a repeated key's values sorted, each encoded. */
export function canonicalQuery(query: string): string {
  if (query === '') return '';
  const parsed = parseQuery(query);
  const out: string[] = [];
  for (const key of Object.keys(parsed).sort()) {
    const value = parsed[key];
    const values = Array.isArray(value) ? [...value].sort() : [value ?? ''];
    for (const v of values) out.push(`${sdkEncode(key)}=${sdkEncode(v)}`);
  }
  return out.join('&');
}

/** `20261201T173822Z` → epoch ms, or null when it is not one. */
export function sdkDate(text: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const at = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(at);
  // 20261399T… is no date: it must read back as written.
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? at : null;
}

export interface SignedRequest {
  method: string;
  /** The request target as sent: path and query, percent-escapes as they are. */
  target: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The `SignedHeaders` list, as sent. */
  signedHeaders: string[];
  date: string;
}

function header(headers: IncomingMessage['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** The signature of `r` with `sk` (rest-api.md §1.3, steps 1–6). */
export function signatureOf(r: SignedRequest, sk: string): string {
  const q = r.target.indexOf('?');
  const path = (q < 0 ? r.target : r.target.slice(0, q)).split('#')[0]!;
  const query = q < 0 ? '' : r.target.slice(q + 1).split('#')[0]!;
  const canonicalHeaders = r.signedHeaders.map((name) => `${name}:${header(r.headers, name) ?? ''}\n`).join('');
  const payloadHash = header(r.headers, 'x-sdk-content-sha256') ?? (r.body.length ? createHash('sha256').update(r.body).digest('hex') : EMPTY_SHA256);
  const canonicalRequest = [r.method, canonicalUri(path), canonicalQuery(query), canonicalHeaders, r.signedHeaders.join(';'), payloadHash].join('\n');
  const stringToSign = [SIGNING_ALGORITHM, r.date, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  return createHmac('sha256', sk).update(stringToSign).digest('hex');
}

/** `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`, or null when it is not of that form. */
export function parseAuthorization(value: string): { ak: string; signedHeaders: string[]; signature: string } | null {
  if (!value.startsWith(`${SIGNING_ALGORITHM} `)) return null;
  const fields = new Map<string, string>();
  for (const part of value.slice(SIGNING_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const ak = fields.get('Access');
  const signed = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!ak || !signed || !signature) return null;
  return { ak, signedHeaders: signed.split(';').map((h) => h.trim().toLowerCase()), signature };
}

/** A version document, which openstacksdk reads before anything and without its token. */
const VERSION_DOCUMENT = /^\/(?:cbr|ims|ecs|evs)\/?(?:v\d+(?:\.\d+)?\/?)?$/;

function refused(detail: string): GatewayError {
  return new GatewayError(401, 'APIGW.0301', `${IAM}: ${detail}`);
}

function span(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

export class KeyAuthenticator implements Authenticator {
  private readonly keys: Map<string, KeyPair>;
  /** By the SHA-256 of the token: a lookup whose timing tells nothing of the tokens. */
  private readonly tokens: Map<string, Token>;

  /** `wall` is the wall clock the `X-Sdk-Date` window is measured on (never the virtual one). */
  constructor(file: KeysFile, private readonly wall: () => number = Date.now) {
    this.keys = new Map(file.keys.map((k) => [k.ak, k]));
    this.tokens = new Map(file.tokens.map((t) => [digest(t.token), t]));
  }

  check(req: IncomingMessage, rawBody: Buffer): { projects: readonly string[] | null; project: string | null } {
    const target = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const authorization = header(req.headers, 'authorization');
    if (authorization !== undefined) {
      const key = this.verifySignature(req, target, authorization, rawBody);
      return { projects: key.projects, project: key.projects[0]! };
    }
    const token = header(req.headers, 'x-auth-token');
    if (token !== undefined) {
      const known = this.tokens.get(digest(token));
      if (!known) throw refused('decrypt token fail, the X-Auth-Token is none of the keys file\'s tokens (--keys); use one of them, as clouds.yaml\'s auth.token');
      return { projects: known.projects, project: known.projects[0]! };
    }
    if (req.method === 'GET' && VERSION_DOCUMENT.test(target.split('?')[0]!)) return { projects: null, project: null };
    throw refused('x-auth-token not found, the request carries no credential: sign it with an AK/SK of the keys file (--keys) or send X-Auth-Token with one of its tokens');
  }

  private verifySignature(req: IncomingMessage, target: string, authorization: string, body: Buffer): KeyPair {
    const auth = parseAuthorization(authorization);
    if (!auth) throw refused(`verify aksk signature fail, the Authorization header is not "${SIGNING_ALGORITHM} Access=<AK>, SignedHeaders=<names>, Signature=<hex>"; sign the request with the Huawei Cloud SDK's AK/SK signer`);
    const key = this.keys.get(auth.ak);
    if (!key) throw refused(`Get secretKey failed,ak:${auth.ak.slice(0, 128)},err:ak not exist; the keys file (--keys) lists no such AK`);
    const date = header(req.headers, 'x-sdk-date');
    const at = date === undefined ? null : sdkDate(date);
    if (date === undefined || at === null) throw refused(`verify aksk signature fail, X-Sdk-Date ${date === undefined ? 'is missing' : `${JSON.stringify(date.slice(0, 40))} is not of the form 20261201T173822Z`}; the signer sets it to the wall-clock time in UTC`);
    const off = at - this.wall();
    if (Math.abs(off) > SDK_DATE_WINDOW_MS) {
      throw refused(`verify aksk signature fail, X-Sdk-Date ${date} is ${span(off)} ${off < 0 ? 'behind' : 'ahead of'} the server's wall clock (${new Date(this.wall()).toISOString()}); the gateway takes a signature within 15 minutes of it: set the client's clock right`);
    }
    const expected = signatureOf({ method: req.method ?? 'GET', target, headers: req.headers, body, signedHeaders: auth.signedHeaders, date }, key.sk);
    if (!sameText(auth.signature, expected)) {
      throw refused(`verify aksk signature fail, the signature is not the one the SK of AK ${auth.ak} gives over this request (method, path with its service prefix, query, signed headers, body as sent); check the SK, and that nothing changes the request after signing`);
    }
    return key;
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Whether two strings are equal, in time that depends on their length only. */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
