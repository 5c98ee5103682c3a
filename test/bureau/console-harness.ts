/**
 * The bureau service as the console's tests use it: the real composition (`startBureau`: PGlite in a temporary
 * data directory, every part's routes, the HTTP server on loopback) with a clock the tests move, two enterprises,
 * a staff member, an enterprise admin and three leads — one of them full of markup in every field.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBureau } from '../../src/app/bureau.js';
import { hashPassword } from '../../src/bureau/auth/password.js';
import { sqlProgressStore } from '../../src/bureau/progress/sql-progress-store.js';
import { loadConfig } from '../../src/config/load.js';
import type { SelfCheckReport } from '../../src/domain/self-check.js';

/** The users' passwords. */
export const PASSWORDS = {
  duty: '值班员的长密码-2026',
  'admin-a': '甲公司管理员-密码',
  'locked-user': '被锁的账号-密码',
} as const;

/** A running service and what the tests know of it. */
export interface ConsoleWorld {
  url: string;
  enterprises: { a: number; b: number };
  leads: { a1: number; a2: number; b1: number };
  /** Move the service's clock by `minutes`. */
  advance(minutes: number): void;
  /** The session ids as stored (hashes). */
  sessionIdsStored(): Promise<string[]>;
  leadCount(): Promise<number>;
  /** Add `count` plain leads of enterprise A found in January 2026, in one statement. */
  addJanuaryLeads(count: number): Promise<void>;
  /** Lead `id` withdrawn by its enterprise through the store, as the intake API does. */
  withdraw(id: number, reason: string, at: string): Promise<void>;
  /** An enterprise's self-check month stored as the intake API stores it. */
  reportSelfCheck(enterpriseId: number, report: SelfCheckReport): Promise<void>;
  close(): Promise<void>;
}

/** Markup where a lead's fields should only ever be text. */
const HOSTILE = {
  name: '<script>alert("n")</script>',
  item: '"><img src=x onerror=alert(1)>',
  evidence: {
    platformSaid: '<script>alert(2)</script>',
    '<b>key</b>': ['"><svg onload=alert(3)>'],
  },
};

/** Start the service with its people and leads. */
export async function startConsole(): Promise<ConsoleWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bureau-console-'));
  const config = loadConfig({
    env: {},
    overrides: [
      { key: 'dataDir', value: dataDir, source: 'test' },
      { key: 'bureau.region', value: '揭阳市', source: 'test' },
    ],
  });
  let now = new Date('2026-11-24T02:00:00.000Z');
  const bureau = await startBureau(config, { host: '127.0.0.1', port: 0 }, () => now);
  const { store } = bureau;
  const a = (await store.addEnterprise('甲建筑公司')).enterprise.id;
  const b = (await store.addEnterprise('乙化工<厂>')).enterprise.id;
  await store.addUser({ login: 'duty', role: 'staff', passwordHash: await hashPassword(PASSWORDS.duty) });
  await store.addUser({
    login: 'admin-a',
    role: 'enterprise',
    enterpriseId: a,
    passwordHash: await hashPassword(PASSWORDS['admin-a']),
  });
  await store.addUser({
    login: 'locked-user',
    role: 'staff',
    passwordHash: await hashPassword(PASSWORDS['locked-user']),
  });
  const lead = async (enterpriseId: number, over: Record<string, unknown>) =>
    (
      await store.ingestLead(enterpriseId, {
        id: `F-${Math.random()}`,
        kind: 'fake_certificate',
        status: 'not_found',
        idNumber: '110105198503120135',
        name: '张伟',
        item: '低压电工作业',
        evidence: { platformSaid: '没有查询到相关证件信息', answeredAt: '2026-11-03T02:00:00.000Z' },
        foundAt: '2026-11-03T02:00:00.000Z',
        ...over,
      })
    ).lead.id;
  const a1 = await lead(a, {});
  const a2 = await lead(a, {
    kind: 'impersonation',
    status: 'name_mismatch',
    idNumber: '330106198804210174',
    foundAt: '2026-11-10T02:00:00.000Z',
    ...HOSTILE,
  });
  const b1 = await lead(b, { foundAt: '2026-10-20T02:00:00.000Z' });
  return {
    url: bureau.url,
    enterprises: { a, b },
    leads: { a1, a2, b1 },
    advance(minutes) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
    async sessionIdsStored() {
      return (await bureau.db.query<{ id_hash: string }>('select id_hash from bureau_sessions')).map(
        (r) => r.id_hash,
      );
    },
    async leadCount() {
      return (await bureau.db.query<{ n: number }>('select count(*)::int as n from leads'))[0]?.n ?? -1;
    },
    async addJanuaryLeads(count) {
      await bureau.db.query(
        `insert into leads (enterprise_id, source_id, kind, status, id_number, id_first6, id_last4, name, evidence,
           found_at, found_month)
         select $1, 'J' || i, 'fake_certificate', 'not_found', '11010519' || lpad(i::text, 10, '0'), '110105',
           right(lpad(i::text, 10, '0'), 4), '王五',
           '{}'::jsonb, timestamptz '2026-01-15 02:00+00', '2026-01'
         from generate_series(1, $2::integer) i`,
        [a, count],
      );
    },
    async withdraw(id, reason, at) {
      const [row] = await bureau.db.query('select enterprise_id, source_id from leads where id = $1', [id]);
      await store.withdrawLead(Number(row?.enterprise_id), String(row?.source_id), reason, at);
    },
    async reportSelfCheck(enterpriseId, report) {
      await sqlProgressStore(bureau.db).reportSelfCheck(enterpriseId, report);
    },
    async close() {
      await bureau.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
