/**
 * The outbox (上报队列) carried from a data directory's bureau-outbox.jsonl into the store's database: every lead
 * as it stands (an id kept without its lead as acknowledged), and each month's self-check summary. A lead or
 * month the database already holds is left as it is there (the live outbox may have moved it on).
 */
import type { SqlDb } from '../../sql/db.js';
import { readOutboxFile } from '../files/outbox-file.js';
import { insertAckedId, insertLeadEntry, insertSummary } from '../outbox.js';
import { realFs } from '../store-fs.js';
import type { KindCount, MigrationKind } from './kind.js';

export const outboxKind: MigrationKind = {
  name: 'outbox',
  label: '上报队列',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const file = await readOutboxFile(fromDir, realFs);
    const leadIds = [...file.entries.map((e) => e.lead.id), ...file.ackedIds];
    const months = file.summaries.map((e) => e.report.month);
    const added = await db.transaction(async (tx) => {
      let count = 0;
      for (const entry of file.entries) if (await insertLeadEntry(tx, entry)) count++;
      for (const id of file.ackedIds) if (await insertAckedId(tx, id)) count++;
      for (const entry of file.summaries) if (await insertSummary(tx, entry)) count++;
      return count;
    });
    const [held] = await db.query<{ n: number }>(
      `select ((select count(*) from outbox_leads where id = any($1))
        + (select count(*) from outbox_summaries where month = any($2)))::int as n`,
      [leadIds, months],
    );
    return { read: leadIds.length + months.length, stored: held?.n ?? 0, added };
  },
};
