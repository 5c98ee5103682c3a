/**
 * The intake under attack (issue 23, points 5 and 7), over real HTTP on loopback on a real (PGlite) database: a
 * token above its rate and an enterprise above its daily cap get 429 with Retry-After (and the console shows the
 * day's count beside the cap); evidence nested 5,000 deep gets 400, not 500; names and items that hide their
 * direction or carry C1 controls are refused; and a lead's full-width formula is neutralised in the export.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, startSession } from '../../src/bureau/auth/sessions.js';
import { sqlAuthStore } from '../../src/bureau/auth/sql-auth-store.js';
import { leadsWorkbook } from '../../src/bureau/console/exports.js';
import { consoleHandler } from '../../src/bureau/console/routes.js';
import type { RunningHttpServer } from '../../src/bureau/http/server.js';
import type { BureauStore } from '../../src/bureau/store/types.js';
import { FORMULA_START } from '../../src/roster/write/cell-safety.js';
import type { SqlDb } from '../../src/sql/db.js';
import { makeId } from '../domain/ids.js';
import { PGLITE_START_MS } from '../helpers/databases.js';
import { EMPTY_INTAKE_TABLES, type IntakeServer, startIntakeServer } from './intake-server.js';

/** 2026-06-15 12:00 in China. */
const START = Date.parse('2026-06-15T04:00:00.000Z');
const LIMITS = { perMinute: 3, perDay: 5 };

let db: SqlDb;
let store: BureauStore;
let server: RunningHttpServer;
let now: number;
let tokenA: string;
let tokenB: string;
let enterpriseA: number;
let seq = 0;

let intake: IntakeServer;
beforeAll(async () => {
  intake = await startIntakeServer({ limits: LIMITS, now: () => new Date(now) });
  ({ db, store, server } = intake);
}, PGLITE_START_MS);
afterAll(() => intake.close());
beforeEach(async () => {
  await db.exec(EMPTY_INTAKE_TABLES);
  // A new day for each test: each starts with the day's allowance and a full bucket.
  now = START + seq * 86_400_000;
  seq++;
  step = 20_000;
  const a = await store.addEnterprise('甲建筑公司');
  tokenA = a.token;
  enterpriseA = a.enterprise.id;
  tokenB = (await store.addEnterprise('乙化工公司')).token;
});

/** How far the clock moves before each post: one token's refill, so only the rate test meets the rate. */
let step = 20_000;
let leadNo = 0;
function lead(over: Record<string, unknown> = {}) {
  leadNo++;
  return {
    id: `F20260610-${String(leadNo).padStart(6, '0')}`,
    kind: 'fake_certificate',
    status: 'not_found',
    idNumber: makeId('110105', '19850312', '013'),
    name: '张伟',
    item: '高压电工作业',
    evidence: { platformSaid: '没有查询到相关证件信息', certificates: [] },
    foundAt: '2026-06-10T10:00:00+08:00',
    ...over,
  };
}

async function post(payload: unknown, token = tokenA) {
  now += step;
  const res = await fetch(`${server.url}/api/v1/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as never,
  };
}

const stored = async () => (await db.query<{ n: number }>('select count(*)::int as n from leads'))[0]?.n;

describe('the intake quota', () => {
  it("answers 429 with Retry-After above a token's rate, and takes the lead once the bucket has refilled", async () => {
    step = 0;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(lead())).status);
    expect(statuses).toEqual([201, 201, 201]);
    const over = await post(lead());
    expect(over.status).toBe(429);
    expect(over.retryAfter).toBe('20');
    expect((over.body as { error: string }).error).toBe('上报过快：每个令牌每分钟最多 3 条，请 20 秒后再发');
    expect((await post(lead(), tokenB)).status).toBe(201);
    now += 20_000;
    expect((await post(lead())).status).toBe(201);
    expect(await stored()).toBe(5);
  });

  it('answers 429 until the China day ends once an enterprise has sent its daily cap', async () => {
    for (let i = 0; i < LIMITS.perDay; i++) expect((await post(lead())).status).toBe(201);
    const over = await post(lead());
    expect(over.status).toBe(429);
    expect((over.body as { error: string }).error).toContain('达到每日上限 5 条');
    const midnight = Date.parse(new Date(now + 8 * 3_600_000).toISOString().slice(0, 10)) + 16 * 3_600_000;
    expect(Number(over.retryAfter)).toBe(Math.ceil((midnight - now) / 1000));
    expect((await post(lead(), tokenB)).status).toBe(201);
    expect(await stored()).toBe(LIMITS.perDay + 1);
    // The day passes: the database's clock stamps what it received, so its leads move back a day.
    await db.query("update leads set received_at = received_at - interval '1 day'");
    now = midnight - step;
    expect((await post(lead())).status).toBe(201);
  });

  it("shows each enterprise's leads of the day beside the cap on the console", async () => {
    for (let i = 0; i < 2; i++) expect((await post(lead())).status).toBe(201);
    const user = await store.addUser({ login: 'duty', role: 'staff', passwordHash: 'x' });
    const auth = sqlAuthStore(db);
    const session = await startSession(auth, user, new Date(now));
    const page = await consoleHandler({ store, auth, now: () => new Date(now), intakePerDay: LIMITS.perDay })(
      {
        method: 'GET',
        url: new URL('http://bureau.test/enterprises'),
        headers: { cookie: `${SESSION_COOKIE}=${session.token}` },
        body: '',
        address: '127.0.0.1',
      },
    );
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('今日上报 / 每日上限');
    expect(String(page.body)).toMatch(
      /甲建筑公司<\/a><\/td><td>2<\/td><td>2<\/td><td>0<\/td><td>2 \/ 5<\/td>/,
    );
  });
});

describe('hostile leads', () => {
  it('refuses evidence nested 5,000 deep with 400 and a reason, storing nothing', async () => {
    // Written as text: JSON.stringify of 5,000 levels would overflow this test's own stack.
    const nested = `${'['.repeat(5000)}"没有查询到相关证件信息"${']'.repeat(5000)}`;
    const res = await post(
      JSON.stringify(lead({ evidence: { platformSaid: 'NESTED' } })).replace('"NESTED"', nested),
    );
    expect(res.status).toBe(400);
    expect((res.body as { error: string }).error).toContain('请求内容嵌套超过 16 层');
    expect(await stored()).toBe(0);
  });

  it('refuses direction overrides, other bidi controls and C1 controls in id, name and item', async () => {
    for (const [field, value] of [
      ['name', '张\u202e伟'],
      ['name', '\u2067张伟'],
      ['item', '高压电工作业\u0085'],
      ['item', '\u200f高压电工作业'],
      ['id', 'F1\u009b'],
    ] as const) {
      const res = await post(lead({ [field]: value }));
      expect(res.status, `${field} ${JSON.stringify(value)}`).toBe(400);
      expect((res.body as { error: string }).error).toContain(
        `${field} 不能含控制字符或改变文字方向、不可见的字符`,
      );
    }
    expect(await stored()).toBe(0);
  });

  it("neutralises a lead's full-width formula in the bureau's export", async () => {
    const sent = [
      lead({ name: '＝HYPERLINK("http://evil.example","点我")', item: '＋1' }),
      lead({ name: '－2+3', item: '＠SUM(1+1)' }),
    ];
    for (const payload of sent) expect((await post(payload)).status).toBe(201);
    const { rows } = await store.listLeads(
      { role: 'enterprise', enterpriseId: enterpriseA },
      { limit: 10, offset: 0 },
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await leadsWorkbook(
        rows,
        { unit: '甲建筑公司', today: '2026-06-15' },
        true,
      )) as unknown as ArrayBuffer,
    );
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))));
    expect(cells.filter((text) => FORMULA_START.test(text))).toEqual([]);
    for (const text of ['＝HYPERLINK("http://evil.example","点我")', '＋1', '－2+3', '＠SUM(1+1)'])
      expect(cells).toContain(`'${text}`);
  });
});
