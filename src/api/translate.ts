/**
 * The "exceptions" layer (rest-api.md §6): a refusal of the simulation, as a service answers it.
 * Each service's table lists the codes it answers differently; every other code is kept with the
 * HTTP status the service documents for it (src/server/http-status.ts: CBR 6207–6214 are 500, the
 * rest 400), so a refusal reaches the SDK's `errorCode` as the charts refuse it.
 */
import { httpStatusOf } from '../server/http-status.js';
import type { SimulationError } from '../sim/errors.js';
import { ApiError } from './errors.js';
import type { Route } from './route.js';

/** A code as the service answers it: another code (status 400 unless given), or a function of the error. */
export type CodeRule = string | { status: number; code: string } | ((error: SimulationError, route: Route) => ApiError | null);

/** The refusal with its own code and message, at the status its code has. */
export function keepCode(error: SimulationError): ApiError {
  return new ApiError(httpStatusOf(error.code), error.code, error.message);
}

/**
 * A service's translation: `rules[code]` (or `rules['<code>:<rule>']` for a `Sim.InvalidArgument`
 * whose details name a rule, e.g. `Sim.InvalidArgument:C7`) decides; `notFound(route)` answers a
 * `Sim.NotFound` / `Sim.AlreadyDeleted` with the service's not-found code for that route.
 */
export function translator(rules: Readonly<Record<string, CodeRule>>, notFound: (route: Route, error: SimulationError) => ApiError) {
  return (error: SimulationError, route: Route): ApiError => {
    if (error.code === 'Sim.NotFound' || error.code === 'Sim.AlreadyDeleted') return notFound(route, error);
    const rule = typeof error.details?.rule === 'string' ? error.details.rule : null;
    const found = (rule ? rules[`${error.code}:${rule}`] : undefined) ?? rules[error.code];
    if (found === undefined) return keepCode(error);
    if (typeof found === 'string') return new ApiError(400, found, error.message);
    if (typeof found === 'function') return found(error, route) ?? keepCode(error);
    return new ApiError(found.status, found.code, error.message);
  };
}
