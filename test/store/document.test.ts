import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../src/sql/db.js';
import { applyMigrations } from '../../src/sql/migrate.js';
import { openPgDb } from '../../src/sql/pg-db.js';
import { type DocumentOptions, StoreDocument } from '../../src/store/document.js';
import { STORE_MIGRATION_LOCK, STORE_MIGRATIONS } from '../../src/store/sql/migrations.js';
import { DATABASES, PGLITE_START_MS } from '../helpers/databases.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { tempDir } from './temp-dir.js';

interface Counter {
  n: number;
  items: string[];
}

const counter: DocumentOptions<Counter> = { version: 2, defaults: () => ({ n: 0, items: [] }) };

async function storeDb(): Promise<SqlDb> {
  return openTestStoreDb(await tempDir());
}

async function putRow(db: SqlDb, name: string, version: number, data: unknown): Promise<void> {
  await db.query('insert into documents (name, version, data) values ($1, $2, $3::json)', [
    name,
    version,
    JSON.stringify(data),
  ]);
}

describe('StoreDocument', () => {
  // The suite's database starts with the first store: seconds on a busy machine.
  beforeAll(() => storeDb(), PGLITE_START_MS);

  it('starts from the defaults, keeps each update and finds it again when opened anew', async () => {
    const db = await storeDb();
    const doc = await StoreDocument.open(db, 'counter', counter);
    expect(doc.data).toEqual({ n: 0, items: [] });
    expect(await db.query('select name from documents')).toEqual([]);
    await doc.update((d) => {
      d.n = 5;
      d.items.push('a');
    });
    expect(doc.data).toEqual({ n: 5, items: ['a'] });
    await doc.flush();
    const again = await StoreDocument.open(db, 'counter', counter);
    expect(again.data).toEqual({ n: 5, items: ['a'] });
    expect(await db.query('select version from documents where name = $1', ['counter'])).toEqual([
      { version: 2 },
    ]);
  });

  it('applies a change to the data as the database holds it, and sees another copy’s changes on reload', async () => {
    const db = await storeDb();
    const a = await StoreDocument.open(db, 'counter', counter);
    const b = await StoreDocument.open(db, 'counter', counter);
    await a.update((d) => {
      d.items.push('from a');
    });
    expect(b.data.items).toEqual([]);
    await b.update((d) => {
      d.items.push('from b');
    });
    expect(b.data.items).toEqual(['from a', 'from b']);
    expect(a.data.items).toEqual(['from a']);
    await a.reload();
    expect(a.data.items).toEqual(['from a', 'from b']);
  });

  it('rolls back a change whose mutation throws, leaving the data as it was', async () => {
    const doc = await StoreDocument.open(await storeDb(), 'counter', counter);
    await doc.update((d) => {
      d.n = 1;
    });
    await expect(
      doc.update((d) => {
        d.n = 99;
        throw new Error('half done');
      }),
    ).rejects.toThrow('half done');
    expect(doc.data.n).toBe(1);
    await doc.update((d) => {
      d.n++;
    });
    expect(doc.data.n).toBe(2);
  });

  it('migrates an older document on read and writes it back at the current version', async () => {
    const db = await storeDb();
    await putRow(db, 'counter', 1, { count: 3 });
    const doc = await StoreDocument.open(db, 'counter', {
      ...counter,
      migrations: { 1: (old: { count: number }) => ({ n: old.count, items: [] }) },
    });
    expect(doc.data).toEqual({ n: 3, items: [] });
    const [row] = await db.query('select version, data from documents where name = $1', ['counter']);
    expect(row).toEqual({ version: 2, data: { n: 3, items: [] } });
  });

  it('refuses a document of a newer version or the wrong shape, and sets the latter aside when told to', async () => {
    const db = await storeDb();
    await putRow(db, 'future', 9, { n: 0, items: [] });
    await expect(
      StoreDocument.open(db, 'future', { ...counter, onCorrupt: 'recover' }),
    ).rejects.toMatchObject({
      code: 'store_corrupt',
      message: expect.stringContaining('更新版本'),
    });
    await putRow(db, 'odd', 2, { n: 0, items: {} });
    await expect(StoreDocument.open(db, 'odd', counter)).rejects.toMatchObject({
      code: 'store_corrupt',
      message: expect.stringContaining('items'),
    });
    const recovered = await StoreDocument.open(db, 'odd', { ...counter, onCorrupt: 'recover' });
    expect(recovered.data).toEqual({ n: 0, items: [] });
    const names = (await db.query<{ name: string }>('select name from documents order by name')).map(
      (r) => r.name,
    );
    expect(names).toEqual(['future', expect.stringMatching(/^odd\.corrupt-/)]);
  });
});

describe.each(DATABASES)('two instances updating one document on %s', (_label, database) => {
  let dropAll: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const drop of dropAll.reverse()) await drop();
    dropAll = [];
  });

  it(
    'loses none of 2 × 50 increments made at once',
    async () => {
      const opened = await database.open();
      dropAll.push(opened.drop);
      await applyMigrations(opened.db, {
        list: STORE_MIGRATIONS,
        table: 'store_migrations',
        lockKey: STORE_MIGRATION_LOCK,
      });
      // On PostgreSQL the second instance has a connection pool of its own, as another process would.
      const second = opened.url ? await openPgDb(opened.url, { max: 4 }) : opened.db;
      if (opened.url) dropAll.push(() => second.close());
      const one = await StoreDocument.open(opened.db, 'chat-stats', counter);
      const two = await StoreDocument.open(second, 'chat-stats', counter);
      const increments = (doc: StoreDocument<Counter>) =>
        Array.from({ length: 50 }, () =>
          doc.update((d) => {
            d.n++;
          }),
        );
      await Promise.all([...increments(one), ...increments(two)]);
      await one.reload();
      await two.reload();
      expect([one.data.n, two.data.n]).toEqual([100, 100]);
    },
    PGLITE_START_MS,
  );
});
