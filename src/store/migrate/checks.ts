/**
 * `store migrate`: the check tally of checks.jsonl into the `checks` table, each day, enterprise and person's
 * latest result. A row the table already holds (the bot counted that person that day since) is left as it is.
 */
import type { SqlDb } from '../../sql/db.js';
import { checkColumns, INSERT_CHECKS } from '../check-tally.js';
import { readChecksFile } from '../files/checks-files.js';
import { realFs } from '../store-fs.js';
import { chunksOf } from './chunks.js';
import type { KindCount, MigrationKind } from './kind.js';

export const checksKind: MigrationKind = {
  name: 'checks',
  label: '核验记录',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const entries = await readChecksFile(fromDir, realFs);
    let added = 0;
    let stored = 0;
    for (const chunk of chunksOf(entries)) {
      const rows = await db.query(
        `${INSERT_CHECKS} on conflict do nothing returning day`,
        checkColumns(chunk),
      );
      added += rows.length;
    }
    for (const chunk of chunksOf(entries)) {
      const [day, enterprise, idNumber] = checkColumns(chunk);
      const [row] = await db.query<{ n: number }>(
        `select count(*)::int as n from unnest($1::text[], $2::text[], $3::text[]) as k(day, enterprise, id_number)
         join checks using (day, enterprise, id_number)`,
        [day, enterprise, idNumber],
      );
      stored += row?.n ?? 0;
    }
    return { read: entries.length, stored, added };
  },
};
