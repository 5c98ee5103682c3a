/**
 * The server driver: a `pg.Pool` on `bureau.databaseUrl`, for production where several bureau instances share
 * one PostgreSQL. A transaction holds one pooled client from BEGIN to COMMIT / ROLLBACK.
 */
import pg from 'pg';
import type { Row, SqlDb } from './db.js';
import { schemaName } from './schema-name.js';

/**
 * The longest a statement may run before the server cancels it: one runaway query must not hold a pooled
 * connection (and the requests queued behind it) for longer than a request may take (the server's 30 s).
 */
export const STATEMENT_TIMEOUT_MS = 15_000;

export interface PgDbOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  statementTimeoutMs?: number;
  /** The schema unqualified names resolve to (every connection's search_path); default the server's. */
  schema?: string;
}

/**
 * Connect a pool of `max` connections to `url` (postgres://…), each statement cancelled after
 * `statementTimeoutMs`; the first query proves the server answers.
 */
export async function openPgDb(
  url: string,
  { max = 10, statementTimeoutMs = STATEMENT_TIMEOUT_MS, schema }: PgDbOptions = {},
): Promise<SqlDb> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    statement_timeout: statementTimeoutMs,
    ...(schema === undefined ? {} : { options: `-c search_path=${schemaName(schema)}` }),
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  await pool.query('select 1');
  return {
    driver: 'pg',
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      return (await pool.query<T>(text, [...params])).rows;
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({
          query: async <T extends Row>(text: string, params: readonly unknown[] = []) =>
            (await client.query<T>(text, [...params])).rows,
          async exec(script) {
            await client.query(script);
          },
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    close: () => pool.end(),
  };
}
