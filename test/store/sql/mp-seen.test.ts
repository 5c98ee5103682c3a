/**
 * The service account's messages already taken, in the database: the first to take a key gets it (also two
 * instances at once), again once its window has passed; a later window extends it; expired rows are cleared.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../../src/sql/db.js';
import { openPgDb } from '../../../src/sql/pg-db.js';
import { SqlSeenMessages } from '../../../src/store/sql/mp-seen.js';
import { DATABASES } from '../../helpers/databases.js';
import { suiteStoreDb } from '../../helpers/store-schema.js';

let now = 1_700_000_000_000;
const clock = () => now;

describe.each(DATABASES)('the messages taken on %s', (_label, database) => {
  const suite = suiteStoreDb(database, 'delete from mp_seen');
  let db: SqlDb;
  /** A second instance: a pool of its own on PostgreSQL, the one connection on PGlite. */
  let other: SqlDb;

  beforeAll(async () => {
    const url = suite.url();
    other = url ? await openPgDb(url) : suite.db();
  });
  afterAll(async () => {
    if (other !== suite.db()) await other.close();
  });
  beforeEach(() => {
    db = suite.db();
    now = 1_700_000_000_000;
  });

  it('of two instances taking a key at once, one gets it; again once its window has passed', async () => {
    const [a, b] = [new SqlSeenMessages(db, clock), new SqlSeenMessages(other, clock)];
    const taken = await Promise.all([
      a.take('m1', now + 1000),
      b.take('m1', now + 1000),
      a.take('m1', now + 1000),
    ]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    now += 1001;
    expect(await b.take('m1', now + 1000)).toBe(true);
    expect(await a.take('m1', now + 1000)).toBe(false);
  });

  it('a later request of a message taken extends its window', async () => {
    const seen = new SqlSeenMessages(db, clock);
    expect(await seen.take('m2', now + 1000)).toBe(true);
    expect(await seen.take('m2', now + 5000)).toBe(false);
    now += 2000;
    expect(await new SqlSeenMessages(other, clock).take('m2', now + 1000)).toBe(false);
  });

  it('rows past their window are cleared', async () => {
    await new SqlSeenMessages(db, clock).take('old', now + 1000);
    now += 2000;
    await new SqlSeenMessages(db, clock).take('new', now + 1000);
    const keys = (await db.query<{ key: string }>('select key from mp_seen order by key')).map((r) => r.key);
    expect(keys).toEqual(['new']);
  });
});
