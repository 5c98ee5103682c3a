/**
 * `store migrate`'s documents (机器人文档): every `<name>.json` the old store kept (chat-stats, chat-budget,
 * ledger; chat-pending and batch-jobs go into tables of their own, see pending.ts and batch-jobs.ts) into the
 * document of that name, carried as it is (its version with it: the document's own migrations apply when it is
 * read). A document the database already holds is left as it is and counts as stored only when it equals the
 * file, so a bot that already wrote another one stops the migration. Counts are documents.
 */
import type { SqlDb } from '../../sql/db.js';
import { readDocumentFiles } from '../files/document-files.js';
import { carryEach } from './carry-each.js';
import type { KindCount, MigrationKind } from './kind.js';

export const documentsKind: MigrationKind = {
  name: 'documents',
  label: '机器人文档',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const files = await readDocumentFiles(fromDir);
    return carryEach(files, files.length, async (file) => {
      const params = [file.name, file.version, JSON.stringify(file.data)];
      const inserted = await db.query(
        `insert into documents (name, version, data) values ($1, $2, $3::json)
         on conflict (name) do nothing returning name`,
        params,
      );
      const same = await db.query(
        'select 1 from documents where name = $1 and version = $2 and data::jsonb = $3::jsonb',
        params,
      );
      return { added: inserted.length, stored: same.length };
    });
  },
};
