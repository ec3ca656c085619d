/**
 * How each service says no (rest-api.md §1.5): CBR `{error_code, error_msg}`, IMS and EVS
 * `{error: {code, message}}`, ECS the same with `details`, the OpenStack-compatible paths
 * `{itemNotFound | badRequest | …: {code, message}}`. The Node SDK reads `error.code ??
 * error_code` into `errorCode`, openstacksdk the `message` into `details`, so every body carries
 * the code and cbr-sim's "what to do next" sentence.
 */
import type { Service } from './route.js';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * A refusal of the API gateway in front of every service (rest-api.md §1.4: a credential it does
 * not accept): answered in the gateway's own body, `{error_msg, error_code, request_id}`, whatever
 * the service or the route's error style, as the real gateway answers before any service sees it.
 */
export class GatewayError extends ApiError {
  constructor(status: number, code: string, message: string) {
    super(status, code, message);
    this.name = 'GatewayError';
  }
}

/** The code each service answers a body or query that does not fit with (rest-api.md §6). */
export const VALIDATION_CODES: Record<Service, string> = {
  cbr: 'BackupService.9900', ims: 'IMG.0001', ecs: 'Ecs.0005', evs: 'EVS.1008',
};

/** OpenStack's fault names by status, as Nova and Cinder answer them. */
const OPENSTACK_FAULTS: Record<number, string> = {
  400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'itemNotFound', 409: 'conflictingRequest',
  413: 'overLimit', 415: 'badMediaType', 501: 'notImplemented',
};

export function errorBody(service: Service, error: ApiError, style?: 'openstack', requestId = ''): unknown {
  if (error instanceof GatewayError) return { error_msg: error.message, error_code: error.code, request_id: requestId };
  if (style === 'openstack') {
    // The code rides in the message too: openstacksdk exposes only the message (rest-api.md §1.5).
    return { [OPENSTACK_FAULTS[error.status] ?? 'computeFault']: { code: error.status, message: `${error.code}: ${error.message}` } };
  }
  switch (service) {
    case 'cbr': return { error_code: error.code, error_msg: error.message };
    case 'ecs': return { error: { code: error.code, message: error.message, details: [{ code: error.code, message: error.message }] } };
    case 'ims':
    case 'evs': return { error: { code: error.code, message: error.message } };
  }
}
