/**
 * Who may talk to the server. A browser lets any page it shows send requests to 127.0.0.1 and
 * open WebSockets there, so two checks keep other pages out:
 *
 * - **Host** (every request and every WebSocket upgrade, GET included): the Host header must be a
 *   name of this server with its port: `127.0.0.1`, `localhost`, `[::1]`, the `--host` it listens
 *   on, the names given with `--allowed-host`, and, when it listens on every interface (`0.0.0.0`,
 *   `::`), the machine's own interface addresses. This defeats DNS rebinding: a page whose name
 *   (rebind.evil.example) was pointed at 127.0.0.1 sends `Host: rebind.evil.example:4820`.
 * - **Origin** (WebSocket upgrades, and requests of every method but GET, HEAD and OPTIONS): a
 *   browser names the page that sent them; it must be `http://<an accepted host>` with this port.
 *   Clients that send no Origin (the CLI, tests, `@statelyai/inspect` in Node) are no web page and
 *   are accepted. Reading is left to the browser's same-origin policy (no CORS headers are sent)
 *   and `Cross-Origin-Resource-Policy: same-origin`.
 *
 * Both refusals answer 403 with the server's error shape `{ code, message, details }`: one status
 * for "not allowed to talk to this server" (421 Misdirected Request would fit a wrong Host too,
 * but a refused WebSocket upgrade answers 403 either way, and so do the dev servers people know).
 */
import { networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { CSP } from './app.js';
import { httpStatusOf } from './http-status.js';

export const FORBIDDEN_HOST = 'Sim.ForbiddenHost';
export const FORBIDDEN_ORIGIN = 'Sim.ForbiddenOrigin';

/** Methods that only read: they need the right Host, not the right Origin. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The names every server answers to, whatever it listens on. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface Refusal {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/**
 * A host as it appears in a URL's authority, lowercased and canonical (`::1` → `[::1]`,
 * `LocalHost` → `localhost`), or null when it is not a bare host name (empty, with a port,
 * a path, user info…).
 */
export function hostName(text: string): string | null {
  const bare = text.trim();
  if (!bare || /[\s/\\@?#]/.test(bare)) return null;
  const bracketed = isIP(bare) === 6 ? `[${bare}]` : bare;
  try {
    const url = new URL(`http://${bracketed}`);
    return url.port === '' && url.hostname ? url.hostname : null;
  } catch {
    return null;
  }
}

/** 127.0.0.0/8, ::1 (also written out, or as ::ffff:127.x.y.z) and localhost. */
export function isLoopback(host: string): boolean {
  const name = hostName(host);
  if (name === null) return false;
  if (name === 'localhost' || name === '[::1]') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(name);
}

/** The addresses that mean "every interface". */
export function isWildcard(host: string): boolean {
  const name = hostName(host);
  return name === '0.0.0.0' || name === '[::]';
}

export interface AccessOptions {
  /** The address or name the server listens on. */
  host: string;
  /** More names the server may be reached by (`--allowed-host`). */
  allowedHosts?: readonly string[] | undefined;
  /** The port it listens on, once it listens (port 0 picks one). */
  port: () => number;
}

export class Access {
  private readonly fixed: string[];
  private readonly wildcard: boolean;
  private cache: { port: number; authorities: Set<string>; origins: Set<string>; list: string[] } | null = null;

  constructor(private readonly o: AccessOptions) {
    const given = hostName(o.host);
    this.wildcard = isWildcard(o.host);
    const extra = (o.allowedHosts ?? []).map((h) => {
      const name = hostName(h);
      if (name === null) throw new TypeError(`allowed host ${JSON.stringify(h)} is not a host name (give a name or address without a scheme, port or path)`);
      return name;
    });
    // The name the server was started with first: it is the one its URL shows.
    const first = given !== null && !this.wildcard ? [given] : [];
    this.fixed = [...new Set([...first, ...LOOPBACK_NAMES, ...extra, ...(given !== null && this.wildcard ? [given] : [])])];
  }

  /** The Host values accepted, `name:port` (and the bare name on port 80, as browsers send it). */
  allowedHosts(): string[] {
    return this.current().list;
  }

  /** Whether a request may be answered; the refusal to send otherwise. */
  check(request: { method?: string | undefined; url?: string | undefined; headers: IncomingHttpHeaders }, upgrade = false): Refusal | null {
    const { authorities, origins, list } = this.current();
    const host = request.headers.host?.toLowerCase();
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const url = `http://${list[0]}/`;
    // No Host at all: HTTP/1.0 from a program; a browser always sends one.
    if (host !== undefined && !authorities.has(host) && !(this.wildcard && this.refreshed().authorities.has(host))) {
      return {
        status: httpStatusOf(FORBIDDEN_HOST),
        code: FORBIDDEN_HOST,
        message: `Host ${JSON.stringify(host)} is not a name of this server, so ${upgrade ? `the WebSocket ${path}` : `${request.method} ${path}`} is refused (a web page may have pointed that name at this machine: DNS rebinding). Accepted: ${this.current().list.join(', ')}. Open the inspector at ${url}, or start it with --allowed-host NAME for a name of yours.`,
        details: { host, allowed: this.current().list },
      };
    }
    const origin = request.headers.origin;
    if (origin === undefined || (!upgrade && READ_METHODS.has(request.method ?? 'GET'))) return null;
    if (origins.has(origin.toLowerCase()) || (this.wildcard && this.refreshed().origins.has(origin.toLowerCase()))) return null;
    const allowed = [...this.current().origins];
    return {
      status: httpStatusOf(FORBIDDEN_ORIGIN),
      code: FORBIDDEN_ORIGIN,
      message: `A page from ${origin} may not ${upgrade ? `open the WebSocket ${path}` : `send ${request.method} ${path}`}: this server accepts changes and WebSockets only from its own pages (${allowed.join(', ')}) and from clients that send no Origin. Open the inspector at ${url}, or start it with --allowed-host NAME to add a name it is reached by.`,
      details: { origin, allowed },
    };
  }

  /** Express middleware: refuses with `{ code, message, details }` before the body is read. */
  readonly http = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const refusal = this.check(req);
    if (!refusal) return next();
    res.statusCode = refusal.status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ code: refusal.code, message: refusal.message, details: refusal.details }));
  };

  /**
   * For the server's `upgrade` event: true when the upgrade may go on; otherwise the socket gets
   * an HTTP 403 with the JSON body and is destroyed, and false is returned.
   */
  readonly upgrade = (req: IncomingMessage, socket: Duplex): boolean => {
    const refusal = this.check(req, true);
    if (!refusal) return true;
    const body = JSON.stringify({ code: refusal.code, message: refusal.message, details: refusal.details });
    const headers = [
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Forbidden'}`,
      'Connection: close',
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `Content-Security-Policy: ${CSP}`,
      'X-Content-Type-Options: nosniff',
      'Referrer-Policy: no-referrer',
      'Cross-Origin-Resource-Policy: same-origin',
    ];
    socket.once('finish', () => socket.destroy());
    socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
    return false;
  };

  private current(): NonNullable<Access['cache']> {
    const port = this.o.port();
    if (this.cache?.port !== port) this.cache = this.build(port);
    return this.cache;
  }

  /** On a wildcard address the interfaces may have changed (a new network) since they were read. */
  private refreshed(): NonNullable<Access['cache']> {
    this.cache = this.build(this.o.port());
    return this.cache;
  }

  private build(port: number): NonNullable<Access['cache']> {
    const names = [...this.fixed];
    if (this.wildcard) {
      for (const addresses of Object.values(networkInterfaces())) {
        for (const a of addresses ?? []) {
          const name = hostName(a.address);
          if (name !== null && !names.includes(name)) names.push(name);
        }
      }
    }
    const list = names.map((n) => `${n}:${port}`);
    const authorities = new Set([...list, ...(port === 80 ? names : [])]);
    return { port, authorities, origins: new Set([...authorities].map((a) => `http://${a}`)), list };
  }
}
