/**
 * The callback's HTTP endpoint (node:http): one path, GET and POST, bodies over the limit refused with 413
 * before they are read in full. What a request means is the transport's business (`MpRequestHandler`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Largest request body read (1 MiB); WeChat's messages are a few KiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface MpRequest {
  method: 'GET' | 'POST';
  query: URLSearchParams;
  body: string;
}

export interface MpResponse {
  status: number;
  body: string;
  contentType?: string;
}

export type MpRequestHandler = (request: MpRequest) => Promise<MpResponse>;

export interface MpServer {
  /** The port it listens on (the configured one, or the one picked for port 0). */
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, response: MpResponse, close = false): void {
  res.writeHead(response.status, {
    'content-type': response.contentType ?? 'text/plain; charset=utf-8',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(response.body);
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
  handler: MpRequestHandler,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== path) return send(res, { status: 404, body: 'not found' });
  if (req.method !== 'GET' && req.method !== 'POST')
    return send(res, { status: 405, body: 'method not allowed' });
  const tooLarge = () => {
    send(res, { status: 413, body: 'payload too large' }, true);
    res.on('finish', () => req.destroy());
  };
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const body = req.method === 'POST' ? await readBody(req, MAX_BODY_BYTES) : '';
  if (body === undefined) return tooLarge();
  send(res, await handler({ method: req.method, query: url.searchParams, body }));
}

/** Listen on `host:port` for `path`; an error inside the handler answers 500 (the cause stays in the log). */
export function startMpServer(
  options: { host: string; port: number; path: string },
  handler: MpRequestHandler,
  onError: (error: unknown) => void,
): Promise<MpServer> {
  const server: Server = createServer((req, res) => {
    serve(req, res, options.path, handler).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) send(res, { status: 500, body: 'error' });
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
