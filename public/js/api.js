/**
 * The HTTP API: every error is the server's `{ code, message, details }`, kept as an ApiError.
 * Every call names the page's project (project.js).
 */
import { withProject } from './project.js';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  const init = { method, headers: { accept: 'application/json' }, signal };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(withProject(path), init);
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) throw new ApiError(res.status, json && typeof json === 'object' ? json : { code: `HTTP.${res.status}`, message: text || res.statusText, details: {} });
  return json;
}

export const command = (verb, args) => api('/api/commands', { method: 'POST', body: { verb, args } });
