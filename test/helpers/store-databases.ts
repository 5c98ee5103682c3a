/**
 * The bot store's database in the test suite. Starting PGlite costs seconds (the first start of a data directory
 * runs initdb), far too much for every store a test opens, so the suite's setup (test/setup/store-database.ts)
 * points `openStoreDb` here: one database per test file, each data directory a schema of its own in it (named
 * from the directory, so a store closed and opened again finds its rows, as the embedded database in the
 * directory would). The database is PGlite by default, or the PostgreSQL server of CERT_VERIFY_TEST_PG_URL when
 * CERT_VERIFY_TEST_STORE=pg (`npm run test:pg`). Tests of the embedded database itself ask for the real one
 * (`vi.importActual`).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { inject } from 'vitest';
import type { SqlDb, SqlRunner } from '../../src/sql/db.js';
import { applyMigrations, type Migration } from '../../src/sql/migrate.js';
import { openPgDb } from '../../src/sql/pg-db.js';
import { openPgliteDb } from '../../src/sql/pglite-db.js';
import { STORE_MIGRATION_LOCK, STORE_MIGRATIONS } from '../../src/store/sql/migrations.js';
import { TEST_PG_URL } from './databases.js';

/** Which engine the suite's stores run on. */
export const STORE_ENGINE: 'pglite' | 'pg' = process.env.CERT_VERIFY_TEST_STORE === 'pg' ? 'pg' : 'pglite';

/** Every schema the suite makes on a server starts so (the PostgreSQL run drops old ones when it starts). */
export const TEST_SCHEMA_PREFIX = 'store_test_';

let shared: Promise<SqlDb> | undefined;

function sharedDb(): Promise<SqlDb> {
  if (STORE_ENGINE === 'pg' && !TEST_PG_URL)
    throw new Error('CERT_VERIFY_TEST_STORE=pg 需要 CERT_VERIFY_TEST_PG_URL');
  shared ??=
    STORE_ENGINE === 'pg'
      ? openPgDb(TEST_PG_URL, { max: 4 })
      : openPgliteDb(undefined, { template: inject('pgliteTemplate') });
  return shared;
}

/** The schema of a data directory: the same directory always gives the same schema within one run. */
export function testSchemaOf(dataDir: string): string {
  const run = STORE_ENGINE === 'pg' ? `${process.pid}_` : '';
  return `${TEST_SCHEMA_PREFIX}${run}${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`;
}

/**
 * The shared database seen through `schema`: every statement runs in a transaction that first sets the
 * search_path, so stores of different directories never see each other's rows. Closing it leaves the rows.
 */
function scoped(db: SqlDb, schema: string): SqlDb {
  const enter = (tx: SqlRunner) => tx.query("select set_config('search_path', $1, true)", [schema]);
  return {
    driver: db.driver,
    query: (text, params) =>
      db.transaction(async (tx) => {
        await enter(tx);
        return tx.query(text, params);
      }),
    exec: (script) =>
      db.transaction(async (tx) => {
        await enter(tx);
        await tx.exec(script);
      }),
    transaction: (work) =>
      db.transaction(async (tx) => {
        await enter(tx);
        return work(tx);
      }),
    close: async () => {},
  };
}

/** What `openStoreDb` does, on the suite's shared database: the directory's schema, migrated. */
export async function openTestStoreDb(
  dataDir: string,
  migrations: readonly Migration[] = STORE_MIGRATIONS,
): Promise<SqlDb> {
  const db = await sharedDb();
  const schema = testSchemaOf(dataDir);
  await db.exec(`create schema if not exists ${schema}`);
  const view = scoped(db, schema);
  await applyMigrations(view, { list: migrations, table: 'store_migrations', lockKey: STORE_MIGRATION_LOCK });
  return view;
}
