import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registryKind } from '../../../src/store/migrate/registry.js';
import { Registry } from '../../../src/store/registry.js';
import { certificate } from '../records.js';
import { tempDir } from '../temp-dir.js';
import { kindDb } from './kind-db.js';

const A = '11010519491231002X';
const B = '110105194912310021';
const C = '110101199001011234';

/** registry.json as version 1 wrote it: no provenance, which the file name then tells. */
function v1(extra: object[] = []) {
  return {
    schemaVersion: 1,
    sources: [
      { file: '/exports/official.json', importedAt: '2025-05-01T00:00:00Z' },
      { file: '/ledgers/site.xlsx', importedAt: '2025-05-02T00:00:00Z', enterprise: '甲公司' },
    ],
    records: [
      { ...certificate(A), source: '/exports/official.json', importedAt: '2025-05-01T00:00:00Z' },
      {
        ...certificate(B),
        source: '/ledgers/site.xlsx',
        importedAt: '2025-05-02T00:00:00Z',
        enterprise: '甲公司',
      },
      ...extra,
    ],
  };
}

describe('store migrate: registry', () => {
  const database = kindDb();

  it('carries registry.json once, its provenance brought up to date, and stops at a record it lacks', async () => {
    const from = await tempDir();
    const db = database();
    expect(await registryKind.run(from, db)).toEqual({ read: 0, stored: 0, added: 0 });
    await writeFile(join(from, 'registry.json'), JSON.stringify(v1()));
    expect(await registryKind.run(from, db)).toEqual({ read: 2, stored: 2, added: 2 });
    expect(await registryKind.run(from, db)).toEqual({ read: 2, stored: 2, added: 0 });

    const registry = new Registry(db);
    expect(await registry.findById(A)).toEqual([
      {
        ...certificate(A),
        source: '/exports/official.json',
        importedAt: '2025-05-01T00:00:00Z',
        provenance: 'official',
      },
    ]);
    expect((await registry.findById(B))[0]).toMatchObject({ provenance: 'ledger', enterprise: '甲公司' });
    expect((await registry.sources()).map((s) => [s.file, s.provenance, s.records])).toEqual([
      ['/exports/official.json', 'official', 1],
      ['/ledgers/site.xlsx', 'ledger', 1],
    ]);

    const later = { ...certificate(C), source: '/ledgers/site.xlsx', importedAt: '2025-05-02T00:00:00Z' };
    await writeFile(join(from, 'registry.json'), JSON.stringify(v1([later])));
    expect(await registryKind.run(from, db)).toEqual({ read: 3, stored: 2, added: 0 });
  });
});
