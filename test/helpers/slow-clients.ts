/**
 * Slow clients on loopback, the kinds that hold a server's connections without ever finishing a request:
 * `silent` connects and sends nothing, `head` trickles header lines, `body` sends a head announcing a body and
 * trickles it, `idle` sends one whole request and then keeps the connection open without another.
 *
 *   const clients = await openSlowClients(port, { silent: 25, head: 25, body: 25, idle: 25 });
 *   await vi.waitFor(() => expect(clients.open()).toBe(0), { timeout: 8000 });
 *   clients.destroy();
 */
import { connect, type Socket } from 'node:net';

export type SlowKind = 'silent' | 'head' | 'body' | 'idle';

/** Pause between the bytes a trickling client sends. */
const TRICKLE_MS = 100;

export interface SlowClients {
  /** How many are still connected (the server has not closed them). */
  open(kind?: SlowKind): number;
  /** How many the server has closed. */
  closed(kind?: SlowKind): number;
  /** Close every one still open (cleanup). */
  destroy(): void;
}

interface Client {
  kind: SlowKind;
  socket: Socket;
  closed: boolean;
  timer?: NodeJS.Timeout;
}

function start(client: Client, path: string): void {
  const { socket } = client;
  const trickle = (bytes: string) => {
    client.timer = setInterval(() => socket.write(bytes), TRICKLE_MS);
  };
  switch (client.kind) {
    case 'silent':
      return;
    case 'head':
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      trickle('X-Slow: 1\r\n');
      return;
    case 'body':
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n`);
      trickle('a');
      return;
    case 'idle':
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      return;
  }
}

/** Open `counts` slow clients of each kind to `127.0.0.1:port` (requests for `path`); resolves once all connected. */
export async function openSlowClients(
  port: number,
  counts: Partial<Record<SlowKind, number>>,
  path = '/',
): Promise<SlowClients> {
  const clients: Client[] = [];
  const connected: Promise<void>[] = [];
  for (const [kind, count] of Object.entries(counts) as [SlowKind, number][]) {
    for (let i = 0; i < count; i++) {
      const client: Client = { kind, socket: connect(port, '127.0.0.1'), closed: false };
      client.socket.on('error', () => {});
      client.socket.resume();
      client.socket.on('close', () => {
        client.closed = true;
        clearInterval(client.timer);
      });
      connected.push(
        new Promise((resolve) => {
          client.socket.once('connect', () => {
            start(client, path);
            resolve();
          });
          client.socket.once('close', () => resolve());
        }),
      );
      clients.push(client);
    }
  }
  await Promise.all(connected);
  const count = (closed: boolean, kind?: SlowKind) =>
    clients.filter((c) => c.closed === closed && (kind === undefined || c.kind === kind)).length;
  return {
    open: (kind) => count(false, kind),
    closed: (kind) => count(true, kind),
    destroy() {
      for (const c of clients) {
        clearInterval(c.timer);
        c.socket.destroy();
      }
    },
  };
}
