/**
 * The store of a child CLI, for the crash tests, which read it as they read the child's JSON files before the
 * store moved to SQL:
 * - on the PostgreSQL server of CERT_VERIFY_TEST_PG_URL, in a schema of its own: the test may read the child's
 *   rows (its documents: ledger …; its batch jobs; its pending chat answers) while the child runs;
 * - on the embedded PGlite of the child's data directory (what users run by default): one process alone may open
 *   it, so the test reads it only while no child runs — after the child was killed (which proves the database a
 *   SIGKILL cut off mid-write opens again) or has ended. It is opened with the real `openStoreDb` (the suite's
 *   setup points in-process stores elsewhere).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { vi } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import { TEST_PG_URL } from '../helpers/databases.js';
import { STORE_ENGINE, TEST_SCHEMA_PREFIX } from '../helpers/store-databases.js';
import { childFindings } from './child-findings.js';

/**
 * Where a child's store is: the suite's engine (`CERT_VERIFY_TEST_STORE`), as the in-process stores; the suite
 * refuses `pg` without CERT_VERIFY_TEST_PG_URL.
 */
export const CHILD_ENGINE: 'pg' | 'pglite' = STORE_ENGINE;

/** The embedded database's schema (config/default.json). */
const DEFAULT_SCHEMA = 'cert_verify';

/** The ID numbers of the chat's pending answers, oldest first. */
const PENDING_IDS = `select query->>'idNumber' as id from pending_answers order by seq`;

/** PostgreSQL's "relation does not exist": the child has not made its tables yet. */
const UNDEFINED_TABLE = '42P01';

/** A batch job of the child, as the crash tests look at it. */
export type ChildJob = {
  id: string;
  state: string;
  verdicts: number;
};

/** The batch jobs of a store, with their saved verdicts counted (the schema on the search path, or named). */
function batchJobsSql(schema = ''): string {
  const prefix = schema ? `${schema}.` : '';
  return `select j.id, j.state, (select count(*)::int from ${prefix}batch_verdicts v where v.job_id = j.id) as verdicts
    from ${prefix}batch_jobs j order by j.seq`;
}

export interface ChildDatabase {
  engine: 'pg' | 'pglite';
  /** The schema the child's tables live in. */
  schema: string;
  /** The settings that put a child on this database (for `startCli`'s env). */
  env: Record<string, string>;
  /**
   * A document's data as the database holds it now; `undefined` while it (or the child's tables) does not exist.
   * On PGlite only while no child runs.
   */
  document<T>(name: string): Promise<T | undefined>;
  /** The ID numbers of the chat queries waiting for a later answer, oldest first (on PGlite only while no child runs). */
  pendingIdNumbers(): Promise<string[]>;
  /** Every finding (on PGlite only while no child runs). */
  findings(): Promise<Finding[]>;
  /** The batch jobs, oldest first, with how many verdicts each has saved (on PGlite only while no child runs). */
  batchJobs(): Promise<ChildJob[]>;
  /** Drop the schema and disconnect (PGlite: nothing; the data directory goes with the test's directory). */
  drop(): Promise<void>;
}

/** A fresh schema on the server of CERT_VERIFY_TEST_PG_URL (the child makes it and its tables as it starts). */
export async function childDatabase(): Promise<ChildDatabase> {
  // The prefix the suite's PostgreSQL run sweeps when it starts: a schema a crashed run left goes then.
  const schema = `${TEST_SCHEMA_PREFIX}child_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  return {
    engine: 'pg',
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
    async pendingIdNumbers(): Promise<string[]> {
      const { rows } = await client.query<{ id: string }>(
        PENDING_IDS.replace('pending_answers', `${schema}.pending_answers`),
      );
      return rows.map((r) => r.id);
    },
    findings: () => childFindings('', { databaseUrl: TEST_PG_URL, schema }),
    async batchJobs() {
      return (await client.query<ChildJob>(batchJobsSql(schema))).rows;
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

/** The embedded database of `dataDir`, read only while no child runs. */
export function childPglite(dataDir: string): ChildDatabase {
  return {
    engine: 'pglite',
    schema: DEFAULT_SCHEMA,
    env: {},
    async document<T>(name: string): Promise<T | undefined> {
      const [row] = await embeddedQuery<{ data: unknown }>(
        dataDir,
        'select data from documents where name = $1',
        [name],
      );
      // PGlite parses `json` too; a string would be the text of it.
      return (typeof row?.data === 'string' ? JSON.parse(row.data) : row?.data) as T | undefined;
    },
    async pendingIdNumbers(): Promise<string[]> {
      return (await embeddedQuery<{ id: string }>(dataDir, PENDING_IDS)).map((r) => r.id);
    },
    findings: () => childFindings(dataDir),
    batchJobs: () => embeddedQuery<ChildJob>(dataDir, batchJobsSql()),
    drop: async () => {},
  };
}

/** One query on the embedded database of `dataDir`, opened for it with the real `openStoreDb`. */
async function embeddedQuery<T extends Record<string, unknown>>(
  dataDir: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const { openStoreDb } = await vi.importActual<typeof import('../../src/store/sql/open-db.js')>(
    '../../src/store/sql/open-db.js',
  );
  const db = await openStoreDb(dataDir, { databaseUrl: '', schema: DEFAULT_SCHEMA });
  try {
    return await db.query<T>(text, params);
  } finally {
    await db.close();
  }
}

/** The child's store on the suite's engine: a fresh schema on the server, or the data directory's PGlite. */
export function childStore(dataDir: string): Promise<ChildDatabase> {
  return CHILD_ENGINE === 'pg' ? childDatabase() : Promise.resolve(childPglite(dataDir));
}
