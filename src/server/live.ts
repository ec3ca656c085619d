/**
 * WebSockets: `/live` streams the journal (in batches) to every tab, which catches up from the
 * journal when it reconnects; `/inspect` accepts `@statelyai/inspect` events from any XState v5 app
 * (`createWebSocketInspector({ url: 'ws://…/inspect' })`) and shows them as external actors.
 */
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Session } from './session.js';

export const MAX_MESSAGE_BYTES = 64 * 1024;
const INSPECT_TYPES = ['@xstate.actor', '@xstate.event', '@xstate.snapshot'];

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

export function attachLive(server: Server, session: Session): { close: () => void } {
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
    const unsubscribe = session.subscribe((message) => send(ws, message));
    ws.on('close', unsubscribe);
    send(ws, { type: 'hello', seq: session.state().seq });
    ws.on('message', (data) => {
      const message = parse(data) as { type?: unknown; after?: unknown } | undefined;
      if (message?.type === 'catchup' && Number.isInteger(message.after) && (message.after as number) >= 0) {
        send(ws, { type: 'records', records: session.journal(message.after as number, 10_000) });
      } else {
        send(ws, { type: 'error', message: 'Send {"type":"catchup","after":<seq>} to catch up from the journal.' });
      }
    });
  });

  inspect.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    ws.on('message', (data) => {
      const event = parse(data) as { type?: unknown; sessionId?: unknown } | undefined;
      if (!event || typeof event !== 'object' || !INSPECT_TYPES.includes(String(event.type)) || typeof event.sessionId !== 'string') {
        send(ws, { type: 'error', message: `Expected a @statelyai/inspect event (${INSPECT_TYPES.join(', ')}) with a sessionId.` });
        return;
      }
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
