/**
 * The clients the server tests talk through: a JSON client of the HTTP API, and a tab following
 * `/live` (every message it got, and `until(test)`, the first message that passes, whether it came
 * already or comes later).
 */
import { WebSocket } from 'ws';

export interface LiveTab {
  ws: WebSocket;
  messages: any[];
  until: (test: (m: any) => boolean) => Promise<any>;
}

/** `path`: the socket's path and query (`/live?project=trainee-1` follows that project). */
export function liveTab(baseUrl: string, path = '/live'): Promise<LiveTab> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(new URL(path, baseUrl.replace('http', 'ws')));
    const messages: any[] = [];
    const waiting: { test: (m: any) => boolean; resolve: (m: any) => void }[] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      messages.push(m);
      for (const w of [...waiting]) if (w.test(m)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(m);
      }
    });
    ws.on('open', () => resolve({
      ws, messages,
      until: (test) => {
        const seen = messages.find(test);
        return seen ? Promise.resolve(seen) : new Promise((r) => waiting.push({ test, resolve: r }));
      },
    }));
    ws.on('error', reject);
  });
}

/** GET `path`, or POST `body` as JSON: `{ status, json }`. */
export async function jsonApi(baseUrl: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(new URL(path, baseUrl), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() as any };
}
