/**
 * One request must not freeze the bureau (issue 23, point 4): a slow query on the embedded database leaves the
 * HTTP loop answering (PGlite runs in a thread of its own), PostgreSQL cancels a statement that runs past its
 * timeout, and a page deeper than the list counts is refused with a reason instead of walking the table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBureau, startBureau } from '../../src/app/bureau.js';
import { hashPassword } from '../../src/bureau/auth/password.js';
import { MAX_PAGE, parseLeadFilter } from '../../src/bureau/console/filters.js';
import { loadConfig } from '../../src/config/load.js';
import { openPgDb } from '../../src/sql/pg-db.js';
import { PG_SKIP_REASON, PGLITE_START_MS, TEST_PG_URL } from '../helpers/databases.js';

const NOW = new Date('2026-11-24T02:00:00.000Z');

describe('the bureau on PGlite with a slow query running', () => {
  let bureau: RunningBureau;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bureau-busy-'));
    const config = loadConfig({ env: {}, overrides: [{ key: 'dataDir', value: dataDir, source: 'test' }] });
    bureau = await startBureau(config, { host: '127.0.0.1', port: 0 }, () => NOW);
    token = (await bureau.store.addEnterprise('甲建筑公司')).token;
    await bureau.store.addUser({
      login: 'duty',
      role: 'staff',
      passwordHash: await hashPassword('值班员的长密码-2026'),
    });
  }, PGLITE_START_MS);
  afterAll(async () => {
    await bureau?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers the sign-in page before the slow query ends', async () => {
    const finished: string[] = [];
    const slow = bureau.db
      .query('select count(*) from generate_series(1, 4000000) g')
      .then(() => finished.push('query'));
    const page = fetch(`${bureau.url}/login`).then(async (res) => {
      finished.push(`login ${res.status}`);
      await res.text();
    });
    await Promise.all([slow, page]);
    expect(finished).toEqual(['login 200', 'query']);
  });

  it('refuses an API page deeper than the list counts, with the bound in Chinese', async () => {
    const res = await fetch(`${bureau.url}/api/v1/leads?offset=12000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('参数 offset 应为 0 到 10000 之间的整数');
    const last = await fetch(`${bureau.url}/api/v1/leads?offset=10000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(last.status).toBe(200);
  });
});

describe("the console's list pages", () => {
  it('stops at the page where the list stops counting, and says how to narrow it', () => {
    expect(MAX_PAGE).toBe(201);
    expect(parseLeadFilter(new URLSearchParams({ page: '201' })).ok).toBe(true);
    const deep = parseLeadFilter(new URLSearchParams({ page: '241' }));
    expect(deep).toMatchObject({
      ok: false,
      problems: ['列表最多翻到第 201 页，请按月份、企业或状态缩小范围后再查看。'],
    });
  });
});

describe.skipIf(!TEST_PG_URL)(`PostgreSQL's statement timeout ${TEST_PG_URL ? '' : PG_SKIP_REASON}`, () => {
  it('cancels a statement that runs past the timeout, and the pool goes on answering', async () => {
    const db = await openPgDb(TEST_PG_URL, { max: 1, statementTimeoutMs: 300 });
    try {
      await expect(db.query('select pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
      expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
