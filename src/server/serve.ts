/** Starting the inspector: an express server with one world, on 127.0.0.1 unless asked otherwise. */
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { attachLive } from './live.js';
import { Access } from './access.js';
import { Session } from './session.js';
import { DataFile, restoreDataFile } from './data-file.js';
import type { Scenario } from '../scenario/types.js';
import { Projects, type ClockMode } from '../api/projects.js';
import { apiRouter, AUTH_OFF, type Authenticator, type RequestEntry } from '../api/router.js';
import { SERVICE_TABLES } from '../api/services.js';
import type { Project } from '../api/projects.js';
import type { ServiceTable } from '../api/route.js';
import { projectNamed, projectParam } from './projects-routes.js';

export const DEFAULT_PORT = 4820;
export const REQUEST_TIMEOUT_MS = 20_000;

export interface Served {
  url: string;
  port: number;
  session: Session;
  /** The projects of the service routes; the default one's session is `session`. */
  projects: Projects;
  server: Server;
  /** The `--data` file's writer, when one was given: it keeps the default project only. */
  data: DataFile | null;
  /** What became of the data file on start: restored (when it was written), new, or set aside. */
  restored: { savedAt: string } | null;
  /**
   * Stops serving: what runs is paused (a long advance ends where it stands and its request is
   * answered), the data file is written, requests in flight get a moment to finish, then every
   * connection is closed.
   */
  close: () => Promise<void>;
}

/**
 * `host` is where it listens (127.0.0.1 by default); it answers requests whose Host names it
 * (see access.ts), and to the names in `allowedHosts` besides.
 */
export function serve(o: {
  scenario: Scenario; port?: number; host?: string; allowedHosts?: readonly string[]; liveBufferLimit?: number;
  /** `--data`: the file the world is kept in across restarts (see data-file.ts). */
  data?: string; dataInterval?: number;
  /** The service routes' credentials check (`--auth`; default off: anything is accepted). */
  auth?: Authenticator;
  /** How each project's virtual clock moves for the service routes (`--clock`; default on-poll). */
  clock?: { mode: ClockMode; speed?: number };
  /** Told of every service request; by default it is journaled in its project (`request` records). */
  onRequest?: (project: Project, entry: RequestEntry) => void;
  /** The service route tables (default every service's, SERVICE_TABLES): a test may serve its own. */
  tables?: readonly ServiceTable[];
}): Promise<Served> {
  const host = o.host ?? '127.0.0.1';
  const session = new Session(o.scenario);
  // A data file that cannot be restored throws here (DataFileError), after setting it aside.
  const restored = o.data ? restoreDataFile(o.data, session) : null;
  const data = o.data ? new DataFile(o.data, session, o.dataInterval) : null;
  const projects = new Projects(session, { mode: o.clock?.mode ?? 'on-poll', speed: o.clock?.speed ?? 1 });
  // Each answered request is a `request` record of its project's journal (the inspector's timeline).
  const onRequest = o.onRequest ?? ((project: Project, entry: RequestEntry) => project.session.simulation.noteRequest(entry));
  const api = apiRouter({ projects, tables: o.tables ?? SERVICE_TABLES, auth: o.auth ?? AUTH_OFF, onRequest });
  const access = new Access({ host, allowedHosts: o.allowedHosts, port: (): number => (server.address() as AddressInfo | null)?.port ?? 0 });
  // A request must arrive whole within REQUEST_TIMEOUT_MS (headers within half of it): a client
  // that trickles a byte at a time holds its socket no longer than that.
  // The inspector shows one project at a time, the one its requests name (`?project=`): see projects-routes.ts.
  const server: Server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS / 2 }, createApp(session, access.http, { api, projects }));
  // What node's parser refuses before express sees it (a malformed request line or header, headers
  // over 16 KB, a request too slow): the same JSON error as every other answer, then the socket closes.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    if (!socket.writable || (socket as { bytesWritten?: number }).bytesWritten) return void socket.destroy();
    const code = status === 431 ? 'Sim.HeadersTooLarge' : status === 408 ? 'Sim.RequestTimeout' : 'Sim.BadRequest';
    const body = JSON.stringify({ code, message: `The request could not be read as HTTP/1.1: ${String(error.code ?? error.message).slice(0, 100)}.`, details: {} });
    socket.once('finish', () => socket.destroy());
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\n\r\n${body}`);
  });
  const live = attachLive(server, session, {
    bufferLimit: o.liveBufferLimit, allow: access.upgrade,
    sessionOf: (url) => projectNamed(projects, projectParam(url)).session,
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? DEFAULT_PORT, host, () => {
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}/`,
        port,
        session,
        projects,
        server,
        data,
        restored,
        close: async () => {
          // A paused advance ends, and journals where, on the next turn of the event loop: written after that.
          // Every project's: a wall clock's play would otherwise keep ticking after the server stopped.
          if (projects.pauseAll()) await new Promise((done) => setImmediate(done));
          data?.flush();
          data?.close();
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            // A paused advance answers on the next turn of the event loop; anything else slower
            // than this is cut off, so that a stop takes well under a second.
            setTimeout(() => {
              live.close();
              server.closeAllConnections();
            }, 200).unref();
          });
        },
      });
    });
  });
}
