/**
 * The callback's HTTP endpoint (node:http, bounded by the `http.*` settings): one path, GET and POST. What the
 * request line alone can refuse (signature, timestamp, mode) is refused before a byte of the body is read, and
 * the connection closed; bodies over the limit get 413 before they are read in full. Every answer carries
 * `nosniff`. What a request means is the transport's business (`MpEndpoint`).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBoundedServer, type ServerLimits } from '../../../util/http-server.js';

/** Largest request body read (1 MiB); WeChat's messages are a few KiB (three times that in 兼容模式). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request as its first line shows it, before the body. */
export interface MpRequestHead {
  method: 'GET' | 'POST';
  query: URLSearchParams;
}

export interface MpRequest extends MpRequestHead {
  body: string;
}

export interface MpResponse {
  status: number;
  body: string;
  contentType?: string;
}

/** What the transport decides about a request. */
export interface MpEndpoint {
  /** A refusal decided from the request line alone, or undefined to read the body and `handle` it. */
  admit(head: MpRequestHead): MpResponse | undefined;
  handle(request: MpRequest): Promise<MpResponse>;
}

export interface MpServer {
  /** The port it listens on (the configured one, or the one picked for port 0). */
  port: number;
  close(): Promise<void>;
}

/** Write `response`; with `close`, the connection is closed after it (its request body was not read). */
function send(req: IncomingMessage, res: ServerResponse, response: MpResponse, close = false): void {
  res.writeHead(response.status, {
    'content-type': response.contentType ?? 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(response.body);
  if (close) res.on('finish', () => req.destroy());
}

function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  endpoint: MpEndpoint,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method;
  if (url.pathname !== path) return send(req, res, { status: 404, body: 'not found' }, true);
  if (method !== 'GET' && method !== 'POST')
    return send(req, res, { status: 405, body: 'method not allowed' }, true);
  const tooLarge: MpResponse = { status: 413, body: 'payload too large' };
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return send(req, res, tooLarge, true);
  const head: MpRequestHead = { method, query: url.searchParams };
  const refusal = endpoint.admit(head);
  if (refusal) return send(req, res, refusal, true);
  const body = method === 'POST' ? await readBody(req, MAX_BODY_BYTES) : '';
  if (body === undefined) return send(req, res, tooLarge, true);
  send(req, res, await endpoint.handle({ ...head, body }));
}

/** Listen on `host:port` for `path`; an error inside the endpoint answers 500 (the cause stays in the log). */
export function startMpServer(
  options: { host: string; port: number; path: string; limits: ServerLimits },
  endpoint: MpEndpoint,
  onError: (error: unknown) => void,
): Promise<MpServer> {
  const server: Server = createBoundedServer(options.limits, (req, res) => {
    serve(req, res, options.path, endpoint).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) send(req, res, { status: 500, body: 'error' }, true);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
