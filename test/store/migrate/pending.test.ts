/**
 * The chat's pending answers leave the `chat-pending` document for the table `pending_answers`: `store migrate`
 * carries an old `chat-pending.json` there (kind `pending`, the documents kind no longer takes it), and migration
 * 007 moves the items a database's `chat-pending` document holds (written by the SQL store before the table) once,
 * dropping the document.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../src/config/load.js';
import { documentsKind } from '../../../src/store/migrate/documents.js';
import { pendingKind } from '../../../src/store/migrate/pending.js';
import { STORE_MIGRATIONS } from '../../../src/store/sql/migrations.js';
import { isoOf } from '../../../src/store/sql/row-values.js';
import { openTestStoreDb } from '../../helpers/store-databases.js';
import { tempDir } from '../temp-dir.js';
import { kindDb } from './kind-db.js';

/** The file the fixture's data directory holds: two people asked while the platform was down. */
const FIXTURE_FILE = join(PROJECT_ROOT, 'test', 'fixtures', 'data-dir-v1', 'data', 'chat-pending.json');

/** A pending item as the file store and the `chat-pending` document kept it. */
const item = (n: number, door: string) => ({
  query: { input: `Q${n}`, idNumber: `ID${n}`, valid: true, reasons: [], name: `人员${n}`, claim: 'asked' },
  requester: { channel: 'chat', userId: `user-${n}`, door },
  to: { userId: `user-${n}`, door },
  maskIds: n % 2 === 0,
  scopeKey: `user:user-${n}`,
  id: `item-${n}`,
  queuedAt: `2026-11-2${n}T01:02:03.456Z`,
  attempts: n,
});

/** The table's rows as the chat reads them back, oldest first. */
const SELECT_ROWS = `select id, query, requester, address as "to", mask_ids as "maskIds", scope_key as "scopeKey",
  queued_at, attempts from pending_answers order by seq`;

describe('store migrate: pending answers', () => {
  const database = kindDb();

  it('carries the items of chat-pending.json into the table once, and leaves the file to this kind alone', async () => {
    const from = await tempDir();
    const db = database();
    await copyFile(FIXTURE_FILE, join(from, 'chat-pending.json'));
    expect(await pendingKind.run(from, db)).toEqual({ read: 2, stored: 2, added: 2 });
    expect(await pendingKind.run(from, db)).toEqual({ read: 2, stored: 2, added: 0 });
    expect(await documentsKind.run(from, db)).toEqual({ read: 0, stored: 0, added: 0 });

    const rows = await db.query<{ id: string; query: { idNumber: string; name: string }; to: object }>(
      SELECT_ROWS,
    );
    expect(rows.map((r) => [r.id, r.query.idNumber, r.query.name])).toEqual([
      ['da664fdb-7921-4f71-b24b-1cbfff93e187', '510102198808080029', '赵敏'],
      ['b23e8b17-68a3-4d00-af70-ad3d72b0cf86', '320502197512010031', '钱进'],
    ]);
    expect(rows[0]?.to).toEqual({ userId: '控制台管理员', userName: '控制台管理员', door: 'console' });
  });

  it('says when an item of the file is missing from the table after the run', async () => {
    const from = await tempDir();
    const db = database();
    // Two items of one query of one chat: the table keeps the first, so one of the two is not stored.
    const twin = { ...item(3, 'wecom'), id: 'item-3-again' };
    await writeFile(
      join(from, 'chat-pending.json'),
      JSON.stringify({ schemaVersion: 1, items: [item(3, 'wecom'), twin] }),
    );
    expect(await pendingKind.run(from, db)).toEqual({ read: 2, stored: 1, added: 1 });
  });
});

describe('migration 007 on a database whose chat-pending document has items', () => {
  it('moves them into the table, in order and field by field, and drops the document', async () => {
    const dir = await tempDir();
    const before = STORE_MIGRATIONS.filter((m) => m.id < '007');
    const old = await openTestStoreDb(dir, before);
    const items = [item(1, 'wecom'), item(2, 'console')];
    await old.query(`insert into documents (name, version, data) values ('chat-pending', 1, $1::json)`, [
      JSON.stringify({ items }),
    ]);
    await old.query(`insert into documents (name, version, data) values ('chat-stats', 1, '{"byKey":{}}')`);

    const db = await openTestStoreDb(dir);
    const rows = await db.query<Record<string, unknown>>(SELECT_ROWS);
    expect(rows.map(({ queued_at, ...r }) => ({ ...r, queuedAt: isoOf(queued_at) }))).toEqual(items);
    const documents = await db.query<{ name: string }>('select name from documents order by name');
    expect(documents.map((d) => d.name)).toEqual(['chat-stats']);
  });
});
