/**
 * The pipeline over the store on cache hits: verdicts per second through the real pipeline and a real store
 * holding 100,000 cached answers (the national platform is never reached: a lookup fails the run), one query
 * at a time as in chat and four at a time as a batch runs them; resident memory; and the share of the time
 * spent in store writes (findings and audit, durable), found by running the same queries again with those
 * writes replaced by no-ops. `npm run bench` runs it in a fresh process, so the memory figure is its own.
 *
 *   npx tsx bench/pipeline.bench.ts [--quick]
 */
import * as fsp from 'node:fs/promises';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load.js';
import type { ParsedQuery, Requester } from '../src/domain/query.js';
import type { CertificateLookup } from '../src/lookup/port.js';
import { CACHE_FILES } from '../src/store/answer-cache.js';
import type { StoreFs } from '../src/store/atomic-write.js';
import type { AuditLog } from '../src/store/audit-log.js';
import type { FindingsLog } from '../src/store/findings-log.js';
import { openStore, type Store } from '../src/store/store.js';
import { setLogLevel } from '../src/util/logger.js';
import { createPipeline } from '../src/verify/pipeline.js';
import { CACHED, HOLDER, idOf, isNotFound, writeCacheFile } from './cached-answers.js';
import { type Figure, runAlone } from './figures.js';

const QUICK = process.argv.includes('--quick');
/** Queries per run; one in five is `not_found`, which records a finding. */
const QUERIES = QUICK ? 2_000 : 10_000;
/** As many at a time as the batch runner verifies. */
const BATCH_CONCURRENCY = 4;
const TODAY = '2026-01-10';
const RULES = loadConfig({ env: {} }).rules;
const REQUESTER: Requester = {
  channel: 'batch',
  userId: 'bench',
  file: 'roster.xlsx',
  enterprise: '某某化工有限公司',
};

/** Fails the run: every query must be answered from the cache. */
const unreachable: CertificateLookup = {
  lookup: () => Promise.reject(new Error('the benchmark must not reach the national platform')),
};

/** The query for the n-th question: people spread over the whole cache, as a roster row naming the type. */
function queryOf(n: number): ParsedQuery {
  const idNumber = idOf((n * 7919) % CACHED);
  return { input: idNumber, idNumber, valid: true, reasons: [], name: HOLDER, personType: 'special' };
}

/** Disk writes and bytes written per store file, counted through the store's file-system seam. */
function countingFs(): { fs: StoreFs; writes: Map<string, { count: number; bytes: number }> } {
  const writes = new Map<string, { count: number; bytes: number }>();
  const fs: StoreFs = {
    ...fsp,
    open: (async (path: string, flags?: string, mode?: number) => {
      const handle = await fsp.open(path, flags, mode);
      if (flags === undefined || flags === 'r') return handle; // reads, and directories opened to fsync them
      const file = String(path)
        .replace(/^.*\//, '')
        .replace(/\.tmp-.*$/, '');
      const writeFile = handle.writeFile.bind(handle);
      handle.writeFile = (async (data: string) => {
        const seen = writes.get(file) ?? { count: 0, bytes: 0 };
        writes.set(file, { count: seen.count + 1, bytes: seen.bytes + Buffer.byteLength(data) });
        return writeFile(data, 'utf8');
      }) as typeof handle.writeFile;
      return handle;
    }) as StoreFs['open'],
  };
  return { fs, writes };
}

/** The store with its findings and audit writes made no-ops (the cache and registry are the real ones). */
function withoutWrites(store: Store): Pick<Store, 'registry' | 'cache' | 'findings' | 'audit'> {
  const findings = { record: async () => ({ finding: {}, duplicate: false }) } as unknown as FindingsLog;
  const audit = { append: async () => {} } as unknown as AuditLog;
  return { registry: store.registry, cache: store.cache, findings, audit };
}

/** Elapsed milliseconds of a run: all of it, and its last tenth (where the files written have grown most). */
interface RunTime {
  ms: number;
  lastTenthMs: number;
}

/** Verify QUERIES queries, `concurrency` at a time. */
async function run(
  store: Pick<Store, 'registry' | 'cache' | 'findings' | 'audit'>,
  concurrency: number,
): Promise<RunTime> {
  const pipeline = createPipeline({ store, national: unreachable, rules: RULES });
  let next = 0;
  let notFound = 0;
  let lastTenthStart = 0;
  const worker = async () => {
    while (next < QUERIES) {
      const n = next++;
      if (n === QUERIES - QUERIES / 10) lastTenthStart = performance.now();
      const verdict = await pipeline.verify(queryOf(n), { requester: REQUESTER, today: TODAY });
      if (verdict.source !== 'cache')
        throw new Error(`query ${n} answered from ${verdict.source ?? 'nowhere'}`);
      if (verdict.status === 'not_found') notFound++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const end = performance.now();
  const expected = Array.from({ length: QUERIES }, (_, n) => isNotFound((n * 7919) % CACHED)).filter(
    Boolean,
  ).length;
  if (notFound !== expected) throw new Error(`${notFound} not_found verdicts, expected ${expected}`);
  return { ms: end - start, lastTenthMs: end - lastTenthStart };
}

/** A fresh data directory holding a copy of the 100,000-answer cache. */
async function dataDir(root: string, name: string, cacheFile: string): Promise<string> {
  const dir = join(root, name);
  await fsp.mkdir(dir, { mode: 0o700 });
  await copyFile(cacheFile, join(dir, CACHE_FILES.current));
  return dir;
}

/** `fn`'s result, the store closed (its writes finished) whether `fn` succeeds or not. */
async function closing<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await store.close();
  }
}

/** Every measurement, in this process. */
async function measure(): Promise<Figure[]> {
  setLogLevel('silent');
  const root = await mkdtemp(join(tmpdir(), 'pipeline-bench-'));
  try {
    await writeCacheFile(root, new Date().toISOString(), ['manager', 'principal']);
    const cacheFile = join(root, CACHE_FILES.current);
    const cache = { positiveTtlDays: 7, negativeTtlDays: 1 };

    const counted = countingFs();
    const store = await openStore(await dataDir(root, 'sequential', cacheFile), { cache, fs: counted.fs });
    const [sequentialMs, noWritesMs] = await closing(store, async () => [
      await run(store, 1),
      await run(withoutWrites(store), 1),
    ]);
    const rssMb = process.memoryUsage().rss / 2 ** 20;

    const batchStore = await openStore(await dataDir(root, 'batch', cacheFile), { cache });
    const [batchMs, batchNoWritesMs] = await closing(batchStore, async () => [
      await run(batchStore, BATCH_CONCURRENCY),
      await run(withoutWrites(batchStore), BATCH_CONCURRENCY),
    ]);

    const perSecond = (t: RunTime) => Math.round(QUERIES / (t.ms / 1000));
    const writeShare = (withWrites: RunTime, without: RunTime) =>
      Math.round((100 * Math.max(0, withWrites.ms - without.ms)) / withWrites.ms);
    const written = [...counted.writes.values()].reduce(
      (a, w) => ({ count: a.count + w.count, bytes: a.bytes + w.bytes }),
      {
        count: 0,
        bytes: 0,
      },
    );
    const byFile = [...counted.writes.entries()].map(([f, w]) => `${f} ${w.count}×`).join(', ');
    const sequential = perSecond(sequentialMs);
    const batch = perSecond(batchMs);
    const sequentialShare = writeShare(sequentialMs, noWritesMs);
    const batchShare = writeShare(batchMs, batchNoWritesMs);
    return [
      {
        name: `cache-hit verdicts per second, one at a time (${QUERIES.toLocaleString('en-US')} queries, 100,000 cached)`,
        value: sequential,
        unit: '/s',
        aim: '>= 1,000',
        met: sequential >= 1000,
      },
      {
        name: 'the same, over the last tenth of the queries (findings and audit files at their largest)',
        value: Math.round(QUERIES / 10 / (sequentialMs.lastTenthMs / 1000)),
        unit: '/s',
      },
      {
        name: `cache-hit verdicts per second, ${BATCH_CONCURRENCY} at a time as a batch runs them`,
        value: batch,
        unit: '/s',
        aim: '>= 1,000',
        met: batch >= 1000,
      },
      {
        name: 'same queries, one at a time, with findings and audit writes as no-ops',
        value: perSecond(noWritesMs),
        unit: '/s',
      },
      // No aim: most of this is the fsync each finding waits for before anyone is told it was recorded.
      {
        name: 'share of the time in store writes, one at a time (durable findings and audit)',
        value: sequentialShare,
        unit: '%',
      },
      {
        name: `share of the time in store writes, ${BATCH_CONCURRENCY} at a time (durable findings and audit)`,
        value: batchShare,
        unit: '%',
      },
      {
        name: `store files written, one at a time (${byFile})`,
        value: written.count,
        unit: 'writes',
      },
      {
        name: 'bytes written per verdict, one at a time',
        value: Math.round(written.bytes / QUERIES / 1024),
        unit: 'KB',
      },
      {
        name: 'resident memory (RSS) with 100,000 cached answers, after the runs',
        value: Math.round(rssMb),
        unit: 'MB',
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('pipeline', measure);
