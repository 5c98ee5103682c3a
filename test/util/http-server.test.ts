/**
 * Slow connections against every HTTP server the project runs — the service account's callback, the bureau's
 * server, the simulator — each started with the `http.*` bounds: slow clients of every kind are closed once their
 * deadline passes and a request then answers; above the connection cap a new connection is closed at once. On
 * Node's defaults (60 s for a head, checked every 30 s; no cap) they all stay. `bureau serve` (`startBureau` on
 * PGlite) is checked once to take its bounds from the settings.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBureau } from '../../src/app/bureau.js';
import { Router } from '../../src/bureau/http/router.js';
import { startHttpServer } from '../../src/bureau/http/server.js';
import { createMpTransport } from '../../src/chat/transports/mp/index.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { startSimulator } from '../../src/simulator/server.js';
import { openStoreDb } from '../../src/store/sql/open-db.js';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../../src/util/http-server.js';
import { PGLITE_START_MS } from '../helpers/databases.js';
import { openSlowClients } from '../helpers/slow-clients.js';

/** Short deadlines: every slow client is due within a second and a half. */
const SHORT: ServerLimits = {
  headersTimeoutMs: 600,
  requestTimeoutMs: 1200,
  keepAliveTimeoutMs: 400,
  maxConnections: 1000,
};
/** Deadlines nothing reaches during a test, and a small cap. */
const CAPPED: ServerLimits = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 20_000,
  keepAliveTimeoutMs: 20_000,
  maxConnections: 30,
};

interface Served {
  port: number;
  path: string;
  close(): Promise<void>;
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'http-limits-'));
  // The service account's door keeps its messages in the store's database: started here, not in a test.
  await (await openStoreDb(dataDir, loadConfig({ env: {} }).store)).close();
}, PGLITE_START_MS);
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function configWith(limits: ServerLimits, dir: string): Config {
  const config = loadConfig({ env: {}, overrides: [{ key: 'dataDir', value: dir, source: 'test' }] });
  return { ...config, http: limits };
}

/** Each server, started from settings whose `http` section is `limits`. */
const SERVERS: Record<string, (limits: ServerLimits, dir: string) => Promise<Served>> = {
  'service account callback': async (limits, dir) => {
    const config = configWith(limits, dir);
    const mp = { ...config.mp, token: 'limitstest', appId: 'wx1', appSecret: 's', port: 0 };
    const transport = createMpTransport(mp, { limits: config.http });
    const db = await openStoreDb(dir, config.store);
    await transport.start({ receive: async () => [], database: async () => db });
    return {
      port: transport.port as number,
      path: mp.path,
      close: async () => {
        await transport.stop();
        await db.close();
      },
    };
  },
  "bureau's server": async (limits) => {
    const server = await startHttpServer({ router: new Router(), port: 0, limits });
    return { port: server.port, path: '/api/v1/leads', close: () => server.close() };
  },
  simulator: async (limits) => {
    const sim = await startSimulator({ data: { certificates: [] }, limits });
    return { port: sim.port, path: '/', close: () => sim.close() };
  },
};

/** A plain request answers (whatever its status). */
async function answers(served: Served): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${served.port}${served.path}`);
  await response.arrayBuffer();
  return response.status > 0;
}

describe('the default bounds', () => {
  it('are the ones config/default.json holds', () => {
    expect(loadConfig({ env: {} }).http).toEqual(DEFAULT_SERVER_LIMITS);
  });
});

/** Open more silent clients than `served` takes; its cap holds exactly `maxConnections` of them. */
async function expectCapHeld(served: Served, maxConnections: number): Promise<void> {
  const clients = await openSlowClients(served.port, { silent: maxConnections + 10 });
  try {
    await vi.waitFor(() => expect(clients.closed()).toBeGreaterThanOrEqual(10), {
      timeout: 5000,
      interval: 50,
    });
    expect(clients.open()).toBe(maxConnections);
  } finally {
    clients.destroy();
  }
  // Once they are gone, the server takes a request again.
  await vi.waitFor(async () => expect(await answers(served)).toBe(true), { timeout: 5000, interval: 50 });
}

describe.each(Object.keys(SERVERS))('%s', (name) => {
  const start = SERVERS[name] as (limits: ServerLimits, dir: string) => Promise<Served>;

  it('closes slow clients of every kind once their deadline passes, then answers', async () => {
    const served = await start(SHORT, join(dataDir, `${name}-short`));
    const clients = await openSlowClients(
      served.port,
      { silent: 20, head: 20, body: 20, idle: 20 },
      served.path,
    );
    try {
      await vi.waitFor(() => expect(clients.open()).toBe(0), { timeout: 8000, interval: 100 });
      expect(await answers(served)).toBe(true);
    } finally {
      clients.destroy();
      await served.close();
    }
  });

  it('holds at most maxConnections: the ones above are closed as they arrive', async () => {
    const served = await start(CAPPED, join(dataDir, `${name}-capped`));
    try {
      await expectCapHeld(served, CAPPED.maxConnections);
    } finally {
      await served.close();
    }
  });
});

describe('bureau serve', () => {
  it(
    'takes its bounds from the http settings',
    async () => {
      const bureau = await startBureau(configWith(CAPPED, join(dataDir, 'bureau')), {
        host: '127.0.0.1',
        port: 0,
      });
      const served = { port: Number(new URL(bureau.url).port), path: '/login', close: () => bureau.close() };
      try {
        await expectCapHeld(served, CAPPED.maxConnections);
      } finally {
        await bureau.close();
      }
    },
    PGLITE_START_MS,
  );
});
