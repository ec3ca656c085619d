/**
 * WebSockets: `/live` streams the journal (in batches) to every tab, which catches up from the
 * journal when it reconnects; `/inspect` accepts `@statelyai/inspect` events from any XState v5 app
 * (`createWebSocketInspector({ url: 'ws://…/inspect' })`) and shows them as external actors.
 */
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Session } from './session.js';
import { MAX_MESSAGE_BYTES } from './limits.js';
import { wireProblem } from './wire.js';

/**
 * A tab that has this much unsent on its socket is behind: it gets no more batches until the
 * socket drains, then a `hello` with `behind: true` tells it to catch up from the journal. The
 * server's memory never holds more than this per slow tab.
 */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const CATCHUP_LIMIT = 10_000;
function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function parse(data: unknown): unknown {
  try {
    return JSON.parse(String(data));
  } catch {
    return undefined;
  }
}

export function attachLive(server: Server, session: Session, o: { bufferLimit?: number | undefined } = {}): { close: () => void } {
  const bufferLimit = o.bufferLimit ?? MAX_BUFFERED_BYTES;
  const live = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const inspect = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const target = path === '/live' ? live : path === '/inspect' ? inspect : null;
    if (!target) {
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    target.handleUpgrade(request, socket, head, (ws) => target.emit('connection', ws, request));
  });

  live.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    let behind = false;
    const drain = (): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > 0) return void setTimeout(drain, 50);
      behind = false;
      send(ws, { type: 'hello', seq: session.seq, world: session.world, behind: true });
    };
    const unsubscribe = session.subscribe((message) => {
      if (message.type === 'records' && (behind || ws.bufferedAmount > bufferLimit)) {
        if (!behind) {
          behind = true;
          setTimeout(drain, 50);
        }
        return;
      }
      send(ws, message);
    });
    ws.on('close', unsubscribe);
    send(ws, { type: 'hello', seq: session.seq, world: session.world });
    ws.on('message', (data) => {
      const message = parse(data);
      const problem = message === undefined ? 'Not JSON; send {"type":"catchup","after":<seq>} to catch up from the journal.' : wireProblem('live', message);
      if (problem) return send(ws, { type: 'error', message: problem });
      const records = session.journal((message as { after: number }).after, CATCHUP_LIMIT);
      send(ws, { type: 'records', world: session.world, records, state: session.delta(records) });
    });
  });

  inspect.on('connection', (ws: WebSocket) => {
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
