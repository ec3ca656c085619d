/**
 * WebSockets: `/live` streams the journal (in batches) to every tab, which catches up from the
 * journal when it reconnects; `/inspect` accepts `@statelyai/inspect` events from any XState v5 app
 * (`createWebSocketInspector({ url: 'ws://…/inspect' })`) and shows them as external actors.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Session } from './session.js';
import { JOURNAL_PAGE_BYTES, MAX_MESSAGE_BYTES } from './limits.js';
import type { JournalRecord } from '../sim/journal.js';
import { wireProblem } from './wire.js';

/** A refusal of the session a socket's URL names (an unknown or malformed project): its status and code. */
interface UpgradeRefusal {
  status: number;
  code: string;
  message: string;
}

/**
 * A tab that has this much unsent on its socket is behind: it gets no more batches until the
 * socket drains, then a `hello` with `behind: true` tells it to catch up from the journal. The
 * server's memory never holds more than this per slow tab.
 */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const CATCHUP_LIMIT = 10_000;
function send(ws: WebSocket, message: unknown): void {
  sendText(ws, JSON.stringify(message));
}

function sendText(ws: WebSocket, text: string): void {
  if (ws.readyState === ws.OPEN) ws.send(text);
}

/** An upgrade that is not served: an HTTP answer with the server's JSON error, then the socket closes. */
function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ code, message, details: {} });
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function parse(data: unknown): unknown {
  try {
    return JSON.parse(String(data));
  } catch {
    return undefined;
  }
}

/**
 * `o.sessionOf`: the session a socket's URL names (`/live?project=<id>`: src/server/projects-routes.ts),
 * throwing an error with a `status` and `code` to refuse the upgrade; without it, every socket is `session`'s.
 */
export function attachLive(server: Server, session: Session, o: {
  bufferLimit?: number | undefined;
  allow?: ((request: IncomingMessage, socket: Duplex) => boolean) | undefined;
  sessionOf?: ((url: URL) => Session) | undefined;
} = {}): { close: () => void } {
  const bufferLimit = o.bufferLimit ?? MAX_BUFFERED_BYTES;
  const live = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const inspect = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // A handshake ws refuses (no Sec-WebSocket-Key, another version…): JSON, like every other refusal.
  for (const wss of [live, inspect]) wss.on('wsClientError', (error: Error, socket: Duplex) => refuseUpgrade(socket, 400, 'Sim.BadRequest', `The WebSocket handshake was refused: ${error.message}.`));

  server.on('upgrade', (request, socket, head) => {
    if (o.allow && !o.allow(request, socket)) return; // refused with a 403 (src/server/access.ts)
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      return refuseUpgrade(socket, 400, 'Sim.BadRequest', 'The WebSocket URL could not be read; the sockets are /live and /inspect.');
    }
    const path = url.pathname;
    const target = path === '/live' ? live : path === '/inspect' ? inspect : null;
    if (!target) {
      return refuseUpgrade(socket, 404, 'Sim.NotFound', `No WebSocket at ${JSON.stringify(path.slice(0, 200))}; the sockets are /live and /inspect.`);
    }
    let of = session;
    if (o.sessionOf) {
      try {
        of = o.sessionOf(url);
      } catch (error) {
        const refusal = error as Partial<UpgradeRefusal>;
        if (typeof refusal.status !== 'number' || typeof refusal.code !== 'string') throw error;
        return refuseUpgrade(socket, refusal.status, refusal.code, String(refusal.message));
      }
    }
    target.handleUpgrade(request, socket, head, (ws) => target.emit('connection', ws, request, of));
  });

  live.on('connection', (ws: WebSocket, _request: IncomingMessage, session: Session) => {
    ws.on('error', () => ws.terminate());
    let behind = false;
    const drain = (): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > 0) return void setTimeout(drain, 50);
      behind = false;
      send(ws, { type: 'hello', seq: session.seq, world: session.world, behind: true });
    };
    const unsubscribe = session.subscribe((message, text) => {
      if (message.type !== 'reset' && (behind || ws.bufferedAmount > bufferLimit)) {
        if (!behind) {
          behind = true;
          setTimeout(drain, 50);
        }
        return;
      }
      sendText(ws, text);
    });
    ws.on('close', unsubscribe);
    send(ws, { type: 'hello', seq: session.seq, world: session.world });
    ws.on('message', (data) => {
      const message = parse(data);
      const problem = message === undefined ? 'Not JSON; send {"type":"catchup","after":<seq>} to catch up from the journal.' : wireProblem('live', message);
      if (problem) return send(ws, { type: 'error', message: problem });
      // A catch-up is an answer queued for this tab like any other: a tab that asks and does not
      // read is over its limit, and is not served any more.
      if (ws.bufferedAmount > bufferLimit) return void ws.close(1008, 'too far behind: read what was sent before asking for more');
      const page = session.journalTexts((message as { after: number }).after, CATCHUP_LIMIT, JOURNAL_PAGE_BYTES);
      const records = page.texts.map((t) => JSON.parse(t) as JournalRecord);
      sendText(ws, `{"type":"records","world":${JSON.stringify(session.world)},"records":[${page.texts.join(',')}],"more":${page.more},"state":${JSON.stringify(session.delta(records))}}`);
    });
  });

  inspect.on('connection', (ws: WebSocket, _request: IncomingMessage, session: Session) => {
    ws.on('error', () => ws.terminate());
    ws.on('message', (data) => {
      const event = parse(data);
      const problem = event === undefined ? 'Not JSON; expected a @statelyai/inspect event (@xstate.actor, @xstate.event, @xstate.snapshot) with a sessionId.' : wireProblem('inspect', event);
      if (problem) return send(ws, { type: 'error', message: problem });
      session.broadcast({ type: 'external', event });
    });
  });

  return {
    close: () => {
      for (const ws of [...live.clients, ...inspect.clients]) ws.terminate();
      live.close();
      inspect.close();
    },
  };
}
