/**
 * Open the bureau's store where the settings say: a PostgreSQL server when `bureau.databaseUrl` is set, else
 * PGlite in `<data-dir>/bureau/pg`. Migrations run before the store is handed out.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { SqlDb } from '../../sql/db.js';
import { openPgDb } from '../../sql/pg-db.js';
import { openPgliteDb } from '../../sql/pglite-db.js';
import { acquireDirLock } from '../../store/lock.js';
import { DIR_MODE } from '../../store/store-fs.js';
import { BUREAU_MIGRATIONS, type Migration } from './migrations.js';
import { createSqlBureauStore } from './sql-store.js';
import type { BureauStore } from './types.js';

export interface BureauDbSettings {
  dataDir: string;
  /** postgres://… ; empty = the embedded PGlite in the data directory. */
  databaseUrl: string;
}

/** An open store and the database under it (for parts that keep their own tables, e.g. console sessions). */
export interface OpenBureau {
  store: BureauStore;
  db: SqlDb;
}

/** Where the embedded database lives in a data directory. */
export function pgliteDir(dataDir: string): string {
  return join(resolve(dataDir), 'bureau', 'pg');
}

/**
 * PGlite in the data directory, held by this process alone (a second process on the same files would corrupt
 * them): the lock is released when the database closes.
 */
async function openLockedPglite(dataDir: string): Promise<SqlDb> {
  const dir = pgliteDir(dataDir);
  await mkdir(dirname(dir), { recursive: true, mode: DIR_MODE });
  const lock = await acquireDirLock(dirname(dir));
  try {
    const db = await openPgliteDb(dir);
    return {
      ...db,
      async close() {
        try {
          await db.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/**
 * Connect, migrate and return the store (`migrations` default: the bureau's own list). Rejects with
 * store_locked when another process holds the embedded database.
 */
export async function openBureauStore(
  settings: BureauDbSettings,
  migrations: readonly Migration[] = BUREAU_MIGRATIONS,
): Promise<OpenBureau> {
  const db =
    settings.databaseUrl === ''
      ? await openLockedPglite(settings.dataDir)
      : await openPgDb(settings.databaseUrl);
  const store = createSqlBureauStore(db, migrations);
  try {
    await store.migrate();
  } catch (error) {
    await db.close();
    throw error;
  }
  return { store, db };
}
