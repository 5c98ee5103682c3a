/**
 * Work done once across instances (several bot processes on one database): a row that stands for work (a lead
 * to send, a held lead to re-check, a day's run) carries a lease, `lease_holder` (the instance that claimed it)
 * and `lease_until`. An instance selects the due rows no live lease holds `for update skip locked` (another
 * instance's claim running at the same moment skips them instead of waiting), marks them with its lease and
 * commits; it does the work outside the transaction, then records the outcome only if the lease is still its own
 * (or nobody's), clearing it. An instance killed meanwhile leaves its lease to run out; then another takes the
 * row over. Polled by the callers' timers: no LISTEN/NOTIFY. Times are the database's clock, one for every
 * instance.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Row, SqlDb, SqlRunner } from '../../sql/db.js';

/** This process's name as a lease holder: host, process id and a random part (a restarted pid is another holder). */
export function instanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Who claims, and for how long a claim holds before another instance may take the row over. */
export interface Claimer {
  holder: string;
  leaseMs: number;
}

/** A table holding work: its name and key column (both fixed names from the code, never input). */
export interface ClaimTable {
  table: string;
  key: string;
}

/** Which rows are due: a condition on the table (its parameters `$1`…), the order to take them in, how many. */
export interface DueRows {
  where: string;
  params?: readonly unknown[];
  order: string;
  limit: number;
}

/** Claim up to `due.limit` due rows no live lease holds, for `claimer`; returns them as they stood. */
export function claimRows<T extends Row>(
  db: SqlDb,
  t: ClaimTable,
  claimer: Claimer,
  due: DueRows,
): Promise<T[]> {
  const params = due.params ?? [];
  return db.transaction(async (tx) => {
    const rows = await tx.query<T>(
      `select * from ${t.table}
       where (${due.where}) and (lease_until is null or lease_until < now())
       order by ${due.order} limit $${params.length + 1}
       for update skip locked`,
      [...params, due.limit],
    );
    if (rows.length === 0) return [];
    await tx.query(
      `update ${t.table} set lease_holder = $1, lease_until = now() + make_interval(secs => $2)
       where ${t.key} = any($3)`,
      [claimer.holder, claimer.leaseMs / 1000, rows.map((r) => r[t.key])],
    );
    return rows;
  });
}

/** The condition "the lease of the row is `holder`'s or nobody's", with `holder` as parameter `$n`. */
function leaseFreeOr(n: number): string {
  return `(lease_holder is null or lease_holder = $${n})`;
}

/**
 * Record the outcome of the work on row `key`: `work` runs in a transaction holding the row, only when its lease
 * is `holder`'s or nobody's (else false: another instance took the row over and its outcome stands); the lease
 * is cleared with it. Resolves with what `work` returned.
 */
export function settleClaim(
  db: SqlDb,
  t: ClaimTable,
  key: string,
  holder: string,
  work: (tx: SqlRunner) => Promise<boolean>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const held = await tx.query(
      `select 1 from ${t.table} where ${t.key} = $1 and ${leaseFreeOr(2)} for update`,
      [key, holder],
    );
    if (held.length === 0) return false;
    const done = await work(tx);
    await releaseClaim(tx, t, key, holder);
    return done;
  });
}

/** Give row `key` back undone (a failure, a stop): due again at once for any instance. */
export async function releaseClaim(
  runner: SqlRunner,
  t: ClaimTable,
  key: string,
  holder: string,
): Promise<void> {
  await runner.query(
    `update ${t.table} set lease_holder = null, lease_until = null where ${t.key} = $1 and lease_holder = $2`,
    [key, holder],
  );
}

const RUNS: ClaimTable = { table: 'claimed_runs', key: 'name' };

/**
 * Named pieces of work each run once across instances (one day's ledger re-check, one ledger's digest of a day),
 * as rows of `claimed_runs`: `claim` is true when this claimer now holds the run, false when it is done or another
 * instance holds a live lease on it; `finish` marks it done, `release` gives it back undone (it failed).
 */
export class ClaimedRuns {
  constructor(
    private readonly db: SqlDb,
    private readonly claimer: Claimer,
  ) {}

  async claim(name: string): Promise<boolean> {
    await this.db.query('insert into claimed_runs (name) values ($1) on conflict (name) do nothing', [name]);
    const rows = await claimRows(this.db, RUNS, this.claimer, {
      where: 'name = $1 and done_at is null',
      params: [name],
      order: 'name',
      limit: 1,
    });
    return rows.length > 0;
  }

  async finish(name: string): Promise<void> {
    await settleClaim(this.db, RUNS, name, this.claimer.holder, async (tx) => {
      await tx.query('update claimed_runs set done_at = now() where name = $1', [name]);
      return true;
    });
  }

  release(name: string): Promise<void> {
    return releaseClaim(this.db, RUNS, name, this.claimer.holder);
  }
}
