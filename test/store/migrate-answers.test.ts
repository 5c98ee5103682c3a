/**
 * `store migrate`'s answer cache: a data directory's cache.json and cache.jsonl into the answers table, the
 * latest line of a key winning, lines that are no answer skipped, the files untouched; a second run adds nothing.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../src/sql/db.js';
import { answersKind } from '../../src/store/migrate/answers.js';
import { openStore } from '../../src/store/store.js';
import { PGLITE_START_MS } from '../helpers/databases.js';
import { EMPTY_ANSWER, foundAnswer } from './records.js';
import { tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const ID = '11010519491231002X';
const OTHER_ID = '110105194912310021';
const AT = '2025-05-01T02:00:00.000Z';
const LATER = '2025-05-02T02:00:00.000Z';

const line = (idNumber: string, name: string, answer: object, storedAt: string) =>
  JSON.stringify({ personType: 'special', idNumber, name, answer, storedAt });

/** A data directory of the file store: three answers in cache.jsonl (one key twice), one in cache.json. */
async function oldDataDir(): Promise<string> {
  const dir = await tempDir();
  await writeFile(
    join(dir, 'cache.json'),
    JSON.stringify({
      schemaVersion: 1,
      entries: {
        [`special|${OTHER_ID}|李四`]: JSON.parse(line(OTHER_ID, '李四', EMPTY_ANSWER, AT)),
        [`special|${ID}|张三`]: JSON.parse(line(ID, '张三', EMPTY_ANSWER, AT)),
      },
    }),
  );
  const lines = [
    JSON.stringify({ schemaVersion: 2 }),
    line(ID, '张三', EMPTY_ANSWER, AT),
    '{"personType":"special"}',
    'not json',
    line(ID, '张三', foundAnswer(ID), LATER),
    line(ID, '张叁', EMPTY_ANSWER, AT),
  ];
  await writeFile(join(dir, 'cache.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

describe('answers migration kind', () => {
  // The suite's shared database starts with the first store opened (seconds on PGlite): not in a test's time.
  beforeAll(async () => {
    await (await openStore(await tempDir(), { cache: TTL })).close();
  }, PGLITE_START_MS);

  it('carries every answer once, the latest of a key, and adds nothing the second time', async () => {
    const from = await oldDataDir();
    const filesBefore = await Promise.all(
      ['cache.json', 'cache.jsonl'].map((f) => readFile(join(from, f), 'utf8')),
    );
    const store = await openStore(await tempDir(), { cache: TTL });
    expect(answersKind).toMatchObject({ name: 'answers', label: '答案缓存' });
    expect(await answersKind.run(from, store.db)).toEqual({ read: 3, stored: 3, added: 3 });
    expect(await answersKind.run(from, store.db)).toEqual({ read: 3, stored: 3, added: 0 });
    expect(await store.cache.count()).toBe(3);
    expect(
      await store.cache.get({ personType: 'special', idNumber: ID, name: '张三' }, new Date(LATER)),
    ).toEqual({
      answer: foundAnswer(ID),
      storedAt: LATER,
      fresh: true,
    });
    expect((await store.cache.findById(OTHER_ID)).map((a) => a.name)).toEqual(['李四']);
    expect(
      await Promise.all(['cache.json', 'cache.jsonl'].map((f) => readFile(join(from, f), 'utf8'))),
    ).toEqual(filesBefore);
    expect((await readdir(from)).sort()).toEqual(['cache.json', 'cache.jsonl']);
    await store.close();
  });

  it('keeps a newer answer the database holds', async () => {
    const from = await oldDataDir();
    const store = await openStore(await tempDir(), { cache: TTL });
    const key = { personType: 'special' as const, idNumber: ID, name: '张三' };
    await store.cache.put(key, EMPTY_ANSWER, new Date('2025-06-01T00:00:00Z'));
    expect(await answersKind.run(from, store.db)).toEqual({ read: 3, stored: 3, added: 2 });
    expect((await store.cache.get(key, new Date()))?.answer).toEqual(EMPTY_ANSWER);
    await store.close();
  });

  it('says so when the database lacks answers of the files after the run', async () => {
    const from = await oldDataDir();
    const store = await openStore(await tempDir(), { cache: TTL });
    const losing: SqlDb = {
      ...store.db,
      query: ((text: string, params?: readonly unknown[]) =>
        text.includes('insert into') ? Promise.resolve([]) : store.db.query(text, params)) as SqlDb['query'],
    };
    expect(await answersKind.run(from, losing)).toEqual({ read: 3, stored: 0, added: 0 });
    await store.close();
  });

  it('reads nothing from a directory without cache files', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    expect(await answersKind.run(await tempDir(), store.db)).toEqual({ read: 0, stored: 0, added: 0 });
    await store.close();
  });
});
