/**
 * The real Huawei Cloud SDK core against a cbr-sim server: an `HcClient` built by the SDK's own
 * `ClientBuilder`, so that signing (SDK-HMAC-SHA256), path filling, query serialisation and
 * exception mapping are the SDK's (rest-api.md §7.3). CBR, IMS and EVS have no npm SDK, so their
 * calls go through `sendRequest` with the paths and bodies of the API reference; ECS uses the
 * official `@huaweicloud/huaweicloud-sdk-ecs` client.
 *
 * The SDK writes `~/.huaweicloud/application_id` on first use: in the test worker `os.homedir`
 * answers a temporary folder instead (a worker's modules are its own, so nothing else sees it).
 */
import os from 'node:os';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';

const home = mkdtempSync(join(os.tmpdir(), 'cbr-sim-sdk-home-'));
os.homedir = (): string => home;

export interface Credential {
  ak: string;
  sk: string;
  projectId: string;
}

export const ANY_CREDENTIAL: Credential = { ak: 'AKSIMULATOR0000000001', sk: 'simulator-secret-key', projectId: '0605767d9a0026d42fd5c00a74e9f8a5' };

/** An SDK client of one service: `base` is the server's URL, `service` its prefix. */
export function hcClient(base: string, service: 'cbr' | 'ims' | 'ecs' | 'evs', credential: Credential = ANY_CREDENTIAL): HcClient {
  const credentials = new BasicCredentials().withAk(credential.ak).withSk(credential.sk).withProjectId(credential.projectId);
  return new ClientBuilder<HcClient>((client) => client).withCredential(credentials).withEndpoint(`${base.replace(/\/$/, '')}/${service}`).build();
}

export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The API reference's path, `{project_id}` filled by the SDK from the credential. */
  url: string;
  pathParams?: Record<string, string>;
  queryParams?: Record<string, unknown>;
  data?: unknown;
  contentType?: string;
}

/** What the SDK returns: the parsed JSON body with its `httpStatusCode`. */
export type SdkAnswer = Record<string, unknown> & { httpStatusCode: number };

export async function send(client: HcClient, call: Call): Promise<SdkAnswer> {
  return await client.sendRequest({
    method: call.method, url: call.url, contentType: call.contentType ?? 'application/json',
    pathParams: call.pathParams ?? {}, queryParams: call.queryParams ?? {}, headers: {}, data: call.data ?? {},
  } as never) as SdkAnswer;
}

/** What the SDK throws for an error answer (its `ClientRequestException` / `ServerResponseException`). */
export interface SdkError {
  httpStatusCode: number;
  errorCode: string | undefined;
  errorMsg: string;
  requestId: string | undefined;
}

/** The SDK's exception for a call that must fail; fails the test when the call succeeds. */
export async function refusal(client: HcClient, call: Call): Promise<SdkError & Error> {
  try {
    const answer = await send(client, call);
    throw new Error(`expected ${call.method} ${call.url} to be refused; it answered ${answer.httpStatusCode} ${JSON.stringify(answer).slice(0, 300)}`);
  } catch (error) {
    if ((error as { httpStatusCode?: unknown }).httpStatusCode === undefined) throw error;
    return error as SdkError & Error;
  }
}
