/**
 * The baseline of `npm run bench -- --api`: a bare express app that does what any server of these
 * requests must do and nothing more. It reads the body's bytes, checks the SDK signature with the
 * same verifier as cbr-sim (src/api/auth.ts, KeyAuthenticator, the same keys file) and answers a
 * stored JSON body of the size cbr-sim answered that kind of request with (api-mix.ts `kindOf`).
 * No routing table, validation, simulation, journal or serialising.
 */
import express, { type Express } from 'express';
import type { Authenticator } from '../src/api/router.js';
import { ApiError } from '../src/api/errors.js';
import { KINDS, kindOf, type Kind } from './api-mix.js';

/** A JSON document of exactly `bytes` bytes (at least `{}`). */
export function fixedJson(bytes: number): string {
  const pad = Math.max(0, Math.round(bytes) - '{"pad":""}'.length);
  return pad > 0 || bytes >= 10 ? `{"pad":"${'x'.repeat(pad)}"}` : '{}';
}

export function baselineApp(auth: Authenticator, sizes: Partial<Record<Kind, number>>): Express {
  const bodies = new Map(KINDS.map((k) => [k, Buffer.from(fixedJson(sizes[k] ?? 100))]));
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(express.raw({ type: () => true, limit: '1mb', inflate: false }));
  app.use((req, res) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      auth.check(req, raw, null);
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(500, 'Sim.InternalError', String(error));
      res.status(e.status).json({ error_code: e.code, error_msg: e.message });
      return;
    }
    const kind = kindOf(req.method, req.originalUrl);
    if (kind === null) {
      res.status(404).json({ error_code: 'APIGW.0101', error_msg: `not a request of the mix: ${req.method} ${req.originalUrl.slice(0, 200)}` });
      return;
    }
    res.status(200).type('application/json').send(bodies.get(kind));
  });
  return app;
}
