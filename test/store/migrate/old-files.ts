/** Data directories of the file store for the migration tests: JSON-lines files as its versions wrote them. */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SqlDb } from '../../../src/sql/db.js';
import type { MigrationKind } from '../../../src/store/migrate/kind.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { tempDir } from '../temp-dir.js';

/** Write `name` in `dir`: a header of `version`, then one line per record (a string as it stands). */
export async function writeLines(
  dir: string,
  name: string,
  version: number,
  records: unknown[],
): Promise<void> {
  const lines = [
    JSON.stringify({ schemaVersion: version }),
    ...records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))),
  ];
  await writeFile(join(dir, name), `${lines.join('\n')}\n`);
}

/** Every file of `dir` with its text, to show a migration left them as they were. */
export async function contentsOf(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')])),
  );
}

/** A store of its own to migrate into (its database is the suite's, a schema of its own). */
export async function targetStore(): Promise<Store> {
  return openStore(await tempDir(), { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
}

/** `db` with every insert dropped: the rows a migration writes never arrive. */
function droppingInserts(db: SqlDb): SqlDb {
  return {
    ...db,
    query: (text, params) => (/^\s*insert/i.test(text) ? Promise.resolve([]) : db.query(text, params)),
  };
}

/**
 * Run `kind` from `dir` into a store of its own twice: the first run adds all `read` records, the second none,
 * both finding them all stored, and the files are left as they were. Resolves with the store (to be closed).
 */
export async function migratedTwice(kind: MigrationKind, dir: string, read: number): Promise<Store> {
  const before = await contentsOf(dir);
  const store = await targetStore();
  expect(await kind.run(dir, store.db)).toEqual({ read, stored: read, added: read });
  expect(await kind.run(dir, store.db)).toEqual({ read, stored: read, added: 0 });
  expect(await contentsOf(dir)).toEqual(before);
  return store;
}

/** `kind` from `dir` into a database whose inserts never arrive: the run says none of `read` is stored. */
export async function expectMismatch(kind: MigrationKind, dir: string, read: number): Promise<void> {
  const store = await targetStore();
  try {
    expect(await kind.run(dir, droppingInserts(store.db))).toEqual({ read, stored: 0, added: 0 });
  } finally {
    await store.close();
  }
}
