/** The bot store's tables on a bare test database (DATABASES): the store's migrations, as openStoreDb applies them. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { SqlDb } from '../../src/sql/db.js';
import { applyMigrations } from '../../src/sql/migrate.js';
import { STORE_MIGRATION_LOCK, STORE_MIGRATIONS } from '../../src/store/sql/migrations.js';
import { PGLITE_START_MS, type TestDatabase } from './databases.js';

export async function migrateStore(db: SqlDb): Promise<void> {
  await applyMigrations(db, {
    list: STORE_MIGRATIONS,
    table: 'store_migrations',
    lockKey: STORE_MIGRATION_LOCK,
  });
}

/**
 * One migrated database of `database`'s kind for the describe block it is called in (starting PGlite takes
 * seconds), dropped after it; `clear` (statements) empties the tables a test uses before each test.
 */
export function suiteStoreDb(
  database: TestDatabase,
  clear: string,
): { db(): SqlDb; url(): string | undefined } {
  let opened: Awaited<ReturnType<TestDatabase['open']>> | undefined;
  const held = () => {
    if (!opened) throw new Error('the suite database is not open');
    return opened;
  };
  beforeAll(async () => {
    opened = await database.open();
    await migrateStore(opened.db);
  }, PGLITE_START_MS);
  afterAll(() => opened?.drop());
  beforeEach(() => held().db.exec(clear));
  return { db: () => held().db, url: () => held().url };
}
