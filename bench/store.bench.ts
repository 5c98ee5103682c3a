/**
 * The store's findings: 10,000 recorded at once (all durable, and how many disk writes that took), beside plain
 * write+fsync appends of the same lines in alternating rounds. The answer cache has its own benchmark
 * (answers-store.bench.ts).
 */
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
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
/** Passes of the plain appends per baseline step of the findings (see there). */
const RECORD_PASSES = 4;
const STORE_BASELINES = 'plain open+write+fsync+close appends of the same lines';

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

/** `lines` appended durably in `writes` plain writes of equal share. */
async function appendInWrites(path: string, lines: string[], writes: number): Promise<void> {
  const per = Math.ceil(lines.length / writes);
  for (let i = 0; i < lines.length; i += per)
    await appendDurably(path, `${lines.slice(i, i + per).join('\n')}\n`);
}

export default async function main(): Promise<Figure[]> {
  setLogLevel('silent');
  const dir = await mkdtemp(join(tmpdir(), 'store-bench-'));
  try {
    // Each round on a fresh data directory: the store recording them, and the same lines in as many plain
    // appends as it made.
    let findingWrites = 0;
    const recordRound = async (round: number) => {
      const findingsStore = await openStore(join(dir, `findings-${round}`), { cache: TTL });
      const at = new Date();
      const ms = await timed(() =>
        Promise.all(
          Array.from({ length: FINDINGS }, (_, i) => findingsStore.findings.record(finding(i), at)),
        ),
      );
      findingWrites = findingsStore.findings.diskWrites;
      await findingsStore.close();
      const lines = (await readFile(join(dir, `findings-${round}`, 'findings.jsonl'), 'utf8'))
        .trimEnd()
        .split('\n');
      const onDisk = lines.slice(1).filter((line) => (JSON.parse(line) as { t: string }).t === 'new').length;
      if (onDisk !== FINDINGS) throw new Error(`${onDisk} findings on disk`);
      return ms;
    };
    // The plain appends take a quarter of the store's time: each baseline step does RECORD_PASSES of them, so
    // it lasts about as long as the store's step and a busy machine slows both alike (its cost is per pass).
    let round = 0;
    let plainRound = 0;
    const record = await interleaved(
      ROUNDS,
      async () => {
        plainRound++;
        const ms = await timed(async () => {
          for (let pass = 0; pass < RECORD_PASSES; pass++) {
            const lines = Array.from({ length: FINDINGS }, (_, i) =>
              JSON.stringify({ t: 'new', finding: finding(i) }),
            );
            const file = join(dir, `plain-findings-${plainRound}-${pass}.jsonl`);
            await appendInWrites(file, lines, Math.max(1, findingWrites));
          }
        });
        return ms / RECORD_PASSES;
      },
      () => recordRound(round++),
    );

    return [
      versus(
        {
          name: `10,000 findings recorded at once, all durable (median of ${ROUNDS})`,
          value: Math.round(record.subject),
          unit: 'ms',
          baseline: Math.round(record.baseline),
          what: STORE_BASELINES,
        },
        record,
        // Quiet 3.4×, busy 4.1–5.8×: aim < 7.5× leaves 30 % over the busiest; one fsync per finding would be
        // > 100×.
        7.5,
      ),
      // A count, not a speed: the aim stays absolute.
      {
        name: 'disk writes for those 10,000 findings',
        value: findingWrites,
        unit: 'writes',
        aim: '<= 100',
        met: findingWrites <= 100,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('store', main);
