import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreDocument } from '../../../src/store/document.js';
import { documentsKind } from '../../../src/store/migrate/documents.js';
import { tempDir } from '../temp-dir.js';
import { kindDb } from './kind-db.js';

const STATS = { schemaVersion: 1, byKey: { 甲公司: { valid: 2, expired: 1 } } };
const LEDGER = { schemaVersion: 1, books: { 甲公司: { enterprise: '甲公司', people: [], sent: {} } } };

describe('store migrate: documents', () => {
  const database = kindDb();

  it('carries each <name>.json once as it is, and stops when the database holds another', async () => {
    const from = await tempDir();
    const db = database();
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
