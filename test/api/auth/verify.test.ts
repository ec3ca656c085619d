/**
 * `--auth verify` (src/api/auth.ts) behind the service router, over a route table of this file's
 * own: signatures are the REAL Huawei Cloud SDK's (test/api/support/sdk.ts), tokens are sent as
 * openstacksdk sends them (X-Auth-Token), and refusals are the API gateway's own body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiRouter } from '../../../src/api/router.js';
import { emptyProjectScenario, Projects } from '../../../src/api/projects.js';
import { ApiError } from '../../../src/api/errors.js';
import { translator } from '../../../src/api/translate.js';
import { KeyAuthenticator } from '../../../src/api/auth.js';
import { checkKeys } from '../../../src/api/keys.js';
import type { ServiceTable } from '../../../src/api/route.js';
import { Session } from '../../../src/server/session.js';
import { hcClient, refusal, send, type Credential } from '../support/sdk.js';
import { raw } from '../support/server.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';

const echo = (req: { project: { id: string }; query: unknown; body: unknown; params: unknown }) => ({
  status: 200, body: { project: req.project.id, query: req.query, body: req.body ?? null, params: req.params },
});

const cbr: ServiceTable = {
  service: 'cbr',
  routes: [
    { operation: 'listThings', method: 'GET', path: '/v3/{project_id}/things', summary: 'echo', handle: echo },
    { operation: 'showThing', method: 'GET', path: '/v3/{project_id}/things/{thing_id}', summary: 'echo', handle: echo },
    { operation: 'createThing', method: 'POST', path: '/v3/{project_id}/things', summary: 'echo', handle: echo },
    { operation: 'deleteThing', method: 'DELETE', path: '/v3/{project_id}/things/{thing_id}', summary: 'none', handle: () => ({ status: 204 }) },
  ],
  unserved: [],
  translate: translator({}, (_route, e) => new ApiError(404, 'BackupService.6200', e.message)),
};

const ims: ServiceTable = {
  service: 'ims',
  routes: [
    { operation: 'listVersions', method: 'GET', path: '/', summary: 'versions', handle: () => ({ status: 200, body: { versions: [] } }) },
    { operation: 'glanceListImages', method: 'GET', path: '/v2/images', summary: 'echo', errorStyle: 'openstack', handle: echo },
  ],
  unserved: [],
  translate: translator({}, (_route, e) => new ApiError(404, 'IMG.0027', e.message)),
};

const TRAINEE: Credential = { ak: 'AKTRAINEE00000000001', sk: 'trainee-1-secret', projectId: 'trainee-1' };
const keys = checkKeys({
  keys: [
    { ak: TRAINEE.ak, sk: TRAINEE.sk, projects: ['trainee-1'] },
    { ak: 'AKTEACHER00000000001', sk: 'teacher-secret', projects: ['trainee-1', 'trainee-2'] },
  ],
  tokens: [{ token: 'sim-token', projects: ['trainee-2'] }],
}, 'keys');

let server: Server;
let base: string;
/** What the last request carried, as the server received it (to send it again, changed or not). */
let last: { method: string; url: string; headers: IncomingHttpHeaders } | null = null;

beforeAll(async () => {
  const projects = new Projects(new Session(emptyProjectScenario('default')));
  const app = express();
  app.use((req, _res, next) => {
    last = { method: req.method, url: req.originalUrl, headers: { ...req.headers } };
    next();
  });
  app.use(apiRouter({ projects, tables: [cbr, ims], auth: new KeyAuthenticator(keys) }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** Sends a request byte for byte as given (Host included), as a client replaying a signed one would. */
function resend(method: string, url: string, headers: IncomingHttpHeaders, body: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const { port } = server.address() as AddressInfo;
    const out = httpRequest({ host: '127.0.0.1', port, method, path: url, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    out.on('error', reject);
    out.end(body);
  });
}

/** The SDK's call with headers of the caller's own (the signer signs them, and keeps an X-Sdk-Date given). */
async function sendWith(client: HcClient, headers: Record<string, string>): Promise<unknown> {
  return await client.sendRequest({ method: 'GET', url: '/v3/{project_id}/things', contentType: 'application/json', pathParams: {}, queryParams: {}, headers, data: {} } as never);
}

/** `YYYYMMDDTHHmmssZ` of an instant, as the signer writes X-Sdk-Date. */
const sdkDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

describe('--auth verify with the real SDK\'s signatures', () => {
  it('accepts what the SDK signs: a repeated query, a body, a DELETE, over the path with its /cbr prefix', async () => {
    const client = hcClient(base, 'cbr', TRAINEE);
    const listed = await send(client, { method: 'GET', url: '/v3/{project_id}/things', queryParams: { status: ['available', 'protecting'], name: 'web server ~1', limit: 10 } });
    expect(listed.httpStatusCode).toBe(200);
    expect(listed.project).toBe('trainee-1');
    expect(listed.query).toEqual({ status: ['available', 'protecting'], name: 'web server ~1', limit: '10' });
    expect(last!.url.startsWith('/cbr/v3/trainee-1/things?')).toBe(true);
    const made = await send(client, { method: 'POST', url: '/v3/{project_id}/things', data: { thing: { name: 'wéb', tags: ['a', 'b'] } } });
    expect(made.body).toEqual({ thing: { name: 'wéb', tags: ['a', 'b'] } });
    const shown = await send(client, { method: 'GET', url: '/v3/{project_id}/things/{thing_id}', pathParams: { thing_id: 'bk-3f9c02a1b4e7' } });
    expect(shown.params).toEqual({ project_id: 'trainee-1', thing_id: 'bk-3f9c02a1b4e7' });
    expect((await send(client, { method: 'DELETE', url: '/v3/{project_id}/things/{thing_id}', pathParams: { thing_id: 'bk-3f9c02a1b4e7' } })).httpStatusCode).toBe(204);
  });

  it('refuses a wrong SK with the gateway\'s 401 APIGW.0301, which the SDK throws as a ClientRequestException', async () => {
    const error = await refusal(hcClient(base, 'cbr', { ...TRAINEE, sk: 'not-the-secret' }), { method: 'GET', url: '/v3/{project_id}/things' });
    expect(error.constructor.name).toBe('ClientRequestException');
    expect(error.httpStatusCode).toBe(401);
    expect(error.errorCode).toBe('APIGW.0301');
    expect(error.errorMsg).toMatch(/^Incorrect IAM authentication information: verify aksk signature fail/);
    expect(error.errorMsg).toContain('check the SK');
  });

  it('answers in the gateway\'s own body whatever the service, with the request id of the X-Request-Id header', async () => {
    const answer = await raw(base, 'GET', '/cbr/v3/trainee-1/things', { headers: { authorization: `SDK-HMAC-SHA256 Access=${TRAINEE.ak}, SignedHeaders=host, Signature=00` } });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error_msg: expect.stringContaining('verify aksk signature fail'), error_code: 'APIGW.0301', request_id: answer.headers.get('x-request-id') });
    // An IMS route answering the OpenStack way, or IMS's own: the gateway's body all the same.
    const glance = await raw(base, 'GET', '/ims/v2/images', { headers: { 'x-auth-token': 'forged' } });
    expect(glance.status).toBe(401);
    expect(Object.keys(glance.body).sort()).toEqual(['error_code', 'error_msg', 'request_id']);
  });

  it('refuses an AK the keys file does not list, in the gateway\'s words', async () => {
    const error = await refusal(hcClient(base, 'cbr', { ak: 'AKNOBODY000000000000', sk: 'x', projectId: 'trainee-1' }), { method: 'GET', url: '/v3/{project_id}/things' });
    expect(error.httpStatusCode).toBe(401);
    expect(error.errorCode).toBe('APIGW.0301');
    expect(error.errorMsg).toContain('Get secretKey failed,ak:AKNOBODY000000000000,err:ak not exist');
  });

  it('refuses a signature dated more than 15 minutes from the wall clock, either way, and takes one within', async () => {
    const client = hcClient(base, 'cbr', TRAINEE);
    const within = await sendWith(client, { 'X-Sdk-Date': sdkDate(Date.now() - 10 * 60_000) }) as { httpStatusCode: number };
    expect(within.httpStatusCode).toBe(200);
    for (const at of [Date.now() - 20 * 60_000, Date.now() + 20 * 60_000, Date.parse('2020-01-01T00:00:00Z')]) {
      let error: any;
      try {
        await sendWith(client, { 'X-Sdk-Date': sdkDate(at) });
      } catch (e) {
        error = e;
      }
      expect(error?.httpStatusCode, sdkDate(at)).toBe(401);
      expect(error.errorCode).toBe('APIGW.0301');
      expect(error.errorMsg).toMatch(/verify aksk signature fail, X-Sdk-Date \d{8}T\d{6}Z is .* (behind|ahead of) the server's wall clock/);
    }
  });

  it('refuses a key in a project it is not bound to with 403, and lets a key of two projects act in both', async () => {
    const error = await refusal(hcClient(base, 'cbr', { ...TRAINEE, projectId: 'trainee-2' }), { method: 'GET', url: '/v3/{project_id}/things' });
    expect(error.httpStatusCode).toBe(403);
    expect(error.errorCode).toBe('APIGW.0302');
    expect(error.errorMsg).toContain('trainee-2');
    for (const projectId of ['trainee-1', 'trainee-2']) {
      const answer = await send(hcClient(base, 'cbr', { ak: 'AKTEACHER00000000001', sk: 'teacher-secret', projectId }), { method: 'GET', url: '/v3/{project_id}/things' });
      expect(answer.project).toBe(projectId);
    }
  });

  it('refuses a signed request whose body, query or path was changed after signing, and takes it unchanged', async () => {
    const data = { thing: { name: 'web' } };
    await send(hcClient(base, 'cbr', TRAINEE), { method: 'POST', url: '/v3/{project_id}/things', data });
    const signed = last!;
    const body = JSON.stringify(data);
    expect((await resend('POST', signed.url, signed.headers, body)).status).toBe(200);
    const tampered = await resend('POST', signed.url, signed.headers, body.replace('web', 'wib'));
    expect(tampered.status).toBe(401);
    expect(tampered.body.error_code).toBe('APIGW.0301');
    expect((await resend('POST', `${signed.url}?limit=1`, signed.headers, body)).status).toBe(401);
    await send(hcClient(base, 'cbr', TRAINEE), { method: 'GET', url: '/v3/{project_id}/things/{thing_id}', pathParams: { thing_id: 'bk-1' } });
    const get = last!;
    expect((await resend('GET', get.url, get.headers, '{}')).status).toBe(200);
    expect((await resend('GET', get.url.replace('bk-1', 'bk-2'), get.headers, '{}')).status).toBe(401);
  });
});

describe('--auth verify with tokens, as openstacksdk sends them', () => {
  it('takes a listed X-Auth-Token, in the token\'s project when the path names none', async () => {
    const answer = await raw(base, 'GET', '/ims/v2/images', { headers: { 'x-auth-token': 'sim-token' } });
    expect(answer.status).toBe(200);
    expect(answer.body.project).toBe('trainee-2');
  });

  it('refuses a token the keys file does not list, and a token on another project\'s path', async () => {
    const forged = await raw(base, 'GET', '/ims/v2/images', { headers: { 'x-auth-token': 'sim-token-2' } });
    expect(forged.status).toBe(401);
    expect(forged.body.error_msg).toMatch(/^Incorrect IAM authentication information: decrypt token fail/);
    const elsewhere = await raw(base, 'GET', '/cbr/v3/trainee-1/things', { headers: { 'x-auth-token': 'sim-token' } });
    expect(elsewhere.status).toBe(403);
  });

  it('refuses a request with no credential, except the version document openstacksdk reads first', async () => {
    const none = await raw(base, 'GET', '/cbr/v3/trainee-1/things');
    expect(none.status).toBe(401);
    expect(none.body.error_msg).toContain('x-auth-token not found');
    expect((await raw(base, 'GET', '/ims/')).status).toBe(200);
  });
});
