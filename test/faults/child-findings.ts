/**
 * The findings a child process left in its data directory: a child runs on the real embedded database there
 * (the suite's shared database is only this process's), so it is read with the real `openStoreDb`.
 */
import { vi } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import { FindingsLog } from '../../src/store/findings-log.js';

/**
 * Every finding in `dataDir`'s embedded database (the child that wrote it has stopped), or in the database
 * `store` names (a child that ran on a server).
 */
export async function childFindings(
  dataDir: string,
  store: { databaseUrl: string; schema: string } = { databaseUrl: '', schema: 'cert_verify' },
): Promise<Finding[]> {
  const { openStoreDb } = await vi.importActual<typeof import('../../src/store/sql/open-db.js')>(
    '../../src/store/sql/open-db.js',
  );
  const db = await openStoreDb(dataDir, store);
  try {
    return await new FindingsLog(db).list();
  } finally {
    await db.close();
  }
}
