/**
 * Vitest global setup: in the PostgreSQL run (`npm run test:pg`), drop the schemas earlier runs left on the
 * server (test/helpers/store-databases.ts names them), so the test database does not grow run after run.
 */
import pg from 'pg';
import { TEST_PG_URL } from '../helpers/databases.js';
import { STORE_ENGINE, TEST_SCHEMA_PREFIX } from '../helpers/store-databases.js';

export default async function setup(): Promise<void> {
  if (STORE_ENGINE !== 'pg' || !TEST_PG_URL) return;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      'select nspname from pg_namespace where starts_with(nspname, $1)',
      [TEST_SCHEMA_PREFIX],
    );
    for (const { nspname } of rows) await client.query(`drop schema ${nspname} cascade`);
  } finally {
    await client.end();
  }
}
