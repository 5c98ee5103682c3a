/**
 * One bot instance for the pacing test (pacing-instances.test.ts), run as a child process: the real national
 * client on the simulator (`argv[2]`), paced through the store's database (PostgreSQL through
 * CERT_VERIFY__store__databaseUrl and __schema, the interval through CERT_VERIFY_MIN_INTERVAL_MS). It prints
 * `ready` once connected, waits for a line on stdin, runs `argv[3]` lookups at priority `argv[4]` at once
 * (the client queues them) and prints what the client counted as JSON.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config/load.js';
import { createNationalLookup } from '../../src/lookup/national/client.js';
import type { LookupPriority } from '../../src/lookup/port.js';
import { openStoreDb } from '../../src/store/sql/open-db.js';
import { SqlPlatformPacer } from '../../src/store/sql/platform-pacer.js';
import { simulatorCaptchaSeam } from '../helpers/simulator-captcha.js';

const [url = '', count = '1', priority = 'chat'] = process.argv.slice(2);
const dataDir = mkdtempSync(join(tmpdir(), 'pacing-instance-'));
const config = loadConfig({
  env: process.env,
  overrides: [
    { key: 'dataDir', value: dataDir, source: 'test' },
    { key: 'lookup.baseUrl', value: url, source: 'test' },
    { key: 'log.level', value: 'error', source: 'test' },
  ],
});
const db = await openStoreDb(dataDir, config.store);
const { http, solver } = simulatorCaptchaSeam(config.lookup);
const national = createNationalLookup(config.lookup, solver, {
  http,
  pacer: new SqlPlatformPacer(db, { intervalMs: config.lookup.minIntervalMs }),
});
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once('line', resolve));
lines.close();
const results = await Promise.allSettled(
  Array.from({ length: Number(count) }, (_, i) =>
    national.lookup({
      idNumber: `1101051985031${String(process.pid % 100).padStart(2, '0')}${String(i).padStart(2, '0')}1`,
      name: '张三',
      personType: 'special',
      priority: priority as LookupPriority,
    }),
  ),
);
process.stdout.write(
  `${JSON.stringify({ answered: results.filter((r) => r.status === 'fulfilled').length, counters: national.counters() })}\n`,
);
await db.close();
