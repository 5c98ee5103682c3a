/**
 * The answer cache on the SQL store (answer-store.ts) beside today's file cache (cache.jsonl held in memory,
 * files/answer-file.ts), in one run:
 *  1. cache-hit verdicts per second through the real pipeline, one at a time as in chat and four at a time as a
 *     batch runs them, 100,000 answers cached; the findings and audit writes are no-ops on both sides, so the
 *     cache is all that differs;
 *  2. resident memory of a fresh process that opens a store holding 1,000,000 answers and answers 1,000 queries,
 *     beside one holding 10,000 (aim ≤ 1.3×: memory must not grow with the answers stored);
 *  3. start-up (openStore in a fresh process) with 1,000,000 answers (aim < 2 s), beside opening a store with no
 *     answers on the same engine.
 * On PostgreSQL when CERT_VERIFY_BENCH_PG_URL (or CERT_VERIFY_TEST_PG_URL) is set, each store in a fresh schema
 * dropped afterwards; on PGlite when no URL is set or with `--pglite`. `--quick`: 100,000 answers in the big
 * store and fewer rounds.
 *
 *   CERT_VERIFY_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/answers-store.bench.ts
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config/load.js';
import type { ParsedQuery, Requester } from '../src/domain/query.js';
import type { CertificateLookup } from '../src/lookup/port.js';
import type { SqlDb } from '../src/sql/db.js';
import { openPgDb } from '../src/sql/pg-db.js';
import { type AnswerCache, cacheKey } from '../src/store/answers.js';
import type { AuditLog } from '../src/store/audit-log.js';
import type { CheckTally } from '../src/store/check-tally.js';
import { AnswerFile } from '../src/store/files/answer-file.js';
import type { FindingsLog } from '../src/store/findings-log.js';
import type { StoreDbSettings } from '../src/store/sql/open-db.js';
import { openStore, type Store } from '../src/store/store.js';
import { setLogLevel } from '../src/util/logger.js';
import { createPipeline, type PipelineDeps } from '../src/verify/pipeline.js';
import { CACHED, fillAnswers, HOLDER, idOf, isNotFound, writeCacheFile } from './cached-answers.js';
import { alternate, compare, type Figure, QUICK, runAlone, timed, versus } from './figures.js';

const PG_URL = process.env.CERT_VERIFY_BENCH_PG_URL ?? process.env.CERT_VERIFY_TEST_PG_URL ?? '';
const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const RULES = loadConfig({ env: {} }).rules;
const TODAY = '2026-01-10';
/** Queries per run of the hit figures (each run asks new people: 4 runs × HIT_ROUNDS × HIT_QUERIES < CACHED). */
const HIT_QUERIES = 500;
const HIT_ROUNDS = QUICK ? 3 : 9;
const BATCH_CONCURRENCY = 4;
/** The big store's answers, the small one's, and the queries each fresh process answers. */
const BIG = QUICK ? 100_000 : 1_000_000;
const SMALL = 10_000;
const MEMORY_QUERIES = 1_000;
/** Rounds of fresh processes (empty, small, big store each). */
const PROCESS_ROUNDS = QUICK ? 1 : 3;
const HIT_BASELINE =
  "today's file cache: every answer of the same cache.jsonl held in memory (AnswerFile), the same pipeline and queries, findings and audit writes no-ops on both sides";
const MEMORY_BASELINE = 'the same, the store holding 10,000 answers (fresh process each, median)';
const OPEN_BASELINE = 'openStore on a store with no answers, same engine (fresh process each, median)';
const BARE_BASELINE =
  'bare primary-key selects of the same answers on the same engine and connection, as many at a time (no pipeline, no memory in front)';
const BARE_OPEN_BASELINE =
  "the engine alone opened on the same big store's database and asked `select 1` (fresh process each, median)";

/** Where the stores of one engine live: a data directory each, and on PostgreSQL a schema each. */
interface Engine {
  label: string;
  settings(name: string): StoreDbSettings;
  /** Drop what the run made on the server. */
  drop(): Promise<void>;
}

function engines(): Engine[] {
  const list: Engine[] = [];
  if (PG_URL) {
    const schemas: string[] = [];
    list.push({
      label: 'PostgreSQL',
      settings(name) {
        const schema = `bench_answers_${process.pid}_${name}`;
        schemas.push(schema);
        return { databaseUrl: PG_URL, schema };
      },
      async drop() {
        const db = await openPgDb(PG_URL);
        for (const schema of schemas) await db.exec(`drop schema if exists ${schema} cascade`);
        await db.close();
      },
    });
  }
  if (!PG_URL || process.argv.includes('--pglite'))
    list.push({
      label: 'PGlite',
      settings: () => ({ databaseUrl: '', schema: 'cert_verify' }),
      drop: async () => {},
    });
  return list;
}

/** Who asks: a roster's rows. */
const REQUESTER: Requester = { channel: 'batch', file: 'roster.xlsx', enterprise: '某某化工有限公司' };

/** Fails the run: every query must be answered from the cache. */
const unreachable: CertificateLookup = {
  lookup: () => Promise.reject(new Error('the benchmark must not reach the national platform')),
};

/** The file cache behind the interface the pipeline uses (hits only: nothing is stored). */
function fileCache(file: AnswerFile): AnswerCache {
  return {
    get: async (key, now) => file.get(key, now),
    findById: async (idNumber, now) => file.findById(idNumber, now),
    freshKeys: async (keys, now) => new Set(keys.filter((k) => file.get(k, now)?.fresh).map(cacheKey)),
    prefetch: async () => {},
    count: async () => file.size,
    put: () => Promise.reject(new Error('the file cache of the benchmark is read only')),
    flush: async () => {},
  };
}

/** The store with `cache` and its findings, audit and check writes made no-ops. */
function cacheOnly(store: Store, cache: AnswerCache): PipelineDeps['store'] {
  const findings = { record: async () => ({ finding: {}, duplicate: false }) } as unknown as FindingsLog;
  const audit = { append: async () => {} } as unknown as AuditLog;
  const checks = { record: () => {} } as unknown as CheckTally;
  return { registry: store.registry, cache, findings, audit, checks };
}

/** The n-th question: people spread over the whole cache, as a roster row naming the type. */
function queryOf(n: number): ParsedQuery {
  const idNumber = idOf((n * 7919) % CACHED);
  return { input: idNumber, idNumber, valid: true, reasons: [], name: HOLDER, personType: 'special' };
}

let asked = 0;

/** Milliseconds to verify HIT_QUERIES new queries over `store`, `concurrency` at a time, all from the cache. */
async function hitRun(store: PipelineDeps['store'], concurrency: number): Promise<number> {
  const pipeline = createPipeline({ store, national: unreachable, rules: RULES });
  const first = asked;
  asked += HIT_QUERIES;
  let next = first;
  let notFound = 0;
  const worker = async () => {
    while (next < first + HIT_QUERIES) {
      const n = next++;
      const verdict = await pipeline.verify(queryOf(n), { requester: REQUESTER, today: TODAY });
      if (verdict.source !== 'cache')
        throw new Error(`query ${n} answered from ${verdict.source ?? 'nowhere'}`);
      if (verdict.status === 'not_found') notFound++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - start;
  let expected = 0;
  for (let n = first; n < first + HIT_QUERIES; n++) if (isNotFound((n * 7919) % CACHED)) expected++;
  if (notFound !== expected) throw new Error(`${notFound} not_found verdicts, expected ${expected}`);
  return ms;
}

/**
 * Milliseconds for HIT_QUERIES bare reads of the same answers on the same engine, `concurrency` at a time: the
 * primary-key select a cache hit comes down to, without the pipeline or the memory in front of the table.
 */
async function bareRun(db: SqlDb, concurrency: number): Promise<number> {
  const first = asked;
  asked += HIT_QUERIES;
  let next = first;
  const worker = async () => {
    while (next < first + HIT_QUERIES) {
      const { idNumber, name, personType } = queryOf(next++);
      const rows = await db.query(
        'select answer from answers where id_number = $1 and person_type = $2 and name = $3',
        [idNumber, personType, name],
      );
      if (rows.length !== 1) throw new Error(`a bare read found ${rows.length} answers`);
    }
  };
  return timed(() => Promise.all(Array.from({ length: concurrency }, worker)));
}

/** Figure 1 on one engine. */
async function hitFigures(engine: Engine, root: string): Promise<Figure[]> {
  const storedAt = new Date().toISOString();
  await writeCacheFile(root, storedAt, ['manager', 'principal']);
  const file = fileCache(await AnswerFile.open(root, TTL));
  const store = await openStore(join(root, 'hits'), { cache: TTL, database: engine.settings('hits') });
  try {
    await fillAnswers(store.db, CACHED, storedAt, ['manager', 'principal']);
    const times = {
      file: [] as number[],
      sql: [] as number[],
      fileBatch: [] as number[],
      sqlBatch: [] as number[],
      bare: [] as number[],
      bareBatch: [] as number[],
    };
    await alternate(HIT_ROUNDS, [
      async () => times.file.push(await hitRun(cacheOnly(store, file), 1)),
      async () => times.sql.push(await hitRun(cacheOnly(store, store.cache), 1)),
      async () => times.fileBatch.push(await hitRun(cacheOnly(store, file), BATCH_CONCURRENCY)),
      async () => times.sqlBatch.push(await hitRun(cacheOnly(store, store.cache), BATCH_CONCURRENCY)),
      async () => times.bare.push(await bareRun(store.db, 1)),
      async () => times.bareBatch.push(await bareRun(store.db, BATCH_CONCURRENCY)),
    ]);
    const perSecond = (ms: number) => Math.round(HIT_QUERIES / (ms / 1000));
    const one = compare(times.sql, times.file);
    const four = compare(times.sqlBatch, times.fileBatch);
    const oneBare = compare(times.sql, times.bare);
    const fourBare = compare(times.sqlBatch, times.bareBatch);
    return [
      versus(
        {
          name: `${engine.label}: cache-hit verdicts per second, one at a time (100,000 cached, ${HIT_QUERIES} queries × ${HIT_ROUNDS})`,
          value: perSecond(one.subject),
          unit: '/s',
          baseline: perSecond(one.baseline),
          what: HIT_BASELINE,
        },
        one,
        HIT_AIM_ONE,
      ),
      versus(
        {
          name: `${engine.label}: cache-hit verdicts per second, ${BATCH_CONCURRENCY} at a time`,
          value: perSecond(four.subject),
          unit: '/s',
          baseline: perSecond(four.baseline),
          what: HIT_BASELINE,
        },
        four,
        HIT_AIM_FOUR,
      ),
      ...[
        { label: 'one at a time', compared: oneBare },
        { label: `${BATCH_CONCURRENCY} at a time`, compared: fourBare },
      ].map(({ label, compared }) => ({
        name: `${engine.label}: cache-hit verdicts per second, ${label}, beside bare reads of the same answers`,
        value: perSecond(compared.subject),
        unit: '/s',
        baseline: { value: perSecond(compared.baseline), what: BARE_BASELINE },
        ratio: Number(compared.ratio.toFixed(2)),
      })),
    ];
  } finally {
    await store.close();
  }
}

/** What a probe process measured (see store-open-probe.ts). */
interface Probe {
  openMs: number;
  rssMb: number;
  answered: number;
}

/** Open the store of `dir` in a fresh process and ask it `queries` questions over `spread` people. */
async function probe(
  dir: string,
  settings: StoreDbSettings,
  queries: number,
  spread: number,
  bare = false,
): Promise<Probe> {
  const script = fileURLToPath(new URL('./store-open-probe.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    // Its collector on its own thread, as bench/run.ts starts the benchmarks (see there).
    [
      '--single-threaded-gc',
      '--import',
      'tsx',
      script,
      dir,
      settings.databaseUrl,
      settings.schema,
      String(queries),
      String(spread),
      ...(bare ? ['bare'] : []),
    ],
    { env: { ...process.env, CERT_VERIFY_LOG_LEVEL: 'silent', NODE_ENV: 'test' } },
  );
  const result = JSON.parse(stdout) as Probe;
  if (result.answered !== queries) throw new Error(`probe answered ${result.answered} of ${queries}`);
  return result;
}

/** A store of `count` answers, closed, ready for the probes. */
async function filledStore(engine: Engine, root: string, name: string, count: number) {
  const dir = join(root, name);
  const settings = engine.settings(name);
  const store = await openStore(dir, { cache: TTL, database: settings });
  try {
    if (count > 0) await fillAnswers(store.db, count, new Date().toISOString());
  } finally {
    await store.close();
  }
  return { dir, settings, count };
}

/** Figures 2 and 3 on one engine. */
async function processFigures(engine: Engine, root: string): Promise<Figure[]> {
  const empty = await filledStore(engine, root, 'empty', 0);
  const small = await filledStore(engine, root, 'small', SMALL);
  const big = await filledStore(engine, root, 'big', BIG);
  const runs = { empty: [] as Probe[], small: [] as Probe[], big: [] as Probe[], bare: [] as Probe[] };
  await alternate(PROCESS_ROUNDS, [
    async () => runs.empty.push(await probe(empty.dir, empty.settings, 0, 1)),
    async () => runs.small.push(await probe(small.dir, small.settings, MEMORY_QUERIES, SMALL)),
    async () => runs.big.push(await probe(big.dir, big.settings, MEMORY_QUERIES, BIG)),
    async () => runs.bare.push(await probe(big.dir, big.settings, 0, 1, true)),
  ]);
  const rss = compare(
    runs.big.map((r) => r.rssMb),
    runs.small.map((r) => r.rssMb),
  );
  const open = compare(
    runs.big.map((r) => r.openMs),
    runs.empty.map((r) => r.openMs),
  );
  const bareOpen = compare(
    runs.big.map((r) => r.openMs),
    runs.bare.map((r) => r.openMs),
  );
  const bigCount = BIG.toLocaleString('en-US');
  return [
    {
      name: `${engine.label}: resident memory of a fresh process, store of ${bigCount} answers, ${MEMORY_QUERIES.toLocaleString('en-US')} queries`,
      value: Math.round(rss.subject),
      unit: 'MB',
      baseline: { value: Math.round(rss.baseline), what: MEMORY_BASELINE },
      ratio: Number(rss.ratio.toFixed(2)),
      aim: '<= 1.3×',
      met: rss.ratio <= 1.3,
    },
    {
      name: `${engine.label}: start-up (openStore, fresh process), store of ${bigCount} answers`,
      value: Math.round(open.subject),
      unit: 'ms',
      baseline: { value: Math.round(open.baseline), what: OPEN_BASELINE },
      ratio: Number(open.ratio.toFixed(2)),
      aim: '< 2000 ms',
      met: open.subject < 2000,
    },
    {
      name: `${engine.label}: the same start-up, beside the engine alone opening that database`,
      value: Math.round(bareOpen.subject),
      unit: 'ms',
      baseline: { value: Math.round(bareOpen.baseline), what: BARE_OPEN_BASELINE },
      ratio: Number(bareOpen.ratio.toFixed(2)),
    },
  ];
}

/** Every figure, on every engine. */
async function measure(): Promise<Figure[]> {
  setLogLevel('silent');
  const figures: Figure[] = [];
  for (const engine of engines()) {
    const root = await mkdtemp(join(tmpdir(), 'answers-bench-'));
    try {
      figures.push(...(await hitFigures(engine, root)), ...(await processFigures(engine, root)));
    } finally {
      await engine.drop();
      await rm(root, { recursive: true, force: true });
    }
  }
  return figures;
}

/** Aims on the SQL cache's cost ÷ the file cache's (see the figures in the report of this benchmark). */
const HIT_AIM_ONE = 20;
const HIT_AIM_FOUR = 20;

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('answers-store', measure);
