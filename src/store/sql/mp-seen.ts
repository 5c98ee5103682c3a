/**
 * The service account's messages already taken (`mp_seen`), shared by the instances: WeChat may send a message's
 * callback, and its retries, to any of them, and the first to insert its key takes it. Each key (a MsgId, or
 * sender and CreateTime for an event) is kept until the moment a request carrying it could no longer be accepted;
 * past it the row may go (cleared now and then) and the key counts as new again. Nothing is cached in memory.
 */
import type { SqlDb } from '../../sql/db.js';

/** Expired rows are cleared on the first take and then every this many takes. */
const PRUNE_EVERY = 256;

export class SqlSeenMessages {
  private takes = 0;

  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number,
  ) {}

  /**
   * Note that `key` was seen in a request acceptable until `until` (epoch ms). True when it is new (not seen in a
   * window still open): of several instances, or calls, taking the same key at once, only one gets true. A later
   * window of a key already taken extends it.
   */
  async take(key: string, until: number): Promise<boolean> {
    const now = this.now();
    if (this.takes++ % PRUNE_EVERY === 0) {
      await this.db.query('delete from mp_seen where until_at <= to_timestamp($1::float8 / 1000)', [now]);
    }
    const taken = await this.db.query(
      `insert into mp_seen (key, until_at) values ($1, to_timestamp($2::float8 / 1000))
       on conflict (key) do update set until_at = excluded.until_at
       where mp_seen.until_at <= to_timestamp($3::float8 / 1000)
       returning key`,
      [key, until, now],
    );
    if (taken.length > 0) return true;
    await this.db.query(
      `update mp_seen set until_at = to_timestamp($2::float8 / 1000)
       where key = $1 and until_at < to_timestamp($2::float8 / 1000)`,
      [key, until],
    );
    return false;
  }
}
