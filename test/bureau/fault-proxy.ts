/**
 * A proxy in front of the bureau on loopback that misbehaves on demand, for the sender's tests: pass through,
 * answer 503, cut the connection before forwarding (the bureau is down), or forward and cut the connection
 * before the answer reaches the bot (the bureau stored the lead, the bot never heard).
 */
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyFault = 'pass' | 'unavailable' | 'down' | 'lose-reply';

export interface FaultProxy {
  url: string;
  /** The fault for each next request, in order; when none is left, `otherwise`. */
  faults: ProxyFault[];
  otherwise: ProxyFault;
  /** Requests seen so far. */
  requests: number;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Start a proxy to `target` (http://host:port). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = {
    url: '',
    faults: [],
    otherwise: 'pass',
    requests: 0,
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    proxy.requests++;
    const fault = proxy.faults.shift() ?? proxy.otherwise;
    const body = await bodyOf(req);
    if (fault === 'down') return req.socket.destroy();
    if (fault === 'unavailable') {
      res.writeHead(503, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: '服务暂停' }));
    }
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        if (fault === 'lose-reply') {
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => req.socket.destroy());
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
