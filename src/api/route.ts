/**
 * A service route: one line of a service's route table (like moto's `urls.py` + `responses.py`):
 * the SDK's operation name, method and path pattern, the JSON Schema of its body and query, and
 * the handler that calls the library and renders the service's body. The simulation stays the
 * backend: a handler reads records and runs verbs through its project's session, nothing else.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Project } from './projects.js';
import type { SimRecord } from '../sim/records.js';
import type { SimulationError } from '../sim/errors.js';
import type { ApiError } from './errors.js';

/** The four services cbr-sim serves, each under its own prefix (rest-api.md §1.1). */
export type Service = 'cbr' | 'ims' | 'ecs' | 'evs';
export const SERVICES: readonly Service[] = ['cbr', 'ims', 'ecs', 'evs'];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler is given: the request, already authenticated, validated and put in its project. */
export interface ApiRequest {
  project: Project;
  /** The path's `{name}` parameters, decoded (`project_id` included). */
  params: Readonly<Record<string, string>>;
  /** The query as sent: a repeated key is an array (rest-api.md §1.2). */
  query: Readonly<Record<string, string | string[]>>;
  /** The parsed JSON body (validated against the route's schema), or undefined for none. */
  body: unknown;
  headers: IncomingHttpHeaders;
  /**
   * Runs a library verb in the project's session (journaled, shown live in the inspector); a
   * refusal throws its SimulationError, which the router translates into the service's answer.
   */
  perform(verb: string, ...args: unknown[]): Promise<unknown>;
  /**
   * A read: `read()` computes the records the answer shows; with the project's clock `on-poll`,
   * when one of them is still transitional the clock first moves to its next due timer and the
   * records are read again (so an SDK waiter's loop ends in a few polls: src/api/poll.ts).
   */
  poll<T>(read: () => T, records: (value: T) => readonly SimRecord[]): Promise<T>;
}

/**
 * A body already serialised: sent as it is, as `application/json`. For answers made of parts
 * kept as text (a page of backups: src/api/cbr/serialize.ts `backupJson`).
 */
export class JsonText {
  constructor(readonly text: string) {}
}

export interface ApiReply {
  status: number;
  /** A JSON body (a value, or a JsonText), or undefined for none (204, 202). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  /** The SDK's method name (`showBackup`, `createWholeImage`…): named in 501s and in the coverage table. */
  operation: string;
  method: HttpMethod;
  /** The path below the service's prefix, with `{name}` parameters: `/v3/{project_id}/backups/{backup_id}`. */
  path: string;
  /** JSON Schema of the body; a body that does not fit gets the service's validation code. */
  body?: Record<string, unknown>;
  /** JSON Schema of the query (values are strings or arrays of strings as sent). */
  query?: Record<string, unknown>;
  /** Body content types accepted besides application/json (Glance's json-patch). */
  contentTypes?: readonly string[];
  /**
   * Nova- and Cinder-compatible paths (what openstacksdk calls) answer errors the OpenStack way,
   * `{"itemNotFound": {code, message}}`, instead of the service's own shape (rest-api.md §1.5).
   */
  errorStyle?: 'openstack';
  /** What the route reads or does, for the coverage table (one line). */
  summary: string;
  handle(req: ApiRequest): ApiReply | Promise<ApiReply>;
}

/** An operation an SDK client defines that cbr-sim does not serve: it answers 501, naming it. */
export interface Unserved {
  operation: string;
  method: HttpMethod;
  path: string;
}

/** A service's whole table: its routes, and what its SDK defines beyond them. */
export interface ServiceTable {
  service: Service;
  routes: readonly Route[];
  unserved: readonly Unserved[];
  /**
   * A refusal of the simulation as this service answers it (rest-api.md §6): the same code where
   * the service has it, else the service's own code; `Sim.*` codes with no real twin stay.
   */
  translate(error: SimulationError, route: Route): ApiError;
}
