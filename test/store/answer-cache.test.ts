import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { EMPTY_ANSWER, foundAnswer } from './records.js';
import { tempDir } from './temp-dir.js';

const ID = '11010519491231002X';
const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const STORED = new Date('2025-05-01T02:00:00Z');
const hoursLater = (h: number) => new Date(STORED.getTime() + h * 3_600_000);

describe('AnswerCache', () => {
  it('returns a positive answer fresh for 7 days, then stale but still there', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const key = { personType: 'special' as const, idNumber: ID, name: '张三' };
    expect(store.cache.get(key, STORED)).toBeUndefined();
    await store.cache.put(key, foundAnswer(ID), STORED);
    expect(store.cache.get(key, hoursLater(7 * 24 - 1))).toMatchObject({
      fresh: true,
      storedAt: STORED.toISOString(),
      answer: foundAnswer(ID),
    });
    expect(store.cache.get(key, hoursLater(7 * 24 + 1))).toMatchObject({
      fresh: false,
      answer: foundAnswer(ID),
    });
    await store.close();
  });

  it('keeps a negative answer fresh for 1 day only', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const key = { personType: 'special' as const, idNumber: ID, name: '李四' };
    await store.cache.put(key, EMPTY_ANSWER, STORED);
    expect(store.cache.get(key, hoursLater(23))?.fresh).toBe(true);
    expect(store.cache.get(key, hoursLater(25))?.fresh).toBe(false);
    await store.close();
  });

  it('treats a history-only answer as positive', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const key = { personType: 'special' as const, idNumber: ID, name: '张三' };
    await store.cache.put(key, { current: [], history: foundAnswer(ID).current }, STORED);
    expect(store.cache.get(key, hoursLater(48))?.fresh).toBe(true);
    await store.close();
  });

  it('keys by person type, ID number and name, and finds every entry of an ID', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    await store.cache.put({ personType: 'special', idNumber: ID, name: '张三' }, foundAnswer(ID), STORED);
    await store.cache.put({ personType: 'manager', idNumber: ID, name: '张三' }, EMPTY_ANSWER, STORED);
    await store.cache.put({ personType: 'special', idNumber: ID, name: '李四' }, EMPTY_ANSWER, STORED);
    await store.cache.put(
      { personType: 'special', idNumber: '110105194912310021', name: '张三' },
      EMPTY_ANSWER,
      STORED,
    );
    expect(store.cache.get({ personType: 'manager', idNumber: ID, name: '张三' }, STORED)?.answer).toEqual(
      EMPTY_ANSWER,
    );
    await store.close();

    const reopened = await openStore(dir, { cache: TTL });
    const found = reopened.cache.findById(ID, hoursLater(30));
    expect(found.map((f) => `${f.personType}/${f.name}/${f.fresh}`).sort()).toEqual([
      'manager/张三/false',
      'special/张三/true',
      'special/李四/false',
    ]);
    expect(reopened.cache.findById('110101199001011234')).toEqual([]);
    expect(reopened.cache.size).toBe(4);
    await reopened.close();
  });

  it('replaces an answer put again under the same key', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const key = { personType: 'special' as const, idNumber: ID, name: '张三' };
    await store.cache.put(key, EMPTY_ANSWER, STORED);
    await store.cache.put(key, foundAnswer(ID), hoursLater(30));
    expect(store.cache.get(key, hoursLater(31))).toMatchObject({ fresh: true, answer: foundAnswer(ID) });
    expect(store.cache.findById(ID)).toHaveLength(1);
    await store.close();
  });

  it('appends a line per answer stored, and the latest line for a key wins when opened again', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    const key = { personType: 'special' as const, idNumber: ID, name: '张三' };
    await store.cache.put(key, foundAnswer(ID), STORED);
    await store.cache.put(key, EMPTY_ANSWER, hoursLater(30));
    await store.close();
    const lines = (await readFile(join(dir, 'cache.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toEqual({ schemaVersion: 2 });
    const reopened = await openStore(dir, { cache: TTL });
    expect(reopened.cache.get(key, hoursLater(31))).toMatchObject({ fresh: true, answer: EMPTY_ANSWER });
    expect(reopened.cache.size).toBe(1);
    await reopened.close();
  });

  it('rewrites the file with one line per answer once superseded lines pile up', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    const key = { personType: 'special' as const, idNumber: ID, name: '张三' };
    const other = { ...key, name: '李四' };
    await store.cache.put(other, EMPTY_ANSWER, STORED);
    // 2 answers: the file is rewritten when it would hold more than 2 × 2 + 10,000 lines.
    const puts = [];
    for (let i = 0; i < 10_010; i++) puts.push(store.cache.put(key, foundAnswer(ID), hoursLater(i / 1000)));
    await Promise.all(puts);
    await store.close();
    const lines = (await readFile(join(dir, 'cache.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines.length).toBeLessThan(100);
    const reopened = await openStore(dir, { cache: TTL });
    expect(reopened.cache.size).toBe(2);
    expect(reopened.cache.get(key, hoursLater(11))).toMatchObject({
      storedAt: hoursLater(10_009 / 1000).toISOString(),
    });
    expect(reopened.cache.get(other, STORED)).toMatchObject({ answer: EMPTY_ANSWER });
    await reopened.close();
  });

  it('converts a cache.json of the previous layout, keeping every answer', async () => {
    const dir = await tempDir();
    const entry = (name: string) => ({
      personType: 'special',
      idNumber: ID,
      name,
      answer: foundAnswer(ID),
      storedAt: STORED.toISOString(),
    });
    await writeFile(
      join(dir, 'cache.json'),
      JSON.stringify({
        schemaVersion: 1,
        entries: { [`special|${ID}|张三`]: entry('张三'), [`special|${ID}|张叁`]: entry('张叁') },
      }),
    );
    const store = await openStore(dir, { cache: TTL });
    expect(
      store.cache
        .findById(ID, STORED)
        .map((a) => a.name)
        .sort(),
    ).toEqual(['张三', '张叁'].sort());
    await store.close();
    expect((await readdir(dir)).filter((f) => f.startsWith('cache'))).toEqual(['cache.jsonl']);
  });
});
