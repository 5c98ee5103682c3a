/**
 * `store migrate`'s kind `pending`: the chat's queries waiting for a later answer (`chat-pending.json`) into the
 * table `pending_answers` (migration 007, which moves the `chat-pending` document of a database the same way), each
 * under its id; an item the table has already, or the same query of the same chat, is left as it is. Counts are
 * items.
 */
import { join } from 'node:path';
import type { SqlDb } from '../../sql/db.js';
import { insertPendingItemsSql } from '../sql/migrations/007_pending_answers.js';
import { readTextIfExists, realFs } from '../store-fs.js';
import { splitVersioned } from '../versioned-json.js';
import type { KindCount, MigrationKind } from './kind.js';

/** The document (and, with `.json`, the file) the pending answers were kept in before their table. */
const PENDING_DOCUMENT = 'chat-pending';

/** The items of the data directory's `chat-pending.json` (none without it). */
async function readPendingItems(fromDir: string): Promise<Array<{ id?: unknown }>> {
  const path = join(fromDir, `${PENDING_DOCUMENT}.json`);
  const text = await readTextIfExists(realFs, path);
  if (text === null) return [];
  const { data } = splitVersioned(text, path);
  const items = (data as { items?: unknown }).items;
  return Array.isArray(items) ? items : [];
}

export const pendingKind: MigrationKind = {
  name: 'pending',
  label: '待稍后答复的查询',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const items = await readPendingItems(fromDir);
    const added = await db.query(insertPendingItemsSql('$1::json'), [JSON.stringify(items)]);
    const [held] = await db.query<{ n: number }>(
      'select count(*)::int as n from pending_answers where id = any($1)',
      [items.map((item) => String(item.id))],
    );
    return { read: items.length, stored: held?.n ?? 0, added: added.length };
  },
};
