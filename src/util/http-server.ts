/**
 * Every HTTP server the project runs (the service account's callback, the bureau, the simulator) is made here,
 * with bounds on what one client may hold: a connection must send its request head within
 * `headersTimeoutMs` and its whole request within `requestTimeoutMs`, an idle kept-alive connection is closed
 * after `keepAliveTimeoutMs`, and above `maxConnections` open connections a new one is closed at once. Without
 * them a few thousand slow connections (a few bytes every few seconds) hold the process's sockets and file
 * descriptors and every other request fails. A reverse proxy in front (nginx) stays the first line of defence.
 */
import { createServer, type RequestListener, type Server } from 'node:http';

/** The bounds of one server (the `http.*` settings). */
export interface ServerLimits {
  /** The request line and headers must arrive within this (408 and closed otherwise). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections above this are closed as they arrive. */
  maxConnections: number;
}

/**
 * The defaults (also in config/default.json): a client on a slow mobile link sends its head in well under 10 s;
 * 10 s of keep-alive outlasts the 4 s an undici client keeps an idle connection (so the client closes first and
 * never sends on a connection the server is closing); 2048 connections are far above what WeChat, the bots and
 * the console open at once (a proxy in front opens fewer still), and leave the process file descriptors for its
 * files, its database and its own calls out under a file limit of 4096 or more (Node raises its soft limit to
 * the hard one; `ulimit -Hn`).
 */
export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 10_000,
  maxConnections: 2048,
};

/**
 * How often Node looks for connections past their header or request deadline (its default, 30 s, would let a
 * slow connection live that much longer than its timeout).
 */
function checkingIntervalMs(limits: ServerLimits): number {
  return Math.min(
    1000,
    Math.max(50, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
  );
}

/** A node:http server for `listener` under `limits` (not yet listening). */
export function createBoundedServer(limits: ServerLimits, listener: RequestListener): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs(limits),
    },
    listener,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}
