/**
 * Transports for test/server/fuzz.test.ts: each sends exactly the bytes and headers given, which
 * fetch (undici) would not (it sets Host itself, normalises headers and refuses malformed ones).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect as netConnect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';

export interface Answer {
  /** The HTTP status; 0 when the server closed the connection without answering. */
  status: number;
  headers: IncomingHttpHeaders;
  json: any;
  text: string;
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // a page, an SVG, a bare status line
  }
}

export interface Sent {
  method?: string;
  path: string;
  /** Replaces the default Host (`127.0.0.1:<port>`); `null` sends none. */
  host?: string | null;
  headers?: Record<string, string | string[]>;
  /** The body as it goes on the wire; Content-Type is application/json unless `headers` say otherwise. */
  body?: string | Buffer;
  /** Sends the body chunked (no Content-Length). */
  chunked?: boolean;
}

/** One HTTP/1.1 request with exactly these headers, through node:http. */
export function send(port: number, s: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    if (s.host !== null) headers.host = s.host ?? `127.0.0.1:${port}`;
    if (s.body !== undefined) {
      headers['content-type'] = 'application/json';
      if (!s.chunked) headers['content-length'] = String(Buffer.byteLength(s.body));
    }
    Object.assign(headers, s.headers);
    const req = httpRequest({ host: '127.0.0.1', port, method: s.method ?? (s.body === undefined ? 'GET' : 'POST'), path: s.path, headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, json: jsonOf(text), text });
      });
      res.on('error', reject);
    });
    // A server that refuses early (413 from Content-Length, 403 before the body) may close while
    // the body is still being written: the answer counts, the write error does not.
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (s.body !== undefined && s.chunked) {
      const body = Buffer.from(s.body);
      for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.subarray(i, i + 16 * 1024));
    }
    req.end(s.body !== undefined && !s.chunked ? s.body : undefined);
  });
}

/**
 * Bytes straight onto a TCP connection (malformed HTTP that node:http would not send): the
 * server's answer, read until it closes the connection (a refused request is answered with
 * `Connection: close`) or, for a server that keeps it open, until the answer's body is complete.
 */
export function raw(port: number, bytes: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.destroy();
      const all = Buffer.concat(chunks).toString('utf8');
      const split = all.indexOf('\r\n\r\n');
      const head = split < 0 ? all : all.slice(0, split);
      const text = split < 0 ? '' : all.slice(split + 4);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      const headers: IncomingHttpHeaders = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status, headers, json: jsonOf(text), text });
    };
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // A complete answer on a connection kept alive: Content-Length bytes after the head.
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      if (split < 0) return;
      const length = /\r\ncontent-length: *(\d+)/i.exec(all.subarray(0, split).toString('latin1'))?.[1];
      if (length !== undefined && all.length - split - 4 >= Number(length)) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? finish() : reject(error)));
    socket.write(bytes);
  });
}

/** A WebSocket upgrade request with these headers: 101 when it was accepted, else the refusal. */
export function upgrade(port: number, path: string, o: { host?: string; origin?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port, path, setHost: false, agent: false,
      headers: {
        host: o.host ?? `127.0.0.1:${port}`,
        connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64'),
        ...(o.origin !== undefined ? { origin: o.origin } : {}),
        ...o.headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode!, headers: res.headers, json: null, text: '' });
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: jsonOf(text), text }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface Tab {
  ws: WebSocket;
  /** The next message (parsed), or the close code and reason when the server closes instead. */
  next: () => Promise<{ message: any } | { close: number; reason: string }>;
}

/** A WebSocket to `path`, open (for /live, its `hello` already read). */
export function tab(port: number, path: '/live' | '/inspect'): Promise<Tab> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    const queue: ({ message: any } | { close: number; reason: string })[] = [];
    const waiting: ((x: (typeof queue)[number]) => void)[] = [];
    const push = (x: (typeof queue)[number]): void => {
      const w = waiting.shift();
      if (w) w(x);
      else queue.push(x);
    };
    ws.on('message', (data) => push({ message: JSON.parse(String(data)) }));
    ws.on('close', (code, reason) => push({ close: code, reason: String(reason) }));
    ws.on('error', () => {}); // a close follows, and is what the tests read
    const t: Tab = { ws, next: () => new Promise((r) => (queue.length ? r(queue.shift()!) : waiting.push(r))) };
    ws.once('open', async () => {
      if (path === '/live') {
        const hello = await t.next();
        if (!('message' in hello) || hello.message.type !== 'hello') return reject(new Error(`expected hello, got ${JSON.stringify(hello)}`));
      }
      resolve(t);
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

/** `levels` arrays inside each other, as JSON text. */
export const deepArrays = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
/** `levels` objects inside each other (`{"a":{"a":…}}`), as JSON text. */
export const deepObjects = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
/** The value `levels` arrays deep. */
export function nestedValue(levels: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}
