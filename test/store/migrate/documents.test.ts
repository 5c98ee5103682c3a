import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../../src/sql/db.js';
import { StoreDocument } from '../../../src/store/document.js';
import { documentsKind } from '../../../src/store/migrate/documents.js';
import { PGLITE_START_MS } from '../../helpers/databases.js';
import { openTestStoreDb } from '../../helpers/store-databases.js';
import { tempDir } from '../temp-dir.js';

const STATS = { schemaVersion: 1, byKey: { 甲公司: { valid: 2, expired: 1 } } };
const LEDGER = { schemaVersion: 1, books: { 甲公司: { enterprise: '甲公司', people: [], sent: {} } } };

describe('store migrate: documents', () => {
  let db: SqlDb;
  // The suite's database starts with the first store: seconds on a busy machine.
  beforeAll(async () => {
    db = await openTestStoreDb(await tempDir());
  }, PGLITE_START_MS);

  it('carries each <name>.json once as it is, and stops when the database holds another', async () => {
    const from = await tempDir();
    await writeFile(join(from, 'chat-stats.json'), JSON.stringify(STATS));
    await writeFile(join(from, 'ledger.json'), JSON.stringify(LEDGER));
    await writeFile(join(from, 'unrelated.json'), '{}');
    expect(await documentsKind.run(from, db)).toEqual({ read: 2, stored: 2, added: 2 });
    expect(await documentsKind.run(from, db)).toEqual({ read: 2, stored: 2, added: 0 });

    const stats = await StoreDocument.open(db, 'chat-stats', { version: 1, defaults: () => ({ byKey: {} }) });
    expect(stats.data).toEqual({ byKey: STATS.byKey });

    await writeFile(join(from, 'chat-stats.json'), JSON.stringify({ ...STATS, byKey: {} }));
    expect(await documentsKind.run(from, db)).toEqual({ read: 2, stored: 1, added: 0 });
  });
});
