/**
 * The inspector's HTTP face: a thin layer over the session. Every body is size-limited and
 * validated; every error answers `{ code, message, details }` with the status of `httpStatusOf`;
 * nothing from a request reaches the file system; only 'self' may load anything.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SimulationError } from '../sim/errors.js';
import { MACHINES } from '../sim/world.js';
import { toMermaid, toStatechartGraph, toSvg } from '../diagram/index.js';
import { activeStateIds } from '../docs/walkthrough.js';
import { ScenarioError } from '../scenario/validate.js';
import { parseScenario } from '../scenario/load.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { RULES } from '../rules/catalogue.js';
import { httpStatusOf } from './http-status.js';
import type { Session } from './session.js';
import { rowActions, type RowAction } from './actions.js';
import { resourceDetail } from './resource-detail.js';
import { NO_TRANSITIONS, transitionVerdicts, type TransitionVerdicts } from './chart-state.js';
import { wireProblem, type WireName } from './wire.js';
import { BODY_LIMIT, JOURNAL_PAGE_BYTES, MAX_MESSAGE_BYTES } from './limits.js';
import { limitQueuedBytes } from './backpressure.js';
import { pendingTimers } from '../sim/save.js';
import type { ResourceKind } from '../sim/records.js';
import { consoleView } from './console-view.js';
import { timerWords } from './timer-words.js';
import { coverage } from '../api/coverage.js';
import { noOptionsAnswer, projectDispatch, projectRoutes } from './projects-routes.js';
import type { Projects } from '../api/projects.js';


export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
/** The page's files: `public/` at the package root, found from here whether run built or from source. */
function publicDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'public');
}
const PUBLIC = publicDir();
const RULES_BODY = JSON.stringify(RULES);
const COVERAGE_BODY = JSON.stringify(coverage());

/** body-parser's errors (its `type`), each a client's mistake with its status and our code. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: (e: Error) => string }> = Object.assign(Object.create(null), {
  'entity.too.large': { status: 413, code: 'Sim.BodyTooLarge', message: () => `The body is larger than ${BODY_LIMIT}; send less at once.` },
  'entity.parse.failed': { status: 400, code: 'Sim.InvalidJson', message: (e: Error) => `The body is not valid JSON: ${e.message.slice(0, 200)}` },
  'encoding.unsupported': { status: 415, code: 'Sim.UnsupportedMediaType', message: () => 'The body\'s Content-Encoding is not supported; send it uncompressed (identity).' },
  'charset.unsupported': { status: 415, code: 'Sim.UnsupportedMediaType', message: () => 'The body\'s charset is not supported; send UTF-8 JSON (Content-Type: application/json).' },
  'request.aborted': { status: 400, code: 'Sim.BadRequest', message: () => 'The request was aborted before its body ended.' },
  'request.size.invalid': { status: 400, code: 'Sim.BadRequest', message: () => 'The body is shorter or longer than its Content-Length says.' },
  'parameters.too.many': { status: 413, code: 'Sim.BodyTooLarge', message: () => 'The body has too many parameters.' },
});

/** The longest id a resource has, with room to spare (`kind-` and 12 hex digits; `POST /api/actions` allows 64). */
const RESOURCE_ID_MAX = 64;

/** `?seq=` of a time travel, a journal record's number; otherwise a 400 is sent and null returned. */
function travelSeq(req: Request, res: Response): number | null {
  const seq = Number(req.query.seq);
  if (typeof req.query.seq === 'string' && Number.isSafeInteger(seq) && seq >= 1) return seq;
  fail(res, 400, 'Sim.InvalidArgument', 'seq must be the number of a journal record (?seq=N, N ≥ 1).');
  return null;
}

function fail(res: Response, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  res.status(status).json({ code, message, details });
}

/** The request's body, when it fits its wire schema; otherwise a 400 is sent and null returned. */
function bodyOf<T>(req: Request, res: Response, wire: WireName): T | null {
  const problem = wireProblem(wire, req.body);
  if (problem === null) return req.body as T;
  fail(res, 400, 'Sim.InvalidArgument', problem);
  return null;
}

/**
 * `o.api`: the services' wire (src/api/router.ts), mounted under `/cbr`, `/ims`, `/ecs` and `/evs`
 * before the inspector's own body handling: it reads bodies as bytes (the signature hashes them)
 * and answers in each service's shapes.
 *
 * `o.projects`: the inspector shows one project at a time, the one its requests name with
 * `?project=` (the default one, whose session is `session`, when they name none), and serves
 * `/api/projects` (src/server/projects-routes.ts). Without it, the inspector shows `session` alone.
 */
export function createApp(session: Session, access?: express.RequestHandler, o: { api?: express.RequestHandler; projects?: Projects } = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // No entity tags hashed from every answer's body (a SHA-1 of a megabyte-sized state per
  // request): the state route names its own, from what it was made of.
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    next();
  });
  // Who may talk to the server (Host and Origin, src/server/access.ts), before any body is read.
  if (access) app.use(access);
  // A client that does not read its answers is not answered more (bytes queued, pipelined requests).
  app.use(limitQueuedBytes());
  if (o.api) app.use(o.api);
  // A body must be JSON: anything else would reach the routes as no body at all.
  app.use((req, res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is('application/json')) return fail(res, 415, 'Sim.UnsupportedMediaType', `The body is ${JSON.stringify(String(req.headers['content-type'] ?? 'of no type').slice(0, 100))}; send JSON with Content-Type: application/json.`);
    next();
  });
  // A body that says it is too large is refused at once, and its connection closed: body-parser
  // would first read (and drop) every byte its Content-Length declares, 10^12 if it says so.
  app.use((req, res, next) => {
    if (!(Number(req.headers['content-length'] ?? 0) > MAX_MESSAGE_BYTES)) return next();
    res.setHeader('Connection', 'close');
    fail(res, 413, 'Sim.BodyTooLarge', BODY_ERRORS['entity.too.large']!.message(new Error()));
  });
  // Compressed bodies are refused (415), not inflated: a small gzip body can inflate to gigabytes.
  app.use(express.json({ limit: BODY_LIMIT, inflate: false }));

  // The inspector's own routes, of the project the page shows (`?project=`, the default one when
  // none is named: src/server/projects-routes.ts), or of the one session it was made for.
  if (o.projects) {
    app.use(projectRoutes(o.projects));
    app.use(projectDispatch(o.projects, inspectorRoutes));
  } else {
    app.use(inspectorRoutes(session));
  }

  app.use(express.static(PUBLIC, { index: 'index.html', fallthrough: true }));
  app.use('/api', (req, res) => fail(res, 404, 'Sim.NotFound', `No route ${req.method} /api${req.path}.`));
  // Any other path is a file public/ does not have: the same JSON 404, not express's HTML page.
  app.use((req, res) => fail(res, 404, 'Sim.NotFound', `No file ${JSON.stringify(req.path.slice(0, 200))} is served here; the inspector is at /.`));

  // Malformed JSON, oversized bodies and anything unexpected: a clear error, never a crash. A
  // client's mistake is a 4xx with a code naming it; only the server's own failure is a 500.
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return void res.end();
    const client = BODY_ERRORS[error.type ?? ''];
    if (client) return fail(res, client.status, client.code, client.message(error));
    if (error instanceof ScenarioError) return fail(res, 400, 'Sim.InvalidArgument', error.message);
    if (error instanceof SimulationError) return fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    if (error.status && error.status >= 400 && error.status < 500) return fail(res, error.status, 'Sim.BadRequest', `The request could not be read: ${error.message}`);
    fail(res, 500, 'Sim.InternalError', `The server could not answer: ${String(error.message).slice(0, 500)}`);
  });
  return app;
}

/** The inspector's `/api` routes over one session: one set per project the page can show. */
export function inspectorRoutes(session: Session): express.Router {
  const routes = express.Router();
  routes.use(noOptionsAnswer);
  routes.get('/api/state', (req, res) => {
    const { body, etag } = session.stateBody();
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) return void res.status(304).end();
    res.type('application/json').send(body);
  });

  routes.post('/api/commands', async (req, res) => {
    const body = bodyOf<{ verb: string; args?: unknown[] }>(req, res, 'command');
    if (!body) return;
    try {
      const result = await session.perform(body.verb, body.args ?? []);
      res.json({ result: result ?? null });
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
  });

  // Pauses the play, advance or scenario step that is running: { paused } says whether one was.
  routes.post('/api/pause', (_req, res) => {
    res.json({ paused: session.pause() });
  });

  // Plays the clock on the server at { speed } until paused: { playing: { speed, from } }.
  routes.post('/api/play', (req, res) => {
    const body = bodyOf<{ speed: number }>(req, res, 'play');
    if (!body) return;
    try {
      res.json({ playing: session.play(body.speed) });
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
  });

  routes.get('/api/resources/:id', (req, res) => {
    const sim = session.simulation;
    let record;
    try {
      record = sim.get(req.params.id);
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      return fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
    res.json(resourceDetail(sim, record));
  });

  // The console rows' actions, many at once (the rows a page shows): { ids } → { actions: { id: [...] } }.
  routes.post('/api/actions', (req, res) => {
    const body = bodyOf<{ ids: string[] }>(req, res, 'actions');
    if (!body) return;
    const { ids } = body;
    const sim = session.simulation;
    const actions: Record<string, RowAction[]> = {};
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const record = sim.world.find(id);
      if (record) actions[id] = rowActions(sim, record);
      else missing.push(id);
    }
    res.json({ seq: session.seq, actions, missing });
  });

  // The pending timers, soonest first: { now, total, timers: [{ at, resourceId, event, words }] },
  // `event` the chart's own (xstate.after.…), `words` what a trainer reads (src/server/timer-words.ts).
  routes.get('/api/timers', (req, res) => {
    const limit = Number(req.query.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(res, 400, 'Sim.InvalidArgument', 'limit must be a whole number from 1 to 1000.');
    const sim = session.simulation;
    const timers = pendingTimers(sim.world).sort((a, b) => a.deadline - b.deadline || a.seq - b.seq);
    res.json({
      now: new Date(sim.now()).toISOString(),
      total: timers.length,
      timers: timers.slice(0, limit).map((t) => ({ at: new Date(t.deadline).toISOString(), resourceId: t.owner, event: t.event.type, words: timerWords(sim.world, t.owner, t.event.type) })),
    });
  });

  routes.get('/api/journal', (req, res) => {
    const after = Number(req.query.after ?? 0);
    const limit = Number(req.query.limit ?? 1000);
    if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      return fail(res, 400, 'Sim.InvalidArgument', 'after must be a whole number ≥ 0 and limit a whole number from 1 to 10000.');
    }
    // Sent as the records' own JSON texts, at most JOURNAL_PAGE_BYTES a page: `more` says whether
    // to ask again with after = `last`.
    const page = session.journalTexts(after, limit, JOURNAL_PAGE_BYTES);
    res.type('application/json').send(`{"records":[${page.texts.join(',')}],"last":${page.last},"more":${page.more}}`);
  });

  routes.get('/api/diagram/:kind', (req, res) => {
    const kind = req.params.kind;
    // Own properties only: `constructor` or `__proto__` name no chart.
    if (!Object.hasOwn(MACHINES, kind)) return fail(res, 404, 'Sim.NotFound', `No statechart is called ${JSON.stringify(kind.slice(0, 64))}; the charts are ${Object.keys(MACHINES).join(', ')}.`);
    // view=console: the teaching view (src/server/console-view.ts); else the engineering chart.
    const view = req.query.view ?? 'engineering';
    if (view === 'console') {
      let svg: string;
      try {
        svg = consoleView(session, kind as ResourceKind, req.query);
      } catch (error) {
        if (!(error instanceof SimulationError)) throw error;
        return fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
      }
      return void res.type('image/svg+xml').send(svg);
    }
    if (view !== 'engineering') return fail(res, 400, 'Sim.InvalidArgument', 'view must be console (the console-level diagram) or engineering (the statechart, the default).');
    const machine = MACHINES[kind as keyof typeof MACHINES];
    let highlight: string[] = [];
    // The chart of one resource (an export) also colours what each transition would do now, with a legend.
    let verdicts: TransitionVerdicts | undefined;
    if (typeof req.query.resource === 'string') {
      const world = session.simulation.world;
      const entry = world.entries.get(req.query.resource);
      if (entry && entry.kind === kind) {
        const snapshot = entry.actor.getSnapshot();
        highlight = activeStateIds(machine, snapshot.value);
        verdicts = transitionVerdicts(machine, snapshot);
      } else if (!entry && world.find(req.query.resource)?.kind === kind) {
        // A tombstone: lit in the final state it ended in, when it keeps one; nothing is possible.
        const value = world.tombstoneValue(req.query.resource);
        if (value !== null) highlight = activeStateIds(machine, value);
        verdicts = NO_TRANSITIONS;
      }
    }
    const format = req.query.format ?? 'svg';
    if (format === 'mermaid') return void res.type('text/plain').send(`${toMermaid(toStatechartGraph(machine), { highlight })}\n`);
    if (format !== 'svg') return fail(res, 400, 'Sim.InvalidArgument', 'format must be svg or mermaid.');
    res.type('image/svg+xml').send(toSvg(toStatechartGraph(machine), { highlight, ...(verdicts ? { verdicts, legend: true } : {}) }));
  });

  routes.get('/api/travel', async (req, res) => {
    const seq = travelSeq(req, res);
    if (seq === null) return;
    try {
      res.json(await session.travel(seq));
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
  });

  // One resource of a travelled-to world, as GET /api/resources/:id answers it, read only.
  routes.get('/api/travel/resources/:id', async (req, res) => {
    const seq = travelSeq(req, res);
    if (seq === null) return;
    const id = req.params.id;
    if (id.length > RESOURCE_ID_MAX) return fail(res, 400, 'Sim.InvalidArgument', `id is ${id.length} characters long; a resource id has at most ${RESOURCE_ID_MAX} (GET /api/travel?seq=${seq} lists the ids there were).`);
    try {
      res.json(await session.travelResource(seq, id));
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
  });

  routes.post('/api/fork', async (req, res) => {
    const body = bodyOf<{ seq: number }>(req, res, 'fork');
    if (!body) return;
    try {
      await session.forkSliced(body.seq);
      res.json(session.state());
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
  });

  // The rule catalogue (src/rules/): the same for every world and every request, so its text is
  // made once. The page reads it once, for the rule chips' tooltips and dialogs.
  routes.get('/api/rules', (_req, res) => {
    res.type('application/json').send(RULES_BODY);
  });

  // What the services' wire serves (src/api/coverage.ts), from the route tables: the same for
  // every project and fixed while the server runs, so made once.
  routes.get('/api/coverage', (_req, res) => {
    res.type('application/json').send(COVERAGE_BODY);
  });

  routes.get('/api/scenarios', (_req, res) => {
    res.json(SCENARIOS.map((s) => ({ id: s.id, title: s.title, rules: s.rules, walkthrough: s.walkthrough === true })));
  });

  // A scenario of the library by id, or one uploaded as content (YAML or JSON, validated like
  // `cbr-sim run <file>`); never a path.
  routes.post('/api/scenario/load', (req, res) => {
    const body = bodyOf<{ id?: string; content?: string; format?: 'yaml' | 'json' }>(req, res, 'scenarioLoad');
    if (!body) return;
    let scenario;
    if (body.content !== undefined) {
      scenario = parseScenario(body.content, 'uploaded scenario', body.format ?? (body.content.trimStart().startsWith('{') ? 'json' : 'yaml'));
    } else {
      scenario = SCENARIOS.find((s) => s.id === body.id);
      if (!scenario) return fail(res, 404, 'Sim.NotFound', `No scenario has id ${JSON.stringify(body.id)}; GET /api/scenarios lists them, or send { content } to upload one.`);
    }
    try {
      session.load(scenario);
    } catch (error) {
      if (error instanceof SimulationError && error.code === 'Sim.Busy') return fail(res, 409, error.code, error.message, error.details);
      if (!(error instanceof SimulationError)) throw error;
      return fail(res, httpStatusOf(error.code), error.code, `The scenario's setup was refused: ${error.message}`, error.details);
    }
    res.json(session.state().scenario);
  });

  routes.post('/api/scenario/step', async (_req, res) => {
    let outcome;
    try {
      outcome = await session.stepScenarioSliced();
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      return fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
    if (!outcome) return fail(res, 400, 'Sim.InvalidState', 'The scenario has ended; load it again to replay it.');
    if ('paused' in outcome) return void res.json(outcome);
    const { records: _records, ...rest } = outcome;
    res.json(rest);
  });

  // The steps the player has run, told in console words (src/server/story.ts): the teaching view's narration.
  routes.get('/api/scenario/story', (_req, res) => {
    res.json({ world: session.world, scenario: session.scenario.id, steps: session.story() });
  });

  routes.post('/api/scenario/back', (_req, res) => {
    try {
      session.stepBack();
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      return fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
    res.json(session.state().scenario);
  });
  return routes;
}
