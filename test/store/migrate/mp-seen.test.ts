/**
 * `store migrate`'s kind mp-seen: the keys of `mp-seen.jsonl` whose window is open go into `mp_seen`; a second
 * run adds nothing; a key the database lacks after the run shows as read ≠ stored.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../../src/sql/db.js';
import { MP_SEEN_FILE } from '../../../src/store/files/mp-seen-file.js';
import { mpSeenKind } from '../../../src/store/migrate/mp-seen.js';
import { SqlSeenMessages } from '../../../src/store/sql/mp-seen.js';
import { DATABASES } from '../../helpers/databases.js';
import { suiteStoreDb } from '../../helpers/store-schema.js';

const NOW = 1_700_000_000_000;

/** An old data directory's file: three open keys (one written twice), one expired, one line cut short. */
const FILE = [
  '{"schemaVersion":1}',
  `{"key":"a","until":${NOW + 60_000}}`,
  `{"key":"b","until":${NOW + 60_000}}`,
  `{"key":"a","until":${NOW + 120_000}}`,
  `{"key":"old","until":${NOW - 1}}`,
  `{"key":"oUser|1700000000|subscribe","until":${NOW + 30_000}}`,
  '{"key":"cut","unt',
  '',
].join('\n');

describe.each(DATABASES)('migrating mp-seen.jsonl on %s', (_label, database) => {
  const suite = suiteStoreDb(database, 'delete from mp_seen');
  let db: SqlDb;
  let dir: string;

  beforeEach(async () => {
    db = suite.db();
    dir = await mkdtemp(join(tmpdir(), 'mp-seen-migrate-'));
    await writeFile(join(dir, MP_SEEN_FILE), FILE);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('carries the open keys once; the messages stay taken', async () => {
    const kind = mpSeenKind(() => NOW);
    expect(kind.label).toBe('公众号消息去重');
    expect(await kind.run(dir, db)).toEqual({ read: 3, stored: 3, added: 3 });
    expect(await kind.run(dir, db)).toEqual({ read: 3, stored: 3, added: 0 });
    const seen = new SqlSeenMessages(db, () => NOW);
    expect(await seen.take('a', NOW + 1000)).toBe(false);
    expect(await seen.take('old', NOW + 1000)).toBe(true);
  });

  it('a directory without the file reads nothing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'mp-seen-none-'));
    expect(await mpSeenKind(() => NOW).run(empty, db)).toEqual({ read: 0, stored: 0, added: 0 });
    await rm(empty, { recursive: true, force: true });
  });

  it('a key the database lacks after the run makes read differ from stored', async () => {
    // A database that loses the writes of the run.
    const losing: SqlDb = { ...db, transaction: async (work) => work({ ...db, query: async () => [] }) };
    expect(await mpSeenKind(() => NOW).run(dir, losing)).toEqual({ read: 3, stored: 0, added: 0 });
  });
});
