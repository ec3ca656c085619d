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
import { httpStatusOf } from './http-status.js';
import type { Session } from './session.js';
import { rowActions, type RowAction } from './actions.js';
import { eventVerdicts } from './chart-state.js';
import { wireProblem, type WireName } from './wire.js';
import { BODY_LIMIT } from './limits.js';
import { pendingTimers } from '../sim/save.js';


export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
/** The page's files: `public/` at the package root, found from here whether run built or from source. */
function publicDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'public');
}
const PUBLIC = publicDir();

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

export function createApp(session: Session): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(express.json({ limit: BODY_LIMIT }));

  app.get('/api/state', (_req, res) => {
    res.json(session.state());
  });

  app.post('/api/commands', (req, res) => {
    const body = bodyOf<{ verb: string; args?: unknown[] }>(req, res, 'command');
    if (!body) return;
    try {
      const result = session.command(body.verb, body.args ?? []);
      res.json({ result: result ?? null });
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
  });

  app.get('/api/resources/:id', (req, res) => {
    const sim = session.simulation;
    let record;
    try {
      record = sim.get(req.params.id);
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      return fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
    const entry = sim.world.entries.get(record.id);
    const snapshot = entry?.actor.getSnapshot();
    res.json({
      record,
      value: snapshot?.value ?? null,
      context: snapshot?.context ?? null,
      actions: rowActions(sim, record),
      events: entry && snapshot ? eventVerdicts(MACHINES[entry.kind], snapshot) : { enabled: [], refused: [] },
    });
  });

  // The console rows' actions, many at once (the rows a page shows): { ids } → { actions: { id: [...] } }.
  app.post('/api/actions', (req, res) => {
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

  // The pending timers, soonest first: { now, total, timers: [{ at, resourceId, event }] }.
  app.get('/api/timers', (req, res) => {
    const limit = Number(req.query.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(res, 400, 'Sim.InvalidArgument', 'limit must be a whole number from 1 to 1000.');
    const sim = session.simulation;
    const timers = pendingTimers(sim.world).sort((a, b) => a.deadline - b.deadline || a.seq - b.seq);
    res.json({
      now: new Date(sim.now()).toISOString(),
      total: timers.length,
      timers: timers.slice(0, limit).map((t) => ({ at: new Date(t.deadline).toISOString(), resourceId: t.owner, event: t.event.type })),
    });
  });

  app.get('/api/journal', (req, res) => {
    const after = Number(req.query.after ?? 0);
    const limit = Number(req.query.limit ?? 1000);
    if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      return fail(res, 400, 'Sim.InvalidArgument', 'after must be a whole number ≥ 0 and limit a whole number from 1 to 10000.');
    }
    res.json({ records: session.journal(after, limit) });
  });

  app.get('/api/diagram/:kind', (req, res) => {
    const kind = req.params.kind;
    if (!(kind in MACHINES)) return fail(res, 404, 'Sim.NotFound', `No statechart is called ${JSON.stringify(kind)}; the charts are ${Object.keys(MACHINES).join(', ')}.`);
    const machine = MACHINES[kind as keyof typeof MACHINES];
    let highlight: string[] = [];
    if (typeof req.query.resource === 'string') {
      const entry = session.simulation.world.entries.get(req.query.resource);
      if (entry && entry.kind === kind) highlight = activeStateIds(machine, entry.actor.getSnapshot().value);
    }
    const format = req.query.format ?? 'svg';
    if (format === 'mermaid') return void res.type('text/plain').send(`${toMermaid(toStatechartGraph(machine), { highlight })}\n`);
    if (format !== 'svg') return fail(res, 400, 'Sim.InvalidArgument', 'format must be svg or mermaid.');
    res.type('image/svg+xml').send(toSvg(toStatechartGraph(machine), { highlight }));
  });

  app.get('/api/travel', (req, res) => {
    const seq = Number(req.query.seq);
    if (!Number.isInteger(seq) || seq < 1) return fail(res, 400, 'Sim.InvalidArgument', 'seq must be the number of a journal record (≥ 1).');
    try {
      const past = session.worldAt(seq);
      const { scenario: _scenario, ...state } = session.state(past);
      res.json({ travelledTo: seq, readOnly: true, ...state });
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
  });

  app.post('/api/fork', (req, res) => {
    const body = bodyOf<{ seq: number }>(req, res, 'fork');
    if (!body) return;
    try {
      session.fork(body.seq);
      res.json(session.state());
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
  });

  app.get('/api/scenarios', (_req, res) => {
    res.json(SCENARIOS.map((s) => ({ id: s.id, title: s.title, rules: s.rules, walkthrough: s.walkthrough === true })));
  });

  // A scenario of the library by id, or one uploaded as content (YAML or JSON, validated like
  // `cbr-sim run <file>`); never a path.
  app.post('/api/scenario/load', (req, res) => {
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
      if (!(error instanceof SimulationError)) throw error;
      return fail(res, httpStatusOf(error.code), error.code, `The scenario's setup was refused: ${error.message}`, error.details);
    }
    res.json(session.state().scenario);
  });

  app.post('/api/scenario/step', (_req, res) => {
    const outcome = session.stepScenario();
    if (!outcome) return fail(res, 400, 'Sim.InvalidState', 'The scenario has ended; load it again to replay it.');
    const { records: _records, ...rest } = outcome;
    res.json(rest);
  });

  app.post('/api/scenario/back', (_req, res) => {
    try {
      session.stepBack();
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      return fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
    res.json(session.state().scenario);
  });

  app.use(express.static(PUBLIC, { index: 'index.html', fallthrough: true }));
  app.use('/api', (req, res) => fail(res, 404, 'Sim.NotFound', `No route ${req.method} /api${req.path}.`));

  // Malformed JSON, oversized bodies and anything unexpected: a clear error, never a crash.
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') return fail(res, 413, 'Sim.InvalidArgument', `The body is larger than ${BODY_LIMIT}.`);
    if (error.type === 'entity.parse.failed') return fail(res, 400, 'Sim.InvalidArgument', `The body is not valid JSON: ${error.message}`);
    if (error instanceof ScenarioError) return fail(res, 400, 'Sim.InvalidArgument', error.message);
    fail(res, error.status && error.status < 500 ? error.status : 500, 'Sim.InternalError', `The server could not answer: ${error.message}`);
  });
  return app;
}
