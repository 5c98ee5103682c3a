/**
 * Helper of answers-store.bench.ts, run in a fresh process so the open is truly cold and the memory figure holds
 * only the store: `node --import tsx bench/store-open-probe.ts <dataDir> <databaseUrl or ""> <schema> <queries>`
 * opens the store (PGlite in the data directory, or the PostgreSQL of the URL in that schema), then asks the
 * answer cache about `queries` people spread over those `fillAnswers` stored, and prints `{"openMs": n,
 * "rssMb": n, "answered": n}` (rssMb after the queries). With a last argument `bare` it opens instead the engine
 * alone on the same database (PGlite in the store's folder, or a pool in that schema) and asks it `select 1`.
 */
import { openPgDb } from '../src/sql/pg-db.js';
import { openPgliteDb } from '../src/sql/pglite-db.js';
import { storePgliteDir } from '../src/store/sql/open-db.js';
import { openStore } from '../src/store/store.js';
import { keyOf } from './cached-answers.js';

const [dir, databaseUrl = '', schema = 'cert_verify', queries = '0', spread = '1', mode] =
  process.argv.slice(2);
if (!dir)
  throw new Error('usage: store-open-probe.ts <dataDir> <databaseUrl> <schema> <queries> <spread> [bare]');

/** Open the store and ask it the queries. */
async function storeRun(): Promise<{ openMs: number; rssMb: number; answered: number }> {
  const now = new Date();
  const start = performance.now();
  const store = await openStore(dir as string, {
    cache: { positiveTtlDays: 7, negativeTtlDays: 1 },
    database: { databaseUrl, schema },
  });
  const openMs = performance.now() - start;
  let answered = 0;
  for (let n = 0; n < Number(queries); n++) {
    const key = keyOf((n * 7919) % Number(spread));
    if ((await store.cache.get(key, now)) && (await store.cache.findById(key.idNumber, now)).length > 0)
      answered++;
  }
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  await store.close();
  return { openMs, rssMb, answered };
}

/** Open the engine alone on the store's database and ask it `select 1`. */
async function bareRun(): Promise<{ openMs: number; rssMb: number; answered: number }> {
  const start = performance.now();
  const db =
    databaseUrl === ''
      ? await openPgliteDb(storePgliteDir(dir as string), { schema })
      : await openPgDb(databaseUrl, { schema });
  await db.query('select 1');
  const openMs = performance.now() - start;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  await db.close();
  return { openMs, rssMb, answered: 0 };
}

const result = mode === 'bare' ? await bareRun() : await storeRun();
process.stdout.write(`${JSON.stringify(result)}\n`);
