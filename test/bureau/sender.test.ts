/**
 * The bot's sender against the real intake API (PGlite, loopback HTTP) behind a proxy that fails on demand:
 * every lead arrives exactly once through 503s, a bureau that is down and answers lost after the lead was
 * stored; a bad lead is kept as refused; a wrong token sends nothing and keeps everything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BureauSender } from '../../src/app/bureau-sender.js';
import { registerIntakeApi } from '../../src/bureau/api/intake.js';
import { Router } from '../../src/bureau/http/router.js';
import { type RunningHttpServer, startHttpServer } from '../../src/bureau/http/server.js';
import { createSqlBureauStore } from '../../src/bureau/store/sql-store.js';
import type { BureauStore } from '../../src/bureau/store/types.js';
import type { LeadReport } from '../../src/domain/lead.js';
import type { SqlDb } from '../../src/sql/db.js';
import { Outbox } from '../../src/store/outbox.js';
import { makeId } from '../domain/ids.js';
import { PGLITE_START_MS, pgliteDatabase } from '../helpers/databases.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';

let db: SqlDb;
let drop: () => Promise<void>;
let store: BureauStore;
let server: RunningHttpServer;
let proxy: FaultProxy;
let token: string;
let dir: string;

const lead = (id: string, over: Partial<LeadReport> = {}): LeadReport => ({
  id,
  kind: 'fake_certificate',
  status: 'not_found',
  idNumber: makeId('110105', '19850312', '013'),
  name: '张伟',
  evidence: { platformSaid: '没有查询到相关证件信息' },
  foundAt: '2026-05-10T02:00:00.000Z',
  ...over,
});

beforeAll(async () => {
  ({ db, drop } = await pgliteDatabase.open());
  store = createSqlBureauStore(db);
  await store.migrate();
  const router = new Router();
  registerIntakeApi(router, { store });
  server = await startHttpServer({ router, port: 0 });
  proxy = await startFaultProxy(server.url);
}, PGLITE_START_MS);
afterAll(async () => {
  await proxy.close();
  await server.close();
  await drop();
});
beforeEach(async () => {
  await db.exec('truncate case_events, leads, bureau_users, enterprises restart identity cascade');
  token = (await store.addEnterprise('甲建筑公司')).token;
  proxy.faults = [];
  proxy.otherwise = 'pass';
  proxy.requests = 0;
  dir = await mkdtemp(join(tmpdir(), 'sender-'));
  return () => rm(dir, { recursive: true, force: true });
});

/** The outbox of the test's data directory (a new Outbox on the same rows: as after a restart). */
async function openOutbox(): Promise<Outbox> {
  return new Outbox(await openTestStoreDb(dir));
}

async function outboxWith(...leads: LeadReport[]): Promise<Outbox> {
  const outbox = await openOutbox();
  for (const l of leads) await outbox.add(l);
  return outbox;
}

const sender = (outbox: Outbox, withToken = token) =>
  new BureauSender({ url: proxy.url, token: withToken, outbox, retries: 3, minDelayMs: 5, maxDelayMs: 20 });

async function storedIds(): Promise<string[]> {
  return (await db.query<{ source_id: string }>('select source_id from leads order by source_id')).map(
    (r) => r.source_id,
  );
}

describe('BureauSender', () => {
  it('sends every lead once through 503s and answers lost after the bureau stored the lead', async () => {
    const outbox = await outboxWith(lead('F1'), lead('F2'), lead('F3'));
    proxy.faults = ['unavailable', 'lose-reply', 'pass', 'unavailable', 'lose-reply'];
    const round = await sender(outbox).sendWaiting();
    expect(round).toEqual({ sent: 3, refused: 0, left: 0 });
    expect(await storedIds()).toEqual(['F1', 'F2', 'F3']);
    expect(proxy.requests).toBe(7);
    expect(await (await openOutbox()).waiting()).toEqual([]);
  });

  it('keeps the leads while the bureau is down and sends them once it is back', async () => {
    const outbox = await outboxWith(lead('F1'), lead('F2'));
    proxy.otherwise = 'down';
    const s = sender(outbox);
    expect(await s.sendWaiting()).toEqual({ sent: 0, refused: 0, left: 2 });
    expect(await s.notice()).toBe('2 条线索尚未送达应急管理局，已保存在发件箱中，下次运行时继续发送');
    expect(await storedIds()).toEqual([]);
    proxy.otherwise = 'pass';
    const reopened = await openOutbox();
    expect(await sender(reopened).sendWaiting()).toEqual({ sent: 2, refused: 0, left: 0 });
    expect(await storedIds()).toEqual(['F1', 'F2']);
  });

  it('keeps a lead the bureau refuses as refused, and sends the others', async () => {
    const bad = lead('F1', { idNumber: '110105198503120000' });
    const outbox = await outboxWith(bad, lead('F2'));
    const s = sender(outbox);
    expect(await s.sendWaiting()).toEqual({ sent: 1, refused: 1, left: 0 });
    expect(await outbox.refused()).toEqual([
      expect.objectContaining({
        lead: bad,
        status: 400,
        reason: expect.stringMatching(/^线索有误：idNumber 有误/),
      }),
    ]);
    expect(await s.notice()).toMatch(/^1 条线索被应急管理局退回（例如：线索有误：idNumber 有误/);
    expect(await storedIds()).toEqual(['F2']);
  });

  it('sends nothing with a wrong token, keeps every lead and says so', async () => {
    const outbox = await outboxWith(lead('F1'), lead('F2'));
    const s = sender(outbox, `${token}x`);
    expect(await s.sendWaiting()).toEqual({ sent: 0, refused: 0, left: 2 });
    expect(proxy.requests).toBe(1);
    expect(await s.notice()).toMatch(
      /^应急管理局拒绝了本企业的令牌（令牌无效.*），请核对 bureau.token；2 条线索尚未送达/,
    );
    expect(await storedIds()).toEqual([]);
  });

  it('sends a lead queued while started, and stops within its deadline while the bureau is down', async () => {
    const outbox = await outboxWith();
    const s = new BureauSender({
      url: proxy.url,
      token,
      outbox,
      retries: 50,
      minDelayMs: 50,
      maxDelayMs: 50,
    });
    s.start();
    await outbox.add(lead('F1'));
    s.wake();
    await expect.poll(storedIds, { timeout: 5_000 }).toEqual(['F1']);
    proxy.otherwise = 'down';
    await outbox.add(lead('F2'));
    const last = await s.stop(300);
    expect(last.left).toBe(1);
    expect((await outbox.waiting()).map((l) => l.id)).toEqual(['F2']);
  });
});
