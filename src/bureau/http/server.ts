/**
 * The bureau's HTTP server on node:http: security headers on every answer, routing, refusals (HttpError) as JSON
 * with their status, anything unexpected as 500 without its details, and a graceful stop that lets requests in
 * progress finish (up to a deadline) before the connections close.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBoundedServer, DEFAULT_SERVER_LIMITS, type ServerLimits } from '../../util/http-server.js';
import { logger } from '../../util/logger.js';
import { HttpError, sendJson } from './json.js';
import type { Handler, Router } from './router.js';
import { applySecurityHeaders } from './security-headers.js';

const log = logger('bureau');

export interface HttpServerOptions {
  router: Router;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = a free port. */
  port: number;
  /** Answers a path no route knows (default: 404 as JSON). The console may answer with a page. */
  notFound?: Handler;
  /** How long `close` waits for requests in progress (default 5 s). */
  closeGraceMs?: number;
  /** Timeouts and connection cap (the `http.*` settings; default DEFAULT_SERVER_LIMITS). */
  limits?: ServerLimits;
}

export interface RunningHttpServer {
  /** `http://host:port`. */
  url: string;
  port: number;
  /** Stop taking connections, let requests in progress finish (up to the grace period), then close. */
  close(): Promise<void>;
}

/** Write `error` as the answer: an HttpError with its status and message, anything else as a bare 500. */
function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    // The rest of an oversized body is not read: the connection cannot carry another request.
    if (error.status === 413) res.setHeader('connection', 'close');
    sendJson(res, error.status, { error: error.message, ...error.details });
    return;
  }
  log.error({ err: error }, 'bureau request failed');
  sendJson(res, 500, { error: '服务器内部错误，请稍后再试' });
}

/** Start serving `router`. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { router } = options;
  const inFlight = new Set<Promise<void>>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applySecurityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://bureau.invalid');
    const method = req.method ?? 'GET';
    const found = router.match(method, url.pathname);
    try {
      switch (found.kind) {
        case 'found':
          await found.handler({ req, res, url, params: found.params });
          return;
        case 'method':
          throw new HttpError(405, '不支持这种请求方式', {}, { allow: found.allow.join(', ') });
        case 'none':
          if (options.notFound) await options.notFound({ req, res, url, params: {} });
          else throw new HttpError(404, '没有这个地址');
          return;
        default:
          found satisfies never;
      }
    } catch (error) {
      sendError(res, error);
    }
  }

  const server = createBoundedServer(options.limits ?? DEFAULT_SERVER_LIMITS, (req, res) => {
    const done = handle(req, res).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) =>
        setTimeout(resolve, options.closeGraceMs ?? 5_000).unref(),
      );
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      server.closeAllConnections();
      await closed;
    },
  };
}
