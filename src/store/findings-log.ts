/**
 * The findings (table `findings`): every verdict other than a plain valid (see isFindingVerdict), and every lead a
 * photo showed (whatever its verdict), for the enterprise's self-check and the bureau's leads. The same finding
 * (same ID number, enterprise and status on the same China day; for a photo's lead also the lead and the photo:
 * finding-key.ts) is counted, not repeated — by the table's unique key, so that several instances recording it at
 * once store it once with every report counted. `record` resolves only once the finding is committed, so nobody
 * is told it was recorded before it is. Reports handed over while a write is under way are written together
 * next, in a few statements (a roster's findings: a write per group of rows, not per row). Nothing is kept in
 * memory but the reports waiting for their write: every read goes to the database.
 */
import { todayInChina } from '../domain/dates.js';
import type { Finding } from '../domain/finding.js';
import type { VerdictStatus } from '../domain/status.js';
import type { Row, SqlDb, SqlRunner } from '../sql/db.js';
import { newFindingId } from './finding-id.js';
import { dedupKey, storedDedupKey } from './finding-key.js';
import { GroupWrites } from './sql/group-writes.js';
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
 * New findings, or more reports of findings of their day (count + n, lastAt the latest), in one statement for a
 * group of reports, each dedup key once ($2 unique): instances inserting the same finding at once meet on the
 * unique dedup key. The body comes back only for findings already there (a new one's is the report's own).
 */
const UPSERT = `insert into findings as f (id, dedup_key, day, first_at, last_at, count, enterprise, status, body)
  select id, dedup_key, day, first_at, last_at, count, enterprise, status, body::json
  from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::text[],
    $8::text[], $9::text[]) as t(id, dedup_key, day, first_at, last_at, count, enterprise, status, body)
  order by dedup_key
  on conflict (dedup_key) do update set count = f.count + excluded.count, last_at = greatest(f.last_at, excluded.last_at)
  returning f.dedup_key, f.id, f.day, f.first_at, f.last_at, f.count,
    case when f.id = any($1::text[]) then null else f.body end as body`;

/** Reports written together at most: a statement's size stays bounded however many rows wait. */
const GROUP_MAX = 1_000;

/** A report ready for the table. */
interface Report {
  id: string;
  dedupKey: string;
  day: string;
  at: string;
  enterprise: string | null;
  status: string;
  body: string;
  /** The occasion's key with the status (see `record`). */
  occasion?: string;
}

type Recorded = { finding: Finding; duplicate: boolean };

/** The findings kept in the store's database. */
export class FindingsLog {
  /** Records not awaited by their caller (a batch's rows), for `flush`. */
  private readonly writes = new PendingWrites();
  /** Reports waiting for their group's write. */
  private readonly groups = new GroupWrites<Report, Recorded>(
    (reports) => this.writeGroup(reports),
    GROUP_MAX,
  );

  constructor(private readonly db: SqlDb) {}

  /**
   * Record a finding reported at `at`; resolves once it is committed. `occasion` names the verification (a batch
   * job's row): the same occasion reported again with the same status — a job resumed after a crash, perhaps by
   * another instance, verifies the rows whose verdicts it had not saved yet — is not counted twice.
   */
  record(input: FindingInput, at: Date, occasion?: string): Promise<Recorded> {
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

  private write({ day: judged, ...input }: FindingInput, at: Date, occasion?: string): Promise<Recorded> {
    const day = judged ?? todayInChina(at);
    return this.groups.add({
      id: newFindingId(day, at),
      dedupKey: storedDedupKey(dedupKey(input, day)),
      day,
      at: at.toISOString(),
      enterprise: input.enterprise ?? null,
      status: input.status,
      body: JSON.stringify(input),
      // The status is part of the key: a row unverifiable before the crash and answered after it is a new finding.
      ...(occasion === undefined ? {} : { occasion: `${occasion}|${input.status}` }),
    });
  }

  /**
   * Write a group of reports: a few statements whatever its size. Each report learns whether its finding was
   * new (the first report of a new finding) or counted on one already there.
   */
  private writeGroup(reports: Report[]): Promise<Recorded[]> {
    if (reports.every((r) => r.occasion === undefined)) return upsertReports(this.db, reports);
    return this.db.transaction(async (tx) => {
      // Claimed first, in one order: an instance recording the same occasion at once waits here for this one.
      const keyOf = new Map<string, string>();
      for (const r of reports)
        if (r.occasion !== undefined && !keyOf.has(r.occasion)) keyOf.set(r.occasion, r.dedupKey);
      const occasions = [...keyOf.keys()].sort();
      const claimed = new Set(
        (
          await tx.query<{ key: string }>(
            `insert into finding_occasions (key, dedup_key)
             select k, d from unnest($1::text[], $2::text[]) as t(k, d) order by k
             on conflict do nothing returning key`,
            [occasions, occasions.map((o) => keyOf.get(o))],
          )
        ).map((r) => r.key),
      );
      // The first report of each occasion claimed here is written; the others are that occasion's again.
      const writer = new Map<string, Report>();
      const written = reports.filter((r) => {
        if (r.occasion === undefined) return true;
        if (!claimed.has(r.occasion) || writer.has(r.occasion)) return false;
        writer.set(r.occasion, r);
        return true;
      });
      const results = new Map<Report, Recorded>();
      (await upsertReports(tx, written)).forEach((recorded, i) => {
        results.set(written[i] as Report, recorded);
      });
      const seen = occasions.filter((key) => !claimed.has(key));
      const before = new Map<string, Finding>();
      if (seen.length > 0) {
        const rows = await tx.query(
          `select o.key, ${FINDING_COLUMNS} from findings f join finding_occasions o using (dedup_key)
           where o.key = any($1::text[])`,
          [seen],
        );
        for (const row of rows) before.set(String(row.key), findingOf(row));
      }
      return reports.map((r) => {
        const own = results.get(r);
        if (own) return own;
        const key = r.occasion as string;
        const finding = before.get(key) ?? results.get(writer.get(key) as Report)?.finding;
        if (!finding) throw new Error('a recorded finding occasion names no finding');
        return { finding, duplicate: true };
      });
    });
  }
}

/**
 * Upsert `reports` in one statement: the reports of one dedup key count together on one row, the first one's id
 * and body kept when the row is new. Resolves with each report's finding, new only for the report whose id it has.
 */
async function upsertReports(runner: SqlRunner, reports: readonly Report[]): Promise<Recorded[]> {
  if (reports.length === 0) return [];
  const byKey = new Map<string, { first: Report; count: number; firstAt: string; lastAt: string }>();
  for (const r of reports) {
    const same = byKey.get(r.dedupKey);
    if (!same) byKey.set(r.dedupKey, { first: r, count: 1, firstAt: r.at, lastAt: r.at });
    else {
      same.count++;
      if (r.at < same.firstAt) same.firstAt = r.at;
      if (r.at > same.lastAt) same.lastAt = r.at;
    }
  }
  const rows = [...byKey.values()];
  const stored = await runner.query(UPSERT, [
    rows.map((k) => k.first.id),
    rows.map((k) => k.first.dedupKey),
    rows.map((k) => k.first.day),
    rows.map((k) => k.firstAt),
    rows.map((k) => k.lastAt),
    rows.map((k) => k.count),
    rows.map((k) => k.first.enterprise),
    rows.map((k) => k.first.status),
    rows.map((k) => k.first.body),
  ]);
  const findings = new Map(
    stored.map((row) => [
      String(row.dedup_key),
      findingOf(
        row.body === null
          ? { ...row, body: JSON.parse(byKey.get(String(row.dedup_key))?.first.body ?? '') }
          : row,
      ),
    ]),
  );
  return reports.map((r) => {
    const finding = findings.get(r.dedupKey) as Finding;
    return { finding, duplicate: finding.id !== r.id };
  });
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
