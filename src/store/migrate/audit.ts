/**
 * `store migrate`: the audit trail of audit.1.jsonl and audit.jsonl (or an audit.json of the previous layout)
 * into the `audit_entries` table, oldest first. An entry has no id of its own: it is known again by its text and
 * how many identical entries came before it (`import_key`), so a second run adds nothing.
 */
import { createHash } from 'node:crypto';
import type { SqlDb } from '../../sql/db.js';
import { readAuditFiles } from '../files/audit-files.js';
import { realFs } from '../store-fs.js';
import { chunksOf } from './chunks.js';
import type { KindCount, MigrationKind } from './kind.js';

const INSERT_ENTRIES = `insert into audit_entries (at, import_key, entry)
  select t.at::timestamptz, t.import_key, t.entry::json
  from unnest($1::text[], $2::text[], $3::text[]) with ordinality as t(at, import_key, entry, ord)
  order by t.ord
  on conflict (import_key) do nothing
  returning seq`;

export const auditKind: MigrationKind = {
  name: 'audit',
  label: '审计记录',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const seen = new Map<string, number>();
    const entries = (await readAuditFiles(fromDir, realFs)).map((entry) => {
      const text = JSON.stringify(entry);
      const hash = createHash('sha256').update(text).digest('hex');
      const nth = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, nth);
      return { at: entry.at, key: `${hash}#${nth}`, text };
    });
    let added = 0;
    let stored = 0;
    for (const chunk of chunksOf(entries)) {
      const keys = chunk.map((e) => e.key);
      const rows = await db.query(INSERT_ENTRIES, [chunk.map((e) => e.at), keys, chunk.map((e) => e.text)]);
      added += rows.length;
    }
    for (const chunk of chunksOf(entries)) {
      const [row] = await db.query<{ n: number }>(
        'select count(*)::int as n from audit_entries where import_key = any($1::text[])',
        [chunk.map((e) => e.key)],
      );
      stored += row?.n ?? 0;
    }
    return { read: entries.length, stored, added };
  },
};
