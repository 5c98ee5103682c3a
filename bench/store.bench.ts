/**
 * The store's speed and size: cold open of a cache with 100,000 answers, 10,000 findings recorded at once
 * (all committed), cache hits per second, and resident memory. Each speed beside its baseline in alternating
 * rounds: JSON.parse of the same lines for the open, a plain Map for the hits, plain write+fsync appends of the
 * same line for the put, bare inserts into the same database for the findings.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cacheKey } from '../src/store/answer-cache.js';
import type { FindingInput } from '../src/store/findings-log.js';
import { openStore } from '../src/store/store.js';
import { setLogLevel } from '../src/util/logger.js';
import { answerOf, CACHED, HOLDER, idOf, keyOf, writeCacheFile } from './cached-answers.js';
import { type Figure, interleaved, QUICK, runAlone, timed, versus } from './figures.js';

const FINDINGS = 10_000;
const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
/** Rounds of each figure and its baseline, alternating; the cold open's take two fresh processes each. */
const ROUNDS = QUICK ? 3 : 7;
const OPEN_ROUNDS = QUICK ? 3 : 5;
/** A put takes a millisecond or so: many rounds, so the median is not one fsync's luck. */
const PUT_ROUNDS = 21;
/** Cache lookups per round. */
const PROBES = 200_000;
const STORE_BASELINES =
  'cold open: a fresh process reading cache.jsonl and JSON.parse of each line; cache hits: a plain Map of the same keys; put: plain open+write+fsync+close appends of the same line; findings: bare inserts of the same bodies into a plain table of the same database';

function finding(i: number): FindingInput {
  return {
    status: 'not_found',
    idNumber: idOf(i),
    name: HOLDER,
    requester: { channel: 'batch', file: 'roster.xlsx', enterprise: '某某化工有限公司' },
    enterprise: '某某化工有限公司',
    reasons: ['全国平台没有查询到相关证件信息'],
    evidence: { source: 'national', platformSaid: '没有查询到相关证件信息！', certificates: [] },
  };
}

/** Open the store in a fresh process (see store-open-probe.ts); with `parse`, only JSON.parse of its lines. */
async function coldOpen(
  dir: string,
  parse = false,
): Promise<{ openMs: number; rssMb: number; cached: number }> {
  const probe = fileURLToPath(new URL('./store-open-probe.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    // Its collector on its own thread, as bench/run.ts starts the benchmarks (see there).
    ['--single-threaded-gc', '--import', 'tsx', probe, dir, ...(parse ? ['--parse'] : [])],
    { env: { ...process.env, CERT_VERIFY_LOG_LEVEL: 'silent', NODE_ENV: 'test' } },
  );
  return JSON.parse(stdout);
}

/** A plain durable append, the least a store write can cost: open, write, fsync, close. */
async function appendDurably(path: string, data: string): Promise<void> {
  const handle = await open(path, 'a', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export default async function main(): Promise<Figure[]> {
  setLogLevel('silent');
  const dir = await mkdtemp(join(tmpdir(), 'store-bench-'));
  try {
    const now = new Date();
    const bytes = await writeCacheFile(dir, now.toISOString());

    // Fresh processes in turn: the store's open, and JSON.parse of the same lines.
    const opens: Array<{ openMs: number; rssMb: number; cached: number }> = [];
    const open = await interleaved(
      OPEN_ROUNDS,
      async () => {
        const parsed = await coldOpen(dir, true);
        if (parsed.cached !== CACHED) throw new Error(`parsed ${parsed.cached} lines`);
        return parsed.openMs;
      },
      async () => {
        const opened = await coldOpen(dir);
        if (opened.cached !== CACHED) throw new Error('cold open did not find every cached answer');
        opens.push(opened);
        return opened.openMs;
      },
    );
    const rssMb = Math.max(...opens.map((o) => o.rssMb));
    const store = await openStore(dir, { cache: TTL });

    // The same keys looked up in a plain Map of the same answers (making the keys is in both).
    const plain = new Map<string, unknown>();
    for (let i = 0; i < CACHED; i++) plain.set(cacheKey(keyOf(i)), answerOf(i));
    let hits = 0;
    const hitLoop = (get: (i: number) => unknown) => () =>
      timed(() => {
        for (let n = 0; n < PROBES; n++) if (get((n * 7919) % CACHED)) hits++;
      });
    const lookups = await interleaved(
      ROUNDS,
      hitLoop((i) => plain.get(cacheKey(keyOf(i)))),
      hitLoop((i) => store.cache.get(keyOf(i), now)),
    );
    if (hits !== 2 * ROUNDS * PROBES) throw new Error(`cache hits ${hits} of ${2 * ROUNDS * PROBES}`);

    // The first fsync also flushes the file just written by the set-up; then puts against plain appends of the
    // same line to a file of its own.
    await store.cache.put(keyOf(CACHED), answerOf(CACHED), now);
    let person = CACHED;
    const plainFile = join(dir, 'plain.jsonl');
    const put = await interleaved(
      PUT_ROUNDS,
      () =>
        timed(() =>
          appendDurably(plainFile, `${JSON.stringify({ ...keyOf(person), answer: answerOf(person) })}\n`),
        ),
      () => {
        person++;
        return timed(() => store.cache.put(keyOf(person), answerOf(person), now));
      },
    );
    await store.close();

    // Findings into the store's database, one day of them per round (no two rounds the same findings), against
    // as many bare inserts of the same bodies into a plain table of the same database, as many at once.
    const findingsStore = await openStore(join(dir, 'findings'), { cache: TTL });
    await findingsStore.db.exec(
      'create table if not exists bench_plain (id text primary key, body json not null)',
    );
    let round = 0;
    let plainRound = 0;
    const record = await interleaved(
      ROUNDS,
      async () => {
        plainRound++;
        return timed(() =>
          Promise.all(
            Array.from({ length: FINDINGS }, (_, i) =>
              findingsStore.db.query('insert into bench_plain (id, body) values ($1, $2::json)', [
                `${plainRound}-${i}`,
                JSON.stringify(finding(i)),
              ]),
            ),
          ),
        );
      },
      async () => {
        const at = new Date(now.getTime() + round++ * 86_400_000);
        return timed(() =>
          Promise.all(
            Array.from({ length: FINDINGS }, (_, i) => findingsStore.findings.record(finding(i), at)),
          ),
        );
      },
    );
    const stored = await findingsStore.findings.size();
    await findingsStore.close();
    if (stored !== FINDINGS * ROUNDS) throw new Error(`${stored} findings stored`);

    return [
      { name: 'cache.jsonl size with 100,000 answers', value: Math.round(bytes / 2 ** 20), unit: 'MB' },
      versus(
        {
          name: `cold open, 100,000 cached answers (fresh processes, median of ${OPEN_ROUNDS})`,
          value: Math.round(open.subject),
          unit: 'ms',
          baseline: Math.round(open.baseline),
          what: STORE_BASELINES,
        },
        open,
        // Quiet 1.6–1.8×, busy 1.15–2.55×: aim < 3.5× leaves 35 % over the busiest.
        3.5,
      ),
      // Memory stays absolute: no baseline stands for it (it is the answers' size in memory, not a speed).
      {
        name: 'resident memory (RSS) after cold open of 100,000 cached answers',
        value: Math.round(rssMb),
        unit: 'MB',
      },
      versus(
        {
          name: 'cache-hit lookups per second',
          value: Math.round((PROBES * 1000) / lookups.subject),
          unit: '/s',
          baseline: Math.round((PROBES * 1000) / lookups.baseline),
          what: STORE_BASELINES,
        },
        lookups,
        // Quiet 1.2–1.3×, busy 1.1–1.7×: aim < 2.4× leaves 40 % over the busiest.
        2.4,
      ),
      versus(
        {
          name: `one cache put, durable (appends one line to 100,000 answers; median of ${PUT_ROUNDS})`,
          value: Number(put.subject.toFixed(1)),
          unit: 'ms',
          baseline: Number(put.baseline.toFixed(1)),
          what: STORE_BASELINES,
        },
        put,
        // Quiet 0.7–1.1×, busy 1.1× (one fsync either way): aim < 2× leaves 80 % (a second fsync per put
        // would double it).
        2,
      ),
      versus(
        {
          name: `10,000 findings recorded at once, all committed (median of ${ROUNDS})`,
          value: Math.round(record.subject),
          unit: 'ms',
          baseline: Math.round(record.baseline),
          what: STORE_BASELINES,
        },
        record,
        // A finding is one upsert against the baseline's one insert: aim < 3× until figures of a quiet machine.
        3,
      ),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('store', main);
