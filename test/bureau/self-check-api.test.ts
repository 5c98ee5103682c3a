/**
 * `POST /api/v1/self-checks` over real HTTP on a migrated PGlite store: one month per enterprise, replaced by a
 * later count and never by an older one arriving late; the enterprise token as for leads, the leads' rate per
 * token; bad reports refused with Chinese reasons, naming the field.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerIntakeApi } from '../../src/bureau/api/intake.js';
import { Router } from '../../src/bureau/http/router.js';
import { type RunningHttpServer, startHttpServer } from '../../src/bureau/http/server.js';
import { sqlProgressStore } from '../../src/bureau/progress/sql-progress-store.js';
import type { ProgressStore } from '../../src/bureau/progress/types.js';
import { createSqlBureauStore } from '../../src/bureau/store/sql-store.js';
import type { BureauStore } from '../../src/bureau/store/types.js';
import type { SqlDb } from '../../src/sql/db.js';
import { PGLITE_START_MS, pgliteDatabase } from '../helpers/databases.js';

/** The service's clock: moved on before each test, so each starts with a full rate bucket. */
let now = new Date('2026-11-20T02:00:00.000Z');
const PER_MINUTE = 12;

let db: SqlDb;
let drop: () => Promise<void>;
let store: BureauStore;
let progress: ProgressStore;
let server: RunningHttpServer;
let tokens: { a: string; b: string };

beforeAll(async () => {
  ({ db, drop } = await pgliteDatabase.open());
  store = createSqlBureauStore(db);
  await store.migrate();
  progress = sqlProgressStore(db);
  const router = new Router();
  registerIntakeApi(router, {
    store,
    progress,
    limits: { perMinute: PER_MINUTE, perDay: 100 },
    now: () => now,
  });
  server = await startHttpServer({ router, port: 0 });
}, PGLITE_START_MS);
afterAll(async () => {
  await server.close();
  await drop();
});
beforeEach(async () => {
  now = new Date(now.getTime() + 5 * 60_000);
  await db.exec(
    'truncate self_checks, case_events, leads, bureau_users, enterprises restart identity cascade',
  );
  tokens = {
    a: (await store.addEnterprise('甲建筑公司')).token,
    b: (await store.addEnterprise('乙化工厂')).token,
  };
});

async function post(body: unknown, token: string | null = tokens.a) {
  const res = await fetch(`${server.url}/api/v1/self-checks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const report = (over: Record<string, unknown> = {}) => ({
  month: '2026-11',
  people: 12,
  problems: 3,
  at: '2026-11-19T08:00:00+08:00',
  ...over,
});

describe('POST /api/v1/self-checks', () => {
  it('keeps one month per enterprise: created, replaced by a later count, kept against an older one', async () => {
    expect((await post(report())).status).toBe(201);
    const later = await post(report({ people: 20, problems: 4, at: '2026-11-19T09:00:00+08:00' }));
    expect(later.status).toBe(200);
    expect(later.body.outcome).toBe('replaced');
    const late = await post(report({ people: 5, problems: 1, at: '2026-11-19T08:30:00+08:00' }));
    expect(late.status).toBe(200);
    expect(late.body.outcome).toBe('kept');
    expect(late.body.selfCheck).toMatchObject({ people: 20, problems: 4 });
    const again = await post(report({ people: 20, problems: 4, at: '2026-11-19T09:00:00+08:00' }));
    expect(again.body.outcome).toBe('kept');
    expect((await post(report({ people: 7 }), tokens.b)).status).toBe(201);
    const held = await progress.selfChecks('2026-11', '2026-11');
    expect(held.map((s) => [s.enterpriseName, s.people, s.problems])).toEqual([
      ['乙化工厂', 7, 3],
      ['甲建筑公司', 20, 4],
    ]);
  });

  it('refuses a missing or unknown token before anything else', async () => {
    expect((await post(report(), null)).status).toBe(401);
    const forged = await post(report(), 'not-a-token');
    expect(forged.status).toBe(401);
    expect(forged.body.error).toContain('令牌无效');
    expect(await progress.selfChecks('2000-01', '2099-12')).toEqual([]);
  });

  it('names in Chinese what is wrong with a report, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [report({ month: '2026-13' }), 'month 应为 YYYY-MM'],
      [report({ month: '2026-12', at: '2026-11-19T08:00:00+08:00' }), 'month 不能晚于本月'],
      [report({ people: -1 }), 'people 不能为负数'],
      [report({ problems: 1.5 }), 'problems 应为整数'],
      [report({ people: '12' }), 'people 应为整数'],
      [report({ at: '2026-10-31T23:00:00+08:00' }), 'at 早于 month 的开始'],
      [report({ at: '2026-12-25T00:00:00+08:00' }), 'at 不能晚于现在'],
      [{ ...report(), extra: 1 }, '不认识的字段：extra'],
      [{ month: '2026-11', people: 1, at: '2026-11-19T08:00:00+08:00' }, '缺少 problems'],
    ];
    for (const [body, reason] of cases) {
      const answer = await post(body);
      expect(answer.status, reason).toBe(400);
      expect(String(answer.body.error)).toContain(reason);
    }
    expect(await progress.selfChecks('2000-01', '2099-12')).toEqual([]);
  });

  it("counts its requests in the token's rate, as leads do", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 1; i++) statuses.push((await post(report(), tokens.b)).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });
});
