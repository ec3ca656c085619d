/**
 * The inspector's projects (issue 14 §2 "Projects", "Time"): each project is a simulation of its
 * own (src/api/projects.ts), and the page shows one at a time, the one each of its requests names
 * with `?project=` (`/?project=trainee-1` opens the page on it; no `?project=` is the default
 * project, so every URL of before works unchanged). The inspector's routes (src/server/app.ts
 * `inspectorRoutes`) are made once per project, the first time a request names it.
 *
 * Decision: a project the page names that does not exist yet is made, as the service routes make
 * one: a trainer can open a trainee's page before the trainee's first call and watch it fill. A
 * typo makes a project too (it costs one of the server's MAX_PROJECTS; the picker lists it, so it
 * is seen); a malformed id and the 65th project are refused, so the bound holds.
 *
 * - `GET /api/projects`: `{ projects: [{ id, now, clock: { mode, speed }, resources, default }] }`,
 *   the default project first, then the others in the order they were made.
 * - `POST /api/projects/:id/reset`: the project's world back to its start (a scenario load).
 * - `POST /api/projects/:id/clock { mode?, speed?, advance? }`: its clock (src/api/clock.ts).
 */
import express, { type RequestHandler, type Response, type Router } from 'express';
import { SimulationError } from '../sim/errors.js';
import { isoTime } from '../sim/time.js';
import { ApiError } from '../api/errors.js';
import { setClock, type Clock, type ClockMode } from '../api/clock.js';
import { DEFAULT_PROJECT, type Project, type Projects } from '../api/projects.js';
import type { Duration } from '../sim/duration.js';
import type { Session } from './session.js';
import { httpStatusOf } from './http-status.js';
import { wireProblem } from './wire.js';

/**
 * A router answers an OPTIONS request its routes' paths match by itself (200, `Allow: …`); the
 * inspector has no OPTIONS route (no CORS), so such a request goes on to the app's JSON 404.
 */
export const noOptionsAnswer: RequestHandler = (req, _res, next) => next(req.method === 'OPTIONS' ? 'router' : undefined);

function fail(res: Response, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  res.status(status).json({ code, message, details });
}

/**
 * The project a request's `project` parameter names (made on first use), the default one when it
 * names none; an ApiError (400 `Sim.InvalidProject`, 403 `Sim.ProjectLimit`) otherwise.
 */
export function projectNamed(projects: Projects, value: unknown): Project {
  if (value === undefined) return projects.default;
  if (typeof value !== 'string') {
    throw new ApiError(400, 'Sim.InvalidProject', 'Name one project: ?project=<id> once (GET /api/projects lists them).');
  }
  return projects.open(value);
}

/** `?project=` of a WebSocket's URL, as express would parse it: absent, one id, or several. */
export function projectParam(url: URL): string | string[] | undefined {
  const all = url.searchParams.getAll('project');
  return all.length === 0 ? undefined : all.length === 1 ? all[0] : all;
}

/** A project as `GET /api/projects` lists it. */
export function projectSummary(project: Project): { id: string; now: string; clock: Clock; resources: number; default: boolean } {
  const sim = project.session.simulation;
  return {
    id: project.id,
    now: isoTime(sim.now()),
    clock: { ...project.clock },
    // What the console shows as rows: the resources alive (a deleted one is a tombstone).
    resources: sim.world.entries.size,
    default: project.id === DEFAULT_PROJECT,
  };
}

/** The inspector's `/api` requests, each answered by the routes of the project it names. */
export function projectDispatch(projects: Projects, routesOf: (session: Session) => Router): RequestHandler {
  const routers = new WeakMap<Session, Router>();
  return (req, res, next) => {
    // The page itself and its files are the same for every project: only `/api` reads a world.
    if (!req.path.startsWith('/api/')) return next();
    let project: Project;
    try {
      project = projectNamed(projects, req.query.project);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return fail(res, error.status, error.code, error.message);
    }
    let routes = routers.get(project.session);
    if (!routes) {
      routes = routesOf(project.session);
      routers.set(project.session, routes);
    }
    routes(req, res, next);
  };
}

/** `/api/projects` and what it lists' routes do: the same whichever project the page shows. */
export function projectRoutes(projects: Projects): Router {
  const routes = express.Router();
  routes.use(noOptionsAnswer);
  const named = (res: Response, id: string): Project | null => {
    const project = projects.find(id);
    if (project) return project;
    fail(res, 404, 'Sim.NotFound', `No project is called ${JSON.stringify(id.slice(0, 80))}; GET /api/projects lists them (a project is made by the first service request, or inspector page, that names it).`);
    return null;
  };
  const busy = (res: Response, project: Project, what: string): boolean => {
    const running = project.session.busy;
    if (running === null) return false;
    fail(res, 409, 'Sim.Busy', `${what} must wait: ${running === 'step' ? 'a scenario step' : 'an advance'} runs in project ${project.id}; wait until it ends, or pause it (POST /api/pause?project=${encodeURIComponent(project.id)}).`, { running });
    return true;
  };

  routes.get('/api/projects', (_req, res) => {
    res.json({ projects: projects.list().map(projectSummary) });
  });

  routes.post('/api/projects/:id/reset', (req, res) => {
    const project = named(res, req.params.id);
    if (!project) return;
    try {
      projects.reset(project);
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      return fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
    res.json(projectSummary(project));
  });

  routes.post('/api/projects/:id/clock', async (req, res) => {
    const project = named(res, req.params.id);
    if (!project) return;
    // No body at all asks for the clock as it is.
    const body = (req.body ?? {}) as { mode?: ClockMode; speed?: number; advance?: Duration };
    const problem = wireProblem('projectClock', body);
    if (problem) return fail(res, 400, 'Sim.InvalidArgument', problem);
    const changes = body.mode !== undefined || body.speed !== undefined || body.advance !== undefined;
    if (changes && busy(res, project, `The clock of project ${project.id}`)) return;
    try {
      // The advance first: refused (the end of time), it leaves the mode as it was.
      if (body.advance !== undefined) await project.session.perform('advance', [body.advance]);
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      return fail(res, httpStatusOf(error.code), error.code, error.message, error.details);
    }
    setClock(project, body);
    res.json({ id: project.id, now: isoTime(project.session.simulation.now()), clock: { ...project.clock } });
  });

  return routes;
}
