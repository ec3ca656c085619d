/**
 * The schemas of everything a client may send: request bodies and WebSocket messages. Each is
 * checked before anything else reads it; a message that does not fit gets an error naming the
 * first problem and what the message should be, and nothing is done.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ACTIONS_BATCH_MAX, MAX_MESSAGE_BYTES } from './limits.js';
import { ARGS_SHAPE, INSPECT_SHAPE, shapeProblem, type ShapeLimits } from './shape.js';

const ajv = new Ajv({ allErrors: false, strict: false });

interface Wire {
  schema: Record<string, unknown>;
  /** How deep and big the message may be, checked before the schema walks it. */
  shape: ShapeLimits;
  /** What a valid message looks like: the way out, said after the problem. */
  hint: string;
}

const WIRES = {
  command: {
    schema: {
      type: 'object',
      properties: { verb: { type: 'string', minLength: 1, maxLength: 64 }, args: { type: 'array', maxItems: 16 } },
      required: ['verb'],
      additionalProperties: false,
    },
    shape: ARGS_SHAPE,
    hint: 'the body is { verb, args }: verb one of the library verbs (createServer, backupServer, …), args an array of its arguments, for example ["bk-…"]',
  },
  actions: {
    schema: {
      type: 'object',
      properties: { ids: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: ACTIONS_BATCH_MAX } },
      required: ['ids'],
      additionalProperties: false,
    },
    shape: ARGS_SHAPE,
    hint: `the body is { ids }, an array of at most ${ACTIONS_BATCH_MAX} resource ids`,
  },
  play: {
    schema: { type: 'object', properties: { speed: { type: 'number', minimum: 1, maximum: 1_000_000 } }, required: ['speed'], additionalProperties: false },
    shape: ARGS_SHAPE,
    hint: 'the body is { speed }, a number from 1 to 1,000,000: simulated seconds per real second (3600 plays an hour a second)',
  },
  // POST /api/projects/:id/clock (src/api/clock.ts): a Duration is milliseconds or a number with a unit.
  projectClock: {
    schema: {
      type: 'object',
      properties: {
        mode: { enum: ['on-poll', 'manual', 'wall'] },
        speed: { type: 'number', minimum: 1, maximum: 1_000_000 },
        // `minimum` holds of numbers only, `pattern` of strings only.
        advance: { type: ['number', 'string'], minimum: 0, maximum: Number.MAX_SAFE_INTEGER, maxLength: 32, pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$' },
      },
      additionalProperties: false,
    },
    shape: ARGS_SHAPE,
    hint: 'the body is { mode?, speed?, advance? }: mode on-poll, manual or wall; speed a number from 1 to 1,000,000 (simulated seconds per real second of a wall clock); advance a duration such as "10m", "2h" or "10d" (or milliseconds) to move the clock by',
  },
  fork: {
    schema: { type: 'object', properties: { seq: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } }, required: ['seq'], additionalProperties: false },
    shape: ARGS_SHAPE,
    hint: 'the body is { seq }, the number of the journal record to resume from',
  },
  scenarioLoad: {
    schema: {
      type: 'object',
      properties: { id: { type: 'string', maxLength: 200 }, content: { type: 'string' }, format: { enum: ['yaml', 'json'] } },
      oneOf: [{ required: ['id'] }, { required: ['content'] }],
      additionalProperties: false,
    },
    shape: { ...ARGS_SHAPE, string: MAX_MESSAGE_BYTES },
    hint: 'the body is { id } (GET /api/scenarios lists them) or { content, format } with a scenario file\'s text, format yaml or json',
  },
  live: {
    schema: { type: 'object', properties: { type: { const: 'catchup' }, after: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } }, required: ['type', 'after'], additionalProperties: false },
    shape: ARGS_SHAPE,
    hint: 'send {"type":"catchup","after":<seq>} to catch up from the journal',
  },
  inspect: {
    schema: {
      type: 'object',
      properties: { type: { enum: ['@xstate.actor', '@xstate.event', '@xstate.snapshot'] }, sessionId: { type: 'string', minLength: 1 } },
      required: ['type', 'sessionId'],
    },
    shape: INSPECT_SHAPE,
    hint: 'expected a @statelyai/inspect event (@xstate.actor, @xstate.event, @xstate.snapshot) with a sessionId',
  },
} satisfies Record<string, Wire>;

export type WireName = keyof typeof WIRES;

const compiled = new Map<WireName, ValidateFunction>();

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'it does not fit the schema';
  if (error.keyword === 'type' && !error.instancePath) return `a JSON ${String(error.params.type)} is expected`;
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'it';
  if (error.keyword === 'additionalProperties') return `Unknown key ${JSON.stringify(error.params.additionalProperty)}`;
  if (error.keyword === 'required') return `${where === 'it' ? '' : `${where}: `}${error.params.missingProperty} is missing`;
  if (error.keyword === 'oneOf') return 'it must have exactly one of the keys the hint names';
  return `${where} ${error.message}`;
}

/** Null when `value` fits the wire `name`, else the problem and the way out, in one sentence. */
export function wireProblem(name: WireName, value: unknown): string | null {
  const shape = shapeProblem(value, WIRES[name].shape, 'the body');
  if (shape !== null) return `${shape}; ${WIRES[name].hint}.`;
  let check = compiled.get(name);
  if (!check) {
    check = ajv.compile(WIRES[name].schema);
    compiled.set(name, check);
  }
  if (check(value)) return null;
  return `${describe(check.errors?.[0])}; ${WIRES[name].hint}.`;
}
