/**
 * CBR's "exceptions" layer (rest-api.md §6): the charts already refuse with `BackupService` codes,
 * which are kept (status per src/server/http-status.ts). A thing that is not there answers the
 * not-found code of its kind — 6200 backup, 6105 vault, 6000 policy, 6217 restore point, 6500
 * operation log — whatever route asked; a server or disk named in a body that is not there, and
 * every other bad argument, is CBR's validation code 9900. `Sim.*` codes with no real twin stay.
 */
import { ApiError } from '../errors.js';
import { translator } from '../translate.js';
import type { SimulationError } from '../../sim/errors.js';
import { INVALID, NOT_FOUND } from './common.js';

function notFoundOf(error: SimulationError): ApiError {
  const kind = error.details?.kind;
  // A disk backup of a server backup (R1) that is not there is a backup not found.
  const key = typeof error.details?.parentId === 'string' ? 'backup' : kind;
  if (typeof key === 'string' && key in NOT_FOUND) return new ApiError(404, NOT_FOUND[key as keyof typeof NOT_FOUND].code, error.message);
  return new ApiError(400, INVALID, error.message);
}

export const translateCbr = translator({ 'Sim.InvalidArgument': INVALID }, (_route, error) => notFoundOf(error));
