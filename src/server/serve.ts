/** Starting the inspector: an express server with one world, on 127.0.0.1 unless asked otherwise. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { attachLive } from './live.js';
import { Session } from './session.js';
import type { Scenario } from '../scenario/types.js';

export const DEFAULT_PORT = 4820;

export interface Served {
  url: string;
  port: number;
  session: Session;
  server: Server;
  close: () => Promise<void>;
}

export function serve(o: { scenario: Scenario; port?: number; host?: string; liveBufferLimit?: number }): Promise<Served> {
  const session = new Session(o.scenario);
  const server = createServer(createApp(session));
  const live = attachLive(server, session, { bufferLimit: o.liveBufferLimit });
  const host = o.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? DEFAULT_PORT, host, () => {
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}/`,
        port,
        session,
        server,
        close: () => new Promise((done) => {
          live.close();
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
