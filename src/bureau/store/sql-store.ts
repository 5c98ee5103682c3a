/**
 * The bureau's store in SQL, one implementation for PGlite and PostgreSQL (see db.ts). Every value is a `$n`
 * parameter; every read and change of a lead is narrowed by the caller's scope in the SQL itself.
 */
import { InputError } from '../../domain/errors.js';
import { LEAD_KINDS, type LeadKind } from '../../domain/lead.js';
import type { Row, SqlDb, SqlRunner } from '../../sql/db.js';
import { CaseChangeError, caseMoveProblem } from '../cases.js';
import { likePrefix, parseLeadSearch } from './lead-search.js';
import { BUREAU_MIGRATIONS, type Migration, runMigrations } from './migrations.js';
import { monthInChina, monthsBetween } from './months.js';
import { enterpriseFromRow, eventFromRow, LEAD_COLUMNS, leadFromRow, userFromRow } from './rows.js';
import { newEnterpriseToken, tokenHash, tokenMatches } from './tokens.js';
import {
  type BureauStore,
  type CaseStatus,
  type Lead,
  type LeadFilter,
  type LeadInput,
  LIST_COUNT_CAP,
  type ListedLead,
  MAX_LIST_OFFSET,
  type MonthFigures,
  type Scope,
} from './types.js';

/** Why a page beyond MAX_LIST_OFFSET is refused. */
const DEEP_PAGE_MESSAGE = `线索列表最多翻到第 ${MAX_LIST_OFFSET} 条，请按月份、企业或状态缩小范围后再查看`;

/**
 * The start of the database clock's China day (UTC+8, no daylight saving), by the clock that stamps
 * `received_at`, so a day's count and the stamps it counts never disagree.
 */
const CHINA_DAY_START =
  "((date_trunc('day', (now() at time zone 'UTC') + interval '8 hours') - interval '8 hours') at time zone 'UTC')";

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

/** Collects the `$n` parameters of one statement. */
class Params {
  readonly values: unknown[] = [];
  /** The placeholder for `value`. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The condition limiting `alias`'s rows to what `scope` may see. */
function scopeCondition(scope: Scope, params: Params, alias = 'l'): string {
  return scope.role === 'staff' ? 'true' : `${alias}.enterprise_id = ${params.add(scope.enterpriseId)}`;
}

/** The list filters as conditions on `l`. */
function filterConditions(
  scope: Scope,
  filter: Omit<LeadFilter, 'limit' | 'offset'>,
  params: Params,
): string {
  const where = [scopeCondition(scope, params)];
  if (filter.enterpriseId !== undefined) where.push(`l.enterprise_id = ${params.add(filter.enterpriseId)}`);
  if (filter.kind !== undefined) where.push(`l.kind = ${params.add(filter.kind)}`);
  if (filter.caseStatus !== undefined) where.push(`l.case_status = ${params.add(filter.caseStatus)}`);
  if (filter.month !== undefined) where.push(`l.found_month = ${params.add(filter.month)}`);
  if (filter.state !== undefined)
    where.push(filter.state === 'withdrawn' ? 'l.withdrawn_at is not null' : 'l.withdrawn_at is null');
  const search = parseLeadSearch(filter.search ?? '');
  switch (search.by) {
    case 'id':
      where.push(`l.id_number = ${params.add(search.idNumber)}`);
      break;
    case 'ends':
      if (search.first6) where.push(`l.id_first6 = ${params.add(search.first6)}`);
      if (search.last4) where.push(`l.id_last4 = ${params.add(search.last4)}`);
      break;
    case 'name':
      where.push(`l.name like ${params.add(likePrefix(search.prefix))} escape '\\'`);
      break;
    case 'none':
      break;
    default:
      search satisfies never;
  }
  return where.join(' and ');
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
}

/** Who the intake records as having opened a case: this, then the name of the enterprise that sent the lead. */
const INTAKE_BY = '企业上报：';

/** Who the case history names for a withdrawal: this, then the enterprise's name. */
const WITHDRAWN_BY = '企业撤回：';

/**
 * The fields in which a resent lead differs from the one stored under its id, in Chinese (none: the same lead
 * sent again). Two bots of one enterprise that once reused ids would otherwise have a different person's lead
 * taken for a resend.
 */
function differingFields(stored: Lead, input: LeadInput): string[] {
  const fields: Array<[string, unknown, unknown]> = [
    ['身份证号', stored.idNumber, input.idNumber],
    ['姓名', stored.name, input.name],
    ['线索类别', stored.kind, input.kind],
    ['核验结果', stored.status, input.status],
    ['操作项目', stored.item, input.item],
    ['发现时间', stored.foundAt, new Date(input.foundAt).toISOString()],
  ];
  return fields.filter(([, a, b]) => (a ?? null) !== (b ?? null)).map(([label]) => label);
}

/** The store over `db`; `migrations` lets a part add its own tables after the bureau's (default: the bureau's). */
export function createSqlBureauStore(
  db: SqlDb,
  migrations: readonly Migration[] = BUREAU_MIGRATIONS,
): BureauStore {
  async function leadById(runner: SqlRunner, scope: Scope, id: number): Promise<Lead | undefined> {
    const params = new Params();
    const [row] = await runner.query(
      `select ${LEAD_COLUMNS} from leads l join enterprises e on e.id = l.enterprise_id
       where l.id = ${params.add(id)} and ${scopeCondition(scope, params)}`,
      params.values,
    );
    return row && leadFromRow(row);
  }

  /**
   * How many leads the scope sees per ID number of `rows` (each row's own lead included), in one grouped query
   * over the page's ID numbers: counted per row, a deep page counted again for every row it skipped.
   */
  async function relatedCounts(scope: Scope, rows: readonly Row[]): Promise<Map<string, number>> {
    if (rows.length === 0) return new Map();
    const params = new Params();
    const idNumbers = [...new Set(rows.map((r) => String(r.id_number)))];
    const counts = await db.query(
      `select l.id_number, count(*)::int as n from leads l
       where l.id_number = any(${params.add(idNumbers)}::text[]) and ${scopeCondition(scope, params)}
       group by l.id_number`,
      params.values,
    );
    return new Map(counts.map((c) => [String(c.id_number), Number(c.n)]));
  }

  return {
    async migrate() {
      await runMigrations(db, migrations);
    },

    async addEnterprise(name) {
      const trimmed = name.trim();
      if (trimmed === '') throw new InputError('企业名称不能为空');
      const token = newEnterpriseToken();
      try {
        const [row] = await db.query(
          'insert into enterprises (name, token_hash) values ($1, $2) returning id, name, created_at',
          [trimmed, tokenHash(token)],
        );
        return { enterprise: enterpriseFromRow(row as Row), token };
      } catch (error) {
        if (isUniqueViolation(error)) throw new InputError(`已有名为「${trimmed}」的企业`);
        throw error;
      }
    },

    async enterpriseByToken(token) {
      const [row] = await db.query(
        'select id, name, created_at, token_hash from enterprises where token_hash = $1',
        [tokenHash(token)],
      );
      return row && tokenMatches(token, String(row.token_hash)) ? enterpriseFromRow(row) : undefined;
    },

    async enterpriseByName(name) {
      const [row] = await db.query('select id, name, created_at from enterprises where name = $1', [
        name.trim(),
      ]);
      return row && enterpriseFromRow(row);
    },

    async listEnterprises() {
      const rows = await db.query('select id, name, created_at from enterprises order by name');
      return rows.map(enterpriseFromRow);
    },

    async enterprisesWithCounts(scope) {
      const params = new Params();
      const rows = await db.query(
        `select e.id, e.name, e.created_at, count(l.id)::int as leads,
           count(l.id) filter (where l.case_status in ('new', 'investigating'))::int as open,
           count(l.referred_at)::int as referred
         from enterprises e left join leads l on l.enterprise_id = e.id
         where ${scope.role === 'staff' ? 'true' : `e.id = ${params.add(scope.enterpriseId)}`}
         group by e.id order by e.name`,
        params.values,
      );
      return rows.map((r) => ({
        ...enterpriseFromRow(r),
        leads: Number(r.leads),
        open: Number(r.open),
        referred: Number(r.referred),
      }));
    },

    async addUser(user) {
      if ((user.role === 'enterprise') !== (user.enterpriseId !== undefined)) {
        throw new InputError('企业账号必须属于一个企业；局端工作人员账号不属于任何企业');
      }
      try {
        const [row] = await db.query(
          `insert into bureau_users (login, role, enterprise_id, password_hash) values ($1, $2, $3, $4)
           returning id, login, role, enterprise_id, password_hash, created_at`,
          [user.login, user.role, user.enterpriseId ?? null, user.passwordHash],
        );
        return userFromRow(row as Row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new InputError(`登录名「${user.login}」已被使用`);
        throw error;
      }
    },

    async userByLogin(login) {
      const [row] = await db.query(
        'select id, login, role, enterprise_id, password_hash, created_at from bureau_users where login = $1',
        [login],
      );
      return row && userFromRow(row);
    },

    async ingestLead(enterpriseId, input) {
      // One statement stores the lead and its first audit row together (atomic without a transaction round
      // trip); a lead this enterprise already sent inserts nothing and is read back as it is.
      const [row] = await db.query(
        `with ins as (
           insert into leads (enterprise_id, source_id, kind, status, id_number, id_first6, id_last4, name, item,
             evidence, found_at, found_month)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           on conflict (enterprise_id, source_id) do nothing returning *
         ), opened as (
           insert into case_events (lead_id, from_status, to_status, by_login, at)
           select ins.id, null, 'new', $13 || e.name, ins.received_at
           from ins join enterprises e on e.id = ins.enterprise_id
         )
         select ${LEAD_COLUMNS} from ins l join enterprises e on e.id = l.enterprise_id`,
        [
          enterpriseId,
          input.id,
          input.kind,
          input.status,
          input.idNumber,
          input.idNumber.slice(0, 6),
          input.idNumber.slice(-4),
          input.name ?? null,
          input.item ?? null,
          JSON.stringify(input.evidence),
          input.foundAt,
          monthInChina(input.foundAt),
          INTAKE_BY,
        ],
      );
      if (row) return { lead: leadFromRow(row), created: true };
      const [known] = await db.query(
        `select ${LEAD_COLUMNS} from leads l join enterprises e on e.id = l.enterprise_id
         where l.enterprise_id = $1 and l.source_id = $2`,
        [enterpriseId, input.id],
      );
      if (!known) throw new InputError('线索未能保存：企业不存在');
      const lead = leadFromRow(known);
      const differs = differingFields(lead, input);
      if (differs.length === 0) return { lead, created: false };
      return {
        lead,
        created: false,
        conflict: `本企业已用同一编号 ${input.id} 报过另一条线索（${differs.join('、')}不同），未覆盖；请用新编号重发`,
      };
    },

    async withdrawLead(enterpriseId, sourceId, reason, withdrawnAt) {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number; case_status: CaseStatus; withdrawn_at: unknown }>(
          `select l.id, l.case_status, l.withdrawn_at from leads l
           where l.enterprise_id = $1 and l.source_id = $2 for update`,
          [enterpriseId, sourceId],
        );
        if (!row) return undefined;
        const scope: Scope = { role: 'enterprise', enterpriseId };
        const changed = row.withdrawn_at === null;
        if (changed) {
          await tx.query(
            'update leads set withdrawn_at = $2, withdraw_reason = $3, updated_at = now() where id = $1',
            [row.id, withdrawnAt, reason],
          );
          // The case's history shows the withdrawal; the case itself stays where it is (staff may close it).
          await tx.query(
            `insert into case_events (lead_id, from_status, to_status, by_login, note)
             select $1, $2, $2, $3 || e.name, $4 from enterprises e where e.id = $5`,
            [row.id, row.case_status, WITHDRAWN_BY, `企业撤回线索：${reason}`, enterpriseId],
          );
        }
        return { lead: (await leadById(tx, scope, Number(row.id))) as Lead, changed };
      });
    },

    async leadsReceivedToday(enterpriseId) {
      const [row] = await db.query(
        `select count(*)::int as n from leads where enterprise_id = $1 and received_at >= ${CHINA_DAY_START}`,
        [enterpriseId],
      );
      return Number(row?.n ?? 0);
    },

    async receivedTodayByEnterprise(scope) {
      const params = new Params();
      const rows = await db.query(
        `select l.enterprise_id, count(*)::int as n from leads l
         where l.received_at >= ${CHINA_DAY_START} and ${scopeCondition(scope, params)}
         group by l.enterprise_id`,
        params.values,
      );
      return new Map(rows.map((r) => [Number(r.enterprise_id), Number(r.n)]));
    },

    async listLeads(scope, filter) {
      if (filter.offset > MAX_LIST_OFFSET) throw new InputError(DEEP_PAGE_MESSAGE);
      const params = new Params();
      const where = filterConditions(scope, filter, params);
      const countParams = [...params.values];
      const rows = await db.query(
        `select ${LEAD_COLUMNS} from leads l join enterprises e on e.id = l.enterprise_id
         where ${where}
         order by l.found_at desc, l.id desc
         limit ${params.add(filter.limit)} offset ${params.add(filter.offset)}`,
        params.values,
      );
      const related = await relatedCounts(scope, rows);
      const [count] = await db.query(
        `select count(*)::int as total from (select 1 from leads l where ${where} limit ${LIST_COUNT_CAP + 1}) t`,
        countParams,
      );
      const total = Number(count?.total ?? 0);
      return {
        rows: rows.map(
          (r): ListedLead => ({ ...leadFromRow(r), related: (related.get(String(r.id_number)) ?? 1) - 1 }),
        ),
        total: Math.min(total, LIST_COUNT_CAP),
        totalCapped: total > LIST_COUNT_CAP,
      };
    },

    getLead: (scope, id) => leadById(db, scope, id),

    async relatedLeads(scope, id) {
      const params = new Params();
      const rows = await db.query(
        `select ${LEAD_COLUMNS} from leads me
           join leads l on l.id_number = me.id_number and l.id <> me.id
           join enterprises e on e.id = l.enterprise_id
         where me.id = ${params.add(id)} and ${scopeCondition(scope, params, 'me')} and ${scopeCondition(scope, params)}
         order by l.found_at desc, l.id desc`,
        params.values,
      );
      return rows.map(leadFromRow);
    },

    changeCaseStatus(scope, id, to, by, note) {
      return db.transaction(async (tx) => {
        const params = new Params();
        const [row] = await tx.query<{ case_status: CaseStatus }>(
          `select case_status from leads l where l.id = ${params.add(id)} and ${scopeCondition(scope, params)}
           for update`,
          params.values,
        );
        if (!row) throw new CaseChangeError('not_found', '没有这条线索，或您无权查看');
        const problem = caseMoveProblem(row.case_status, to);
        if (problem) throw new CaseChangeError('move', problem);
        await tx.query(
          `update leads set case_status = $2, updated_at = now(),
             referred_at = case when $2 = 'referred' then now() else referred_at end
           where id = $1`,
          [id, to],
        );
        await tx.query(
          'insert into case_events (lead_id, from_status, to_status, by_login, note) values ($1, $2, $3, $4, $5)',
          [id, row.case_status, to, by, note],
        );
        return (await leadById(tx, scope, id)) as Lead;
      });
    },

    async history(scope, id) {
      const params = new Params();
      const rows = await db.query(
        `select c.lead_id, c.from_status, c.to_status, c.by_login, c.at, c.note
         from case_events c join leads l on l.id = c.lead_id
         where c.lead_id = ${params.add(id)} and ${scopeCondition(scope, params)} order by c.id`,
        params.values,
      );
      return rows.map(eventFromRow);
    },

    async monthlyFigures(scope, fromMonth, toMonth) {
      const months = monthsBetween(fromMonth, toMonth);
      const params = new Params();
      const rows = await db.query(
        `select l.found_month, l.kind, l.enterprise_id, e.name, count(*)::int as n,
           count(l.referred_at)::int as referred
         from leads l join enterprises e on e.id = l.enterprise_id
         where l.found_month between ${params.add(fromMonth)} and ${params.add(toMonth)}
           and ${scopeCondition(scope, params)}
         group by l.found_month, l.kind, l.enterprise_id, e.name`,
        params.values,
      );
      const figures = new Map<string, MonthFigures>(
        months.map((month) => [
          month,
          {
            month,
            byKind: Object.fromEntries(LEAD_KINDS.map((k) => [k, 0])) as Record<LeadKind, number>,
            byEnterprise: [],
            total: 0,
            referred: 0,
          },
        ]),
      );
      for (const r of rows) {
        const month = figures.get(String(r.found_month));
        if (!month) continue;
        const n = Number(r.n);
        const kind = r.kind as LeadKind;
        month.byKind[kind] = (month.byKind[kind] ?? 0) + n;
        month.total += n;
        month.referred += Number(r.referred);
        const enterpriseId = Number(r.enterprise_id);
        const known = month.byEnterprise.find((x) => x.enterpriseId === enterpriseId);
        if (known) known.count += n;
        else month.byEnterprise.push({ enterpriseId, name: String(r.name), count: n });
      }
      for (const month of figures.values()) month.byEnterprise.sort((a, b) => b.count - a.count);
      return [...figures.values()];
    },

    close: () => db.close(),
  };
}
