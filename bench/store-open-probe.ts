/**
 * Helper of answers-store.bench.ts, run in a fresh process so the open is truly cold and the memory figure holds
 * only the store: `node --import tsx bench/store-open-probe.ts <dataDir> <databaseUrl or ""> <schema> <queries>`
 * opens the store (PGlite in the data directory, or the PostgreSQL of the URL in that schema), then asks the
 * answer cache about `queries` people spread over those `fillAnswers` stored, and prints `{"openMs": n,
 * "rssMb": n, "answered": n}` (rssMb after the queries).
 */
import { openStore } from '../src/store/store.js';
import { keyOf } from './cached-answers.js';

const [dir, databaseUrl = '', schema = 'cert_verify', queries = '0', spread = '1'] = process.argv.slice(2);
if (!dir) throw new Error('usage: store-open-probe.ts <dataDir> <databaseUrl> <schema> <queries> <spread>');
const now = new Date();
const start = performance.now();
const store = await openStore(dir, {
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
process.stdout.write(`${JSON.stringify({ openMs, rssMb, answered })}\n`);
