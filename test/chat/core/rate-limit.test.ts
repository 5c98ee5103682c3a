/**
 * The hourly budget: a sliding hour per user, larger for admins and an enterprise's own managers (by id only),
 * kept in the store so a restart does not give anyone a fresh hour, and shared by the instances of one database.
 */
import { describe, expect, it } from 'vitest';
import { BUDGET_FILE_VERSION, QueryRateLimit } from '../../../src/chat/core/rate-limit.js';
import { StoreDocument } from '../../../src/store/document.js';
import { openStore } from '../../../src/store/store.js';
import { tempDir } from '../../store/temp-dir.js';
import { chatConfig } from '../helpers.js';

const CACHE = { positiveTtlDays: 7, negativeTtlDays: 1 };

describe('QueryRateLimit', () => {
  it('allows up to the limit in a sliding hour', async () => {
    const store = await openStore(await tempDir(), { cache: CACHE });
    const limit = await QueryRateLimit.open(store, chatConfig({ maxQueriesPerHour: 3 }));
    expect(limit.take({ userId: 'u' }, 2, 0)).toEqual({ allowed: 2 });
    expect(limit.take({ userId: 'u' }, 2, 1000)).toEqual({ allowed: 1, retryAt: 3_600_000 });
    expect(limit.take({ userId: 'u' }, 1, 3_600_001)).toEqual({ allowed: 1 });
    expect(limit.take({ userId: 'v' }, 3, 1000)).toEqual({ allowed: 3 });
    await store.close();
  });

  it('gives admins and the managers listed by id for an enterprise their own budget', async () => {
    const store = await openStore(await tempDir(), { cache: CACHE });
    const config = chatConfig({
      admins: ['wxid_admin'],
      enterprises: { wxid_boss: '甲公司', 'room-1': '甲公司' },
      maxQueriesPerHour: 2,
      maxQueriesPerHourAdmin: 50,
      maxQueriesPerHourManager: 10,
    });
    const limit = await QueryRateLimit.open(store, config);
    expect(['wxid_admin', 'wxid_boss', 'wxid_other'].map((userId) => limit.limitOf({ userId }))).toEqual([
      50, 10, 2,
    ]);
    expect(limit.take({ userId: 'wxid_boss' }, 12, 0)).toEqual({ allowed: 10, retryAt: 3_600_000 });
    expect(limit.take({ userId: 'wxid_admin' }, 12, 0)).toEqual({ allowed: 12 });
    await store.close();
  });

  it("matches a DOOR:ID entry on its door only, and counts each door's user apart", async () => {
    const store = await openStore(await tempDir(), { cache: CACHE });
    const config = chatConfig({
      admins: ['wechaty:wxid_admin'],
      maxQueriesPerHour: 2,
      maxQueriesPerHourAdmin: 50,
    });
    const limit = await QueryRateLimit.open(store, config);
    expect(limit.limitOf({ userId: 'wxid_admin', door: 'wechaty' })).toBe(50);
    expect(limit.limitOf({ userId: 'wxid_admin', door: 'wecom' })).toBe(2);
    expect(limit.take({ userId: 'zhangsan', door: 'wecom' }, 2, 0)).toEqual({ allowed: 2 });
    expect(limit.take({ userId: 'zhangsan', door: 'mp' }, 2, 0)).toEqual({ allowed: 2 });
    await store.close();
  });

  it('keeps the counters in the store (with a schema version): a restart does not reset them', async () => {
    const dir = await tempDir();
    const config = chatConfig({ maxQueriesPerHour: 30 });
    const t0 = Date.parse('2026-01-10T02:00:00Z');
    const first = await openStore(dir, { cache: CACHE });
    expect((await QueryRateLimit.open(first, config)).take({ userId: 'stranger' }, 30, t0)).toEqual({
      allowed: 30,
    });
    await first.close();
    expect(await first.db.query('select version from documents where name = $1', ['chat-budget'])).toEqual([
      { version: BUDGET_FILE_VERSION },
    ]);

    const again = await openStore(dir, { cache: CACHE });
    const limit = await QueryRateLimit.open(again, config);
    expect(limit.take({ userId: 'stranger' }, 1, t0 + 60_000)).toEqual({
      allowed: 0,
      retryAt: t0 + 3_600_000,
    });
    expect(limit.take({ userId: 'stranger' }, 1, t0 + 3_600_001)).toEqual({ allowed: 1 });
    await again.close();
  });

  it('counts the lookups of another instance on the same database once it writes', async () => {
    const dir = await tempDir();
    const config = chatConfig({ maxQueriesPerHour: 5 });
    const store = await openStore(dir, { cache: CACHE });
    const one = await QueryRateLimit.open(store, config);
    // A second instance: a counter over the same document, opened before either took anything.
    const doc = await StoreDocument.open<{ used: Record<string, number[]> }>(store.db, 'chat-budget', {
      version: BUDGET_FILE_VERSION,
      defaults: () => ({ used: {} }),
    });
    const two = await QueryRateLimit.open(
      { file: <T>() => Promise.resolve(doc as unknown as StoreDocument<T & object>) },
      config,
    );
    expect(one.take({ userId: 'u' }, 3, 0)).toEqual({ allowed: 3 });
    await store.close();
    expect(two.take({ userId: 'u' }, 1, 10)).toEqual({ allowed: 1 });
    await doc.flush();
    // Each write added to the counters as the database held them: 4 taken, 1 left.
    expect(two.take({ userId: 'u' }, 2, 20)).toEqual({ allowed: 1, retryAt: 3_600_000 });
  });
});
