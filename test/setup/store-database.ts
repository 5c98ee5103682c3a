/**
 * Vitest setup: every store the suite opens in process uses the suite's shared database (see
 * test/helpers/store-databases.ts) instead of starting PGlite in each data directory.
 */
import { vi } from 'vitest';

vi.mock('../../src/store/sql/open-db.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/store/sql/open-db.js')>();
  const { openTestStoreDb } = await import('../helpers/store-databases.js');
  return { ...real, openStoreDb: (dataDir: string) => openTestStoreDb(dataDir) };
});
