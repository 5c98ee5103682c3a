/**
 * The national platform's pace shared through the database (issue 24): three instances ask at once, each one
 * query at a time at mixed priorities, and together are granted N queries. The figure is the time from the first
 * grant to the last, beside the one-instance bound ((N − 1) × interval: the fastest the pace allows); the aim is
 * within 1.02× of it. Measured on PostgreSQL with three connection pools (three instances) when
 * CERT_VERIFY_TEST_PG_URL names a server, and on PGlite (one connection, three pacers on it); beside each, the
 * in-memory pacer of one process over the same N, for how close the bound is reached without a database (a busy
 * machine's timers fire late: that lateness is in both).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { memoryPacer, type Pacer } from '../src/lookup/pacer.js';
import type { LookupPriority } from '../src/lookup/port.js';
import type { SqlDb } from '../src/sql/db.js';
import { openPgDb } from '../src/sql/pg-db.js';
import { SqlPlatformPacer } from '../src/store/sql/platform-pacer.js';
import {
  PG_SKIP_REASON,
  pgliteDatabase,
  postgresDatabase,
  TEST_PG_URL,
  type TestDatabase,
} from '../test/helpers/databases.js';
import { migrateStore } from '../test/helpers/store-schema.js';
import { type Figure, QUICK, runAlone, versus } from './figures.js';

const PRIORITIES: LookupPriority[] = ['chat', 'batch', 'background'];
/** The platform's interval: 3 s by default; 1 s keeps the run short and a late timer still shows. */
const INTERVAL_MS = 1000;
const [GRANTS, INSTANCES] = [QUICK ? 8 : 30, 3];
const AIM = 1.02;

/** `GRANTS` grants shared among `pacers` (each asking one at a time); ms from the first grant to the last. */
async function span(pacers: Pacer[]): Promise<number> {
  const times: number[] = [];
  let left = GRANTS;
  await Promise.all(
    pacers.map(async (pacer, i) => {
      for (let n = 0; left > 0; n++) {
        left--;
        await pacer.wait(PRIORITIES[(i + n) % PRIORITIES.length] as LookupPriority);
        times.push(performance.now());
      }
    }),
  );
  return Math.max(...times) - Math.min(...times);
}

async function figuresOn(label: string, database: TestDatabase, pools: boolean): Promise<Figure[]> {
  const opened = await database.open();
  const extra: SqlDb[] = [];
  try {
    await migrateStore(opened.db);
    for (let i = 1; i < INSTANCES && pools; i++) extra.push(await openPgDb(opened.url as string));
    const dbs = pools ? [opened.db, ...extra] : Array.from({ length: INSTANCES }, () => opened.db);
    const shared = await span(dbs.map((db) => new SqlPlatformPacer(db, { intervalMs: INTERVAL_MS })));
    const alone = await span([
      memoryPacer(
        INTERVAL_MS,
        () => performance.now(),
        (ms) => delay(ms),
      ),
    ]);
    const bound = (GRANTS - 1) * INTERVAL_MS;
    return [
      versus(
        {
          name: `${GRANTS} queries of ${INSTANCES} instances on ${label}, first to last`,
          value: Math.round(shared),
          unit: 'ms',
          baseline: bound,
          what: `the one-instance bound, (N − 1) × ${INTERVAL_MS} ms`,
        },
        { ratio: shared / bound },
        AIM,
      ),
      {
        name: `the same ${GRANTS} queries of one instance, paced in memory (timers' own lateness)`,
        value: Math.round(alone),
        unit: 'ms',
        baseline: { value: bound, what: `the one-instance bound, (N − 1) × ${INTERVAL_MS} ms` },
        ratio: Number((alone / bound).toFixed(3)),
      },
    ];
  } finally {
    await Promise.all(extra.map((db) => db.close()));
    await opened.drop();
  }
}

await runAlone('platform-pacing', async () => {
  const figures: Figure[] = [];
  if (TEST_PG_URL) figures.push(...(await figuresOn('PostgreSQL (three pools)', postgresDatabase, true)));
  else process.stderr.write(`${PG_SKIP_REASON}\n`);
  figures.push(...(await figuresOn('PGlite (one connection)', pgliteDatabase, false)));
  return figures;
});
