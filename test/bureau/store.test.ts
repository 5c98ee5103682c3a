/**
 * The bureau's store, the same suite on PGlite and (when configured) on a real PostgreSQL: migrations, tokens,
 * idempotent intake, scoped reads, list filters and search, related leads, the case workflow with its audit,
 * monthly figures and enterprise counts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUREAU_MIGRATIONS, runMigrations } from '../../src/bureau/store/migrations.js';
import { createSqlBureauStore } from '../../src/bureau/store/sql-store.js';
import {
  type BureauStore,
  type LeadInput,
  LIST_COUNT_CAP,
  type Scope,
} from '../../src/bureau/store/types.js';
import type { SqlDb } from '../../src/sql/db.js';
import { openPgDb } from '../../src/sql/pg-db.js';
import { makeId } from '../domain/ids.js';
import {
  DATABASES,
  PG_SKIP_REASON,
  PGLITE_START_MS,
  postgresDatabase,
  TEST_PG_URL,
} from '../helpers/databases.js';

const STAFF: Scope = { role: 'staff' };
const ID_A = makeId('110105', '19850312', '013');
const ID_B = makeId('320102', '19900101', '022');

function lead(id: string, over: Partial<LeadInput> = {}): LeadInput {
  return {
    id,
    kind: 'fake_certificate',
    status: 'not_found',
    idNumber: ID_A,
    name: '张伟',
    item: '高压电工作业',
    evidence: { platformSaid: '没有查询到相关证件信息' },
    foundAt: '2026-05-10T02:00:00.000Z',
    ...over,
  };
}

if (!TEST_PG_URL) describe.skip(PG_SKIP_REASON, () => it('PostgreSQL', () => {}));

describe.each(DATABASES)('bureau store on %s', (_label, database) => {
  let db: SqlDb;
  let drop: () => Promise<void>;
  let store: BureauStore;

  // One database per suite (PGlite's start takes seconds), emptied before each test.
  beforeAll(async () => {
    ({ db, drop } = await database.open());
    store = createSqlBureauStore(db);
    await store.migrate();
  }, PGLITE_START_MS);
  beforeEach(async () => {
    await db.exec('truncate case_events, leads, bureau_users, enterprises restart identity cascade');
  });
  afterAll(async () => {
    await drop();
  });

  async function twoEnterprises() {
    const a = await store.addEnterprise('甲建筑公司');
    const b = await store.addEnterprise('乙化工公司');
    return { a: a.enterprise.id, b: b.enterprise.id };
  }

  it('applies each migration once, also when run again', async () => {
    expect(await runMigrations(db)).toEqual([]);
    const rows = await db.query('select id from bureau_migrations');
    expect(rows.map((r) => r.id)).toEqual(BUREAU_MIGRATIONS.map((m) => m.id));
  });

  it('keeps only a hash of the token and finds the enterprise by the token alone', async () => {
    const { enterprise, token } = await store.addEnterprise('  甲建筑公司 ');
    expect(enterprise.name).toBe('甲建筑公司');
    expect((await store.enterpriseByToken(token))?.id).toBe(enterprise.id);
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(await store.enterpriseByToken(forged)).toBeUndefined();
    expect(await store.enterpriseByToken('')).toBeUndefined();
    const dump = JSON.stringify(await db.query('select * from enterprises'));
    expect(dump).not.toContain(token);
    await expect(store.addEnterprise('甲建筑公司')).rejects.toThrow('已有名为「甲建筑公司」的企业');
  });

  it('keeps a withdrawn lead with its reason and time, idempotently, in the list, its filter and its history', async () => {
    const { a, b } = await twoEnterprises();
    const { lead: stored } = await store.ingestLead(a, lead('F-w1'));
    await store.ingestLead(a, lead('F-w2', { idNumber: ID_B }));
    expect(await store.withdrawLead(b, 'F-w1', 'x', '2026-05-12T00:00:00.000Z')).toBeUndefined();
    expect(await store.withdrawLead(a, 'F-none', 'x', '2026-05-12T00:00:00.000Z')).toBeUndefined();
    const done = await store.withdrawLead(a, 'F-w1', '已查到证书', '2026-05-12T00:00:00.000Z');
    expect(done).toMatchObject({
      changed: true,
      lead: {
        id: stored.id,
        caseStatus: 'new',
        withdrawn: { at: '2026-05-12T00:00:00.000Z', reason: '已查到证书' },
      },
    });
    const again = await store.withdrawLead(a, 'F-w1', '别的原因', '2026-05-13T00:00:00.000Z');
    expect(again).toMatchObject({ changed: false, lead: { withdrawn: { reason: '已查到证书' } } });
    const withdrawn = await store.listLeads(STAFF, { limit: 10, offset: 0, state: 'withdrawn' });
    expect(withdrawn.rows.map((r) => r.sourceId)).toEqual(['F-w1']);
    const standing = await store.listLeads(STAFF, { limit: 10, offset: 0, state: 'reported' });
    expect(standing.rows.map((r) => r.sourceId)).toEqual(['F-w2']);
    expect((await store.history(STAFF, stored.id)).map((e) => [e.from, e.to, e.by, e.note])).toEqual([
      [null, 'new', '企业上报：甲建筑公司', ''],
      ['new', 'new', '企业撤回：甲建筑公司', '企业撤回线索：已查到证书'],
    ]);
    // Staff can still close the case of a withdrawn lead.
    await store.changeCaseStatus(STAFF, stored.id, 'investigating', 'staff', '');
    await store.changeCaseStatus(STAFF, stored.id, 'dismissed', 'staff', '企业已撤回');
    const closed = await store.changeCaseStatus(STAFF, stored.id, 'closed', 'staff', '');
    expect(closed).toMatchObject({ caseStatus: 'closed', withdrawn: { reason: '已查到证书' } });
  });

  it(
    'upgrades a database of the earlier schema keeping its leads, none of them withdrawn',
    async () => {
      const earlier = await database.open();
      try {
        const before = BUREAU_MIGRATIONS.slice(
          0,
          BUREAU_MIGRATIONS.findIndex((m) => m.id === '003_lead_withdrawal'),
        );
        await runMigrations(earlier.db, before);
        const old = createSqlBureauStore(earlier.db, before);
        const { enterprise } = await old.addEnterprise('甲建筑公司');
        await earlier.db.query(
          `insert into leads (enterprise_id, source_id, kind, status, id_number, id_first6, id_last4, name, evidence,
           found_at, found_month) values ($1, 'F20260510-000001', 'fake_certificate', 'not_found', $2, '110105', $3,
           '张伟', '{}', '2026-05-10T02:00:00Z', '2026-05')`,
          [enterprise.id, ID_A, ID_A.slice(-4)],
        );
        expect(await runMigrations(earlier.db)).toEqual(
          BUREAU_MIGRATIONS.slice(before.length).map((m) => m.id),
        );
        expect(before.length).toBeLessThan(BUREAU_MIGRATIONS.length);
        const upgraded = createSqlBureauStore(earlier.db);
        const { rows } = await upgraded.listLeads(STAFF, { limit: 10, offset: 0 });
        expect(rows).toEqual([expect.objectContaining({ sourceId: 'F20260510-000001', name: '张伟' })]);
        expect(rows[0]?.withdrawn).toBeUndefined();
        expect(
          await upgraded.withdrawLead(enterprise.id, 'F20260510-000001', '已查到', '2026-05-12T00:00:00Z'),
        ).toMatchObject({ changed: true });
      } finally {
        await earlier.drop();
      }
    },
    PGLITE_START_MS,
  );

  it('stores a lead once: the same id from the same enterprise changes nothing', async () => {
    const { a, b } = await twoEnterprises();
    const first = await store.ingestLead(a, lead('F20260510-000001'));
    expect(first.created).toBe(true);
    expect(first.lead).toMatchObject({ enterpriseName: '甲建筑公司', caseStatus: 'new', idNumber: ID_A });
    const again = await store.ingestLead(a, lead('F20260510-000001', { evidence: { resent: true } }));
    expect(again).toEqual({ created: false, lead: first.lead });
    // Other content under the same id is a conflict, not "already there".
    const clash = await store.ingestLead(
      a,
      lead('F20260510-000001', {
        name: '李四',
        idNumber: ID_B,
        kind: 'impersonation',
        status: 'name_mismatch',
      }),
    );
    expect(clash).toMatchObject({
      created: false,
      lead: { id: first.lead.id, name: '张伟', kind: 'fake_certificate' },
      conflict: expect.stringContaining('身份证号、姓名、线索类别、核验结果不同'),
    });
    const other = await store.ingestLead(b, lead('F20260510-000001'));
    expect(other.created).toBe(true);
    expect((await store.listLeads(STAFF, { limit: 10, offset: 0 })).total).toBe(2);
    expect(await store.history(STAFF, first.lead.id)).toEqual([
      expect.objectContaining({ from: null, to: 'new', by: '企业上报：甲建筑公司' }),
    ]);
  });

  it('keeps hostile text verbatim and inert', async () => {
    const { a } = await twoEnterprises();
    const hostile = `'); drop table leads; -- <script>alert(1)</script> %_\\`;
    const { lead: stored } = await store.ingestLead(
      a,
      lead(hostile, {
        name: hostile,
        item: hostile,
        evidence: { platformSaid: hostile, nested: { x: hostile } },
      }),
    );
    const read = await store.getLead(STAFF, stored.id);
    expect(read).toMatchObject({ sourceId: hostile, name: hostile, item: hostile });
    expect(read?.evidence).toEqual({ platformSaid: hostile, nested: { x: hostile } });
    expect((await store.listLeads(STAFF, { limit: 10, offset: 0, search: hostile })).total).toBe(1);
    // A LIKE wildcard typed in the search box is a character, not "anything".
    expect((await store.listLeads(STAFF, { limit: 10, offset: 0, search: '%' })).total).toBe(0);
  });

  it('shows an enterprise only its own leads, whatever id it asks for', async () => {
    const { a, b } = await twoEnterprises();
    const mine = await store.ingestLead(a, lead('A1'));
    const theirs = await store.ingestLead(b, lead('B1'));
    const scopeA: Scope = { role: 'enterprise', enterpriseId: a };
    const list = await store.listLeads(scopeA, { limit: 10, offset: 0 });
    expect(list.rows.map((r) => r.sourceId)).toEqual(['A1']);
    expect(await store.listLeads(scopeA, { limit: 10, offset: 0, enterpriseId: b })).toEqual({
      rows: [],
      total: 0,
      totalCapped: false,
    });
    expect(await store.getLead(scopeA, theirs.lead.id)).toBeUndefined();
    expect(await store.history(scopeA, theirs.lead.id)).toEqual([]);
    expect(await store.relatedLeads(scopeA, mine.lead.id)).toEqual([]);
    await expect(store.changeCaseStatus(scopeA, theirs.lead.id, 'investigating', 'x', '')).rejects.toThrow(
      '没有这条线索',
    );
    expect((await store.getLead(STAFF, theirs.lead.id))?.caseStatus).toBe('new');
    expect((await store.enterprisesWithCounts(scopeA)).map((e) => e.name)).toEqual(['甲建筑公司']);
  });

  it('groups leads about the same person across enterprises', async () => {
    const { a, b } = await twoEnterprises();
    const one = await store.ingestLead(a, lead('A1'));
    await store.ingestLead(b, lead('B1', { kind: 'impersonation', status: 'name_mismatch' }));
    await store.ingestLead(b, lead('B2', { idNumber: ID_B }));
    const related = await store.relatedLeads(STAFF, one.lead.id);
    expect(related.map((r) => [r.sourceId, r.enterpriseName])).toEqual([['B1', '乙化工公司']]);
    const rows = (await store.listLeads(STAFF, { limit: 10, offset: 0 })).rows;
    expect(Object.fromEntries(rows.map((r) => [r.sourceId, r.related]))).toEqual({ A1: 1, B1: 1, B2: 0 });
  });

  it('filters by enterprise, kind, case status and China month, and pages', async () => {
    const { a, b } = await twoEnterprises();
    // 2026-05-31 23:30 in Beijing is still May; 2026-05-31 16:30 UTC is June 1st in Beijing.
    await store.ingestLead(a, lead('A1', { foundAt: '2026-05-31T15:30:00.000Z' }));
    await store.ingestLead(a, lead('A2', { foundAt: '2026-05-31T16:30:00.000Z', kind: 'impersonation' }));
    const b1 = await store.ingestLead(b, lead('B1', { foundAt: '2026-06-02T01:00:00.000Z' }));
    await store.changeCaseStatus(STAFF, b1.lead.id, 'investigating', 'staff1', '');
    const ids = async (filter: object) =>
      (await store.listLeads(STAFF, { limit: 10, offset: 0, ...filter })).rows.map((r) => r.sourceId);
    expect(await ids({ month: '2026-05' })).toEqual(['A1']);
    expect(await ids({ month: '2026-06' })).toEqual(['B1', 'A2']);
    expect(await ids({ enterpriseId: a })).toEqual(['A2', 'A1']);
    expect(await ids({ kind: 'impersonation' })).toEqual(['A2']);
    expect(await ids({ caseStatus: 'investigating' })).toEqual(['B1']);
    const page = await store.listLeads(STAFF, { limit: 1, offset: 1 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.sourceId)).toEqual(['A2']);
  });

  it('counts the matches up to the cap and says when there are more', async () => {
    const { a } = await twoEnterprises();
    await db.query(
      `insert into leads (enterprise_id, source_id, kind, status, id_number, id_first6, id_last4, evidence, found_at,
         found_month)
       select $1, 'S' || g, 'fake_certificate', 'not_found', $2, '110105', '0135', '{}', now(), '2026-05'
       from generate_series(1, $3::int) g`,
      [a, ID_A, LIST_COUNT_CAP + 1],
    );
    const page = await store.listLeads(STAFF, { limit: 5, offset: 0 });
    expect([page.rows.length, page.total, page.totalCapped]).toEqual([5, LIST_COUNT_CAP, true]);
    const few = await store.listLeads(STAFF, { limit: 5, offset: 0, search: 'S' });
    expect([few.total, few.totalCapped]).toEqual([0, false]);
  });

  it('finds leads by what a staff member types: masked ID, its ends, the whole ID, a name', async () => {
    const { a } = await twoEnterprises();
    await store.ingestLead(a, lead('A1'));
    await store.ingestLead(a, lead('A2', { idNumber: ID_B, name: '李娜' }));
    const found = async (search: string) =>
      (await store.listLeads(STAFF, { limit: 10, offset: 0, search })).rows.map((r) => r.sourceId);
    const masked = `${ID_A.slice(0, 6)}********${ID_A.slice(-4)}`;
    expect(await found(masked)).toEqual(['A1']);
    expect(await found(` ${masked.replaceAll('*', '＊')} `)).toEqual(['A1']);
    expect(await found(ID_A.slice(-4))).toEqual(['A1']);
    expect(await found(ID_B.slice(0, 6))).toEqual(['A2']);
    expect(await found(ID_B)).toEqual(['A2']);
    expect(await found('张')).toEqual(['A1']);
    expect(await found('李娜')).toEqual(['A2']);
    expect(await found('王')).toEqual([]);
  });

  it('moves a case only along the workflow and audits each move with who, when and the note', async () => {
    const { a } = await twoEnterprises();
    const { lead: l } = await store.ingestLead(a, lead('A1'));
    await expect(store.changeCaseStatus(STAFF, l.id, 'referred', 'staff1', '直接移送')).rejects.toThrow(
      '「新线索」的线索只能改为「核查中」，不能直接改为「已移送公安」',
    );
    expect(await store.history(STAFF, l.id)).toHaveLength(1);
    await store.changeCaseStatus(STAFF, l.id, 'investigating', 'staff1', '联系企业核实');
    const referred = await store.changeCaseStatus(STAFF, l.id, 'referred', 'staff2', '证件系伪造');
    expect(referred.caseStatus).toBe('referred');
    expect(referred.referredAt).toBeDefined();
    const closed = await store.changeCaseStatus(STAFF, l.id, 'closed', 'staff2', '');
    expect(closed.referredAt).toBe(referred.referredAt);
    await expect(store.changeCaseStatus(STAFF, l.id, 'investigating', 'staff1', '')).rejects.toThrow(
      '线索已「结案」，不能再改为「核查中」',
    );
    const history = await store.history(STAFF, l.id);
    expect(history.map((e) => [e.from, e.to, e.by, e.note])).toEqual([
      [null, 'new', '企业上报：甲建筑公司', ''],
      ['new', 'investigating', 'staff1', '联系企业核实'],
      ['investigating', 'referred', 'staff2', '证件系伪造'],
      ['referred', 'closed', 'staff2', ''],
    ]);
    expect(history.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it('counts each month by kind and enterprise, with the share referred', async () => {
    const { a, b } = await twoEnterprises();
    const a1 = await store.ingestLead(a, lead('A1'));
    await store.ingestLead(a, lead('A2', { kind: 'impersonation' }));
    await store.ingestLead(b, lead('B1', { foundAt: '2026-07-01T01:00:00.000Z' }));
    await store.changeCaseStatus(STAFF, a1.lead.id, 'investigating', 's', '');
    await store.changeCaseStatus(STAFF, a1.lead.id, 'referred', 's', '');
    const figures = await store.monthlyFigures(STAFF, '2026-05', '2026-07');
    expect(figures.map((f) => [f.month, f.total, f.referred])).toEqual([
      ['2026-05', 2, 1],
      ['2026-06', 0, 0],
      ['2026-07', 1, 0],
    ]);
    expect(figures[0]?.byKind).toEqual({
      fake_certificate: 1,
      impersonation: 1,
      fake_platform: 0,
      altered_card: 0,
    });
    expect(figures[0]?.byEnterprise).toEqual([{ enterpriseId: a, name: '甲建筑公司', count: 2 }]);
    const onlyB = await store.monthlyFigures({ role: 'enterprise', enterpriseId: b }, '2026-05', '2026-07');
    expect(onlyB.map((f) => f.total)).toEqual([0, 0, 1]);
    await expect(store.monthlyFigures(STAFF, '2026-07', '2026-05')).rejects.toThrow('晚于');
    const counts = await store.enterprisesWithCounts(STAFF);
    expect(counts.map((e) => [e.name, e.leads, e.open, e.referred])).toEqual(
      [
        ['乙化工公司', 1, 1, 0],
        ['甲建筑公司', 2, 1, 1],
      ].sort(),
    );
  });

  it('keeps users with their role and enterprise', async () => {
    const { a } = await twoEnterprises();
    const staff = await store.addUser({ login: 'wang', role: 'staff', passwordHash: 'scrypt$x' });
    const admin = await store.addUser({
      login: 'li',
      role: 'enterprise',
      enterpriseId: a,
      passwordHash: 'h',
    });
    expect(await store.userByLogin('wang')).toEqual(staff);
    expect((await store.userByLogin('li'))?.enterpriseId).toBe(admin.enterpriseId);
    expect(await store.userByLogin('nobody')).toBeUndefined();
    await expect(store.addUser({ login: 'wang', role: 'staff', passwordHash: 'h' })).rejects.toThrow(
      '已被使用',
    );
    await expect(store.addUser({ login: 'zhao', role: 'enterprise', passwordHash: 'h' })).rejects.toThrow(
      '企业账号必须属于一个企业',
    );
  });
});

describe.runIf(TEST_PG_URL)('bureau migrations on a shared PostgreSQL', () => {
  it('applies each migration once when several instances start at the same time', async () => {
    const { url, drop } = await postgresDatabase.open();
    const instances = await Promise.all([1, 2, 3, 4].map(() => openPgDb(url as string)));
    try {
      const applied = await Promise.all(instances.map((db) => runMigrations(db)));
      expect(applied.flat()).toEqual(BUREAU_MIGRATIONS.map((m) => m.id));
      const [one] = instances as [SqlDb];
      expect(await one.query('select count(*)::int as n from bureau_migrations')).toEqual([
        { n: BUREAU_MIGRATIONS.length },
      ]);
    } finally {
      await Promise.all(instances.map((db) => db.close()));
      await drop();
    }
  });
});
