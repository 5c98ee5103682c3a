/**
 * Open the bot's database where the settings say: a PostgreSQL server when `store.databaseUrl` is set (several
 * instances may share it), else PGlite in `<dataDir>/store/pg`, run in a thread of its own so that a long query
 * never stalls the chat. The caller holds the data directory (store.ts locks it), so one process alone opens the
 * embedded database. The schema is created when absent and migrated before the database is handed out.
 */
import { join, resolve } from 'node:path';
import type { SqlDb } from '../../sql/db.js';
import { applyMigrations, type Migration } from '../../sql/migrate.js';
import { openPgDb } from '../../sql/pg-db.js';
import { openPgliteDb } from '../../sql/pglite-db.js';
import { schemaName } from '../../sql/schema-name.js';
import { logger } from '../../util/logger.js';
import { STORE_MIGRATION_LOCK, STORE_MIGRATIONS } from './migrations.js';

const log = logger('store');

export interface StoreDbSettings {
  /** postgres://… ; empty = the embedded PGlite in the data directory. */
  databaseUrl: string;
  /** The schema the bot's tables live in. */
  schema: string;
}

/** Where the embedded database lives in a data directory. */
export function storePgliteDir(dataDir: string): string {
  return join(resolve(dataDir), 'store', 'pg');
}

/** Connect (or start the embedded database), create the schema when absent and apply the migrations. */
export async function openStoreDb(
  dataDir: string,
  settings: StoreDbSettings,
  migrations: readonly Migration[] = STORE_MIGRATIONS,
): Promise<SqlDb> {
  const schema = schemaName(settings.schema);
  const db =
    settings.databaseUrl === ''
      ? await openPgliteDb(storePgliteDir(dataDir), { schema })
      : await openPgDb(settings.databaseUrl, { schema });
  try {
    const applied = await applyMigrations(db, {
      schema,
      list: migrations,
      table: 'store_migrations',
      lockKey: STORE_MIGRATION_LOCK,
    });
    if (applied.length > 0) log.info({ applied, driver: db.driver }, '数据库已升级');
    return db;
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
