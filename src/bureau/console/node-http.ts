/** The console over node:http: a request read into plain data, an answer written back. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleRequest, ConsoleResponse } from './types.js';

/** `req` (its body already read) as the console sees it. */
export function toConsoleRequest(req: IncomingMessage, body: string): ConsoleRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers))
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', 'http://console.invalid'),
    headers,
    body,
    address: req.socket.remoteAddress ?? '',
  };
}

/** Write `response` to `res` (no body for HEAD). */
export function sendConsoleResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: ConsoleResponse,
): void {
  res.writeHead(response.status, response.headers);
  res.end(req.method === 'HEAD' ? undefined : response.body);
}
