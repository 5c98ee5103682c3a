import { afterEach, describe, expect, it } from 'vitest';
import { LEDGER_VERSION, LedgerStore, personKey } from '../../src/store/ledger-store.js';
import { openStore, type Store } from '../../src/store/store.js';
import { person, WANG, ZHANG } from '../verify/ledger-helpers.js';
import { tempDir } from './temp-dir.js';

const CACHE = { positiveTtlDays: 7, negativeTtlDays: 1 };
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('the ledger file', () => {
  it('keeps each enterprise’s people across a restart, in a versioned document of the store', async () => {
    const dir = await tempDir();
    store = await openStore(dir, { cache: CACHE });
    const ledger = await LedgerStore.open(store);
    await ledger.change('甲公司', (book) => {
      book.people.push(person(ZHANG, '张伟', { department: '电气车间' }));
    });
    await ledger.change('乙公司', (book) => {
      book.people.push(person(WANG, '王芳'));
      book.remindersOff = true;
    });
    await store.close();
    expect(await store.db.query('select version from documents where name = $1', ['ledger'])).toEqual([
      { version: LEDGER_VERSION },
    ]);

    store = await openStore(dir, { cache: CACHE });
    const again = await LedgerStore.open(store);
    expect(again.books.map((b) => b.enterprise)).toEqual(['甲公司', '乙公司']);
    expect(again.book('甲公司')?.people[0]).toMatchObject({ idNumber: ZHANG, department: '电气车间' });
    expect(again.book('乙公司')?.remindersOff).toBe(true);
    expect(again.book('丙公司')).toBeUndefined();
  });

  it('says which enterprises list an ID, and forgets an old answer after a change', async () => {
    store = await openStore(await tempDir(), { cache: CACHE });
    const ledger = await LedgerStore.open(store);
    await ledger.change('甲公司', (book) => book.people.push(person(ZHANG, '张伟')));
    expect(ledger.holders(ZHANG)).toEqual([{ name: '张伟', enterprise: '甲公司' }]);
    expect(ledger.holders(WANG)).toEqual([]);
    await ledger.change('乙公司', (book) => book.people.push(person(ZHANG, '张伟')));
    expect(ledger.holders(ZHANG).map((h) => h.enterprise)).toEqual(['甲公司', '乙公司']);
  });

  it('keys a person by ID and item, so one holder of two certificates is two entries', () => {
    expect(personKey({ idNumber: ZHANG, item: '电工' })).not.toBe(
      personKey({ idNumber: ZHANG, item: '焊工' }),
    );
    expect(personKey({ idNumber: ZHANG })).toBe(`${ZHANG}|`);
  });
});
