/**
 * Leases: one holder of a named resource at a time among the instances on the database (e.g. `wecom-robot:<botId>`,
 * the robot's one long connection). A lease runs until `expires_at` (the database's clock, so the instances'
 * own clocks do not matter); its holder renews it before then, another instance takes it once it has run out,
 * and a clean stop releases it at once. Nothing is cached: every call asks the database.
 */
import type { SqlDb } from '../../sql/db.js';

export interface Leases {
  /** Take the lease `name` for `holder` for `ttlMs`, or renew it when `holder` has it; false when another has it. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Give the lease up when `holder` has it. */
  release(name: string, holder: string): Promise<void>;
}

export class SqlLeases implements Leases {
  constructor(private readonly db: SqlDb) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const rows = await this.db.query(
      `insert into leases (name, holder, expires_at)
       values ($1, $2, clock_timestamp() + $3::float8 * interval '1 millisecond')
       on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where leases.holder = excluded.holder or leases.expires_at <= clock_timestamp()
       returning holder`,
      [name, holder, ttlMs],
    );
    return rows.length > 0;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.query('delete from leases where name = $1 and holder = $2', [name, holder]);
  }
}
