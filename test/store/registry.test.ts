import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { certificate } from './records.js';
import { tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const A = '11010519491231002X';
const B = '110105194912310021';
const C = '110101199001011234';

describe('Registry', () => {
  it('replaces the records of a file imported again instead of duplicating them', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    const ledger = join(dir, 'imports', 'ledger.xlsx');
    const first = await store.registry.replaceSource({ file: ledger, importedAt: '2025-05-01T01:00:00Z' }, [
      certificate(A),
      certificate(B),
    ]);
    expect(first).toEqual({ added: 2, removed: 0, total: 2 });

    const second = await store.registry.replaceSource(
      { file: join(dir, 'imports', '..', 'imports', 'ledger.xlsx'), importedAt: '2025-05-02T01:00:00Z' },
      [certificate(A), certificate(C)],
    );
    expect(second).toEqual({ added: 1, removed: 1, total: 2 });
    expect(store.registry.findById(B)).toEqual([]);
    expect(store.registry.findById(A)).toEqual([
      { ...certificate(A), source: ledger, importedAt: '2025-05-02T01:00:00Z', provenance: 'ledger' },
    ]);
    expect(store.registry.sources()).toEqual([
      { file: ledger, importedAt: '2025-05-02T01:00:00Z', provenance: 'ledger', records: 2 },
    ]);
    await store.close();

    const reopened = await openStore(dir, { cache: TTL });
    expect(reopened.registry.findById(C)).toHaveLength(1);
    expect(reopened.registry.findById(A)[0]?.importedAt).toBe('2025-05-02T01:00:00Z');
    await reopened.close();
  });

  it('treats a renamed copy with the same content hash as the same source', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    await store.registry.replaceSource(
      { file: '/exports/a.csv', importedAt: '2025-05-01T00:00:00Z', sha256: 'h1' },
      [certificate(A)],
    );
    const result = await store.registry.replaceSource(
      { file: '/exports/copy-of-a.csv', importedAt: '2025-05-03T00:00:00Z', sha256: 'h1' },
      [certificate(A)],
    );
    expect(result).toEqual({ added: 0, removed: 0, total: 1 });
    expect(store.registry.sources().map((s) => s.file)).toEqual(['/exports/copy-of-a.csv']);
    expect(store.registry.findById(A)).toHaveLength(1);
    await store.close();
  });

  it('keeps the records of different sources side by side, counting a changed record as removed and added', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    await store.registry.replaceSource(
      { file: '/exports/official.csv', importedAt: '2025-05-01T00:00:00Z' },
      [certificate(A)],
    );
    await store.registry.replaceSource({ file: '/ledgers/site.xlsx', importedAt: '2025-05-02T00:00:00Z' }, [
      certificate(A, { validUntil: '2027-01-01' }),
    ]);
    expect(store.registry.findById(A).map((r) => r.source)).toEqual([
      '/exports/official.csv',
      '/ledgers/site.xlsx',
    ]);
    const changed = await store.registry.replaceSource(
      { file: '/ledgers/site.xlsx', importedAt: '2025-05-03T00:00:00Z' },
      [certificate(A, { validUntil: '2028-01-01' })],
    );
    expect(changed).toEqual({ added: 1, removed: 1, total: 1 });
    expect(store.registry.findById(A).map((r) => r.validUntil)).toEqual(['2028-03-01', '2028-01-01']);
    await store.close();
  });

  it('brings a version 1 file up to date: provenance from the file imported, official only for JSON exports', async () => {
    const dir = await tempDir();
    const v1 = {
      schemaVersion: 1,
      sources: [
        { file: '/exports/official.json', importedAt: '2025-05-01T00:00:00Z' },
        { file: '/ledgers/site.xlsx', importedAt: '2025-05-02T00:00:00Z' },
      ],
      records: [
        { ...certificate(A), source: '/exports/official.json', importedAt: '2025-05-01T00:00:00Z' },
        { ...certificate(B), source: '/ledgers/site.xlsx', importedAt: '2025-05-02T00:00:00Z' },
      ],
    };
    await writeFile(join(dir, 'registry.json'), JSON.stringify(v1));
    const store = await openStore(dir, { cache: TTL });
    expect(store.registry.findById(A)[0]?.provenance).toBe('official');
    expect(store.registry.findById(B)[0]?.provenance).toBe('ledger');
    expect(store.registry.sources().map((s) => s.provenance)).toEqual(['official', 'ledger']);
    await store.registry.replaceSource(
      { file: '/ledgers/other.xlsx', importedAt: '2025-05-03T00:00:00Z', enterprise: '甲公司' },
      [certificate(C)],
    );
    await store.close();
    const saved = JSON.parse(await readFile(join(dir, 'registry.json'), 'utf8'));
    expect(saved.schemaVersion).toBe(2);
    expect(saved.records.at(-1)).toMatchObject({ provenance: 'ledger', enterprise: '甲公司' });
  });
});
