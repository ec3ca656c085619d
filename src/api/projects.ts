/**
 * Projects: the `project_id` of a service path (IMS: `X-Project-Id`) selects one, and each is a
 * simulation of its own (ids, clock, quotas, journal) in a session of its own, created on first
 * use. The default project is the one `npm start` shows (the scenario it was started with); every
 * other starts empty, on realistic timings, so a backup is Creating for minutes as in the cloud.
 * A classroom gets one project per trainee for free.
 *
 * Projects are bounded (MAX_PROJECTS): a client inventing ids cannot grow the server without end.
 */
import { Session } from '../server/session.js';
import type { Scenario } from '../scenario/types.js';
import { ApiError } from './errors.js';
import { keepWallClock, type Clock, type ClockMode } from './clock.js';

export { CLOCK_MODES, type Clock, type ClockMode } from './clock.js';

/** The default project's id: the world `cbr-sim serve` starts with and the inspector shows first. */
export const DEFAULT_PROJECT = 'default';
/** How many projects one server keeps. */
export const MAX_PROJECTS = 64;
/**
 * What a project id may be: the unreserved characters of a URI path segment (rest-api.md §1.3),
 * but not `.` or `..`, which a URL client resolves away (no SDK could name such a project).
 */
export const PROJECT_ID = /^(?!\.{1,2}$)[A-Za-z0-9_.~-]{1,64}$/;

export interface Project {
  readonly id: string;
  readonly session: Session;
  /** How its virtual clock moves (src/api/clock.ts). */
  clock: Clock;
}

/** The scenario a new project starts from: nothing in it, realistic timings. */
export function emptyProjectScenario(id: string): Scenario {
  return {
    id: `project-${id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`,
    title: `Project ${id}`,
    narrative: `The project ${id}, as the service API made it: every resource in it came through the API or the inspector.`,
    // What clients poll (S1–S3) is what a project of the API is about.
    rules: ['S1', 'S2', 'S3'],
    setup: { profile: 'realistic' },
    steps: [{ say: `Project ${id} starts empty: what the service API (or the console here) creates in it appears as it is made.` }],
  };
}

export class Projects {
  private readonly byId = new Map<string, Project>();

  constructor(defaultSession: Session, readonly defaultClock: { mode: ClockMode; speed: number } = { mode: 'on-poll', speed: 1 }) {
    const project: Project = { id: DEFAULT_PROJECT, session: defaultSession, clock: { ...defaultClock } };
    this.byId.set(DEFAULT_PROJECT, project);
    keepWallClock(project);
  }

  get default(): Project {
    return this.byId.get(DEFAULT_PROJECT)!;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The project, or undefined when there is none of that id (nothing is made). */
  find(id: string): Project | undefined {
    return this.byId.get(id);
  }

  /**
   * The project a service request acts in, created on first use: a `wall` clock that a pause,
   * a reset or its bound ended runs again (src/api/clock.ts).
   */
  get(id: string): Project {
    const project = this.open(id);
    keepWallClock(project);
    return project;
  }

  /**
   * The project the inspector shows, created on first use like the service routes' (its clock
   * starts with it), but an inspector request leaves its clock as it is: a Pause in the
   * inspector holds a `wall` clock until the next service request.
   * A malformed id or one past the limit is refused.
   */
  open(id: string): Project {
    const known = this.byId.get(id);
    if (known) return known;
    if (!PROJECT_ID.test(id)) {
      throw new ApiError(400, 'Sim.InvalidProject', `The project id ${JSON.stringify(id.slice(0, 80))} is not one: use 1 to 64 letters, digits, '-', '_', '.' or '~', other than '.' and '..' (a project's id from the console, or any name of yours).`);
    }
    if (this.byId.size >= MAX_PROJECTS) {
      throw new ApiError(403, 'Sim.ProjectLimit', `This server keeps ${MAX_PROJECTS} projects and has them all; use one of them (GET /api/projects lists them) or restart the server.`);
    }
    const project: Project = { id, session: new Session(emptyProjectScenario(id)), clock: { ...this.defaultClock } };
    this.byId.set(id, project);
    keepWallClock(project);
    return project;
  }

  list(): Project[] {
    return [...this.byId.values()];
  }

  /**
   * The project's world back to its start, as a scenario load (a new world for every tab): the
   * default project reloads the scenario it has loaded (the one `serve` started with, unless the
   * inspector loaded another), any other becomes empty again. Refused with `Sim.Busy` while an
   * advance or a scenario step runs. A `wall` clock plays on from the new start.
   */
  reset(project: Project): void {
    const scenario = project.id === DEFAULT_PROJECT ? project.session.scenario : emptyProjectScenario(project.id);
    project.session.load(scenario, `project ${project.id} reset`);
    keepWallClock(project);
  }

  /** Ends every project's play and advance where it stands (the server stops): true when one ran. */
  pauseAll(): boolean {
    let paused = false;
    for (const p of this.byId.values()) paused = p.session.pause() || paused;
    return paused;
  }
}
