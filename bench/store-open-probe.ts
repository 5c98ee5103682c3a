/**
 * Helper of store.bench.ts, run in a fresh process so the open is truly cold and the memory figure holds only
 * the store: `node --import tsx bench/store-open-probe.ts <dataDir>` prints `{"openMs": n, "rssMb": n}`.
 */
import { openStore } from '../src/store/store.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: store-open-probe.ts <dataDir>');
const start = performance.now();
const store = await openStore(dir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
const openMs = performance.now() - start;
const rssMb = process.memoryUsage().rss / 2 ** 20;
await store.close();
process.stdout.write(`${JSON.stringify({ openMs, rssMb, cached: store.cache.size })}\n`);
