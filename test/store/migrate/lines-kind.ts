/**
 * Stand-in kinds for the tests of `store migrate` itself: each line of a data directory's `cache.jsonl` is a
 * record, kept in a table of the test's own. `lines` is right; `losing` says the database kept one line less;
 * `broken` fails.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlDb } from '../../../src/sql/db.js';
import type { KindCount, MigrationKind } from '../../../src/store/migrate/kind.js';

async function copyLines(fromDir: string, db: SqlDb): Promise<KindCount> {
  const text = await readFile(join(fromDir, 'cache.jsonl'), 'utf8').catch(() => '');
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  await db.exec('create table if not exists migrate_test_lines (line text primary key)');
  let added = 0;
  for (const line of lines) {
    const rows = await db.query(
      'insert into migrate_test_lines (line) values ($1) on conflict do nothing returning line',
      [line],
    );
    added += rows.length;
  }
  const [held] = await db.query<{ n: number }>(
    'select count(*)::int as n from migrate_test_lines where line = any($1)',
    [lines],
  );
  return { read: lines.length, stored: held?.n ?? 0, added };
}

export const linesKind: MigrationKind = { name: 'lines', label: '测试行', run: copyLines };

export const losingKind: MigrationKind = {
  name: 'losing',
  label: '丢行',
  run: async (fromDir, db) => {
    const count = await copyLines(fromDir, db);
    return { ...count, stored: count.stored - 1 };
  },
};

export const brokenKind: MigrationKind = {
  name: 'broken',
  label: '坏种类',
  run: () => Promise.reject(new Error('文件无法解析')),
};
