/**
 * The findings (table `findings`): every verdict other than a plain valid (see isFindingVerdict), and every lead a
 * photo showed (whatever its verdict), for the enterprise's self-check and the bureau's leads. The same finding
 * (same ID number, enterprise and status on the same China day; for a photo's lead also the lead and the photo:
 * finding-key.ts) is counted, not repeated — by the table's unique key, so that several instances recording it at
 * once store it once with every report counted. `record` resolves only once the finding is committed, so nobody
 * is told it was recorded before it is. Nothing is kept in memory: every read goes to the database.
 */
import { todayInChina } from '../domain/dates.js';
import type { Finding } from '../domain/finding.js';
import type { VerdictStatus } from '../domain/status.js';
import type { Row, SqlDb, SqlRunner } from '../sql/db.js';
import { newFindingId } from './finding-id.js';
import { dedupKey, storedDedupKey } from './finding-key.js';
import { PendingWrites } from './sql/pending-writes.js';
import { isoOf, jsonOf } from './sql/row-values.js';

/**
 * What a caller reports; the log assigns the rest. `day` is the date the verdict was judged on (config `today`
 * when set); without it, the China day of the report.
 */
export type FindingInput = Omit<Finding, 'id' | 'day' | 'firstAt' | 'lastAt' | 'count'> & { day?: string };

/** Which findings to list. Days are China calendar days `YYYY-MM-DD`, both ends included. */
export interface FindingQuery {
  from?: string;
  to?: string;
  enterprise?: string;
  statuses?: VerdictStatus[];
}

/** What a finding row holds besides its columns (the finding less id, day, times and count). */
type FindingBody = Omit<Finding, 'id' | 'day' | 'firstAt' | 'lastAt' | 'count'>;

/** Columns a finding is read back from. */
const FINDING_COLUMNS = 'f.id, f.day, f.first_at, f.last_at, f.count, f.body';

/**
 * A new finding, or one more report of the same finding of its day (count + 1, lastAt the later), in one
 * statement: two instances inserting the same finding at once meet on the unique dedup key.
 */
const UPSERT = `insert into findings as f (id, dedup_key, day, first_at, last_at, count, enterprise, status, body)
  values ($1, $2, $3, $4::timestamptz, $4::timestamptz, 1, $5, $6, $7::json)
  on conflict (dedup_key) do update set count = f.count + 1, last_at = greatest(f.last_at, excluded.last_at)
  returning ${FINDING_COLUMNS}`;

/** The findings kept in the store's database. */
export class FindingsLog {
  /** Records not awaited by their caller (a batch's rows), for `flush`. */
  private readonly writes = new PendingWrites();

  constructor(private readonly db: SqlDb) {}

  /**
   * Record a finding reported at `at`; resolves once it is committed. `occasion` names the verification (a batch
   * job's row): the same occasion reported again with the same status — a job resumed after a crash, perhaps by
   * another instance, verifies the rows whose verdicts it had not saved yet — is not counted twice.
   */
  record(
    input: FindingInput,
    at: Date,
    occasion?: string,
  ): Promise<{ finding: Finding; duplicate: boolean }> {
    const write = this.write(input, at, occasion);
    this.writes.track(write, () => this.write(input, at, occasion));
    return write;
  }

  /** Resolves once every finding recorded so far is committed (one that failed is recorded again here). */
  flush(): Promise<void> {
    return this.writes.settle();
  }

  /** How many findings are kept. */
  async size(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('select count(*)::int as n from findings');
    return row?.n ?? 0;
  }

  /** Findings matching `query`, by China day (then first report, then the order recorded), newest last. */
  async list(query: FindingQuery = {}): Promise<Finding[]> {
    const rows = await this.db.query(
      `select ${FINDING_COLUMNS} from findings f
       where ($1::text is null or f.day >= $1) and ($2::text is null or f.day <= $2)
         and ($3::text is null or f.enterprise = $3) and ($4::text[] is null or f.status = any($4::text[]))
       order by f.day, f.first_at, f.seq`,
      [query.from ?? null, query.to ?? null, query.enterprise ?? null, query.statuses ?? null],
    );
    return rows.map(findingOf);
  }

  private write(
    { day: judged, ...input }: FindingInput,
    at: Date,
    occasion?: string,
  ): Promise<{ finding: Finding; duplicate: boolean }> {
    const day = judged ?? todayInChina(at);
    const id = newFindingId(day, at);
    const params = [
      id,
      storedDedupKey(dedupKey(input, day)),
      day,
      at.toISOString(),
      input.enterprise ?? null,
      input.status,
      JSON.stringify(input),
    ];
    const upsert = async (runner: SqlRunner) => {
      const [row] = await runner.query(UPSERT, params);
      const finding = findingOf(row as Row);
      return { finding, duplicate: finding.id !== id };
    };
    if (occasion === undefined) return upsert(this.db);
    // The status is part of the key: a row unverifiable before the crash and answered after it is a new finding.
    const key = `${occasion}|${input.status}`;
    return this.db.transaction(async (tx) => {
      // Claimed first: an instance recording the same occasion at once waits here for this one to commit.
      const claimed = await tx.query(
        'insert into finding_occasions (key) values ($1) on conflict do nothing returning key',
        [key],
      );
      if (claimed.length === 0) {
        const [seen] = await tx.query(
          `select ${FINDING_COLUMNS} from findings f join finding_occasions o on o.finding_id = f.id where o.key = $1`,
          [key],
        );
        if (!seen) throw new Error('a recorded finding occasion names no finding');
        return { finding: findingOf(seen), duplicate: true };
      }
      const recorded = await upsert(tx);
      await tx.query('update finding_occasions set finding_id = $2 where key = $1', [
        key,
        recorded.finding.id,
      ]);
      return recorded;
    });
  }
}

/** A finding row back into a Finding. */
function findingOf(row: Row): Finding {
  return {
    ...jsonOf<FindingBody>(row.body),
    id: String(row.id),
    day: String(row.day),
    firstAt: isoOf(row.first_at),
    lastAt: isoOf(row.last_at),
    count: Number(row.count),
  };
}
