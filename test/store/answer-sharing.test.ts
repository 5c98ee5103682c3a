/**
 * Two bot instances on one database (PGlite, and PostgreSQL when configured): each sees the answers the other
 * stored, and puts of one key made by both at once leave one whole row, the latest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../src/sql/db.js';
import { applyMigrations } from '../../src/sql/migrate.js';
import { openPgDb } from '../../src/sql/pg-db.js';
import { ANSWER_MEMORY, AnswerStore } from '../../src/store/answer-store.js';
import { STORE_MIGRATION_LOCK, STORE_MIGRATIONS } from '../../src/store/sql/migrations.js';
import { DATABASES, PGLITE_START_MS } from '../helpers/databases.js';
import { EMPTY_ANSWER, foundAnswer } from './records.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const ID = '11010519491231002X';
const OTHER_ID = '110105194912310021';
const KEY = { personType: 'special' as const, idNumber: ID, name: '张三' };
const AT = new Date('2026-11-24T02:00:00Z');
const later = (ms: number) => new Date(AT.getTime() + ms);

describe.each(DATABASES)('two instances sharing the answer cache on %s', (_label, database) => {
  let first: SqlDb;
  /** The second instance's own connection (PostgreSQL); PGlite has one, shared. */
  let second: SqlDb;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await database.open();
    drop = opened.drop;
    first = opened.db;
    await applyMigrations(first, {
      list: STORE_MIGRATIONS,
      table: 'store_migrations',
      lockKey: STORE_MIGRATION_LOCK,
    });
    second = opened.url === undefined ? first : await openPgDb(opened.url);
  }, PGLITE_START_MS);
  afterAll(async () => {
    if (second !== first) await second.close();
    await drop();
  });

  it('each sees the answers the other stored (once its memory of the ID has lived), and counts them alike', async () => {
    let clock = 0;
    const one = new AnswerStore(first, { ttl: TTL, clock: () => clock });
    const two = new AnswerStore(second, { ttl: TTL });
    await one.put(KEY, foundAnswer(ID), AT);
    await two.put({ ...KEY, personType: 'manager' }, EMPTY_ANSWER, AT);
    expect(await two.get(KEY, AT)).toMatchObject({ fresh: true, answer: foundAnswer(ID) });
    clock = ANSWER_MEMORY.lifeMs;
    expect((await one.findById(ID, AT)).map((a) => a.personType).sort()).toEqual(['manager', 'special']);
    expect(await one.count()).toBe(2);
    expect(await two.count()).toBe(2);
  });

  it('puts of one key made by both at once leave one whole row, the latest', async () => {
    const one = new AnswerStore(first, { ttl: TTL });
    const two = new AnswerStore(second, { ttl: TTL });
    const key = { ...KEY, idNumber: OTHER_ID };
    const puts = Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? one : two).put(
        key,
        i === 13 ? foundAnswer(OTHER_ID) : EMPTY_ANSWER,
        later(i === 13 ? 60_000 : i),
      ),
    );
    await Promise.all(puts);
    const third = new AnswerStore(first, { ttl: TTL });
    expect(await third.findById(OTHER_ID, later(60_000))).toEqual([
      expect.objectContaining({ storedAt: later(60_000).toISOString(), answer: foundAnswer(OTHER_ID) }),
    ]);
  });
});
