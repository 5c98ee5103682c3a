/**
 * The outbox of a bot that ran as a child process: on the embedded database of its data directory (the suite's
 * setup points in-process stores elsewhere, so the real opener is asked for).
 */
import { vi } from 'vitest';
import { Outbox } from '../../src/store/outbox.js';

/** Run `read` on the outbox of `dataDir`'s own database, closed afterwards. */
export async function readChildOutbox<T>(dataDir: string, read: (outbox: Outbox) => Promise<T>): Promise<T> {
  const { openStoreDb } = await vi.importActual<typeof import('../../src/store/sql/open-db.js')>(
    '../../src/store/sql/open-db.js',
  );
  const db = await openStoreDb(dataDir, { databaseUrl: '', schema: 'cert_verify' });
  try {
    return await read(new Outbox(db));
  } finally {
    await db.close();
  }
}
