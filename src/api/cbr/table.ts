/**
 * CBR's route table: one line per operation cbr-sim serves (method, path, schemas, handler), and
 * the operations the SDK defines beyond them (answered 501). The handlers are thin: they read
 * records and run library verbs through the project's session, and render the service's bodies.
 */
import { ApiError } from '../errors.js';
import { translator } from '../translate.js';
import type { Route, ServiceTable, Unserved } from '../route.js';

export const cbrRoutes: Route[] = [];

export const cbrUnserved: Unserved[] = [];

export const cbrTable: ServiceTable = {
  service: 'cbr',
  routes: cbrRoutes,
  unserved: cbrUnserved,
  translate: translator({}, (_route, e) => new ApiError(404, 'BackupService.6200', e.message)),
};
