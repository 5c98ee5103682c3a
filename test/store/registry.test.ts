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
    expect(await store.registry.findById(B)).toEqual([]);
    expect(await store.registry.findById(A)).toEqual([
      { ...certificate(A), source: ledger, importedAt: '2025-05-02T01:00:00Z', provenance: 'ledger' },
    ]);
    expect(await store.registry.sources()).toEqual([
      { file: ledger, importedAt: '2025-05-02T01:00:00Z', provenance: 'ledger', records: 2 },
    ]);
    await store.close();

    const reopened = await openStore(dir, { cache: TTL });
    expect(await reopened.registry.findById(C)).toHaveLength(1);
    expect((await reopened.registry.findById(A))[0]?.importedAt).toBe('2025-05-02T01:00:00Z');
    await reopened.close();
  });

  it('answers prefetched ID numbers from one query, and an import of its own at once', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    await store.registry.replaceSource({ file: '/exports/a.json', importedAt: '2025-05-01T00:00:00Z' }, [
      certificate(A),
    ]);
    const query = store.db.query.bind(store.db);
    let reads = 0;
    store.db.query = (text, params) => {
      if (text.includes('from registry_records')) reads++;
      return query(text, params);
    };
    await store.registry.prefetch([A, B, C]);
    expect(await store.registry.findById(A)).toHaveLength(1);
    expect(await store.registry.findById(B)).toEqual([]);
    expect(reads).toBe(1);
    await store.registry.replaceSource({ file: '/exports/b.json', importedAt: '2025-05-02T00:00:00Z' }, [
      certificate(B),
    ]);
    expect(await store.registry.findById(B)).toHaveLength(1);
    store.db.query = query;
    await store.close();
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
    expect((await store.registry.sources()).map((s) => s.file)).toEqual(['/exports/copy-of-a.csv']);
    expect(await store.registry.findById(A)).toHaveLength(1);
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
    expect((await store.registry.findById(A)).map((r) => r.source)).toEqual([
      '/exports/official.csv',
      '/ledgers/site.xlsx',
    ]);
    const changed = await store.registry.replaceSource(
      { file: '/ledgers/site.xlsx', importedAt: '2025-05-03T00:00:00Z' },
      [certificate(A, { validUntil: '2028-01-01' })],
    );
    expect(changed).toEqual({ added: 1, removed: 1, total: 1 });
    expect((await store.registry.findById(A)).map((r) => r.validUntil)).toEqual(['2028-03-01', '2028-01-01']);
    await store.close();
  });

  it('keeps two imports at once apart: each source holds its own records, none mixed or lost', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const ids = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => certificate(`1101051949123${String(from + i).padStart(4, '0')}X`));
    // The same file imported twice at once (a copy under another name): one import wins, whole.
    await Promise.all([
      store.registry.replaceSource(
        { file: '/ledgers/a.xlsx', importedAt: '2025-05-01T00:00:00Z', sha256: 'h' },
        ids(40, 0),
      ),
      store.registry.replaceSource(
        { file: '/ledgers/b.xlsx', importedAt: '2025-05-01T00:00:00Z' },
        ids(40, 100),
      ),
      store.registry.replaceSource(
        { file: '/ledgers/a2.xlsx', importedAt: '2025-05-02T00:00:00Z', sha256: 'h' },
        ids(30, 200),
      ),
    ]);
    const sources = await store.registry.sources();
    expect(sources).toHaveLength(2);
    const a = sources.find((s) => s.file !== '/ledgers/b.xlsx');
    expect(a?.records).toBe(a?.file === '/ledgers/a.xlsx' ? 40 : 30);
    expect(sources.find((s) => s.file === '/ledgers/b.xlsx')?.records).toBe(40);
    const first = a?.file === '/ledgers/a.xlsx' ? ids(40, 0) : ids(30, 200);
    for (const record of first) expect(await store.registry.findById(record.idNumber)).toHaveLength(1);
    await store.close();
  });
});
