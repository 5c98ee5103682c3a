/**
 * The store's findings: 10,000 recorded at once (all committed), beside as many bare inserts of the same bodies
 * into a plain table of the same database, in alternating rounds. The answer cache has its own benchmark
 * (answers-store.bench.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FindingInput } from '../src/store/findings-log.js';
import { openStore } from '../src/store/store.js';
import { setLogLevel } from '../src/util/logger.js';
import { HOLDER, idOf } from './cached-answers.js';
import { type Figure, interleaved, QUICK, runAlone, timed, versus } from './figures.js';

const FINDINGS = 10_000;
const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
/** Rounds of each figure and its baseline, alternating. */
const ROUNDS = QUICK ? 3 : 7;
const STORE_BASELINES = 'bare inserts of the same bodies into a plain table of the same database';

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

export default async function main(): Promise<Figure[]> {
  setLogLevel('silent');
  const dir = await mkdtemp(join(tmpdir(), 'store-bench-'));
  try {
    const now = new Date();

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
