/**
 * A database whose errors pass through a translation first, so a failure the operator can act on (a full disk)
 * reaches the log, the command line and the chat in words that say what to do. Results are untouched.
 */
import type { Row, SqlDb, SqlRunner } from './db.js';

/** PostgreSQL's SQLSTATE `disk_full`: the server (or PGlite) could not extend a file. */
const DISK_FULL = '53100';

/** Whether a database error says its disk is full: PostgreSQL's disk_full, or the system's ENOSPC / EDQUOT. */
export function isDatabaseDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === DISK_FULL || code === 'ENOSPC' || code === 'EDQUOT';
}

/** `db`, each of whose errors (in a transaction's statements too) is thrown as `translate` makes it. */
export function translateErrors(db: SqlDb, translate: (error: unknown) => unknown): SqlDb {
  const rethrow = (error: unknown): never => {
    throw translate(error);
  };
  const runner = (inner: SqlRunner): SqlRunner => ({
    query: <T extends Row>(text: string, params?: readonly unknown[]) =>
      inner.query<T>(text, params).catch(rethrow),
    exec: (script) => inner.exec(script).catch(rethrow),
  });
  return {
    ...runner(db),
    driver: db.driver,
    transaction: (work) => db.transaction((tx) => work(runner(tx))).catch(rethrow),
    close: () => db.close(),
  };
}
