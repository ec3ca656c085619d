/**
 * The official ECS SDK (`@huaweicloud/huaweicloud-sdk-ecs`) against a cbr-sim server, as rest-api.md
 * §7.2 builds it, and what the ECS tests share. Requests are the SDK's plain-object form
 * (`{server_id, body}`: its ParamCreater reads the snake_case names).
 */
import '../support/sdk.js';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientRequestException } from '@huaweicloud/huaweicloud-sdk-core/exception/ClientRequestException.js';
import { EcsClient } from '@huaweicloud/huaweicloud-sdk-ecs';
import { expect } from 'vitest';
import type { Session } from '../../../src/server/session.js';

export function ecsClient(base: string, projectId: string): EcsClient {
  const credentials = new BasicCredentials().withAk('AKSIMULATOR0000000001').withSk('simulator-secret-key').withProjectId(projectId);
  return EcsClient.newBuilder().withCredential(credentials).withEndpoint(`${base}/ecs`).build();
}

/** A call's answer as the SDK returns it (the parsed body, plus httpStatusCode). */
export type Answer = Record<string, any> & { httpStatusCode: number };

/** The SDK's ClientRequestException of a call that must be refused (fails the test otherwise). */
export async function refused(call: () => Promise<unknown>): Promise<ClientRequestException & { errorCode: string; errorMsg: string }> {
  let answer: unknown;
  try {
    answer = await call();
  } catch (error) {
    expect(error).toBeInstanceOf(ClientRequestException);
    return error as ClientRequestException & { errorCode: string; errorMsg: string };
  }
  return expect.fail(`the call was expected to be refused; it answered ${JSON.stringify(answer).slice(0, 300)}`);
}

/** Moves a project's clock from timer to timer (as the inspector's advance does) until `done`. */
export async function advanceUntil(session: Session, done: () => boolean, limit = 500): Promise<void> {
  for (let i = 0; i < limit && !done(); i++) {
    const next = session.simulation.nextTimer();
    if (next === null) break;
    await session.perform('advance', [Math.max(1, next - session.simulation.now())]);
  }
  expect(done()).toBe(true);
}

/** Polls showJob (each poll may move the on-poll clock) until the job has ended. */
export async function pollJob(client: EcsClient, jobId: string, limit = 200): Promise<Answer> {
  for (let i = 0; i < limit; i++) {
    const job = await client.showJob({ job_id: jobId } as never) as Answer;
    if (job.status === 'SUCCESS' || job.status === 'FAIL') return job;
  }
  return expect.fail(`job ${jobId} did not end within ${limit} polls`);
}

/** A create body as §7.5 sequence 5 writes it. */
export function createBody(server: Record<string, unknown>): { body: Record<string, unknown> } {
  return {
    body: {
      server: {
        flavorRef: 's6.large.2', vpcid: '3b8c9e1a-0f2d-4e5a-8b7c-1d2e3f4a5b6c', nics: [{ subnet_id: '7c6b5a4f-3e2d-4c1b-9a8f-7e6d5c4b3a2a' }],
        root_volume: { volumetype: 'SSD' }, ...server,
      },
    },
  };
}
