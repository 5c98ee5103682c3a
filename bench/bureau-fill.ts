/**
 * Leads for the bureau's benchmarks, made in SQL (generate_series) so a million rows take a minute, not an hour:
 * the secondary indexes are dropped during the fill and built again after it, then the table is analysed.
 * People repeat (30% of the ID numbers have two leads) so the related counts have work to do.
 */
import type { SqlDb } from '../src/sql/db.js';

/** Enterprises the filled leads belong to. */
export const FILL_ENTERPRISES = 50;

/** Fill `db` (migrated, empty) with `count` leads over FILL_ENTERPRISES enterprises, one a minute from 2024. */
export async function fillLeads(db: SqlDb, count: number): Promise<void> {
  const indexes = await db.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes
     where tablename = 'leads' and indexname not in (select conname from pg_constraint)`,
  );
  for (const { indexname } of indexes) await db.exec(`drop index ${indexname}`);
  await db.query(
    `insert into enterprises (name, token_hash)
     select '企业' || g, md5(g::text) from generate_series(1, $1::int) g`,
    [FILL_ENTERPRISES],
  );
  await db.query(
    `insert into leads (enterprise_id, source_id, kind, status, id_number, id_first6, id_last4, name, item, evidence,
       found_at, found_month, case_status, referred_at)
     select 1 + g % $2::int, 'F' || g,
       (array['fake_certificate', 'impersonation', 'fake_platform', 'altered_card'])[1 + g % 4],
       'not_found', id, left(id, 6), right(id, 4),
       (array['张', '王', '李', '赵', '刘'])[1 + g % 5] || (array['伟', '芳', '强', '娜'])[1 + (g / 5) % 4],
       '高压电工作业', '{"platformSaid": "没有查询到相关证件信息", "certificates": []}'::jsonb,
       ts, to_char((ts at time zone 'UTC') + interval '8 hours', 'YYYY-MM'),
       (array['new', 'investigating', 'referred', 'dismissed', 'closed'])[1 + g % 5],
       case when g % 5 = 2 then ts + interval '3 days' end
     from (
       select g, lpad((110100 + g % 500)::text, 6, '0') || lpad((g % ($1::int * 7 / 10))::text, 12, '0') as id,
         timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute' as ts
       from generate_series(1, $1::int) g
     ) s`,
    [count, FILL_ENTERPRISES],
  );
  for (const { indexdef } of indexes) await db.exec(indexdef);
  await db.exec('analyze');
}
