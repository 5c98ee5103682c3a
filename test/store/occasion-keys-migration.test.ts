/**
 * Migration 008 on a database whose finding occasions name their findings by id (as 002 made them): each keeps
 * naming its finding, now by dedup key, so the same roster row verified again is still one report; an occasion
 * whose finding is gone is dropped, so that row counts again when it is recorded.
 */
import { describe, expect, it } from 'vitest';
import { dedupKey, storedDedupKey } from '../../src/store/finding-key.js';
import { STORE_MIGRATIONS } from '../../src/store/sql/migrations.js';
import { openStore } from '../../src/store/store.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { findingInput } from './finding-input.js';
import { tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const AT = new Date('2026-11-24T03:00:00Z');
const DAY = '2026-11-24';

describe('migration 008 on occasions that name their finding by id', () => {
  it('keeps each occasion on its finding, and drops one whose finding is gone', async () => {
    const dir = await tempDir();
    const old = await openTestStoreDb(
      dir,
      STORE_MIGRATIONS.filter((m) => m.id < '008'),
    );
    const input = findingInput();
    await old.query(
      `insert into findings (id, dedup_key, day, first_at, last_at, count, enterprise, status, body)
       values ('F20261124-old', $1, $2, $3, $3, 1, '甲公司', 'not_found', $4::json)`,
      [storedDedupKey(dedupKey(input, DAY)), DAY, AT.toISOString(), JSON.stringify(input)],
    );
    await old.query(
      `insert into finding_occasions (key, finding_id) values ('roster:row-1|not_found', 'F20261124-old'),
         ('roster:row-2|not_found', null)`,
    );

    const store = await openStore(dir, { cache: TTL });
    try {
      const again = await store.findings.record(input, AT, 'roster:row-1');
      expect(again).toMatchObject({ duplicate: true, finding: { id: 'F20261124-old', count: 1 } });
      const orphan = await store.findings.record(input, AT, 'roster:row-2');
      expect(orphan).toMatchObject({ duplicate: true, finding: { id: 'F20261124-old', count: 2 } });
      expect(await store.findings.size()).toBe(1);
    } finally {
      await store.close();
    }
  });
});
