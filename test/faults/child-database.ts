/**
 * A child CLI's store on the PostgreSQL server of CERT_VERIFY_TEST_PG_URL, in a schema of its own: the test reads
 * the child's rows (its documents: batch-jobs, chat-pending, ledger …) while the child runs and after it was
 * killed, as it read the child's JSON files before the store moved to SQL. Without a server such tests skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_SKIP_REASON, TEST_PG_URL } from '../helpers/databases.js';
import { TEST_SCHEMA_PREFIX } from '../helpers/store-databases.js';

/** Whether the children can run on a server here. */
export const CHILD_PG = TEST_PG_URL !== '';

/** A describe name that says why it skipped when there is no server. */
export function onServer(name: string): string {
  return CHILD_PG ? name : `${name}（${PG_SKIP_REASON}）`;
}

/** PostgreSQL's "relation does not exist": the child has not made its tables yet. */
const UNDEFINED_TABLE = '42P01';

export interface ChildDatabase {
  /** The schema the child's tables live in. */
  schema: string;
  /** The settings that put a child on this database (for `startCli`'s env). */
  env: Record<string, string>;
  /** A document's data as the database holds it now; `undefined` while it (or the child's tables) does not exist. */
  document<T>(name: string): Promise<T | undefined>;
  /** Drop the schema and disconnect. */
  drop(): Promise<void>;
}

/** A fresh, empty schema on the server (the child creates it and its tables when it starts). */
export async function childDatabase(): Promise<ChildDatabase> {
  // The prefix the suite's PostgreSQL run sweeps when it starts: a schema a crashed run left goes then.
  const schema = `${TEST_SCHEMA_PREFIX}child_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  return {
    schema,
    env: { CERT_VERIFY__store__databaseUrl: TEST_PG_URL, CERT_VERIFY__store__schema: schema },
    async document<T>(name: string): Promise<T | undefined> {
      try {
        // `data` is `json`: pg parses it.
        const { rows } = await client.query<{ data: T }>(
          `select data from ${schema}.documents where name = $1`,
          [name],
        );
        return rows[0]?.data;
      } catch (error) {
        if ((error as { code?: string }).code === UNDEFINED_TABLE) return undefined;
        throw error;
      }
    },
    async drop() {
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
