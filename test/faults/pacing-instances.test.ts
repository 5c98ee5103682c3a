/**
 * Three bot instances as three processes on one PostgreSQL, each running lookups through the real client at once
 * (a chat, a roster, re-checks): the simulator, whose WAF refuses a query that comes sooner than it allows and
 * more than the rate limit a minute, refuses nothing, and the moments it records are never closer than that.
 * The WAF's interval is the client's less a margin for the trip from the grant to the simulator.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/load.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { openPgDb } from '../../src/sql/pg-db.js';
import { PG_SKIP_REASON, TEST_PG_URL } from '../helpers/databases.js';

const INTERVAL_MS = 300;
/** The trip from a grant to the simulator varies by a few ms; the WAF allows for it. */
const TRIP_MARGIN_MS = 50;
const PER_INSTANCE = 5;
const PRIORITIES = ['chat', 'batch', 'background'];

interface Instance {
  child: ChildProcess;
  out: string;
  ready: Promise<void>;
  done: Promise<number | null>;
}

function startInstance(url: string, schema: string, priority: string): Instance {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join('test', 'faults', 'pacing-instance.script.ts'),
      url,
      String(PER_INSTANCE),
      priority,
    ],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CERT_VERIFY'))),
        CERT_VERIFY__store__databaseUrl: TEST_PG_URL,
        CERT_VERIFY__store__schema: schema,
        CERT_VERIFY_MIN_INTERVAL_MS: String(INTERVAL_MS),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const instance: Instance = {
    child,
    out: '',
    ready: new Promise((resolve, reject) => {
      child.stdout?.setEncoding('utf8').on('data', (text: string) => {
        instance.out += text;
        if (instance.out.startsWith('ready\n')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`instance ended before it was ready (${code})`)));
    }),
    done: new Promise((resolve) => child.once('close', resolve)),
  };
  return instance;
}

describe.skipIf(!TEST_PG_URL)(
  `three instances on one PostgreSQL${TEST_PG_URL ? '' : `（${PG_SKIP_REASON}）`}`,
  () => {
    const schema = `pacing_test_${randomBytes(4).toString('hex')}`;
    const times: number[] = [];
    let simulator: RunningSimulator;
    let instances: Instance[];

    beforeAll(async () => {
      simulator = await startSimulator({
        data: { certificates: [] },
        exposeCaptchaAnswer: true,
        rateLimit: Math.floor(60_000 / INTERVAL_MS),
        minIntervalMs: INTERVAL_MS - TRIP_MARGIN_MS,
        onQuery: (at) => times.push(at),
      });
      instances = PRIORITIES.map((priority) => startInstance(simulator.url, schema, priority));
      await Promise.all(instances.map((i) => i.ready));
    }, 180_000);
    afterAll(async () => {
      for (const { child } of instances ?? []) if (child.exitCode === null) child.kill();
      await simulator?.close();
      const db = await openPgDb(TEST_PG_URL);
      await db.exec(`drop schema if exists ${schema} cascade`);
      await db.close();
    });

    it('the simulator refuses nothing and sees no two queries closer than it allows', async () => {
      for (const { child } of instances) child.stdin?.end('go\n');
      expect(await Promise.all(instances.map((i) => i.done))).toEqual([0, 0, 0]);
      for (const { out } of instances) {
        expect(JSON.parse(out.split('\n')[1] as string)).toMatchObject({ answered: PER_INSTANCE });
      }
      expect(simulator.stats()).toMatchObject({ queries: 3 * PER_INSTANCE, rateLimited: 0 });
      const gaps = times.slice(1).map((at, i) => at - (times[i] as number));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_MS - TRIP_MARGIN_MS);
    });
  },
);
