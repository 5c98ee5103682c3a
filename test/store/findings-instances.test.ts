/**
 * Several instances on one database record findings at once (issue 24): the same finding reported by two of them
 * at the same moment is stored once with both reports counted, and one occasion (a batch row a resumed job
 * verifies again on another instance) is counted once. On PGlite and on PostgreSQL, where each instance has a
 * pool of its own.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../src/sql/db.js';
import { applyMigrations } from '../../src/sql/migrate.js';
import { openPgDb } from '../../src/sql/pg-db.js';
import { FindingsLog } from '../../src/store/findings-log.js';
import { STORE_MIGRATION_LOCK, STORE_MIGRATIONS } from '../../src/store/sql/migrations.js';
import { DATABASES, PGLITE_START_MS } from '../helpers/databases.js';
import { findingInput } from './finding-input.js';

/** Findings each reported by both instances at once. */
const PEOPLE = 30;
const AT = new Date('2025-05-01T03:00:00Z');

const idOf = (i: number) => `1101051949123${String(i).padStart(4, '0')}X`;

describe.each(DATABASES)('two instances recording findings on %s', (_label, database) => {
  let one: FindingsLog;
  let two: FindingsLog;
  let close: () => Promise<void>;
  let clear: () => Promise<void>;

  beforeAll(async () => {
    const opened = await database.open();
    await applyMigrations(opened.db, {
      list: STORE_MIGRATIONS,
      table: 'store_migrations',
      lockKey: STORE_MIGRATION_LOCK,
    });
    // PostgreSQL: a pool of its own for the second instance, as another process would have.
    const other: SqlDb = opened.url ? await openPgDb(opened.url) : opened.db;
    one = new FindingsLog(opened.db);
    two = new FindingsLog(other);
    close = async () => {
      if (other !== opened.db) await other.close();
      await opened.drop();
    };
    // Each test begins on empty tables.
    clear = () => opened.db.exec('truncate finding_occasions, findings');
  }, PGLITE_START_MS);
  beforeEach(async () => {
    await clear();
  });
  afterAll(async () => {
    await close();
  });

  it('stores a finding both report at once once, with both reports counted', async () => {
    const reports = await Promise.all(
      Array.from({ length: PEOPLE }, (_, i) => [
        one.record(findingInput({ idNumber: idOf(i) }), AT),
        two.record(findingInput({ idNumber: idOf(i) }), new Date(AT.getTime() + 1000)),
      ]).flat(),
    );
    expect(reports.filter((r) => r.duplicate)).toHaveLength(PEOPLE);
    const stored = await two.list();
    expect(stored.map((f) => f.idNumber).sort()).toEqual(Array.from({ length: PEOPLE }, (_, i) => idOf(i)));
    expect(stored.map((f) => f.count)).toEqual(Array(PEOPLE).fill(2));
    expect(stored.map((f) => f.lastAt)).toEqual(Array(PEOPLE).fill('2025-05-01T03:00:01.000Z'));
    expect(await one.size()).toBe(PEOPLE);
  });

  it('counts one occasion once when both instances verify the same row at once', async () => {
    const reports = await Promise.all(
      Array.from({ length: PEOPLE }, (_, i) =>
        [one, two].map((log) => log.record(findingInput({ idNumber: idOf(i) }), AT, `job|row${i}`)),
      ).flat(),
    );
    expect(reports.filter((r) => r.duplicate)).toHaveLength(PEOPLE);
    expect((await one.list()).map((f) => f.count)).toEqual(Array(PEOPLE).fill(1));
  });
});
