import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerStore } from '../../src/store/answer-store.js';
import { openStore } from '../../src/store/store.js';
import { PGLITE_START_MS } from '../helpers/databases.js';
import { EMPTY_ANSWER, foundAnswer } from './records.js';
import { tempDir } from './temp-dir.js';

const ID = '11010519491231002X';
const OTHER_ID = '110105194912310021';
const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const STORED = new Date('2025-05-01T02:00:00Z');
const hoursLater = (h: number) => new Date(STORED.getTime() + h * 3_600_000);
const ZHANG = { personType: 'special' as const, idNumber: ID, name: '张三' };

describe('AnswerStore', () => {
  // The suite's shared database starts with the first store opened (seconds on PGlite): not in a test's time.
  beforeAll(async () => {
    await (await openStore(await tempDir(), { cache: TTL })).close();
  }, PGLITE_START_MS);

  it('returns a positive answer fresh for 7 days, then stale but still there', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    expect(await store.cache.get(ZHANG, STORED)).toBeUndefined();
    await store.cache.put(ZHANG, foundAnswer(ID), STORED);
    expect(await store.cache.get(ZHANG, hoursLater(7 * 24 - 1))).toEqual({
      fresh: true,
      storedAt: STORED.toISOString(),
      answer: foundAnswer(ID),
    });
    expect(await store.cache.get(ZHANG, hoursLater(7 * 24 + 1))).toMatchObject({
      fresh: false,
      answer: foundAnswer(ID),
    });
    await store.close();
  });

  it('keeps a negative answer fresh for 1 day only, and a history-only answer as long as a positive one', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const li = { ...ZHANG, name: '李四' };
    await store.cache.put(li, EMPTY_ANSWER, STORED);
    await store.cache.put(ZHANG, { current: [], history: foundAnswer(ID).current }, STORED);
    expect((await store.cache.get(li, hoursLater(23)))?.fresh).toBe(true);
    expect((await store.cache.get(li, hoursLater(25)))?.fresh).toBe(false);
    expect((await store.cache.get(ZHANG, hoursLater(48)))?.fresh).toBe(true);
    await store.close();
  });

  it('keys by person type, ID number and name, and finds every answer of an ID after a reopen', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    await store.cache.put(ZHANG, foundAnswer(ID), STORED);
    await store.cache.put({ ...ZHANG, personType: 'manager' }, EMPTY_ANSWER, STORED);
    await store.cache.put({ ...ZHANG, name: ' 李四 ' }, EMPTY_ANSWER, STORED);
    await store.cache.put({ ...ZHANG, idNumber: OTHER_ID }, EMPTY_ANSWER, STORED);
    expect((await store.cache.get({ ...ZHANG, personType: 'manager' }, STORED))?.answer).toEqual(
      EMPTY_ANSWER,
    );
    await store.close();

    const reopened = await openStore(dir, { cache: TTL });
    const found = await reopened.cache.findById(ID, hoursLater(30));
    expect(found.map((f) => `${f.personType}/${f.name}/${f.fresh}`).sort()).toEqual([
      'manager/张三/false',
      'special/张三/true',
      'special/李四/false',
    ]);
    expect(await reopened.cache.get({ ...ZHANG, name: '李四' }, STORED)).toMatchObject({
      answer: EMPTY_ANSWER,
    });
    expect(await reopened.cache.findById('110101199001011234')).toEqual([]);
    expect(await reopened.cache.count()).toBe(4);
    await reopened.close();
  });

  it('replaces an answer with a newer one put under the same key, never with an older one', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    await store.cache.put(ZHANG, EMPTY_ANSWER, STORED);
    await store.cache.put(ZHANG, foundAnswer(ID), hoursLater(30));
    await store.cache.put(ZHANG, EMPTY_ANSWER, hoursLater(2));
    expect(await store.cache.get(ZHANG, hoursLater(31))).toMatchObject({
      fresh: true,
      answer: foundAnswer(ID),
    });
    expect(await store.cache.findById(ID)).toHaveLength(1);
    await store.close();
    const reopened = await openStore(dir, { cache: TTL });
    expect(await reopened.cache.get(ZHANG, hoursLater(31))).toMatchObject({
      storedAt: hoursLater(30).toISOString(),
      answer: foundAnswer(ID),
    });
    expect(await reopened.cache.count()).toBe(1);
    await reopened.close();
  });

  it('sees a put at once, even one not yet written when asked', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    expect(await store.cache.findById(ID, STORED)).toEqual([]);
    const writing = store.cache.put(ZHANG, foundAnswer(ID), STORED);
    expect(await store.cache.get(ZHANG, STORED)).toMatchObject({ fresh: true, answer: foundAnswer(ID) });
    await writing;
    await store.close();
  });

  it('says which of many keys have a fresh answer, in one call', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    await store.cache.put(ZHANG, foundAnswer(ID), STORED);
    await store.cache.put({ ...ZHANG, name: '李四' }, EMPTY_ANSWER, STORED);
    const keys = [ZHANG, { ...ZHANG, name: '李四' }, { ...ZHANG, idNumber: OTHER_ID }];
    expect(await store.cache.freshKeys(keys, hoursLater(30))).toEqual(new Set([`special|${ID}|张三`]));
    expect(await store.cache.freshKeys([], STORED)).toEqual(new Set());
    await store.close();
  });

  it('holds at most its bound of ID numbers in memory, however many it reads', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const answers = new AnswerStore(store.db, { ttl: TTL, memory: { ids: 3, lifeMs: 60_000 } });
    const ids = Array.from({ length: 10 }, (_, i) => `1101051949123100${String(i).padStart(2, '0')}`);
    for (const idNumber of ids) await answers.put({ ...ZHANG, idNumber }, foundAnswer(idNumber), STORED);
    for (const idNumber of ids)
      expect(await answers.get({ ...ZHANG, idNumber }, STORED)).toMatchObject({
        answer: foundAnswer(idNumber),
      });
    expect(answers.remembered).toBe(3);
    await store.close();
  });

  it("sees another instance's newer answer once its memory of the ID has lived its life", async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    let clock = 0;
    const here = new AnswerStore(store.db, {
      ttl: TTL,
      memory: { ids: 10, lifeMs: 5_000 },
      clock: () => clock,
    });
    const there = new AnswerStore(store.db, { ttl: TTL });
    await here.put(ZHANG, EMPTY_ANSWER, STORED);
    await there.put(ZHANG, foundAnswer(ID), hoursLater(1));
    clock = 4_000;
    // Within the life, the answer remembered (the bounded staleness the memory allows).
    expect((await here.get(ZHANG, hoursLater(2)))?.answer).toEqual(EMPTY_ANSWER);
    clock = 5_001;
    expect((await here.get(ZHANG, hoursLater(2)))?.answer).toEqual(foundAnswer(ID));
    expect(await here.findById(ID, hoursLater(2))).toHaveLength(1);
    await store.close();
  });

  it("reads a roster's next ID numbers in one query, after which their gets and findByIds need none", async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const ids = Array.from({ length: 5 }, (_, i) => `1101051949123100${String(i).padStart(2, '0')}`);
    const writer = new AnswerStore(store.db, { ttl: TTL });
    for (const idNumber of ids.slice(0, 3))
      await writer.put({ ...ZHANG, idNumber }, foundAnswer(idNumber), STORED);
    let queries = 0;
    const counted = {
      ...store.db,
      query: (text: string, params?: readonly unknown[]) => {
        queries++;
        return store.db.query(text, params);
      },
    } as typeof store.db;
    const answers = new AnswerStore(counted, { ttl: TTL });
    await answers.prefetch([...ids, ids[0] as string]);
    expect(queries).toBe(1);
    for (const idNumber of ids.slice(0, 3))
      expect((await answers.get({ ...ZHANG, idNumber }, STORED))?.answer).toEqual(foundAnswer(idNumber));
    // Known absent: no answer, and no query to learn it.
    expect(await answers.get({ ...ZHANG, idNumber: ids[4] as string }, STORED)).toBeUndefined();
    expect(await answers.findById(ids[3] as string, STORED)).toEqual([]);
    expect(queries).toBe(1);
    // What it already holds is not read again.
    await answers.prefetch(ids);
    expect(queries).toBe(1);
    await store.close();
  });

  it('forgets what it held for an ID when a write fails, and rejects the put', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const failing = { ...store.db, query: () => Promise.reject(new Error('disk full')) };
    const answers = new AnswerStore(failing, { ttl: TTL });
    await expect(answers.put(ZHANG, foundAnswer(ID), STORED)).rejects.toThrow('disk full');
    expect(answers.remembered).toBe(0);
    await answers.flush();
    await store.close();
  });
});
