/**
 * `store migrate`: the findings of findings.jsonl (or a findings.json of an earlier layout) into the `findings`
 * table, with the batch rows already counted (occasions). A finding counts as stored when the table holds the
 * same finding (its dedup key: a v0 file's findings get fresh ids at each read); one the table already holds is
 * left as the table has it.
 */
import type { Finding } from '../../domain/finding.js';
import type { SqlDb } from '../../sql/db.js';
import { readFindingsFiles } from '../files/findings-files.js';
import { dedupKey, storedDedupKey } from '../finding-key.js';
import { realFs } from '../store-fs.js';
import { chunksOf } from './chunks.js';
import type { KindCount, MigrationKind } from './kind.js';

const INSERT_FINDINGS = `insert into findings (id, dedup_key, day, first_at, last_at, count, enterprise, status, body)
  select t.id, t.dedup_key, t.day, t.first_at::timestamptz, t.last_at::timestamptz, t.count, t.enterprise, t.status,
    t.body::json
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[])
    with ordinality as t(id, dedup_key, day, first_at, last_at, count, enterprise, status, body, ord)
  order by t.ord
  on conflict do nothing
  returning id`;

/** Occasions ($1 keys) of the findings of dedup keys $2, as the table holds those findings. */
const INSERT_OCCASIONS = `insert into finding_occasions (key, dedup_key)
  select o.key, o.dedup_key from unnest($1::text[], $2::text[]) as o(key, dedup_key) join findings f using (dedup_key)
  on conflict do nothing`;

export const findingsKind: MigrationKind = {
  name: 'findings',
  label: '问题记录',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const { findings, occasions } = await readFindingsFiles(fromDir, realFs);
    const keyOf = (f: Finding) => storedDedupKey(dedupKey(f, f.day));
    let added = 0;
    for (const chunk of chunksOf(findings)) {
      const rows = await db.query(INSERT_FINDINGS, [
        chunk.map((f) => f.id),
        chunk.map(keyOf),
        chunk.map((f) => f.day),
        chunk.map((f) => f.firstAt),
        chunk.map((f) => f.lastAt),
        chunk.map((f) => f.count),
        chunk.map((f) => f.enterprise ?? null),
        chunk.map((f) => f.status),
        chunk.map(({ id: _id, day: _day, firstAt: _first, lastAt: _last, count: _count, ...body }) =>
          JSON.stringify(body),
        ),
      ]);
      added += rows.length;
    }
    const keyById = new Map(findings.map((f) => [f.id, keyOf(f)]));
    const known = [...occasions].filter(([, id]) => keyById.has(id));
    for (const chunk of chunksOf(known))
      await db.query(INSERT_OCCASIONS, [chunk.map(([key]) => key), chunk.map(([, id]) => keyById.get(id))]);
    const held = new Set<string>();
    for (const chunk of chunksOf([...keyById.values()])) {
      const rows = await db.query<{ dedup_key: string }>(
        'select dedup_key from findings where dedup_key = any($1::text[])',
        [chunk],
      );
      for (const row of rows) held.add(row.dedup_key);
    }
    return { read: findings.length, stored: findings.filter((f) => held.has(keyOf(f))).length, added };
  },
};
