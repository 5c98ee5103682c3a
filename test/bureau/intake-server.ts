/**
 * The intake API over a migrated bureau store on PGlite, on loopback: the setup the intake tests share.
 */
import { type IntakeDeps, registerIntakeApi } from '../../src/bureau/api/intake.js';
import { Router } from '../../src/bureau/http/router.js';
import { type RunningHttpServer, startHttpServer } from '../../src/bureau/http/server.js';
import { createSqlBureauStore } from '../../src/bureau/store/sql-store.js';
import type { BureauStore } from '../../src/bureau/store/types.js';
import type { SqlDb } from '../../src/sql/db.js';
import { pgliteDatabase } from '../helpers/databases.js';

export interface IntakeServer {
  db: SqlDb;
  store: BureauStore;
  server: RunningHttpServer;
  close(): Promise<void>;
}

/** Empties what the intake writes, between tests. */
export const EMPTY_INTAKE_TABLES =
  'truncate case_events, leads, bureau_users, enterprises restart identity cascade';

/** A fresh store with the intake API of `deps` (the store is its own) listening on a free port. */
export async function startIntakeServer(deps: Omit<IntakeDeps, 'store'>): Promise<IntakeServer> {
  const { db, drop } = await pgliteDatabase.open();
  const store = createSqlBureauStore(db);
  await store.migrate();
  const router = new Router();
  registerIntakeApi(router, { store, ...deps });
  const server = await startHttpServer({ router, port: 0 });
  return {
    db,
    store,
    server,
    async close() {
      await server.close();
      await drop();
    },
  };
}
