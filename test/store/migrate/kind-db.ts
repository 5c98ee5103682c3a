/** The database a kind's test carries files into: one store database for the file, started before its tests. */
import { beforeAll } from 'vitest';
import type { SqlDb } from '../../../src/sql/db.js';
import { PGLITE_START_MS } from '../../helpers/databases.js';
import { openTestStoreDb } from '../../helpers/store-databases.js';
import { tempDir } from '../temp-dir.js';

/** Call in a describe: its tests get the database from the returned function. */
export function kindDb(): () => SqlDb {
  let db: SqlDb | undefined;
  // The suite's database starts with the first store: seconds on a busy machine.
  beforeAll(async () => {
    db = await openTestStoreDb(await tempDir());
  }, PGLITE_START_MS);
  return () => {
    if (db === undefined) throw new Error('kindDb() is used before its beforeAll ran');
    return db;
  };
}
