/**
 * Signing a request of the mix as the Huawei Cloud SDK does: with the SDK core's own signer
 * (`AKSKSigner.sign`, what `HcClient` calls for every request), over the headers the SDK sends
 * for a call of a project (`X-Project-Id`, `Content-Type`), the full URL and the JSON body as
 * the SDK serialises it. So the server checks real SDK signatures, one per request.
 */
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import type { ICredential } from '@huaweicloud/huaweicloud-sdk-core/auth/ICredential.js';
import type { Op } from './api-mix.js';

export interface Key {
  ak: string;
  sk: string;
}

export interface SignedOp {
  /** The request target: path and query, as signed. */
  target: string;
  headers: Record<string, string>;
  /** The body's bytes as signed (JSON.stringify of the SDK's `data`), or undefined for none. */
  body: Buffer | undefined;
}

/** `limit=50&offset=100`: the query as the SDK writes it (each value encoded). */
export function queryString(query: Record<string, string> | undefined): string {
  if (!query) return '';
  return Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** The signer reads only the AK and SK of a credential. */
function credentialOf(key: Key): ICredential {
  return { getAk: () => key.ak, getSk: () => key.sk } as unknown as ICredential;
}

/**
 * Signs `op` for the server at `origin` (`http://127.0.0.1:4820`) in project `projectId`:
 * the headers to send, `Authorization` and `X-Sdk-Date` (the wall clock, now) among them.
 */
export function signOp(op: Op, origin: string, projectId: string, key: Key): SignedOp {
  const qs = queryString(op.query);
  const target = qs ? `${op.path}?${qs}` : op.path;
  const text = op.body === undefined ? undefined : JSON.stringify(op.body);
  const headers = AKSKSigner.sign({
    endpoint: `${origin}${op.path}`,
    method: op.method,
    headers: { 'X-Project-Id': projectId, 'Content-Type': 'application/json' },
    queryParams: op.query ?? {},
    data: op.body,
  }, credentialOf(key)) as Record<string, string>;
  return { target, headers, body: text === undefined ? undefined : Buffer.from(text) };
}
