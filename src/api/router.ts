/**
 * The services' wire: one express router per service prefix (`/cbr`, `/ims`, `/ecs`, `/evs`,
 * rest-api.md §1.1), built from the service's route table. For every request it
 *
 * 1. gives the answer an `X-Request-Id` (the Node SDK's `requestId` is read from that header only);
 * 2. reads the body as bytes (the signature hashes them as sent), refusing any that is not JSON
 *    (or a route's own type), too large, too deep, or not parseable, with the service's code;
 * 3. authenticates (src/api/auth.ts: `--auth off` accepts anything) and puts the request in its
 *    project: the path's `project_id`, else `X-Project-Id`, else the credential's, else `default`;
 * 4. validates query and body against the route's JSON Schemas: the service's validation code
 *    (`BackupService.9900`, `IMG.0001`, `Ecs.0005`, `EVS.1008`) naming the field;
 * 5. runs the handler; a refusal of the simulation is translated by the service's table (§6),
 *    anything unexpected is a 500 in the service's shape, never a crash;
 * 6. journals the request in its project (`request` records, when the project keeps them).
 *
 * An operation the SDK defines but cbr-sim does not serve answers 501 naming it; any other path
 * answers the gateway's 404 `APIGW.0101`.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SimulationError } from '../sim/errors.js';
import type { RequestRecord } from '../sim/journal.js';
import { shapeProblem, type ShapeLimits } from '../server/shape.js';
import { MAX_MESSAGE_BYTES } from '../server/limits.js';
import { ApiError, errorBody, VALIDATION_CODES } from './errors.js';
import { pollRead } from './poll.js';
import { DEFAULT_PROJECT, type Project, type Projects } from './projects.js';
import { JsonText, type ApiReply, type ApiRequest, type Route, type Service, type ServiceTable, type Unserved } from './route.js';

/** A service body: a create request nests four or five levels; bounded before any schema walks it. */
export const API_BODY_SHAPE: ShapeLimits = { depth: 12, nodes: 5_000, string: 4_096, key: 128 };

/**
 * Who is calling (src/api/auth.ts). `check` throws an ApiError (401, 403) for a request it
 * refuses; it returns the projects the credential may use (null: any) and the project the
 * credential names when the path names none (a token's, for openstacksdk's Glance calls).
 */
export interface Authenticator {
  check(req: IncomingMessage, rawBody: Buffer, pathProject: string | null): { projects: readonly string[] | null; project: string | null };
}

/** `--auth off`: any AK/SK, any token, no credential at all (like LocalStack). */
export const AUTH_OFF: Authenticator = { check: () => ({ projects: null, project: null }) };

/** What the router tells of each request: its project's `request` journal record, as it is written. */
export type RequestEntry = Omit<RequestRecord, 'type' | 'seq' | 'at' | 'resourceId'>;

export interface ApiOptions {
  projects: Projects;
  tables: readonly ServiceTable[];
  auth?: Authenticator;
  /** Called once per answered request (the project's `request` journal record). */
  onRequest?: (project: Project, entry: RequestEntry) => void;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
  body: ValidateFunction | null;
  query: ValidateFunction | null;
}

const ajv = new Ajv({ allErrors: false, strict: false });

/** `/v3/{project_id}/backups/{backup_id}` → a RegExp matching one path segment per parameter. */
export function compilePath(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path.split(/(\{[a-z_]+\})/).map((part) => {
    const m = /^\{([a-z_]+)\}$/.exec(part);
    if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(m[1]!);
    return '([^/]+)';
  }).join('');
  // A trailing slash is the same path (openstacksdk sends `/v2/images/` style bases).
  return { pattern: new RegExp(`^${source}/?$`), names };
}

/** The first thing wrong with a value per its schema, in the words a client reads: names the field. */
export function schemaProblem(errors: readonly ErrorObject[] | null | undefined, root: string): string {
  const e = errors?.[0];
  if (!e) return `${root} is not valid`;
  const at = e.instancePath === '' ? root : `${root} field ${e.instancePath.slice(1).replace(/\//g, '.')}`;
  switch (e.keyword) {
    case 'required': return `${at === root ? root : at} lacks the mandatory field ${JSON.stringify((e.params as { missingProperty: string }).missingProperty)}`;
    case 'additionalProperties': return `${at} has the unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`;
    case 'enum': return `${at} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
    default: return `${at} ${e.message ?? 'is not valid'}`;
  }
}

function requestId(): string {
  return randomBytes(16).toString('hex');
}

/** Whether a content type is one the route takes: JSON always, or one of its own. */
function acceptedType(req: Request, route: Route | null): boolean {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (route?.contentTypes ?? []).includes(type);
}

function firstString(v: string | string[] | undefined): string | null {
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : v;
}

/** The router of one service, mounted at `/<service>`. */
export function serviceRouter(table: ServiceTable, o: ApiOptions): Router {
  const service = table.service;
  const auth = o.auth ?? AUTH_OFF;
  const compiled: CompiledRoute[] = table.routes.map((route) => ({
    route,
    ...compilePath(route.path),
    body: route.body ? ajv.compile(route.body) : null,
    query: route.query ? ajv.compile(route.query) : null,
  }));
  const unserved = table.unserved.map((u) => ({ u, ...compilePath(u.path) }));
  const router = express.Router();

  router.use((req, res, next) => {
    res.setHeader('X-Request-Id', requestId());
    next();
  });
  // The style of error body the route of a request answers in (OpenStack's for Nova/Cinder paths),
  // for the refusals made before the route's handler runs.
  const styleOf = (req: Request): 'openstack' | undefined => {
    const match = findRoute(compiled, req.method, req.path);
    return match && unservedFor(unserved, req.method, req.path, match.c).length === 0 ? match.c.route.errorStyle : undefined;
  };
  // A body that says it is too large is refused at once, and its connection closed: the body
  // parser would first read (and drop) every byte its Content-Length declares, 10^12 if it says so.
  router.use((req, res, next) => {
    if (!(Number(req.headers['content-length'] ?? 0) > MAX_MESSAGE_BYTES)) return next();
    res.setHeader('Connection', 'close');
    const e = new ApiError(413, VALIDATION_CODES[service], `The body is larger than ${MAX_MESSAGE_BYTES} bytes; send less at once.`);
    res.status(413).json(errorBody(service, e, styleOf(req)));
  });
  // Compressed bodies are refused (415), not inflated; the raw bytes are kept for the signature.
  router.use(express.raw({ type: () => true, limit: MAX_MESSAGE_BYTES, inflate: false }));

  router.use(async (req: Request, res: Response) => {
    const path = req.path;
    const found = findRoute(compiled, req.method, path);
    // An operation not served whose path is more literal than the route matched (`…/cloudservers/tags`
    // beside `…/cloudservers/{server_id}`) answers its 501, not the route's.
    const missing = unservedFor(unserved, req.method, path, found?.c ?? null);
    const match = missing.length > 0 ? null : found;
    let project: Project | null = null;
    // The project a request refused before it was put in one (a credential refused) is journaled in, when it exists.
    let named: string | null = null;
    let code: string | null = null;
    let status = 500;
    const send = (reply: ApiReply): void => {
      status = reply.status;
      for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
      if (reply.body === undefined) res.status(reply.status).end();
      else if (reply.body instanceof JsonText) res.status(reply.status).type('application/json').send(reply.body.text);
      else res.status(reply.status).json(reply.body);
    };
    const refuse = (error: ApiError, style?: 'openstack'): void => {
      code = error.code;
      status = error.status;
      res.status(error.status).json(errorBody(service, error, style, String(res.getHeader('X-Request-Id') ?? '')));
    };
    const style = match?.c.route.errorStyle;
    try {
      if (!match) {
        if (missing.length > 0) throw notServed(service, missing);
        throw new ApiError(404, 'APIGW.0101', `The API does not exist or has not been published in the environment: ${req.method} /${service}${path.slice(0, 200)}. GET /api/coverage lists what cbr-sim serves.`);
      }
      const { c, values } = match;
      if (match.badParam !== null) throw new ApiError(400, VALIDATION_CODES[service], `The path parameter ${match.badParam} is not a valid %-escaped value; send the id as the API gave it.`);
      const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const pathProject = values.project_id ?? null;
      named = pathProject ?? firstString(req.headers['x-project-id']);
      const who = auth.check(req, raw, pathProject);
      const projectId = pathProject ?? firstString(req.headers['x-project-id']) ?? who.project ?? DEFAULT_PROJECT;
      if (who.projects !== null && !who.projects.includes(projectId)) {
        throw new ApiError(403, 'APIGW.0302', `The credential may not act in project ${JSON.stringify(projectId)}; it is bound to ${who.projects.map((p) => JSON.stringify(p)).join(', ')}. Sign with a key of that project.`);
      }
      project = o.projects.get(projectId);
      const body = parseBody(req, raw, c.route, service);
      const query = req.query as Record<string, string | string[]>;
      if (c.query && !c.query(query)) throw new ApiError(400, VALIDATION_CODES[service], `The query is not valid: ${schemaProblem(c.query.errors, 'the query')}.`);
      // No body is checked as `{}` (its required fields are missing); a JSON `null` is a body of the wrong type.
      if (c.body && !c.body(body === undefined ? {} : body)) throw new ApiError(400, VALIDATION_CODES[service], `The body is not valid: ${schemaProblem(c.body.errors, 'the body')}.`);
      const bound: Project = project;
      const apiReq: ApiRequest = {
        project: bound, params: values, query, body, headers: req.headers,
        perform: (verb, ...args) => bound.session.perform(verb, args),
        poll: (read, records) => pollRead(bound, read, records),
      };
      send(await c.route.handle(apiReq));
    } catch (error) {
      if (error instanceof ApiError) refuse(error, style);
      else if (error instanceof SimulationError && match) refuse(table.translate(error, match.c.route), style);
      else refuse(new ApiError(500, 'Sim.InternalError', `cbr-sim could not answer: ${String((error as Error)?.message ?? error).slice(0, 300)}`), style);
    }
    if (!project && named !== null && o.projects.has(named)) project = o.projects.get(named);
    if (project && o.onRequest) {
      try {
        o.onRequest(project, { service, operation: match?.c.route.operation ?? null, method: req.method, path: `/${service}${path}`.slice(0, 300), status, code, project: project.id });
      } catch {
        // Journaling a request never fails the answer already sent.
      }
    }
  });

  // The body parser's refusals (too large, aborted, a bad length): the service's own shape.
  router.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return void res.end();
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    const message = error.type === 'entity.too.large'
      ? `The body is larger than ${MAX_MESSAGE_BYTES} bytes; send less at once.`
      : error.type === 'encoding.unsupported'
        ? 'The body\'s Content-Encoding is not supported; send it uncompressed (identity).'
        : `The request could not be read: ${String(error.message).slice(0, 200)}`;
    const e = new ApiError(status, status === 500 ? 'Sim.InternalError' : VALIDATION_CODES[service], message);
    res.status(status).json(errorBody(service, e, styleOf(req)));
  });
  return router;
}

/**
 * The route a request takes: of the routes whose method and pattern match, the most literal one
 * (fewest parameters), so `…/cloudservers/detail` wins over `…/cloudservers/{server_id}` whatever
 * the table's order. A parameter that is no valid %-escape is named in `badParam`.
 */
function findRoute(compiled: readonly CompiledRoute[], method: string, path: string): { c: CompiledRoute; values: Record<string, string>; badParam: string | null } | null {
  let best: { c: CompiledRoute; m: RegExpExecArray } | null = null;
  for (const c of compiled) {
    if (c.route.method !== method) continue;
    const m = c.pattern.exec(path);
    if (m && (!best || c.names.length < best.c.names.length)) best = { c, m };
  }
  if (!best) return null;
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  let badParam: string | null = null;
  best.c.names.forEach((name, i) => {
    try {
      values[name] = decodeURIComponent(best!.m[i + 1]!);
    } catch {
      badParam ??= name;
      values[name] = '';
    }
  });
  return { c: best.c, values, badParam };
}

/** The operations not served that a request names: those more literal than the route it matched. */
function unservedFor(unserved: readonly { u: Unserved; pattern: RegExp; names: string[] }[], method: string, path: string, served: CompiledRoute | null): Unserved[] {
  const hits = unserved.filter((x) => x.u.method === method && x.pattern.test(path) && (!served || x.names.length < served.names.length));
  if (hits.length === 0) return [];
  const fewest = Math.min(...hits.map((x) => x.names.length));
  return hits.filter((x) => x.names.length === fewest).map((x) => x.u);
}

function notServed(service: Service, us: readonly Unserved[]): ApiError {
  const named = us.map((u) => u.operation).join(' or ');
  return new ApiError(501, 'Sim.NotImplemented', `cbr-sim does not serve ${named} (${us[0]!.method} /${service}${us[0]!.path}) yet; GET /api/coverage lists the operations it serves.`);
}

/** The body as JSON, or undefined for none; refused with the service's code when it is not JSON. */
function parseBody(req: Request, raw: Buffer, route: Route, service: Service): unknown {
  if (raw.length === 0) return undefined;
  if (!acceptedType(req, route)) {
    throw new ApiError(415, VALIDATION_CODES[service], `The body is ${JSON.stringify(String(req.headers['content-type'] ?? 'of no type').slice(0, 100))}; send JSON with Content-Type: application/json${route.contentTypes?.length ? ` or ${route.contentTypes.join(', ')}` : ''}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new ApiError(400, VALIDATION_CODES[service], `The body is not valid JSON: ${String((error as Error).message).slice(0, 200)}.`);
  }
  const problem = shapeProblem(value, API_BODY_SHAPE, 'the body');
  if (problem) throw new ApiError(400, VALIDATION_CODES[service], `The body is not valid: ${problem}.`);
  return value;
}

/** Every service's router under its prefix. */
export function apiRouter(o: ApiOptions): Router {
  const router = express.Router();
  for (const table of o.tables) router.use(`/${table.service}`, serviceRouter(table, o));
  return router;
}
