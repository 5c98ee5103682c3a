/**
 * Everyone checked, per China day and enterprise, with the status of his latest check that day (table `checks`,
 * one row per day, enterprise and person): the findings hold only problems, so the papers that say how many
 * people were checked (检查表, 自查整改报告, the bureau's monthly statistics) count from here. Checks are written
 * together once a second (a tally is no evidence); a row changes only when a person's result for the day
 * changes, and then counts as his latest, whichever instance wrote it. Nothing is kept in memory but the checks
 * waiting for their write: every read goes to the database.
 */

import type { PersonType } from '../domain/certificate.js';
import type { CheckedPerson, CheckSummary } from '../domain/check-summary.js';
import type { MonthTally } from '../domain/self-check.js';
import type { VerdictStatus } from '../domain/status.js';
import type { SqlDb } from '../sql/db.js';
import { logger } from '../util/logger.js';
import { PendingWrites } from './sql/pending-writes.js';

const log = logger('store');

/** One person checked on one day for one enterprise (none: asked by someone of no configured enterprise). */
export interface CheckEntry extends CheckedPerson {
  enterprise?: string;
  /** A fact beside the status that makes it a problem (past retirement age …). */
  concern?: boolean;
}

/** What the tally answers: an enterprise (undefined: every check) and a range of China days. */
export interface CheckScope {
  enterprise?: string;
  from?: string;
  to?: string;
}

/** Counts wait this long to be written together: a tally is no evidence, and a write per check would slow it. */
const WRITE_DELAY_MS = 1000;

/**
 * Inserting checks into the table: `${INSERT_CHECKS} on conflict …`, the parameters from `checkColumns`. Later
 * checks take later order numbers (taken in the rows' order).
 */
export const INSERT_CHECKS = `insert into checks as c (day, enterprise, id_number, status, found, person_type, concern, seq)
  select t.day, t.enterprise, t.id_number, t.status, t.found, t.person_type, t.concern, nextval('check_order')
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::boolean[])
    with ordinality as t(day, enterprise, id_number, status, found, person_type, concern, ord)
  order by t.ord`;

/** A check counted: a row already holding the same result keeps its place (a roster checked again changes nothing). */
const UPSERT_CHECKS = `${INSERT_CHECKS}
  on conflict (day, enterprise, id_number) do update
    set status = excluded.status, found = excluded.found, person_type = excluded.person_type,
        concern = excluded.concern, seq = excluded.seq
    where (c.status, c.found, c.person_type, c.concern)
      is distinct from (excluded.status, excluded.found, excluded.person_type, excluded.concern)`;

/** The statement's parameters for `entries`, one array per column. */
export function checkColumns(entries: readonly CheckEntry[]): unknown[] {
  return [
    entries.map((e) => e.day),
    entries.map((e) => e.enterprise ?? ''),
    entries.map((e) => e.idNumber),
    entries.map((e) => e.status),
    entries.map((e) => e.found),
    entries.map((e) => e.personType ?? null),
    entries.map((e) => e.concern ?? false),
  ];
}

/** The latest of `entries` for each day, enterprise and person, in the order of their latest. */
export function latestChecks(entries: Iterable<CheckEntry>): CheckEntry[] {
  const latest = new Map<string, CheckEntry>();
  for (const entry of entries) {
    const key = `${entry.day}|${entry.enterprise ?? ''}|${entry.idNumber}`;
    latest.delete(key); // the latest result of the day counts, in the order it came
    latest.set(key, entry);
  }
  return [...latest.values()];
}

/**
 * Each person in scope ($1 enterprise, $2 first day, $3 last day; null: any) once, by his latest check: the
 * latest day, then the latest written.
 */
const LATEST_IN_SCOPE = `scoped as (
    select * from checks
    where ($1::text is null or enterprise = $1) and ($2::text is null or day >= $2) and ($3::text is null or day <= $3)
  ), latest as (
    select distinct on (id_number) id_number, status, found, person_type, concern from scoped
    order by id_number, day desc, seq desc
  )`;

export class CheckTally {
  /** Entries counted but not yet handed to the database. */
  private waiting: CheckEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly writes = new PendingWrites();

  constructor(private readonly db: SqlDb) {}

  /**
   * Count a check. It is written with the others of the next second (or at `flush`): a crash may lose the
   * last second's counts, never a verdict or a finding.
   */
  record(entry: CheckEntry): void {
    this.waiting.push(entry);
    this.timer ??= setTimeout(() => this.write(), WRITE_DELAY_MS).unref();
  }

  /** Resolves once every check counted so far is committed (a write that failed is done again here). */
  flush(): Promise<void> {
    this.write();
    return this.writes.settle();
  }

  /** Everyone checked in `scope`, each once by his latest result (this instance's checks written first). */
  async summary(scope: CheckScope = {}): Promise<CheckSummary> {
    await this.flush();
    const rows = await this.db.query<{
      status: VerdictStatus;
      found: boolean;
      person_type: PersonType | null;
      people: number;
      first_day: string;
      last_day: string;
    }>(
      `with ${LATEST_IN_SCOPE}
       select status, found, person_type, count(*)::int as people,
         (select min(day) from scoped) as first_day, (select max(day) from scoped) as last_day
       from latest group by status, found, person_type`,
      scopeParams(scope),
    );
    const summary: CheckSummary = {
      people: 0,
      found: 0,
      byStatus: {},
      byClass: { special: 0, manager: 0, principal: 0, unknown: 0 },
      ...(rows[0] ? { firstDay: rows[0].first_day, lastDay: rows[0].last_day } : {}),
    };
    for (const row of rows) {
      summary.people += row.people;
      if (row.found) summary.found += row.people;
      summary.byStatus[row.status] = (summary.byStatus[row.status] ?? 0) + row.people;
      summary.byClass[row.person_type ?? 'unknown'] += row.people;
    }
    return summary;
  }

  /** An enterprise's month (`YYYY-MM`) as its bot reports it to the bureau (this instance's checks written first). */
  async month(enterprise: string | undefined, month: string): Promise<MonthTally> {
    await this.flush();
    const [row] = await this.db.query<{ people: number; problems: number }>(
      `with ${LATEST_IN_SCOPE}
       select count(*)::int as people, (count(*) filter (where status <> 'valid' or concern))::int as problems
       from latest`,
      scopeParams({ enterprise, from: `${month}-01`, to: `${month}-31` }),
    );
    return { people: row?.people ?? 0, problems: row?.problems ?? 0 };
  }

  /** Hand the waiting checks to the database, the latest of each row only. */
  private write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    const entries = latestChecks(this.waiting.splice(0));
    const store = () => this.db.query(UPSERT_CHECKS, checkColumns(entries));
    const write = store();
    write.catch((error: unknown) => log.error({ err: error, checks: entries.length }, '核验记录写入失败'));
    this.writes.track(write, store);
  }
}

function scopeParams(scope: CheckScope): unknown[] {
  return [scope.enterprise ?? null, scope.from ?? null, scope.to ?? null];
}
