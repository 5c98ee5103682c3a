/**
 * Helper of store.bench.ts, run in a fresh process so the open is truly cold and the memory figure holds only
 * the store: `node --import tsx bench/store-open-probe.ts <dataDir>` prints `{"openMs": n, "rssMb": n,
 * "cached": n}`; with `--parse` after the directory it times, as the open's baseline, reading the same
 * `cache.jsonl` and `JSON.parse` of each of its lines, nothing else (`cached` is then the lines parsed).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_FILES } from '../src/store/answer-cache.js';
import { openStore } from '../src/store/store.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: store-open-probe.ts <dataDir> [--parse]');
if (process.argv[3] === '--parse') {
  const start = performance.now();
  const lines = (await readFile(join(dir, CACHE_FILES.current), 'utf8')).split('\n');
  let parsed = 0;
  for (const line of lines.slice(1)) if (line !== '' && JSON.parse(line)) parsed++;
  const openMs = performance.now() - start;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  process.stdout.write(`${JSON.stringify({ openMs, rssMb, cached: parsed })}\n`);
} else {
  const start = performance.now();
  const store = await openStore(dir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
  const openMs = performance.now() - start;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  await store.close();
  process.stdout.write(`${JSON.stringify({ openMs, rssMb, cached: store.cache.size })}\n`);
}
