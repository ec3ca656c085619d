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

/** The default project's id: the world `cbr-sim serve` starts with and the inspector shows first. */
export const DEFAULT_PROJECT = 'default';
/** How many projects one server keeps. */
export const MAX_PROJECTS = 64;
/**
 * What a project id may be: the unreserved characters of a URI path segment (rest-api.md §1.3),
 * but not `.` or `..`, which a URL client resolves away (no SDK could name such a project).
 */
export const PROJECT_ID = /^(?!\.{1,2}$)[A-Za-z0-9_.~-]{1,64}$/;

/** How a project's virtual clock moves (README "Time"): see src/api/poll.ts. */
export type ClockMode = 'on-poll' | 'manual' | 'wall';
export const CLOCK_MODES: readonly ClockMode[] = ['on-poll', 'manual', 'wall'];

export interface Project {
  readonly id: string;
  readonly session: Session;
  clock: { mode: ClockMode; speed: number };
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
    this.byId.set(DEFAULT_PROJECT, { id: DEFAULT_PROJECT, session: defaultSession, clock: { ...defaultClock } });
  }

  get default(): Project {
    return this.byId.get(DEFAULT_PROJECT)!;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The project, created on first use; a malformed id or one past the limit is refused. */
  get(id: string): Project {
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
    return project;
  }

  list(): Project[] {
    return [...this.byId.values()];
  }
}
