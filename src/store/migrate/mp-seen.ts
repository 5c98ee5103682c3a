/**
 * `store migrate`'s kind `mp-seen`: the service account's messages already taken (`mp-seen.jsonl`) into the
 * `mp_seen` table, so that a callback replayed just after the move is still refused. Only the keys whose window
 * is still open count (an expired one would be cleared at once); a key the table has already is left as it is.
 */
import type { SqlDb } from '../../sql/db.js';
import { readSeenFile } from '../files/mp-seen-file.js';
import type { KindCount, MigrationKind } from './kind.js';

export function mpSeenKind(now: () => number = Date.now): MigrationKind {
  return {
    name: 'mp-seen',
    label: '公众号消息去重',
    async run(fromDir: string, db: SqlDb): Promise<KindCount> {
      const at = now();
      const live = [...(await readSeenFile(fromDir))].filter(([, until]) => until > at);
      const keys = live.map(([key]) => key);
      const added = await db.transaction(async (tx) => {
        let count = 0;
        for (const [key, until] of live) {
          const rows = await tx.query(
            `insert into mp_seen (key, until_at) values ($1, to_timestamp($2::float8 / 1000))
             on conflict (key) do nothing returning key`,
            [key, until],
          );
          count += rows.length;
        }
        return count;
      });
      const [row] = await db.query<{ n: number }>(
        'select count(*)::int as n from mp_seen where key = any($1)',
        [keys],
      );
      return { read: live.length, stored: row?.n ?? 0, added };
    },
  };
}
