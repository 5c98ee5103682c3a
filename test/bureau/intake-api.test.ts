/**
 * The intake API over real HTTP on loopback, on a real (PGlite) database: tokens, idempotent intake, each
 * enterprise seeing only its own leads, and every kind of bad request refused with its status and a Chinese
 * reason — with nothing stored by a refused request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningHttpServer } from '../../src/bureau/http/server.js';
import type { BureauStore } from '../../src/bureau/store/types.js';
import type { SqlDb } from '../../src/sql/db.js';
import { makeId } from '../domain/ids.js';
import { PGLITE_START_MS } from '../helpers/databases.js';
import { EMPTY_INTAKE_TABLES, type IntakeServer, startIntakeServer } from './intake-server.js';

const ID = makeId('110105', '19850312', '013');
const NOW = new Date('2026-06-15T04:00:00.000Z');

let db: SqlDb;
let store: BureauStore;
let server: RunningHttpServer;
let tokenA: string;
let tokenB: string;

let intake: IntakeServer;
beforeAll(async () => {
  intake = await startIntakeServer({ now: () => NOW });
  ({ db, store, server } = intake);
}, PGLITE_START_MS);
afterAll(() => intake.close());
beforeEach(async () => {
  await db.exec(EMPTY_INTAKE_TABLES);
  tokenA = (await store.addEnterprise('甲建筑公司')).token;
  tokenB = (await store.addEnterprise('乙化工公司')).token;
});

function body(over: Record<string, unknown> = {}) {
  return {
    id: 'F20260610-000001',
    kind: 'fake_certificate',
    status: 'not_found',
    idNumber: ID,
    name: '张伟',
    item: '高压电工作业',
    evidence: { platformSaid: '没有查询到相关证件信息', certificates: [] },
    foundAt: '2026-06-10T10:00:00+08:00',
    ...over,
  };
}

function post(payload: unknown, token: string | undefined, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/v1/leads`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

/** An answer's JSON body, read loosely (the tests check its shape). */
interface Answer {
  error?: string;
  created?: boolean;
  lead?: { bureauId: number };
  leads?: Array<{ id: string }>;
  [field: string]: unknown;
}

async function json(res: Response): Promise<Answer> {
  return (await res.json()) as Answer;
}

async function storedCount(): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from leads');
  return Number(row?.n);
}

describe('POST /api/v1/leads', () => {
  it('stores a lead (201) and answers a resend with 200, changing nothing', async () => {
    const first = await post(body(), tokenA);
    expect(first.status).toBe(201);
    const created = await json(first);
    expect(created).toMatchObject({
      created: true,
      lead: {
        id: 'F20260610-000001',
        caseStatus: 'new',
        idNumber: `${ID.slice(0, 6)}********${ID.slice(-4)}`,
      },
    });
    const again = await post(body({ evidence: { other: true } }), tokenA);
    expect(again.status).toBe(200);
    expect(await json(again)).toMatchObject({
      created: false,
      lead: { bureauId: created.lead?.bureauId, name: '张伟', state: 'reported' },
    });
    // Another person under the same id (two bots that reused ids): 409 with the reason, never 200.
    const other = await post(body({ name: '李四', idNumber: makeId('320102', '19900101', '022') }), tokenA);
    expect(other.status).toBe(409);
    expect((await json(other)).error).toContain('身份证号、姓名不同');
    expect(await storedCount()).toBe(1);
    const [stored] = await db.query('select found_at, found_month, evidence from leads');
    expect(stored?.found_month).toBe('2026-06');
    expect(stored?.evidence).toEqual(body().evidence);
    // Another enterprise may use the same finding id: its own lead.
    expect((await post(body(), tokenB)).status).toBe(201);
  });

  it('refuses a missing, forged or unknown token with 401 and stores nothing', async () => {
    const forged = tokenA.slice(0, -2) + (tokenA.endsWith('AA') ? 'BB' : 'AA');
    for (const [token, headers] of [
      [undefined, {}],
      [forged, {}],
      [`cvb_${'x'.repeat(43)}`, {}],
      ['', {}],
      [undefined, { authorization: `Basic ${tokenA}` }],
      [`${tokenA}' or '1'='1`, {}],
    ] as Array<[string | undefined, Record<string, string>]>) {
      const res = await post(body(), token, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await json(res)).error).toMatch(/令牌/);
    }
    expect(await storedCount()).toBe(0);
  });

  it('refuses a bad lead with 400 and a Chinese reason naming the field', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ idNumber: ID.slice(0, 17) + (ID.endsWith('0') ? '1' : '0') }, /idNumber 有误：.*校验/],
      [{ idNumber: '<script>' }, /idNumber 有误/],
      [{ kind: 'expired' }, /kind 应为 fake_certificate、impersonation/],
      [{ status: "valid'; drop table leads; --" }, /status 不是核验结果的状态词/],
      [{ id: undefined }, /缺少 id/],
      [{ id: '' }, /id 不能为空/],
      [{ name: 'a\u0000b' }, /name 不能含控制字符/],
      [{ evidence: ['not', 'an', 'object'] }, /evidence 应为 JSON 对象/],
      [{ foundAt: 'yesterday' }, /foundAt 应为 ISO 时间/],
      [{ foundAt: '2027-01-01T00:00:00Z' }, /foundAt 不能晚于现在/],
      [{ extra: 1 }, /不认识的字段：extra/],
      [{ status: 'expired' }, /kind 与 status 不相符/],
      [{ kind: 'impersonation' }, /kind 与 status 不相符/],
    ];
    for (const [over, reason] of cases) {
      const res = await post(body(over), tokenA);
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect((await json(res)).error).toMatch(reason);
    }
    const notObject = await post('[1,2]', tokenA);
    expect(notObject.status).toBe(400);
    const notJson = await post('{"id": ', tokenA);
    expect([notJson.status, (await json(notJson)).error]).toEqual([400, '请求内容不是有效的 JSON']);
    expect(await storedCount()).toBe(0);
  });

  it('refuses oversized evidence (400), an oversized body (413) and a wrong content type (415)', async () => {
    const big = await post(body({ evidence: { blob: 'x'.repeat(70 * 1024) } }), tokenA);
    expect([big.status, (await json(big)).error]).toEqual([400, '线索有误：evidence 超过 64 KB 的上限']);
    const huge = await post(body({ evidence: { blob: 'x'.repeat(200 * 1024) } }), tokenA);
    expect(huge.status).toBe(413);
    expect((await json(huge)).error).toMatch(/超过 96 KB/);
    const plain = await post(JSON.stringify(body()), tokenA, { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(await storedCount()).toBe(0);
  });

  it('stores SQL and HTML in every free field verbatim, answered as inert JSON', async () => {
    const sql = `x'); delete from leads; --`;
    const html = `<img src=x onerror="alert(1)"><script>alert('x')</script>`;
    const hostile = body({
      id: `${sql}${html}`,
      name: `<b onclick=alert(1)>张</b>`,
      item: sql,
      evidence: { platformSaid: html, [sql]: sql },
    });
    const res = await post(hostile, tokenA);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const [row] = await db.query('select source_id, name, item, evidence from leads');
    expect(row).toEqual({
      source_id: `${sql}${html}`,
      name: `<b onclick=alert(1)>张</b>`,
      item: sql,
      evidence: { platformSaid: html, [sql]: sql },
    });
    expect((await post(hostile, tokenA)).status).toBe(200);
    expect((await post(body({ id: `${sql}${html}` }), tokenA)).status).toBe(409);
  });
});

function withdraw(id: string, payload: unknown, token: string | undefined) {
  return fetch(`${server.url}/api/v1/leads/${encodeURIComponent(id)}/withdraw`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(payload),
  });
}

describe('POST /api/v1/leads/{id}/withdraw', () => {
  const reason = '后续核验已在全国平台查到该人员的证书';
  const withdrawnAt = '2026-06-14T10:00:00+08:00';

  it('marks its own lead withdrawn (200, again 200 unchanged), keeps it, and lists it as withdrawn', async () => {
    expect((await post(body(), tokenA)).status).toBe(201);
    const first = await withdraw('F20260610-000001', { reason, withdrawnAt }, tokenA);
    expect(first.status).toBe(200);
    expect(await json(first)).toMatchObject({
      changed: true,
      lead: { state: 'withdrawn', withdrawReason: reason },
    });
    const again = await withdraw('F20260610-000001', { reason: '再次撤回', withdrawnAt }, tokenA);
    expect(await json(again)).toMatchObject({ changed: false, lead: { withdrawReason: reason } });
    expect(await storedCount()).toBe(1);
    const list = await fetch(`${server.url}/api/v1/leads`, {
      headers: { authorization: `Bearer ${tokenA}` },
    });
    expect(((await list.json()) as { leads: unknown[] }).leads).toEqual([
      expect.objectContaining({
        id: 'F20260610-000001',
        state: 'withdrawn',
        withdrawnAt: '2026-06-14T02:00:00.000Z',
        withdrawReason: reason,
      }),
    ]);
  });

  it("answers 404 for an unknown id and for another enterprise's lead, 401 without a token, 400 for a bad body", async () => {
    expect((await post(body(), tokenA)).status).toBe(201);
    expect((await withdraw('F-none', { reason, withdrawnAt }, tokenA)).status).toBe(404);
    expect((await withdraw('F20260610-000001', { reason, withdrawnAt }, tokenB)).status).toBe(404);
    expect((await withdraw('F20260610-000001', { reason, withdrawnAt }, undefined)).status).toBe(401);
    const bad = await withdraw('F20260610-000001', { withdrawnAt: 'yesterday' }, tokenA);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toContain('缺少 reason');
    const [row] = await db.query('select withdrawn_at from leads');
    expect(row?.withdrawn_at).toBeNull();
  });
});

describe('GET /api/v1/leads', () => {
  it("lists the calling enterprise's leads only, paged, IDs masked", async () => {
    for (const id of ['A1', 'A2', 'A3']) await post(body({ id }), tokenA);
    await post(body({ id: 'B1' }), tokenB);
    const res = await fetch(`${server.url}/api/v1/leads?limit=2&offset=1`, {
      headers: { authorization: `Bearer ${tokenA}` },
    });
    expect(res.status).toBe(200);
    const page = await json(res);
    expect(page).toMatchObject({ enterprise: '甲建筑公司', total: 3, limit: 2, offset: 1 });
    expect(page.leads?.map((l) => l.id)).toHaveLength(2);
    expect(JSON.stringify(page)).not.toContain(ID);
    expect(JSON.stringify(page)).not.toContain('B1');
    const bad = await fetch(`${server.url}/api/v1/leads?limit=-1`, {
      headers: { authorization: `Bearer ${tokenA}` },
    });
    expect([bad.status, (await json(bad)).error]).toEqual([400, '参数 limit 应为 0 到 200 之间的整数']);
    expect((await fetch(`${server.url}/api/v1/leads`)).status).toBe(401);
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    const missing = await fetch(`${server.url}/api/v1/nothing`);
    expect([missing.status, (await json(missing)).error]).toEqual([404, '没有这个地址']);
    const put = await fetch(`${server.url}/api/v1/leads`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET');
  });
});
