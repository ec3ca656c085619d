/**
 * A client that sends and does not read must not grow the server's memory. Node answers
 * pipelined requests in order and holds every answer after the first in memory until the ones
 * before it are sent, and a socket whose client does not read keeps what was written to it; so
 * 600 pipelined `GET /api/journal?limit=10000` on one connection once took the server from 365 MB
 * to 1 GB. Here every answer's bytes are counted on its connection from the moment it is written
 * until it is handed to the operating system, plus what the socket itself still holds; a
 * connection over `MAX_QUEUED_BYTES`, or with more than `MAX_PIPELINED` requests in flight, is
 * closed: that client is not served any more.
 */
import type { Socket } from 'node:net';
import type { RequestHandler } from 'express';
import { MAX_PIPELINED, MAX_QUEUED_BYTES } from './limits.js';

interface Queue {
  bytes: number;
  requests: number;
}

const queues = new WeakMap<Socket, Queue>();

function byteLength(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}

export function limitQueuedBytes(o: { bytes?: number; pipelined?: number } = {}): RequestHandler {
  const maxBytes = o.bytes ?? MAX_QUEUED_BYTES;
  const maxPipelined = o.pipelined ?? MAX_PIPELINED;
  return (req, res, next) => {
    const socket = req.socket;
    let queue = queues.get(socket);
    if (!queue) {
      queue = { bytes: 0, requests: 0 };
      queues.set(socket, queue);
    }
    const q = queue;
    const over = () => q.requests > maxPipelined || q.bytes + socket.writableLength > maxBytes;
    q.requests++;
    let counted = 0;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      q.requests--;
      q.bytes -= counted;
    };
    res.once('finish', settle);
    res.once('close', settle);
    if (over()) return void socket.destroy();
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    (res as unknown as { end: (...args: unknown[]) => typeof res }).end = (...args: unknown[]) => {
      const [chunk, encoding] = args;
      const n = typeof chunk === 'function' ? 0 : byteLength(chunk, encoding);
      counted += n;
      q.bytes += n;
      if (over()) {
        socket.destroy();
        return res;
      }
      return end(...args);
    };
    next();
  };
}
