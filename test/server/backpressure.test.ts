import { describe, expect, it } from 'vitest';
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { limitQueuedBytes } from '../../src/server/backpressure.js';

/** A raw connection that sends `requests` and collects what comes back until the server closes it. */
async function exchange(port: number, requests: string): Promise<string> {
  const socket = connect({ host: '127.0.0.1', port });
  let received = '';
  socket.on('data', (d) => (received += String(d)));
  await new Promise((r) => socket.once('connect', r));
  socket.write(requests);
  await new Promise((r) => socket.once('close', r));
  return received;
}

describe('the queued-bytes limit of a connection', () => {
  it('closes a connection whose answers would queue more than its limit, and answers one within it', async () => {
    const app = express();
    app.use(limitQueuedBytes({ bytes: 1_000, pipelined: 4 }));
    app.get('/small', (_req, res) => void res.type('text/plain').send('ok'));
    app.get('/big', (_req, res) => void res.type('text/plain').send('x'.repeat(5_000)));
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const small = await exchange(port, 'GET /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(small).toMatch(/^HTTP\/1\.1 200/);
      const big = await exchange(port, 'GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(big).toBe('');
      const pipelined = await exchange(port, 'GET /small HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(10));
      expect((pipelined.match(/HTTP\/1\.1 200/g) ?? []).length).toBeLessThan(10);
    } finally {
      server.close();
    }
  });
});
